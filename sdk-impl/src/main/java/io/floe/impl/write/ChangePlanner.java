package io.floe.impl.write;

import io.floe.WriteMode;
import io.floe.impl.plan.Planner;
import io.floe.impl.read.FloeDeleteLoader;
import io.floe.impl.spi.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.DeleteWriteResult;
import org.apache.iceberg.io.FanoutPositionOnlyDeleteWriter;
import org.apache.iceberg.util.ContentFileUtil;

/**
 * Plans (and writes the files of) the removal of the rows a {@link RowMatcher} selects in one
 * snapshot: files whose rows all match are dropped whole; the others get position deletes or a
 * deletion vector (merge-on-read) or are rewritten without the matching rows (copy-on-write).
 *
 * <p>Only the columns the matcher needs are read to find the rows, one file per thread on up to all
 * cores; copy-on-write then reads the affected files in full once more to rewrite them.
 */
final class ChangePlanner {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Table table;
  private final RowMatcher matcher;
  private final WriteMode mode;
  private final boolean caseSensitive;

  ChangePlanner(Table table, RowMatcher matcher, WriteMode mode, boolean caseSensitive) {
    this.table = scannable(table);
    this.matcher = matcher;
    this.mode = mode;
    this.caseSensitive = caseSensitive;
  }

  /**
   * A table that can be scanned: a transaction's table cannot ({@code newScan()} throws), so its
   * operations, which hold the transaction's current metadata, are read through a plain table. Only
   * for reading and writing new files; commits go through the transaction's table.
   *
   * @param table a table, perhaps a transaction's
   * @return a table whose scans see the same metadata
   */
  static Table scannable(Table table) {
    if (table instanceof org.apache.iceberg.BaseTransaction.TransactionTable has) {
      return new org.apache.iceberg.BaseTable(has.operations(), table.name());
    }
    return table;
  }

  /** What a change removes and adds; {@link #cleanup()} deletes the files it wrote. */
  static final class Plan {
    final List<DataFile> removedDataFiles = new ArrayList<>();
    final List<DataFile> addedDataFiles = new ArrayList<>();
    final List<DeleteFile> addedDeleteFiles = new ArrayList<>();
    final List<DeleteFile> removedDeleteFiles = new ArrayList<>();
    final Set<String> referencedDataFiles = new HashSet<>();
    long deletedRows;
    private Table table;

    boolean isEmpty() {
      return removedDataFiles.isEmpty() && addedDeleteFiles.isEmpty() && addedDataFiles.isEmpty();
    }

    void cleanup() {
      if (table == null) {
        return;
      }
      List<ContentFile<?>> written = new ArrayList<>(addedDataFiles);
      written.addAll(addedDeleteFiles);
      Set<String> locations = new HashSet<>();
      for (ContentFile<?> file : written) {
        if (locations.add(file.location())) {
          try {
            table.io().deleteFile(file.location());
          } catch (RuntimeException e) {
            // best effort: orphan-file removal picks up what is left
          }
        }
      }
    }
  }

  private record Match(FileScanTask task, long[] positions, int count) {}

  /**
   * Plans the change against a snapshot.
   *
   * @param snapshotId the snapshot to read
   * @return the plan, with its files written
   */
  Plan plan(long snapshotId) {
    Plan plan = new Plan();
    plan.table = table;
    List<FileScanTask> candidates = candidates(snapshotId, plan);
    try {
      List<Match> matches = findMatches(candidates);
      if (mode == WriteMode.MERGE_ON_READ) {
        writeDeletes(plan, matches);
      } else {
        rewrite(plan, matches, snapshotId);
      }
    } catch (RuntimeException e) {
      plan.cleanup();
      throw e;
    }
    return plan;
  }

  /**
   * Counts the live rows the matcher selects in a snapshot, writing nothing.
   *
   * @param snapshotId the snapshot to read
   * @return the number of rows
   */
  long count(long snapshotId) {
    Plan plan = new Plan();
    List<FileScanTask> candidates = candidates(snapshotId, plan);
    long rows = plan.deletedRows;
    for (Match match : findMatches(candidates)) {
      rows += match.count();
    }
    return rows;
  }

