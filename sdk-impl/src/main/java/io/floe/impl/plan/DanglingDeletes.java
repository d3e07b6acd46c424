package io.floe.impl.plan;

import io.floe.impl.read.ParquetRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.util.ContentFileUtil;
import org.apache.iceberg.util.StructLikeMap;

/**
 * The delete files a commit that removes data files can drop in the same commit, because every data
 * file they can still apply to is among those it removes (Iceberg's spec allows it; Iceberg's
 * {@code RewriteFiles.deleteFile(DeleteFile)} and Spark's "remove dangling deletes" do the same).
 *
 * <p>Conservative: a delete file is dropped only when it provably applies to no data file that
 * stays live. Position deletes and deletion vectors: every data file they name is removed (the
 * referenced file of a file-scoped one; the {@code file_path} column of the others, read from the
 * file, Parquet and Avro only). Equality deletes: no data file that stays live in their partition
 * (in the table, for an unpartitioned spec) has a lower data sequence number. The caller's new data
 * files must carry sequence numbers no lower than the snapshot's (a copy-on-write commit's do, as
 * do a compaction's that reuse the starting sequence number), so no dropped delete applies to them.
 */
public final class DanglingDeletes {
  private static final Schema PATH_ONLY = new Schema(MetadataColumns.DELETE_FILE_PATH);

  private DanglingDeletes() {}

  /**
   * The delete files that apply only to data files a commit removes.
   *
   * @param table the table
   * @param base the snapshot the commit is planned against
   * @param removed the tasks of the data files the commit removes, each with its delete files
   * @return the delete files to drop in the same commit (empty when none)
   */
  public static List<DeleteFile> of(Table table, Snapshot base, Collection<FileScanTask> removed) {
    Set<String> removedPaths = new HashSet<>();
    Map<String, DeleteFile> candidates = new LinkedHashMap<>();
    for (FileScanTask task : removed) {
      removedPaths.add(task.file().location());
      for (DeleteFile delete : task.deletes()) {
        candidates.putIfAbsent(key(delete), delete);
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<DeleteFile> dangling = new ArrayList<>();
    List<DeleteFile> equality = new ArrayList<>();
    for (DeleteFile delete : candidates.values()) {
      if (delete.content() == FileContent.EQUALITY_DELETES) {
        equality.add(delete);
      } else if (delete.content() == FileContent.POSITION_DELETES
          && removedPaths.containsAll(referencedPaths(table, delete))) {
        dangling.add(delete);
      }
    }
    if (!equality.isEmpty()) {
      LiveSequences live = LiveSequences.of(table, base, removedPaths);
      for (DeleteFile delete : equality) {
        if (!live.hasOlderThan(table.specs().get(delete.specId()), delete)) {
          dangling.add(delete);
        }
      }
    }
    return dangling;
  }

  /** A delete file's identity: its location, and the blob offset for a deletion vector. */
  private static String key(DeleteFile delete) {
    return ContentFileUtil.isDV(delete)
        ? delete.location() + "#" + delete.contentOffset()
        : delete.location();
  }

  /**
   * The data files a position delete file names; a set with a path no data file has (so never a
   * subset of the removed ones) when the file cannot be read here.
   */
  private static Set<String> referencedPaths(Table table, DeleteFile delete) {
    String referenced = ContentFileUtil.referencedDataFileLocation(delete);
    if (referenced != null) {
      return Set.of(referenced);
    }
    CloseableIterable<Record> rows;
    switch (delete.format()) {
      case PARQUET:
        rows = ParquetRecords.delete(table.name(), table.io(), delete, PATH_ONLY, null);
        break;
      case AVRO:
        InputFile input = table.io().newInputFile(delete.location(), delete.fileSizeInBytes());
        rows =
            Avro.read(input)
                .project(PATH_ONLY)
                .createResolvingReader(schema -> PlannedDataReader.create(schema))
                .build();
        break;
      default:
        return Set.of("\0unreadable " + delete.location()); // keep it
    }
    Set<String> paths = new HashSet<>();
    try (rows) {
      String last = null;
      for (Record row : rows) {
        String path = row.get(0).toString();
        if (!path.equals(last)) { // sorted by path: one set insert per data file
          paths.add(path);
          last = path;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read delete file " + delete.location(), e);
    }
    return paths;
  }

  /** The lowest data sequence number of the data files that stay live, per partition. */
  private static final class LiveSequences {
    private final Map<Integer, StructLikeMap<Long>> bySpec = new HashMap<>();
    private long global = Long.MAX_VALUE;

    static LiveSequences of(Table table, Snapshot base, Set<String> removedPaths) {
      LiveSequences live = new LiveSequences();
      Map<Integer, PartitionSpec> specs = table.specs();
      for (ManifestFile manifest : base.dataManifests(table.io())) {
        if (!manifest.hasAddedFiles() && !manifest.hasExistingFiles()) {
          continue;
        }
        try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, table.io(), specs)) {
          for (DataFile file : reader) {
            if (!removedPaths.contains(file.location())) {
              live.add(specs.get(file.specId()), file.partition(), file.dataSequenceNumber());
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Failed to read manifest " + manifest.path(), e);
        }
      }
      return live;
    }

    private void add(PartitionSpec spec, StructLike partition, Long sequence) {
      // an unknown sequence number (never expected in a committed manifest) counts as the lowest
      long seq = sequence == null ? Long.MIN_VALUE : sequence;
      global = Math.min(global, seq);
      StructLikeMap<Long> mins =
          bySpec.computeIfAbsent(spec.specId(), id -> StructLikeMap.create(spec.partitionType()));
      Long min = mins.get(partition);
      if (min == null || seq < min) {
        mins.put(partition, seq);
      }
    }

    /** Whether a live data file that an equality delete may apply to stays. */
    boolean hasOlderThan(PartitionSpec spec, DeleteFile delete) {
      Long deleteSeq = delete.dataSequenceNumber();
      if (deleteSeq == null) {
        return true; // unknown: keep it
      }
      if (spec == null || spec.isUnpartitioned()) {
        return global < deleteSeq;
      }
      StructLikeMap<Long> mins = bySpec.get(spec.specId());
      Long min = mins == null ? null : mins.get(delete.partition());
      return min != null && min < deleteSeq;
    }
  }
}
