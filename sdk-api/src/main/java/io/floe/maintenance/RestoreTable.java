package io.floe.maintenance;

import java.util.Objects;

/**
 * Restores a table from a backup written by {@link BackupTable}: checks every file of the newest
 * complete backup in the location against the size and CRC32C checksum recorded when it was copied,
 * then registers the backup's metadata under a name (a new one, or the original's after it was
 * dropped). All backed-up snapshots come back, so time travel works on the restored table.
 *
 * <p>The restored table lives in the backup location: its new commits write there, and its snapshot
 * expiry would delete backup files. Back up to another location to keep a pristine copy. Nothing is
 * registered when a check fails. A pending operation, used once; not thread-safe.
 *
 * <pre>{@code
 * RestoreTable.Result r = floe.restoreTable("analytics.events", "/backups/events").execute();
 * FloeTable events = floe.loadTable(r.table());
 * }</pre>
 */
public interface RestoreTable {

  /**
   * The number of threads that check files (default: up to 4).
   *
   * @param threads the pool size
   * @return this restore
   * @throws IllegalArgumentException when not positive
   */
  RestoreTable parallelism(int threads);

  /**
   * Checks the backup's files and registers its metadata.
   *
   * @return what was restored
   * @throws io.floe.NotFoundException when the location holds no complete backup
   * @throws io.floe.ValidationException when a file is missing, has another size or another
   *     checksum than recorded (the message names it); nothing is registered
   * @throws io.floe.AlreadyExistsException when a table with the name exists
   * @throws IllegalStateException when already executed
   */
  Result execute();

  /**
   * What a restore did. Immutable and thread-safe.
   *
   * @param table the restored table's full name
   * @param metadataLocation the backup metadata file registered
   * @param snapshotId the table's current snapshot, or -1
   * @param checkedFiles the files whose checksums were verified
   * @param checkedBytes their bytes
   */
  record Result(
      String table,
      String metadataLocation,
      long snapshotId,
      long checkedFiles,
      long checkedBytes) {
    /**
     * Checks the values.
     *
     * @param table the table's name
     * @param metadataLocation the metadata file
     * @param snapshotId the current snapshot
     * @param checkedFiles files checked
     * @param checkedBytes bytes checked
     * @throws NullPointerException when a name or location is null
     */
    public Result {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(metadataLocation, "metadataLocation");
    }
  }
}
