package io.floe.maintenance;

import io.floe.CommitConflictException;
import io.floe.CommitResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Rewrites the current snapshot's data manifests into fewer, partition-clustered manifests of the
 * target size: a pending operation, used once. Not thread-safe.
 *
 * <pre>{@code
 * RewriteManifests.Result result = table.maintenance().rewriteManifests().execute();
 * }</pre>
 */
public interface RewriteManifests {

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
  Result execute();

  /**
   * What a manifest rewrite did. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param snapshotId the snapshot the commit made; when nothing was rewritten, the table's current
   *     snapshot (-1 when it has none)
   * @param summary the summary of that snapshot, empty when there is none
   * @param rewrittenManifests the number of manifests replaced
   * @param addedManifests the number of manifests written
   * @param keptManifests the number of manifests left as they were
   * @param entries the number of file entries rewritten
   * @param duration the time taken
   */
  record Result(
      String table,
      long snapshotId,
      Map<String, String> summary,
      long rewrittenManifests,
      long addedManifests,
      long keptManifests,
      long entries,
      Duration duration)
      implements CommitResult {

    /**
     * Copies the summary and checks the values.
     *
     * @param table the table's full name
     * @param snapshotId the snapshot the commit made, or the current one when nothing was rewritten
     * @param summary the summary of that snapshot
     * @param rewrittenManifests the number of manifests replaced
     * @param addedManifests the number of manifests written
     * @param keptManifests the number of manifests left as they were
     * @param entries the number of file entries rewritten
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
