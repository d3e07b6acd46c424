package io.floe;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SortOrder;

/**
 * An Iceberg table opened through {@link Floe}: its definition, its snapshots, and the operations
 * that read and change it.
 *
 * <p>A {@code FloeTable} holds the metadata it was loaded with; its own commits update it, and
 * {@link #refresh()} picks up other writers' commits. Safe to use from several threads; each
 * operation it returns is used by one thread.
 *
 * <pre>{@code
 * FloeTable table = floe.loadTable("analytics.events");
 * table.newAppend().row(Map.of("id", 1L)).commit();
 * long rows = table.newScan().count();
 * }</pre>
 */
public interface FloeTable {

  /**
   * The table's full name, namespace included, as it was addressed: in a {@link Floe} over several
   * catalogs, a table loaded or created as {@code lake.analytics.events} is named so (and errors
   * about it name it so).
   *
   * @return the name, such as {@code analytics.events}
   */
  String name();

  /**
   * The current schema.
   *
   * @return the schema
   */
  Schema schema();

  /**
   * The current partition spec.
   *
   * @return the spec; unpartitioned tables have an empty one
   */
  PartitionSpec spec();

  /**
   * The current sort order.
   *
   * @return the sort order; unsorted tables have an empty one
   */
  SortOrder sortOrder();

  /**
   * The table's properties.
   *
   * @return an unmodifiable map of the properties
   */
  Map<String, String> properties();

  /**
   * The table's root location.
   *
   * @return the location
   */
  String location();

  /**
   * The current snapshot of the main branch.
   *
   * @return the snapshot, or empty for a table with no commit yet
   */
  Optional<Snapshot> currentSnapshot();

  /**
   * A snapshot by id.
   *
   * @param snapshotId the snapshot id
   * @return the snapshot, or empty when the table has no such snapshot
   */
  Optional<Snapshot> snapshot(long snapshotId);

  /**
   * All snapshots still in the table's metadata, oldest first.
   *
   * @return an unmodifiable list of snapshots
   */
  List<Snapshot> snapshots();

  /**
   * Reloads the table's metadata from the catalog, picking up other writers' commits.
   *
   * @return this table
   * @throws NotFoundException when the table was dropped
   */
  FloeTable refresh();

  /**
   * Whether a commit landed: reloads the table and looks for a snapshot whose summary carries the
   * commit id (every append, overwrite, delete, upsert and compaction Floe commits records one
   * under {@code floe.commit-id}). Use it after a {@link CommitStateUnknownException}, before
   * writing the same rows again.
   *
   * <pre>{@code
   * try {
   *   table.newAppend().rows(rows).commit();
   * } catch (CommitStateUnknownException e) {
   *   if (table.commitState(e.commitId().orElseThrow()) == CommitState.NOT_FOUND) {
   *     table.newAppend().rows(rows).commit(); // it did not land: write the rows again
   *   }
   * }
   * }</pre>
   *
   * @param commitId the id, from {@link CommitStateUnknownException#commitId()}
   * @return {@link CommitState#LANDED} or {@link CommitState#NOT_FOUND}
   * @throws NotFoundException when the table was dropped
   * @throws FloeException when the catalog cannot be reached (the state is still unknown)
   */
  CommitState commitState(String commitId);

  /**
   * Starts an append.
   *
   * @return a new pending append
   */
  Append newAppend();

