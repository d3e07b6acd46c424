package io.floe.impl.write;

import io.floe.Append;
import io.floe.CommitResult;
import io.floe.FloeException;
import io.floe.impl.Errors;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;

/** Streams rows into data files and commits them as one snapshot. */
public final class AppendImpl implements Append {
  private enum State { OPEN, COMMITTED, ABORTED }

  /** The snapshot summary key under which each Floe commit records its unique id. */
  public static final String COMMIT_ID = "floe.commit-id";

  private final String name;
  private final Table table;
  private final RowConverter converter;
  private final Map<String, String> summary = new LinkedHashMap<>();
  private final long started = System.nanoTime();
  private TableFileWriter writer;
  private String branch;
  private State state = State.OPEN;

  /**
   * Starts an append.
   *
   * @param name the table's full name
   * @param table the table
   */
  public AppendImpl(String name, Table table) {
    this.name = name;
    this.table = table;
    this.converter = new RowConverter(name, table.schema());
  }

  private TableFileWriter writer() {
    if (state != State.OPEN) {
      throw new IllegalStateException("Append to " + name + " was already " + state.name().toLowerCase());
    }
    if (writer == null) {
      writer = Errors.translate(name, () -> new TableFileWriter(table));
    }
    return writer;
  }

  private interface Converter<T> {
    org.apache.iceberg.data.Record convert(T value);
  }

  private <T> Append add(T value, Converter<T> convert) {
    TableFileWriter w = writer();
    try {
      w.write(convert.convert(value));
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    return this;
  }

  private <T> Append addAll(Iterable<? extends T> values, Converter<T> convert) {
    Objects.requireNonNull(values, "rows");
    TableFileWriter w = writer();
    try {
      for (T value : values) {
        w.write(convert.convert(value));
      }
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    return this;
  }

  @Override
  public Append row(Map<String, ?> row) {
    return add(row, converter::fromMap);
  }

  @Override
  public Append rows(Iterable<? extends Map<String, ?>> rows) {
    return addAll(rows, converter::fromMap);
  }

  @Override
  public Append record(StructLike record) {
    return add(record, converter::fromStruct);
  }

  @Override
  public Append records(Iterable<? extends StructLike> records) {
    return addAll(records, converter::fromStruct);
  }

  @Override
  public Append object(Object object) {
    return add(object, converter::fromObject);
  }

  @Override
  public Append objects(Iterable<?> objects) {
    return addAll(objects, converter::fromObject);
  }

  @Override
  public Append set(String key, String value) {
    summary.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  @Override
  public Append toBranch(String branchName) {
    this.branch = Objects.requireNonNull(branchName, "branch");
    return this;
  }

  @Override
  public CommitResult commit() {
    TableFileWriter w = writer();
    List<DataFile> files;
    try {
      files = w.finish();
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    summary.forEach(append::set);
    String commitId = java.util.UUID.randomUUID().toString();
    append.set(COMMIT_ID, commitId);
    if (branch != null) {
      append.toBranch(branch);
    }
    try {
      append.commit();
    } catch (org.apache.iceberg.exceptions.CommitStateUnknownException e) {
      state = State.COMMITTED;
      throw Errors.translate(name, e);
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    state = State.COMMITTED;
    Snapshot snapshot = findCommitted(table, branch, commitId);
    long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    long rows = files.stream().mapToLong(DataFile::recordCount).sum();
    return new CommitResult(name, snapshot.snapshotId(), files.size(), rows, bytes,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Finds the snapshot a commit made by the commit id it put in the summary, walking back from the
   * head of the branch (other writers may have committed after it).
   *
   * @param table the table, refreshed by the commit
   * @param branch the branch, or null for main
   * @param commitId the id written to the summary
   * @return the snapshot
   */
  static Snapshot findCommitted(Table table, String branch, String commitId) {
    Snapshot snapshot = branch == null ? table.currentSnapshot() : table.snapshot(branch);
    while (snapshot != null) {
      if (commitId.equals(snapshot.summary().get(COMMIT_ID))) {
        return snapshot;
      }
      snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
    throw new FloeException("Commit " + commitId + " to " + table.name() + " is not in the table's history");
  }

  @Override
  public void abort() {
    if (state == State.OPEN) {
      state = State.ABORTED;
      if (writer != null) {
        writer.abort();
      }
    }
  }
}
