package io.floe.impl.plan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.floe.impl.read.RowFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.BaseFileScanTask;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ResidualEvaluator;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.StructLikeWrapper;

/**
 * Attaches equality delete files to data files by Floe's rules, on top of Iceberg's delete index.
 *
 * <p>Iceberg's planner leaves an equality delete file out of a data file's task in two cases where
 * the delete does apply, and the deleted rows come back (on reads, and for good through a
 * copy-on-write rewrite or a compaction that copies them):
 *
 * <ul>
 *   <li>it compares the files' uuid bounds signed, while Parquet orders uuids by their unsigned
 *       bytes: a data file holding {@code 00…} and {@code f4…} looks empty to it, and a delete of
 *       {@code ae…} is dropped; and Iceberg's own writers record uuid bounds in the signed order (a
 *       delete file of {@code 00…01}, {@code 80…00} and {@code f4…} gets bounds {@code [80…00,
 *       00…01]}), so no one order makes every writer's bounds hold their values: uuid bounds are
 *       not used here;
 *   <li>float and double bounds leave NaN out: a delete of {@code NaN} (with bounds from its other
 *       values, or none) is dropped from a data file that holds NaN and whose bounds lie elsewhere,
 *       although Iceberg's own equality matches NaN to NaN;
 *   <li>it filters delete files with the scan filter, on every column the delete file has
 *       statistics for, although only the equality fields decide what a delete removes: a delete
 *       written with the whole row (as CDC writers do) whose other columns differ from the live
 *       row's is dropped.
 * </ul>
 *
 * <p>Here the snapshot's live equality delete files are indexed once (per snapshot object, weakly
 * held, holding no table) and each task gets every one that can apply to its data file: a higher
 * data sequence number, the same partition (or a global delete of an unpartitioned spec), and
 * ranges that overlap on every equality field, compared in Floe's order (floats and uuids not
 * compared). Adding a delete file that matches no row costs a read, never a row; nothing is ever
 * removed from a task. Snapshots without equality deletes pay one look at their delete manifests'
 * summaries.
 */
public final class EqualityDeletes {
  private static final Cache<Snapshot, Index> INDEXES =
      Caffeine.newBuilder().weakKeys().maximumSize(16).build();
  private static final Index NONE = new Index(null, Map.of(), List.of(), Map.of(), Set.of());

  private EqualityDeletes() {}

  /**
   * The same tasks with every equality delete file that can apply to their data files.
   *
   * <p>Delete files on uuid, float or double columns are checked for every task; others only when
   * the scan had a filter (without one, Iceberg's index decides them right). The check uses the
   * data file's statistics for the equality columns when the task carries them ({@link
   * #statsColumns}) and otherwise attaches every delete file that the sequence numbers and
   * partition allow.
   *
   * @param table the table
   * @param snapshot the snapshot the tasks were planned from (null: tasks returned as they are)
   * @param filter the filter the tasks were planned with
   * @param tasks tasks planned by Iceberg
   * @return the completed tasks
   */
  public static CloseableIterable<FileScanTask> complete(
      Table table, Snapshot snapshot, Expression filter, CloseableIterable<FileScanTask> tasks) {
    Index index = index(table, snapshot);
    boolean filtered = filtered(filter);
    return index == NONE || (!filtered && !index.misjudged)
        ? tasks
        : CloseableIterable.transform(tasks, task -> index.complete(task, filtered));
  }

  /**
   * One task with every equality delete file that can apply to its data file, as {@link
   * #complete(Table, Snapshot, Expression, CloseableIterable)}.
   *
   * @param table the table
   * @param snapshot the snapshot the task was planned from (null: returned as it is)
   * @param filter the filter the task was planned with
   * @param task a task planned by Iceberg
   * @return the completed task
   */
  public static FileScanTask complete(
      Table table, Snapshot snapshot, Expression filter, FileScanTask task) {
    return index(table, snapshot).complete(task, filtered(filter));
  }

