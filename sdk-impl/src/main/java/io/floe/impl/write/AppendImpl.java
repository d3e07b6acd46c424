package io.floe.impl.write;

import io.floe.Append;
import io.floe.AppendResult;
import io.floe.impl.spi.Errors;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/** Streams rows into data files and commits them as one snapshot. */
public final class AppendImpl extends PendingRows<Append> implements Append {
  /** The snapshot summary key under which each Floe commit records its unique id. */
  public static final String COMMIT_ID = "floe.commit-id";

  private TableFileWriter writer;
  private TableFileWriter.Layout layout = TableFileWriter.Layout.FANOUT;

  /**
   * Starts an append.
   *
   * @param name the table's full name
   * @param table the table
   */
  public AppendImpl(String name, Table table) {
    super(name, table);
  }

  @Override
  Append self() {
    return this;
  }

  @Override
  String kind() {
    return "Append";
  }

  private TableFileWriter writer() {
    checkOpen();
    if (writer == null) {
      writer =
          Errors.translate(
              name, () -> new TableFileWriter(table, expectedRows, layout).sampleDictionaries());
    }
    return writer;
  }

  @Override
  void accept(Record record) {
    writer().write(record);
  }

  @Override
  void discard() {
    if (writer != null) {
      writer.abort();
    }
  }

  @Override
  public Append expectedRows(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("Expected rows must be at least 1, got " + rows);
    }
    this.expectedRows = rows;
    return this;
  }

  @Override
  public Append clustered() {
    checkOpen();
    if (writer != null) {
      throw new IllegalStateException(
          "clustered() must be called before the first row of the append to " + name);
    }
    this.layout = TableFileWriter.Layout.CLUSTERED;
    return this;
  }

  @Override
  public Append set(String key, String value) {
    putSummary(key, value);
    return this;
  }

  @Override
  public Append toBranch(String branchName) {
    this.branch = Objects.requireNonNull(branchName, "branch");
    return this;
  }

  @Override
  public AppendResult commit() {
    TableFileWriter w = writer();
    List<DataFile> files;
    try {
      files = w.finish();
      beforeCommit();
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    return commitFiles(files);
  }

  /**
   * Commits data files written elsewhere (such as Arrow batches) as this append.
   *
   * @param files the data files
   * @return what the commit did
   */
  public AppendResult commitFiles(List<DataFile> files) {
    checkOpen();
    io.floe.impl.CommitFiles written = io.floe.impl.CommitFiles.track(table);
    AppendFiles append = written.prepare(written.table().newAppend());
    summary.forEach(append::set);
    String commitId = java.util.UUID.randomUUID().toString();
    append.set(COMMIT_ID, commitId);
    if (branch != null) {
      append.toBranch(branch);
    }
    if (staged) {
      append.stageOnly();
    }
    try {
      if (!AppendManifests.appendTo(append, written.table(), files)) {
        files.forEach(append::appendFile);
      }
      append.commit();
    } catch (org.apache.iceberg.exceptions.CommitStateUnknownException e) {
      state = State.COMMITTED; // keep every file: the commit may have landed
      throw Errors.commitStateUnknown(name, commitId, e);
    } catch (RuntimeException e) {
      // a definite failure (CommitGuard turns every uncertain outcome into CommitStateUnknown);
      // the history is checked once more before any file goes
      switch (written.failed(COMMIT_ID, commitId)) {
        case LANDED -> {}
        case UNKNOWN -> {
          state = State.COMMITTED;
          throw Errors.translate(name, e);
        }
        default -> {
          abort();
          deleteQuietly(table, files);
          throw Errors.translate(name, e);
        }
      }
    } finally {
      written.close();
    }
    state = State.COMMITTED;
    // the commit landed; reading it back can still fail (a metadata file damaged in storage)
    Snapshot snapshot = Errors.translate(name, () -> findCommitted(table, branch, commitId));
    long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    long rows = files.stream().mapToLong(DataFile::recordCount).sum();
    return new AppendResult(
        name,
        snapshot.snapshotId(),
        snapshot.summary(),
        files.size(),
        rows,
        bytes,
        Duration.ofNanos(System.nanoTime() - started));
  }

  static void deleteQuietly(Table table, List<DataFile> files) {
    for (DataFile file : files) {
      try {
        table.io().deleteFile(file.location());
      } catch (RuntimeException e) {
        // best effort: orphan-file removal picks up what is left
      }
    }
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
    for (Snapshot any : table.snapshots()) { // a staged commit is on no branch
      if (commitId.equals(any.summary().get(COMMIT_ID))) {
        return any;
      }
    }
    throw Errors.commitNotInHistory(table.name(), commitId);
  }
}
