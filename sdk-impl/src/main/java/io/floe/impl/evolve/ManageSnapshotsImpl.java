package io.floe.impl.evolve;

import io.floe.FloeException;
import io.floe.ManageSnapshots;
import io.floe.impl.spi.Errors;
import io.floe.impl.write.Staging;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

/**
 * {@link ManageSnapshots} over Iceberg's: the operations are recorded and applied to one Iceberg
 * {@code ManageSnapshots} at commit, so every error surfaces there and nothing is half-applied.
 */
public final class ManageSnapshotsImpl implements ManageSnapshots {
  private record Step(
      String description, UnaryOperator<org.apache.iceberg.ManageSnapshots> action) {}

  private final String name;
  private final Table table;
  private final List<Step> steps = new ArrayList<>();
  private final long started = System.nanoTime();
  private boolean committed;

  /**
   * Starts a snapshot operation.
   *
   * @param name the table's full name
   * @param table the table
   */
  public ManageSnapshotsImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  private ManageSnapshots step(
      String description, UnaryOperator<org.apache.iceberg.ManageSnapshots> action) {
    if (committed) {
      throw Errors.alreadyDone("Snapshot operation on " + name, "committed");
    }
    steps.add(new Step(description, action));
    return this;
  }

  private static String ref(String ref, String what) {
    return Objects.requireNonNull(ref, what);
  }

  @Override
  public ManageSnapshots rollbackTo(long snapshotId) {
    return step("roll back to snapshot " + snapshotId, m -> m.rollbackTo(snapshotId));
  }

  @Override
  public ManageSnapshots rollbackToTime(Instant time) {
    Objects.requireNonNull(time, "time");
    return step("roll back to " + time, m -> m.rollbackToTime(time.toEpochMilli()));
  }

  @Override
  public ManageSnapshots makeCurrent(long snapshotId) {
    return step("make snapshot " + snapshotId + " current", m -> m.setCurrentSnapshot(snapshotId));
  }

  @Override
  public ManageSnapshots cherryPick(long snapshotId) {
    return step("cherry-pick snapshot " + snapshotId, m -> m.cherrypick(snapshotId));
  }

  @Override
  public ManageSnapshots publish(String wapId) {
    Staging.checkId(wapId);
    return step(
        "publish the write staged as wap.id '" + wapId + "'", m -> m.cherrypick(staged(wapId)));
  }

