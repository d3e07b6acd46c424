package io.floe.impl.maintain;

import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.ValidationException;
import io.floe.impl.maintain.BackupFiles.Checked;
import io.floe.impl.spi.Errors;
import io.floe.maintenance.BackupTable;
import io.floe.maintenance.RestoreTable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.iceberg.io.FileIO;

/**
 * {@link RestoreTable}: finds the newest complete backup in a location (its checksum manifest),
 * checks every file it lists on a bounded pool (size, then CRC32C over its bytes), copies the
 * backup to the restored table's own location (the catalog's default for the name, or the one
 * given; checked against every open catalog's tables, warehouse roots and files) rewriting its
 * paths, and only then registers the copy's metadata file through the given registration (the
 * Floe's {@code registerTable}, with its location-ownership checks). The backup itself is only
 * read: the restored table's commits, expiry and orphan removal never touch it.
 */
public final class RestoreTableImpl implements RestoreTable {
  private final String name;
  private final String location;
  private final Supplier<FileIO> storage;
  private final BiFunction<String, String, FloeTable> register;
  private final java.util.function.Predicate<String> exists;
  private final Supplier<String> defaultLocation;
  private final java.util.function.Consumer<String> checkLocation;
  private String tableLocation;
  private Long asOfSnapshot;
  private java.time.Instant asOfTime;
  private ProgressTracker tracker = ProgressTracker.of(null, null, null);
  private int parallelism = Pools.defaultParallelism();
  private boolean executed;

  /**
   * Creates a restore.
   *
   * @param name the restored table's name
   * @param location the backup location
   * @param storage opens a file IO that reads the backup location; closed after the checks
   * @param register registers a metadata file under a name
   * @param exists whether a table of a name exists (checked before the files are)
   * @param defaultLocation the location the catalog gives a new table of the name
   * @param checkLocation refuses a location that overlaps a table, a warehouse root or a catalog's
   *     files
   */
  public RestoreTableImpl(
      String name,
      String location,
      Supplier<FileIO> storage,
      BiFunction<String, String, FloeTable> register,
      java.util.function.Predicate<String> exists,
      Supplier<String> defaultLocation,
      java.util.function.Consumer<String> checkLocation) {
    this.name = Objects.requireNonNull(name, "name");
    this.location = BackupFiles.strip(Objects.requireNonNull(location, "backupLocation"));
    this.storage = storage;
    this.register = register;
    this.exists = exists;
    this.defaultLocation = defaultLocation;
    this.checkLocation = checkLocation;
  }

  @Override
  public RestoreTable location(String tableLocation) {
    Objects.requireNonNull(tableLocation, "location");
    if (tableLocation.isBlank()) {
      throw new IllegalArgumentException("Restore of " + name + ": the location is blank");
    }
    this.tableLocation = BackupFiles.strip(tableLocation);
    return this;
  }

  @Override
  public RestoreTable asOfSnapshot(long snapshotId) {
    this.asOfSnapshot = snapshotId;
    this.asOfTime = null;
    return this;
  }

  @Override
  public RestoreTable asOfTime(java.time.Instant time) {
    this.asOfTime = Objects.requireNonNull(time, "time");
    this.asOfSnapshot = null;
    return this;
  }

  @Override
  public RestoreTable progress(io.floe.events.ProgressListener listener) {
    tracker = ProgressTracker.of(listener, name, "restore-table");
    return this;
  }

  @Override
  public RestoreTable parallelism(int threads) {
    parallelism = Pools.checkThreads(threads);
    return this;
  }

