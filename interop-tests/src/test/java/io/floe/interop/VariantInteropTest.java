package io.floe.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format v3 {@code variant} and nanosecond timestamp columns between Floe and Spark 4.1 with
 * Iceberg's Spark integration 1.11: variants go both ways (shredded Floe files too); Spark's
 * integration cannot read {@code timestamp_ns} columns at all (asserted, so that a release that can
 * shows up here).
 */
class VariantInteropTest {
  private static final String CATALOG = "floe_variant";
  private static final List<String> DOCUMENTS =
      List.of(
          "{\"user\":{\"id\":7,\"tags\":[\"a\",\"b\"]},\"price\":12.5,\"n\":3}",
          "[1,null,true,\"x\",{\"deep\":[[-2]]}]",
          "{\"user\":\"not an object\",\"n\":\"three\"}",
          "\"just a string\"",
          "-9007199254740993",
          "null");
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

  private static FloeTable floeTable(String name, Map<String, String> props) {
    FloeTable table =
        floe.createTable(name)
            .columns(c -> c.column("id", Types.LongType.get()).required().variant("payload"))
            .properties(props)
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS.size(); i++) {
      rows.add(Map.of("id", (long) i, "payload", DOCUMENTS.get(i)));
    }
    table.newAppend().rows(rows).commit();
    return table;
  }

  @Test
  void sparkReadsFloesVariantsPlainAndShredded() {
    floeTable("db.plain", Map.of());
    floeTable(
        "db.shredded",
        Map.of("floe.variant.shredded-fields.payload", "n:long, price:decimal(9,1)"));
    for (String table : List.of("db.plain", "db.shredded")) {
      List<List<Object>> rows =
          SparkLocal.rows(
              spark,
              "SELECT id, to_json(payload), try_variant_get(payload, '$.user.id', 'int'),"
                  + " try_variant_get(payload, '$.n', 'long') FROM "
                  + CATALOG
                  + "."
                  + table
                  + " ORDER BY id");
      assertThat(rows).hasSize(DOCUMENTS.size());
      for (int i = 0; i < DOCUMENTS.size(); i++) {
        // Spark's JSON of the variant is the same JSON tree as the one Floe was given
        assertThat(Variant.parseJson((String) rows.get(i).get(1)))
            .as("%s row %d", table, i)
            .isEqualTo(Variant.parseJson(DOCUMENTS.get(i)));
      }
      assertThat(rows.get(0).subList(2, 4)).containsExactly(7, 3L);
      assertThat(rows.get(2).get(3)).isNull(); // "three" is not a long
    }
  }

  @Test
  void floeReadsSparksVariants() {
    spark.sql(
        "CREATE TABLE "
            + CATALOG
            + ".db.from_spark (id bigint, payload variant) USING iceberg"
            + " TBLPROPERTIES ('format-version'='3')");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < DOCUMENTS.size(); i++) {
      values
          .append(i == 0 ? "" : ", ")
          .append("(")
          .append(i)
          .append(", parse_json('")
          .append(DOCUMENTS.get(i))
          .append("'))");
    }
    spark.sql("INSERT INTO " + CATALOG + ".db.from_spark VALUES " + values);
    FloeTable table = floe.loadTable("db.from_spark");
    Map<Long, Variant> read = new TreeMap<>();
    try (RowStream rows = table.newScan().rows()) {
      for (Row row : rows) {
        read.put(row.get("id", Long.class), row.get("payload", Variant.class));
      }
    }
    assertThat(read).hasSize(DOCUMENTS.size());
    for (int i = 0; i < DOCUMENTS.size(); i++) {
      assertThat(read.get((long) i)).as("row %d", i).isEqualTo(Variant.parseJson(DOCUMENTS.get(i)));
    }
    assertThat(read.get(0L).get("user.tags[1]").map(Variant::asString)).contains("b");
  }

  @Test
  void sparkCannotReadNanosecondTimestamps() {
    FloeTable table =
        floe.createTable("db.nanos")
            .columns(c -> c.column("id", Types.LongType.get()).required().timestampNanos("ts"))
            .create();
    table
        .newAppend()
        .rows(List.of(Map.of("id", 1L, "ts", "2026-01-02T03:04:05.123456789")))
        .commit();
    assertThat(table.newScan().rows().iterator().next().get("ts").toString())
        .isEqualTo("2026-01-02T03:04:05.123456789");
    // Iceberg 1.11's Spark 4.1 integration has no mapping for timestamp_ns (Spark's timestamps
    // are microseconds): loading the table fails, whoever wrote it
    assertThatThrownBy(() -> spark.sql("SELECT * FROM " + CATALOG + ".db.nanos").collectAsList())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("Cannot convert unsupported type to Spark: timestamp_ns");
  }
}
