package io.floe.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A row scan that was closed: what it planned, pruned and returned. Counts Floe does not know for a
 * scan are {@code -1}. Immutable and thread-safe.
 *
 * <pre>{@code
 * public void onScan(ScanEvent scan) {
 *   System.out.println(scan.table() + ": " + scan.rows() + " rows, " + scan.filesPruned() + " files pruned");
 * }
 * }</pre>
 *
 * @param time when the scan ended
 * @param catalog the name of the catalog the handle opened
 * @param table the table's full name, as the user addressed it
 * @param principal the principal configured on the handle ({@link io.floe.FloeConfig#PRINCIPAL}),
 *     the empty string when none is
 * @param snapshotId the snapshot read, {@code -1} for an empty table
 * @param filter the scan's filter as text, {@code "true"} for none
 * @param columns the columns returned
 * @param planning the time spent planning files (zero when the scan planned nothing)
 * @param filesRead the data files planned to be read
 * @param filesPruned the data files of the snapshot that planning pruned
 * @param rowGroupsRead the Parquet row groups read, {@code -1} when unknown
 * @param rowGroupsPruned the Parquet row groups skipped, {@code -1} when unknown
 * @param rows the rows returned
 * @param bytes the size of the data files planned to be read
 * @param duration the time from opening to closing the scan (planning included)
 * @param outcome {@link Outcome#SUCCESS}, or {@link Outcome#FAILED} when reading threw
 * @param failure the class name of the exception a failed scan threw, else the empty string
 */
public record ScanEvent(
    Instant time,
    String catalog,
    String table,
    String principal,
    long snapshotId,
    String filter,
    List<String> columns,
    Duration planning,
    long filesRead,
    long filesPruned,
    long rowGroupsRead,
    long rowGroupsPruned,
    long rows,
    long bytes,
    Duration duration,
    Outcome outcome,
    String failure) {

  /**
   * Copies the columns and checks the values.
   *
   * @param time when the scan ended
   * @param catalog the catalog name
   * @param table the table's full name
   * @param principal the configured principal, or the empty string
   * @param snapshotId the snapshot read
   * @param filter the filter as text
   * @param columns the columns returned
   * @param planning the planning time
   * @param filesRead the data files planned
   * @param filesPruned the data files pruned
   * @param rowGroupsRead the row groups read
   * @param rowGroupsPruned the row groups skipped
   * @param rows the rows returned
   * @param bytes the size of the files planned
   * @param duration the scan's duration
   * @param outcome how it ended
   * @param failure the exception's class name, or the empty string
   * @throws NullPointerException when an object argument is null
   */
  public ScanEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(filter, "filter");
    columns = List.copyOf(columns);
    Objects.requireNonNull(planning, "planning");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(failure, "failure");
  }
}
