package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.Floe;
import io.floe.FloeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.iceberg.types.Types;

/**
 * A local warehouse with table {@code shop.orders}: 4 rows in 2 appends, partitioned by category.
 */
final class Fixture {
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixture() {}

  /** Creates {@code dir/warehouse} with the table, through the production stack (Floe.local). */
  static void create(Path dir) {
    try (Floe floe = Floe.local(dir.resolve("warehouse"))) {
      floe.createNamespace("shop");
      FloeTable t =
          floe.createTable("shop.orders")
              .column("id", Types.LongType.get())
              .required()
              .column("ts", Types.TimestampType.withZone())
              .column("category", Types.StringType.get())
              .column("amount", Types.DoubleType.get())
              .partitionBy(p -> p.identity("category"))
              .create();
      t.newAppend()
          .row(row(1, "2026-01-01T00:00:00Z", "books", 10.5))
          .row(row(2, "2026-01-02T00:00:00Z", "games", 3.0))
          .commit();
      t.newAppend()
          .row(row(3, "2026-01-03T00:00:00Z", "books", 7.25))
          .row(row(4, "2026-01-04T00:00:00Z", "games", 1.0))
          .commit();
    }
  }

  private static Map<String, Object> row(long id, String ts, String category, double amount) {
    return Map.of("id", id, "ts", Instant.parse(ts), "category", category, "amount", amount);
  }

  /** Opens the fixture's warehouse to read what the CLI should print. */
  static Floe open(Path dir) {
    return Floe.local(dir.resolve("warehouse"));
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
