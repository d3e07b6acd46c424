package io.floe.cli;

import io.floe.maintenance.VerifyTable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code floe verify TABLE}: {@code maintenance().verifyTable()}, one line per problem (none when
 * intact), a summary and the safe repairs on standard error; exit code 1 when anything is wrong.
 */
@Command(
    name = "verify",
    description = {
      "Check that a table is intact: metadata log, manifest lists, manifests, and every data and"
          + " delete file (exists, has its recorded size, Parquet or Puffin footer readable, row"
          + " count as recorded). Reads storage directly, past Floe's metadata cache; changes"
          + " nothing.",
      "Prints one line per problem with the oldest snapshot that references the file, then the"
          + " safe repairs. Exit code 0 when intact, 1 when not."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floe verify analytics.events",
      "  floe verify analytics.events --all-snapshots --metadata-only",
      "  floe verify analytics.events --deep --output json"
    })
final class VerifyCommand extends InspectCommands.TableArg {
  @ArgGroup(exclusive = true)
  Scope scope;

  static final class Scope {
    @Option(
        names = "--all-snapshots",
        description = "Every snapshot in the metadata, not only the current one")
    boolean all;

    @Option(
        names = "--ref",
        paramLabel = "REF",
        description = "The snapshot a branch or tag points to")
    String ref;
  }

  @ArgGroup(exclusive = true)
  Level level;

  static final class Level {
    @Option(
        names = "--metadata-only",
        description = "Existence and sizes only: no data file opened")
    boolean metadataOnly;

    @Option(names = "--deep", description = "Also read every row of every Parquet data file")
    boolean deep;
  }

  @Option(names = "--parallelism", paramLabel = "N", description = "Threads checking files")
  Integer parallelism;

  @Override
  protected void run() {
    VerifyTable verify = table(name).maintenance().verifyTable();
    if (scope != null && scope.all) {
      verify.allSnapshots();
    } else if (scope != null && scope.ref != null) {
      verify.ref(scope.ref);
    }
    if (level != null && level.metadataOnly) {
      verify.metadataOnly();
    } else if (level != null && level.deep) {
      verify.deep();
    }
    if (parallelism != null) {
      verify.parallelism(parallelism);
    }
    VerifyTable.Result r;
    try (Progress p = spinner("verify " + name)) {
      r = verify.execute();
    }
    Tabular out = Tabular.of("problem", "content", "file", "since_snapshot", "rows", "detail");
    for (VerifyTable.Problem p : r.problems()) {
      out.add(
          p.kind().name(),
          p.content(),
          p.location(),
          p.sinceSnapshotId() < 0 ? null : p.sinceSnapshotId(),
          p.rows(),
          p.detail());
    }
    if (!r.problems().isEmpty()) {
      print(out);
    }
    note(
        (r.intact() ? "Intact: " : r.problems().size() + " problem(s) in ")
            + r.table()
            + ": "
            + r.snapshots()
            + " snapshot(s), "
            + r.manifests()
            + " manifest file(s), "
            + r.files()
            + " file(s) of "
            + AnalyzeCommand.bytes(r.bytes())
            + " checked in "
            + r.duration().toMillis()
            + " ms");
    for (String repair : r.repairs()) {
      err().println("repair: " + repair);
    }
    err().flush();
    if (!r.intact()) {
      exitWith(ExitCodes.FAILURE);
    }
  }
}
