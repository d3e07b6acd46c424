package io.floe;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
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
   * The table's full name, namespace included.
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
    throw new UnsupportedFeatureException("Row-level deletes are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts an overwrite: rows matching a filter, or whole partitions, replaced by new rows.
   *
   * @return a new pending overwrite
   * @throws UnsupportedFeatureException when the implementation cannot overwrite rows
   */
  default Overwrite newOverwrite() {
    throw new UnsupportedFeatureException("Overwrites are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts an upsert: rows inserted or, when their key exists, replacing the existing row.
   *
   * @return a new pending upsert
   * @throws UnsupportedFeatureException when the implementation cannot upsert rows
   */
  default Upsert newUpsert() {
    throw new UnsupportedFeatureException("Upserts are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts a scan of the current snapshot (or, with its options, of an earlier one).
   *
   * @return a new scan of all columns and rows
   */
  Scan newScan();
}
