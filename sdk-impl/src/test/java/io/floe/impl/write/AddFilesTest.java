package io.floe.impl.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.InvalidFileException;
import io.floe.ValidationException;
import io.floe.impl.TestFloes;
import io.floe.impl.TestTables;
import io.floe.impl.spi.Internals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code addFiles()} on the in-memory kit and on {@code Floe.local(...)}: checks, statistics,
 * partitions, ownership.
 */
class AddFilesTest {
  private static final String NO_IDS =
      "message m { required int64 id; optional binary category (STRING);"
          + " optional double value; }";

  @TempDir Path dir;
  @TempDir Path outside;
  @TempDir Path scratch;

  private static FloeTable create(Floe floe) {
    FloeTable table =
        TestFloes.createIdTable(floe)
            .column("category", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .create();
    table.newAppend().row(Map.of("id", 0L, "category", "seed", "value", 0.5)).commit();
    return table;
  }

  /** A location outside the table's folder. */
  private String external(FloeTable table, String backend, String file) {
    return backend.equals("local")
        ? outside.resolve(file).toString()
        : table.location() + "-external/" + file;
  }

  private static FileIO io(FloeTable table) {
    return Internals.icebergTable(table).io();
  }

  private static List<Map<String, Object>> rows(long from, long to, String category) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(Map.of("id", id, "category", category, "value", id * 1.5));
    }
    return rows;
  }

  private static List<String> files(
      FloeTable table, Function<org.apache.iceberg.TableScan, org.apache.iceberg.TableScan> scan) {
    Table iceberg = Internals.icebergTable(table.refresh());
    List<String> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = scan.apply(iceberg.newScan()).planFiles()) {
      tasks.forEach(t -> out.add(t.file().location()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void filesWithoutIdsAreMatchedByNameReadBackExactlyAndPrunedByTheirFooterStatistics(
      String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      String a = external(table, backend, "a.parquet");
      String b = external(table, backend, "b.parquet");
      ExternalParquet.withoutIds(io(table), a, NO_IDS, rows(1, 101, "books"), scratch);
      ExternalParquet.withoutIds(io(table), b, NO_IDS, rows(1000, 1050, "games"), scratch);

      AppendResult result = table.addFiles().file(a).file(b).set("source", "export-17").commit();

      assertThat(result.addedFiles()).isEqualTo(2);
      assertThat(result.addedRecords()).isEqualTo(150);
      assertThat(table.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(result.snapshotId());
      assertThat(table.currentSnapshot().orElseThrow().summary())
          .containsEntry("source", "export-17");
      assertThat(table.properties()).containsKey(TableProperties.DEFAULT_NAME_MAPPING);
      List<Map<String, Object>> expected = new ArrayList<>();
      expected.add(Map.of("id", 0L, "category", "seed", "value", 0.5));
      expected.addAll(rows(1, 101, "books"));
      expected.addAll(rows(1000, 1050, "games"));
      assertThat(TestTables.floeRows(table)).isEqualTo(expected);
      assertThat(TestTables.reference(table)).isEqualTo(expected);
      assertThat(table.newScan().where(Expressions.equal("category", "games")).count())
          .isEqualTo(50);
      // footer statistics prune: only b can hold id >= 1000, only a can hold 'books'
      assertThat(files(table, s -> s.filter(Expressions.greaterThanOrEqual("id", 1000))))
          .containsExactly(b);
      assertThat(files(table, s -> s.filter(Expressions.equal("category", "books"))))
          .containsExactly(a);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void filesWithTheTablesFieldIdsNeedNoNameMapping(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      String a = external(table, backend, "ids.parquet");
      ExternalParquet.withIds(io(table), a, table.schema(), rows(1, 11, "books"), scratch);
      table.addFiles().file(a).commit();
      assertThat(table.properties()).doesNotContainKey(TableProperties.DEFAULT_NAME_MAPPING);
      assertThat(TestTables.floeRows(table)).hasSize(11).isEqualTo(TestTables.reference(table));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void badFilesAreRefusedNamingFileAndColumnAndNothingIsCommitted(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      long before = table.currentSnapshot().orElseThrow().snapshotId();
      FileIO io = io(table);
      String good = external(table, backend, "good.parquet");
      ExternalParquet.withoutIds(io, good, NO_IDS, rows(1, 5, "books"), scratch);

      String extra = external(table, backend, "extra.parquet");
      ExternalParquet.withoutIds(
          io,
          extra,
          "message m { required int64 id; optional binary color (STRING); }",
          List.of(Map.of("id", 7L, "color", "red")),
          scratch);
      assertRefused(table, good, extra, "color", "is not in the table");

      String wrongType = external(table, backend, "wrong-type.parquet");
      ExternalParquet.withoutIds(
          io,
          wrongType,
          "message m { required int64 id; optional int64 category; }",
          List.of(Map.of("id", 7L, "category", 3L)),
          scratch);
      assertRefused(table, good, wrongType, "category", "cannot be read as the table's string");

      String noId = external(table, backend, "no-id.parquet");
      ExternalParquet.withoutIds(
          io,
          noId,
          "message m { optional binary category (STRING); }",
          List.of(Map.of("category", "x")),
          scratch);
      assertRefused(table, good, noId, "id", "which the table requires");

      Schema other =
          new Schema(
              Types.NestedField.required(1, "name", Types.StringType.get()),
              Types.NestedField.required(2, "id", Types.LongType.get()));
      String conflicting = external(table, backend, "other-table.parquet");
      ExternalParquet.withIds(
          io, conflicting, other, List.of(Map.of("name", "x", "id", 1L)), scratch);
      assertRefused(table, good, conflicting, "name", "which the table gives to column 'id'");

      String text = external(table, backend, "notes.parquet");
      ExternalParquet.bytes(io, text, "id,category\n1,books\n".getBytes(StandardCharsets.UTF_8));
      assertRefused(table, good, text, null, "not a Parquet file");

      String missing = external(table, backend, "missing.parquet");
      assertRefused(table, good, missing, null, "does not exist");

      assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before);
      assertThat(table.properties()).doesNotContainKey(TableProperties.DEFAULT_NAME_MAPPING);
      assertThat(io.newInputFile(good).exists()).isTrue(); // the caller's file is never deleted
      assertThat(table.addFiles().file(good).commit().addedRecords()).isEqualTo(4);
    }
  }

  private static void assertRefused(
      FloeTable table, String good, String bad, String column, String why) {
    assertThatThrownBy(() -> table.addFiles().file(good).file(bad).commit())
        .isInstanceOfSatisfying(
            InvalidFileException.class,
            e -> {
              assertThat(e.file()).contains(bad);
              assertThat(e.table()).contains("db.t");
              if (column != null) {
                assertThat(e.column()).contains(column);
              }
            })
        .hasMessageContaining(bad)
        .hasMessageContaining("db.t")
        .hasMessageContaining(why)
        .hasMessageContaining("Nothing was committed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void aFileTheTableReferencesIsRefused(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      String a = external(table, backend, "a.parquet");
      ExternalParquet.withoutIds(io(table), a, NO_IDS, rows(1, 5, "books"), scratch);
      assertThatThrownBy(() -> table.addFiles().file(a).file(a).commit())
          .isInstanceOf(InvalidFileException.class)
          .hasMessageContaining("given twice");
      table.addFiles().file(a).commit();
      long after = table.currentSnapshot().orElseThrow().snapshotId();
      assertThatThrownBy(() -> table.addFiles().file(a).commit())
          .isInstanceOf(InvalidFileException.class)
          .hasMessageContaining("references it already");
      String own = files(table, s -> s.filter(Expressions.equal("id", 0L))).get(0);
      assertThatThrownBy(() -> table.addFiles().file(own).commit())
          .isInstanceOf(InvalidFileException.class)
          .hasMessageContaining("references it already");
      assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(after);
      assertThat(table.newScan().count()).isEqualTo(5);
      assertThatThrownBy(() -> table.addFiles().commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("no file was given");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void partitionsComeFromFooterStatisticsAndFilesSpanningPartitionsAreRefused(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table =
          floe.createTable("db.p")
              .formatVersion(2)
              .column("id", Types.LongType.get())
              .required()
              .column("category", Types.StringType.get())
              .column("ts", Types.TimestampType.withZone())
              .partitionBy(p -> p.identity("category").day("ts"))
              .create();
      String type =
          "message m { required int64 id; optional binary category (STRING);"
              + " optional int64 ts (TIMESTAMP(MICROS,true)); }";
      long day = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli() * 1000;
      long hour = 3_600_000_000L;
      String books = external(table, backend, "p-books.parquet");
      ExternalParquet.withoutIds(
          io(table),
          books,
          type,
          List.of(
              Map.of(
                  "id",
                  1L,
                  "category",
                  "a-long-category-name-beyond-sixteen-chars",
                  "ts",
                  day + hour),
              Map.of(
                  "id",
                  2L,
                  "category",
                  "a-long-category-name-beyond-sixteen-chars",
                  "ts",
                  day + 20 * hour)),
          scratch);
      String mixed = external(table, backend, "p-mixed.parquet");
      ExternalParquet.withoutIds(
          io(table),
          mixed,
          type,
          List.of(
              Map.of("id", 3L, "category", "books", "ts", day),
              Map.of("id", 4L, "category", "games", "ts", day)),
          scratch);
      String twoDays = external(table, backend, "p-days.parquet");
      ExternalParquet.withoutIds(
          io(table),
          twoDays,
          type,
          List.of(
              Map.of("id", 5L, "category", "books", "ts", day),
              Map.of("id", 6L, "category", "books", "ts", day + 25 * hour)),
          scratch);

      assertThatThrownBy(() -> table.addFiles().file(books).file(mixed).commit())
          .isInstanceOfSatisfying(
              InvalidFileException.class, e -> assertThat(e.column()).contains("category"))
          .hasMessageContaining(mixed)
          .hasMessageContaining("more than one partition");
      assertThatThrownBy(() -> table.addFiles().file(twoDays).commit())
          .isInstanceOfSatisfying(
              InvalidFileException.class, e -> assertThat(e.column()).contains("ts"))
          .hasMessageContaining(twoDays)
          .hasMessageContaining("more than one partition");
      assertThat(table.refresh().currentSnapshot()).isEmpty();

      table.addFiles().file(books).commit();
      org.apache.iceberg.DataFile file;
      try (CloseableIterable<FileScanTask> tasks =
          Internals.icebergTable(table).newScan().planFiles()) {
        file = tasks.iterator().next().file();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(file.partition().get(0, CharSequence.class).toString())
          .isEqualTo("a-long-category-name-beyond-sixteen-chars");
      assertThat(file.partition().get(1, Integer.class))
          .isEqualTo(20788); // days from 1970-01-01 to 2026-12-01
      assertThat(
              table
                  .newScan()
                  .where(Expressions.equal("category", "a-long-category-name-beyond-sixteen-chars"))
                  .count())
          .isEqualTo(2);
      assertThat(table.newScan().where(Expressions.equal("category", "books")).count()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void aDirectoryAddsItsParquetFilesAndSkipsHiddenOnes(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      String folder = external(table, backend, "export");
      ExternalParquet.withoutIds(
          io(table), folder + "/part-0.parquet", NO_IDS, rows(1, 4, "a"), scratch);
      ExternalParquet.withoutIds(
          io(table), folder + "/day=1/part-1.parquet", NO_IDS, rows(4, 6, "b"), scratch);
      ExternalParquet.withoutIds(
          io(table), folder + "/.tmp.parquet", NO_IDS, rows(6, 9, "c"), scratch);
      ExternalParquet.withoutIds(
          io(table), folder + "/_staging/part-2.parquet", NO_IDS, rows(9, 12, "d"), scratch);
      ExternalParquet.bytes(io(table), folder + "/_SUCCESS", new byte[0]);
      if (backend.equals("memory")) { // Iceberg's InMemoryFileIO cannot list
        assertThatThrownBy(() -> table.addFiles().directory(folder).commit())
            .isInstanceOf(io.floe.UnsupportedFeatureException.class)
            .hasMessageContaining(folder)
            .hasMessageContaining("give the files one by one");
        return;
      }
      AppendResult result = table.addFiles().directory(folder).commit();
      assertThat(result.addedFiles()).isEqualTo(2);
      assertThat(table.newScan().count()).isEqualTo(1 + 5);
    }
  }

  @Test
  void filesOutsideTheTableAreNeverDeletedByExpiryAndPurgeRefusesTheTable() throws Exception {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table = create(floe);
      String a = outside.resolve("a.parquet").toString();
      ExternalParquet.withoutIds(io(table), a, NO_IDS, rows(1, 5, "books"), scratch);
      table.addFiles().file(a).commit();
      String own = files(table, s -> s.filter(Expressions.equal("id", 0L))).get(0);
      // copy-on-write deletes remove both files from the table; expiry then finds them unreferenced
      table.newDelete().where(Expressions.alwaysTrue()).commit();
      assertThatThrownBy(() -> floe.purgeTable("db.t"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(a)
          .hasMessageContaining("dropTable");
      Thread.sleep(2);
      var expired =
          table.maintenance().expireSnapshots().olderThan(Instant.now()).retainLast(1).execute();
      assertThat(expired.expiredSnapshots()).isEqualTo(2);
      assertThat(expired.deletedDataFiles())
          .isEqualTo(1); // the table's own file, not the added one
      assertThat(java.nio.file.Files.exists(Path.of(a))).isTrue();
      assertThat(
              java.nio.file.Files.exists(
                  Path.of(java.net.URI.create(own.startsWith("file:") ? own : "file://" + own))))
          .isFalse(); // the table's own file went
      assertThat(
              table
                  .maintenance()
                  .removeOrphanFiles()
                  .dryRun()
                  .unsafeOlderThan(Instant.now().plusSeconds(60))
                  .execute()
                  .orphanFiles())
          .noneMatch(o -> o.contains("a.parquet"));
      // the last snapshot's manifest still names the file (as deleted), and purge deletes such
      // files too
      assertThatThrownBy(() -> floe.purgeTable("db.t"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(a);
      assertThat(java.nio.file.Files.exists(Path.of(a))).isTrue();
      assertThat(floe.dropTable("db.t")).isTrue();
      assertThat(java.nio.file.Files.exists(Path.of(a))).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void inATransactionFilesWithANewColumnFollowTheSchemaUpdateAndAConflictKeepsThem(String backend) {
    try (Floe floe = TestFloes.open(backend, dir)) {
      FloeTable table = create(floe);
      String wide = external(table, backend, "wide.parquet");
      ExternalParquet.withoutIds(
          io(table),
          wide,
          "message m { required int64 id; optional binary category (STRING);"
              + " optional double value; optional binary region (STRING); }",
          List.of(Map.of("id", 5L, "category", "x", "value", 1.0, "region", "eu")),
          scratch);
      assertThatThrownBy(() -> table.addFiles().file(wide).commit())
          .isInstanceOf(InvalidFileException.class)
          .hasMessageContaining("region");

      // a concurrent commit makes the transaction fail: the added file stays where it is
      io.floe.TableTransaction failing = table.newTransaction();
      failing.updateSchema().addColumn("region", Types.StringType.get()).commit();
      failing.addFiles().file(wide).commit();
      floe.loadTable("db.t")
          .newAppend()
          .row(Map.of("id", 9L, "category", "z", "value", 2.0))
          .commit();
      assertThatThrownBy(failing::commit).isInstanceOf(io.floe.CommitConflictException.class);
      assertThat(io(table).newInputFile(wide).exists()).isTrue();
      assertThat(floe.loadTable("db.t").schema().findField("region")).isNull();

      // closing an uncommitted transaction keeps it too
      try (io.floe.TableTransaction closed = table.refresh().newTransaction()) {
        closed.updateSchema().addColumn("region", Types.StringType.get()).commit();
        closed.addFiles().file(wide).commit();
      }
      assertThat(io(table).newInputFile(wide).exists()).isTrue();

      try (io.floe.TableTransaction tx = table.refresh().newTransaction()) {
        tx.updateSchema().addColumn("region", Types.StringType.get()).commit();
        AppendResult staged = tx.addFiles().file(wide).commit();
        assertThat(staged.addedRecords()).isEqualTo(1);
        tx.commit();
      }
      FloeTable fresh = floe.loadTable("db.t");
      assertThat(fresh.properties()).containsKey(TableProperties.DEFAULT_NAME_MAPPING);
      assertThat(fresh.newScan().where(Expressions.equal("region", "eu")).rows().toList())
          .singleElement()
          .satisfies(row -> assertThat(row.get("id")).isEqualTo(5L));
      assertThat(TestTables.floeRows(fresh)).isEqualTo(TestTables.reference(fresh)).hasSize(3);
    }
  }
}
