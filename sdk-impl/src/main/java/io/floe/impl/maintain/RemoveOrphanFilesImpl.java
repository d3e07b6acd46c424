package io.floe.impl.maintain;

import io.floe.impl.io.Locations;
import io.floe.impl.spi.DirectoryListing;
import io.floe.impl.spi.Errors;
import io.floe.maintenance.RemoveOrphanFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Lists the table's folder (by folder, never by raw string prefix, without following symbolic
 * links) and deletes the files older than a threshold that the metadata (snapshots, manifests, data
 * and delete files, statistics, current and logged metadata files) does not reference, comparing
 * {@link Locations#canonical canonical} locations.
 *
 * <p>It refuses before listing when the table's {@code gc.enabled} is false, when the threshold is
 * less than the safety margin ({@value #MIN_AGE_PROPERTY}, one day) in the past unless {@link
 * #unsafeOlderThan} was used, and when the folder holds anything the table does not own ({@link
 * Ownership}): a warehouse root, a catalog's files, another table of an open catalog, or another
 * table's metadata files found while listing. Files the table's clones read ({@link Clones}) are
 * not orphans; a clone that cannot be loaded refuses the run. A dry run reports exactly the files a
 * real run would delete.
 */
final class RemoveOrphanFilesImpl implements RemoveOrphanFiles {
  static final Duration DEFAULT_AGE = Duration.ofDays(3);

  private static final String OPERATION = "remove orphan files of";

  /**
   * Table property: how long ago the threshold must be at least, in milliseconds (default one day).
   */
  public static final String MIN_AGE_PROPERTY = "floe.orphan-files.min-age-ms";

  static final long MIN_AGE_DEFAULT_MS = Duration.ofDays(1).toMillis();

  private final String name;
  private final Table table;
  private Instant olderThan;
  private boolean unsafe;
  private boolean dryRun;
  private int parallelism = Pools.defaultParallelism();
  private ProgressTracker tracker = ProgressTracker.of(null, null, null);
  private boolean executed;

  RemoveOrphanFilesImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public RemoveOrphanFiles olderThan(Instant time) {
    this.olderThan = Objects.requireNonNull(time, "time");
    this.unsafe = false;
    return this;
  }

  @Override
  public RemoveOrphanFiles unsafeOlderThan(Instant time) {
    this.olderThan = Objects.requireNonNull(time, "time");
    this.unsafe = true;
    return this;
  }

  @Override
  public RemoveOrphanFiles dryRun() {
    dryRun = true;
    return this;
  }

  @Override
  public RemoveOrphanFiles progress(io.floe.events.ProgressListener listener) {
    tracker = ProgressTracker.of(listener, name, "remove-orphan-files");
    return this;
  }

  @Override
  public RemoveOrphanFiles parallelism(int threads) {
    parallelism = Pools.checkThreads(threads);
    return this;
  }

  @Override
  public RemoveOrphanFiles.Result execute() {
    return io.floe.impl.spi.Events.maintenance(
        table,
        "remove-orphan-files",
        this::run,
        r -> new long[] {0, 0, r.deletedFiles(), r.deletedFiles() == 0 ? 0 : r.orphanBytes()});
  }

  private RemoveOrphanFiles.Result run() {
    if (executed) {
      throw Errors.alreadyDone("Orphan-file removal of " + name, "executed");
    }
    executed = true;
    long started = System.nanoTime();
    if (!(table.io() instanceof DirectoryListing)
        && !(table.io() instanceof SupportsPrefixOperations)) {
      throw MaintenanceErrors.cannotListFiles(name, table.io().getClass().getSimpleName());
    }
    Errors.run(name, table::refresh);
    Ownership.checkGcEnabled(name, table, OPERATION);
    long cutoff = cutoff(Instant.now());
    Ownership.checkOwnsLocation(name, table);
    ExecutorService pool = Pools.open(parallelism, "orphans");
    try {
      // list first, then collect references: a file committed in between is referenced, not
      // orphaned
      DirectoryListing.Listing listing =
          Errors.translate(name, () -> DirectoryListing.list(table.io(), table.location()));
      checkNoForeignMetadata(listing);
      Errors.run(name, table::refresh);
      Reachable collector = new Reachable();
      Map<String, Reachable.FileRef> reachable =
          new java.util.HashMap<>(
              Errors.translate(name, () -> collector.collect(table, pool, true)));
      // files the table's clones read are referenced too
      reachable.putAll(
          Errors.translate(name, () -> Clones.referenced(name, table, pool, collector, OPERATION)));
      List<FileInfo> orphans = new ArrayList<>();
      for (FileInfo file : listing.files()) {
        if (file.createdAtMillis() < cutoff
            && !reachable.containsKey(Locations.canonical(file.location()))
            && !isCatalogFile(file.location())) {
          orphans.add(file);
        }
      }
      orphans.sort((a, b) -> a.location().compareTo(b.location()));
      long deleted = 0;
      if (!dryRun && !orphans.isEmpty()) {
        tracker.phase("delete", orphans.size(), orphans.stream().mapToLong(FileInfo::size).sum());
        List<Boolean> results =
            Pools.map(
                pool,
                name,
                orphans,
                file -> {
                  try {
                    table.io().deleteFile(file.location());
                    return true;
                  } catch (org.apache.iceberg.exceptions.NotFoundException e) {
                    return false;
                  } finally {
                    tracker.done(file.size());
                  }
                });
        deleted = results.stream().filter(Boolean::booleanValue).count();
      }
      return new RemoveOrphanFiles.Result(
          name,
          orphans.stream().map(FileInfo::location).toList(),
          orphans.stream().mapToLong(FileInfo::size).sum(),
          deleted,
          listing.files().size(),
          Duration.ofNanos(System.nanoTime() - started),
          listing.skipped());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The threshold in epoch millis, checked against the table's safety margin. */
  private long cutoff(Instant now) {
    long minAge =
        PropertyUtil.propertyAsLong(table.properties(), MIN_AGE_PROPERTY, MIN_AGE_DEFAULT_MS);
    if (minAge < 0) {
      throw MaintenanceErrors.negativeMinAge(name, MIN_AGE_PROPERTY, minAge);
    }
    Instant latest = now.minusMillis(minAge);
    if (olderThan == null) {
      Instant byDefault = now.minus(DEFAULT_AGE);
      return (byDefault.isBefore(latest) ? byDefault : latest).toEpochMilli();
    }
    if (!unsafe && olderThan.isAfter(latest)) {
      throw MaintenanceErrors.thresholdTooRecent(
          name, olderThan, Duration.ofMillis(minAge), MIN_AGE_PROPERTY);
    }
    return olderThan.toEpochMilli();
  }

  /** Refuses when the listing holds another table's metadata files (a table nested in this one). */
  private void checkNoForeignMetadata(DirectoryListing.Listing listing) {
    String metadata = table.properties().get(TableProperties.WRITE_METADATA_LOCATION);
    String ownFolder =
        Locations.directory(
            metadata == null ? Locations.listingPrefix(table.location()) + "metadata" : metadata);
    for (FileInfo file : listing.files()) {
      String canonical = Locations.canonical(file.location());
      if (canonical.endsWith(".metadata.json")
          && !(canonical.startsWith(ownFolder) && canonical.indexOf('/', ownFolder.length()) < 0)) {
        throw MaintenanceErrors.orphansHoldMetadata(name, table.location(), file.location());
      }
    }
  }

  /** Files a catalog may keep next to metadata (the Hadoop catalog's version hint). */
  private static boolean isCatalogFile(String location) {
    return location.endsWith("/metadata/version-hint.text");
  }
}
