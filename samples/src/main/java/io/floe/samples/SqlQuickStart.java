package io.floe.samples;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.sql.FloeSql;
import io.floe.sql.SqlExplain;
import io.floe.sql.SqlResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;

/**
 * SQL over Floe's tables ({@code floe-sdk-sql}): an aggregation, a join with a bound parameter,
 * time travel, what Floe's scans pruned, and writes ({@code CREATE TABLE ... AS}, {@code INSERT
 * INTO}), on a local warehouse.
 */
public final class SqlQuickStart {
  private SqlQuickStart() {}

  /**
   * Runs the sample.
   *
   * @param args the warehouse folder (optional)
   */
  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "target/sql-warehouse"), System.out);
  }

  /**
   * Writes two tables and queries them with SQL.
   *
   * @param warehouse the warehouse folder
   * @param out where the results are printed
   * @return the number of orders of customer 3 over 40.0, counted with SQL
   */
  public static long run(Path warehouse, PrintStream out) {
    try (Floe floe = Floe.local(warehouse);
        FloeSql sql = FloeSql.builder(floe).memoryLimit("512MB").build()) {
      FloeTable orders =
          floe.createTable("shop.orders")
              .column("id", Types.LongType.get())
              .required()
              .column("customer", Types.LongType.get())
              .column("amount", Types.DoubleType.get())
              .createOrLoad();
      FloeTable customers =
          floe.createTable("shop.customers")
              .column("id", Types.LongType.get())
              .required()
              .column("name", Types.StringType.get())
              .createOrLoad();
      for (int file = 0; file < 4; file++) { // four files with disjoint ids
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long id = file * 2500L; id < (file + 1) * 2500L; id++) {
          rows.add(Map.of("id", id, "customer", id % 10, "amount", (double) (id % 50)));
        }
        orders.newAppend().rows(rows).commit();
      }
      long before = orders.currentSnapshot().orElseThrow().snapshotId();
      orders.newAppend().row(Map.of("id", 10_000L, "customer", 3L, "amount", 99.0)).commit();
      List<Map<String, Object>> names = new ArrayList<>();
      for (long id = 0; id < 10; id++) {
        names.add(Map.of("id", id, "name", "customer-" + id));
      }
      customers.newAppend().rows(names).commit();

      // an aggregation over a join; the value is bound to ?, never spliced into the text
      long count = 0;
      try (SqlResult result =
          sql.query(
              "SELECT c.name, count(*) AS orders, sum(o.amount) AS total"
                  + " FROM shop.orders o JOIN shop.customers c ON o.customer = c.id"
                  + " WHERE o.amount > ? AND c.id = 3 GROUP BY c.name",
              40.0)) {
        for (Row row : result.rows()) {
          count = row.get("orders", Long.class);
          out.printf(
              "%s: %d orders over 40.0, %.1f in total%n", row.get("name"), count, row.get("total"));
        }
      }

      // time travel: the table as it was before the last append
      try (SqlResult result =
          sql.query("SELECT count(*) AS n FROM shop.orders AT (VERSION => " + before + ")")) {
        out.printf("orders at snapshot %d: %s%n", before, result.rows().toList().get(0).get("n"));
      }

      // writes: a new table from a query, an insert into it, a delete (one Floe commit each)
      floe.dropTable("shop.totals"); // the sample may run again on the same warehouse
      long created =
          sql.execute(
              "CREATE TABLE shop.totals AS SELECT customer, count(*) AS orders,"
                  + " sum(amount) AS total FROM shop.orders GROUP BY customer");
      long inserted =
          sql.execute("INSERT INTO shop.totals (customer, orders) VALUES (?, ?)", 99L, 0L);
      // a delete through the table's newDelete(): exactly the rows where the predicate is TRUE
      long deleted = sql.execute("DELETE FROM shop.totals WHERE orders = ?", 0L);
      out.printf(
          "shop.totals: %d rows created, %d inserted, %d deleted%n", created, inserted, deleted);

      // what was pushed into Floe's scan, and what it pruned
      SqlExplain explain =
          sql.explain("SELECT id, amount FROM shop.orders WHERE id BETWEEN ? AND ?", 5000L, 5009L);
      out.print(explain);
      return count;
    }
  }
}
