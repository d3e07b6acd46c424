package io.floe.impl.maintain;

import io.floe.impl.evolve.TaskReader;
import io.floe.impl.plan.DanglingDeletes;
import io.floe.impl.plan.EqualityDeletes;
import io.floe.impl.spi.Errors;
import io.floe.impl.write.TableFileWriter;
import io.floe.maintenance.RewriteDataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.BinPackRewriteFilePlanner;
import org.apache.iceberg.actions.FileRewritePlan;
import org.apache.iceberg.actions.RewriteDataFiles.FileGroupInfo;
import org.apache.iceberg.actions.RewriteDataFilesCommitManager;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.actions.SizeBasedFileRewritePlanner;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.StructLikeMap;

/**
 * Compaction without an engine: Iceberg's {@link BinPackRewriteFilePlanner} chooses the file
 * groups, Floe reads each group (deletes applied) and writes it anew on a bounded pool, and all
 * groups are committed as one {@code replace} snapshot validated from the starting snapshot, as
 * Iceberg's {@link RewriteDataFilesCommitManager} does (so concurrent appends are kept and
 * concurrent deletes of rewritten files are detected), together with the delete files that applied
 * only to the rewritten files ({@link DanglingDeletes}). On such a conflict the written files are
 * removed and the whole rewrite is planned again, up to {@value #MAX_ATTEMPTS} times.
 */
final class RewriteDataFilesImpl implements RewriteDataFiles {
  static final int MAX_ATTEMPTS = 3;
  static final String COMMIT_ID = "floe.commit-id";

  /** The id of the last commit this rewrite made, or null before its first. */
  private String lastCommitId;

  /** Sort groups are held in memory, so they are kept smaller than bin-pack groups. */
  static final long SORT_MAX_GROUP_BYTES = 256L << 20;

  private final String name;
  private final Table table;
  private Expression filter = Expressions.alwaysTrue();
  private SortOrder sortOrder;
  private boolean sortByTable;
  private Long targetFileSize;
  private Integer minInputFiles;
  private boolean rewriteAll;
  private boolean applyDeletes;
  private int parallelism = Pools.defaultParallelism();
  private ProgressTracker tracker = ProgressTracker.of(null, null, null);
  private Runnable beforeCommit = () -> {};
  private boolean executed;

  RewriteDataFilesImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public RewriteDataFiles binPack() {
    sortOrder = null;
    sortByTable = false;
    return this;
  }

  @Override
  public RewriteDataFiles sort() {
    sortOrder = null;
    sortByTable = true;
    return this;
  }

  @Override
  public RewriteDataFiles sort(SortOrder order) {
    this.sortOrder = Objects.requireNonNull(order, "order");
    sortByTable = false;
    return this;
  }

  @Override
  public RewriteDataFiles where(Expression expr) {
    filter = Expressions.and(filter, Objects.requireNonNull(expr, "filter"));
    return this;
  }

