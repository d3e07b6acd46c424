package io.floe.impl.maintain;

import io.floe.impl.read.FloeDeleteLoader;
import io.floe.impl.spi.Errors;
import io.floe.impl.write.TableFileWriter;
import io.floe.maintenance.RewritePositionDeletes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Projections;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DeleteWriteResult;
import org.apache.iceberg.io.FanoutPositionOnlyDeleteWriter;
import org.apache.iceberg.util.ContentFileUtil;
import org.apache.iceberg.util.StructLikeMap;

/**
 * Compacts position deletes without an engine and without touching data files.
 *
 * <p>Planning reads the delete manifests of the starting snapshot (which partitions have position
 * deletes) and plans the table's files, so that every live data file comes with the delete files
 * Iceberg applies to it (sequence numbers and scopes respected). In a chosen partition, each data
 * file whose deletes are rewritten gets the union of those deletes, loaded with {@link
 * FloeDeleteLoader} (Floe's Parquet decoder, Iceberg's deletion vectors), written as one
 * file-scoped delete file (v2) or a deletion vector (v3, one Puffin file per partition); every
 * delete file whose positions were all carried over is removed. A delete file is only removed when
 * every live data file it applies to was rewritten, so no deleted row can come back; deletes of
 * data files that are gone are dropped.
 *
 * <p>The commit is a {@code RewriteFiles} validated from the starting snapshot (which fails when a
 * replaced delete file was removed concurrently), each new file keeping the largest data sequence
 * number of the files it replaces, as Iceberg's own position-delete rewrite does. Before it, the
 * snapshots committed since the start are checked for removed data files and for new deletion
 * vectors of the rewritten data files; on any conflict the written files are removed and the
 * rewrite is planned again, up to {@value #MAX_ATTEMPTS} times.
 */
final class RewritePositionDeletesImpl implements RewritePositionDeletes {
  static final int MAX_ATTEMPTS = 3;

  private final String name;
  private final Table table;
  private Expression filter = Expressions.alwaysTrue();
  private boolean rewriteAll;
  private int parallelism = Pools.defaultParallelism();
  private Runnable beforeCommit = () -> {};
  private boolean executed;

  RewritePositionDeletesImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public RewritePositionDeletes where(Expression expr) {
    filter = Expressions.and(filter, Objects.requireNonNull(expr, "filter"));
    return this;
  }

  @Override
  public RewritePositionDeletes rewriteAll() {
    rewriteAll = true;
    return this;
  }

  @Override
  public RewritePositionDeletes parallelism(int threads) {
    parallelism = Pools.checkThreads(threads);
    return this;
  }

  /**
   * Runs an action after the files of an attempt are written and before it commits (tests use it to
   * commit concurrently at the worst moment).
   *
   * @param action the action
   * @return this rewrite
   */
  public RewritePositionDeletesImpl beforeCommit(Runnable action) {
    this.beforeCommit = Objects.requireNonNull(action, "action");
    return this;
  }

  /** A live data file of a chosen partition and the position deletes Iceberg applies to it. */
  private record Target(DataFile file, List<DeleteFile> deletes) {}

  /** The work of one partition: data files to write deletes for, and the delete files replaced. */
  private record Group(
      PartitionSpec spec, StructLike partition, List<Target> targets, Set<DeleteFile> replaced) {}

  /** What one group wrote: each new delete file with the data sequence number it keeps. */
  private record Written(
      List<DeleteFile> files, Map<DeleteFile, Long> sequenceNumbers, long positions) {}

