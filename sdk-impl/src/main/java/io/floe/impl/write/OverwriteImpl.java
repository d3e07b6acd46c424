package io.floe.impl.write;

import io.floe.ChangeResult;
import io.floe.IsolationLevel;
import io.floe.Overwrite;
import io.floe.WriteMode;
import io.floe.impl.spi.Errors;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/** Replaces the rows matching a filter, or whole partitions, with new rows. */
public final class OverwriteImpl extends PendingRows<Overwrite> implements Overwrite {
  private Expression filter;
  private boolean dynamic;
  private WriteMode mode;
  private IsolationLevel isolation;
  private TableFileWriter writer;

  /**
   * Starts an overwrite.
   *
   * @param name the table's full name
   * @param table the table
   */
  public OverwriteImpl(String name, Table table) {
    super(name, table);
  }

  @Override
  Overwrite self() {
    return this;
  }

  @Override
  String kind() {
    return "Overwrite";
  }

  @Override
  void accept(Record record) {
    if (writer == null) {
      writer =
          Errors.translate(
              name, () -> new TableFileWriter(table, expectedRows, TableFileWriter.Layout.FANOUT));
    }
    writer.write(record);
  }

  @Override
  void discard() {
    if (writer != null) {
      writer.abort();
    }
  }

  @Override
  public Overwrite where(Expression expression) {
    Objects.requireNonNull(expression, "filter");
    if (dynamic) {
      throw new IllegalStateException(
          "Overwrite of " + name + " replaces partitions; it cannot also take a filter");
    }
    filter = filter == null ? expression : Expressions.and(filter, expression);
    return this;
  }

  @Override
  public Overwrite where(String text) {
    return where(io.floe.impl.read.FilterParser.parse(text, name));
  }

  @Override
  public Overwrite replacePartitions() {
    if (filter != null) {
      throw new IllegalStateException(
          "Overwrite of " + name + " has a filter; it cannot also replace partitions");
    }
    dynamic = true;
    return this;
  }

  @Override
  public Overwrite mode(WriteMode writeMode) {
    this.mode = Objects.requireNonNull(writeMode, "mode");
    return this;
  }

  @Override
  public Overwrite isolation(IsolationLevel level) {
    this.isolation = Objects.requireNonNull(level, "level");
    return this;
  }

  @Override
  public Overwrite set(String key, String value) {
    putSummary(key, value);
    return this;
  }

  @Override
  public Overwrite toBranch(String branchName) {
    this.branch = Objects.requireNonNull(branchName, "branch");
    return this;
  }

  @Override
  public ChangeResult commit() {
    checkOpen();
    if (filter == null && !dynamic) {
      abort();
      throw WriteErrors.overwriteWithoutFilter(name);
    }
    List<DataFile> files;
    try {
      files = writer == null ? List.of() : writer.finish();
      beforeCommit();
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    IsolationLevel level =
        Modes.isolation(name, table, isolation, TableProperties.UPDATE_ISOLATION_LEVEL);
    try {
      ChangeResult result;
      if (dynamic) {
        result =
            new RowLevelCommit(name, table, branch, summary, started)
                .stageOnly(staged)
                .replacePartitions(files, level);
      } else {
        RowMatcher matcher =
            Errors.translate(name, () -> new RowMatcher.ByFilter(table.schema(), filter, true));
        WriteMode writeMode =
            Modes.mode(name, table, mode, TableProperties.DELETE_MODE, WriteMode.COPY_ON_WRITE);
        result =
            new RowLevelCommit(name, table, branch, summary, started)
                .stageOnly(staged)
                .commit(files, matcher, writeMode, level, plan -> 0);
      }
      state = State.COMMITTED;
      return result;
    } catch (io.floe.CommitStateUnknownException e) {
      state = State.COMMITTED; // keep every file: the commit may have succeeded
      throw e;
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
  }
}
