package io.floe.samples;

import io.floe.Filter;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ObjectStream;
import io.floe.RowStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Types;

/**
 * Filters written as SQL text and rows read as Java records: the typed read side of {@code
 * objects(...)}. Run {@link #run(Path)} on a fresh folder; it returns what it read.
 */
public final class FiltersAndObjects {
  private FiltersAndObjects() {}

  /**
   * A row of the {@code analytics.orders} table; {@code placedAt} is column {@code placed_at}.
   *
   * @param id the order id
   * @param placedAt when the order was placed
   * @param category the product category
   * @param amount the amount, or null
   */
  public record Order(long id, Instant placedAt, String category, Double amount) {}

  /**
   * What a run read.
   *
   * @param books the book orders of 2026, read as records
   * @param changes the number of changes the changelog scan found for ids 1 to 3
   */
  public record Result(List<Order> books, long changes) {}

  /**
   * Writes a few orders as records, reads them back with a text filter, and deletes by text.
   *
   * @param warehouse an empty or missing warehouse folder
   * @return what was read
   */
  public static Result run(Path warehouse) {
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable orders =
          floe.createTable("analytics.orders")
              .column("id", Types.LongType.get())
              .required()
              .column("placed_at", Types.TimestampType.withZone())
              .column("category", Types.StringType.get())
              .column("amount", Types.DoubleType.get())
              .create();
      List<Order> written = new ArrayList<>();
      for (long id = 1; id <= 6; id++) {
        written.add(
            new Order(
                id,
                Instant.parse("2025-12-30T00:00:00Z").plusSeconds(86_400 * id),
                id % 2 == 0 ? "books" : "games",
                id == 6 ? null : id * 10.0));
      }
      orders.newAppend().objects(written).commit();

      List<Order> books;
      try (ObjectStream<Order> hits =
          orders
              .newScan()
              .where("category = 'books' and placed_at >= timestamp '2026-01-01'")
              .as(Order.class)) {
        books = hits.toList();
      }
      orders.newDelete().where("category = 'games' and amount > 40").commit();

      // Filter.parse gives an Iceberg expression where a scan takes only one
      Expression firstThree = Filter.parse("id between 1 and 3");
      long changes;
      try (RowStream rows = orders.newChangelogScan().where(firstThree).rows()) {
        changes = rows.stream().count();
      }
      return new Result(books, changes);
    }
  }
}
