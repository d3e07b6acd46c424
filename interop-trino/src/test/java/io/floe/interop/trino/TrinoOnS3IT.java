package io.floe.interop.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.WriteMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both directions on S3: Floe's S3FileIO and Trino's native S3 file system against one s3proxy
 * (signature checking on), through the REST catalog whose warehouse is {@code s3://...}.
 */
class TrinoOnS3IT {
  private static final String NS = "s3_ns";
  static Floe floe;
  static Connection trino;

  @BeforeAll
  static void start() throws SQLException {
    TrinoEnvironment env = TrinoEnvironment.get();
    floe = env.floeOnS3();
    floe.createNamespace(NS);
    trino = env.trino(TrinoEnvironment.S3_CATALOG);
    trino.setSchema(NS);
  }

  @AfterAll
  static void stop() throws SQLException {
    trino.close();
    floe.close();
  }

  @Test
  void trinoReadsWhatFloeWritesOnS3AndFloeReadsWhatTrinoWrites() throws Exception {
    FloeTable table =
        floe.createTable(NS + ".events")
            .column("id", Types.LongType.get())
            .required()
            .column("kind", Types.StringType.get())
            .column("ts", Types.TimestampType.withZone())
            .partitionBy(p -> p.identity("kind").day("ts"))
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 100; id++) {
      rows.add(
          Map.of(
              "id",
              id,
              "kind",
              id % 3 == 0 ? "click" : "view",
              "ts",
              Instant.parse("2026-05-01T00:00:00Z").plusSeconds(id * 3_600)));
    }
    table.newAppend().rows(rows).commit();
    table.newDelete().where(Expressions.lessThan("id", 5L)).mode(WriteMode.MERGE_ON_READ).commit();
    assertThat(table.location()).startsWith("s3://");

    String sql = "SELECT * FROM events ORDER BY id";
    assertThat(Rows.trino(trino, sql)).hasSize(95).isEqualTo(Rows.floe(table.refresh().newScan()));

    // Trino writes data files and position deletes to S3; Floe reads them
    Rows.execute(
        trino, "INSERT INTO events VALUES (100, 'buy', TIMESTAMP '2026-05-09 12:00:00 UTC')");
    Rows.execute(trino, "UPDATE events SET kind = 'seen' WHERE id BETWEEN 10 AND 14");
    Rows.execute(trino, "DELETE FROM events WHERE kind = 'click' AND id > 90");
    List<List<Object>> fromTrino = Rows.trino(trino, sql);
    assertThat(fromTrino).hasSize(93).isEqualTo(Rows.floe(table.refresh().newScan()));
    // position delete files from Floe's delete, Trino's UPDATE and Trino's DELETE
    assertThat(Rows.trinoLong(trino, "SELECT count(*) FROM \"events$files\" WHERE content = 1"))
        .isGreaterThanOrEqualTo(3);
    assertThat(
            Rows.trinoLong(
                trino,
                "SELECT count(*) FROM \"events$files\" WHERE file_path NOT LIKE 's3://floe-trino/%'"))
        .isZero();
  }
}
