package io.floe.interop;

import static io.floe.interop.InteropTables.floeRows;
import static io.floe.interop.InteropTables.genericRows;
import static io.floe.interop.InteropTables.sortedById;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ReadTask;
import io.floe.Row;
import io.floe.impl.spi.Internals;
import io.floe.parquet.ArrowScan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spark writes with INSERT, MERGE, UPDATE and DELETE in merge-on-read mode (position delete files
 * on format 2, deletion vectors on format 3) and evolves the schema; Floe reads the same rows.
 */
class SparkWritesFloeReadsTest {
  private static final String CATALOG = "spark_w";
  @TempDir static Path warehouse;
  static Floe floe;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    floe = InteropTables.localFloe(CATALOG, warehouse);
    spark = SparkLocal.session().newSession();
    SparkLocal.catalog(spark, CATALOG, warehouse);
  }

  @AfterAll
  static void stop() {
    floe.close();
  }

  private static List<List<Object>> taskRows(List<ReadTask> tasks) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    for (ReadTask task : tasks) {
      try (CloseableIterable<Row> rows = task.rows()) {
        rows.forEach(r -> out.add(Canonical.of(r)));
      }
    }
    return sortedById(out);
  }

  private static List<FileContent> deleteKinds(FloeTable table) throws IOException {
    List<FileContent> kinds = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        Internals.icebergTable(table).newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        task.deletes().forEach(d -> kinds.add(d.content()));
      }
    }
    return kinds;
  }

  @ParameterizedTest(name = "format v{0}")
  @ValueSource(ints = {2, 3})
  void floeReadsWhatSparkInsertedMergedUpdatedAndDeleted(int formatVersion) throws IOException {
    String t = CATALOG + ".db.orders_v" + formatVersion;
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + CATALOG + ".db");
    spark.sql(
        "CREATE TABLE "
            + t
            + " (id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2), "
            + "placed TIMESTAMP, tags ARRAY<STRING>) USING iceberg PARTITIONED BY (days(placed), bucket(4, id)) "
            + "TBLPROPERTIES ('format-version'='"
            + formatVersion
            + "', 'write.delete.mode'='merge-on-read', "
            + "'write.update.mode'='merge-on-read', 'write.merge.mode'='merge-on-read')");
    spark.sql(
        "INSERT INTO "
            + t
            + " SELECT id, concat('c', id % 10), CAST(id * 1.5 AS DECIMAL(10,2)), "
            + "TIMESTAMP '2026-03-01 00:00:00' + make_interval(0, 0, 0, 0, CAST(id % 72 AS INT), 0, 0), "
            + "array(concat('t', id)) FROM range(0, 500)");
    spark.sql("DELETE FROM " + t + " WHERE id % 10 = 3");
    spark.sql("UPDATE " + t + " SET amount = amount + 1000 WHERE customer = 'c5'");
    spark.sql(
        "MERGE INTO "
            + t
            + " t USING (SELECT id, concat('m', id) AS customer FROM range(490, 520)) s "
            + "ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.customer = s.customer "
            + "WHEN NOT MATCHED THEN INSERT (id, customer, amount, placed, tags) "
            + "VALUES (s.id, s.customer, 0, TIMESTAMP '2026-04-01 00:00:00', array())");
    // schema evolution by Spark, then more rows in the new shape
    spark.sql("ALTER TABLE " + t + " ADD COLUMN channel STRING");
    spark.sql("ALTER TABLE " + t + " RENAME COLUMN customer TO buyer");
    spark.sql("ALTER TABLE " + t + " ALTER COLUMN amount TYPE DECIMAL(12,2)");
    spark.sql(
        "INSERT INTO "
            + t
            + " VALUES (1000, 'late', 9.99, TIMESTAMP '2026-05-01 00:00:00', array('x', 'y'), 'web')");
    spark.sql("DELETE FROM " + t + " WHERE buyer = 'c7' AND id < 100");

    FloeTable table = floe.loadTable("db.orders_v" + formatVersion);
    assertThat(table.schema().columns())
        .extracting(Types.NestedField::name)
        .containsExactly("id", "buyer", "amount", "placed", "tags", "channel");
    assertThat(table.schema().findType("amount")).isEqualTo(Types.DecimalType.of(12, 2));
    List<FileContent> deletes = deleteKinds(table);
    assertThat(deletes).isNotEmpty().containsOnly(FileContent.POSITION_DELETES);
    if (formatVersion == 3) {
      // deletion vectors: Puffin files referenced per data file
      try (CloseableIterable<FileScanTask> tasks =
          Internals.icebergTable(table).newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          task.deletes()
              .forEach(d -> assertThat(d.format()).isEqualTo(org.apache.iceberg.FileFormat.PUFFIN));
        }
      }
    }

    List<List<Object>> fromSpark = SparkLocal.rows(spark, "SELECT * FROM " + t + " ORDER BY id");
    List<List<Object>> fromFloe = floeRows(table.newScan());
    // 500 - 50 deleted + 21 merged in (20 new, 493 re-inserted) + 1 - 10 deleted
    assertThat(fromSpark).hasSize(462).isEqualTo(fromFloe);
    assertThat(fromFloe).isEqualTo(genericRows(table));
    assertThat(table.newScan().count()).isEqualTo(fromSpark.size());
    assertThat(taskRows(table.newScan().planTasks(1))).isEqualTo(fromFloe);
    // the vectorized Arrow scan: Spark's position deletes (v2) or deletion vectors (v3), files
    // written before the rename, the new column and the decimal promotion
    assertThat(ArrowRows.of(ArrowScan.of(table.newScan()).batchSize(100))).isEqualTo(fromFloe);
    assertThat(ArrowRows.of(ArrowScan.of(table.newScan()).parallelism(2))).isEqualTo(fromFloe);

    // a filtered, projected Floe scan equals Spark's query
    assertThat(
            floeRows(
                table
                    .newScan()
                    .select("id", "buyer", "amount")
                    .where(Expressions.startsWith("buyer", "m"))))
        .hasSize(30)
        .isEqualTo(
            SparkLocal.rows(
                spark,
                "SELECT id, buyer, amount FROM " + t + " WHERE buyer LIKE 'm%' ORDER BY id"));
    assertThat(
            ArrowRows.of(
                ArrowScan.of(
                    table
                        .newScan()
                        .select("id", "buyer", "amount")
                        .where(Expressions.startsWith("buyer", "m")))))
        .isEqualTo(
            floeRows(
                table
                    .newScan()
                    .select("id", "buyer", "amount")
                    .where(Expressions.startsWith("buyer", "m"))));
    // and every snapshot Spark made reads the same in both engines
    for (org.apache.iceberg.Snapshot snapshot : table.snapshots()) {
      assertThat(
              SparkLocal.count(
                  spark, "SELECT count(*) FROM " + t + " VERSION AS OF " + snapshot.snapshotId()))
          .as("snapshot %s (%s)", snapshot.snapshotId(), snapshot.operation())
          .isEqualTo(table.newScan().asOfSnapshot(snapshot.snapshotId()).count())
          .isEqualTo(
              ArrowRows.of(ArrowScan.of(table.newScan().asOfSnapshot(snapshot.snapshotId())))
                  .size());
    }
  }
}
