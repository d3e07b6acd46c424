package io.floe.samples;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.profile.TableProfile;
import io.floe.profile.TableProfiler;
import io.floe.quality.Constraint;
import io.floe.quality.ConstraintViolationException;
import io.floe.quality.QualityMode;
import io.floe.quality.QualitySummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Data quality (docs/quality.md): rules stored with a table, a write rejected whole, then the same
 * rules in quarantine mode (good rows committed, bad rows kept in {@code orders__quarantine} with
 * the rule they broke), and a profile of the table from its manifests plus theta-sketch distinct
 * counts stored as Puffin statistics ({@code floe-quality}).
 */
public final class QualityQuickStart {
  private QualityQuickStart() {}

  /**
   * Runs the sample.
   *
   * @param args the warehouse folder (optional)
   */
  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "target/quality-sample"), System.out);
  }

  private static Map<String, Object> order(long id, String email, String status, double amount) {
    java.util.HashMap<String, Object> row = new java.util.HashMap<>();
    row.put("id", id);
    row.put("email", email);
    row.put("status", status);
    row.put("amount", amount);
    return row;
  }

  /**
   * Declares rules, writes good and bad rows in both modes, profiles the table.
   *
   * @param warehouse the warehouse folder
   * @param out where the results are printed
   * @return the rows quarantined
   */
  public static long run(Path warehouse, PrintStream out) {
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable orders =
          floe.createTable("shop.orders")
              .column("id", Types.LongType.get())
              .required()
              .column("email", Types.StringType.get())
              .column("status", Types.StringType.get())
              .column("amount", Types.DoubleType.get())
              .create();
      orders
          .updateConstraints()
          .add(Constraint.notNull("email"))
          .add(Constraint.matches("email", "[^@\\s]+@[^@\\s]+"))
          .add(Constraint.allowedValues("status", "new", "paid", "shipped"))
          .add(Constraint.between("amount", 0.0, 10_000.0))
          .add(Constraint.unique("id"))
          .add(
              Constraint.check(
                  "paid_orders_cost_something",
                  Expressions.or(
                      Expressions.notEqual("status", "paid"),
                      Expressions.greaterThan("amount", 0.0))))
          .mode(QualityMode.REJECT)
          .commit();
      out.println("rules: " + orders.constraints().constraints().size());

      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id = 1; id <= 1000; id++) {
        rows.add(order(id, "user" + id + "@example.com", id % 2 == 0 ? "paid" : "new", id * 1.5));
      }
      rows.set(41, order(42, "not-an-email", "new", 3.0));
      rows.set(99, order(100, "u100@example.com", "lost", 3.0));
      rows.set(499, order(7, "u7@example.com", "new", 3.0)); // id 7 again
      try {
        orders.newAppend().rows(rows).commit();
      } catch (ConstraintViolationException e) {
        out.println("rejected: row " + e.row() + ", rule " + e.rule() + ", value " + e.value());
      }
      out.println("snapshots after reject: " + orders.refresh().snapshots().size());

      orders.updateConstraints().mode(QualityMode.QUARANTINE).commit();
      AppendResult result = orders.newAppend().rows(rows).commit();
      QualitySummary summary = QualitySummary.of(result.summary()).orElseThrow();
      out.println(
          "committed: "
              + result.addedRecords()
              + " rows, quarantined: "
              + summary.quarantinedRows()
              + " "
              + new java.util.TreeMap<>(summary.quarantinedByRule())
              + " in "
              + summary.quarantineTable());
      try (RowStream bad = floe.loadTable(summary.quarantineTable()).newScan().rows()) {
        for (Row r : bad) {
          out.println("  quarantined row " + r.get("_row") + ": " + r.get("_reason"));
        }
      }

      TableProfile profile = TableProfiler.of(orders).computeSketches("id", "status");
      out.println("profile: " + profile.toJson());
      return summary.quarantinedRows();
    }
  }
}
