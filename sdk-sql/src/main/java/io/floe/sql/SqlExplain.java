package io.floe.sql;

import java.util.List;

/**
 * What a query did, from {@link FloeSql#explain}: for each table reference the projection and
 * filter pushed into Floe's scan and the scan's metrics (files and row groups read and pruned), the
 * number of result rows, and DuckDB's physical plan used to find the pushdown.
 *
 * <p>Immutable; safe to share between threads.
 *
 * <pre>{@code
 * SqlExplain explain = sql.explain("SELECT sum(amount) FROM shop.orders WHERE id BETWEEN ? AND ?", 1L, 99L);
 * System.out.println(explain);
 * }</pre>
 */
public final class SqlExplain {
  private final String sql;
  private final String plan;
  private final List<ScannedTable> scans;
  private final long rows;

  SqlExplain(String sql, String plan, List<ScannedTable> scans, long rows) {
    this.sql = sql;
    this.plan = plan;
    this.scans = List.copyOf(scans);
    this.rows = rows;
  }

  /**
   * The statement.
   *
   * @return the SQL text as given
   */
  public String sql() {
    return sql;
  }

  /**
   * DuckDB's physical plan of the statement over empty stand-ins of the tables, as JSON ({@code
   * EXPLAIN (FORMAT JSON)}), from which the pushdown was read; {@code []} for a query whose top
   * {@code SELECT} reads one table directly (no join, subquery or CTE), whose pushdown Floe reads
   * from the statement itself.
   *
   * @return the plan
   */
  public String plan() {
    return plan;
  }

  /**
   * The table references the query read, in statement order, with their final metrics.
   *
   * @return the scans
   */
  public List<ScannedTable> scans() {
    return scans;
  }

  /**
   * The number of rows the query returned.
   *
   * @return the row count
   */
  public long rows() {
    return rows;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("SqlExplain: ").append(rows).append(" rows\n");
    for (ScannedTable t : scans) {
      out.append("  ").append(t.reference()).append('\n');
      out.append("    snapshot: ")
          .append(t.snapshotId().isPresent() ? t.snapshotId().getAsLong() : "-");
      t.ref().ifPresent(r -> out.append(" (ref ").append(r).append(')'));
      out.append("\n    columns:  ").append(t.columns());
      out.append("\n    filter:   ").append(t.filter());
      var m = t.metrics();
      out.append("\n    files:    ")
          .append(m.dataFiles())
          .append(" read by Floe, ")
          .append(t.engineFiles())
          .append(" read by DuckDB, ")
          .append(t.planningSkippedFiles())
          .append(" pruned by planning")
          .append("\n    row groups: ")
          .append(m.rowGroups())
          .append(" (")
          .append(m.rowGroupsRead())
          .append(" read, ")
          .append(m.rowGroupsPrunedByStats())
          .append(" pruned by statistics, ")
          .append(m.rowGroupsPrunedByDictionary())
          .append(" by dictionaries, ")
          .append(m.rowGroupsPrunedByBloomFilter())
          .append(" by Bloom filters, ")
          .append(m.rowGroupsPrunedByFilterColumns())
          .append(" after reading the filter columns)")
          .append("\n    rows:     ")
          .append(m.rowsReturned())
          .append(" returned, ")
          .append(m.rowsDeleted())
          .append(" deleted, ")
          .append(m.rowsFiltered())
          .append(" filtered; ")
          .append(m.bytesRead())
          .append(" bytes read\n");
    }
    return out.toString();
  }
}
