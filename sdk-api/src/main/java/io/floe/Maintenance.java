package io.floe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.expressions.Expression;

/**
 * Table maintenance run in this JVM, no Spark or Flink: compaction, snapshot expiry, orphan-file
 * removal and manifest rewriting. Each operation is a pending operation, used once: configure it,
 * then {@code execute()} it to get a result with counts and bytes.
 *
 * <p>Work is spread over a bounded pool of {@code parallelism} threads that lives only for the
 * operation. Every operation is safe next to concurrent writers: it commits with Iceberg's
 * validation and retries, never removes a file that a live snapshot references, and on a
 * conflict it cleans up what it wrote and leaves the table as it was. The {@code Maintenance}
 * object itself is thread-safe.
 *
 * <pre>{@code
 * Maintenance.RewriteResult compacted = table.maintenance().rewriteDataFiles()
 *     .targetFileSize(128L << 20)
 *     .execute();
 * table.maintenance().expireSnapshots().olderThan(Instant.now().minus(Duration.ofDays(7))).execute();
 * }</pre>
 */
public interface Maintenance {

  /**
   * Starts a compaction of data files: small files are bin-packed (or sorted) into files of the
   * target size, and files with many deletes are rewritten with the deletes applied.
   *
   * @return a new pending rewrite
   */
  RewriteDataFiles rewriteDataFiles();

  /**
   * Starts a snapshot expiry, which also deletes the files no remaining snapshot references.
   * Refused ({@link ValidationException} at execute) when the table's {@code gc.enabled} is
   * false, as Iceberg refuses it.
   *
   * @return a new pending expiry
   */
  ExpireSnapshots expireSnapshots();

  /**
   * Starts a search for files under the table's location that no snapshot or metadata references.
   *
   * @return a new pending orphan removal
   */
  RemoveOrphanFiles removeOrphanFiles();

  /**
   * Starts a rewrite of the current snapshot's data manifests, clustered by partition.
   *
   * @return a new pending manifest rewrite
   */
  RewriteManifests rewriteManifests();

  /**
   * Starts a compaction of position deletes: each data file's position-delete files are merged
   * into one (format v2) or into one deletion vector (format v3); data files are not touched.
   *
   * @return a new pending position-delete rewrite
   */
  RewritePositionDeletes rewritePositionDeletes();

  /**
   * Compacts data files: a pending operation, used once. Not thread-safe.
   *
   * <pre>{@code
   * RewriteResult result = table.maintenance().rewriteDataFiles()
   *     .sort()
   *     .where(Expressions.equal("category", "books"))
   *     .execute();
   * }</pre>
   */
  interface RewriteDataFiles {

    /**
     * Combines files without reordering rows (the default).
     *
     * @return this rewrite
     */
    RewriteDataFiles binPack();

    /**
     * Sorts each group of files by the table's sort order while combining them.
     *
     * @return this rewrite
     * @throws ValidationException at execute when the table has no sort order
     */
    RewriteDataFiles sort();

    /**
     * Sorts each group of files by a given order while combining them.
     *
     * @param order the sort order, built for the table's schema
     * @return this rewrite
     */
    RewriteDataFiles sort(SortOrder order);

    /**
     * Rewrites only files that may hold rows matching a filter.
     *
     * @param filter an Iceberg expression; repeated calls are combined with AND
     * @return this rewrite
     */
    RewriteDataFiles where(Expression filter);

    /**
     * The size of the files to write; by default the table's {@code
     * write.target-file-size-bytes}. Files under 75% or over 180% of it are rewritten.
     *
     * @param bytes the target size
     * @return this rewrite
     * @throws IllegalArgumentException when not positive
     */
    RewriteDataFiles targetFileSize(long bytes);

    /**
     * The fewest files worth rewriting in one partition (default 5); a partition with fewer
     * small files is left alone unless its files are too big or have too many deletes.
     *
     * @param count the minimum number of input files
     * @return this rewrite
     * @throws IllegalArgumentException when not positive
     */
    RewriteDataFiles minInputFiles(int count);

