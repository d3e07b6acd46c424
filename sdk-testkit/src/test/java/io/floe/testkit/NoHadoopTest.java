package io.floe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.ChangelogScan;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import io.floe.impl.write.DeleteFiles;
import io.floe.impl.write.TableFileWriter;
import io.floe.parquet.ArrowBatches;
import io.floe.parquet.write.ArrowAppend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.FanoutPositionOnlyDeleteWriter;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.ContentFileUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the SDK does on a local warehouse, with no Hadoop class on the class path: the pom runs this
 * class alone in a Surefire execution that leaves every {@code org.apache.hadoop} artifact out.
 * Every step must work: writes, Arrow and row scans with position, equality and deletion-vector
 * deletes, upserts and deletes in both modes, incremental and changelog scans, maintenance and the
 * test kit's assertions. Issue 17's first round left row reads, upserts, compaction and delete-file
 * loading on Iceberg's generic Parquet reader, which needs Hadoop; each step still runs on its own,
 * so a failure lists every step that failed.
 */
class NoHadoopTest {
  @TempDir Path warehouse;
  private Floe floe;
  private BufferAllocator allocator;
  private final List<String> failures = new ArrayList<>();

  @BeforeEach
  void open() {
    floe = Floe.local(warehouse);
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    floe.close();
    allocator.close();
  }

