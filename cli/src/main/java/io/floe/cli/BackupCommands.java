package io.floe.cli;

import io.floe.maintenance.BackupTable;
import io.floe.maintenance.RestoreTable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe backup} and {@code floe restore}: {@code maintenance().backupTable()} and back. */
final class BackupCommands {
  private BackupCommands() {}

  /** A location as given when it has a scheme, else a local path resolved like other paths. */
  static String location(FloeCommand command, String given) {
    if (given.contains("://")) {
      return given;
    }
    return command.cli().session().resolvePath(Path.of(given)).toString();
  }

  /**
   * A listener that draws the phases of a backup, restore, replication, compaction, expiry or
   * orphan removal on a bar.
   */
  static io.floe.events.ProgressListener bar(Progress p) {
    return e -> p.files(e.phase(), e.filesDone(), e.filesTotal(), e.bytesDone(), e.bytesTotal());
  }

  /** {@code floe backup TABLE LOCATION}. */
  @Command(
      name = "backup",
      description = {
        "Copy a table's reachable files (every snapshot) to LOCATION as a self-contained table:"
            + " its metadata references only files under LOCATION (floe restore, floe register).",
        "Incremental: files already in LOCATION with the same name and size are not copied again."
            + " A CRC32C per file is recorded in metadata/*.floe-backup.json, written last, so an"
            + " interrupted backup is never restorable half-done; run it again to complete it.",
        "Position delete files and deletion vectors are rewritten with the backup's data paths."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe backup analytics.events /backups/events",
        "  floe backup analytics.events s3://backups/events --parallelism 8"
      })
  static final class Backup extends InspectCommands.TableArg {
    @Parameters(index = "1", paramLabel = "LOCATION", description = "Where the copy goes")
    String location;

    @Option(names = "--parallelism", description = "Threads that copy files (default: up to 4)")
    Integer parallelism;

    @Override
    protected void run() {
      BackupTable backup = table(name).maintenance().backupTable().to(location(this, location));
      if (parallelism != null) {
        backup.parallelism(parallelism);
      }
      BackupTable.Result r;
      try (Progress p = progress("backup " + name, -1)) {
        r = backup.progress(bar(p)).execute();
      }
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("table", r.table());
      f.put("location", r.location());
      f.put("metadata_location", r.metadataLocation());
      f.put("snapshot_id", r.snapshotId());
      f.put("snapshots", r.snapshots());
      f.put("copied_files", r.copiedFiles());
      f.put("copied_bytes", r.copiedBytes());
      f.put("skipped_files", r.skippedFiles());
      f.put("skipped_bytes", r.skippedBytes());
      print(Tabular.record(f));
      note(
          "Backed up "
              + r.table()
              + " ("
              + r.snapshots()
              + " snapshot(s)) to "
              + r.location()
              + ": "
              + r.copiedFiles()
              + " file(s) copied, "
              + r.skippedFiles()
              + " already there");
    }
  }

  /** {@code floe restore NAME BACKUP_LOCATION}. */
  @Command(
      name = "restore",
      description = {
        "Check every file of the newest complete backup in BACKUP_LOCATION against its recorded"
            + " size and CRC32C, copy it to the table's own location (the catalog's default for"
            + " NAME, or --location) and register the copy as table NAME (a new name, or the"
            + " original's after it was dropped). Every backed-up snapshot comes back.",
        "Nothing is registered when a file is missing or altered (exit 1, the file is named)."
            + " The backup is only read."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe restore analytics.events /backups/events",
        "  floe restore analytics.events_copy /backups/events --location /data/events_copy",
        "  floe restore analytics.events /backups/events --as-of 2026-12-01T00:00:00Z"
      })
  static final class Restore extends FloeCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The restored table's full name")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP_LOCATION", description = "The backup's location")
    String location;

    @Option(
        names = "--location",
        paramLabel = "FOLDER",
        description = "Where the restored table lives (default: the catalog's location for NAME)")
    String tableLocation;

    @Option(
        names = "--snapshot",
        paramLabel = "ID",
        description = "Restore as of this snapshot of the backup (later ones stay in the history)")
    Long snapshot;

    @Option(
        names = "--as-of",
        paramLabel = "TIME",
        description =
            "Restore as of a time (2026-01-31T00:00:00Z) or an age (7d, 12h): the newest snapshot"
                + " committed by then")
    String asOf;