    /**
     * Rewrites every data file in scope, whatever its size.
     *
     * @return this rewrite
     */
    RewriteDataFiles rewriteAll();

    /**
     * Rewrites every data file that has at least one delete file, applying the deletes, and drops
     * delete files that no longer apply to any live file.
     *
     * @return this rewrite
     */
    RewriteDataFiles applyDeletes();

    /**
     * The number of file groups rewritten at once (default: the number of processors, at most 4).
     *
     * @param threads the pool size
     * @return this rewrite
     * @throws IllegalArgumentException when not positive
     */
    RewriteDataFiles parallelism(int threads);

    /**
     * Rewrites the files and commits the result as one {@code replace} snapshot; a concurrent
     * append is kept, a concurrent delete of a rewritten file makes it plan and try again.
     *
     * @return what was rewritten
     * @throws CommitConflictException when concurrent deletes kept conflicting; the table is
     *     unchanged and the written files were removed
     * @throws CommitStateUnknownException when the outcome is unknown; no file was deleted
     * @throws IllegalStateException when already executed
     */
    RewriteResult execute();
  }

  /**
   * Expires old snapshots and deletes the files only they referenced: a pending operation, used
   * once. Snapshots referenced by a branch or tag within its retention are kept. Not thread-safe.
   *
   * <pre>{@code
   * ExpireResult result = table.maintenance().expireSnapshots()
   *     .olderThan(Instant.now().minus(Duration.ofDays(5)))
   *     .retainLast(10)
   *     .execute();
   * }</pre>
   */
  interface ExpireSnapshots {

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
    ExpireResult execute();
  }

  /**
   * Finds and deletes files under the table's location that no snapshot, manifest or metadata
   * file references (left by failed writes): a pending operation, used once. Only files older than
   * a threshold are considered, so files of in-flight writes are never touched. Not thread-safe.
   *
   * <p>It deletes only what the table owns. The location is listed as a folder (on object stores
   * with a prefix ending in {@code /}, so table {@code t} never lists {@code t2/...}), symbolic
   * links are never followed, and listed and referenced locations are compared in one canonical
   * form (a partition folder {@code p=a%2Fb} is that name, never decoded). It refuses with a
   * {@link ValidationException}, before deleting anything, when:
   * <ul>
   *   <li>the table's {@code gc.enabled} property is {@code false} (its files may be shared, as
   *       with a migrated Delta table);
   *   <li>the location is a warehouse root, holds one, holds a catalog's own files (an SQLite
   *       catalog file and its {@code -wal}/{@code -shm}) or holds another table of a catalog
   *       Floe has open in this JVM, or the listing finds another table's metadata files;
   *   <li>the threshold is less than a safety margin in the past: one day by default, set with
   *       the table property {@code floe.orphan-files.min-age-ms}; {@link #unsafeOlderThan}
   *       skips this check.
   * </ul>
   * Entries it cannot list (symbolic links, unreadable folders) are skipped and reported in
   * {@link OrphanResult#skipped()}. A dry run reports exactly the files a real run would delete.
   *
   * <pre>{@code
   * OrphanResult found = table.maintenance().removeOrphanFiles()
   *     .olderThan(Instant.now().minus(Duration.ofDays(3)))
   *     .dryRun()
   *     .execute();
   * }</pre>
   */
  interface RemoveOrphanFiles {

    /**
     * Considers only files last modified before a point in time (default: three days ago, or the
     * safety margin if that is longer).
     *
     * @param time the cut-off; keep it older than the longest running write
     * @return this removal
     * @throws ValidationException at execute when {@code time} is less than the table's safety
     *     margin ({@code floe.orphan-files.min-age-ms}, default one day) in the past
     */
    RemoveOrphanFiles olderThan(Instant time);

    /**
     * Considers only files last modified before a point in time, however recent, skipping the
     * safety margin: files of writes still running (in this or another process) are deleted too,
     * which corrupts their commits. Use it only when no write to the table can be running, such as
     * in tests.
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
     * @throws ValidationException when the table's location holds what the table does not own,
     *     its {@code gc.enabled} is false or the threshold is within the safety margin; nothing
     *     was deleted
     * @throws IllegalStateException when already executed
     */
    OrphanResult execute();
  }

