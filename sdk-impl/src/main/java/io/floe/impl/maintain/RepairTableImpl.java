package io.floe.impl.maintain;

import io.floe.ValidationException;
import io.floe.impl.spi.Errors;
import io.floe.maintenance.RepairTable;
import io.floe.maintenance.VerifyTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.Table;

/**
 * {@link RepairTable}: a default-level verification of the current snapshot, then one {@code
 * DeleteFiles} commit of the damaged data files' locations, validated that they are still in the
 * table.
 */
public final class RepairTableImpl implements RepairTable {
  private final String name;
  private final Table table;
  private boolean used;

  RepairTableImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public Result apply() {
    start("applied");
    Plan plan = plan();
    return new Result(name, plan.files(), plan.rows(), -1);
  }

  @Override
  public Result commit() {
    return io.floe.impl.spi.Events.maintenance(
        table, "repair-table", this::doCommit, r -> new long[] {0, 0, r.droppedFiles().size(), 0});
  }

  private Result doCommit() {
    start("committed");
    Plan plan = plan();
    if (plan.files().isEmpty()) {
      return new Result(name, Map.of(), 0, -1);
    }
    long snapshot =
        Errors.translate(
            name,
            () -> {
              DeleteFiles delete = table.newDelete().validateFilesExist();
              plan.files().keySet().forEach(delete::deleteFile);
              delete.set(LOST_FILES, Integer.toString(plan.files().size()));
              delete.set(LOST_ROWS, Long.toString(plan.rows()));
              delete.commit();
              table.refresh();
              return table.currentSnapshot().snapshotId();
            });
    return new Result(name, plan.files(), plan.rows(), snapshot);
  }

  private void start(String what) {
    if (used) {
      throw Errors.alreadyDone("Repair of " + name, "applied or committed");
    }
    used = true;
  }

  private record Plan(Map<String, String> files, long rows) {}

  private Plan plan() {
    VerifyTable.Result verified = new VerifyTableImpl(name, table).execute();
    List<VerifyTable.Problem> blocking =
        verified.problems().stream()
            .filter(
                p ->
                    !p.content().equals("data")
                        && !p.content().equals("metadata")
                        && !p.content().equals("statistics"))
            .toList();
    if (!blocking.isEmpty()) {
      VerifyTable.Problem first = blocking.get(0);
      throw new ValidationException(
          "Cannot repair table "
              + name
              + " by dropping data files: "
              + blocking.size()
              + " damaged "
              + first.content()
              + " file(s) such as "
              + first.location()
              + " ("
              + first.kind()
              + ": "
              + first.detail()
              + "); dropping a delete file's reference would bring deleted rows back and a lost"
              + " manifest's files are unknown. Restore the files, or roll back to a snapshot"
              + " before the damage (verifyTable().allSnapshots() dates it)",
          name,
          null,
          first.location(),
          null);
    }
    Map<String, String> files = new LinkedHashMap<>();
    long rows = 0;
    for (VerifyTable.Problem p : verified.problems()) {
      if (p.content().equals("data")) {
        files.put(p.location(), p.kind() + ": " + p.detail());
        rows += p.rows();
      }
    }
    return new Plan(files, rows);
  }
}
