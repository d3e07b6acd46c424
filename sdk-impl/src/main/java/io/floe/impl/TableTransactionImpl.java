package io.floe.impl;

import io.floe.AddFiles;
import io.floe.Append;
import io.floe.AppendResult;
import io.floe.Delete;
import io.floe.Overwrite;
import io.floe.PropertiesUpdate;
import io.floe.SchemaUpdate;
import io.floe.TableTransaction;
import io.floe.Upsert;
import io.floe.impl.evolve.SchemaUpdateImpl;
import io.floe.impl.spi.Errors;
import io.floe.impl.write.AddFilesImpl;
import io.floe.impl.write.AppendImpl;
import io.floe.impl.write.DeleteImpl;
import io.floe.impl.write.OverwriteImpl;
import io.floe.impl.write.UpsertImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.util.PropertyUtil;

/**
 * {@link TableTransaction} over Iceberg's {@link Transaction}: Floe's operations run unchanged on
 * the transaction's table, where their commits only stage changes; {@link #commit()} publishes them
 * in one catalog commit.
 *
 * <p>The transaction is created on {@link CommitFiles#table()}: its catalog commit passes through
 * {@link CommitGuard} (an attempt that may have landed ends as success or as a commit-state-unknown
 * error, never as another failure), and every file written through the transaction's file IO (data
 * and delete files of its operations, manifests, manifest lists, metadata files) is recorded. After
 * a definite failure, or when the transaction is closed uncommitted, {@link CommitFiles#failed}
 * checks the table's history once more and deletes the recorded files; after a commit-state-unknown
 * error nothing is deleted. Files added with {@link #addFiles()} are never written, so never
 * recorded and never deleted. Used by one thread.
 */
final class TableTransactionImpl implements TableTransaction {
  private enum State {
    OPEN,
    COMMITTED,
    FAILED,
    UNKNOWN,
    CLOSED
  }

  private final String name;
  private final Table table;
  private final CommitFiles files;
  private final Transaction transaction;
  private final Table view;
  private final Set<Long> startIds = new HashSet<>();
  private final long started = System.nanoTime();
  private State state = State.OPEN;

  TableTransactionImpl(String name, Table table) {
    this.name = name;
    this.table = table;
    this.files = CommitFiles.track(table);
    this.transaction = Errors.translate(name, () -> files.table().newTransaction());
    this.view = transaction.table();
    for (Snapshot snapshot : view.snapshots()) {
      startIds.add(snapshot.snapshotId());
    }
  }

  private Table open() {
    if (state != State.OPEN) {
      throw new IllegalStateException(
          "Transaction on table "
              + name
              + " was already "
              + state.name().toLowerCase(java.util.Locale.ROOT)
              + "; start another one with newTransaction()");
    }
    return view;
  }

  @Override
  public org.apache.iceberg.Schema schema() {
    return view.schema();
  }

  @Override
  public Map<String, String> properties() {
    return Collections.unmodifiableMap(view.properties());
  }

  @Override
  public Append newAppend() {
    return new AppendImpl(name, open());
  }

  @Override
  public Delete newDelete() {
    return new DeleteImpl(name, open());
  }

  @Override
  public Overwrite newOverwrite() {
    return new OverwriteImpl(name, open());
  }

  @Override
  public Upsert newUpsert() {
    return new UpsertImpl(name, open());
  }

  @Override
  public AddFiles addFiles() {
    return AddFilesImpl.inTransaction(name, open(), table.io());
  }

  @Override
  public SchemaUpdate updateSchema() {
    return new SchemaUpdateImpl(name, open());
  }

  @Override
  public PropertiesUpdate updateProperties() {
    return new PropertiesUpdateImpl(name, open());
  }

  @Override
  public AppendResult commit() {
    open();
    List<Snapshot> staged = new ArrayList<>();
    for (Snapshot snapshot : view.snapshots()) {
      if (!startIds.contains(snapshot.snapshotId())) {
        staged.add(snapshot);
      }
    }
    String commitId =
        staged.isEmpty() ? null : staged.get(staged.size() - 1).summary().get(AppendImpl.COMMIT_ID);
    try (files) {
      transaction.commitTransaction();
    } catch (org.apache.iceberg.exceptions.CommitStateUnknownException e) {
      state = State.UNKNOWN; // keep every file: the commit may have landed
      throw commitId == null
          ? Errors.translate(name, e)
          : Errors.commitStateUnknown(name, commitId, e);
    } catch (RuntimeException e) {
      // a definite failure (CommitGuard turns every uncertain outcome into CommitStateUnknown)
      switch (files.failed(
          AppendImpl.COMMIT_ID, commitId == null ? UUID.randomUUID().toString() : commitId)) {
        case LANDED -> {}
        case UNKNOWN -> {
          state = State.UNKNOWN;
          throw Errors.translate(name, e);
        }
        default -> {
          state = State.FAILED;
          if (e instanceof ValidationException) {
            throw Errors.concurrentCommit(
                name,
                "conflicts with this transaction",
                "nothing was committed and the transaction's files were deleted: run the"
                    + " transaction again",
                e);
          }
          throw Errors.translate(name, e);
        }
      }
    }
    state = State.COMMITTED;
    long addedFiles = 0;
    long addedRows = 0;
    long addedBytes = 0;
    for (Snapshot snapshot : staged) {
      Map<String, String> summary = snapshot.summary();
      addedFiles += PropertyUtil.propertyAsLong(summary, "added-data-files", 0);
      addedRows += PropertyUtil.propertyAsLong(summary, "added-records", 0);
      addedBytes += PropertyUtil.propertyAsLong(summary, "added-files-size", 0);
    }
    Snapshot current = table.currentSnapshot();
    return new AppendResult(
        name,
        current == null ? -1 : current.snapshotId(),
        current == null ? Map.of() : current.summary(),
        addedFiles,
        addedRows,
        addedBytes,
        Duration.ofNanos(System.nanoTime() - started));
  }

  @Override
  public void close() {
    if (state == State.OPEN) {
      state = State.CLOSED;
      // nothing of the transaction is in the table: every file it wrote goes
      files.failed(AppendImpl.COMMIT_ID, UUID.randomUUID().toString());
      files.close();
    }
  }

  @Override
  public String toString() {
    return "TableTransaction{"
        + name
        + ", "
        + state.name().toLowerCase(java.util.Locale.ROOT)
        + "}";
  }
}
