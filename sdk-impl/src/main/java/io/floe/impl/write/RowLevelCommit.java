package io.floe.impl.write;

import io.floe.ChangeResult;
import io.floe.IsolationLevel;
import io.floe.WriteMode;
import io.floe.impl.spi.Errors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.ReplacePartitions;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.DataFileSet;
import org.apache.iceberg.util.DeleteFileSet;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Commits a row-level change with optimistic concurrency: each attempt plans the removals against
 * the latest snapshot, commits them with the new data files and Iceberg's conflict validations (as
 * Spark's row-level operations do), and on a conflict deletes that attempt's files and plans again,
 * up to {@code commit.retry.num-retries} + 1 attempts. The new data files are written once and
 * reused. Only definite failures delete an attempt's files: the table's operations ({@code
 * CommitGuard}) turn every failure that may hide a landed commit into {@code
 * CommitStateUnknownException}, after which every file is kept. Used by one thread.
 */
final class RowLevelCommit {
  private final String name;
  private final Table table;
  private final String branch;
  private final Map<String, String> summary;
  private final long started;
  private Runnable beforeCommit = () -> {};
  private boolean staged;

  RowLevelCommit(
      String name, Table table, String branch, Map<String, String> summary, long started) {
    this.name = name;
    this.table = table;
    this.branch = branch;
    this.summary = summary;
    this.started = started;
  }

  /**
   * Runs an action between planning and committing each attempt (tests use it to commit
   * concurrently at the worst moment).
   *
   * @param action the action
   * @return this
   */
  RowLevelCommit beforeCommit(Runnable action) {
    this.beforeCommit = action;
    return this;
  }

  /**
   * Stages the commit (write-audit-publish): its snapshot moves no branch.
   *
   * @param stage whether to stage
   * @return this
   */
  RowLevelCommit stageOnly(boolean stage) {
    this.staged = stage;
    return this;
  }

  private Snapshot head() {
    return branch == null ? table.currentSnapshot() : table.snapshot(branch);
  }

  private int maxAttempts() {
    return 1
        + Math.max(
            0,
            PropertyUtil.propertyAsInt(
                table.properties(),
                TableProperties.COMMIT_NUM_RETRIES,
                TableProperties.COMMIT_NUM_RETRIES_DEFAULT));
  }

