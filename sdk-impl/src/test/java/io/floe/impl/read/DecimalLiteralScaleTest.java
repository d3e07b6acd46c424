package io.floe.impl.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decimal literal whose scale differs from its column's ({@code price = 1.5} on a {@code
 * decimal(9, 2)} column holding {@code 1.50}) finds the row through every pruning step: bucket and
 * truncate partitions and Bloom filters hash or cut the unscaled value, so the literal must have
 * the column's scale.
 */
class DecimalLiteralScaleTest {
  @TempDir Path dir;

  @Test
  void decimalLiteralsOfAnotherScaleFindTheirRows() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable bucketed =
          floe.createTable("db.bucketed")
              .column("id", Types.LongType.get())
              .column("price", Types.DecimalType.of(9, 2))
              .partitionBy(p -> p.bucket("price", 8))
              .create();
      FloeTable truncated =
          floe.createTable("db.truncated")
              .column("id", Types.LongType.get())
              .column("price", Types.DecimalType.of(9, 2))
              .partitionBy(p -> p.truncate("price", 100))
              .create();
      FloeTable bloom =
          floe.createTable("db.bloom")
              .column("id", Types.LongType.get())
              .column("price", Types.DecimalType.of(9, 2))
              .bloomFilter("price")
              .create();
      for (FloeTable table : List.of(bucketed, truncated, bloom)) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
          rows.add(
              Map.of(
                  "id", i, "price", BigDecimal.valueOf(i * 50, 2))); // 0.00, 0.50, 1.00, 1.50, ...
        }
        table.newAppend().rows(rows).commit();
        String name = table.name();
        assertThat(table.newScan().where("price = 1.5").count()).as(name).isEqualTo(1);
        assertThat(table.newScan().where(Expressions.equal("price", new BigDecimal("1.5"))).count())
            .as(name)
            .isEqualTo(1);
        assertThat(table.newScan().where("price in (1.5, 2.0)").count()).as(name).isEqualTo(2);
        assertThat(table.newScan().where("price >= 1.5 and price < 3").count())
            .as(name)
            .isEqualTo(3);
        assertThat(table.newScan().where("price > 1.499").count()).as(name).isEqualTo(37);
        assertThat(table.newScan().where("price = 1.501").count()).as(name).isEqualTo(0);
        assertThat(table.newScan().where("price <> 1.501").count()).as(name).isEqualTo(40);
        assertThat(table.newScan().where("price <= 1.999 and price >= 0.001").count())
            .as(name)
            .isEqualTo(3);
        // deletes find the row the same way
        table.newDelete().where("price = 1.5").commit();
        assertThat(table.newScan().count()).as(name).isEqualTo(39);
        assertThat(table.newScan().where("price = 1.50").count()).as(name).isEqualTo(0);
      }
    }
  }
}