  /**
   * Rewrites the current snapshot's data manifests into fewer, partition-clustered manifests of
   * the target size: a pending operation, used once. Not thread-safe.
   *
   * <pre>{@code
   * ManifestsResult result = table.maintenance().rewriteManifests().execute();
   * }</pre>
   */
  interface RewriteManifests {

    /**
     * Rewrites only manifests smaller than this (default: the table's {@code
     * commit.manifest.target-size-bytes}, 8 MiB); larger ones are kept.
     *
     * @param bytes the size limit
     * @return this rewrite
     * @throws IllegalArgumentException when not positive
     */
    RewriteManifests targetManifestSize(long bytes);

    /**
     * The number of threads that read manifests.
     *
     * @param threads the pool size
     * @return this rewrite
     * @throws IllegalArgumentException when not positive
     */
    RewriteManifests parallelism(int threads);

    /**
     * Rewrites and commits the manifests.
     *
     * @return what was rewritten
     * @throws CommitConflictException when retries are exhausted
     * @throws IllegalStateException when already executed
     */
    ManifestsResult execute();
  }

  /**
   * Compacts position deletes without touching data files: a pending operation, used once.
   *
   * <p>In each partition chosen, the positions every live data file has deleted are read from all
   * the partition's position-delete files and written again as one file-scoped delete file per data
   * file (format v2) or as deletion vectors, one Puffin file per partition (format v3); the old
   * delete files are replaced in one {@code replace} snapshot, so scans, incremental and changelog
   * scans see the same rows. Deletes of data files that are no longer live are dropped. A partition
   * is chosen when one of its data files has more than one position-delete file or, on v3, when it
   * still has position-delete files that are not deletion vectors. Not thread-safe.
   *
   * <pre>{@code
   * DeleteRewriteResult result = table.maintenance().rewritePositionDeletes()
   *     .where(Expressions.equal("category", "books"))
   *     .execute();
   * }</pre>
   */
  interface RewritePositionDeletes {

    /**
     * Rewrites only partitions that may hold rows matching a filter; the filter selects whole
     * partitions, never single files, so no delete is lost.
     *
     * @param filter an Iceberg expression; repeated calls are combined with AND
     * @return this rewrite
     */
    RewritePositionDeletes where(Expression filter);

    /**
     * Rewrites every partition in scope that has position deletes, even when it is already
     * compact.
     *
     * @return this rewrite
     */
    RewritePositionDeletes rewriteAll();

    /**
     * The number of partitions rewritten at once (default: the number of processors, at most 4).
     *
     * @param threads the pool size
     * @return this rewrite
     * @throws IllegalArgumentException when not positive
     */
    RewritePositionDeletes parallelism(int threads);

    /**
     * Rewrites the position deletes and commits them as one {@code replace} snapshot validated
     * against the snapshot it started from. When a concurrent commit removed one of the delete
     * files or data files involved, or added a deletion vector for one of the data files, the
     * written files are removed and the rewrite is planned again.
     *
     * @return what was rewritten
     * @throws CommitConflictException when concurrent commits kept conflicting; the table is
     *     unchanged and the written files were removed
     * @throws CommitStateUnknownException when the outcome is unknown; no file was deleted
     * @throws IllegalStateException when already executed
     */
    DeleteRewriteResult execute();
  }

