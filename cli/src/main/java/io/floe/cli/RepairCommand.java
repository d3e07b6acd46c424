package io.floe.cli;

import io.floe.maintenance.RepairTable;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code floe repair TABLE [--commit]}: {@code maintenance().repairTable()}, a dry run unless
 * {@code --commit}.
 */
@Command(
    name = "repair",
    description = {
      "Drop the current snapshot's references to lost or damaged data files (missing, truncated,"
          + " unreadable footer, wrong row count) in a new snapshot that records what was lost;"
          + " every other row stays readable.",
      "A dry run unless --commit. Refused (exit 1) when a delete file or manifest is damaged:"
          + " restore it or roll back (floe verify --all-snapshots dates the damage)."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  floe repair analytics.events", "  floe repair analytics.events --commit"})
final class RepairCommand extends InspectCommands.TableArg {
  @Option(names = "--commit", description = "Commit the repair (default: show what it would drop)")
  boolean commit;

  @Override
  protected void run() {
    RepairTable repair = table(name).maintenance().repairTable();
    RepairTable.Result r = commit ? repair.commit() : repair.apply();
    Tabular out = Tabular.of("file", "problem");
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(r.droppedFiles()).entrySet()) {
      out.add(e.getKey(), e.getValue());
    }
    if (!r.droppedFiles().isEmpty()) {
      print(out);
    }
    if (r.droppedFiles().isEmpty()) {
      note(name + " has no lost or damaged data file: nothing to repair");
    } else if (!commit) {
      note(
          "dry run: "
              + r.droppedFiles().size()
              + " data file(s) holding "
              + r.lostRows()
              + " row(s) would be dropped from "
              + name
              + " (pass --commit to do it)");
    } else {
      note(
          "Dropped "
              + r.droppedFiles().size()
              + " data file(s) holding "
              + r.lostRows()
              + " row(s) from "
              + name
              + " in snapshot "
              + r.snapshotId());
    }
  }
}
