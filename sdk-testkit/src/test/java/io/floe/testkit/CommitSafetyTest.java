package io.floe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.floe.CommitState;
import io.floe.CommitStateUnknownException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.WriteMode;
import io.floe.impl.io.LocalFileIO;
import io.floe.impl.spi.Internals;
import io.floe.parquet.write.ArrowAppend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Commits whose catalog answer is lost, injected at the real JDBC boundary ({@link FaultyJdbc})
 * under the stack {@code Floe.local} opens (SQLite catalog, caching catalog, scheme and caching
 * file IO): every operation that commits, with the update applied and then the connection broken,
 * the acknowledgement lost (the client pool's retry then sees a lost compare-and-swap) or an
 * unknown SQL state. Each must end as a success, with the table loadable from a fresh Floe, every
 * committed row readable and every file it refers to present.
 */
class CommitSafetyTest {
  @TempDir Path tmp;
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  /** One operation that commits, and what it does to the rows (id to value). */
  record Op(String name, Consumer<FloeTable> run, Consumer<Map<Long, String>> model) {
    @Override
    public String toString() {
      return name;
    }
  }

  private Op[] ops() {
    return new Op[] {
      new Op(
          "append", t -> t.newAppend().rows(rows(10, 13, "n")).commit(), m -> put(m, 10, 13, "n")),
      new Op("arrow append", this::arrowAppend, m -> put(m, 100, 103, "arrow")),
      new Op(
          "overwrite",
          t ->
              t.newOverwrite()
                  .where(Expressions.lessThan("id", 3L))
                  .rows(rows(200, 202, "o"))
                  .commit(),
          m -> {
            m.keySet().removeIf(id -> id < 3);
            put(m, 200, 202, "o");
          }),
      new Op(
          "delete",
          t -> t.newDelete().where(Expressions.lessThan("id", 3L)).commit(),
          m -> m.keySet().removeIf(id -> id < 3)),
      new Op(
          "upsert",
          t -> t.newUpsert().key("id").rows(rows(0, 2, "u")).commit(),
          m -> put(m, 0, 2, "u")),
      new Op("compaction", t -> t.maintenance().rewriteDataFiles().rewriteAll().execute(), m -> {}),
      new Op("rewrite manifests", t -> t.maintenance().rewriteManifests().execute(), m -> {}),
      new Op(
          "expire snapshots",
          t ->
              t.maintenance()
                  .expireSnapshots()
                  .expireSnapshot(t.snapshots().get(0).snapshotId())
                  .execute(),
          m -> {}),
    };
  }

  static Stream<Arguments> landedFaults() {
    List<Arguments> out = new ArrayList<>();
    for (int op = 0; op < 8; op++) {
      for (FaultyJdbc.Fault fault :
          List.of(
              FaultyJdbc.Fault.APPLY_THEN_DISCONNECT,
              FaultyJdbc.Fault.LOST_ACK,
              FaultyJdbc.Fault.APPLY_THEN_UNKNOWN_STATE)) {
        out.add(Arguments.of(op, fault));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("landedFaults")
  void aCommitThatLandedSucceedsAndLosesNothing(int opIndex, FaultyJdbc.Fault fault)
      throws IOException {
    Op op = ops()[opIndex];
    Path wh = tmp.resolve("wh");
    String real = "jdbc:sqlite:" + wh.resolve("catalog.db");
    FaultyJdbc jdbc = FaultyJdbc.wrap(real);
    Map<Long, String> model = new TreeMap<>();
    try (Floe floe = open(wh, jdbc.url())) {
      FloeTable table = seed(floe, model);
      jdbc.failNextCommit(fault);
      op.run().accept(table);
      assertThat(jdbc.injected()).as("the fault hit a commit of " + op).isEqualTo(1);
      op.model().accept(model);
      assertThat(read(table)).isEqualTo(model);
    }
    assertIntact(wh, real, model);
  }

  @Test
  void aCommitThatDidNotLandThrowsStateUnknownWithItsIdAndKeepsItsFiles() throws IOException {
    Path wh = tmp.resolve("wh");
    String real = "jdbc:sqlite:" + wh.resolve("catalog.db");
    FaultyJdbc jdbc = FaultyJdbc.wrap(real);
    Map<Long, String> model = new TreeMap<>();
    try (Floe floe = open(wh, jdbc.url())) {
      FloeTable table = seed(floe, model);
      long filesBefore = dataFiles(wh);
      jdbc.failNextCommit(FaultyJdbc.Fault.DISCONNECT_BEFORE_APPLY);
      Throwable thrown = catchThrowable(() -> table.newAppend().rows(rows(10, 13, "n")).commit());
      assertThat(thrown)
          .isInstanceOf(CommitStateUnknownException.class)
          .hasMessageContaining("db.t")
          .hasMessageContaining("commitState");
      String commitId = ((CommitStateUnknownException) thrown).commitId().orElseThrow();
      assertThat(thrown.getMessage()).contains(commitId);
      assertThat(table.commitState(commitId)).isEqualTo(CommitState.NOT_FOUND);
      assertThat(dataFiles(wh)).as("the attempt's data file is kept").isEqualTo(filesBefore + 1);
      assertThat(read(table)).isEqualTo(model);
      // the answer to the caller: it did not land, so the rows are written again
      table.newAppend().rows(rows(10, 13, "n")).commit();
      put(model, 10, 13, "n");
      String landed = table.currentSnapshot().orElseThrow().summary().get("floe.commit-id");
      assertThat(table.commitState(landed)).isEqualTo(CommitState.LANDED);
    }
    assertIntact(wh, real, model);
  }

  @Test
  void closingAWriteWhoseCommitStateIsUnknownKeepsItsFiles() throws IOException {
    Path wh = tmp.resolve("wh");
    FaultyJdbc jdbc = FaultyJdbc.wrap("jdbc:sqlite:" + wh.resolve("catalog.db"));
    Map<Long, String> model = new TreeMap<>();
    try (Floe floe = open(wh, jdbc.url())) {
      FloeTable table = seed(floe, model);
      long filesBefore = dataFiles(wh);
      jdbc.failNextCommit(FaultyJdbc.Fault.DISCONNECT_BEFORE_APPLY);
      try (io.floe.Append append = table.newAppend().rows(rows(10, 13, "n"))) {
        assertThatThrownBy(append::commit).isInstanceOf(CommitStateUnknownException.class);
      }
      assertThat(dataFiles(wh))
          .as("the append's data file is kept after close")
          .isEqualTo(filesBefore + 1);
      jdbc.failNextCommit(FaultyJdbc.Fault.DISCONNECT_BEFORE_APPLY);
      assertThatThrownBy(() -> arrowAppend(table)).isInstanceOf(CommitStateUnknownException.class);
      assertThat(dataFiles(wh))
          .as("the Arrow append's data file is kept after close")
          .isEqualTo(filesBefore + 2);
      assertThat(read(table)).isEqualTo(model);
    }
  }

  /**
   * A metadata-only commit (no snapshot to look for) whose acknowledgement is lost: the catalog
   * reports a lost compare-and-swap, and only the metadata file the attempt wrote, which the
   * table's file IO reports to the commit guard, shows that it landed. Had the guard missed it,
   * Iceberg would retry the update on the table that already holds it, and the caller would be told
   * that the column it just added exists.
   */
  @Test
  void aLandedMetadataUpdateWithALostAcknowledgementIsCommittedOnce() throws IOException {
    Path wh = tmp.resolve("wh");
    FaultyJdbc jdbc = FaultyJdbc.wrap("jdbc:sqlite:" + wh.resolve("catalog.db"));
    try (Floe floe = open(wh, jdbc.url())) {
      FloeTable table = seed(floe, new TreeMap<>());
      long before = metadataFiles(wh);
      jdbc.failNextCommit(FaultyJdbc.Fault.LOST_ACK);
      io.floe.UpdateResult result =
          table.updateSchema().addColumn("extra", Types.StringType.get()).commit();
      assertThat(jdbc.injected()).isEqualTo(1);
      assertThat(result.schema().findField("extra")).isNotNull();
      assertThat(metadataFiles(wh))
          .as("one metadata file: the update was committed once")
          .isEqualTo(before + 1);
      assertThat(table.refresh().schema().findField("extra")).isNotNull();
    }
  }

  private static long metadataFiles(Path wh) throws IOException {
    try (Stream<Path> files = Files.walk(wh)) {
      return files.filter(p -> p.toString().endsWith(".metadata.json")).count();
    }
  }

  private static Floe open(Path wh, String uri) {
    return Floe.open("local", Map.of("type", "local", "warehouse", wh.toString(), "uri", uri));
  }

  /** Five appends (five files to compact), then two merge-on-read upserts. */
  private static FloeTable seed(Floe floe, Map<Long, String> model) {
    FloeTable table =
        floe.createTable("db.t")
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .formatVersion(2)
            .create();
    for (int i = 0; i < 5; i++) {
      table.newAppend().rows(rows(i * 2, i * 2 + 1, "a")).commit();
      put(model, i * 2, i * 2 + 1, "a");
    }
    table.newUpsert().key("id").mode(WriteMode.MERGE_ON_READ).rows(rows(8, 8, "b")).commit();
    table.newUpsert().key("id").mode(WriteMode.MERGE_ON_READ).rows(rows(9, 9, "b")).commit();
    put(model, 8, 9, "b");
    return table;
  }

  private void arrowAppend(FloeTable table) {
    try (VectorSchemaRoot root =
            VectorSchemaRoot.of(
                new BigIntVector("id", allocator), new VarCharVector("v", allocator));
        ArrowAppend append = ArrowAppend.to(table)) {
      BigIntVector id = (BigIntVector) root.getVector(0);
      VarCharVector v = (VarCharVector) root.getVector(1);
      for (int i = 0; i < 4; i++) {
        id.setSafe(i, 100 + i);
        v.setSafe(i, "arrow".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      root.setRowCount(4);
      append.batch(root);
      append.commit();
    }
  }

  private static List<Map<String, ?>> rows(long from, long to, String value) {
    List<Map<String, ?>> rows = new ArrayList<>();
    for (long id = from; id <= to; id++) {
      rows.add(Map.of("id", id, "v", value));
    }
    return rows;
  }

  private static void put(Map<Long, String> model, long from, long to, String value) {
    for (long id = from; id <= to; id++) {
      model.put(id, value);
    }
  }

  private static Map<Long, String> read(FloeTable table) throws IOException {
    Map<Long, String> out = new TreeMap<>();
    try (CloseableIterable<Row> rows = table.refresh().newScan().rows()) {
      for (Row row : rows) {
        assertThat(out.put((Long) row.get("id"), (String) row.get("v")))
            .as("duplicate id")
            .isNull();
      }
    }
    return out;
  }

  private static long dataFiles(Path wh) throws IOException {
    try (Stream<Path> files = Files.walk(wh)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  /** A fresh Floe on the real catalog loads the table, reads every row, and finds every file. */
  private static void assertIntact(Path wh, String uri, Map<Long, String> model)
      throws IOException {
    try (Floe fresh = open(wh, uri)) {
      FloeTable table = fresh.loadTable("db.t");
      assertThat(read(table)).isEqualTo(model);
      Table iceberg = Internals.icebergTable(table);
      try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          assertThat(LocalFileIO.toPath(task.file().location())).exists();
          task.deletes().forEach(d -> assertThat(LocalFileIO.toPath(d.location())).exists());
        }
      }
      assertThat(
              LocalFileIO.toPath(
                  ((org.apache.iceberg.HasTableOperations) iceberg)
                      .operations()
                      .current()
                      .metadataFileLocation()))
          .exists();
    }
  }
}
