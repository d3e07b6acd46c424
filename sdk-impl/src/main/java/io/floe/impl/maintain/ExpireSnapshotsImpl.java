package io.floe.impl.maintain;

import io.floe.impl.spi.Errors;
import io.floe.maintenance.ExpireSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Expires snapshots with Iceberg's {@code ExpireSnapshots} (metadata only), then deletes what the
 * remaining metadata no longer references: the difference of the files reachable before and after
 * the commit, with kinds and sizes taken from the manifests, deleted in parallel. The "after" set
 * is computed from freshly loaded metadata, so files of commits that raced the expiry are kept.
 * Refused when the table's {@code gc.enabled} is false (Iceberg refuses any expiry then). Files the
 * table's clones reference ({@link Clones}) are kept; a clone that cannot be loaded refuses the
 * expiry before it commits.
 */
final class ExpireSnapshotsImpl implements ExpireSnapshots {
  private static final String OPERATION = "expire snapshots of";
  private final String name;
  private final Table table;
  private Instant olderThan;
  private Integer retainLast;
  private final List<Long> ids = new ArrayList<>();
  private boolean keepFiles;
  private int parallelism = Pools.defaultParallelism();
  private ProgressTracker tracker = ProgressTracker.of(null, null, null);
  private boolean executed;

  ExpireSnapshotsImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public ExpireSnapshots olderThan(Instant time) {
    this.olderThan = Objects.requireNonNull(time, "time");
    return this;
  }

  @Override
  public ExpireSnapshots retainLast(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("Snapshots to retain must be at least 1: " + count);
    }
    this.retainLast = count;
    return this;
  }

  @Override
  public ExpireSnapshots expireSnapshot(long snapshotId) {
    ids.add(snapshotId);
    return this;
  }

  @Override
  public ExpireSnapshots keepFiles() {
    keepFiles = true;
    return this;
  }

  @Override
  public ExpireSnapshots progress(io.floe.events.ProgressListener listener) {
    tracker = ProgressTracker.of(listener, name, "expire-snapshots");
    return this;
  }

  @Override
  public ExpireSnapshots parallelism(int threads) {
    parallelism = Pools.checkThreads(threads);
    return this;
  }

  @Override
  public ExpireSnapshots.Result execute() {
    return io.floe.impl.spi.Events.maintenance(
        table,
        "expire-snapshots",
        this::run,
        r -> new long[] {0, 0, r.deletedFiles(), r.deletedBytes()});
  }

  private ExpireSnapshots.Result run() {
    if (executed) {
      throw Errors.alreadyDone("Snapshot expiry of " + name, "executed");
    }
    executed = true;
    long started = System.nanoTime();
    ExecutorService pool = Pools.open(parallelism, "expire");
    try {
      Errors.run(name, table::refresh);
      Ownership.checkGcEnabled(name, table, OPERATION);
      Reachable reachable = new Reachable();
      Map<String, Reachable.FileRef> before =
          keepFiles
              ? Map.of()
              : Errors.translate(name, () -> reachable.collect(table, pool, false));
      // a clone that cannot be loaded refuses before anything changes
      if (!keepFiles) {
        Errors.translate(name, () -> Clones.referenced(name, table, pool, reachable, OPERATION));
      }
      Set<Long> beforeIds = snapshotIds();
      org.apache.iceberg.ExpireSnapshots expire = table.expireSnapshots().cleanExpiredFiles(false);
      if (olderThan != null) {
        expire = expire.expireOlderThan(olderThan.toEpochMilli());
      }
      if (retainLast != null) {
        expire = expire.retainLast(retainLast);
      }
      for (long id : ids) {
        expire = expire.expireSnapshotId(id);
      }
      org.apache.iceberg.ExpireSnapshots pending = expire;
      Errors.run(name, pending::commit);
      Errors.run(name, table::refresh);
      Set<Long> expired = new HashSet<>(beforeIds);
      expired.removeAll(snapshotIds());
      long[] counts = new long[Reachable.Kind.values().length];
      long bytes = 0;
      if (!keepFiles && !expired.isEmpty()) {
        Map<String, Reachable.FileRef> after =
            Errors.translate(name, () -> reachable.collect(table, pool, false));
        // read after the commit: a clone recorded meanwhile is seen too
        Map<String, Reachable.FileRef> cloned =
            Errors.translate(
                name, () -> Clones.referenced(name, table, pool, reachable, OPERATION));
        List<Reachable.FileRef> unreachable = new ArrayList<>();
        before.forEach(
            (location, ref) -> {
              if (!after.containsKey(location) && !cloned.containsKey(location)) {
                unreachable.add(ref);
              }
            });
        tracker.phase(
            "delete",
            unreachable.size(),
            unreachable.stream().mapToLong(ref -> Math.max(0, ref.size())).sum());
        List<Long> sizes =
            Pools.map(
                pool,
                name,
                unreachable,
                ref -> {
                  Long size = delete(ref);
                  tracker.done(Math.max(0, ref.size()));
                  return size;
                });
        for (int i = 0; i < unreachable.size(); i++) {
          Long size = sizes.get(i);
          if (size != null) {
            counts[unreachable.get(i).kind().ordinal()]++;
            bytes += size;
          }
        }
      }
      return new ExpireSnapshots.Result(
          name,
          expired.size(),
          counts[Reachable.Kind.DATA.ordinal()],
          counts[Reachable.Kind.DELETE.ordinal()],
          counts[Reachable.Kind.MANIFEST.ordinal()],
          counts[Reachable.Kind.MANIFEST_LIST.ordinal()],
          counts[Reachable.Kind.STATISTICS.ordinal()],
          bytes,
          Duration.ofNanos(System.nanoTime() - started));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Deletes one file; returns its size, or null when it was already gone or the table does not own
   * it (a file added from outside its location stays).
   */
  private Long delete(Reachable.FileRef ref) {
    if (!Ownership.owns(table, ref.location())) {
      return null;
    }
    long size = ref.size();
    if (size < 0) {
      try {
        size = table.io().newInputFile(ref.location()).getLength();
      } catch (RuntimeException e) {
        return null;
      }
    }
    try {
      table.io().deleteFile(ref.location());
    } catch (org.apache.iceberg.exceptions.NotFoundException e) {
      return null;
    }
    return size;
  }

  private Set<Long> snapshotIds() {
    Set<Long> out = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      out.add(snapshot.snapshotId());
    }
    return out;
  }
}