    @Override
    protected void run() {
      RestoreTable.Result r;
      if (snapshot != null && asOf != null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "give --snapshot or --as-of, not both");
      }
      try (Progress p = progress("restore " + name, -1)) {
        RestoreTable restore = floe().restoreTable(name, location(this, location));
        if (tableLocation != null) {
          restore.location(location(this, tableLocation));
        }
        if (snapshot != null) {
          restore.asOfSnapshot(snapshot);
        }
        if (asOf != null) {
          restore.asOfTime(MaintenanceCommands.time(spec, "--as-of", asOf));
        }
        r = restore.progress(bar(p)).execute();
      }
      note(
          "Restored table "
              + r.table()
              + " at "
              + r.location()
              + " from "
              + r.backupMetadataLocation()
              + " ("
              + r.checkedFiles()
              + " file(s), "
              + r.checkedBytes()
              + " bytes checked"
              + (r.snapshotId() < 0 ? "" : "; snapshot " + r.snapshotId())
              + ")");
    }
  }

  /** {@code floe replicate NAME REPLICA [--to-catalog CAT]}. */
  @Command(
      name = "replicate",
      description = {
        "Bring REPLICA (in the catalog --to-catalog names, default the same one) up to date with"
            + " table NAME, one way: the first run copies every file NAME can reach to the"
            + " replica's own location and registers it; later runs copy only what the replica"
            + " lacks and commit the new metadata there at once.",
        "A replica with commits of its own, or a table that is not a replica of NAME, is refused"
            + " (exit 1). An interrupted run commits nothing; run it again to resume."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe replicate analytics.events analytics.events --to-catalog dr",
        "  floe replicate analytics.events analytics.events_copy --location /data/events_copy"
      })
  static final class Replicate extends InspectCommands.TableArg {
    @Parameters(index = "1", paramLabel = "REPLICA", description = "The replica's full name")
    String replica;

    @Option(
        names = "--to-catalog",
        paramLabel = "CATALOG",
        description = "The replica's catalog, from the configuration (default: NAME's catalog)")
    String toCatalog;

    @Option(
        names = "--location",
        paramLabel = "FOLDER",
        description = "Where a new replica lives (default: the catalog's location for REPLICA)")
    String replicaLocation;

    @Option(names = "--parallelism", description = "Threads that copy files (default: up to 4)")
    Integer parallelism;

    @Override
    protected void run() {
      io.floe.Floe target =
          toCatalog == null
              ? floe()
              : cli().session().floe(toCatalog, cli().config(), cli().warehouse());
      io.floe.maintenance.ReplicateTable replicate =
          table(name).maintenance().replicateTable().to(target, replica);
      if (replicaLocation != null) {
        replicate.location(location(this, replicaLocation));
      }
      if (parallelism != null) {
        replicate.parallelism(parallelism);
      }
      io.floe.maintenance.ReplicateTable.Result r;
      try (Progress p = progress("replicate " + name, -1)) {
        r = replicate.progress(bar(p)).execute();
      }
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("source", r.source());
      f.put("replica", r.replica());
      f.put("location", r.location());
      f.put("created", r.created());
      f.put("snapshot_id", r.snapshotId());
      f.put("copied_files", r.copiedFiles());
      f.put("copied_bytes", r.copiedBytes());
      f.put("skipped_files", r.skippedFiles());
      print(Tabular.record(f));
      note(
          (r.created() ? "Created replica " : "Updated replica ")
              + r.replica()
              + " of "
              + r.source()
              + " at "
              + r.location()
              + ": "
              + r.copiedFiles()
              + " file(s) copied, "
              + r.skippedFiles()
              + " already there");
    }
  }

  /** {@code floe clone NAME CLONE [--to-catalog CAT] [--snapshot ID]}. */
  @Command(
      name = "clone",
      description = {
        "Clone table NAME as CLONE (in the catalog --to-catalog names, default the same one)"
            + " without copying: the clone references NAME's files in place and writes its own"
            + " new files under its own location. Both catalogs must reach the same storage.",
        "NAME records the clone (property floe.clones.<uuid>), and Floe's expiry and orphan"
            + " removal of NAME keep every file the clone reads; they refuse while the clone"
            + " cannot be loaded. Other engines do not know of clones: keep maintenance of both"
            + " in Floe, or set gc.enabled=false on both."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe clone analytics.events sandbox.events",
        "  floe clone analytics.events analytics.events_monday --snapshot 4237896561234"
      })
  static final class Clone extends InspectCommands.TableArg {
    @Parameters(index = "1", paramLabel = "CLONE", description = "The clone's full name")
    String clone;

    @Option(
        names = "--to-catalog",
        paramLabel = "CATALOG",
        description = "The clone's catalog, from the configuration (default: NAME's catalog)")
    String toCatalog;

    @Option(
        names = "--location",
        paramLabel = "FOLDER",
        description =
            "Where the clone writes its files (default: the catalog's location for CLONE)")
    String cloneLocation;

    @Option(
        names = "--snapshot",
        paramLabel = "ID",
        description = "The snapshot of NAME to clone (default: the current one)")
    Long snapshot;

    @Override
    protected void run() {
      io.floe.Floe target =
          toCatalog == null
              ? floe()
              : cli().session().floe(toCatalog, cli().config(), cli().warehouse());
      io.floe.maintenance.CloneTable cloning =
          table(name).maintenance().cloneTable().to(target, clone);
      if (cloneLocation != null) {
        cloning.location(location(this, cloneLocation));
      }
      if (snapshot != null) {
        cloning.asOfSnapshot(snapshot);
      }
      io.floe.maintenance.CloneTable.Result r = cloning.execute();
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("source", r.source());
      f.put("clone", r.cloneName());
      f.put("location", r.location());
      f.put("clone_uuid", r.cloneUuid());
      f.put("snapshot_id", r.snapshotId());
      f.put("metadata_location", r.metadataLocation());
      print(Tabular.record(f));
      note(
          "Cloned "
              + r.source()
              + " as "
              + r.cloneName()
              + " at "
              + r.location()
              + " (snapshot "
              + r.snapshotId()
              + ", no files copied)");
    }
  }
}
