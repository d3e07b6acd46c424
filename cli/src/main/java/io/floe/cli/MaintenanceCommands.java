package io.floe.cli;

import io.floe.FloeTable;
import io.floe.maintenance.ExpireSnapshots;
import io.floe.maintenance.RemoveOrphanFiles;
import io.floe.maintenance.RewriteDataFiles;
import io.floe.maintenance.RewriteManifests;
import io.floe.maintenance.RewritePositionDeletes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The maintenance commands: {@code compact}, {@code expire}, {@code orphans}, {@code
 * rewrite-manifests} and {@code rewrite-deletes}, over {@link FloeTable#maintenance()}. Each prints
 * what it did as one record; on a terminal a progress bar runs while it works.
 */
public final class MaintenanceCommands {
  private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhdw])");

  private MaintenanceCommands() {}

  /** {@code floe compact TABLE}. */
  @Command(
      name = "compact",
      description = {
        "Compact data files into files of the target size, in one commit.",
        "Small files are bin-packed (or sorted with --sort) and files with many deletes are"
            + " rewritten with the deletes applied."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe compact analytics.events",
        "  floe compact analytics.events --target-file-size 134217728 --where \"ts >= '2026-01-01'\""
      })
  static final class Compact extends InspectCommands.TableArg {
    @Option(names = "--target-file-size", paramLabel = "BYTES", description = "The target size")
    Long targetFileSize;

    @Option(
        names = "--min-input-files",
        paramLabel = "N",
        description = "Rewrite a group only when it has at least N files")
    Integer minInputFiles;

    @Option(
        names = "--where",
        paramLabel = "FILTER",
        description = "Only files that may hold matching rows")
    String where;

    @Option(names = "--sort", description = "Sort by the table's sort order instead of bin-packing")
    boolean sort;

    @Option(names = "--all", description = "Rewrite every file, not only small ones")
    boolean all;

    @Option(names = "--apply-deletes", description = "Rewrite every file that has deletes")
    boolean applyDeletes;

    @Override
    protected void run() {
      RewriteDataFiles rewrite = table(name).maintenance().rewriteDataFiles();
      if (sort) {
        rewrite.sort();
      }
      if (targetFileSize != null) {
        rewrite.targetFileSize(targetFileSize);
      }
      if (minInputFiles != null) {
        rewrite.minInputFiles(minInputFiles);
      }
      if (where != null) {
        rewrite.where(io.floe.Filter.parse(where));
      }
      if (all) {
        rewrite.rewriteAll();
      }
      if (applyDeletes) {
        rewrite.applyDeletes();
      }
      RewriteDataFiles.Result r;
      try (Progress p = progress("compact " + name, -1)) {
        r = rewrite.progress(BackupCommands.bar(p)).execute();
      }
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("table", r.table());
      f.put("snapshot_id", r.snapshotId());
      f.put("groups", r.groups());
      f.put("rewritten_data_files", r.rewrittenDataFiles());
      f.put("added_data_files", r.addedDataFiles());
      f.put("removed_delete_files", r.removedDeleteFiles());
      f.put("rewritten_bytes", r.rewrittenBytes());
      f.put("added_bytes", r.addedBytes());
      f.put("records", r.records());
      f.put("attempts", r.attempts());
      print(Tabular.record(f));
    }
  }

  /** {@code floe expire TABLE}. */
  @Command(
      name = "expire",
      description = {
        "Expire snapshots and delete the files no remaining snapshot references.",
        "Refused when the table's gc.enabled is false."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe expire analytics.events --older-than 7d --retain-last 10",
        "  floe expire analytics.events --snapshot 4130118225417465637 --keep-files"
      })
  static final class Expire extends InspectCommands.TableArg {
    @Option(
        names = "--older-than",
        paramLabel = "AGE|TIME",
        description =
            "Expire snapshots older than an age (7d, 12h, 30m) or a time (2026-01-31T00:00:00Z)")
    String olderThan;

    @Option(
        names = "--retain-last",
        paramLabel = "N",
        description = "Keep at least the last N snapshots")
    Integer retainLast;

    @Option(
        names = "--snapshot",
        paramLabel = "ID",
        description = "Expire this snapshot (repeatable)")
    List<Long> snapshots = new ArrayList<>();

    @Option(names = "--keep-files", description = "Remove the snapshots from the metadata only")
    boolean keepFiles;

    @Override
    protected void run() {
      ExpireSnapshots expire = table(name).maintenance().expireSnapshots();
      if (olderThan != null) {
        expire.olderThan(time(spec, "--older-than", olderThan));
      }
      if (retainLast != null) {
        expire.retainLast(retainLast);
      }
      snapshots.forEach(expire::expireSnapshot);
      if (keepFiles) {
        expire.keepFiles();
      }
      ExpireSnapshots.Result r;
      try (Progress p = progress("expire " + name, -1)) {
        r = expire.progress(BackupCommands.bar(p)).execute();
      }
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("table", r.table());
      f.put("expired_snapshots", r.expiredSnapshots());
      f.put("deleted_data_files", r.deletedDataFiles());
      f.put("deleted_delete_files", r.deletedDeleteFiles());
      f.put("deleted_manifests", r.deletedManifests());
      f.put("deleted_manifest_lists", r.deletedManifestLists());
      f.put("deleted_statistics_files", r.deletedStatisticsFiles());
      f.put("deleted_bytes", r.deletedBytes());
      print(Tabular.record(f));
    }
  }

  /** {@code floe orphans TABLE [--delete]}. */
  @Command(
      name = "orphans",
      description = {
        "List (or with --delete, delete) files that no snapshot or metadata references.",
        "A dry run by default: nothing is deleted unless --delete. Files newer than the threshold"
            + " are never orphans (default and minimum: the table's safety margin, one day)."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe orphans analytics.events",
        "  floe orphans analytics.events --older-than 3d --delete"
      })
  static final class Orphans extends InspectCommands.TableArg {
    @Option(
        names = "--older-than",
        paramLabel = "AGE|TIME",
        description = "Only files older than this (at least the table's safety margin)")
    String olderThan;

    @Option(names = "--delete", description = "Delete the orphan files (default: only list them)")
    boolean delete;

    @Override
    protected void run() {
      RemoveOrphanFiles orphans = table(name).maintenance().removeOrphanFiles();
      if (olderThan != null) {
        orphans.olderThan(time(spec, "--older-than", olderThan));
      }
      if (!delete) {
        orphans.dryRun();
      }
      RemoveOrphanFiles.Result r;
      try (Progress p = progress((delete ? "remove orphans of " : "find orphans of ") + name, -1)) {
        r = orphans.progress(BackupCommands.bar(p)).execute();
      }
      Tabular rows = Tabular.of("file");
      r.orphanFiles().forEach(rows::add);
      print(rows);
      r.skipped().forEach(s -> err().println("floe: skipped " + s));
      String summary =
          r.orphanFiles().size()
              + " orphan files, "
              + r.orphanBytes()
              + " bytes, of "
              + r.scannedFiles()
              + " files listed; "
              + (delete
                  ? r.deletedFiles() + " deleted"
                  : "dry run, nothing deleted (pass --delete to delete them)");
      err().println(summary);
      err().flush();
    }
  }

  /** {@code floe rewrite-manifests TABLE}. */
  @Command(
      name = "rewrite-manifests",
      description = "Rewrite the current snapshot's data manifests, clustered by partition.",
      footerHeading = "%nExamples:%n",
      footer = "  floe rewrite-manifests analytics.events")
  static final class RewriteManifestsCmd extends InspectCommands.TableArg {
    @Option(names = "--target-size", paramLabel = "BYTES", description = "The target manifest size")
    Long targetSize;

    @Override
    protected void run() {
      RewriteManifests rewrite = table(name).maintenance().rewriteManifests();
      if (targetSize != null) {
        rewrite.targetManifestSize(targetSize);
      }
      RewriteManifests.Result r;
      try (Progress p = spinner("rewrite manifests of " + name)) {
        r = rewrite.execute();
      }
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("table", r.table());
      f.put("snapshot_id", r.snapshotId());
      f.put("rewritten_manifests", r.rewrittenManifests());
      f.put("added_manifests", r.addedManifests());
      f.put("kept_manifests", r.keptManifests());
      f.put("entries", r.entries());
      print(Tabular.record(f));
    }
  }

  /** {@code floe rewrite-deletes TABLE}. */
  @Command(
      name = "rewrite-deletes",
      description = {
        "Merge each data file's position deletes into one delete file (or deletion vector).",
        "Format v2 tables get one position-delete file per data file, v3 tables one deletion"
            + " vector; data files are not touched."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe rewrite-deletes analytics.events",
        "  floe rewrite-deletes analytics.events --where \"category = 'books'\" --all"
      })
  static final class RewriteDeletes extends InspectCommands.TableArg {
    @Option(
        names = "--where",
        paramLabel = "FILTER",
        description = "Only delete files of partitions that may hold matching rows")
    String where;

    @Option(names = "--all", description = "Rewrite every position-delete file")
    boolean all;

    @Override
    protected void run() {
      RewritePositionDeletes rewrite = table(name).maintenance().rewritePositionDeletes();
      if (where != null) {
        rewrite.where(io.floe.Filter.parse(where));
      }
      if (all) {
        rewrite.rewriteAll();
      }
      RewritePositionDeletes.Result r;
      try (Progress p = spinner("rewrite deletes of " + name)) {
        r = rewrite.execute();
      }
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("table", r.table());
      f.put("snapshot_id", r.snapshotId());
      f.put("partitions", r.partitions());
      f.put("rewritten_delete_files", r.rewrittenDeleteFiles());
      f.put("added_delete_files", r.addedDeleteFiles());
      f.put("rewritten_bytes", r.rewrittenBytes());
      f.put("added_bytes", r.addedBytes());
      f.put("rewritten_deletes", r.rewrittenDeletes());
      f.put("added_deletes", r.addedDeletes());
      f.put("attempts", r.attempts());
      print(Tabular.record(f));
    }
  }

  /**
   * An age ({@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 2w}) before now, or a time.
   */
  static Instant time(CommandSpec spec, String option, String text) {
    Matcher m = AGE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
          };
      return Instant.now().minus(d);
    }
    try {
      return Duration.parse(text.strip()).isNegative()
          ? Instant.now()
          : Instant.now().minus(Duration.parse(text.strip()));
    } catch (DateTimeParseException e) {
      // not an ISO duration
    }
    Instant t = QueryCommands.ScanBase.parseTime(text.strip());
    if (t == null) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + " "
              + text
              + " is neither an age (7d, 12h, 30m) nor a time (2026-01-31T00:00:00Z)");
    }
    return t;
  }
}