  @Override
  public Result execute() {
    if (executed) {
      throw Errors.alreadyDone("Restore of " + name, "executed");
    }
    executed = true;
    if (exists.test(name)) {
      throw new io.floe.AlreadyExistsException(
          "Cannot restore table "
              + name
              + ": a table of that name exists; drop it first or restore under another name",
          null);
    }
    BackupFiles.Manifest backup;
    long bytes = 0;
    String target =
        tableLocation != null ? tableLocation : BackupFiles.strip(defaultLocation.get());
    if (io.floe.impl.io.Locations.overlap(target, location)) {
      throw new ValidationException(
          "Cannot restore table "
              + name
              + " to "
              + target
              + ": the location overlaps the backup "
              + location
              + " (the restored table's commits and maintenance would change the backup);"
              + " choose another location(...)",
          name,
          null,
          null);
    }
    checkLocation.accept(target);
    BackupTable.Result copy;
    try (FileIO io = storage.get()) {
      List<BackupFiles.Manifest> complete = BackupFiles.complete(io, location);
      if (complete.isEmpty()) {
        throw new NotFoundException(
            "Cannot restore table "
                + name
                + ": "
                + location
                + " holds no complete backup (no metadata/*"
                + BackupTable.MANIFEST_SUFFIX
                + "); was the backup interrupted before it finished?",
            null);
      }
      backup = complete.get(complete.size() - 1);
      ExecutorService pool = Pools.open(parallelism, "restore");
      try {
        tracker.phase(
            "check", backup.files().size(), backup.files().stream().mapToLong(Checked::size).sum());
        Pools.map(
            pool,
            name,
            backup.files(),
            file -> {
              check(io, file, backup);
              tracker.done(file.size());
              return null;
            });
      } finally {
        pool.shutdownNow();
      }
      for (Checked file : backup.files()) {
        bytes += file.size();
      }
      org.apache.iceberg.Table source =
          new org.apache.iceberg.BaseTable(
              new org.apache.iceberg.StaticTableOperations(backup.metadataLocation(), io), name);
      Long snapshotId = chosenSnapshot(source, backup);
      try {
        copy =
            BackupTableImpl.copyForRestore(name, source, target, parallelism, snapshotId, tracker);
      } catch (RuntimeException e) {
        e.addSuppressed(
            new IllegalStateException(
                "Restore of "
                    + name
                    + " stopped while copying to "
                    + target
                    + "; nothing was registered. Files copied so far stay there; running the"
                    + " restore again reuses those that are intact"));
        throw e;
      }
    }
    FloeTable table = register.apply(name, copy.metadataLocation());
    long snapshotId = table.currentSnapshot().map(s -> s.snapshotId()).orElse(-1L);
    return new Result(
        name,
        backup.metadataLocation(),
        table.location(),
        copy.metadataLocation(),
        snapshotId,
        backup.files().size(),
        bytes);
  }

  /** The snapshot asked for, checked against the backup; null for the backup's current one. */
  private Long chosenSnapshot(org.apache.iceberg.Table source, BackupFiles.Manifest backup) {
    if (asOfSnapshot != null) {
      if (source.snapshot(asOfSnapshot) == null) {
        throw new NotFoundException(
            "Cannot restore table "
                + name
                + " as of snapshot "
                + asOfSnapshot
                + ": the backup "
                + backup.location()
                + " has no such snapshot (it has "
                + snapshotIds(source)
                + ")",
            null);
      }
      return asOfSnapshot;
    }
    if (asOfTime != null) {
      Long found = null;
      for (org.apache.iceberg.HistoryEntry entry : source.history()) {
        if (entry.timestampMillis() <= asOfTime.toEpochMilli()) {
          found = entry.snapshotId(); // the log is in time order: the last one wins
        }
      }
      if (found == null) {
        throw new NotFoundException(
            "Cannot restore table "
                + name
                + " as of "
                + asOfTime
                + ": the backup "
                + backup.location()
                + " has no snapshot of the main branch that old (its oldest: "
                + (source.history().isEmpty()
                    ? "none"
                    : java.time.Instant.ofEpochMilli(source.history().get(0).timestampMillis()))
                + ")",
            null);
      }
      return found;
    }
    return null;
  }

  private static String snapshotIds(org.apache.iceberg.Table source) {
    List<String> ids = new java.util.ArrayList<>();
    source.snapshots().forEach(s -> ids.add(Long.toString(s.snapshotId())));
    return ids.isEmpty() ? "none" : String.join(", ", ids);
  }

  private Void check(FileIO io, Checked file, BackupFiles.Manifest backup) {
    long size = BackupFiles.length(io, file.path());
    String problem = null;
    if (size < 0) {
      problem = "is missing";
    } else if (size != file.size()) {
      problem = "has " + size + " bytes, the backup recorded " + file.size();
    } else {
      String crc = BackupFiles.checksum(io, file.path());
      if (!crc.equals(file.crc32c())) {
        problem = "has CRC32C " + crc + ", the backup recorded " + file.crc32c();
      }
    }
    if (problem != null) {
      throw new ValidationException(
          "Cannot restore table "
              + name
              + " from "
              + backup.location()
              + ": file "
              + file.path()
              + " "
              + problem
              + " (damaged or altered since the backup); nothing was registered",
          name,
          null,
          null);
    }
    return null;
  }
}