  /**
   * Plans the files that may hold matching rows; files that match whole go straight into the plan.
   */
  private List<FileScanTask> candidates(long snapshotId, Plan plan) {
    matcher.reset();
    List<FileScanTask> candidates = new ArrayList<>();
    Map<String, FileScanTask> complete = completeDeletes(snapshotId);
    // Floe's planner: its own pool (or the caller's thread when the snapshot has delete files),
    // decoded manifests from the metadata cache, equality deletes completed; Iceberg's planFiles()
    // polls its worker pool's results with 10 ms sleeps
    // with delete files and a filter, the tasks come from completeDeletes (planned unfiltered)
    try (CloseableIterable<FileScanTask> tasks =
        Planner.planFiles(
            table
                .newScan()
                .useSnapshot(snapshotId)
                .caseSensitive(caseSensitive)
                .filter(
                    io.floe.impl.read.Filters.withTruncateOverflow(matcher.scanFilter(), table)))) {
      for (FileScanTask planned : tasks) {
        FileScanTask task =
            complete == null ? planned : complete.getOrDefault(planned.file().location(), planned);
        if (task.deletes().isEmpty() && matcher.allRowsMatch(task)) {
          plan.removedDataFiles.add(task.file());
          plan.deletedRows += task.file().recordCount();
        } else {
          candidates.add(task);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to plan files of " + table.name(), e);
    }
    return candidates;
  }

  /**
   * The tasks of every data file with all of its delete files, when the snapshot has any: a scan
   * planned with a filter leaves out equality deletes that cannot match the filter, and a
   * copy-on-write rewrite that copied the file's other rows without them would bring rows deleted
   * earlier back.
   *
   * @param snapshotId the snapshot
   * @return the tasks by data file location, or null when the snapshot has no delete files
   */
  private Map<String, FileScanTask> completeDeletes(long snapshotId) {
    if (matcher.scanFilter().op() == org.apache.iceberg.expressions.Expression.Operation.TRUE
        || table.snapshot(snapshotId).deleteManifests(table.io()).isEmpty()) {
      return null;
    }
    Map<String, FileScanTask> tasks = new HashMap<>();
    org.apache.iceberg.Snapshot snapshot = table.snapshot(snapshotId);
    org.apache.iceberg.TableScan scan = table.newScan().useSnapshot(snapshotId);
    java.util.Set<String> equalityColumns =
        io.floe.impl.plan.EqualityDeletes.statsColumns(table, snapshot);
    if (!equalityColumns.isEmpty()) {
      scan = scan.includeColumnStats(equalityColumns);
    }
    // every delete file, the equality deletes Iceberg's index leaves out included
    try (CloseableIterable<FileScanTask> all = Planner.planFiles(scan)) {
      for (FileScanTask task : all) {
        tasks.put(task.file().location(), task);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to plan files of " + table.name(), e);
    }
    return tasks;
  }

  private List<Match> findMatches(List<FileScanTask> tasks) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    int threads = Math.min(tasks.size(), Runtime.getRuntime().availableProcessors());
    if (threads <= 1) {
      List<Match> out = new ArrayList<>();
      for (FileScanTask task : tasks) {
        out.add(match(task));
      }
      return out;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "floe-match-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Match>> futures = new ArrayList<>();
      for (FileScanTask task : tasks) {
        futures.add(pool.submit(() -> match(task)));
      }
      List<Match> out = new ArrayList<>();
      for (Future<Match> future : futures) {
        out.add(future.get());
      }
      return out;
    } catch (InterruptedException e) {
      throw Errors.interrupted("matching rows of " + table.name(), e);
    } catch (ExecutionException e) {
      throw Errors.failedTask(table.name(), "Matching rows", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private Match match(FileScanTask task) {
    LiveRows.Read read =
        LiveRows.open(table, task, matcher.columns(), matcher.scanFilter(), caseSensitive);
    Predicate<Record> predicate = matcher.predicate(read.schema());
    int posIndex = read.posIndex();
    long[] positions = new long[16];
    int count = 0;
    try (CloseableIterable<Record> rows = read.rows()) {
      for (Record row : rows) {
        if (predicate.test(row)) {
          if (count == positions.length) {
            positions = Arrays.copyOf(positions, count * 2);
          }
          positions[count++] = (Long) row.get(posIndex);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + task.file().location(), e);
    }
    return new Match(task, positions, count);
  }

  private static boolean wholeFile(Match match) {
    return match.count() == match.task().file().recordCount() && match.task().deletes().isEmpty();
  }

  private void writeDeletes(Plan plan, List<Match> matches) {
    Map<String, List<DeleteFile>> previous = new HashMap<>();
    List<Match> partial = new ArrayList<>();
    for (Match match : matches) {
      if (match.count() == 0) {
        continue;
      }
      plan.deletedRows += match.count();
      if (wholeFile(match)) {
        plan.removedDataFiles.add(match.task().file());
        continue;
      }
      partial.add(match);
      List<DeleteFile> rewritable = new ArrayList<>();
      for (DeleteFile delete : match.task().deletes()) {
        if (delete.content() == FileContent.POSITION_DELETES
            && ContentFileUtil.isFileScoped(delete)) {
          rewritable.add(delete);
        }
      }
      previous.put(match.task().file().location(), rewritable);
    }
    if (partial.isEmpty()) {
      return;
    }
    FloeDeleteLoader loader = new FloeDeleteLoader(table.name(), table.io());
    Function<CharSequence, PositionDeleteIndex> loadPrevious =
        path -> {
          List<DeleteFile> files = previous.get(path.toString());
          return files == null || files.isEmpty() ? null : loader.loadPositionDeletes(files, path);
        };
    Map<Integer, PartitionSpec> specs = table.specs();
    DeleteWriteResult result;
    try {
      if (TableUtil.formatVersion(table) >= 3) {
        BaseDVFileWriter dvs =
            new BaseDVFileWriter(
                TableFileWriter.outputFiles(table, FileFormat.PUFFIN),
                path -> loadPrevious.apply(path));
        try (dvs) {
          for (Match match : partial) {
            DataFile file = match.task().file();
            for (int i = 0; i < match.count(); i++) {
              dvs.delete(
                  file.location(),
                  match.positions()[i],
                  specs.get(file.specId()),
                  file.partition());
            }
          }
        }
        result = dvs.result();
      } else {
        FanoutPositionOnlyDeleteWriter<Record> deletes =
            TableFileWriter.positionDeletes(table, loadPrevious);
        try (deletes) {
          PositionDelete<Record> delete = PositionDelete.create();
          for (Match match : partial) {
            DataFile file = match.task().file();
            for (int i = 0; i < match.count(); i++) {
              deletes.write(
                  delete.set(file.location(), match.positions()[i]),
                  specs.get(file.specId()),
                  file.partition());
            }
          }
        }
        result = deletes.result();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write delete files of " + table.name(), e);
    }
    plan.addedDeleteFiles.addAll(result.deleteFiles());
    plan.removedDeleteFiles.addAll(result.rewrittenDeleteFiles());
    for (Match match : partial) {
      plan.referencedDataFiles.add(match.task().file().location());
    }
  }

  private void rewrite(Plan plan, List<Match> matches, long snapshotId) {
    TableFileWriter writer = null;
    List<FileScanTask> removed = new ArrayList<>();
    try {
      for (Match match : matches) {
        if (match.count() == 0) {
          continue;
        }
        plan.deletedRows += match.count();
        plan.removedDataFiles.add(match.task().file());
        removed.add(match.task());
        if (wholeFile(match)) {
          continue;
        }
        if (writer == null) {
          long expected = 0;
          for (Match m : matches) {
            expected += m.task().file().recordCount() - m.count();
          }
          writer = new TableFileWriter(table, Math.max(1, expected), TableFileWriter.Layout.FANOUT);
        }
        copyLiveRows(match, writer);
      }
      if (writer != null) {
        plan.addedDataFiles.addAll(writer.finish());
      }
      // delete files left applying to no live data file go in the same commit
      plan.removedDeleteFiles.addAll(
          io.floe.impl.plan.DanglingDeletes.of(table, table.snapshot(snapshotId), removed));
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.abort();
      }
      throw e;
    }
  }

  private void copyLiveRows(Match match, TableFileWriter writer) {
    LiveRows.Read read = LiveRows.open(table, match.task(), table.schema(), null, caseSensitive);
    int columns = table.schema().columns().size();
    int posIndex = read.posIndex();
    long[] positions = match.positions();
    int next = 0;
    try (CloseableIterable<Record> rows = read.rows();
        CloseableIterator<Record> it = rows.iterator()) {
      while (it.hasNext()) {
        Record row = it.next();
        long pos = (Long) row.get(posIndex);
        while (next < match.count() && positions[next] < pos) {
          next++;
        }
        if (next < match.count() && positions[next] == pos) {
          continue;
        }
        GenericRecord copy = GenericRecord.create(table.schema());
        for (int i = 0; i < columns; i++) {
          copy.set(i, row.get(i));
        }
        writer.write(copy);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to rewrite " + match.task().file().location(), e);
    }
  }
}
