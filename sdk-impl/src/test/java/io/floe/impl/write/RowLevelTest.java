package io.floe.impl.write;

import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.ChangeResult;
import io.floe.CommitConflictException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.WriteMode;
import io.floe.impl.TestFloes;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Row-level changes (delete, overwrite, upsert) in both write modes and format versions, each
 * checked row for row against Iceberg's own generic reader with deletes applied.
 */
class RowLevelTest {
  @TempDir static Path tmp;

  static Stream<Arguments> modes() {
    return Stream.of(
        Arguments.of(WriteMode.COPY_ON_WRITE, 2),
        Arguments.of(WriteMode.MERGE_ON_READ, 2),
        Arguments.of(WriteMode.MERGE_ON_READ, 3));
  }

  private static Floe open() throws IOException {
    return TestFloes.local(tmp);
  }

  private static FloeTable table(Floe floe, String name, int formatVersion, boolean partitioned) {
    var creator =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("category", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .formatVersion(formatVersion);
    if (partitioned) {
      creator.partitionBy(p -> p.identity("category"));
    }
    return creator.create();
  }

  private static Map<String, Object> row(long id, String category, double value) {
    return TestFloes.row("id", id, "category", category, "value", value);
  }

  private static List<Map<String, Object>> rows(long from, long to, double value) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(row(id, "c" + (id % 3), value));
    }
    return rows;
  }

  /**
   * The table read by Iceberg's generic reader: id to (category, value); fails on duplicate ids.
   */
  private static TreeMap<Long, List<Object>> read(FloeTable table) throws IOException {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    TreeMap<Long, List<Object>> out = new TreeMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(iceberg).build()) {
      for (Record r : records) {
        List<Object> previous =
            out.put((Long) r.getField("id"), List.of(r.getField("category"), r.getField("value")));
        assertThat(previous).as("duplicate id %s", r.getField("id")).isNull();
      }
    }
    return out;
  }

  private static TreeMap<Long, List<Object>> expected(long from, long to, double value) {
    TreeMap<Long, List<Object>> out = new TreeMap<>();
    for (long id = from; id < to; id++) {
      out.put(id, List.of("c" + (id % 3), value));
    }
    return out;
  }

  private static long liveDeleteFiles(FloeTable table) throws IOException {
    Table iceberg = Internals.icebergTable(table);
    long count = 0;
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
      count =
          java.util.stream.StreamSupport.stream(tasks.spliterator(), false)
              .flatMap(t -> t.deletes().stream())
              .map(d -> d.location())
              .distinct()
              .count();
    }
    return count;
  }

  @ParameterizedTest
  @MethodSource("modes")
  void deleteRewritesOrMarksOnlyTheAffectedFiles(WriteMode mode, int version) throws IOException {
    try (Floe floe = open()) {
      FloeTable table = table(floe, "db.del", version, false);
      table.newAppend().rows(rows(0, 100, 1.0)).commit();
      table.newAppend().rows(rows(100, 200, 1.0)).commit();

      ChangeResult result = table.newDelete().where(lessThan("id", 30L)).mode(mode).commit();

      TreeMap<Long, List<Object>> expected = expected(30, 200, 1.0);
      assertThat(read(table)).isEqualTo(expected);
      assertThat(result.deletedRows()).isEqualTo(30);
      assertThat(result.insertedRows()).isZero();
      assertThat(result.attempts()).isEqualTo(1);
      if (mode == WriteMode.COPY_ON_WRITE) {
        assertThat(result.removedDataFiles()).as("only the first file is rewritten").isEqualTo(1);
        assertThat(result.addedDataFiles()).isEqualTo(1);
        assertThat(result.addedDeleteFiles()).isZero();
      } else {
        assertThat(result.removedDataFiles()).isZero();
        assertThat(result.addedDeleteFiles()).isEqualTo(1);
        Snapshot snapshot = table.snapshot(result.snapshotId()).orElseThrow();
        assertThat(snapshot.summary())
            .containsKey(version >= 3 ? "added-dvs" : "added-position-delete-files");
      }

      // a second delete in the same file merges with the earlier deletes (one delete file per data
      // file)
      ChangeResult second = table.newDelete().where(equal("id", 50L)).mode(mode).commit();
      expected.remove(50L);
      assertThat(read(table)).isEqualTo(expected);
      assertThat(second.deletedRows()).isEqualTo(1);
      if (mode == WriteMode.MERGE_ON_READ) {
        assertThat(liveDeleteFiles(table)).isEqualTo(1);
      }
      assertThat(table.newScan().count()).isEqualTo(expected.size());
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void deleteDropsWholeFilesWithoutReadingThem(WriteMode mode, int version) throws IOException {
    try (Floe floe = open()) {
      FloeTable table = table(floe, "db.parts", version, true);
      table.newAppend().rows(rows(0, 90, 2.0)).commit();

      ChangeResult result = table.newDelete().where(equal("category", "c1")).mode(mode).commit();

      TreeMap<Long, List<Object>> expected = expected(0, 90, 2.0);
      expected.keySet().removeIf(id -> id % 3 == 1);
      assertThat(read(table)).isEqualTo(expected);
      assertThat(result.deletedRows()).isEqualTo(30);
      assertThat(result.removedDataFiles()).isEqualTo(1);
      assertThat(result.addedDataFiles()).isZero();
      assertThat(result.addedDeleteFiles()).isZero();
    }
  }

  @Test
  void deleteModeComesFromTheTableProperty() throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          floe.createTable("db.prop")
              .column("id", Types.LongType.get())
              .property("write.delete.mode", "merge-on-read")
              .create();
      table
          .newAppend()
          .rows(List.of(Map.of("id", 1L), Map.of("id", 2L), Map.of("id", 3L)))
          .commit();
      assertThat(table.newDelete().where(equal("id", 2L)).apply()).isEqualTo(1);
      assertThat(table.snapshots()).hasSize(1);
      ChangeResult result = table.newDelete().where(equal("id", 2L)).commit();
      assertThat(result.addedDeleteFiles()).isEqualTo(1);
      assertThat(result.removedDataFiles()).isZero();
      assertThat(table.newScan().count()).isEqualTo(2);
    }
  }

  @Test
  void deleteMatchingNothingMakesNoSnapshotAndBadFiltersAreRejected() throws IOException {
    try (Floe floe = open()) {
      FloeTable table = table(floe, "db.none", 2, false);
      table.newAppend().rows(rows(0, 10, 1.0)).commit();
      long before = table.currentSnapshot().orElseThrow().snapshotId();
      ChangeResult result = table.newDelete().where(equal("id", 99L)).commit();
      assertThat(result.committed()).isFalse();
      assertThat(result.snapshotId()).isEqualTo(before);
      assertThatThrownBy(() -> table.newDelete().where(equal("nope", 1)).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("nope");
      assertThatThrownBy(() -> table.newDelete().commit())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs a filter");
      var delete = table.newDelete().where(equal("id", 1L));
      delete.commit();
      assertThatThrownBy(delete::commit)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already committed");
      TreeMap<Long, List<Object>> expected = expected(0, 10, 1.0);
      expected.remove(1L);
      assertThat(read(table)).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void overwriteByFilterReplacesTheMatchingRows(WriteMode mode, int version) throws IOException {
    try (Floe floe = open()) {
      FloeTable table = table(floe, "db.ow", version, false);
      table.newAppend().rows(rows(0, 50, 1.0)).commit();

      ChangeResult result =
          table
              .newOverwrite()
              .where(greaterThanOrEqual("id", 40L))
              .rows(rows(40, 60, 9.0))
              .mode(mode)
              .commit();

      TreeMap<Long, List<Object>> expected = expected(0, 40, 1.0);
      expected.putAll(expected(40, 60, 9.0));
      assertThat(read(table)).isEqualTo(expected);
      assertThat(result.deletedRows()).isEqualTo(10);
      assertThat(result.insertedRows()).isEqualTo(20);
    }
  }

  @Test
  void overwriteReplacesThePartitionsTheNewRowsTouch() throws IOException {
    try (Floe floe = open()) {
      FloeTable table = table(floe, "db.dyn", 2, true);
      table.newAppend().rows(rows(0, 30, 1.0)).commit();

      List<Map<String, Object>> replacement = List.of(row(100, "c0", 5.0), row(101, "c0", 5.0));
      ChangeResult result = table.newOverwrite().replacePartitions().rows(replacement).commit();

      TreeMap<Long, List<Object>> expected = expected(0, 30, 1.0);
      expected.keySet().removeIf(id -> id % 3 == 0);
      expected.put(100L, List.of("c0", 5.0));
      expected.put(101L, List.of("c0", 5.0));
      assertThat(read(table)).isEqualTo(expected);
      assertThat(result.deletedRows()).isEqualTo(10);
      assertThat(result.insertedRows()).isEqualTo(2);
      assertThatThrownBy(() -> table.newOverwrite().replacePartitions().where(equal("id", 1L)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("replaces partitions");
      assertThatThrownBy(() -> table.newOverwrite().row(row(1, "c1", 1)).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("needs where(filter) or replacePartitions()");
      assertThat(read(table)).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void upsertInsertsNewKeysAndReplacesExistingOnes(WriteMode mode, int version) throws IOException {
    try (Floe floe = open()) {
      FloeTable table = table(floe, "db.up", version, true);
      table.newAppend().rows(rows(0, 100, 1.0)).commit();

      ChangeResult result =
          table.newUpsert().key("id").rows(rows(90, 110, 2.0)).mode(mode).commit();

      TreeMap<Long, List<Object>> expected = expected(0, 90, 1.0);
      expected.putAll(expected(90, 110, 2.0));
      assertThat(read(table)).isEqualTo(expected);
      assertThat(result.insertedRows()).isEqualTo(10);
      assertThat(result.updatedRows()).isEqualTo(10);
      assertThat(result.deletedRows()).isZero();
      if (mode == WriteMode.MERGE_ON_READ) {
        assertThat(result.addedDeleteFiles()).isPositive();
      } else {
        assertThat(result.addedDeleteFiles()).isZero();
        assertThat(result.removedDataFiles()).isPositive();
      }

      // again, on top of the deletes just written
      table.newUpsert().key("id").rows(rows(95, 96, 3.0)).mode(mode).commit();
      expected.put(95L, List.of("c2", 3.0));
      assertThat(read(table)).isEqualTo(expected);
    }
  }

  @Test
  void upsertUsesIdentifierFieldsAndCompositeKeys() throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          floe.createTable("db.ident")
              .columns(
                  s ->
                      s.column("tenant", Types.StringType.get())
                          .required()
                          .identifier()
                          .column("id", Types.IntegerType.get())
                          .required()
                          .identifier()
                          .column("name", Types.StringType.get()))
              .create();
      table
          .newAppend()
          .rows(
              List.of(
                  Map.of("tenant", "a", "id", 1, "name", "old"),
                  Map.of("tenant", "b", "id", 1, "name", "keep")))
          .commit();
      ChangeResult result =
          table
              .newUpsert()
              .rows(
                  List.of(
                      Map.of("tenant", "a", "id", 1, "name", "new"),
                      Map.of("tenant", "a", "id", 2, "name", "added")))
              .commit();
      assertThat(result.updatedRows()).isEqualTo(1);
      assertThat(result.insertedRows()).isEqualTo(1);
      Map<String, String> names = new TreeMap<>();
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(Internals.icebergTable(table)).build()) {
        rows.forEach(
            r ->
                names.put(
                    r.getField("tenant") + "/" + r.getField("id"), (String) r.getField("name")));
      }
      assertThat(names)
          .containsExactly(
              Map.entry("a/1", "new"), Map.entry("a/2", "added"), Map.entry("b/1", "keep"));
    }
  }

  @Test
  void upsertRejectsNullAndDuplicateKeysAndCommitsNothing() throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          floe.createTable("db.bad")
              .column("id", Types.LongType.get())
              .column("v", Types.StringType.get())
              .create();
      table.newAppend().row(Map.of("id", 1L, "v", "a")).commit();
      long snapshot = table.currentSnapshot().orElseThrow().snapshotId();
      Path data = Path.of(java.net.URI.create(table.location()).getPath(), "data");
      long filesBefore;
      try (Stream<Path> files = Files.walk(data)) {
        filesBefore = files.filter(Files::isRegularFile).count();
      }

      Map<String, Object> nullKey = new HashMap<>();
      nullKey.put("id", null);
      nullKey.put("v", "x");
      assertThatThrownBy(
              () ->
                  table.newUpsert().key("id").row(Map.of("id", 2L, "v", "b")).row(nullKey).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("null key in column 'id'")
          .hasMessageContaining("db.bad");
      assertThatThrownBy(
              () ->
                  table
                      .newUpsert()
                      .key("id")
                      .rows(List.of(Map.of("id", 2L, "v", "b"), Map.of("id", 2L, "v", "c")))
                      .commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("key 2")
          .hasMessageContaining("more than once");
      assertThatThrownBy(() -> table.newUpsert().key("nope").row(Map.of("id", 2L)).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("'nope'");
      assertThatThrownBy(() -> table.newUpsert().row(Map.of("id", 2L)).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("needs a key");

      table.refresh();
      assertThat(table.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(snapshot);
      try (Stream<Path> files = Files.walk(data)) {
        assertThat(files.filter(Files::isRegularFile).count())
            .as("written files were deleted")
            .isEqualTo(filesBefore);
      }
    }
  }

  @Test
  void aConflictingCommitMakesTheDeletePlanAgain() throws IOException {
    try (Floe floe = open()) {
      FloeTable table = table(floe, "db.conflict", 2, false);
      table.newAppend().rows(rows(0, 10, 1.0)).commit();
      FloeTable other = floe.loadTable("db.conflict");
      DeleteImpl delete =
          (DeleteImpl) table.newDelete().where(lessThan("id", 5L)).mode(WriteMode.COPY_ON_WRITE);
      int[] calls = {0};
      delete.beforeCommit(
          () -> {
            if (calls[0]++ == 0) {
              // another writer adds a matching row while the delete is planned: serializable must
              // replan
              other.newAppend().row(row(3_000, "c0", 1.0)).commit();
              other.newDelete().where(equal("id", 7L)).mode(WriteMode.COPY_ON_WRITE).commit();
            }
          });
      ChangeResult result = delete.commit();
      assertThat(result.attempts()).isEqualTo(2);
      TreeMap<Long, List<Object>> expected = expected(5, 10, 1.0);
      expected.remove(7L);
      expected.put(3_000L, List.of("c0", 1.0));
      assertThat(read(table)).isEqualTo(expected);
    }
  }

  @Test
  void exhaustedRetriesThrowCommitConflictAndLeaveTheTableAsItWas() throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          floe.createTable("db.exhaust")
              .column("id", Types.LongType.get())
              .column("v", Types.StringType.get())
              .property("commit.retry.num-retries", "1")
              .create();
      table
          .newAppend()
          .rows(List.of(Map.of("id", 1L, "v", "a"), Map.of("id", 2L, "v", "a")))
          .commit();
      FloeTable other = floe.loadTable("db.exhaust");
      UpsertImpl upsert =
          (UpsertImpl)
              table
                  .newUpsert()
                  .key("id")
                  .row(Map.of("id", 1L, "v", "mine"))
                  .mode(WriteMode.MERGE_ON_READ);
      long[] n = {10};
      upsert.beforeCommit(
          () -> other.newUpsert().key("id").row(Map.of("id", 1L, "v", "other" + n[0]++)).commit());
      assertThatThrownBy(upsert::commit)
          .isInstanceOf(CommitConflictException.class)
          .hasMessageContaining("db.exhaust")
          .hasMessageContaining("2 times")
          .hasMessageContaining("safe to retry");
      Map<Long, String> values = new TreeMap<>();
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(Internals.icebergTable(other)).build()) {
        rows.forEach(
            r ->
                assertThat(values.put((Long) r.getField("id"), (String) r.getField("v"))).isNull());
      }
      assertThat(values).containsExactly(Map.entry(1L, "other11"), Map.entry(2L, "a"));
    }
  }

  @Test
  void concurrentUpsertsAndDeletesLoseAndDuplicateNothing() throws Exception {
    try (Floe floe = open()) {
      FloeTable table =
          floe.createTable("db.concurrent")
              .column("id", Types.LongType.get())
              .required()
              .column("writer", Types.IntegerType.get())
              .property("commit.retry.num-retries", "20")
              .create();
      List<Map<String, Object>> initial = new ArrayList<>();
      for (long id = 0; id < 200; id++) {
        initial.add(Map.of("id", id, "writer", -1));
      }
      table.newAppend().rows(initial).commit();
      int writers = 4;
      List<Thread> threads = new ArrayList<>();
      List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int w = 0; w < writers; w++) {
        int writer = w;
        threads.add(
            new Thread(
                () -> {
                  try {
                    FloeTable mine = floe.loadTable("db.concurrent");
                    for (int round = 0; round < 5; round++) {
                      List<Map<String, Object>> batch = new ArrayList<>();
                      for (long id = round * 40; id < round * 40 + 60; id++) {
                        batch.add(Map.of("id", id, "writer", writer));
                      }
                      // every writer also inserts ids of its own
                      batch.add(Map.of("id", 1_000L + writer * 10 + round, "writer", writer));
                      mine.newUpsert()
                          .key("id")
                          .rows(batch)
                          .mode(round % 2 == 0 ? WriteMode.MERGE_ON_READ : WriteMode.COPY_ON_WRITE)
                          .commit();
                    }
                  } catch (Throwable t) {
                    errors.add(t);
                  }
                }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      assertThat(errors).isEmpty();
      Map<Long, Integer> seen = new HashMap<>();
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(Internals.icebergTable(table.refresh())).build()) {
        for (Record r : rows) {
          assertThat(seen.put((Long) r.getField("id"), (Integer) r.getField("writer")))
              .as("id %s appears once", r.getField("id"))
              .isNull();
        }
      }
      assertThat(seen).hasSize(200 + 20 + writers * 5);
      for (long id = 0; id < 200; id++) {
        assertThat(seen).containsKey(id);
      }
      for (int w = 0; w < writers; w++) {
        for (int round = 0; round < 5; round++) {
          assertThat(seen.get(1_000L + w * 10 + round)).isEqualTo(w);
        }
      }
    }
  }
}
