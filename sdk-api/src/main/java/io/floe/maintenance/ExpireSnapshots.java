package io.floe.maintenance;

import io.floe.CommitConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Expires old snapshots and deletes the files only they referenced: a pending operation, used once.
 * Snapshots referenced by a branch or tag within its retention are kept. Not thread-safe.
 *
 * <pre>{@code
 * ExpireSnapshots.Result result = table.maintenance().expireSnapshots()
 *     .olderThan(Instant.now().minus(Duration.ofDays(5)))
 *     .retainLast(10)
 *     .execute();
 * }</pre>
 */
public interface ExpireSnapshots {

  /**
   * Expires snapshots committed before a point in time (default: the table's {@code
   * history.expire.max-snapshot-age-ms}, five days).
   *
   * @param time the cut-off
   * @return this expiry
   */
  ExpireSnapshots olderThan(Instant time);

  /**
   * Keeps at least this many of the main branch's latest snapshots, however old.
   *
   * @param count the number of snapshots, at least 1
   * @return this expiry
   * @throws IllegalArgumentException when less than 1
   */
  ExpireSnapshots retainLast(int count);

  /**
   * Expires one snapshot by id, whatever its age.
   *
   * @param snapshotId the snapshot
   * @return this expiry
   */
  ExpireSnapshots expireSnapshot(long snapshotId);

  /**
   * Only removes the snapshots from the metadata and keeps every file.
   *
   * @return this expiry
   */
  ExpireSnapshots keepFiles();

  /**
   * Reports how far the deletion of unreferenced files got (phase {@code delete}: files and bytes
   * done and in all; bytes of files whose size the manifests do not record count as 0), for
   * progress bars and logs.
   *
   * @param listener called after each file, one call at a time
   * @return this expiry
   */
  ExpireSnapshots progress(io.floe.events.ProgressListener listener);

  /**
   * The number of threads that read manifests and delete files.
   *
   * @param threads the pool size
   * @return this expiry
   * @throws IllegalArgumentException when not positive
   */
  ExpireSnapshots parallelism(int threads);

  /**
   * Commits the expiry, then deletes the files that no remaining snapshot references.
   *
   * @return what was expired and deleted
   * @throws CommitConflictException when retries are exhausted; nothing was expired
   * @throws IllegalStateException when already executed
   */
  Result execute();

  /**
   * What a snapshot expiry did. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param expiredSnapshots the number of snapshots removed from the metadata
   * @param deletedDataFiles the number of data files deleted
   * @param deletedDeleteFiles the number of delete files deleted
   * @param deletedManifests the number of manifests deleted
   * @param deletedManifestLists the number of manifest lists deleted
   * @param deletedStatisticsFiles the number of statistics files deleted
   * @param deletedBytes the total size of the deleted files
   * @param duration the time taken
   */
  record Result(
      String table,
      long expiredSnapshots,
      long deletedDataFiles,
      long deletedDeleteFiles,
      long deletedManifests,
      long deletedManifestLists,
      long deletedStatisticsFiles,
      long deletedBytes,
      Duration duration) {

    /**
     * Checks the values.
     *
     * @param table the table's full name
     * @param expiredSnapshots the number of snapshots removed from the metadata
     * @param deletedDataFiles the number of data files deleted
     * @param deletedDeleteFiles the number of delete files deleted
     * @param deletedManifests the number of manifests deleted
     * @param deletedManifestLists the number of manifest lists deleted
     * @param deletedStatisticsFiles the number of statistics files deleted
     * @param deletedBytes the total size of the deleted files
     * @param duration the time taken
     * @throws NullPointerException when table or duration is null
     */
    public Result {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(duration, "duration");
    }

    /**
     * The total number of files deleted.
     *
     * @return the count of every kind of deleted file
     */
    public long deletedFiles() {
      return deletedDataFiles
          + deletedDeleteFiles
          + deletedManifests
          + deletedManifestLists
          + deletedStatisticsFiles;
    }
  }
}
