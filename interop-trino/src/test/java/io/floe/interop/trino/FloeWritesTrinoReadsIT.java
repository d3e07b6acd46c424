package io.floe.interop.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Floe writes through the shared REST catalog; the real Trino server reads the same rows. */
class FloeWritesTrinoReadsIT {
  private static final String NS = "floe_w";
  static Floe floe;
  static Connection trino;

  @BeforeAll
  static void start() throws SQLException {
    TrinoEnvironment env = TrinoEnvironment.get();
    floe = env.floe();
    floe.createNamespace(NS);
    trino = env.trino();
  }

  @AfterAll
  static void stop() throws SQLException {
    trino.close();
    floe.close();
  }

  private static String t(String table) {
    return TrinoEnvironment.CATALOG + "." + NS + "." + table;
  }

  private static Map<String, Object> typed(long id) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("qty", (int) (id % 7));
    row.put("category", List.of("books", "games", "music").get((int) (id % 3)));
    row.put("price", id * 1.25);
    row.put("ratio", (float) id / 8);
    row.put("flag", id % 2 == 0);
    row.put("amount", BigDecimal.valueOf(id * 101, 2));
    row.put(
        "big_amount", new BigDecimal("12345678901234567890.123456").add(BigDecimal.valueOf(id)));
    row.put("day", LocalDate.of(2026, 1, 1).plusDays(id % 40));
    row.put("at", LocalTime.of(8, 30).plusSeconds(id * 61).plusNanos(id * 1000));
    row.put(
        "ts", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id * 3_601).plusNanos(id * 1000));
    row.put("local_ts", LocalDateTime.of(2026, 2, 1, 12, 0).plusMinutes(id).plusNanos(7000));
    row.put("payload", ByteBuffer.wrap(("p" + id).getBytes(StandardCharsets.UTF_8)));
    byte[] fixed = new byte[4];
    ByteBuffer.wrap(fixed).putInt((int) id);
    row.put("code", fixed);
    row.put("uid", new UUID(id, -id));
    row.put("address", Map.of("city", "c" + (id % 5), "zip", (int) id));
    row.put("tags", List.of("t" + id, "t" + (id + 1)));
    row.put("attrs", Map.of("a", id, "b", -id));
    if (id % 11 == 0) {
      row.put("category", null);
      row.put("price", null);
      row.put("tags", null);
      row.put("address", null);
    }
    return row;
  }

  @Test
  void trinoReadsEveryTypeOfAPartitionedTableAsFloeAndIcebergDo() throws Exception {
    FloeTable table =
        floe.createTable(NS + ".typed")
            .columns(
                s ->
                    s.column("id", Types.LongType.get())
                        .required()
                        .column("qty", Types.IntegerType.get())
                        .column("category", Types.StringType.get())
                        .column("price", Types.DoubleType.get())
                        .column("ratio", Types.FloatType.get())
                        .column("flag", Types.BooleanType.get())
                        .column("amount", Types.DecimalType.of(12, 2))
                        .column("big_amount", Types.DecimalType.of(38, 6))
                        .column("day", Types.DateType.get())
                        .column("at", Types.TimeType.get())
                        .column("ts", Types.TimestampType.withZone())
                        .column("local_ts", Types.TimestampType.withoutZone())
                        .column("payload", Types.BinaryType.get())
                        .column("code", Types.FixedType.ofLength(4))
                        .column("uid", Types.UUIDType.get())
                        .struct(
                            "address",
                            a ->
                                a.column("city", Types.StringType.get())
                                    .column("zip", Types.IntegerType.get()))
                        .list("tags", Types.StringType.get())
                        .map("attrs", Types.StringType.get(), Types.LongType.get()))
            .partitionBy(p -> p.day("ts").identity("category").bucket("id", 4))
            .create();
    for (int batch = 0; batch < 3; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id = batch * 100L; id < batch * 100L + 100; id++) {
        rows.add(typed(id));
      }
      table.newAppend().rows(rows).commit();
    }

    List<List<Object>> fromTrino =
        Rows.trino(trino, "SELECT * FROM " + t("typed") + " ORDER BY id");
    List<List<Object>> fromFloe = Rows.floe(table.refresh().newScan());
    assertThat(fromFloe).hasSize(300).isEqualTo(Rows.generic(table));
    assertThat(fromTrino).isEqualTo(fromFloe);

    // Trino's column types are the Iceberg types Floe wrote
    assertThat(
            Rows.trino(
                trino,
                "SELECT column_name, data_type FROM "
                    + TrinoEnvironment.CATALOG
                    + ".information_schema.columns WHERE table_schema = '"
                    + NS
                    + "' AND table_name = 'typed' ORDER BY ordinal_position"))
        .containsExactly(
            List.of("id", "bigint"),
            List.of("qty", "integer"),
            List.of("category", "varchar"),
            List.of("price", "double"),
            List.of("ratio", "real"),
            List.of("flag", "boolean"),
            List.of("amount", "decimal(12,2)"),
            List.of("big_amount", "decimal(38,6)"),
            List.of("day", "date"),
            List.of("at", "time(6)"),
            List.of("ts", "timestamp(6) with time zone"),
            List.of("local_ts", "timestamp(6)"),
            List.of("payload", "varbinary"),
            List.of("code", "varbinary"),
            List.of("uid", "uuid"),
            List.of("address", "row(city varchar, zip integer)"),
            List.of("tags", "array(varchar)"),
            List.of("attrs", "map(varchar, bigint)"));

    // filters on partition and data columns select the same rows in both engines
    List<List<Object>> books =
        Rows.trino(
            trino,
            "SELECT * FROM "
                + t("typed")
                + " WHERE category = 'books' AND ts >= TIMESTAMP '2026-01-03 00:00:00 UTC'"
                + " AND address.zip > 10 ORDER BY id");
    List<List<Object>> floeBooks =
        Rows.floe(
            table
                .newScan()
                .where(
                    Expressions.and(
                        Expressions.equal("category", "books"),
                        Expressions.and(
                            Expressions.greaterThanOrEqual("ts", "2026-01-03T00:00:00+00:00"),
                            Expressions.greaterThan("address.zip", 10)))));
    assertThat(books).isNotEmpty().isEqualTo(floeBooks);
    assertThat(
            Rows.trinoLong(trino, "SELECT count(*) FROM " + t("typed") + " WHERE category IS NULL"))
        .isEqualTo(table.newScan().where(Expressions.isNull("category")).count())
        .isEqualTo(28);
    assertThat(
            Rows.trino(
                trino,
                "SELECT uid, tags[2], attrs['b'], address.city FROM "
                    + t("typed")
                    + " WHERE uid = UUID '"
                    + new UUID(7, -7)
                    + "'"))
        .containsExactly(List.of(new UUID(7, -7).toString(), "t8", -7L, "c2"));
  }
}
