package io.floe.impl;

import io.floe.impl.catalog.ForwardingTableOperations;
import io.floe.impl.plan.CallerRunsExecutor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * The metadata files one commit writes (manifests, manifest lists, table metadata files), so that
 * none is left behind when Floe knows the commit did not land, and a commit set-up that does not
 * sleep.
 *
 * <p>Iceberg deletes an attempt's manifests only after a {@code CleanableFailure}; an I/O error while
 * writing the manifest list or the metadata file leaves them, and a JDBC catalog leaves the metadata
 * file of every attempt that lost the compare-and-swap. A commit runs its snapshot update on
 * {@link #table()}, whose operations record every file the update writes; the catalog's own metadata
 * file is recorded by Floe's file IOs through {@link #written(String)} while the commit runs in this
 * thread. A lost compare-and-swap deletes that attempt's metadata file at once (the catalog refused
 * it, so nothing refers to it); {@link #failed(String, String)} deletes the rest after checking that
 * the table's history does not hold the commit. After a {@code CommitStateUnknownException} nothing
 * is deleted.
 *
 * <p>Iceberg runs a commit's manifest work through {@code Tasks} on its worker pool, which polls the
 * futures with a 10 ms sleep: about 40 ms of sleeping per small append. {@link #prepare} runs the
 * manifest scanning of commits on tables with few manifests in the calling thread instead; the new
 * manifests' writing ignores that executor, so appends write theirs themselves
 * ({@code write.AppendManifests}), while other updates still sleep once per commit.
 *
 * <p>One instance per commit, used by one thread; close it when the commit is over.
 *
 * <pre>{@code
 * try (CommitFiles files = CommitFiles.track(table)) {
 *   AppendFiles append = files.prepare(files.table().newAppend());
 *   ...
 *   try {
 *     append.commit();
 *   } catch (CommitStateUnknownException e) {
 *     throw e;                                  // keep everything
 *   } catch (RuntimeException e) {
 *     files.failed("floe.commit-id", commitId); // delete what the attempts wrote
 *     throw e;
 *   }
 * }
 * }</pre>
 */
public final class CommitFiles implements AutoCloseable {
  /** Tables with at most this many manifests commit without Iceberg's worker pool. */
  static final int SMALL_TABLE_MANIFESTS = 16;

  private static final ThreadLocal<CommitFiles> CURRENT = new ThreadLocal<>();
  private static final ExecutorService DIRECT = CallerRunsExecutor.INSTANCE;

  private final Table table;
  private final Table tracked;
  private final CommitFiles outer;
  private final Set<String> files = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
  private final Set<String> catalogWrites = new LinkedHashSet<>();
  private int lostAttemptFiles;

  private CommitFiles(Table table) {
    this.table = table;
    if (table instanceof BaseTable base) {
      // keep the catalog's metrics reporter: commit reports must still reach it
      this.tracked = new BaseTable(new Ops(base.operations()), table.name(), base.reporter());
    } else {
      this.tracked = table;
    }
    this.outer = CURRENT.get();
    CURRENT.set(this);
  }

  /**
   * Starts recording the files a commit to a table writes, in this thread.
   *
   * @param table the table
   * @return the recording; close it when the commit is over
   */
  public static CommitFiles track(Table table) {
    return new CommitFiles(table);
  }

  /**
   * Records that a file is being written; called by Floe's file IOs for every new file. Outside a
   * commit in this thread it does nothing.
   *
   * @param location the file's location
   */
  public static void written(String location) {
    CommitFiles current = CURRENT.get();
    if (current != null && location != null) {
      current.catalogWrites.add(location);
    }
  }

  /**
   * The table to create the snapshot update on: the same table, with operations that record the
   * files the update writes.
   *
   * @return the table
   */
  public Table table() {
    return tracked;
  }

  /**
   * Sets up a snapshot update: on a table with few manifests its manifest work runs in the calling
   * thread (no worker-pool round trips and no 10 ms polls).
   *
   * @param update the update, created on {@link #table()}
   * @param <T> the update's type
   * @return the update
   */
  public <T extends SnapshotUpdate<T>> T prepare(T update) {
    Snapshot current = table.currentSnapshot();
    try {
      if (current == null || current.allManifests(table.io()).size() <= SMALL_TABLE_MANIFESTS) {
        update.scanManifestsWith(DIRECT);
      }
    } catch (RuntimeException e) {
      // the commit reads the manifest list again and reports the error itself
    }
    return update;
  }

  /**
   * The commit definitely did not land: unless the table's history holds a snapshot whose summary
   * has {@code key=value} (then it did land, and nothing is deleted), deletes every file the
   * commit's attempts wrote. Best effort: a file that cannot be deleted is left for orphan-file
   * removal.
   *
   * @param key the snapshot summary key that identifies the commit
   * @param value the commit's value for it
   * @return how many files were deleted (lost compare-and-swap attempts included)
   */
  public int failed(String key, String value) {
    List<String> written;
    synchronized (files) {
      written = new ArrayList<>(files);
    }
    if (written.isEmpty()) {
      return lostAttemptFiles;
    }
    try {
      table.refresh();
      for (Snapshot snapshot : table.snapshots()) {
        Map<String, String> summary = snapshot.summary();
        if (summary != null && value.equals(summary.get(key))) {
          return lostAttemptFiles;
        }
      }
    } catch (RuntimeException e) {
      return lostAttemptFiles; // cannot tell whether it landed: keep everything
    }
    int deleted = lostAttemptFiles;
    for (String location : written) {
      if (deleteQuietly(table.io(), location)) {
        deleted++;
      }
    }
    return deleted;
  }

  /**
   * How many metadata files of attempts that lost the catalog's compare-and-swap were deleted.
   *
   * @return the count
   */
  public int lostAttemptFiles() {
    return lostAttemptFiles;
  }

  /** Stops recording in this thread. */
  @Override
  public void close() {
    if (CURRENT.get() == this) {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  private static boolean deleteQuietly(FileIO io, String location) {
    try {
      io.deleteFile(location);
      return true;
    } catch (RuntimeException e) {
      return false; // missing already, or the store refuses: orphan-file removal finds it
    }
  }

  /** Table operations that record the files written through them and each attempt's metadata file. */
  private final class Ops extends ForwardingTableOperations {
    private final FileIO io;

    Ops(TableOperations ops) {
      super(ops);
      this.io = new RecordingIO(ops.io());
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      catalogWrites.clear();
      try {
        super.commit(base, metadata);
      } catch (CommitFailedException e) {
        // the catalog refused this attempt: its metadata file is referred to by nothing
        for (String location : catalogWrites) {
          if (location.endsWith(".metadata.json") && deleteQuietly(delegate().io(), location)) {
            lostAttemptFiles++;
          }
        }
        throw e;
      } catch (RuntimeException e) {
        files.addAll(catalogWrites);
        throw e;
      } finally {
        catalogWrites.clear();
      }
    }

    @Override
    public FileIO io() {
      return io;
    }
  }

  /** A file IO that records the location of every new file. */
  private final class RecordingIO implements FileIO {
    private final FileIO io;

    RecordingIO(FileIO io) {
      this.io = io;
    }

    @Override
    public InputFile newInputFile(String location) {
      return io.newInputFile(location);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
      return io.newInputFile(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
      files.add(location);
      return io.newOutputFile(location);
    }

    @Override
    public void deleteFile(String location) {
      io.deleteFile(location);
    }

    @Override
    public Map<String, String> properties() {
      return io.properties();
    }

    @Override
    public void initialize(Map<String, String> properties) {
      throw new UnsupportedOperationException("A commit's recording file IO is not initialized by name");
    }

    @Override
    public void close() {
      // the table's file IO belongs to the catalog
    }
  }
}
