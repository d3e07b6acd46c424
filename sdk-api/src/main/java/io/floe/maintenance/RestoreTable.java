package io.floe.maintenance;

import java.util.Objects;

/**
 * Restores a table from a backup written by {@link BackupTable}: checks every file of the newest
 * complete backup in the location against the size and CRC32C checksum recorded when it was copied,
 * copies the backup to the restored table's own location (by default the one the catalog gives a
 * new table of that name; see {@link #location(String)}), rewriting the paths in its metadata, and
 * registers the copy under the name (a new one, or the original's after it was dropped). All
 * backed-up snapshots come back, so time travel works on the restored table.
 *
 * <p>The backup is only read: the restored table's commits, snapshot expiry and orphan removal
 * never touch it, and it can be restored again. Nothing is registered when a check or the copy
 * fails; a copy that stopped leaves the files it wrote in the new location, and running the restore
 * again reuses those that are intact. A pending operation, used once; not thread-safe.
 *
 * <pre>{@code
 * RestoreTable.Result r = floe.restoreTable("analytics.events", "/backups/events").execute();
 * FloeTable events = floe.loadTable(r.table());
 * }</pre>
 */
public interface RestoreTable {

  /**
   * Where the restored table lives (default: the location the catalog gives a new table of the
   * name). The location must not overlap the backup, another table, a warehouse root or a catalog's
   * files.
   *
   * @param location a folder for the restored table
   * @return this restore
   * @throws IllegalArgumentException when blank
   */
  RestoreTable location(String location);

  /**
   * Restores the table as of one of the backup's snapshots: its main branch points there (the
   * backup's later snapshots stay in the table's history, reachable by time travel).
   *
   * @param snapshotId a snapshot of the backup
   * @return this restore
   */
  RestoreTable asOfSnapshot(long snapshotId);

  /**
   * Restores the table as of a point in time: its main branch points at the newest snapshot of the
   * backup's main-branch history committed at or before it.
   *
   * @param time the point in time
   * @return this restore
   * @throws NullPointerException when null
   */
  RestoreTable asOfTime(java.time.Instant time);

  /**
   * Reports how far the restore got, phase by phase ({@code check} of the backup's checksums, then
   * {@code copy} and {@code rewrite}), for progress bars and logs.
   *
   * @param listener called after each file, one call at a time
   * @return this restore
   */
  RestoreTable progress(io.floe.events.ProgressListener listener);

  /**
   * The number of threads that check and copy files (default: up to 4).
   *
   * @param threads the pool size
   * @return this restore
   * @throws IllegalArgumentException when not positive
   */
  RestoreTable parallelism(int threads);

  /**
   * Checks the backup's files, copies them to the table's location and registers the copy.
   *
   * @return what was restored
   * @throws io.floe.NotFoundException when the location holds no complete backup, or the backup has
   *     no snapshot asked for
   * @throws io.floe.ValidationException when a file is missing, has another size or another
   *     checksum than recorded (the message names it), or when the table's location overlaps the
   *     backup, another table, a warehouse root or a catalog's files; nothing is registered
   * @throws io.floe.AlreadyExistsException when a table with the name exists
   * @throws IllegalStateException when already executed
   */
  Result execute();

  /**
   * What a restore did. Immutable and thread-safe.
   *
   * @param table the restored table's full name
   * @param backupMetadataLocation the backup's metadata file that was restored
   * @param location the restored table's location
   * @param metadataLocation the restored table's metadata file, as registered
   * @param snapshotId the table's current snapshot, or -1
   * @param checkedFiles the files whose checksums were verified
   * @param checkedBytes their bytes
   */
  record Result(
      String table,
      String backupMetadataLocation,
      String location,
      String metadataLocation,
      long snapshotId,
      long checkedFiles,
      long checkedBytes) {
    /**
     * Checks the values.
     *
     * @param table the table's name
     * @param backupMetadataLocation the backup's metadata file
     * @param location the table's location
     * @param metadataLocation the registered metadata file
     * @param snapshotId the current snapshot
     * @param checkedFiles files checked
     * @param checkedBytes bytes checked
     * @throws NullPointerException when a name or location is null
     */
    public Result {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(backupMetadataLocation, "backupMetadataLocation");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(metadataLocation, "metadataLocation");
    }
  }
}
