package io.floe.impl.evolve;

import io.floe.ChangelogScan;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.impl.read.ValueRow;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.ScanPlan;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.BaseFileScanTask;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.ResidualEvaluator;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * A changelog scan that, unlike Iceberg's own, works with delete files. Commit by commit:
 *
 * <ul>
 *   <li>rows of data files the commit removed are deletes (read with the deletes live before it);
 *   <li>rows of data files whose delete files the commit changed are deletes when they were live
 *       before and are not after (both reads are in file order, compared by row position);
 *   <li>rows of data files the commit added are inserts (read with the deletes live after it);
 *   <li>within the commit, a delete and an insert with the same identifier (all values when the
 *       table has none) become an update pair, or nothing when identical (copy-on-write
 *       carry-over).
 * </ul>
 *
 * {@code replace} commits (compaction) change no row and are skipped.
 */
public final class ChangelogScanImpl extends RangeScan<ChangelogScan> implements ChangelogScan {
  private static final Types.NestedField[] CHANGE_COLUMNS = {
    MetadataColumns.CHANGE_TYPE, MetadataColumns.CHANGE_ORDINAL, MetadataColumns.COMMIT_SNAPSHOT_ID
  };

  private ChangelogScanImpl(String name, Table table, ScanRange range) {
    super(name, table, range);
  }

  /**
   * A changelog scan of the whole main branch.
   *
   * @param name the table's full name
   * @param table the table
   * @return the scan
   */
  public static ChangelogScanImpl of(String name, Table table) {
    return new ChangelogScanImpl(name, table, ScanRange.ALL);
  }

  @Override
  public <T> io.floe.ObjectStream<T> as(Class<T> type) {
    Objects.requireNonNull(type, "type");
    ChangelogScanImpl scan = this;
    if (range.columns() == null) {
      // read only the table columns the class needs (the change columns always come)
      List<String> needed =
          io.floe.impl.read.ObjectReader.columns(name, type, schema()).stream()
              .filter(c -> Arrays.stream(CHANGE_COLUMNS).noneMatch(f -> f.name().equals(c)))
              .toList();
      scan = needed.isEmpty() ? this : with(range.select(needed));
    }
    ScanPlan plan = scan.plan();
    return io.floe.impl.read.ObjectReader.of(name, type, plan.projected())
        .read(RowStream.of(plan.rows()));
  }

  @Override
  public Schema schema() {
    Schema projection = Ranges.projection(name, table.schema(), range.columns());
    List<Types.NestedField> fields = new ArrayList<>(projection.columns());
    fields.addAll(Arrays.asList(CHANGE_COLUMNS));
    return new Schema(fields);
  }

  @Override
  public RowStream rows() {
    return RowStream.of(plan().rows());
  }

  @Override
  ChangelogScanImpl with(ScanRange refined) {
    return new ChangelogScanImpl(name, table, refined);
  }

  @Override
  String kind() {
    return "Changelog scan";
  }

  @Override
  public String toString() {
    return "ChangelogScan{" + name + ", " + range.bounds() + "}";
  }

  /**
   * Plans the changelog: validates the columns, filter and range now; the changes are planned
   * snapshot by snapshot as they are read, so the plan has no file tasks.
   */
  @Override
  public ScanPlan plan() {
    Schema tableSchema = table.schema();
    Schema projection = Ranges.projection(name, tableSchema, range.columns());
    Schema output = schema();
    Expression filter = range.filter();
    Schema data =
        Ranges.readSchema(name, tableSchema, projection, filter, tableSchema.identifierFieldIds());
    Snapshot end = Ranges.end(name, table, range.to(), null);
    List<Snapshot> snapshots = new ArrayList<>();
    for (Snapshot snapshot :
        Ranges.between(name, table, range.fromExclusive(), range.fromInclusive(), end)) {
      if (!DataOperations.REPLACE.equals(snapshot.operation())) {
        snapshots.add(snapshot);
      }
    }
    return ScanPlan.builder(name, table)
        .snapshot(end)
        .requested(data)
        .projected(output)
        .filter(filter)
        .rows(plan -> changes(new Context(tableSchema, projection, output, data), snapshots))
        .build();
  }

  private CloseableIterable<Row> changes(Context context, List<Snapshot> range) {
    return new CloseableIterable<>() {
      private final List<Changes> open = new ArrayList<>();

      @Override
      public CloseableIterator<Row> iterator() {
        Changes changes = new Changes(context, range);
        open.add(changes);
        return changes;
      }

      @Override
      public void close() throws IOException {
        for (Changes changes : open) {
          changes.close();
        }
        open.clear();
      }
    };
  }

  /** What is fixed for one run: schemas and positions. */
  private final class Context {
    final Schema data;
    final Schema dataWithPos;
    final Types.StructType output;
    final int[] outputPositions;
    final int[] keyPositions;