  @Test
  void hadoopIsNotOnTheClassPath() {
    assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "snappy", "gzip", "lz4", "uncompressed"})
  void appendsAndScansInEveryCodec(String codec) {
    FloeTable table =
        floe.createTable("db.codec_" + codec)
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .partitionBy(p -> p.identity("v"))
            .bloomFilter("id")
            .property("write.parquet.compression-codec", codec)
            .create();
    Map<Long, String> expected = new TreeMap<>();
    step("append rows", () -> table.newAppend().rows(rows(0, 99, "a")).commit());
    put(expected, 0, 99, "a");
    step("append Arrow", () -> arrowAppend(table, 100, 4));
    put(expected, 100, 103, "arrow");
    step("Arrow scan", () -> assertThat(arrow(table)).isEqualTo(expected));
    step(
        "Arrow point lookup",
        () -> assertThat(arrow(table, Expressions.equal("id", 42L))).isEqualTo(Map.of(42L, "a")));
    step("row scan", () -> assertThat(rows(table)).isEqualTo(expected));
    step(
        "row point lookup",
        () ->
            assertThat(rows(table, Expressions.equal("id", 101L)))
                .isEqualTo(Map.of(101L, "arrow")));
    assertThat(failures).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void upsertsDeletesAndMaintenance(int formatVersion) {
    FloeTable table =
        floe.createTable("db.v" + formatVersion)
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .formatVersion(formatVersion)
            .create();
    Map<Long, String> expected = new TreeMap<>();
    table.newAppend().rows(rows(100, 109, "a")).commit();
    put(expected, 100, 109, "a");
    long first = table.currentSnapshot().orElseThrow().snapshotId();
    for (int i = 0; i < 3; i++) {
      table.newAppend().rows(rows(i * 10, i * 10 + 9, "a")).commit();
      put(expected, i * 10, i * 10 + 9, "a");
    }
    long third = table.currentSnapshot().orElseThrow().snapshotId();
    table.newAppend().rows(rows(30, 39, "a")).commit();
    put(expected, 30, 39, "a");
    if (formatVersion == 2) {
      step("position delete files", () -> deletePositions(table, first, expected));
      step("Arrow scan of position deletes", () -> assertThat(arrow(table)).isEqualTo(expected));
      step("row scan of position deletes", () -> assertThat(rows(table)).isEqualTo(expected));
    }
    step(
        "merge-on-read upsert",
        () -> {
          table.newUpsert().key("id").mode(WriteMode.MERGE_ON_READ).rows(rows(5, 14, "b")).commit();
          put(expected, 5, 14, "b");
        });
    step(
        "copy-on-write upsert",
        () -> {
          table
              .newUpsert()
              .key("id")
              .mode(WriteMode.COPY_ON_WRITE)
              .rows(rows(20, 22, "c"))
              .commit();
          put(expected, 20, 22, "c");
        });
    step(
        "merge-on-read delete",
        () -> {
          table
              .newDelete()
              .where(Expressions.equal("id", 30L))
              .mode(WriteMode.MERGE_ON_READ)
              .commit();
          expected.remove(30L);
        });
    step(
        "copy-on-write delete",
        () -> {
          table
              .newDelete()
              .where(Expressions.in("id", 7L, 31L))
              .mode(WriteMode.COPY_ON_WRITE)
              .commit();
          expected.remove(7L);
          expected.remove(31L);
        });
    step("Arrow scan", () -> assertThat(arrow(table.refresh())).isEqualTo(expected));
    step("row scan", () -> assertThat(rows(table.refresh())).isEqualTo(expected));
    step(
        "row point lookup",
        () -> assertThat(rows(table, Expressions.equal("id", 12L))).isEqualTo(Map.of(12L, "b")));
    step(
        "incremental scan",
        () ->
            assertThat(table.newIncrementalScan().fromSnapshotExclusive(third).rows().toList())
                .hasSize(10));
    step("test kit assertions", () -> assertThatTable(table, expected));
    step(
        "rewrite position deletes",
        () -> table.maintenance().rewritePositionDeletes().rewriteAll().execute());
    step("Arrow scan after", () -> assertThat(arrow(table.refresh())).isEqualTo(expected));
    step("compaction", () -> table.maintenance().rewriteDataFiles().rewriteAll().execute());
    step("Arrow scan compacted", () -> assertThat(arrow(table.refresh())).isEqualTo(expected));
    step("row scan compacted", () -> assertThat(rows(table.refresh())).isEqualTo(expected));
    step("rewrite manifests", () -> table.maintenance().rewriteManifests().execute());
    step(
        "expire snapshots",
        () ->
            table.maintenance().expireSnapshots().olderThan(Instant.now()).retainLast(1).execute());
    step(
        "remove orphan files",
        () ->
            table
                .maintenance()
                .removeOrphanFiles()
                .unsafeOlderThan(Instant.now().plusSeconds(60))
                .execute());
    step("Arrow scan at the end", () -> assertThat(arrow(table.refresh())).isEqualTo(expected));
    step("row scan at the end", () -> assertThat(rows(table.refresh())).isEqualTo(expected));
    step("test kit assertions at the end", () -> assertThatTable(table, expected));
    step("health", () -> assertThat(table.health()).isNotNull());
    assertThat(failures).isEmpty();
  }

  @Test
  void equalityDeletes() {
    FloeTable table =
        floe.createTable("db.eq")
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .formatVersion(2)
            .create();
    Map<Long, String> expected = new TreeMap<>();
    table.newAppend().rows(rows(0, 9, "a")).commit();
    table.newAppend().rows(rows(10, 19, "a")).commit();
    put(expected, 0, 19, "a");
    step(
        "equality delete file",
        () -> {
          Table iceberg = Internals.icebergTable(table);
          Schema ids = iceberg.schema().select("id");
          List<Record> deletes = new ArrayList<>();
          for (long id : new long[] {3, 15}) {
            Record r = GenericRecord.create(ids);
            r.setField("id", id);
            deletes.add(r);
          }
          iceberg.newRowDelta().addDeletes(DeleteFiles.equality(iceberg, ids, deletes)).commit();
          expected.remove(3L);
          expected.remove(15L);
        });
    long deleted = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    step("Arrow scan", () -> assertThat(arrow(table.refresh())).isEqualTo(expected));
    step("row scan", () -> assertThat(rows(table.refresh())).isEqualTo(expected));
    step(
        "row scan of the deleted key",
        () -> assertThat(rows(table, Expressions.equal("id", 3L))).isEmpty());
    step("test kit assertions", () -> assertThatTable(table, expected));
    step(
        "merge-on-read upsert",
        () -> {
          table.newUpsert().key("id").mode(WriteMode.MERGE_ON_READ).rows(rows(4, 6, "b")).commit();
          put(expected, 4, 6, "b");
        });
    step(
        "copy-on-write delete",
        () -> {
          table
              .newDelete()
              .where(Expressions.equal("id", 16L))
              .mode(WriteMode.COPY_ON_WRITE)
              .commit();
          expected.remove(16L);
        });
    step(
        "changelog",
        () ->
            assertThat(changes(table.refresh(), deleted))
                .containsExactlyInAnyOrder(
                    "DELETE 4 a",
                    "DELETE 5 a",
                    "DELETE 6 a",
                    "INSERT 4 b",
                    "INSERT 5 b",
                    "INSERT 6 b",
                    "DELETE 16 a"));
    step("compaction", () -> table.maintenance().rewriteDataFiles().rewriteAll().execute());
    step("row scan compacted", () -> assertThat(rows(table.refresh())).isEqualTo(expected));
    step("test kit assertions at the end", () -> assertThatTable(table, expected));
    assertThat(failures).isEmpty();
  }

  @Test
  void positionDeletesOfSeveralFiles() {
    FloeTable table =
        floe.createTable("db.pos")
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .formatVersion(2)
            .create();
    Map<Long, String> expected = new TreeMap<>();
    table.newAppend().rows(rows(0, 9, "a")).commit();
    table.newAppend().rows(rows(10, 19, "a")).commit();
    put(expected, 0, 19, "a");
    Table iceberg = Internals.icebergTable(table);
    step(
        "position delete file naming two data files",
        () -> {
          iceberg.refresh();
          SortedMap<String, long[]> positions = new TreeMap<>();
          for (DataFile file : iceberg.currentSnapshot().addedDataFiles(iceberg.io())) {
            positions.put(file.location(), new long[] {0});
          }
          for (DataFile file :
              iceberg.snapshot(iceberg.currentSnapshot().parentId()).addedDataFiles(iceberg.io())) {
            positions.put(file.location(), new long[] {0});
          }
          DeleteFile delete = DeleteFiles.positions(iceberg, positions);
          assertThat(ContentFileUtil.referencedDataFileLocation(delete)).isNull();
          iceberg.newRowDelta().addDeletes(delete).commit();
          expected.remove(0L);
          expected.remove(10L);
        });
    step("Arrow scan", () -> assertThat(arrow(table.refresh())).isEqualTo(expected));
    step("row scan", () -> assertThat(rows(table.refresh())).isEqualTo(expected));
    step("test kit assertions", () -> assertThatTable(table, expected));
    step(
        "copy-on-write delete of both files (drops the delete file)",
        () -> {
          table
              .newDelete()
              .where(Expressions.in("id", 5L, 15L))
              .mode(WriteMode.COPY_ON_WRITE)
              .commit();
          expected.remove(5L);
          expected.remove(15L);
          iceberg.refresh();
          assertThat(iceberg.currentSnapshot().summary()).containsEntry("total-delete-files", "0");
        });
    step("row scan after", () -> assertThat(rows(table.refresh())).isEqualTo(expected));
    assertThat(failures).isEmpty();
  }

  @Test
  void changelogOfUpsertsAndDeletes() {
    FloeTable table =
        floe.createTable("db.changes")
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .create();
    table.newAppend().rows(rows(0, 9, "a")).commit();
    long start = table.currentSnapshot().orElseThrow().snapshotId();
    step(
        "merge-on-read upsert",
        () ->
            table
                .newUpsert()
                .key("id")
                .mode(WriteMode.MERGE_ON_READ)
                .rows(rows(5, 6, "b"))
                .commit());
    step(
        "merge-on-read delete",
        () ->
            table
                .newDelete()
                .where(Expressions.equal("id", 1L))
                .mode(WriteMode.MERGE_ON_READ)
                .commit());
    table.newAppend().rows(rows(10, 11, "c")).commit();
    step(
        "changelog",
        () ->
            assertThat(changes(table.refresh(), start))
                .containsExactlyInAnyOrder(
                    "DELETE 5 a",
                    "DELETE 6 a",
                    "INSERT 5 b",
                    "INSERT 6 b",
                    "DELETE 1 a",
                    "INSERT 10 c",
                    "INSERT 11 c"));
    step(
        "incremental scan (appends only)",
        () ->
            assertThat(
                    table.newIncrementalScan().fromSnapshotExclusive(start).rows().toList().stream()
                        .map(r -> r.get("id") + " " + r.get("v"))
                        .toList())
                .containsExactlyInAnyOrder("10 c", "11 c"));
    assertThat(failures).isEmpty();
  }

  @Test
  void addsExistingParquetFiles() throws IOException {
    FloeTable source =
        floe.createTable("db.source")
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .create();
    source.newAppend().rows(rows(0, 9, "x")).commit();
    Path file;
    try (Stream<Path> files = Files.walk(warehouse)) {
      file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path copy = warehouse.resolve("outside").resolve("copy.parquet");
    Files.createDirectories(copy.getParent());
    Files.copy(file, copy);
    FloeTable target =
        floe.createTable("db.target")
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .create();
    step("add files", () -> target.addFiles().file(copy.toUri().toString()).commit());
    Map<Long, String> expected = new TreeMap<>();
    put(expected, 0, 9, "x");
    step("Arrow scan", () -> assertThat(arrow(target.refresh())).isEqualTo(expected));
    assertThat(failures).isEmpty();
  }

  /** Runs one step; a failure is kept (with where it happened) and the next step runs. */
  private void step(String name, Runnable step) {
    Throwable failure = run(step);
    if (failure != null) {
      failures.add(describe(name, failure));
    }
  }

  private static Throwable run(Runnable step) {
    try {
      step.run();
      return null;
    } catch (RuntimeException | LinkageError | AssertionError e) {
      Throwable root = e;
      while (root.getCause() != null && !(root instanceof LinkageError)) {
        root = root.getCause();
      }
      return root instanceof LinkageError ? root : e;
    }
  }

  private static String describe(String name, Throwable failure) {
    for (StackTraceElement frame : failure.getStackTrace()) {
      if (frame.getClassName().startsWith("io.floe.")) {
        return name + ": " + failure + " at " + frame;
      }
    }
    StackTraceElement[] frames = failure.getStackTrace();
    return name
        + ": "
        + failure
        + " at "
        + java.util.Arrays.asList(frames).subList(0, Math.min(12, frames.length));
  }

  private void arrowAppend(FloeTable table, long from, int count) {
    try (VectorSchemaRoot root =
            VectorSchemaRoot.of(
                new BigIntVector("id", allocator), new VarCharVector("v", allocator));
        ArrowAppend append = ArrowAppend.to(table)) {
      BigIntVector id = (BigIntVector) root.getVector(0);
      VarCharVector v = (VarCharVector) root.getVector(1);
      for (int i = 0; i < count; i++) {
        id.setSafe(i, from + i);
        v.setSafe(i, "arrow".getBytes(StandardCharsets.UTF_8));
      }
      root.setRowCount(count);
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

  private static Map<Long, String> rows(FloeTable table) {
    return rows(table, Expressions.alwaysTrue());
  }

  private static Map<Long, String> rows(FloeTable table, Expression filter) {
    Map<Long, String> out = new TreeMap<>();
    for (Row row : table.newScan().where(filter).rows().toList()) {
      assertThat(out.put((Long) row.get("id"), (String) row.get("v"))).as("duplicate").isNull();
    }
    return out;
  }

  /** The changes after a snapshot as "TYPE id v". */
  private static List<String> changes(FloeTable table, long after) {
    return table.newChangelogScan().fromSnapshotExclusive(after).rows().toList().stream()
        .map(r -> r.get(ChangelogScan.CHANGE_TYPE) + " " + r.get("id") + " " + r.get("v"))
        .toList();
  }

  /** The test kit's assertions on a table holding the expected rows. */
  private static void assertThatTable(FloeTable table, Map<Long, String> expected) {
    List<Map<String, ?>> rows = new ArrayList<>();
    expected.forEach((id, v) -> rows.add(Map.of("id", id, "v", v)));
    FloeAssertions.assertThat(table.refresh())
        .hasRowCount(expected.size())
        .containsExactlyRows(rows)
        .isConsistentWithIcebergReader()
        .hasNoOrphanFiles();
  }

  /**
   * Deletes the first two rows (ids 100 and 101) of the file the snapshot added, with Floe's
   * position delete writer, committed through Iceberg.
   */
  private static void deletePositions(FloeTable floeTable, long snapshot, Map<Long, String> model) {
    Table table = Internals.icebergTable(floeTable);
    table.refresh();
    DataFile file = table.snapshot(snapshot).addedDataFiles(table.io()).iterator().next();
    FanoutPositionOnlyDeleteWriter<Record> writer =
        TableFileWriter.positionDeletes(table, path -> null);
    PositionDelete<Record> delete = PositionDelete.create();
    try (writer) {
      for (long pos = 0; pos < 2; pos++) {
        writer.write(delete.set(file.location(), pos), table.spec(), file.partition());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RowDelta delta = table.newRowDelta();
    writer.result().deleteFiles().forEach(delta::addDeletes);
    delta.commit();
    model.remove(100L);
    model.remove(101L);
  }

  private Map<Long, String> arrow(FloeTable table) {
    return arrow(table, Expressions.alwaysTrue());
  }

  private Map<Long, String> arrow(FloeTable table, Expression filter) {
    Map<Long, String> out = new TreeMap<>();
    try (ArrowBatches batches =
        table.newScan().where(filter).arrow(ArrowBatches.class, allocator)) {
      while (batches.hasNext()) {
        VectorSchemaRoot batch = batches.next();
        BigIntVector id = (BigIntVector) batch.getVector("id");
        VarCharVector v = (VarCharVector) batch.getVector("v");
        for (int i = 0; i < batch.getRowCount(); i++) {
          String value = v.isNull(i) ? null : new String(v.get(i), StandardCharsets.UTF_8);
          assertThat(out.put(id.get(i), value)).as("duplicate").isNull();
        }
      }
    }
    return out;
  }
}