  /** The one snapshot staged under a write-audit-publish id. */
  private long staged(String wapId) {
    List<Snapshot> found = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (wapId.equals(snapshot.summary().get(Staging.WAP_ID))) {
        found.add(snapshot);
      }
    }
    if (found.isEmpty()) {
      throw EvolveErrors.noStagedSnapshot(name, wapId);
    }
    if (found.size() > 1) {
      throw EvolveErrors.ambiguousStagedSnapshot(
          name, wapId, found.stream().map(Snapshot::snapshotId).toList());
    }
    return found.get(0).snapshotId();
  }

  @Override
  public ManageSnapshots createBranch(String branch) {
    ref(branch, "name");
    return step("create branch '" + branch + "'", m -> m.createBranch(branch));
  }

  @Override
  public ManageSnapshots createBranch(String branch, long snapshotId) {
    ref(branch, "name");
    return step(
        "create branch '" + branch + "' at snapshot " + snapshotId,
        m -> m.createBranch(branch, snapshotId));
  }

  @Override
  public ManageSnapshots createTag(String tag, long snapshotId) {
    ref(tag, "name");
    return step(
        "create tag '" + tag + "' on snapshot " + snapshotId, m -> m.createTag(tag, snapshotId));
  }

  @Override
  public ManageSnapshots replaceBranch(String branch, long snapshotId) {
    ref(branch, "name");
    return step(
        "move branch '" + branch + "' to snapshot " + snapshotId,
        m -> m.replaceBranch(branch, snapshotId));
  }

  @Override
  public ManageSnapshots replaceTag(String tag, long snapshotId) {
    ref(tag, "name");
    return step(
        "move tag '" + tag + "' to snapshot " + snapshotId, m -> m.replaceTag(tag, snapshotId));
  }

  @Override
  public ManageSnapshots fastForward(String branch, String source) {
    ref(branch, "name");
    ref(source, "source");
    return step(
        "fast-forward branch '" + branch + "' to '" + source + "'",
        m -> m.fastForwardBranch(branch, source));
  }

  @Override
  public ManageSnapshots renameBranch(String branch, String newName) {
    ref(branch, "name");
    ref(newName, "newName");
    return step(
        "rename branch '" + branch + "' to '" + newName + "'",
        m -> m.renameBranch(branch, newName));
  }

  @Override
  public ManageSnapshots removeBranch(String branch) {
    ref(branch, "name");
    if (SnapshotRef.MAIN_BRANCH.equals(branch)) {
      throw new IllegalArgumentException("Cannot remove the main branch of " + name);
    }
    return step("remove branch '" + branch + "'", m -> m.removeBranch(branch));
  }

  @Override
  public ManageSnapshots removeTag(String tag) {
    ref(tag, "name");
    return step("remove tag '" + tag + "'", m -> m.removeTag(tag));
  }

  @Override
  public ManageSnapshots minSnapshotsToKeep(String branch, int count) {
    ref(branch, "branch");
    if (count < 1) {
      throw new IllegalArgumentException("Snapshots to keep must be at least 1: " + count);
    }
    return step(
        "keep " + count + " snapshots of '" + branch + "'",
        m -> m.setMinSnapshotsToKeep(branch, count));
  }

  @Override
  public ManageSnapshots maxSnapshotAge(String branch, Duration age) {
    ref(branch, "branch");
    Objects.requireNonNull(age, "age");
    return step(
        "expire snapshots of '" + branch + "' after " + age,
        m -> m.setMaxSnapshotAgeMs(branch, age.toMillis()));
  }

  @Override
  public ManageSnapshots maxRefAge(String refName, Duration age) {
    ref(refName, "ref");
    Objects.requireNonNull(age, "age");
    return step(
        "remove ref '" + refName + "' after " + age,
        m -> m.setMaxRefAgeMs(refName, age.toMillis()));
  }

  @Override
  public io.floe.UpdateResult commit() {
    if (committed) {
      throw Errors.alreadyDone("Snapshot operation on " + name, "committed");
    }
    committed = true;
    if (steps.isEmpty()) {
      return UpdateResults.of(name, table, started);
    }
    Errors.run(name, table::refresh); // steps see the latest snapshots, such as a just-staged one
    org.apache.iceberg.ManageSnapshots manage = table.manageSnapshots();
    for (Step step : steps) {
      try {
        manage = step.action().apply(manage);
      } catch (RuntimeException e) {
        throw failed(step, e);
      }
    }
    try {
      manage.commit();
    } catch (RuntimeException e) {
      throw failed(null, e);
    }
    return UpdateResults.of(name, table, started);
  }

  private FloeException failed(Step step, RuntimeException e) {
    if (e instanceof FloeException floe) {
      return floe;
    }
    if (e instanceof org.apache.iceberg.exceptions.CommitFailedException
        || e instanceof org.apache.iceberg.exceptions.CommitStateUnknownException) {
      return Errors.translate(name, e);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String text =
        "Cannot "
            + (step == null ? "update snapshots" : step.description())
            + " of table "
            + name
            + ": "
            + message
            + ". Nothing was committed.";
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("already exists")) {
      return EvolveErrors.refExists(name, text, e);
    }
    if (lower.contains("does not exist")
        || lower.contains("cannot find")
        || lower.contains("unknown snapshot")
        || lower.contains("not found")
        || e instanceof org.apache.iceberg.exceptions.NotFoundException) {
      return EvolveErrors.refNotFound(name, text, e);
    }
    if (e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof org.apache.iceberg.exceptions.ValidationException) {
      return EvolveErrors.invalidSnapshotChange(name, text, e);
    }
    return Errors.translate(name, e);
  }
}
