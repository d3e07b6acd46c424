package io.floe.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL over a table with a variant column: the column arrives as its two binaries. */
class SqlVariantTest {
  @TempDir Path tmp;

  @Test
  void variantColumnsReachDuckDbAsTheirBinaries() {
    try (Floe floe = Floe.local(tmp.resolve("wh"));
        FloeSql sql = FloeSql.builder(floe).memoryLimit("256MB").threads(1).build()) {
      FloeTable table =
          floe.createTable("db.events")
              .columns(c -> c.column("id", Types.LongType.get()).required().variant("payload"))
              .create();
      table
          .newAppend()
          .rows(
              List.of(
                  Map.of("id", 1L, "payload", "{\"a\": 1}"), Map.of("id", 2L, "payload", "[true]")))
          .commit();
      List<Row> rows = new ArrayList<>();
      try (SqlResult result =
              sql.query("SELECT id, octet_length(payload.value) AS n FROM db.events WHERE id > 1");
          RowStream stream = result.rows()) {
        stream.forEach(rows::add);
      }
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).get("id")).isEqualTo(2L);
      assertThat(((Number) rows.get(0).get("n")).longValue()).isPositive();
    }
  }
}
