package io.floe.maintenance;

import io.floe.CommitConflictException;
import io.floe.CommitResult;
import io.floe.CommitStateUnknownException;
import io.floe.ValidationException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.expressions.Expression;

/**
 * Compacts data files: a pending operation, used once. Not thread-safe.
 *
 * <pre>{@code
 * RewriteDataFiles.Result result = table.maintenance().rewriteDataFiles()
 *     .sort()
 *     .where(Expressions.equal("category", "books"))
 *     .execute();
 * }</pre>
 */
public interface RewriteDataFiles {

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
   * The size of the files to write; by default the table's {@code write.target-file-size-bytes}.
   * Files under 75% or over 180% of it are rewritten.
   *
   * @param bytes the target size
   * @return this rewrite
   * @throws IllegalArgumentException when not positive
   */
  RewriteDataFiles targetFileSize(long bytes);

  /**
   * The fewest files worth rewriting in one partition (default 5); a partition with fewer small
   * files is left alone unless its files are too big or have too many deletes.
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
   * Reports how far the rewrite got (phase {@code rewrite}: the input data files and bytes done,
   * group by group, and in all; a retry after a conflict starts the phase again), for progress bars
   * and logs.
   *
   * @param listener called after each file, one call at a time
   * @return this rewrite
   */
  RewriteDataFiles progress(io.floe.events.ProgressListener listener);

  /**
   * The number of file groups rewritten at once (default: the number of processors, at most 4).
   *
   * @param threads the pool size
   * @return this rewrite
   * @throws IllegalArgumentException when not positive
   */
  RewriteDataFiles parallelism(int threads);

  /**
   * Rewrites the files and commits the result as one {@code replace} snapshot; a concurrent append
   * is kept, a concurrent delete of a rewritten file makes it plan and try again.
   *
   * @return what was rewritten
   * @throws CommitConflictException when concurrent deletes kept conflicting; the table is
   *     unchanged and the written files were removed
   * @throws CommitStateUnknownException when the outcome is unknown; no file was deleted
   * @throws IllegalStateException when already executed
   */
  Result execute();

  /**
   * What a data-file rewrite did. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param snapshotId the snapshot the commit made; when nothing was rewritten, the table's current
   *     snapshot (-1 when it has none)
   * @param summary the summary of that snapshot, empty when there is none
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
  record Result(
      String table,
      long snapshotId,
      Map<String, String> summary,
      int groups,
      long rewrittenDataFiles,
      long addedDataFiles,
      long removedDeleteFiles,
      long rewrittenBytes,
      long addedBytes,
      long records,
      int attempts,
      Duration duration)
      implements CommitResult {

    /**
     * Copies the summary and checks the values.
     *
     * @param table the table's full name
     * @param snapshotId the snapshot the commit made, or the current one when nothing was rewritten
     * @param summary the summary of that snapshot
     * @param groups the number of file groups rewritten
     * @param rewrittenDataFiles the number of data files replaced
     * @param addedDataFiles the number of data files written
     * @param removedDeleteFiles the number of delete files dropped because they no longer apply
     * @param rewrittenBytes the size of the replaced data files
     * @param addedBytes the size of the written data files
     * @param records the number of rows written
     * @param attempts the number of plan-rewrite-commit attempts (more than 1 after conflicts)
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