  /** A conflict found before committing; the attempt is planned again. */
  private static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conflict(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public RewritePositionDeletes.Result execute() {
    return io.floe.impl.spi.Events.maintenance(
        table,
        "rewrite-position-deletes",
        this::run,
        r -> new long[] {r.rewrittenDeleteFiles(), r.addedDeleteFiles(), 0, r.rewrittenBytes()});
  }

  private RewritePositionDeletes.Result run() {
    if (executed) {
      throw Errors.alreadyDone("Position-delete rewrite of " + name, "executed");
    }
    executed = true;
    long started = System.nanoTime();
    ExecutorService pool = Pools.open(parallelism, "rewrite-deletes");
    try {
      String last = null;
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          return attempt(pool, attempt, started);
        } catch (Conflict e) {
          last = e.getMessage();
        } catch (org.apache.iceberg.exceptions.ValidationException e) {
          last = e.getMessage();
        }
      }
      throw MaintenanceErrors.positionDeleteConflicts(name, MAX_ATTEMPTS, last);
    } finally {
      pool.shutdownNow();
    }
  }

  private RewritePositionDeletes.Result attempt(ExecutorService pool, int attempt, long started) {
    Errors.run(name, table::refresh);
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return empty(attempt, started);
    }
    boolean dvs = TableUtil.formatVersion(table) >= 3;
    List<Group> groups = Errors.translate(name, () -> plan(start, dvs));
    if (groups.isEmpty()) {
      return empty(attempt, started);
    }
    // loading dominates (one small file after the other), so every data file's deletes load in
    // parallel, across partitions; then each partition writes its files
    List<Target> all = new ArrayList<>();
    groups.forEach(g -> all.addAll(g.targets()));
    List<PositionDeleteIndex> loaded =
        Pools.map(
            pool,
            name,
            all,
            target -> load(new FloeDeleteLoader(table.name(), table.io()), target));
    Map<Target, PositionDeleteIndex> indexes = new IdentityHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      indexes.put(all.get(i), loaded.get(i));
    }
    List<Written> outputs;
    List<DeleteFile> written = Collections.synchronizedList(new ArrayList<>());
    try {
      outputs =
          Pools.map(
              pool,
              name,
              groups,
              group -> {
                Written out = write(group, dvs, indexes);
                written.addAll(out.files());
                return out;
              });
    } catch (RuntimeException e) {
      synchronized (written) {
        deleteQuietly(written);
      }
      throw e;
    }
    Set<String> targets = new HashSet<>();
    Set<DeleteFile> replaced = new HashSet<>();
    for (Group group : groups) {
      group.targets().forEach(t -> targets.add(t.file().location()));
      replaced.addAll(group.replaced());
    }
    String commitId = java.util.UUID.randomUUID().toString();
    try {
      beforeCommit.run();
      Errors.run(name, table::refresh);
      checkConcurrentCommits(start, targets, dvs);
      RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(start.snapshotId());
      replaced.forEach(rewrite::deleteFile);
      for (Written out : outputs) {
        out.sequenceNumbers().forEach(rewrite::addFile);
      }
      rewrite.set("floe.operation", "rewrite-position-deletes");
      rewrite.set(RewriteDataFilesImpl.COMMIT_ID, commitId);
      rewrite.commit();
    } catch (CommitStateUnknownException e) {
      throw Errors.commitStateUnknown(
          name, commitId, e); // keep every written file: it may have landed
    } catch (Conflict | org.apache.iceberg.exceptions.ValidationException e) {
      deleteQuietly(written);
      throw e;
    } catch (RuntimeException e) {
      deleteQuietly(written);
      throw Errors.translate(name, e);
    }
    long rewrittenBytes = 0;
    long rewrittenDeletes = 0;
    for (DeleteFile file : replaced) {
      rewrittenBytes += size(file);
      rewrittenDeletes += file.recordCount();
    }
    long addedFiles = 0;
    long addedBytes = 0;
    long addedDeletes = 0;
    for (Written out : outputs) {
      addedFiles += out.files().size();
      addedBytes += out.files().stream().mapToLong(RewritePositionDeletesImpl::size).sum();
      addedDeletes += out.positions();
    }
    Committed committed = Committed.of(table, commitId);
    return new RewritePositionDeletes.Result(
        name,
        committed.snapshotId(),
        committed.summary(),
        groups.size(),
        replaced.size(),
        addedFiles,
        rewrittenBytes,
        addedBytes,
        rewrittenDeletes,
        addedDeletes,
        attempt,
        elapsed(started));
  }

  private RewritePositionDeletes.Result empty(int attempt, long started) {
    Committed current = Committed.of(table, null);
    return new RewritePositionDeletes.Result(
        name,
        current.snapshotId(),
        current.summary(),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        attempt,
        elapsed(started));
  }

  /** The bytes a delete file takes: its blob for a deletion vector, the whole file otherwise. */
  private static long size(DeleteFile file) {
    return ContentFileUtil.isDV(file) && file.contentSizeInBytes() != null
        ? file.contentSizeInBytes()
        : file.fileSizeInBytes();
  }

  /**
   * Chooses the partitions to rewrite and, in each, the data files to write deletes for and the
   * delete files they replace.
   */
  private List<Group> plan(Snapshot start, boolean dvs) {
    Binder.bind(table.schema().asStruct(), filter, true); // a bad filter fails even without deletes
    Map<Integer, Evaluator> inScope = new HashMap<>();
    Map<Integer, StructLikeMap<List<DeleteFile>>> deletesByPartition = new HashMap<>();
    try {
      for (ManifestFile manifest : start.deleteManifests(table.io())) {
        try (ManifestReader<DeleteFile> reader =
            ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
          for (DeleteFile file : reader) {
            if (file.content() != FileContent.POSITION_DELETES) {
              continue;
            }
            PartitionSpec spec = table.specs().get(file.specId());
            Evaluator evaluator =
                inScope.computeIfAbsent(
                    file.specId(),
                    id ->
                        new Evaluator(
                            spec.partitionType(),
                            Projections.inclusive(spec, true).project(filter),
                            true));
            if (evaluator.eval(file.partition())) {
              DeleteFile copy = file.copyWithoutStats();
              deletesByPartition
                  .computeIfAbsent(file.specId(), id -> StructLikeMap.create(spec.partitionType()))
                  .computeIfAbsent(copy.partition(), p -> new ArrayList<>())
                  .add(copy);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the delete manifests of " + name, e);
    }
    if (deletesByPartition.isEmpty()) {
      return List.of();
    }
    // every live data file of those partitions with the position deletes applied to it
    Map<Integer, StructLikeMap<Map<String, Target>>> targetsByPartition = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(start.snapshotId()).ignoreResiduals().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        StructLikeMap<List<DeleteFile>> partitions = deletesByPartition.get(file.specId());
        if (partitions == null || !partitions.containsKey(file.partition())) {
          continue;
        }
        List<DeleteFile> positional = new ArrayList<>();
        for (DeleteFile delete : task.deletes()) {
          if (delete.content() == FileContent.POSITION_DELETES) {
            positional.add(delete);
          }
        }
        if (!positional.isEmpty()) {
          DataFile copy = file.copyWithoutStats();
          targetsByPartition
              .computeIfAbsent(
                  file.specId(), id -> StructLikeMap.create(table.specs().get(id).partitionType()))
              .computeIfAbsent(copy.partition(), p -> new LinkedHashMap<>())
              .putIfAbsent(copy.location(), new Target(copy, positional));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to plan the files of " + name, e);
    }
    List<Group> groups = new ArrayList<>();
    deletesByPartition.forEach(
        (specId, partitions) ->
            partitions.forEach(
                (partition, deletes) -> {
                  StructLikeMap<Map<String, Target>> bySpec = targetsByPartition.get(specId);
                  Map<String, Target> live = bySpec == null ? null : bySpec.get(partition);
                  Group group =
                      group(
                          table.specs().get(specId),
                          partition,
                          deletes,
                          live == null ? List.of() : List.copyOf(live.values()),
                          dvs);
                  if (group != null) {
                    groups.add(group);
                  }
                }));
    return groups;
  }

  /** The work of one partition, or null when it is compact already. */
  private Group group(
      PartitionSpec spec,
      StructLike partition,
      List<DeleteFile> deletes,
      List<Target> live,
      boolean dvs) {
    Set<String> applied = new HashSet<>();
    boolean worthIt = rewriteAll;
    for (Target target : live) {
      target.deletes().forEach(d -> applied.add(deleteKey(d)));
      if (target.deletes().size() > 1
          || (dvs && target.deletes().stream().anyMatch(d -> !ContentFileUtil.isDV(d)))) {
        worthIt = true;
      }
    }
    List<DeleteFile> dangling =
        deletes.stream().filter(d -> !applied.contains(deleteKey(d))).toList();
    if (!dangling.isEmpty()) {
      worthIt = true;
    }
    if (!worthIt) {
      return null;
    }
    // On v3 a data file whose only delete is a deletion vector keeps it (unless rewriting all);
    // every other data file with position deletes gets new ones, so every non-DV delete file of
    // the partition is fully carried over and can be replaced.
    List<Target> targets = new ArrayList<>();
    Set<DeleteFile> replaced = new HashSet<>();
    Set<String> replacedKeys = new HashSet<>();
    for (Target target : live) {
      boolean onlyDv = target.deletes().stream().allMatch(ContentFileUtil::isDV);
      if (dvs && onlyDv && !rewriteAll) {
        continue;
      }
      targets.add(target);
      for (DeleteFile delete : target.deletes()) {
        if (replacedKeys.add(deleteKey(delete))) {
          replaced.add(delete.copyWithoutStats());
        }
      }
    }
    for (DeleteFile delete : dangling) {
      if (replacedKeys.add(deleteKey(delete))) {
        replaced.add(delete);
      }
    }
    if (replaced.isEmpty()) {
      return null;
    }
    return new Group(spec, partition, targets, replaced);
  }

  /**
   * Delete files are compared by location plus blob offset (deletion vectors share Puffin files).
   */
  private static String deleteKey(DeleteFile file) {
    return file.location() + (file.contentOffset() == null ? "" : "@" + file.contentOffset());
  }

  /** Writes the deletes of one partition from their loaded positions. */
  private Written write(Group group, boolean dvs, Map<Target, PositionDeleteIndex> indexes) {
    Map<String, Long> sequenceByDataFile = new HashMap<>();
    DeleteWriteResult result;
    long positions = 0;
    try {
      if (dvs) {
        BaseDVFileWriter writer =
            new BaseDVFileWriter(
                TableFileWriter.outputFiles(table, FileFormat.PUFFIN), path -> null);
        try (writer) {
          for (Target target : group.targets()) {
            PositionDeleteIndex index = indexes.get(target);
            if (index.isNotEmpty()) {
              positions += index.cardinality();
              sequenceByDataFile.put(target.file().location(), maxSequence(target));
              writer.delete(target.file().location(), index, group.spec(), group.partition());
            }
          }
        }
        result = writer.result();
      } else {
        FanoutPositionOnlyDeleteWriter<Record> writer =
            TableFileWriter.positionDeletes(table, path -> null);
        try (writer) {
          PositionDelete<Record> delete = PositionDelete.create();
          for (Target target : group.targets()) {
            PositionDeleteIndex index = indexes.get(target);
            if (index.isNotEmpty()) {
              positions += index.cardinality();
              sequenceByDataFile.put(target.file().location(), maxSequence(target));
              String location = target.file().location();
              index.forEach(
                  pos -> writer.write(delete.set(location, pos), group.spec(), group.partition()));
            }
          }
        }
        result = writer.result();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to write the position deletes of table "
              + name
              + " in partition "
              + group.spec().partitionToPath(group.partition()),
          e);
    }
    Map<DeleteFile, Long> sequences = new LinkedHashMap<>();
    for (DeleteFile file : result.deleteFiles()) {
      Long seq = sequenceByDataFile.get(ContentFileUtil.referencedDataFileLocation(file));
      if (seq == null) {
        deleteQuietly(result.deleteFiles());
        throw new IllegalStateException(
            "Rewritten delete file "
                + file.location()
                + " of table "
                + name
                + " references no data file of the rewrite");
      }
      sequences.put(file, seq);
    }
    return new Written(result.deleteFiles(), sequences, positions);
  }

  /** The positions deleted in a data file: the union of its position deletes. */
  private static PositionDeleteIndex load(FloeDeleteLoader loader, Target target) {
    String path = target.file().location();
    PositionDeleteIndex merged = null;
    List<DeleteFile> files = new ArrayList<>();
    for (DeleteFile delete : target.deletes()) {
      if (ContentFileUtil.isDV(delete)) {
        PositionDeleteIndex dv = loader.loadPositionDeletes(List.of(delete), path);
        if (merged == null) {
          merged = dv;
        } else {
          merged.merge(dv);
        }
      } else {
        files.add(delete);
      }
    }
    if (!files.isEmpty()) {
      PositionDeleteIndex fromFiles = loader.loadPositionDeletes(files, path);
      if (merged == null) {
        merged = fromFiles;
      } else {
        merged.merge(fromFiles);
      }
    }
    return merged == null ? PositionDeleteIndex.empty() : merged;
  }

  private static long maxSequence(Target target) {
    long max = Long.MIN_VALUE;
    for (DeleteFile delete : target.deletes()) {
      max = Math.max(max, delete.dataSequenceNumber());
    }
    return max;
  }

  /**
   * Fails the attempt when a commit since the start removed a rewritten data file (its new deletes
   * would dangle) or, on v3, added a deletion vector for one (a data file may have only one).
   */
  private void checkConcurrentCommits(Snapshot start, Set<String> targets, boolean dvs) {
    for (Snapshot snapshot = table.currentSnapshot();
        snapshot != null && snapshot.snapshotId() != start.snapshotId();
        snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
      for (DataFile removed : snapshot.removedDataFiles(table.io())) {
        if (targets.contains(removed.location())) {
          throw new Conflict(
              "snapshot " + snapshot.snapshotId() + " removed data file " + removed.location());
        }
      }
      if (dvs) {
        for (DeleteFile added : snapshot.addedDeleteFiles(table.io())) {
          String referenced = ContentFileUtil.isDV(added) ? added.referencedDataFile() : null;
          if (referenced != null && targets.contains(referenced)) {
            throw new Conflict(
                "snapshot " + snapshot.snapshotId() + " added a deletion vector for " + referenced);
          }
        }
      }
    }
  }

  private void deleteQuietly(List<DeleteFile> files) {
    Set<String> seen = new HashSet<>();
    for (DeleteFile file : files) {
      if (seen.add(file.location())) {
        try {
          table.io().deleteFile(file.location());
        } catch (RuntimeException e) {
          // best effort: orphan-file removal picks up what is left
        }
      }
    }
  }

  private static Duration elapsed(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }
}