  /**
   * Commits rows to add together with the removal of the rows a matcher selects.
   *
   * @param added new data files (written once; never deleted here)
   * @param matcher the rows to remove, or null to remove nothing
   * @param mode how rows are removed
   * @param isolation which concurrent commits conflict
   * @param updatedRows a function of the plan giving the rows counted as updated (upserts)
   * @return the result
   * @throws io.floe.CommitConflictException when every attempt conflicted
   */
  ChangeResult commit(
      List<DataFile> added,
      RowMatcher matcher,
      WriteMode mode,
      IsolationLevel isolation,
      java.util.function.ToLongFunction<ChangePlanner.Plan> updatedRows) {
    long addedRows = added.stream().mapToLong(DataFile::recordCount).sum();
    int attempts = maxAttempts();
    RuntimeException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Errors.run(name, table::refresh);
      Snapshot base = head();
      ChangePlanner.Plan plan =
          base == null || matcher == null
              ? new ChangePlanner.Plan()
              : Errors.translate(
                  name,
                  () -> new ChangePlanner(table, matcher, mode, true).plan(base.snapshotId()));
      long updated = updatedRows.applyAsLong(plan);
      if (plan.isEmpty() && added.isEmpty()) {
        return new ChangeResult(
            name,
            base == null ? -1 : base.snapshotId(),
            base == null ? Map.of() : base.summary(),
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            Duration.ofNanos(System.nanoTime() - started));
      }
      Expression conflictFilter =
          matcher == null ? Expressions.alwaysFalse() : matcher.scanFilter();
      String commitId = UUID.randomUUID().toString();
      SnapshotUpdate<?> op =
          mode == WriteMode.MERGE_ON_READ
              ? rowDelta(added, plan, base, conflictFilter, isolation)
              : overwrite(added, plan, base, conflictFilter, isolation);
      summary.forEach(op::set);
      op.set(AppendImpl.COMMIT_ID, commitId);
      if (branch != null) {
        op.toBranch(branch);
      }
      if (staged) {
        op.stageOnly();
      }
      try {
        beforeCommit.run();
        op.commit();
      } catch (CommitStateUnknownException e) {
        throw Errors.commitStateUnknown(name, commitId, e); // keep every file: it may have landed
      } catch (ValidationException | CommitFailedException e) {
        plan.cleanup();
        last = e;
        backoff(attempt);
        continue;
      } catch (RuntimeException e) {
        plan.cleanup();
        throw Errors.translate(name, e);
      }
      Snapshot snapshot = AppendImpl.findCommitted(table, branch, commitId);
      long rewritten = plan.addedDataFiles.size();
      return new ChangeResult(
          name,
          snapshot.snapshotId(),
          snapshot.summary(),
          addedRows - updated,
          updated,
          plan.deletedRows - updated,
          added.size() + rewritten,
          plan.addedDeleteFiles.size(),
          plan.removedDataFiles.size(),
          attempt,
          Duration.ofNanos(System.nanoTime() - started));
    }
    throw Errors.retriesExhausted(name, attempts, last);
  }

  private RowDelta rowDelta(
      List<DataFile> added,
      ChangePlanner.Plan plan,
      Snapshot base,
      Expression filter,
      IsolationLevel isolation) {
    RowDelta delta = table.newRowDelta();
    added.forEach(delta::addRows);
    plan.addedDeleteFiles.forEach(delta::addDeletes);
    plan.removedDeleteFiles.forEach(delta::removeDeletes);
    plan.removedDataFiles.forEach(delta::removeRows);
    if (base != null) {
      delta
          .validateFromSnapshot(base.snapshotId())
          .conflictDetectionFilter(filter)
          .validateDeletedFiles()
          .validateNoConflictingDeleteFiles();
      if (!plan.referencedDataFiles.isEmpty()) {
        delta.validateDataFilesExist(plan.referencedDataFiles);
      }
      if (isolation == IsolationLevel.SERIALIZABLE) {
        delta.validateNoConflictingDataFiles();
      }
    }
    return delta;
  }

  private OverwriteFiles overwrite(
      List<DataFile> added,
      ChangePlanner.Plan plan,
      Snapshot base,
      Expression filter,
      IsolationLevel isolation) {
    OverwriteFiles overwrite = table.newOverwrite();
    added.forEach(overwrite::addFile);
    plan.addedDataFiles.forEach(overwrite::addFile);
    // with the delete files that applied only to the removed data files
    overwrite.deleteFiles(
        DataFileSet.of(plan.removedDataFiles), DeleteFileSet.of(plan.removedDeleteFiles));
    if (base != null) {
      overwrite
          .validateFromSnapshot(base.snapshotId())
          .conflictDetectionFilter(filter)
          .validateNoConflictingDeletes();
      if (isolation == IsolationLevel.SERIALIZABLE) {
        overwrite.validateNoConflictingData();
      }
    }
    return overwrite;
  }

  /**
   * Replaces the partitions the new files fall into. A conflict is not retried: the new rows may
   * have been computed from the replaced ones.
   *
   * @param added the new data files
   * @param isolation which concurrent commits conflict
   * @return the result
   */
  ChangeResult replacePartitions(List<DataFile> added, IsolationLevel isolation) {
    Errors.run(name, table::refresh);
    Snapshot base = head();
    ReplacePartitions replace = table.newReplacePartitions();
    added.forEach(replace::addFile);
    if (base != null) {
      replace.validateFromSnapshot(base.snapshotId()).validateNoConflictingDeletes();
      if (isolation == IsolationLevel.SERIALIZABLE) {
        replace.validateNoConflictingData();
      }
    }
    String commitId = UUID.randomUUID().toString();
    summary.forEach(replace::set);
    replace.set(AppendImpl.COMMIT_ID, commitId);
    if (branch != null) {
      replace.toBranch(branch);
    }
    if (staged) {
      replace.stageOnly();
    }
    try {
      replace.commit();
    } catch (CommitStateUnknownException e) {
      throw Errors.commitStateUnknown(name, commitId, e); // keep every file: it may have landed
    } catch (ValidationException e) {
      throw Errors.concurrentCommit(
          name,
          "changed the partitions this overwrite replaces",
          "nothing was committed: recompute the rows and retry",
          e);
    } catch (RuntimeException e) {
      throw Errors.translate(name, e);
    }
    Snapshot snapshot = AppendImpl.findCommitted(table, branch, commitId);
    Map<String, String> s = snapshot.summary();
    long deleted = PropertyUtil.propertyAsLong(s, "deleted-records", 0);
    long removedFiles = PropertyUtil.propertyAsLong(s, "deleted-data-files", 0);
    long addedRows = added.stream().mapToLong(DataFile::recordCount).sum();
    return new ChangeResult(
        name,
        snapshot.snapshotId(),
        s,
        addedRows,
        0,
        deleted,
        added.size(),
        0,
        removedFiles,
        1,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << Math.min(attempt, 5)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
