package io.floe.interop;

import static io.floe.interop.InteropTables.genericRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AlreadyExistsException;
import io.floe.Floe;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.delta.DeltaMigration;
import io.floe.impl.spi.Internals;
import io.floe.parquet.ArrowScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delta tables written by delta-spark 4.3 (partitions, deletion vectors, column mapping with a
 * renamed column) are migrated by {@link DeltaMigration} without copying data files; Floe, Spark's
 * Iceberg reader and Iceberg's generic reader then read exactly the rows Delta reads.
 */
class DeltaMigrationTest {
  private static final String CATALOG = "migrated";
  @TempDir static Path root;
  static Floe floe;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    floe = InteropTables.localFloe(CATALOG, root.resolve("warehouse"));
    spark = SparkLocal.session().newSession();
    SparkLocal.catalog(spark, CATALOG, root.resolve("warehouse"));
  }

  @AfterAll
  static void stop() {
    floe.close();
  }

  private static List<List<Object>> floeRows(FloeTable table) throws IOException {
    return InteropTables.floeRows(table.newScan());
  }

  private static String eventsPath;

  /**
   * One Delta table for both format versions (delta-spark writes are the slow part of this class).
   */
  private static synchronized String partitionedDeltaTableWithDeletionVectors() {
    if (eventsPath != null) {
      return eventsPath;
    }
    String path = root.resolve("events").toString();
    eventsPath = path;
    spark.sql(
        "CREATE TABLE delta.`"
            + path
            + "` (id BIGINT, category STRING, day DATE, amount DECIMAL(10,2), "
            + "ts TIMESTAMP, tags ARRAY<STRING>, attrs MAP<STRING, INT>, address STRUCT<city: STRING, zip: INT>) "
            + "USING delta PARTITIONED BY (category, day) "
            + "TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    for (int batch = 0; batch < 2; batch++) {
      spark.sql(
          "INSERT INTO delta.`"
              + path
              + "` SELECT id, CASE WHEN id % 13 = 0 THEN NULL ELSE concat('c', id % 3) END, "
              + "date_add(DATE '2026-01-01', CAST(id % 2 AS INT)), CAST(id / 4 AS DECIMAL(10,2)), "
              + "TIMESTAMP '2026-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, CAST(id AS INT), 0), "
              + "array(concat('t', id)), map('k', CAST(id AS INT)), named_struct('city', concat('city', id % 5), 'zip', CAST(id AS INT)) "
              + "FROM range("
              + batch * 300
              + ", "
              + (batch * 300 + 300)
              + ")");
    }
    spark.sql("DELETE FROM delta.`" + path + "` WHERE id % 7 = 0");
    spark.sql("UPDATE delta.`" + path + "` SET amount = 0 WHERE id % 11 = 0");
    return path;
  }

  @ParameterizedTest(name = "format v{0}")
  @ValueSource(ints = {2, 3})
  void aPartitionedDeltaTableWithDeletionVectorsMigratesInPlace(int formatVersion)
      throws IOException {
    String path = partitionedDeltaTableWithDeletionVectors();
    List<List<Object>> delta =
        SparkLocal.rows(spark, "SELECT * FROM delta.`" + path + "` ORDER BY id");
    assertThat(delta).hasSize(600 - 86);
    long deltaFiles =
        SparkLocal.count(
            spark,
            "SELECT count(*) FROM (SELECT input_file_name() f FROM delta.`"
                + path
                + "` GROUP BY f)");

    DeltaMigration.Result preview =
        DeltaMigration.of(floe, path, "db.events_v" + formatVersion).apply();
    assertThat(preview.snapshotId()).isEmpty();
    assertThat(floe.tableExists("db.events_v" + formatVersion)).isFalse();

    DeltaMigration migration =
        DeltaMigration.of(floe, path, "db.events_v" + formatVersion).formatVersion(formatVersion);
    DeltaMigration.Result result = migration.commit();
    assertThat(result.deletionVectors()).isPositive().isEqualTo(preview.deletionVectors());
    assertThat(result.deletedRows()).isPositive();
    assertThat(result.dataFiles())
        .isEqualTo(preview.dataFiles())
        .isGreaterThanOrEqualTo((int) deltaFiles);
    assertThat(result.rows()).isEqualTo(delta.size());
    assertThat(result.bytesWritten()).isPositive();
    assertThat(result.spec().fields()).extracting(f -> f.name()).containsExactly("category", "day");
    assertThat(result.snapshotId()).isPresent();
    assertThatThrownBy(migration::commit)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already committed");

    FloeTable table = floe.loadTable("db.events_v" + formatVersion);
    assertThat(table.properties())
        .containsEntry(TableProperties.GC_ENABLED, "false")
        .containsEntry(DeltaMigration.DELTA_LOCATION, result.deltaLocation())
        .containsKey(TableProperties.DEFAULT_NAME_MAPPING);
    assertThat(
            ((org.apache.iceberg.HasTableOperations) Internals.icebergTable(table))
                .operations()
                .current()
                .formatVersion())
        .isEqualTo(formatVersion);
    // no data file was copied: every Iceberg data file lives in the Delta folder
    try (CloseableIterable<FileScanTask> tasks =
        Internals.icebergTable(table).newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        assertThat(file.location()).contains(path);
        assertThat(file.recordCount()).isPositive();
      }
    }
    try (java.util.stream.Stream<Path> files = Files.list(Path.of(table.location(), "data"))) {
      assertThat(files.count())
          .as("only delete files written under the Iceberg table")
          .isGreaterThan(0);
    }

    List<List<Object>> fromFloe = floeRows(table);
    assertThat(fromFloe).isEqualTo(delta);
    // the Arrow scan reads the Delta files (no field ids) through the name mapping, with the
    // deletion vectors applied
    assertThat(ArrowRows.of(ArrowScan.of(table.newScan()).batchSize(64))).isEqualTo(delta);
    // Iceberg's generic reader (IcebergGenerics) ignores the table's name mapping and cannot read
    // files without field ids ("Not a list type"); Spark's Iceberg reader and Floe apply it.
    assertThat(
            SparkLocal.rows(
                spark,
                "SELECT * FROM " + CATALOG + ".db.events_v" + formatVersion + " ORDER BY id"))
        .isEqualTo(delta);
    assertThat(
            SparkLocal.count(
                spark,
                "SELECT count(*) FROM "
                    + CATALOG
                    + ".db.events_v"
                    + formatVersion
                    + " WHERE category = 'c1' AND day = DATE '2026-01-02'"))
        .isEqualTo(
            SparkLocal.count(
                spark,
                "SELECT count(*) FROM delta.`"
                    + path
                    + "` WHERE category = 'c1' AND day = DATE '2026-01-02'"))
        .isPositive();
  }

  @Test
  void columnMappingWithRenamedColumnsAndAnOlderVersionMigrate() throws IOException {
    String path = root.resolve("mapped").toString();
    spark.sql(
        "CREATE TABLE delta.`"
            + path
            + "` (id BIGINT, name STRING, score DOUBLE, info STRUCT<a: INT, b: STRING>) "
            + "USING delta TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', "
            + "'delta.minWriterVersion' = '5')");
    spark.sql(
        "INSERT INTO delta.`"
            + path
            + "` SELECT id, concat('n', id), id * 0.5, named_struct('a', CAST(id AS INT), 'b', 'x') FROM range(0, 50)");
    spark.sql("ALTER TABLE delta.`" + path + "` RENAME COLUMN name TO label");
    spark.sql("ALTER TABLE delta.`" + path + "` ADD COLUMNS (extra STRING)");
    spark.sql(
        "INSERT INTO delta.`"
            + path
            + "` SELECT id, concat('l', id), id * 0.5, named_struct('a', 1, 'b', 'y'), 'e' FROM range(50, 60)");

    DeltaMigration.Result result = DeltaMigration.of(floe, path, "db.mapped").commit();
    FloeTable table = floe.loadTable("db.mapped");
    List<List<Object>> delta =
        SparkLocal.rows(spark, "SELECT * FROM delta.`" + path + "` ORDER BY id");
    assertThat(ArrowRows.of(ArrowScan.of(table.newScan()))).isEqualTo(delta);
    assertThat(floeRows(table)).hasSize(60).isEqualTo(delta).isEqualTo(genericRows(table));
    assertThat(result.rows()).isEqualTo(60);

    // an older Delta version: before the rename, with the old column names
    DeltaMigration.of(floe, path, "db.mapped_v1").version(1).commit();
    FloeTable v1 = floe.loadTable("db.mapped_v1");
    assertThat(v1.schema().columns())
        .extracting(c -> c.name())
        .containsExactly("id", "name", "score", "info");
    assertThat(floeRows(v1))
        .isEqualTo(
            SparkLocal.rows(
                spark, "SELECT * FROM delta.`" + path + "` VERSION AS OF 1 ORDER BY id"));
  }

  @Test
  void badInputFailsWithClearErrorsAndChangesNothing() throws IOException {
    Path empty = Files.createDirectories(root.resolve("not-delta"));
    assertThatThrownBy(() -> DeltaMigration.of(floe, empty.toString(), "db.none").commit())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(empty.toString());
    assertThat(floe.tableExists("db.none")).isFalse();

    String path = root.resolve("small").toString();
    spark.sql("CREATE TABLE delta.`" + path + "` (id BIGINT) USING delta");
    spark.sql("INSERT INTO delta.`" + path + "` VALUES (1), (2)");
    DeltaMigration.of(floe, path, "db.small").commit();
    long snapshot = floe.loadTable("db.small").currentSnapshot().orElseThrow().snapshotId();
    assertThatThrownBy(() -> DeltaMigration.of(floe, path, "db.small").commit())
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("db.small")
        .hasMessageContaining(path)
        .satisfies(e -> assertThat(((AlreadyExistsException) e).table()).contains("db.small"));
    assertThat(floe.loadTable("db.small").currentSnapshot().orElseThrow().snapshotId())
        .isEqualTo(snapshot);
    assertThatThrownBy(() -> DeltaMigration.of(floe, path, "db.small2").version(99).commit())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(path);
    assertThatThrownBy(() -> DeltaMigration.of(floe, path, "db.x").formatVersion(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 or 3");
  }

  @Test
  void aMissingDataFileFailsNamingTheFileAndChangesNothing() throws IOException {
    String path = root.resolve("broken").toString();
    spark.sql("CREATE TABLE delta.`" + path + "` (id BIGINT) USING delta");
    spark.sql("INSERT INTO delta.`" + path + "` VALUES (1), (2)");
    Path data;
    try (var files = Files.list(Path.of(path))) {
      data = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.delete(data);
    assertThatThrownBy(() -> DeltaMigration.of(floe, path, "db.broken").commit())
        .isInstanceOfSatisfying(
            FloeIOException.class,
            e -> {
              assertThat(e)
                  .hasMessageStartingWith("Cannot read the Parquet footer of Delta file ")
                  .hasMessageContaining(data.getFileName().toString());
              assertThat(e.operation()).isEqualTo("read");
              assertThat(e.file())
                  .hasValueSatisfying(f -> assertThat(f).endsWith(data.getFileName().toString()));
              assertThat(e.path()).isEqualTo(e.file());
            });
    assertThat(floe.tableExists("db.broken")).isFalse();
  }
}
