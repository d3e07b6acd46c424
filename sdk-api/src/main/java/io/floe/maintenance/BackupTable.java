package io.floe.maintenance;

import java.util.Objects;

/**
 * Copies a table's reachable files (the current metadata, and for every snapshot in it the manifest
 * list, manifests, data, delete and statistics files) to another location, so that the copy is
 * self-contained: its metadata references only files under the backup location, and {@code
 * floe.registerTable(name, result.metadataLocation())} or {@link RestoreTable} opens it in any
 * catalog while the original is gone. The metadata log of the copy is empty (earlier metadata files
 * are not copied); snapshots, refs and their history are kept.
 *
 * <p>Incremental: a second backup to the same location copies only the data, delete and statistics
 * files that are not already there with the same name and size, and reuses the rewritten manifests
 * and manifest lists of earlier complete backups. Each backup records a CRC32C checksum per file in
 * a small JSON manifest next to its metadata file ({@code metadata/<version>.floe-backup.json}),
 * written last: a backup that was interrupted leaves no metadata file that references missing
 * files, and the next backup completes it. Nothing in the source is changed or deleted. Files are
 * copied through the table's file IO on a bounded pool.
 *
 * <p>Position delete files (Parquet) and deletion vectors hold data-file paths: they are rewritten
 * with the backup's paths (so their sizes differ from the source's, as recorded in the backup's
 * manifests); equality delete files are copied. Files outside the table's location are refused with
 * {@link io.floe.UnsupportedFeatureException}. The restored table keeps every snapshot of the
 * current metadata; choosing some snapshots or a point in time is not supported yet. A pending
 * operation, used once; not thread-safe.
 *
 * <pre>{@code
 * BackupTable.Result r = table.maintenance().backupTable().to("/backups/events").execute();
 * System.out.println(r.copiedFiles() + " copied, " + r.skippedFiles() + " already there");
 * }</pre>
 */
public interface BackupTable {

  /** The suffix of a backup's checksum manifest, next to its metadata file. */
  String MANIFEST_SUFFIX = ".floe-backup.json";

  /**
   * Sets where the copy goes (required): a folder, local or on an object store, that holds nothing
   * but backups of this table. It must lie outside every table's folder, every warehouse root and
   * every catalog's files of the catalogs Floe has open (a table there would own, and its orphan
   * removal delete, the backup's files); {@link #execute()} refuses it otherwise.
   *
   * @param location the backup location
   * @return this backup
   * @throws IllegalArgumentException when blank
   */
  BackupTable to(String location);

  /**
   * Reports how far the backup got, phase by phase ({@code copy} of data, delete and statistics
   * files, {@code rewrite} of delete files, manifests and manifest lists), for progress bars and
   * logs.
   *
   * @param listener called after each file, one call at a time
   * @return this backup
   */
  BackupTable progress(io.floe.events.ProgressListener listener);

  /**
   * The number of threads that copy files (default: up to 4).
   *
   * @param threads the pool size
   * @return this backup
   * @throws IllegalArgumentException when not positive
   */
  BackupTable parallelism(int threads);

  /**
   * Copies the files and writes the backup's metadata and checksum manifest.
   *
   * @return what was copied and skipped
   * @throws io.floe.UnsupportedFeatureException when the table has files outside its location, or
   *     position deletes in another format than Parquet; nothing is written
   * @throws io.floe.ValidationException when the location overlaps the table's or another table's
   *     folder, a warehouse root or a catalog's files, or holds a backup of another table
   * @throws io.floe.FloeIOException when a file cannot be read or written; the backup's metadata is
   *     not written, and the next backup to the same location resumes
   * @throws IllegalStateException when already executed or no location was given
   */
  Result execute();

  /**
   * What a backup did. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param location the backup location
   * @param metadataLocation the backup's metadata file, for {@code registerTable}
   * @param snapshotId the current snapshot backed up, or -1 for a table without snapshots
   * @param snapshots the number of snapshots in the backup
   * @param copiedFiles files copied or written by this backup (metadata included)
   * @param copiedBytes their bytes
   * @param skippedFiles files already in the backup location with the same name and size
   * @param skippedBytes their bytes
   */
  record Result(
      String table,
      String location,
      String metadataLocation,
      long snapshotId,
      int snapshots,
      long copiedFiles,
      long copiedBytes,
      long skippedFiles,
      long skippedBytes) {
    /**
     * Checks the values.
     *
     * @param table the table's full name
     * @param location the backup location
     * @param metadataLocation the backup's metadata file
     * @param snapshotId the snapshot backed up
     * @param snapshots the number of snapshots
     * @param copiedFiles files copied
     * @param copiedBytes bytes copied
     * @param skippedFiles files skipped
     * @param skippedBytes bytes skipped
     * @throws NullPointerException when a name or location is null
     */
    public Result {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(metadataLocation, "metadataLocation");
    }
  }
}
