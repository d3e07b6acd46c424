package io.floe.maintenance;

import io.floe.Floe;
import java.util.Objects;

/**
 * Keeps a replica of a table up to date in another catalog or location, one way: the first run
 * copies every file the table can reach to the replica's own location (paths rewritten, as {@link
 * BackupTable} does) and registers it; each later run copies only the files of snapshots the
 * replica does not have yet and commits the source's metadata there in one catalog commit, so a
 * reader of the replica sees either the previous state or the new one, never a partial snapshot.
 *
 * <p>The replica records the source's UUID and the snapshot it was last brought to (table
 * properties {@value #SOURCE_UUID} and {@value #SOURCE_SNAPSHOT}). A run refuses a target that is
 * not a replica of this table, or that has commits of its own since (its current snapshot is not
 * the one last replicated): replication never overwrites another writer's work. A run that stops
 * half way leaves copied files and no commit; the next run reuses them. Files of snapshots the
 * source expired stay in the replica until the replica's own maintenance removes them.
 *
 * <p>The replica's location must lie outside the source's, every other table's, warehouse roots and
 * catalog files. Later runs commit through the target catalog's table operations that write the
 * whole metadata file (local, JDBC and Hive catalogs); a REST target is refused after the first
 * run, and the file-system catalog, which cannot register tables, cannot hold a replica. A pending
 * operation, used once; not thread-safe.
 *
 * <pre>{@code
 * ReplicateTable.Result r = table.maintenance().replicateTable().to(drFloe, "analytics.events").execute();
 * }</pre>
 */
public interface ReplicateTable {

  /** Replica property: the UUID of the table it replicates. */
  String SOURCE_UUID = "floe.replica.source-uuid";

  /** Replica property: the source snapshot the replica was last brought to. */
  String SOURCE_SNAPSHOT = "floe.replica.source-snapshot-id";

  /**
   * Sets the replica (required): a table name in a Floe (another catalog, or the same one).
   *
   * @param target the Floe that holds (or will hold) the replica
   * @param name the replica's full name in it
   * @return this replication
   * @throws NullPointerException when either is null
   */
  ReplicateTable to(Floe target, String name);

  /**
   * Where a new replica lives (first run only; default: the location the target catalog gives a new
   * table of the name).
   *
   * @param location a folder for the replica
   * @return this replication
   * @throws IllegalArgumentException when blank
   */
  ReplicateTable location(String location);

  /**
   * Reports how far the replication got, phase by phase ({@code copy}, then {@code rewrite}), for
   * progress bars and logs.
   *
   * @param listener called after each file, one call at a time
   * @return this replication
   */
  ReplicateTable progress(io.floe.events.ProgressListener listener);

  /**
   * The number of threads that copy files (default: up to 4).
   *
   * @param threads the pool size
   * @return this replication
   * @throws IllegalArgumentException when not positive
   */
  ReplicateTable parallelism(int threads);

  /**
   * Brings the replica to the source's current metadata.
   *
   * @return what was copied and committed
   * @throws io.floe.ValidationException when the target is not a replica of this table, has commits
   *     of its own, or its location overlaps the source, another table, a warehouse root or a
   *     catalog's files; nothing is written
   * @throws io.floe.UnsupportedFeatureException when the target catalog cannot take a whole
   *     metadata commit, or the source has files outside its location
   * @throws io.floe.FloeIOException when a file cannot be copied; nothing is committed, the next
   *     run resumes
   * @throws IllegalStateException when already executed or no target was given
   */
  Result execute();

  /**
   * What a replication did. Immutable and thread-safe.
   *
   * @param source the source table's full name
   * @param replica the replica's full name
   * @param location the replica's location
   * @param created whether this run created the replica
   * @param snapshotId the source snapshot the replica now has as current, or -1
   * @param copiedFiles files copied or rewritten by this run
   * @param copiedBytes their bytes
   * @param skippedFiles files the replica already had
   */
  record Result(
      String source,
      String replica,
      String location,
      boolean created,
      long snapshotId,
      long copiedFiles,
      long copiedBytes,
      long skippedFiles) {
    /**
     * Checks the values.
     *
     * @param source the source's name
     * @param replica the replica's name
     * @param location the replica's location
     * @param created whether the replica was created
     * @param snapshotId the replicated snapshot
     * @param copiedFiles files copied
     * @param copiedBytes bytes copied
     * @param skippedFiles files skipped
     * @throws NullPointerException when a name or the location is null
     */
    public Result {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(replica, "replica");
      Objects.requireNonNull(location, "location");
    }
  }
}
