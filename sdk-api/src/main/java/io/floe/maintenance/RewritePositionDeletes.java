package io.floe.maintenance;

import io.floe.CommitConflictException;
import io.floe.CommitResult;
import io.floe.CommitStateUnknownException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.expressions.Expression;

/**
 * Compacts position deletes without touching data files: a pending operation, used once.
 *
 * <p>In each partition chosen, the positions every live data file has deleted are read from all the
 * partition's position-delete files and written again as one file-scoped delete file per data file
 * (format v2) or as deletion vectors, one Puffin file per partition (format v3); the old delete
 * files are replaced in one {@code replace} snapshot, so scans, incremental and changelog scans see
 * the same rows. Deletes of data files that are no longer live are dropped. A partition is chosen
 * when one of its data files has more than one position-delete file or, on v3, when it still has
 * position-delete files that are not deletion vectors. Not thread-safe.
 *
 * <pre>{@code
 * RewritePositionDeletes.Result result = table.maintenance().rewritePositionDeletes()
 *     .where(Expressions.equal("category", "books"))
 *     .execute();
 * }</pre>
 */
public interface RewritePositionDeletes {

  /**
   * Rewrites only partitions that may hold rows matching a filter; the filter selects whole
   * partitions, never single files, so no delete is lost.
   *
   * @param filter an Iceberg expression; repeated calls are combined with AND
   * @return this rewrite
   */
  RewritePositionDeletes where(Expression filter);

  /**
   * Rewrites every partition in scope that has position deletes, even when it is already compact.
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
   * against the snapshot it started from. When a concurrent commit removed one of the delete files
   * or data files involved, or added a deletion vector for one of the data files, the written files
   * are removed and the rewrite is planned again.
   *
   * @return what was rewritten
   * @throws CommitConflictException when concurrent commits kept conflicting; the table is
   *     unchanged and the written files were removed
   * @throws CommitStateUnknownException when the outcome is unknown; no file was deleted
   * @throws IllegalStateException when already executed
   */
  Result execute();

  /**
   * What a position-delete rewrite did. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param snapshotId the snapshot the commit made; when nothing was rewritten, the table's current
   *     snapshot (-1 when it has none)
   * @param summary the summary of that snapshot, empty when there is none
   * @param partitions the number of partitions rewritten
   * @param rewrittenDeleteFiles the number of position-delete files (and deletion vectors) replaced
   * @param addedDeleteFiles the number of delete files (or deletion vectors) written
   * @param rewrittenBytes the size of the replaced delete files (of their blobs for deletion
   *     vectors)
   * @param addedBytes the size of the written delete files (of their blobs for deletion vectors)
   * @param rewrittenDeletes the number of deleted positions the replaced files held
   * @param addedDeletes the number of deleted positions written; fewer when positions were
   *     duplicated or referenced data files that are gone
   * @param attempts the number of plan-rewrite-commit attempts (more than 1 after conflicts)
   * @param duration the time taken
   */
  record Result(
      String table,
      long snapshotId,
      Map<String, String> summary,
      int partitions,
      long rewrittenDeleteFiles,
      long addedDeleteFiles,
      long rewrittenBytes,
      long addedBytes,
      long rewrittenDeletes,
      long addedDeletes,
      int attempts,
      Duration duration)
      implements CommitResult {

    /**
     * Copies the summary and checks the values.
     *
     * @param table the table's full name
     * @param snapshotId the snapshot the commit made, or the current one when nothing was rewritten
     * @param summary the summary of that snapshot
     * @param partitions the number of partitions rewritten
     * @param rewrittenDeleteFiles the number of position-delete files (and deletion vectors)
     *     replaced
     * @param addedDeleteFiles the number of delete files (or deletion vectors) written
     * @param rewrittenBytes the size of the replaced delete files (of their blobs for deletion
     *     vectors)
     * @param addedBytes the size of the written delete files (of their blobs for deletion vectors)
     * @param rewrittenDeletes the number of deleted positions the replaced files held
     * @param addedDeletes the number of deleted positions written
     * @param attempts the number of plan-rewrite-commit attempts
     * @param duration the time taken
     * @throws NullPointerException when table, summary or duration is null
     */
    public Result {
      Objects.requireNonNull(table, "table");
      summary = Map.copyOf(summary);
      Objects.requireNonNull(duration, "duration");
    }
  }
}
