package io.floe;

import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;

/**
 * Reads the rows appended between two snapshots of a branch: the data files added by its append
 * snapshots, for incremental processing. Snapshots that overwrite, delete or compact data are
 * skipped. Immutable and thread-safe: every method returns a new scan.
 *
 * <pre>{@code
 * try (RowStream added = table.newIncrementalScan()
 *         .fromSnapshotExclusive(lastProcessed)
 *         .toSnapshot(current)
 *         .rows()) {
 *   added.forEach(this::process);
 * }
 * }</pre>
 */
public non-sealed interface IncrementalScan extends ArrowReadable {

  /**
   * Starts after a snapshot (its rows are not included).
   *
   * @param snapshotId an ancestor of the end snapshot
   * @return a new scan
   * @throws IllegalStateException when a start was already chosen
   */
  IncrementalScan fromSnapshotExclusive(long snapshotId);

  /**
   * Starts at a snapshot (its rows are included).
   *
   * @param snapshotId an ancestor of the end snapshot
   * @return a new scan
   * @throws IllegalStateException when a start was already chosen
   */
  IncrementalScan fromSnapshotInclusive(long snapshotId);

  /**
   * Ends at a snapshot (included); by default the branch's head.
   *
   * @param snapshotId the last snapshot
   * @return a new scan
   */
  IncrementalScan toSnapshot(long snapshotId);

  /**
   * Follows a branch instead of {@code main}; ends at its head unless {@link #toSnapshot(long)}.
   *
   * @param branch the branch name
   * @return a new scan
   */
  IncrementalScan useBranch(String branch);

  /**
   * Reads only these columns.
   *
   * @param columns dotted column names
   * @return a new scan
   */
  IncrementalScan select(String... columns);

  /**
   * Keeps only rows matching a filter; repeated calls are combined with AND.
   *
   * @param filter an Iceberg expression
   * @return a new scan
   */
  IncrementalScan where(Expression filter);

  /**
   * Keeps only rows matching a filter written as a SQL {@code WHERE} clause, in the grammar of
   * {@link Scan#where(String)}; repeated calls are combined with AND.
   *
   * @param filter the filter text
   * @return a new scan
   * @throws ValidationException when the text is not a valid filter; the message shows the text and
   *     the position of the offending token
   */
  IncrementalScan where(String filter);

  /**
   * The schema of the returned rows.
   *
   * @return the projected schema
   * @throws ValidationException when a selected column does not exist
   */
  Schema schema();

  /**
   * Runs the scan; close the result to release files.
   *
   * @return the appended rows, with deletes committed up to the end snapshot applied
   * @throws NotFoundException when a snapshot or branch does not exist
   * @throws ValidationException when the start is not an ancestor of the end
   * @throws FloeIOException when a file cannot be read
   */
  RowStream rows();

  /**
   * Runs the scan, reading each appended row into a Java record or POJO as {@link Scan#as(Class)}
   * does; close the result to release files.
   *
   * @param <T> the type of the objects
   * @param type a record class, or a class with a no-argument constructor
   * @return the objects, one per appended row
   * @throws ValidationException naming the table, the class and the field when a field has no
   *     column or a column's type cannot convert to the field's type, and (while reading) when a
   *     null reaches a primitive field
   * @throws NotFoundException when a snapshot or branch does not exist
   * @throws FloeIOException when a file cannot be read
   */
  <T> ObjectStream<T> as(Class<T> type);
}