    Context(Schema tableSchema, Schema projection, Schema output, Schema data) {
      this.data = data;
      this.dataWithPos = TypeUtil.join(data, new Schema(MetadataColumns.ROW_POSITION));
      this.output = output.asStruct();
      List<Types.NestedField> dataFields = data.columns();
      this.outputPositions =
          projection.columns().stream().mapToInt(f -> indexOf(dataFields, f.fieldId())).toArray();
      Set<Integer> ids = tableSchema.identifierFieldIds();
      int[] keys =
          dataFields.stream()
              .filter(f -> ids.contains(f.fieldId()))
              .mapToInt(f -> indexOf(dataFields, f.fieldId()))
              .toArray();
      this.keyPositions = keys.length == 0 ? null : keys;
    }

    private int indexOf(List<Types.NestedField> fields, int id) {
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).fieldId() == id) {
          return i;
        }
      }
      return -1;
    }

    Object key(Object[] values) {
      if (keyPositions == null) {
        return Arrays.asList(values);
      }
      Object[] key = new Object[keyPositions.length];
      for (int i = 0; i < key.length; i++) {
        key[i] = values[keyPositions[i]];
      }
      return Arrays.asList(key);
    }

    Row row(Object[] values, ChangeType type, int ordinal, long snapshotId) {
      Object[] out = new Object[outputPositions.length + 3];
      for (int i = 0; i < outputPositions.length; i++) {
        out[i] = values[outputPositions[i]];
      }
      out[outputPositions.length] = type.name();
      out[outputPositions.length + 1] = ordinal;
      out[outputPositions.length + 2] = snapshotId;
      return ValueRow.of(output, out);
    }
  }

  /** A row read for the changelog: its data values and whether it passes the filter. */
  private record Change(Object[] values, boolean matches) {}

  /** Streams the changes of the range, one commit at a time. */
  private final class Changes implements CloseableIterator<Row> {
    private final Context context;
    private final Iterator<Snapshot> snapshots;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private int ordinal = -1;
    private Snapshot snapshot;
    private Map<Object, ArrayDeque<Change>> deletes;
    private Iterator<FileScanTask> inserts;
    private CloseableIterable<Record> file;
    private CloseableIterator<Record> records;
    private RecordProjector projector;
    private boolean closed;

    Changes(Context context, List<Snapshot> range) {
      this.context = context;
      this.snapshots = range.iterator();
    }

    @Override
    public boolean hasNext() {
      try {
        while (ready.isEmpty() && !closed) {
          if (records != null && records.hasNext()) {
            insert(change(records.next()));
          } else if (file != null) {
            closeFile();
          } else if (inserts != null && inserts.hasNext()) {
            openFile(inserts.next(), context.data);
          } else if (inserts != null) {
            flushDeletes();
            inserts = null;
          } else if (snapshots.hasNext()) {
            startSnapshot(snapshots.next());
          } else {
            close();
          }
        }
        return !ready.isEmpty();
      } catch (IOException e) {
        throw Errors.tableIo("read changes of", name, e);
      } catch (RuntimeException e) {
        try {
          close();
        } catch (IOException | RuntimeException ignored) {
          // already failing
        }
        throw Errors.translate(name, e);
      }
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    private Change change(Record record) {
      return new Change(projector.values(record, 0), projector.matches(record));
    }

    private void openFile(FileScanTask task, Schema requested) {
      TaskReader reader = new TaskReader(table, task, requested);
      projector =
          new RecordProjector(
              reader.readSchema().asStruct(), context.data.asStruct(), range.filter(), true);
      file = reader.open();
      records = file.iterator();
    }

    private void closeFile() throws IOException {
      if (file != null) {
        try {
          file.close();
        } finally {
          file = null;
          records = null;
        }
      }
    }

    private void startSnapshot(Snapshot next) throws IOException {
      snapshot = next;
      ordinal++;
      deletes = new LinkedHashMap<>();
      SnapshotChanges delta = SnapshotChanges.builderFor(table).snapshot(snapshot).build();
      List<DataFile> added = list(delta.addedDataFiles());
      List<DataFile> removed = list(delta.removedDataFiles());
      boolean deletesChanged =
          delta.addedDeleteFiles().iterator().hasNext()
              || delta.removedDeleteFiles().iterator().hasNext();
      Map<String, FileScanTask> before =
          removed.isEmpty() && !deletesChanged || snapshot.parentId() == null
              ? Map.of()
              : plan(snapshot.parentId());
      Map<String, FileScanTask> after = deletesChanged ? plan(snapshot.snapshotId()) : Map.of();

      for (DataFile file : removed) {
        FileScanTask task = before.get(file.location());
        if (task != null) {
          readAll(task, this::buffer);
        }
      }
      if (deletesChanged) {
        Set<String> addedPaths = new HashSet<>();
        added.forEach(f -> addedPaths.add(f.location()));
        for (Map.Entry<String, FileScanTask> entry : after.entrySet()) {
          FileScanTask old = before.get(entry.getKey());
          if (old != null
              && !addedPaths.contains(entry.getKey())
              && !deleteSet(old).equals(deleteSet(entry.getValue()))) {
            diff(old, entry.getValue());
          }
        }
      }
      List<FileScanTask> insertTasks = new ArrayList<>();
      for (DataFile file : added) {
        FileScanTask task = deletesChanged ? after.get(file.location()) : noDeletes(file);
        if (task != null) {
          insertTasks.add(task);
        }
      }
      inserts = insertTasks.iterator();
    }

    private <F> List<F> list(Iterable<F> files) {
      List<F> out = new ArrayList<>();
      files.forEach(out::add);
      return out;
    }

    private Set<String> deleteSet(FileScanTask task) {
      Set<String> paths = new HashSet<>();
      for (DeleteFile delete : task.deletes()) {
        paths.add(delete.location());
      }
      return paths;
    }

    private FileScanTask noDeletes(DataFile file) {
      PartitionSpec spec = table.specs().get(file.specId());
      return new BaseFileScanTask(
          file,
          new DeleteFile[0],
          SchemaParser.toJson(table.schema()),
          PartitionSpecParser.toJson(spec),
          ResidualEvaluator.unpartitioned(Expressions.alwaysTrue()));
    }

    private Map<String, FileScanTask> plan(long snapshotId) throws IOException {
      Map<String, FileScanTask> tasks = new HashMap<>();
      // pruning with a filter Iceberg's evaluators cannot get wrong; Floe's residuals for the rows
      org.apache.iceberg.Snapshot snapshot = table.snapshot(snapshotId);
      Expression pruning =
          io.floe.impl.read.Filters.withTruncateOverflow(
              io.floe.impl.read.Filters.pruningOf(range.filter(), table.schema().asStruct(), true),
              table);
      org.apache.iceberg.TableScan scan = table.newScan().useSnapshot(snapshotId).filter(pruning);
      java.util.Set<String> equalityColumns =
          io.floe.impl.plan.EqualityDeletes.statsColumns(table, snapshot);
      if (!equalityColumns.isEmpty()) {
        scan = scan.includeColumnStats(equalityColumns);
      }
      try (CloseableIterable<FileScanTask> floe =
          io.floe.impl.plan.Planner.withFloeResiduals(
              io.floe.impl.plan.EqualityDeletes.complete(
                  table, snapshot, pruning, scan.planFiles()),
              range.filter(),
              table.schema().asStruct(),
              true)) {
        for (FileScanTask task : floe) {
          tasks.put(task.file().location(), task);
        }
      }
      return tasks;
    }

    private void readAll(FileScanTask task, java.util.function.Consumer<Change> sink)
        throws IOException {
      openFile(task, context.data);
      try {
        while (records.hasNext()) {
          sink.accept(change(records.next()));
        }
      } finally {
        closeFile();
      }
    }

    /**
     * Rows live before and not after a change of the file's deletes; both reads are in position
     * order.
     */
    private void diff(FileScanTask old, FileScanTask current) throws IOException {
      TaskReader beforeReader = new TaskReader(table, old, context.dataWithPos);
      TaskReader afterReader = new TaskReader(table, current, context.dataWithPos);
      RecordProjector beforeProjector =
          new RecordProjector(
              beforeReader.readSchema().asStruct(), context.data.asStruct(), range.filter(), true);
      int beforePos = position(beforeReader.readSchema());
      int afterPos = position(afterReader.readSchema());
      try (CloseableIterable<Record> beforeRows = beforeReader.open();
          CloseableIterable<Record> afterRows = afterReader.open()) {
        CloseableIterator<Record> after = afterRows.iterator();
        Record live = after.hasNext() ? after.next() : null;
        for (Record record : beforeRows) {
          long pos = (Long) record.get(beforePos);
          while (live != null && (Long) live.get(afterPos) < pos) {
            live = after.hasNext() ? after.next() : null;
          }
          if (live == null || (Long) live.get(afterPos) != pos) {
            buffer(new Change(beforeProjector.values(record, 0), beforeProjector.matches(record)));
          }
        }
      }
    }

    private int position(Schema schema) {
      List<Types.NestedField> fields = schema.columns();
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).fieldId() == MetadataColumns.ROW_POSITION.fieldId()) {
          return i;
        }
      }
      throw new IllegalStateException("Row position missing from " + schema);
    }

    private void buffer(Change change) {
      deletes.computeIfAbsent(context.key(change.values()), k -> new ArrayDeque<>()).add(change);
    }

    private void insert(Change inserted) {
      ArrayDeque<Change> matching = deletes.get(context.key(inserted.values()));
      Change deleted = matching == null ? null : matching.poll();
      long id = snapshot.snapshotId();
      if (deleted == null) {
        if (inserted.matches()) {
          ready.add(context.row(inserted.values(), ChangeType.INSERT, ordinal, id));
        }
      } else if (!Arrays.deepEquals(deleted.values(), inserted.values())
          && (deleted.matches() || inserted.matches())) {
        ready.add(context.row(deleted.values(), ChangeType.UPDATE_BEFORE, ordinal, id));
        ready.add(context.row(inserted.values(), ChangeType.UPDATE_AFTER, ordinal, id));
      }
    }

    private void flushDeletes() {
      long id = snapshot.snapshotId();
      for (ArrayDeque<Change> changes : deletes.values()) {
        for (Change change : changes) {
          if (change.matches()) {
            ready.add(context.row(change.values(), ChangeType.DELETE, ordinal, id));
          }
        }
      }
      deletes = null;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      closeFile();
    }
  }
}
