package io.floe.impl;

import io.floe.impl.plan.CallerRunsExecutor;
import io.floe.impl.spi.ForwardingFileIO;
import io.floe.impl.spi.ForwardingTableOperations;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.util.PropertyUtil;

/**
 * The metadata files one commit writes (manifests, manifest lists), so that none is left behind
 * when Floe knows the commit did not land, and a commit set-up that does not sleep.
 *
 * <p>Iceberg deletes an attempt's manifests only after a {@code CleanableFailure}; an I/O error
 * while writing the manifest list leaves them. A commit runs its snapshot update on {@link
 * #table()}, whose operations record every file the update writes and pass every catalog commit
 * through {@link CommitGuard}: an attempt that may have landed ends as success or as Iceberg's
 * {@code CommitStateUnknownException}, never as another failure, and a refused attempt's metadata
 * file is deleted there. {@link #failed(String, String)} deletes the rest after a definite failure,
 * once more checking that the table's history does not hold the commit. After a {@code
 * CommitStateUnknownException} nothing is deleted.
 *
 * <p>Iceberg runs a commit's manifest work through {@code Tasks} on its worker pool, which polls
 * the futures with a 10 ms sleep: about 40 ms of sleeping per small append. {@link #prepare} runs
 * the manifest scanning of commits on tables with few manifests (and of appends whose manifests fit
 * one merge bin) in the calling thread instead; the new manifests' writing ignores that executor,
 * so appends write theirs themselves ({@code write.AppendManifests}), while other updates still
 * sleep once per commit.
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
 *     throw e;                                                  // keep everything
 *   } catch (RuntimeException e) {
 *     if (files.failed("floe.commit-id", commitId) == Outcome.NOT_LANDED) {
 *       ...                                                     // delete the data files too
 *     }
 *   }
 * }
 * }</pre>
 */
public final class CommitFiles implements AutoCloseable {
  /** Tables with at most this many manifests commit without Iceberg's worker pool. */
  static final int SMALL_TABLE_MANIFESTS = 16;

  private static final ExecutorService DIRECT = CallerRunsExecutor.INSTANCE;

  private final Table table;
  private final Table tracked;
  private final Set<String> files = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

  /** What a failed commit turned out to be. */
  public enum Outcome {
    /** The table's history holds the commit after all: it succeeded. */
    LANDED,
    /** The table holds no trace of it; the commit's files were deleted. */
    NOT_LANDED,
    /** The table could not be read: every file was kept. */
    UNKNOWN
  }

  private CommitFiles(Table table) {
    this.table = table;
    if (table instanceof BaseTable base) {
      // keep the catalog's metrics reporter: commit reports must still reach it
      this.tracked =
          new BaseTable(
              new Ops(CommitGuard.guard(base.operations(), table.name())),
              table.name(),
              base.reporter());
    } else {
      this.tracked = table;
    }
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
      if (current == null || inCallerThread(update, current.allManifests(table.io()))) {
        update.scanManifestsWith(DIRECT);
      }
    } catch (RuntimeException e) {
      // the commit reads the manifest list again and reports the error itself
    }
    return update;
  }

  /**
   * Whether an update on a table with these manifests is better run in the calling thread: few
   * manifests, or an append whose manifests fit one merge bin. An append's only work on the pool is
   * merging manifests, one task per bin of {@code commit.manifest.target-size-bytes} (one bin, one
   * task, so no parallelism to gain), and each {@code Tasks} run on the pool sleeps 10 ms: an
   * append to a table of 17 manifests took ~36 ms instead of ~5 ms (AppendCommitBenchmark).
   */
  private boolean inCallerThread(SnapshotUpdate<?> update, List<ManifestFile> manifests) {
    if (manifests.size() <= SMALL_TABLE_MANIFESTS) {
      return true;
    }
    if (!(update instanceof AppendFiles)) {
      return false;
    }
    long bytes = 0;
    for (ManifestFile manifest : manifests) {
      bytes += manifest.length();
    }
    return bytes
        <= PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.MANIFEST_TARGET_SIZE_BYTES,
            TableProperties.MANIFEST_TARGET_SIZE_BYTES_DEFAULT);
  }

  /**
   * After a commit failed definitely (anything but Iceberg's {@code CommitStateUnknownException}):
   * checks the table's history for a snapshot whose summary has {@code key=value}; unless it is
   * there, or the table cannot be read, deletes every file the commit's attempts wrote. Best
   * effort: a file that cannot be deleted is left for orphan-file removal.
   *
   * @param key the snapshot summary key that identifies the commit
   * @param value the commit's value for it
   * @return {@link Outcome#LANDED} when the table holds the commit (nothing deleted), {@link
   *     Outcome#UNKNOWN} when the table cannot be read (nothing deleted), else {@link
   *     Outcome#NOT_LANDED}: the caller may delete the commit's data files too
   */
  public Outcome failed(String key, String value) {
    try {
      table.refresh();
      for (Snapshot snapshot : table.snapshots()) {
        Map<String, String> summary = snapshot.summary();
        if (summary != null && value.equals(summary.get(key))) {
          return Outcome.LANDED;
        }
      }
    } catch (RuntimeException e) {
      return Outcome.UNKNOWN;
    }
    List<String> written;
    synchronized (files) {
      written = new ArrayList<>(files);
    }
    for (String location : written) {
      deleteQuietly(table.io(), location);
    }
    return Outcome.NOT_LANDED;
  }

  /** Ends the commit's recording (nothing to release; kept for try-with-resources). */
  @Override
  public void close() {}

  private static boolean deleteQuietly(FileIO io, String location) {
    try {
      io.deleteFile(location);
      return true;
    } catch (RuntimeException e) {
      return false; // missing already, or the store refuses: orphan-file removal finds it
    }
  }

  /** Table operations that record the files written through them. */
  private final class Ops extends ForwardingTableOperations {
    private final FileIO io;

    Ops(TableOperations ops) {
      super(ops);
      this.io = new RecordingIO(ops.io());
    }

    @Override
    public FileIO io() {
      return io;
    }

    /** A transaction writes its files through temporary operations: they record them too. */
    @Override
    public TableOperations temp(org.apache.iceberg.TableMetadata uncommittedMetadata) {
      return new Ops(super.temp(uncommittedMetadata));
    }
  }

  /** A file IO that records the location of every new file. */
  private final class RecordingIO extends ForwardingFileIO {
    private static final long serialVersionUID = 1L;
    private final FileIO io;

    RecordingIO(FileIO io) {
      this.io = io;
    }

    @Override
    protected FileIO delegate() {
      return io;
    }

    @Override
    public OutputFile newOutputFile(String location) {
      files.add(location);
      return super.newOutputFile(location);
    }

    @Override
    public void initialize(Map<String, String> properties) {
      throw new UnsupportedOperationException(
          "A commit's recording file IO is not initialized by name");
    }

    @Override
    public void close() {
      // the table's file IO belongs to the catalog
    }
  }
}