  /**
   * Starts a delete of the rows matching a filter.
   *
   * @return a new pending delete
   * @throws UnsupportedFeatureException when the implementation cannot delete rows
   */
  default Delete newDelete() {
    throw new UnsupportedFeatureException(
        "Row-level deletes are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts an overwrite: rows matching a filter, or whole partitions, replaced by new rows.
   *
   * @return a new pending overwrite
   * @throws UnsupportedFeatureException when the implementation cannot overwrite rows
   */
  default Overwrite newOverwrite() {
    throw new UnsupportedFeatureException(
        "Overwrites are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts an upsert: rows inserted or, when their key exists, replacing the existing row.
   *
   * @return a new pending upsert
   * @throws UnsupportedFeatureException when the implementation cannot upsert rows
   */
  default Upsert newUpsert() {
    throw new UnsupportedFeatureException(
        "Upserts are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts an update of the table's properties.
   *
   * @return a new pending properties update
   * @throws UnsupportedFeatureException when the implementation cannot update properties
   */
  default PropertiesUpdate updateProperties() {
    throw new UnsupportedFeatureException(
        "Property updates are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts adding existing Parquet files to the table without rewriting them, with their statistics
   * read from their footers (see {@link AddFiles} for the checks).
   *
   * @return a new pending add
   * @throws UnsupportedFeatureException when the implementation cannot add files
   */
  default AddFiles addFiles() {
    throw new UnsupportedFeatureException(
        "Adding existing files is not supported by " + getClass().getName(), null);
  }

  /**
   * The table's data quality rules, stored in its table property {@value
   * io.floe.quality.TableConstraints#PROPERTY} and enforced by every Floe write to it.
   *
   * @return the rules; empty when the table has none
   * @throws ValidationException when the stored rules cannot be read (written by a newer Floe)
   * @throws UnsupportedFeatureException when this implementation does not support rules
   */
  default io.floe.quality.TableConstraints constraints() {
    throw new UnsupportedFeatureException(
        "Data quality rules are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts a change to the table's data quality rules (see {@link io.floe.quality}).
   *
   * <pre>{@code
   * table.updateConstraints().add(Constraint.notNull("id")).commit();
   * }</pre>
   *
   * @return the pending update
   * @throws UnsupportedFeatureException when this implementation does not support rules
   */
  default io.floe.quality.ConstraintsUpdate updateConstraints() {
    throw new UnsupportedFeatureException(
        "Data quality rules are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts a transaction: several changes to this table committed atomically by one catalog commit
   * (see {@link TableTransaction}).
   *
   * @return a new transaction; close it (try-with-resources) to discard it when not committed
   * @throws UnsupportedFeatureException when the implementation has no transactions
   */
  default TableTransaction newTransaction() {
    throw new UnsupportedFeatureException(
        "Transactions are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts a scan of the current snapshot (or, with its options, of an earlier one).
   *
   * @return a new scan of all columns and rows
   */
  Scan newScan();

  /**
   * The table's branches and tags, {@code main} included once the table has a snapshot.
   *
   * @return an unmodifiable map from ref name to ref
   */
  Map<String, SnapshotRef> refs();

  /**
   * The snapshot a branch's head or a tag points to.
   *
   * @param ref the branch or tag name
   * @return the snapshot, or empty when the table has no such ref
   */
  Optional<Snapshot> snapshot(String ref);

  /**
   * Starts a schema change: add, drop, rename, reorder, widen, document columns.
   *
   * @return a new pending schema update
   */
  SchemaUpdate updateSchema();

  /**
   * Starts a partition spec change.
   *
   * @return a new pending spec update
   */
  PartitionSpecUpdate updateSpec();

  /**
   * Starts a replacement of the table's sort order.
   *
   * @return a new pending sort order update, empty (unsorted) until fields are added
   */
  SortOrderUpdate replaceSortOrder();

  /**
   * Starts changes to branches, tags and the current snapshot: rollback, cherry-pick, fast-forward,
   * retention.
   *
   * @return a new pending snapshot operation
   */
  ManageSnapshots manageSnapshots();

  /**
   * Starts a scan of the rows appended between two snapshots.
   *
   * @return a new incremental scan, by default from the first snapshot to the current one
   */
  IncrementalScan newIncrementalScan();

  /**
   * Starts a scan of the row-level changes (inserts, deletes, updates) between two snapshots.
   *
   * @return a new changelog scan, by default from the first snapshot to the current one
   */
  ChangelogScan newChangelogScan();

  /**
   * Starts a scan of one of the table's metadata tables; {@link Scan#asOfSnapshot(long)} and {@link
   * Scan#useRef(String)} choose the snapshot for file-level tables.
   *
   * @param type which metadata table
   * @return a new scan of the metadata table's rows
   */
  Scan metadataTable(MetadataTableType type);

  /**
   * The table's maintenance operations: compaction, snapshot expiry, orphan-file removal, manifest
   * rewriting.
   *
   * @return the maintenance operations of this table
   */
  Maintenance maintenance();

  /**
   * Computes the table's health report from its current snapshot's manifests.
   *
   * @return file, size, delete-file and snapshot counts
   * @throws FloeIOException when a manifest cannot be read
   */
  TableHealth health();
}
