package io.floe.impl;

import io.floe.impl.spi.Events;
import io.floe.impl.spi.ForwardingTableOperations;
import io.floe.impl.spi.NewFiles;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table operations whose commits never report a failure that may have landed: the one place where
 * Floe decides what a failed catalog commit means.
 *
 * <p>Only a definite rejection reaches the caller as a failure: a {@link CommitFailedException} (or
 * a file I/O error, which metastore catalogs raise while writing the new metadata file, before the
 * pointer swap) after the table was checked and holds neither the attempt's metadata file (current
 * or in the metadata log) nor its new snapshots, or an answer that proves the catalog did not apply
 * the request (not found, already exists, bad request, not authorized). Every other failure
 * (connection errors, timeouts, unknown SQL states, HTTP 5xx, interrupts, Iceberg's own {@link
 * CommitStateUnknownException}) first checks the table: when the commit is there the call returns
 * normally, as if the catalog had acknowledged it; otherwise it throws {@link
 * CommitStateUnknownException}, after which nothing deletes a file.
 *
 * <p>Why a {@code CommitFailedException} is checked too: Iceberg's JDBC client pool repeats a
 * statement after a connection error (SQL states 08000/08003/08006), so an update that applied but
 * whose acknowledgement was lost comes back as "0 rows updated", a {@code CommitFailedException},
 * while the attempt's metadata file is already the table's current one; a REST client that retries
 * after a 5xx can see a 409 the same way. A rejected attempt's metadata file is deleted here (the
 * catalog refers to nothing of it), so catalogs that leave them (JDBC) do not leak one per lost
 * compare-and-swap.
 *
 * <p>The attempt's metadata file is learnt from the table operations' own file IO: each commit
 * records ({@link NewFiles#record}) the files its thread creates through it while the catalog
 * commits. Floe's file IOs report new files ({@link NewFiles.Source}); with another file IO only
 * the snapshots show whether a commit landed. Thread-safe when the delegate is.
 *
 * <pre>{@code
 * Table safe = CommitGuard.guard(catalog.loadTable(id));
 * safe.newAppend().appendFile(file).commit(); // lands, fails definitely, or CommitStateUnknownException
 * }</pre>
 */
final class CommitGuard extends ForwardingTableOperations {
  private static final Logger LOG = LoggerFactory.getLogger(CommitGuard.class);

  private final String name;

  /** The table's event seam, or null when its handle has no listeners. */
  private final Events events;

  /**
   * This thread's run of attempts that lost to a concurrent commit: {the new snapshot's id, or -1
   * for none; how many}. Iceberg keeps a commit's snapshot id across its retries, so a retry
   * continues the count and another commit starts at 1.
   */
  private final ThreadLocal<long[]> conflicts;

  private CommitGuard(TableOperations ops, String name, Events events) {
    super(ops);
    this.name = name;
    this.events = events;
    this.conflicts = events == null ? null : ThreadLocal.withInitial(() -> new long[] {-1, 0});
  }

  /**
   * A table whose commits pass through the guard; the same table when it is guarded already or is
   * not a {@link BaseTable}. The result shares the table's operations (and so its state).
   *
   * @param table the table
   * @return the guarded table
   */
  public static Table guard(Table table) {
    return guard(table, table.name(), null);
  }

  /**
   * A table whose commits pass through the guard, as {@link #guard(Table)}, whose commits, scans
   * and maintenance fire the events of a handle with listeners ({@link Events}): its metrics
   * reporter is then the table's {@link Events}, which forwards Iceberg's reports to the table's
   * own reporter.
   *
   * @param table the table
   * @param display the table's name as the user addressed it, for events
   * @param handle the handle's listeners, or null for none
   * @return the guarded table
   */
  static Table guard(Table table, String display, Events.Handle handle) {
    if (table instanceof BaseTable base && !(base.operations() instanceof CommitGuard)) {
      if (handle == null) {
        return new BaseTable(guard(base.operations(), table.name()), table.name(), base.reporter());
      }
      Events events = handle.table(display, base.reporter());
      return new BaseTable(
          new CommitGuard(base.operations(), table.name(), events), table.name(), events);
    }
    return table;
  }

  /**
   * Guards table operations; returns them unchanged when they are guarded already.
   *
   * @param ops the operations
   * @param name the table's name, for log lines
   * @return the guarded operations
   */
  static TableOperations guard(TableOperations ops, String name) {
    return ops instanceof CommitGuard ? ops : new CommitGuard(ops, name, null);
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    if (events == null) {
      try (NewFiles.Recording attempt = NewFiles.record(delegate().io())) {
        commit(base, metadata, attempt);
      }
      return;
    }
    long start = System.nanoTime();
    long[] lost = conflicts.get();
    long key = newSnapshotId(base, metadata);
    int number = lost[0] == key ? (int) lost[1] + 1 : 1;
    try (NewFiles.Recording attempt = NewFiles.record(delegate().io())) {
      commit(base, metadata, attempt);
    } catch (RuntimeException | Error e) {
      lost[0] = key;
      lost[1] = e instanceof CommitFailedException ? number : 0;
      events.commit(base, metadata, start, number, e);
      throw e;
    }
    lost[1] = 0;
    events.commit(base, metadata, start, number, null);
  }

  /** The id of the snapshot a commit adds last, -1 when it adds none. */
  private static long newSnapshotId(TableMetadata base, TableMetadata metadata) {
    java.util.List<Snapshot> snapshots = metadata.snapshots();
    if (snapshots.isEmpty()) {
      return -1;
    }
    long id = snapshots.get(snapshots.size() - 1).snapshotId();
    return base != null && base.snapshot(id) != null ? -1 : id;
  }

  private void commit(TableMetadata base, TableMetadata metadata, NewFiles.Recording attempt) {
    try {
      super.commit(base, metadata);
    } catch (RuntimeException e) {
      Set<String> written = attempt.files();
      Boolean landed = landed(base, metadata, metadataFiles(written));
      if (Boolean.TRUE.equals(landed)) {
        LOG.warn("Commit to {} reported {} but the table holds it: it landed", name, e.toString());
        return;
      }
      if (checkedRejection(e) ? Boolean.FALSE.equals(landed) : definite(e)) {
        deleteQuietly(delegate().io(), metadataFiles(written)); // refused: nothing refers to them
        throw e;
      }
      if (e instanceof CommitStateUnknownException) {
        throw e;
      }
      throw new CommitStateUnknownException(e);
    }
  }

  /**
   * Failures that are rejections once the table shows no trace of the commit: a lost
   * compare-and-swap (unless it hides a lost acknowledgement), and file I/O errors, which metastore
   * catalogs raise while writing the new metadata file, before they swap the pointer.
   */
  private static boolean checkedRejection(RuntimeException e) {
    return e instanceof CommitFailedException
        || e instanceof java.io.UncheckedIOException
        || e instanceof org.apache.iceberg.exceptions.RuntimeIOException
        || e instanceof org.apache.iceberg.exceptions.NotFoundException;
  }

  /** Answers that prove the catalog did not apply the request. */
  private static boolean definite(RuntimeException e) {
    return e instanceof NoSuchTableException
        || e instanceof AlreadyExistsException
        || e instanceof BadRequestException
        || e instanceof ForbiddenException
        || e instanceof NotAuthorizedException
        || e instanceof ValidationException;
  }

  private static Set<String> metadataFiles(Set<String> written) {
    Set<String> files = new LinkedHashSet<>();
    for (String location : written) {
      if (location.endsWith(".metadata.json") || location.endsWith(".metadata.json.gz")) {
        files.add(location);
      }
    }
    return files;
  }

  /**
   * Whether the table holds the commit: its metadata file is current or in the metadata log, or a
   * snapshot it adds is in the table.
   *
   * @return true or false, or null when the table cannot be read
   */
  private Boolean landed(TableMetadata base, TableMetadata metadata, Set<String> metadataFiles) {
    boolean interrupted = Thread.interrupted(); // check even so; the flag is restored below
    try {
      TableMetadata current = delegate().refresh();
      if (current == null) {
        return null;
      }
      if (metadataFiles.contains(current.metadataFileLocation())) {
        return true;
      }
      for (TableMetadata.MetadataLogEntry entry : current.previousFiles()) {
        if (metadataFiles.contains(entry.file())) {
          return true;
        }
      }
      Set<Long> added = new HashSet<>();
      for (Snapshot snapshot : metadata.snapshots()) {
        if (base == null || base.snapshot(snapshot.snapshotId()) == null) {
          added.add(snapshot.snapshotId());
        }
      }
      for (Long id : added) {
        if (current.snapshot(id) != null) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException e) {
      LOG.warn("Cannot check whether the commit to {} landed: {}", name, e.toString());
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void deleteQuietly(FileIO io, Set<String> locations) {
    for (String location : locations) {
      try {
        io.deleteFile(location);
      } catch (RuntimeException e) {
        // orphan-file removal finds it
      }
    }
  }
}