  /**
   * The columns whose statistics let {@link #complete} attach only the delete files that can match:
   * the equality columns of the snapshot's equality deletes, by name in the current schema.
   *
   * @param table the table
   * @param snapshot the snapshot
   * @return the column names; empty when the snapshot has no equality deletes
   */
  public static Set<String> statsColumns(Table table, Snapshot snapshot) {
    Index index = index(table, snapshot);
    Set<String> names = new java.util.TreeSet<>();
    for (int id : index.equalityIds) {
      String name = table.schema().findColumnName(id);
      if (name != null) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean filtered(Expression filter) {
    return filter != null && filter.op() != Expression.Operation.TRUE;
  }

  private static Index index(Table table, Snapshot snapshot) {
    if (snapshot == null || !hasEqualityDeletes(table, snapshot)) {
      return NONE;
    }
    return INDEXES.get(snapshot, s -> build(table, s));
  }

  /** Whether the snapshot may hold equality deletes (v1 tables and data-only snapshots do not). */
  private static boolean hasEqualityDeletes(Table table, Snapshot snapshot) {
    List<ManifestFile> manifests = snapshot.deleteManifests(table.io());
    if (manifests.isEmpty()) {
      return false;
    }
    String count =
        snapshot.summary() == null
            ? null
            : snapshot.summary().get(org.apache.iceberg.SnapshotSummary.TOTAL_EQ_DELETES_PROP);
    return count == null || !"0".equals(count);
  }

  private static Index build(Table table, Snapshot snapshot) {
    Map<Integer, PartitionSpec> specs = table.specs();
    List<Entry> global = new ArrayList<>();
    Map<Integer, Map<StructLikeWrapper, List<Entry>>> byPartition = new HashMap<>();
    for (ManifestFile manifest : snapshot.deleteManifests(table.io())) {
      try (ManifestReader<DeleteFile> reader =
          ManifestFiles.readDeleteManifest(manifest, table.io(), specs)) {
        for (DeleteFile file : reader) {
          if (file.content() != FileContent.EQUALITY_DELETES) {
            continue;
          }
          DeleteFile copy = file.copy();
          PartitionSpec spec = specs.get(copy.specId());
          Entry entry = new Entry(copy, sequence(copy));
          if (spec == null || spec.isUnpartitioned()) {
            global.add(entry);
          } else {
            byPartition
                .computeIfAbsent(copy.specId(), id -> new HashMap<>())
                .computeIfAbsent(
                    StructLikeWrapper.forType(spec.partitionType()).set(copy.partition()),
                    k -> new ArrayList<>())
                .add(entry);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read delete manifest " + manifest.path(), e);
      }
    }
    if (global.isEmpty() && byPartition.isEmpty()) {
      return NONE;
    }
    Map<Integer, Types.NestedField> fields = fieldsById(table);
    Set<Integer> equalityIds = new HashSet<>();
    global.forEach(e -> equalityIds.addAll(e.file().equalityFieldIds()));
    byPartition
        .values()
        .forEach(
            m ->
                m.values()
                    .forEach(l -> l.forEach(e -> equalityIds.addAll(e.file().equalityFieldIds()))));
    return new Index(Map.copyOf(specs), fields, global, byPartition, Set.copyOf(equalityIds));
  }

  /** Every field of every schema, by id, the current schema's first (equality ids may be old). */
  private static Map<Integer, Types.NestedField> fieldsById(Table table) {
    Map<Integer, Types.NestedField> fields = new HashMap<>();
    List<Schema> schemas = new ArrayList<>(table.schemas().values());
    schemas.remove(table.schema());
    schemas.add(table.schema());
    for (Schema schema : schemas) {
      for (Types.NestedField field :
          org.apache.iceberg.types.TypeUtil.indexById(schema.asStruct()).values()) {
        fields.put(field.fieldId(), field);
      }
    }
    return fields;
  }

  private static long sequence(ContentFile<?> file) {
    Long seq = file.dataSequenceNumber();
    return seq == null ? 0L : seq;
  }

  private record Entry(DeleteFile file, long sequence) {}

  private static final class Index {
    private final Map<Integer, PartitionSpec> specs;
    private final Map<Integer, Types.NestedField> fields;
    private final List<Entry> global;
    private final Map<Integer, Map<StructLikeWrapper, List<Entry>>> byPartition;
    private final Map<Integer, ThreadLocal<StructLikeWrapper>> wrappers =
        new java.util.concurrent.ConcurrentHashMap<>();
    final Set<Integer> equalityIds;

    /** Whether some equality column is of a type Iceberg's index misjudges without a filter. */
    final boolean misjudged;

    Index(
        Map<Integer, PartitionSpec> specs,
        Map<Integer, Types.NestedField> fields,
        List<Entry> global,
        Map<Integer, Map<StructLikeWrapper, List<Entry>>> byPartition,
        Set<Integer> equalityIds) {
      this.specs = specs;
      this.fields = fields;
      this.global = global;
      this.byPartition = byPartition;
      this.equalityIds = equalityIds;
      this.misjudged =
          equalityIds.stream().anyMatch(id -> EqualityDeletes.misjudged(fields.get(id)));
    }

    private boolean misjudgedFile(DeleteFile delete) {
      for (int id : delete.equalityFieldIds()) {
        if (EqualityDeletes.misjudged(fields.get(id))) {
          return true;
        }
      }
      return false;
    }

    FileScanTask complete(FileScanTask task, boolean filtered) {
      if (this == NONE || (!filtered && !misjudged)) {
        return task;
      }
      DataFile data = task.file();
      long seq = sequence(data);
      List<DeleteFile> missing = null;
      Set<String> present = null;
      for (List<Entry> entries : candidates(data)) {
        for (Entry entry : entries) {
          if (entry.sequence() <= seq
              || (!filtered && !misjudgedFile(entry.file()))
              || !canApply(data, entry.file())) {
            continue;
          }
          if (present == null) {
            present = new HashSet<>();
            for (DeleteFile d : task.deletes()) {
              present.add(d.location());
            }
          }
          if (present.add(entry.file().location())) {
            if (missing == null) {
              missing = new ArrayList<>();
            }
            missing.add(entry.file());
          }
        }
      }
      if (missing == null) {
        return task;
      }
      List<DeleteFile> deletes = new ArrayList<>(task.deletes());
      deletes.addAll(missing);
      String[] json = Planner.json(task.spec());
      return new BaseFileScanTask(
          data,
          deletes.toArray(new DeleteFile[0]),
          json[0],
          json[1],
          ResidualEvaluator.unpartitioned(task.residual()));
    }

    private List<List<Entry>> candidates(DataFile data) {
      List<List<Entry>> lists = new ArrayList<>(2);
      if (!global.isEmpty()) {
        lists.add(global);
      }
      Map<StructLikeWrapper, List<Entry>> partitions = byPartition.get(data.specId());
      if (partitions != null) {
        PartitionSpec spec = specs.get(data.specId());
        StructLikeWrapper key =
            wrappers
                .computeIfAbsent(
                    data.specId(),
                    id ->
                        ThreadLocal.withInitial(
                            () -> StructLikeWrapper.forType(spec.partitionType())))
                .get();
        List<Entry> entries = partitions.get(key.set(data.partition()));
        if (entries != null) {
          lists.add(entries);
        }
      }
      return lists;
    }

    /**
     * Iceberg's statistics test, with Floe's order: false only when no equality value can match.
     */
    private boolean canApply(DataFile data, DeleteFile delete) {
      for (int id : delete.equalityFieldIds()) {
        Types.NestedField field = fields.get(id);
        if (field == null || !field.type().isPrimitiveType()) {
          continue;
        }
        boolean dataNulls = mayHoldNull(data, field);
        boolean deleteNulls = mayHoldNull(delete, field);
        if (dataNulls && deleteNulls) {
          continue;
        }
        if (allNull(data, field) && !deleteNulls) {
          return false;
        }
        if (allNull(delete, field) && !dataNulls) {
          return false;
        }
        ByteBuffer dataLower = bound(data.lowerBounds(), id);
        ByteBuffer dataUpper = bound(data.upperBounds(), id);
        ByteBuffer deleteLower = bound(delete.lowerBounds(), id);
        ByteBuffer deleteUpper = bound(delete.upperBounds(), id);
        if (dataLower == null || dataUpper == null || deleteLower == null || deleteUpper == null) {
          continue;
        }
        Type.PrimitiveType type = field.type().asPrimitiveType();
        if (!overlap(type, dataLower, dataUpper, deleteLower, deleteUpper)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Whether Iceberg's delete index can drop a delete file on this column that does apply: uuid
   * bounds compared signed, and float/double bounds that leave NaN out (a delete of NaN has bounds
   * that miss a data file whose only other values lie elsewhere, and Iceberg's equality matches NaN
   * to NaN).
   */
  private static boolean misjudged(Types.NestedField field) {
    if (field == null) {
      return false;
    }
    Type.TypeID type = field.type().typeId();
    return type == Type.TypeID.UUID || type == Type.TypeID.FLOAT || type == Type.TypeID.DOUBLE;
  }

  private static ByteBuffer bound(Map<Integer, ByteBuffer> bounds, int id) {
    return bounds == null ? null : bounds.get(id);
  }

  private static boolean mayHoldNull(ContentFile<?> file, Types.NestedField field) {
    if (field.isRequired()) {
      return false;
    }
    Long nulls =
        file.nullValueCounts() == null ? null : file.nullValueCounts().get(field.fieldId());
    return nulls == null || nulls > 0;
  }

  private static boolean allNull(ContentFile<?> file, Types.NestedField field) {
    if (field.isRequired() || file.nullValueCounts() == null || file.valueCounts() == null) {
      return false;
    }
    Long nulls = file.nullValueCounts().get(field.fieldId());
    Long values = file.valueCounts().get(field.fieldId());
    return nulls != null && nulls.equals(values);
  }

  private static boolean overlap(
      Type.PrimitiveType type,
      ByteBuffer dataLower,
      ByteBuffer dataUpper,
      ByteBuffer deleteLower,
      ByteBuffer deleteUpper) {
    if (type.typeId() == Type.TypeID.FLOAT
        || type.typeId() == Type.TypeID.DOUBLE
        || type.typeId() == Type.TypeID.UUID) {
      // NaN is kept out of bounds and -0.0/0.0 bounds are not reliable across writers; uuid bounds
      // are ordered signed by some writers (Java's UUID.compareTo: both halves signed) and unsigned
      // by others (Parquet), and a signed range read unsigned can leave out values it holds:
      // assume a match
      return true;
    }
    // Floe's one order (RowFilter): uuids and bytes unsigned, strings by code point
    Comparator<Object> comparator = RowFilter::compare;
    Object dl = Conversions.fromByteBuffer(type, dataLower);
    Object du = Conversions.fromByteBuffer(type, dataUpper);
    Object xl = Conversions.fromByteBuffer(type, deleteLower);
    Object xu = Conversions.fromByteBuffer(type, deleteUpper);
    return comparator.compare(xl, du) <= 0 && comparator.compare(dl, xu) <= 0;
  }
}
