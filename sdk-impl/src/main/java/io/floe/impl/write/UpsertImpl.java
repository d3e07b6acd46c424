package io.floe.impl.write;

import io.floe.ChangeResult;
import io.floe.IsolationLevel;
import io.floe.Upsert;
import io.floe.WriteMode;
import io.floe.impl.spi.Errors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Inserts or replaces rows by key: the input rows are written to new data files as they come (only
 * their keys stay in memory), then the existing rows with those keys are deleted (merge-on-read) or
 * their files rewritten (copy-on-write) in the same commit.
 */
public final class UpsertImpl extends PendingRows<Upsert> implements Upsert {
  private List<String> keyNames;
  private List<Types.NestedField> keyFields;
  private int[] keyPositions;
  private final Set<Object> keys = new HashSet<>();
  private WriteMode mode;
  private IsolationLevel isolation;
  private TableFileWriter writer;

  /**
   * Starts an upsert.
   *
   * @param name the table's full name
   * @param table the table
   */
  public UpsertImpl(String name, Table table) {
    super(name, table);
  }

  @Override
  Upsert self() {
    return this;
  }

  @Override
  String kind() {
    return "Upsert";
  }

  @Override
  public Upsert key(String... columns) {
    Objects.requireNonNull(columns, "columns");
    return key(List.of(columns));
  }

  @Override
  public Upsert key(List<String> columns) {
    Objects.requireNonNull(columns, "columns");
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("An upsert key needs at least one column");
    }
    if (keyFields != null) {
      throw new IllegalStateException(
          "The key of the upsert to " + name + " is already fixed by the first row");
    }
    this.keyNames = List.copyOf(columns);
    return this;
  }

  private void resolveKey() {
    if (keyFields != null) {
      return;
    }
    List<String> names = keyNames;
    if (names == null) {
      names = new ArrayList<>(table.schema().identifierFieldNames());
      if (names.isEmpty()) {
        throw WriteErrors.upsertWithoutKey(name);
      }
    }
    List<Types.NestedField> fields = new ArrayList<>();
    List<Types.NestedField> top = table.schema().columns();
    int[] positions = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String column = names.get(i);
      Types.NestedField field = table.schema().findField(column);
      if (field == null || !top.contains(field)) {
        throw WriteErrors.keyNotTopLevel(
            name, column, top.stream().map(Types.NestedField::name).toList());
      }
      if (!field.type().isPrimitiveType()) {
        throw WriteErrors.keyNotPrimitive(name, column, field.type());
      }
      fields.add(field);
      positions[i] = top.indexOf(field);
    }
    this.keyFields = fields;
    this.keyPositions = positions;
  }

  @Override
  void accept(Record record) {
    resolveKey();
    Object[] values = new Object[keyPositions.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = record.get(keyPositions[i]);
      if (values[i] == null) {
        throw WriteErrors.nullKey(name, keyFields.get(i).name());
      }
    }
    Object key = RowMatcher.ByKey.key(values);
    if (!keys.add(key)) {
      throw WriteErrors.duplicateKey(name, key, keyNames(), keyFields.get(0).name());
    }
    if (writer == null) {
      writer =
          Errors.translate(
              name, () -> new TableFileWriter(table, expectedRows, TableFileWriter.Layout.FANOUT));
    }
    writer.write(record);
  }

  private List<String> keyNames() {
    return keyFields.stream().map(Types.NestedField::name).toList();
  }

  @Override
  void discard() {
    if (writer != null) {
      writer.abort();
    }
    keys.clear();
  }

  @Override
  public Upsert mode(WriteMode writeMode) {
    this.mode = Objects.requireNonNull(writeMode, "mode");
    return this;
  }

  @Override
  public Upsert isolation(IsolationLevel level) {
    this.isolation = Objects.requireNonNull(level, "level");
    return this;
  }

  @Override
  public Upsert set(String key, String value) {
    putSummary(key, value);
    return this;
  }

  @Override
  public Upsert toBranch(String branchName) {
    this.branch = Objects.requireNonNull(branchName, "branch");
    return this;
  }

  private Runnable beforeCommit = () -> {};

  /** Runs an action between planning and committing each attempt; for tests. */
  void beforeCommit(Runnable action) {
    this.beforeCommit = action;
  }

  @Override
  public ChangeResult commit() {
    checkOpen();
    try {
      resolveKey();
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
    List<DataFile> files;
    try {
      files = writer == null ? List.of() : writer.finish();
      beforeCommit();
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    WriteMode writeMode =
        Modes.mode(name, table, mode, TableProperties.MERGE_MODE, WriteMode.MERGE_ON_READ);
    IsolationLevel level =
        Modes.isolation(name, table, isolation, TableProperties.MERGE_ISOLATION_LEVEL);
    RowMatcher.ByKey matcher = new RowMatcher.ByKey(keyFields, keys);
    try {
      ChangeResult result =
          new RowLevelCommit(name, table, branch, summary, started)
              .stageOnly(staged)
              .beforeCommit(beforeCommit)
              .commit(
                  files,
                  keys.isEmpty() ? null : matcher,
                  writeMode,
                  level,
                  plan -> matcher.found().size());
      state = State.COMMITTED;
      keys.clear();
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