  /**
   * What a position-delete rewrite did. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param partitions the number of partitions rewritten
   * @param rewrittenDeleteFiles the number of position-delete files (and deletion vectors) replaced
   * @param addedDeleteFiles the number of delete files (or deletion vectors) written
   * @param rewrittenBytes the size of the replaced delete files (of their blobs for deletion vectors)
   * @param addedBytes the size of the written delete files (of their blobs for deletion vectors)
   * @param rewrittenDeletes the number of deleted positions the replaced files held
   * @param addedDeletes the number of deleted positions written; fewer when positions were
   *     duplicated or referenced data files that are gone
   * @param attempts the number of plan-rewrite-commit attempts (more than 1 after conflicts)
   * @param duration the time taken
   */
  record DeleteRewriteResult(
      String table,
      int partitions,
      long rewrittenDeleteFiles,
      long addedDeleteFiles,
      long rewrittenBytes,
      long addedBytes,
      long rewrittenDeletes,
      long addedDeletes,
      int attempts,
      Duration duration) {

    /**
     * Checks the values.
     *
     * @param table the table's full name
     * @param partitions the number of partitions rewritten
     * @param rewrittenDeleteFiles the number of position-delete files (and deletion vectors) replaced
     * @param addedDeleteFiles the number of delete files (or deletion vectors) written
     * @param rewrittenBytes the size of the replaced delete files (of their blobs for deletion vectors)
     * @param addedBytes the size of the written delete files (of their blobs for deletion vectors)
     * @param rewrittenDeletes the number of deleted positions the replaced files held
     * @param addedDeletes the number of deleted positions written
     * @param attempts the number of plan-rewrite-commit attempts
     * @param duration the time taken
     * @throws NullPointerException when table or duration is null
     */
    public DeleteRewriteResult {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /**
   * What a data-file rewrite did. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param groups the number of file groups rewritten
   * @param rewrittenDataFiles the number of data files replaced
   * @param addedDataFiles the number of data files written
   * @param removedDeleteFiles the number of delete files dropped because they no longer apply
   * @param rewrittenBytes the size of the replaced data files
   * @param addedBytes the size of the written data files
   * @param records the number of rows written
   * @param attempts the number of plan-rewrite-commit attempts (more than 1 after conflicts)
   * @param duration the time taken
   */
  record RewriteResult(
      String table,
      int groups,
      long rewrittenDataFiles,
      long addedDataFiles,
      long removedDeleteFiles,
      long rewrittenBytes,
      long addedBytes,
      long records,
      int attempts,
      Duration duration) {

    /**
     * Checks the values.
     *
     * @param table the table's full name
     * @param groups the number of file groups rewritten
     * @param rewrittenDataFiles the number of data files replaced
     * @param addedDataFiles the number of data files written
     * @param removedDeleteFiles the number of delete files dropped because they no longer apply
     * @param rewrittenBytes the size of the replaced data files
     * @param addedBytes the size of the written data files
     * @param records the number of rows written
     * @param attempts the number of plan-rewrite-commit attempts (more than 1 after conflicts)
     * @param duration the time taken
     * @throws NullPointerException when table or duration is null
     */
    public RewriteResult {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(duration, "duration");
    }
  }

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
  record ExpireResult(
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
    public ExpireResult {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(duration, "duration");
    }

    /**
     * The total number of files deleted.
     *
     * @return the count of every kind of deleted file
     */
    public long deletedFiles() {
      return deletedDataFiles + deletedDeleteFiles + deletedManifests + deletedManifestLists
          + deletedStatisticsFiles;
    }
  }

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
  record OrphanResult(
      String table, List<String> orphanFiles, long orphanBytes, long deletedFiles, long scannedFiles,
      Duration duration, List<String> skipped) {

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
    public OrphanResult {
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
    public OrphanResult(
        String table, List<String> orphanFiles, long orphanBytes, long deletedFiles, long scannedFiles,
        Duration duration) {
      this(table, orphanFiles, orphanBytes, deletedFiles, scannedFiles, duration, List.of());
    }
  }

  /**
   * What a manifest rewrite did. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param rewrittenManifests the number of manifests replaced
   * @param addedManifests the number of manifests written
   * @param keptManifests the number of manifests left as they were
   * @param entries the number of file entries rewritten
   * @param duration the time taken
   */
  record ManifestsResult(
      String table, long rewrittenManifests, long addedManifests, long keptManifests, long entries,
      Duration duration) {

    /**
     * Checks the values.
     *
     * @param table the table's full name
     * @param rewrittenManifests the number of manifests replaced
     * @param addedManifests the number of manifests written
     * @param keptManifests the number of manifests left as they were
     * @param entries the number of file entries rewritten
     * @param duration the time taken
     * @throws NullPointerException when table or duration is null
     */
    public ManifestsResult {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(duration, "duration");
    }
  }
}
