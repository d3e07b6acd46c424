package io.floe.impl.maintain;

import io.floe.Maintenance;
import io.floe.UnsupportedFeatureException;
import io.floe.impl.Errors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Lists the table location with the table's {@link SupportsPrefixOperations} file I/O and deletes
 * the files older than a threshold that the metadata (snapshots, manifests, data and delete files,
 * statistics, current and logged metadata files) does not reference.
 */
public final class RemoveOrphanFilesImpl implements Maintenance.RemoveOrphanFiles {
  static final Duration DEFAULT_AGE = Duration.ofDays(3);

  private final String name;
  private final Table table;
  private Instant olderThan;
  private boolean dryRun;
  private int parallelism = Pools.defaultParallelism();
  private boolean executed;

  RemoveOrphanFilesImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public Maintenance.RemoveOrphanFiles olderThan(Instant time) {
    this.olderThan = Objects.requireNonNull(time, "time");
    return this;
  }

  @Override
  public Maintenance.RemoveOrphanFiles dryRun() {
    dryRun = true;
    return this;
  }

  @Override
  public Maintenance.RemoveOrphanFiles parallelism(int threads) {
    parallelism = Pools.checkThreads(threads);
    return this;
  }

  @Override
  public Maintenance.OrphanResult execute() {
    if (executed) {
      throw new IllegalStateException("Orphan-file removal of " + name + " was already executed");
    }
    executed = true;
    long started = System.nanoTime();
    if (!(table.io() instanceof SupportsPrefixOperations prefixes)) {
      throw new UnsupportedFeatureException("Cannot remove orphan files of table " + name + ": its file I/O "
          + table.io().getClass().getSimpleName() + " cannot list files; use a local, S3 or other listing file I/O",
          null);
    }
    long cutoff = (olderThan == null ? Instant.now().minus(DEFAULT_AGE) : olderThan).toEpochMilli();
    ExecutorService pool = Pools.open(parallelism, "orphans");
    try {
      Errors.run(name, table::refresh);
      // list first, then collect references: a file committed in between is referenced, not orphaned
      List<FileInfo> listed = new ArrayList<>();
      Errors.run(name, () -> prefixes.listPrefix(table.location()).forEach(listed::add));
      Errors.run(name, table::refresh);
      Map<String, Reachable.FileRef> reachable =
          Errors.translate(name, () -> new Reachable().collect(table, pool, true));
      List<FileInfo> orphans = new ArrayList<>();
      for (FileInfo file : listed) {
        if (file.createdAtMillis() < cutoff && !reachable.containsKey(Reachable.normalize(file.location()))
            && !isCatalogFile(file.location())) {
          orphans.add(file);
        }
      }
      orphans.sort((a, b) -> a.location().compareTo(b.location()));
      long deleted = 0;
      if (!dryRun && !orphans.isEmpty()) {
        List<Boolean> results = Pools.map(pool, name, orphans, file -> {
          try {
            table.io().deleteFile(file.location());
            return true;
          } catch (org.apache.iceberg.exceptions.NotFoundException e) {
            return false;
          }
        });
        deleted = results.stream().filter(Boolean::booleanValue).count();
      }
      return new Maintenance.OrphanResult(name, orphans.stream().map(FileInfo::location).toList(),
          orphans.stream().mapToLong(FileInfo::size).sum(), deleted, listed.size(),
          Duration.ofNanos(System.nanoTime() - started));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Files a catalog may keep next to metadata (the Hadoop catalog's version hint). */
  private static boolean isCatalogFile(String location) {
    return location.endsWith("/metadata/version-hint.text");
  }
}
