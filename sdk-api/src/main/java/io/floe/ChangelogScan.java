package io.floe;

import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;

/**
 * Reads the row-level changes committed between two snapshots of the main branch: inserted and
 * deleted rows and, for tables with identifier columns, updates as before/after pairs. Works with
 * position and equality delete files as well as copy-on-write overwrites; compactions change no row
 * and yield nothing. Immutable and thread-safe: every method returns a new scan.
 *
 * <p>Each row holds the selected columns followed by {@value #CHANGE_TYPE} (one of {@link
 * ChangeType}'s names), {@value #CHANGE_ORDINAL} (the commit's position in the range, from 0) and
 * {@value #COMMIT_SNAPSHOT_ID}. Within one commit, a deleted and an inserted row with the same
 * identifier become an {@code UPDATE_BEFORE}/{@code UPDATE_AFTER} pair, and identical rows deleted
 * and re-inserted (a copy-on-write carry-over) are dropped; without identifier columns rows are
 * matched on all their values. Deletes of one commit are held in memory to pair them.
 *
 * <pre>{@code
 * try (RowStream changes = table.newChangelogScan()
 *         .fromSnapshotExclusive(lastSeen)
 *         .rows()) {
 *   for (Row change : changes) {
 *     String type = change.get(ChangelogScan.CHANGE_TYPE, String.class);
 *   }
 * }
 * }</pre>
 */
public non-sealed interface ChangelogScan extends ArrowReadable {

  /** The name of the change-type column. */
  String CHANGE_TYPE = "_change_type";

  /** The name of the column holding the commit's position in the scanned range. */
  String CHANGE_ORDINAL = "_change_ordinal";

  /** The name of the column holding the id of the snapshot that made the change. */
  String COMMIT_SNAPSHOT_ID = "_commit_snapshot_id";

  /** The kinds of change a changelog row records. */
  enum ChangeType {
    /** A row was added. */
    INSERT,
    /** A row was removed. */
    DELETE,
    /** The old version of an updated row. */
    UPDATE_BEFORE,
    /** The new version of an updated row. */
    UPDATE_AFTER
  }

  /**
   * Starts after a snapshot (its changes are not included); by default from the first snapshot.
   *
   * @param snapshotId an ancestor of the end snapshot
   * @return a new scan
   * @throws IllegalStateException when a start was already chosen
   */
  ChangelogScan fromSnapshotExclusive(long snapshotId);

  /**
   * Starts at a snapshot (its changes are included).
   *
   * @param snapshotId an ancestor of the end snapshot
   * @return a new scan
   * @throws IllegalStateException when a start was already chosen
   */
  ChangelogScan fromSnapshotInclusive(long snapshotId);

  /**
   * Ends at a snapshot (included); by default the current one.
   *
   * @param snapshotId the last snapshot
   * @return a new scan
   */
  ChangelogScan toSnapshot(long snapshotId);

  /**
   * Returns only these data columns (the change columns are always returned); identifier columns
   * are read regardless, to pair updates.
   *
   * @param columns dotted column names
   * @return a new scan
   */
  ChangelogScan select(String... columns);

  /**
   * Keeps only change rows whose data matches a filter; repeated calls are combined with AND.
   *
   * @param filter an Iceberg expression on data columns
   * @return a new scan
   */
  ChangelogScan where(Expression filter);

  /**
   * Keeps only changes whose rows match a filter written as a SQL {@code WHERE} clause, in the
   * grammar of {@link Scan#where(String)}; repeated calls are combined with AND.
   *
   * @param filter the filter text
   * @return a new scan
   * @throws ValidationException when the text is not a valid filter; the message shows the text and
   *     the position of the offending token
   */
  ChangelogScan where(String filter);

  /**
   * The schema of the returned rows: the selected columns and the three change columns.
   *
   * @return the schema
   * @throws ValidationException when a selected column does not exist
   */
  Schema schema();

  /**
   * Runs the scan, commit by commit, oldest first; close the result to release files.
   *
   * @return the change rows
   * @throws NotFoundException when a snapshot does not exist
   * @throws ValidationException when the start is not an ancestor of the end
   * @throws FloeIOException when a file cannot be read
   */
  RowStream rows();

  /**
   * Runs the scan, reading each change into a Java record or POJO as {@link Scan#as(Class)} does;
   * the change columns map to fields named {@code changeType} (a {@code String} or {@link
   * ChangeType}), {@code changeOrdinal} and {@code commitSnapshotId}.
   *
   * <pre>{@code
   * record Change(long id, String category, ChangelogScan.ChangeType changeType) {}
   * List<Change> changes = table.newChangelogScan().fromSnapshotExclusive(lastSeen).as(Change.class).toList();
   * }</pre>
   *
   * @param <T> the type of the objects
   * @param type a record class, or a class with a no-argument constructor
   * @return the objects, one per change
   * @throws ValidationException naming the table, the class and the field when a field has no
   *     column or a column's type cannot convert to the field's type, and (while reading) when a
   *     null reaches a primitive field
   * @throws NotFoundException when a snapshot does not exist
   * @throws FloeIOException when a file cannot be read
   */
  <T> ObjectStream<T> as(Class<T> type);
}
