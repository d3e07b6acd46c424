package io.floe.impl.maintain;

import io.floe.impl.spi.Errors;
import io.floe.maintenance.RewriteManifests;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Rewrites small data manifests with Iceberg's in-process {@code RewriteManifests}, clustering
 * entries by spec and partition, reading manifests on a bounded pool.
 */
final class RewriteManifestsImpl implements RewriteManifests {
  private final String name;
  private final Table table;
  private Long targetSize;
  private int parallelism = Pools.defaultParallelism();
  private boolean executed;

  RewriteManifestsImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public RewriteManifests targetManifestSize(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("Target manifest size must be positive: " + bytes);
    }
    targetSize = bytes;
    return this;
  }

  @Override
  public RewriteManifests parallelism(int threads) {
    parallelism = Pools.checkThreads(threads);
    return this;
  }

  @Override
  public RewriteManifests.Result execute() {
    return io.floe.impl.spi.Events.maintenance(
        table,
        "rewrite-manifests",
        this::run,
        r -> new long[] {r.rewrittenManifests(), r.addedManifests(), 0, 0});
  }

  private RewriteManifests.Result run() {
    if (executed) {
      throw Errors.alreadyDone("Manifest rewrite of " + name, "executed");
    }
    executed = true;
    long started = System.nanoTime();
    Errors.run(name, table::refresh);
    Snapshot before = table.currentSnapshot();
    if (before == null) {
      return new RewriteManifests.Result(
          name, -1, Map.of(), 0, 0, 0, 0, Duration.ofNanos(System.nanoTime() - started));
    }
    long limit =
        targetSize != null
            ? targetSize
            : PropertyUtil.propertyAsLong(
                table.properties(),
                TableProperties.MANIFEST_TARGET_SIZE_BYTES,
                TableProperties.MANIFEST_TARGET_SIZE_BYTES_DEFAULT);
    long small = before.dataManifests(table.io()).stream().filter(m -> m.length() < limit).count();
    if (small <= 1) {
      return new RewriteManifests.Result(
          name,
          before.snapshotId(),
          before.summary(),
          0,
          0,
          before.allManifests(table.io()).size(),
          0,
          Duration.ofNanos(System.nanoTime() - started));
    }
    ExecutorService pool = Pools.open(parallelism, "manifests");
    String commitId = java.util.UUID.randomUUID().toString();
    try {
      try {
        table
            .rewriteManifests()
            .clusterBy(
                file ->
                    file.specId()
                        + "/"
                        + table.specs().get(file.specId()).partitionToPath(file.partition()))
            .rewriteIf(
                manifest -> manifest.content() == ManifestContent.DATA && manifest.length() < limit)
            .scanManifestsWith(pool)
            .set("floe.operation", "rewrite-manifests")
            .set(RewriteDataFilesImpl.COMMIT_ID, commitId)
            .commit();
      } catch (org.apache.iceberg.exceptions.CommitStateUnknownException e) {
        throw Errors.commitStateUnknown(name, commitId, e);
      } catch (RuntimeException e) {
        throw Errors.translate(name, e);
      }
    } finally {
      pool.shutdownNow();
    }
    Committed committed = Committed.of(table, commitId);
    Map<String, String> summary = committed.summary();
    return new RewriteManifests.Result(
        name,
        committed.snapshotId(),
        summary,
        count(summary, SnapshotSummary.REPLACED_MANIFESTS_COUNT),
        count(summary, SnapshotSummary.CREATED_MANIFESTS_COUNT),
        count(summary, SnapshotSummary.KEPT_MANIFESTS_COUNT),
        count(summary, SnapshotSummary.PROCESSED_MANIFEST_ENTRY_COUNT),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static long count(Map<String, String> summary, String key) {
    String value = summary.get(key);
    return value == null ? 0 : Long.parseLong(value);
  }
}
