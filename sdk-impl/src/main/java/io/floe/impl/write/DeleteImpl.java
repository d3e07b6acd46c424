package io.floe.impl.write;

import io.floe.ChangeResult;
import io.floe.Delete;
import io.floe.IsolationLevel;
import io.floe.WriteMode;
import io.floe.impl.spi.Errors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/** Deletes the rows matching a filter, copy-on-write or merge-on-read. */
public final class DeleteImpl implements Delete {
  private final String name;
  private final Table table;
  private final Map<String, String> summary = new LinkedHashMap<>();
  private final long started = System.nanoTime();
  private Expression filter;
  private WriteMode mode;
  private IsolationLevel isolation;
  private String branch;
  private boolean staged;
  private boolean committed;

  /**
   * Starts a delete.
   *
   * @param name the table's full name
   * @param table the table
   */
  public DeleteImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public Delete where(Expression expression) {
    Objects.requireNonNull(expression, "filter");
    filter = filter == null ? expression : Expressions.and(filter, expression);
    return this;
  }

  @Override
  public Delete where(String text) {
    return where(io.floe.impl.read.FilterParser.parse(text, name));
  }

  @Override
  public Delete mode(WriteMode writeMode) {
    this.mode = Objects.requireNonNull(writeMode, "mode");
    return this;
  }

  @Override
  public Delete isolation(IsolationLevel level) {
    this.isolation = Objects.requireNonNull(level, "level");
    return this;
  }

  @Override
  public Delete set(String key, String value) {
    summary.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  @Override
  public Delete toBranch(String branchName) {
    this.branch = Objects.requireNonNull(branchName, "branch");
    return this;
  }

  @Override
  public Delete stageOnly() {
    staged = true;
    return this;
  }

  @Override
  public Delete stage(String wapId) {
    summary.put(Staging.WAP_ID, Staging.checkId(wapId));
    return stageOnly();
  }

  private RowMatcher matcher() {
    if (committed) {
      throw Errors.alreadyDone("Delete from " + name, "committed");
    }
    if (filter == null) {
      throw new IllegalStateException(
          "Delete from "
              + name
              + " needs a filter: call where(...); "
              + "to delete every row use where(Expressions.alwaysTrue())");
    }
    return Errors.translate(name, () -> new RowMatcher.ByFilter(table.schema(), filter, true));
  }

  private Runnable beforeCommit = () -> {};

  /** Runs an action between planning and committing each attempt; for tests. */
  void beforeCommit(Runnable action) {
    this.beforeCommit = action;
  }

  @Override
  public long apply() {
    RowMatcher matcher = matcher();
    Errors.run(name, table::refresh);
    Snapshot base = branch == null ? table.currentSnapshot() : table.snapshot(branch);
    if (base == null) {
      return 0;
    }
    return Errors.translate(
        name,
        () ->
            new ChangePlanner(table, matcher, WriteMode.MERGE_ON_READ, true)
                .count(base.snapshotId()));
  }

  @Override
  public ChangeResult commit() {
    RowMatcher matcher = matcher();
    committed = true;
    WriteMode writeMode =
        Modes.mode(name, table, mode, TableProperties.DELETE_MODE, WriteMode.COPY_ON_WRITE);
    IsolationLevel level =
        Modes.isolation(name, table, isolation, TableProperties.DELETE_ISOLATION_LEVEL);
    return new RowLevelCommit(name, table, branch, summary, started)
        .stageOnly(staged)
        .beforeCommit(beforeCommit)
        .commit(List.of(), matcher, writeMode, level, plan -> 0);
  }
}
