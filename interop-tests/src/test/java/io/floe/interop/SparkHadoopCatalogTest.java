package io.floe.interop;

import static io.floe.interop.InteropTables.floeRows;
import static io.floe.interop.InteropTables.sortedById;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floe's file-system catalog and Spark's {@code HadoopCatalog} ({@code type=hadoop}) on the same
 * local warehouse folder: each reads, and commits on top of, what the other wrote, across several
 * commits and schema changes.
 */
class SparkHadoopCatalogTest {
  private static final String CATALOG = "fs_hadoop";
  @TempDir static Path warehouse;
  static Floe floe;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    String root = warehouse.toAbsolutePath().normalize().toString();
    floe =
        Floe.open(
            FloeConfig.builder(CATALOG)
                .property("type", FloeConfig.TYPE_FILESYSTEM)
                .property("warehouse", root)
                .build());
    spark = SparkLocal.session().newSession();
    String prefix = "spark.sql.catalog." + CATALOG;
    spark.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(prefix + ".type", "hadoop");
    spark.conf().set(prefix + ".warehouse", root);
    spark.conf().set(prefix + ".cache-enabled", "false");
  }

  @AfterAll
  static void stop() {
    floe.close();
  }

  private static Map<String, Object> event(long id, String note) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("category", id % 3 == 0 ? "books" : "games");
    row.put("value", id / 2.0);
    if (note != null) {
      row.put("note", note);
    }
    return row;
  }

  private static List<Map<String, Object>> events(long from, long to, String note) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(event(id, note));
    }
    return rows;
  }

  private static int latestVersion(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table.resolve("metadata"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("v[0-9]+\\.metadata\\.json"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf('.'))))
          .max()
          .orElse(0);
    }
  }

  private static String hint(Path table) throws IOException {
    return Files.readString(table.resolve("metadata/version-hint.text")).trim();
  }

  @Test
  void sparkReadsAndExtendsWhatFloeWrote() throws IOException {
    floe.createNamespace("floe_db");
    FloeTable table =
        floe.createTable("floe_db.events")
            .column("id", Types.LongType.get())
            .required()
            .column("category", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .partitionBy(p -> p.identity("category"))
            .create();
    table.newAppend().rows(events(0, 100, null)).commit();
    table.newAppend().rows(events(100, 200, null)).commit();
    table.updateSchema().addColumn("note", Types.StringType.get()).commit();
    table.newAppend().rows(events(200, 250, "evolved")).commit();
    table.newDelete().where(lessThan("id", 10L)).commit();

    String t = CATALOG + ".floe_db.events";
    assertThat(SparkLocal.rows(spark, "SHOW TABLES IN " + CATALOG + ".floe_db"))
        .extracting(r -> r.get(1))
        .containsExactly("events");
    List<List<Object>> fromSpark =
        SparkLocal.rows(spark, "SELECT id, category, value, note FROM " + t + " ORDER BY id");
    assertThat(fromSpark).hasSize(240).isEqualTo(floeRows(table.refresh().newScan()));
    assertThat(fromSpark.get(fromSpark.size() - 1))
        .containsExactly(249L, "books", 124.5, "evolved");
    assertThat(SparkLocal.count(spark, "SELECT count(*) FROM " + t + ".snapshots"))
        .isEqualTo(table.snapshots().size())
        .isEqualTo(4);

    // Spark commits on top of Floe's versions, Floe on top of Spark's, and the hint follows
    Path folder = warehouse.resolve("floe_db/events");
    spark.sql("INSERT INTO " + t + " VALUES (1000, 'music', 1.5, 'from spark')");
    assertThat(hint(folder)).isEqualTo(String.valueOf(latestVersion(folder)));
    FloeTable reloaded = floe.loadTable("floe_db.events").refresh();
    assertThat(reloaded.newScan().count()).isEqualTo(241);
    assertThat(folder.resolve("metadata/.version-hint.text.crc")).exists();
    reloaded.newAppend().row(event(1001, "from floe")).commit();
    assertThat(hint(folder)).isEqualTo(String.valueOf(latestVersion(folder)));
    // Hadoop's checksum of Spark's hint would make Hadoop reject Floe's hint
    assertThat(folder.resolve("metadata/.version-hint.text.crc")).doesNotExist();
    spark.sql("ALTER TABLE " + t + " ADD COLUMN channel STRING");
    spark.sql("INSERT INTO " + t + " VALUES (1002, 'music', 2.5, 'from spark', 'web')");
    assertThat(
            SparkLocal.rows(
                spark, "SELECT id, note, channel FROM " + t + " WHERE id >= 1000 ORDER BY id"))
        .containsExactly(
            Arrays.asList(1000L, "from spark", null),
            Arrays.asList(1001L, "from floe", null),
            Arrays.asList(1002L, "from spark", "web"));
    FloeTable last = floe.loadTable("floe_db.events").refresh();
    assertThat(last.schema().findField("channel")).isNotNull();
    assertThat(floeRows(last.newScan()))
        .isEqualTo(sortedById(SparkLocal.rows(spark, "SELECT * FROM " + t)));
  }

  @Test
  void floeReadsAndExtendsWhatSparksHadoopCatalogWrote() throws IOException {
    String t = CATALOG + ".spark_db.orders";
    spark.sql("CREATE NAMESPACE " + CATALOG + ".spark_db");
    spark.sql(
        "CREATE TABLE "
            + t
            + " (id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2)) USING iceberg"
            + " PARTITIONED BY (bucket(4, id)) TBLPROPERTIES ('format-version'='2',"
            + " 'write.delete.mode'='merge-on-read', 'write.update.mode'='merge-on-read')");
    spark.sql(
        "INSERT INTO "
            + t
            + " SELECT id, concat('c', id % 10), CAST(id * 1.5 AS DECIMAL(10,2)) FROM range(0, 300)");
    spark.sql(
        "INSERT INTO "
            + t
            + " SELECT id, concat('c', id % 10), CAST(id AS DECIMAL(10,2)) FROM range(300, 400)");
    spark.sql("DELETE FROM " + t + " WHERE id % 10 = 3");
    spark.sql("ALTER TABLE " + t + " ADD COLUMN channel STRING");
    spark.sql("ALTER TABLE " + t + " RENAME COLUMN customer TO buyer");
    spark.sql("INSERT INTO " + t + " VALUES (1000, 'late', 9.99, 'web')");
    spark.sql("UPDATE " + t + " SET channel = 'store' WHERE buyer = 'c5'");

    assertThat(floe.namespaces()).contains("spark_db");
    assertThat(floe.listTables("spark_db")).containsExactly("spark_db.orders");
    FloeTable table = floe.loadTable("spark_db.orders");
    assertThat(table.schema().columns())
        .extracting(Types.NestedField::name)
        .containsExactly("id", "buyer", "amount", "channel");
    List<List<Object>> fromSpark = SparkLocal.rows(spark, "SELECT * FROM " + t + " ORDER BY id");
    assertThat(fromSpark).hasSize(361).isEqualTo(floeRows(table.newScan()));
    assertThat(table.snapshots())
        .hasSize((int) SparkLocal.count(spark, "SELECT count(*) FROM " + t + ".snapshots"));

    // Floe commits on top of Spark's versions; Spark sees the rows, and commits again
    Path folder = warehouse.resolve("spark_db/orders");
    int before = latestVersion(folder);
    table.newAppend().row(Map.of("id", 2000L, "buyer", "floe", "channel", "sdk")).commit();
    assertThat(latestVersion(folder)).isEqualTo(before + 1);
    assertThat(hint(folder)).isEqualTo(String.valueOf(before + 1));
    assertThat(SparkLocal.rows(spark, "SELECT id, buyer, channel FROM " + t + " WHERE id = 2000"))
        .containsExactly(Arrays.asList(2000L, "floe", "sdk"));
    spark.sql("DELETE FROM " + t + " WHERE id = 1000");
    FloeTable after = floe.loadTable("spark_db.orders").refresh();
    assertThat(floeRows(after.newScan()))
        .hasSize(361)
        .isEqualTo(SparkLocal.rows(spark, "SELECT * FROM " + t + " ORDER BY id"));
  }
}
