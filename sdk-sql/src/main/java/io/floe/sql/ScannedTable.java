package io.floe.sql;

import io.floe.parquet.ArrowBatches;
import io.floe.parquet.ScanMetrics;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.expressions.Expression;

/**
 * One table a query read: the Floe scan behind it, with what was pushed into it (the columns and
 * the filter) and what it did ({@link ScanMetrics}: files and row groups read and pruned).
 *
 * <p>Immutable apart from {@link #metrics()}, which is a snapshot taken when called (the scan may
 * still be running while the query's result is read); safe to share between threads.
 *
 * <pre>{@code
 * SqlExplain explain = sql.explain("SELECT count(*) FROM shop.orders WHERE id = ?", 42L);
 * for (ScannedTable t : explain.scans()) {
 *   System.out.println(t.table() + " " + t.filter() + " " + t.metrics().rowGroupsRead());
 * }
 * }</pre>
 */
public final class ScannedTable {
  private final String table;
  private final String reference;
  private final Long snapshotId;
  private final String ref;
  private final List<String> columns;
  private final Expression filter;
  private final int planScans;
  private final ArrowBatches batches;
  private final int engineFiles;
  private final long planningSkippedFiles;

  ScannedTable(
      String table,
      String reference,
      Long snapshotId,
      String ref,
      List<String> columns,
      Expression filter,
      int planScans,
      ArrowBatches batches,
      int engineFiles,
      long planningSkippedFiles) {
    this.table = table;
    this.reference = reference;
    this.snapshotId = snapshotId;
    this.ref = ref;
    this.columns = List.copyOf(columns);
    this.filter = filter;
    this.planScans = planScans;
    this.batches = batches;
    this.engineFiles = engineFiles;
    this.planningSkippedFiles = planningSkippedFiles;
  }

  /**
   * The table's name as the query wrote it ({@code ns.table} or {@code catalog.ns.table}).
   *
   * @return the table name
   */
  public String table() {
    return table;
  }

  /**
   * The reference as written in the query, with its {@code AT (...)} clause if any.
   *
   * @return the text of the table reference
   */
  public String reference() {
    return reference;
  }

  /**
   * The snapshot read, when the query named one or the table had a current snapshot when the query
   * started; empty for a time-travel by timestamp and for a table without snapshots.
   *
   * @return the snapshot id
   */
  public OptionalLong snapshotId() {
    return snapshotId == null ? OptionalLong.empty() : OptionalLong.of(snapshotId);
  }

  /**
   * The branch or tag read, when the query named one with {@code AT (VERSION => 'name')}.
   *
   * @return the ref name
   */
  public Optional<String> ref() {
    return Optional.ofNullable(ref);
  }

  /**
   * The columns Floe read for this reference: those DuckDB's plan uses, in table order.
   *
   * @return the projected columns
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * The filter pushed into Floe's scan ({@code alwaysTrue} when none); DuckDB applies the query's
   * own filters again on the rows Floe returns.
   *
   * @return the Floe filter
   */
  public Expression filter() {
    return filter;
  }

  /**
   * How many scans of this reference DuckDB's plan has; above one, the reference is read once into
   * a DuckDB temporary table and scanned from there.
   *
   * @return the number of scans in the plan
   */
  public int planScans() {
    return planScans;
  }

  /**
   * How many of the planned data files DuckDB read itself ({@link FloeSql.FileReads#ENGINE}); their
   * row groups, bytes and rows are not in {@link #metrics()}.
   *
   * @return the number of files, 0 when Floe's scan read them all
   */
  public int engineFiles() {
    return engineFiles;
  }

  /**
   * How many data files of the snapshot Floe's planning pruned (partitions, file statistics) before
   * either reader saw them.
   *
   * @return the number of files, 0 when unknown
   */
  public long planningSkippedFiles() {
    return planningSkippedFiles;
  }

  /**
   * What Floe's scan did so far: files and row groups read and pruned, bytes and rows. Files DuckDB
   * read itself ({@link #engineFiles()}) are not counted.
   *
   * @return a snapshot of the scan's metrics
   */
  public ScanMetrics metrics() {
    return batches.metrics();
  }

  @Override
  public String toString() {
    return "ScannedTable{table="
        + table
        + (snapshotId == null ? "" : ", snapshot=" + snapshotId)
        + (ref == null ? "" : ", ref=" + ref)
        + ", columns="
        + columns
        + ", filter="
        + filter
        + (engineFiles == 0 ? "" : ", engineFiles=" + engineFiles)
        + ", metrics="
        + metrics()
        + "}";
  }
}
