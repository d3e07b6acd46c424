package io.floe.maintenance;

import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Finds and deletes files under the table's location that no snapshot, manifest or metadata file
 * references (left by failed writes): a pending operation, used once. Only files older than a
 * threshold are considered, so files of in-flight writes are never touched. Not thread-safe.
 *
 * <p>It deletes only what the table owns. The location is listed as a folder (on object stores with
 * a prefix ending in {@code /}, so table {@code t} never lists {@code t2/...}), symbolic links are
 * never followed, and listed and referenced locations are compared in one canonical form (a
 * partition folder {@code p=a%2Fb} is that name, never decoded). It refuses with a {@link
 * ValidationException}, before deleting anything, when:
 *
 * <ul>
 *   <li>the table's {@code gc.enabled} property is {@code false} (its files may be shared, as with
 *       a migrated Delta table);
 *   <li>the location is a warehouse root, holds one, holds a catalog's own files (an SQLite catalog
 *       file and its {@code -wal}/{@code -shm}) or holds another table of a catalog Floe has open
 *       in this JVM, or the listing finds another table's metadata files;
 *   <li>the threshold is less than a safety margin in the past: one day by default, set with the
 *       table property {@code floe.orphan-files.min-age-ms}; {@link #unsafeOlderThan} skips this
 *       check.
 * </ul>
 *
 * Entries it cannot list (symbolic links, unreadable folders) are skipped and reported in {@link
 * Result#skipped()}. A dry run reports exactly the files a real run would delete.
 *
 * <pre>{@code
 * RemoveOrphanFiles.Result found = table.maintenance().removeOrphanFiles()
 *     .olderThan(Instant.now().minus(Duration.ofDays(3)))
 *     .dryRun()
 *     .execute();
 * }</pre>
 */
public interface RemoveOrphanFiles {

  /**
   * Considers only files last modified before a point in time (default: three days ago, or the
   * safety margin if that is longer).
   *
   * @param time the cut-off; keep it older than the longest running write
   * @return this removal
   * @throws ValidationException at execute when {@code time} is less than the table's safety margin
   *     ({@code floe.orphan-files.min-age-ms}, default one day) in the past
   */
  RemoveOrphanFiles olderThan(Instant time);

  /**
   * Considers only files last modified before a point in time, however recent, skipping the safety
   * margin: files of writes still running (in this or another process) are deleted too, which
   * corrupts their commits. Use it only when no write to the table can be running, such as in
   * tests.
   *
   * @param time the cut-off, may be now or in the future
   * @return this removal
   */
  RemoveOrphanFiles unsafeOlderThan(Instant time);

  /**
   * Lists orphan files without deleting them.
   *
   * @return this removal
   */
  RemoveOrphanFiles dryRun();

  /**
   * Reports how far the deletion of orphan files got (phase {@code delete}: files and bytes done
   * and in all; a dry run deletes nothing and reports nothing), for progress bars and logs.
   *
   * @param listener called after each file, one call at a time
   * @return this removal
   */
  RemoveOrphanFiles progress(io.floe.events.ProgressListener listener);

  /**
   * The number of threads that read manifests and delete files.
   *
   * @param threads the pool size
   * @return this removal
   * @throws IllegalArgumentException when not positive
   */
  RemoveOrphanFiles parallelism(int threads);

  /**
   * Lists the table location, compares it with every file the table's metadata references and
   * deletes (or, in a dry run, only reports) the rest.
   *
   * @return the orphan files found
   * @throws UnsupportedFeatureException when the table's file system cannot list files
   * @throws ValidationException when the table's location holds what the table does not own, its
   *     {@code gc.enabled} is false or the threshold is within the safety margin; nothing was
   *     deleted
   * @throws IllegalStateException when already executed
   */
  Result execute();

  /**
   * What an orphan-file search found. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param orphanFiles the locations of the orphan files, sorted
   * @param orphanBytes their total size
   * @param deletedFiles how many were deleted (0 in a dry run)
   * @param scannedFiles how many files were listed under the table's location
   * @param duration the time taken
   * @param skipped entries under the location that were not listed, each as {@code location
   *     (reason)}: symbolic links (never followed) and unreadable folders or files
   */
  record Result(
      String table,
      List<String> orphanFiles,
      long orphanBytes,
      long deletedFiles,
      long scannedFiles,
      Duration duration,
      List<String> skipped) {

    /**
     * Copies the lists and checks the values.
     *
     * @param table the table's full name
     * @param orphanFiles the locations of the orphan files, sorted
     * @param orphanBytes their total size
     * @param deletedFiles how many were deleted (0 in a dry run)
     * @param scannedFiles how many files were listed under the table's location
     * @param duration the time taken
     * @param skipped entries under the location that were not listed
     * @throws NullPointerException when an argument is null
     */
    public Result {
      Objects.requireNonNull(table, "table");
      orphanFiles = List.copyOf(orphanFiles);
      Objects.requireNonNull(duration, "duration");
      skipped = List.copyOf(skipped);
    }

    /**
     * A result with nothing skipped.
     *
     * @param table the table's full name
     * @param orphanFiles the locations of the orphan files, sorted
     * @param orphanBytes their total size
     * @param deletedFiles how many were deleted (0 in a dry run)
     * @param scannedFiles how many files were listed under the table's location
     * @param duration the time taken
     * @throws NullPointerException when an argument is null
     */
    public Result(
        String table,
        List<String> orphanFiles,
        long orphanBytes,
        long deletedFiles,
        long scannedFiles,
        Duration duration) {
      this(table, orphanFiles, orphanBytes, deletedFiles, scannedFiles, duration, List.of());
    }
  }
}