  @Override
  public RewriteDataFiles targetFileSize(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("Target file size must be positive: " + bytes);
    }
    targetFileSize = bytes;
    return this;
  }

  @Override
  public RewriteDataFiles minInputFiles(int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("Minimum input files must be positive: " + count);
    }
    minInputFiles = count;
    return this;
  }

  @Override
  public RewriteDataFiles rewriteAll() {
    rewriteAll = true;
    return this;
  }

  @Override
  public RewriteDataFiles applyDeletes() {
    applyDeletes = true;
    return this;
  }

  @Override
  public RewriteDataFiles progress(io.floe.events.ProgressListener listener) {
    tracker = ProgressTracker.of(listener, name, "rewrite-data-files");
    return this;
  }

  @Override
  public RewriteDataFiles parallelism(int threads) {
    parallelism = Pools.checkThreads(threads);
    return this;
  }

  /**
   * Runs an action after the files are written and before the commit; for tests of concurrent
   * writers.
   *
   * @param action the action
   * @return this rewrite
   */
  public RewriteDataFilesImpl beforeCommit(Runnable action) {
    this.beforeCommit = Objects.requireNonNull(action, "action");
    return this;
  }

  private Map<String, String> options() {
    Map<String, String> options = new HashMap<>();
    if (targetFileSize != null) {
      options.put(
          SizeBasedFileRewritePlanner.TARGET_FILE_SIZE_BYTES, Long.toString(targetFileSize));
    }
    if (minInputFiles != null) {
      options.put(SizeBasedFileRewritePlanner.MIN_INPUT_FILES, Integer.toString(minInputFiles));
    }
    if (rewriteAll) {
      options.put(SizeBasedFileRewritePlanner.REWRITE_ALL, "true");
    }
    if (applyDeletes) {
      options.put(BinPackRewriteFilePlanner.DELETE_FILE_THRESHOLD, "1");
    }
    if (sortOrder != null || sortByTable) {
      options.put(
          SizeBasedFileRewritePlanner.MAX_FILE_GROUP_SIZE_BYTES,
          Long.toString(SORT_MAX_GROUP_BYTES));
    }
    return options;
  }

  private SortOrder order() {
    if (sortByTable) {
      if (!table.sortOrder().isSorted()) {
        throw MaintenanceErrors.noSortOrder(name);
      }
      return table.sortOrder();
    }
    return sortOrder;
  }

  @Override
  public RewriteDataFiles.Result execute() {
    return io.floe.impl.spi.Events.maintenance(
        table,
        "rewrite-data-files",
        this::run,
        r ->
            new long[] {
              r.rewrittenDataFiles() + r.removedDeleteFiles(),
              r.addedDataFiles(),
              0,
              r.rewrittenBytes()
            });
  }

  private RewriteDataFiles.Result run() {
    if (executed) {
      throw Errors.alreadyDone("Rewrite of " + name, "executed");
    }
    executed = true;
    long started = System.nanoTime();
    ExecutorService pool = Pools.open(parallelism, "rewrite");
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          return attempt(pool, attempt, started);
        } catch (org.apache.iceberg.exceptions.ValidationException e) {
          // a concurrent commit deleted rows of a rewritten file: the written files were removed
          if (attempt >= MAX_ATTEMPTS) {
            throw MaintenanceErrors.compactionConflicts(name, attempt, e);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private RewriteDataFiles.Result attempt(ExecutorService pool, int attempt, long started) {
    Errors.run(name, table::refresh);
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return new RewriteDataFiles.Result(
          name, -1, Map.of(), 0, 0, 0, 0, 0, 0, 0, attempt, elapsed(started));
    }
    SortOrder order = order();
    List<RewriteFileGroup> groups = plan(start);
    long removedDeletes = 0;
    if (!groups.isEmpty()) {
      List<DataFile> written = java.util.Collections.synchronizedList(new ArrayList<>());
      List<List<DataFile>> outputs;
      tracker.phase(
          "rewrite",
          groups.stream().mapToLong(g -> g.fileScanTasks().size()).sum(),
          groups.stream()
              .flatMap(g -> g.fileScanTasks().stream())
              .mapToLong(task -> task.file().fileSizeInBytes())
              .sum());
      try {
        outputs =
            Pools.map(
                pool,
                name,
                groups,
                group -> {
                  List<DataFile> files = rewrite(group, order, start);
                  written.addAll(files);
                  group
                      .fileScanTasks()
                      .forEach(task -> tracker.done(task.file().fileSizeInBytes()));
                  return files;
                });
      } catch (RuntimeException e) {
        // a failed group removed its own files; remove those of the groups that succeeded
        synchronized (written) {
          written.forEach(f -> deleteQuietly(f.location()));
        }
        throw e;
      }
      for (int i = 0; i < groups.size(); i++) {
        groups.get(i).setOutputFiles(new HashSet<>(outputs.get(i)));
      }
      beforeCommit.run();
      String commitId = java.util.UUID.randomUUID().toString();
      lastCommitId = commitId;
      try {
        commit(groups, start, commitId);
      } catch (org.apache.iceberg.exceptions.ValidationException e) {
        throw e; // retried by execute(); commit() removed the written files
      } catch (CommitStateUnknownException e) {
        throw Errors.commitStateUnknown(name, commitId, e); // the written files are kept
      } catch (RuntimeException e) {
        throw Errors.translate(name, e);
      }
      // the delete files that applied only to rewritten files went in the same commit
      removedDeletes += removedDeleteFiles(commitId);
    }
    if (applyDeletes || !groups.isEmpty()) {
      removedDeletes += removeDanglingDeletes();
    }
    long rewritten = 0;
    long rewrittenBytes = 0;
    long added = 0;
    long addedBytes = 0;
    long records = 0;
    for (RewriteFileGroup group : groups) {
      rewritten += group.rewrittenFiles().size();
      rewrittenBytes += group.rewrittenFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum();
      added += group.addedFiles().size();
      addedBytes += group.addedFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum();
      records += group.addedFiles().stream().mapToLong(DataFile::recordCount).sum();
    }
    Committed committed = Committed.of(table, lastCommitId);
    return new RewriteDataFiles.Result(
        name,
        committed.snapshotId(),
        committed.summary(),
        groups.size(),
        rewritten,
        added,
        removedDeletes,
        rewrittenBytes,
        addedBytes,
        records,
        attempt,
        elapsed(started));
  }

  /**
   * Commits all groups as one {@code replace} snapshot, as Iceberg's {@link
   * RewriteDataFilesCommitManager} does (validated from the starting snapshot, new files with its
   * sequence number), together with the delete files that applied only to the rewritten files.
   * Removes the written files unless the commit's outcome is unknown.
   */
  private void commit(List<RewriteFileGroup> groups, Snapshot start, String commitId) {
    try {
      List<FileScanTask> rewritten = new ArrayList<>();
      groups.forEach(group -> rewritten.addAll(group.fileScanTasks()));
      List<DeleteFile> dangling = DanglingDeletes.of(table, start, rewritten);
      RewriteFiles rewrite =
          table
              .newRewrite()
              .validateFromSnapshot(start.snapshotId())
              .dataSequenceNumber(start.sequenceNumber());
      for (RewriteFileGroup group : groups) {
        group.rewrittenFiles().forEach(rewrite::deleteFile);
        group.addedFiles().forEach(rewrite::addFile);
      }
      dangling.forEach(rewrite::deleteFile);
      rewrite.set("floe.operation", "rewrite-data-files");
      rewrite.set(COMMIT_ID, commitId);
      rewrite.commit();
    } catch (CommitStateUnknownException e) {
      throw e; // the files may be committed: keep them
    } catch (RuntimeException e) {
      groups.forEach(group -> group.addedFiles().forEach(f -> deleteQuietly(f.location())));
      throw e;
    }
  }

  /** The number of delete files the commit with this id removed, from its snapshot summary. */
  private long removedDeleteFiles(String commitId) {
    Errors.run(name, table::refresh);
    for (Snapshot snapshot = table.currentSnapshot();
        snapshot != null;
        snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
      if (commitId.equals(snapshot.summary().get(COMMIT_ID))) {
        String removed =
            snapshot.summary().get(org.apache.iceberg.SnapshotSummary.REMOVED_DELETE_FILES_PROP);
        return removed == null ? 0 : Long.parseLong(removed);
      }
    }
    return 0;
  }

  private List<RewriteFileGroup> plan(Snapshot start) {
    return Errors.translate(
        name,
        () -> {
          BinPackRewriteFilePlanner planner =
              new BinPackRewriteFilePlanner(table, filter, start.snapshotId(), true);
          planner.init(options());
          FileRewritePlan<FileGroupInfo, FileScanTask, DataFile, RewriteFileGroup> plan =
              planner.plan();
          List<RewriteFileGroup> groups = new ArrayList<>();
          try (CloseableIterable<RewriteFileGroup> planned = plan.groups()) {
            planned.forEach(groups::add);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return groups;
        });
  }

  /**
   * Reads one group with its deletes applied and writes it anew; deletes what it wrote on failure.
   */
  private List<DataFile> rewrite(RewriteFileGroup group, SortOrder order, Snapshot start) {
    Schema schema = table.schema();
    PartitionSpec spec = table.specs().get(group.outputSpecId());
    long expectedRows =
        group.fileScanTasks().stream().mapToLong(task -> task.file().recordCount()).sum();
    // rows of a sorted group arrive sorted: the writer's own run sort finds them in order
    TableFileWriter writer =
        new TableFileWriter(
            table,
            spec,
            order == null ? SortOrder.unsorted() : order,
            group.maxOutputFileSize(),
            expectedRows,
            TableFileWriter.Layout.FANOUT);
    try {
      if (order == null) {
        for (FileScanTask task : group.fileScanTasks()) {
          read(EqualityDeletes.complete(table, start, filter, task), schema, writer::write);
        }
      } else {
        List<Record> rows = new ArrayList<>();
        for (FileScanTask task : group.fileScanTasks()) {
          read(EqualityDeletes.complete(table, start, filter, task), schema, rows::add);
        }
        rows.sort(comparator(schema, order));
        rows.forEach(writer::write);
      }
      return writer.finish();
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  private static Comparator<Record> comparator(Schema schema, SortOrder order) {
    Comparator<StructLike> internal = SortOrderComparators.forSchema(schema, order);
    InternalRecordWrapper left = new InternalRecordWrapper(schema.asStruct());
    InternalRecordWrapper right = new InternalRecordWrapper(schema.asStruct());
    return (a, b) -> internal.compare(left.wrap(a), right.wrap(b));
  }

  private void read(FileScanTask task, Schema schema, java.util.function.Consumer<Record> sink) {
    TaskReader reader = new TaskReader(table, task, schema);
    Schema readSchema = reader.readSchema();
    boolean same = readSchema.asStruct().equals(schema.asStruct());
    int[] positions = same ? null : positions(schema, readSchema);
    try (CloseableIterable<Record> records = reader.open()) {
      for (Record record : records) {
        if (same) {
          sink.accept(record);
        } else {
          GenericRecord copy = GenericRecord.create(schema);
          for (int i = 0; i < positions.length; i++) {
            copy.set(i, record.get(positions[i]));
          }
          sink.accept(copy);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + task.file().location(), e);
    }
  }

  private static int[] positions(Schema schema, Schema readSchema) {
    List<Types.NestedField> fields = schema.columns();
    List<Types.NestedField> read = readSchema.columns();
    int[] positions = new int[fields.size()];
    for (int i = 0; i < positions.length; i++) {
      for (int j = 0; j < read.size(); j++) {
        if (read.get(j).fieldId() == fields.get(i).fieldId()) {
          positions[i] = j;
        }
      }
    }
    return positions;
  }

  /**
   * Drops delete files that can no longer apply to any live data file: position deletes older than
   * every data file of their partition, equality deletes not newer than them (Iceberg's
   * sequence-number rules), and deletes of partitions without data files.
   */
  private long removeDanglingDeletes() {
    Errors.run(name, table::refresh);
    Snapshot current = table.currentSnapshot();
    if (current == null || current.deleteManifests(table.io()).isEmpty()) {
      return 0;
    }
    Map<Integer, StructLikeMap<Long>> minSeq = new HashMap<>();
    long globalMin = Long.MAX_VALUE;
    try {
      for (ManifestFile manifest : current.dataManifests(table.io())) {
        try (ManifestReader<DataFile> reader =
            ManifestFiles.read(manifest, table.io(), table.specs())) {
          for (DataFile file : reader) {
            long seq = file.dataSequenceNumber();
            globalMin = Math.min(globalMin, seq);
            StructLikeMap<Long> bySpec =
                minSeq.computeIfAbsent(
                    file.specId(),
                    id -> StructLikeMap.create(table.specs().get(id).partitionType()));
            Long min = bySpec.get(file.partition());
            if (min == null || seq < min) {
              bySpec.put(file.partition(), seq);
            }
          }
        }
      }
      List<DeleteFile> dangling = new ArrayList<>();
      for (ManifestFile manifest : current.deleteManifests(table.io())) {
        try (ManifestReader<DeleteFile> reader =
            ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
          for (DeleteFile file : reader) {
            Long min;
            if (table.specs().get(file.specId()).isUnpartitioned()) {
              min = globalMin == Long.MAX_VALUE ? null : globalMin;
            } else {
              StructLikeMap<Long> bySpec = minSeq.get(file.specId());
              min = bySpec == null ? null : bySpec.get(file.partition());
            }
            long seq = file.dataSequenceNumber();
            boolean isDangling =
                min == null
                    || (file.content() == FileContent.POSITION_DELETES ? seq < min : seq <= min);
            if (isDangling) {
              dangling.add(file.copyWithoutStats());
            }
          }
        }
      }
      if (dangling.isEmpty()) {
        return 0;
      }
      RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(current.snapshotId());
      dangling.forEach(rewrite::deleteFile);
      rewrite.set("floe.operation", "remove-dangling-deletes");
      String commitId = java.util.UUID.randomUUID().toString();
      rewrite.set(COMMIT_ID, commitId);
      lastCommitId = commitId;
      try {
        rewrite.commit();
      } catch (CommitStateUnknownException e) {
        throw Errors.commitStateUnknown(name, commitId, e);
      }
      return dangling.size();
    } catch (IOException e) {
      throw Errors.tableIo("read manifests of", name, e);
    } catch (org.apache.iceberg.exceptions.ValidationException e) {
      // a concurrent commit changed the deletes; they are dropped by the next run
      return 0;
    } catch (RuntimeException e) {
      throw Errors.translate(name, e);
    }
  }

  private void deleteQuietly(String location) {
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException e) {
      // best effort: orphan-file removal picks up what is left
    }
  }

  private static Duration elapsed(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }
}
