package io.floe.impl.read;

import io.floe.Row;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.RowSource;
import io.floe.impl.spi.ScanPlan;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.mapping.NameMapping;

/**
 * Streams the rows of a planned scan file by file, with delete files and residual filters applied,
 * as {@link Row}s of the scan's projection: through a {@link RowSource} (sdk-parquet's Arrow
 * decoder) when one is on the class path and reads the file, else through Iceberg's generic reader.
 * Holds one open file at a time; each call to {@link #iterator()} reads the plan's tasks anew (they
 * are planned once).
 */
final class RowIterable implements CloseableIterable<Row> {
  private final ScanPlan plan;
  private final String name;
  private final FileIO io;
  private final NameMapping nameMapping;
  private final List<CloseableIterator<Row>> open = new ArrayList<>();

  /**
   * The faster reader of data files on the class path (sdk-parquet's Arrow decoder), tried file by
   * file before Iceberg's generic reader.
   */
  private static final Optional<RowSource> SOURCE = ParquetRecords.SOURCE;

  /**
   * Reads a plan's tasks.
   *
   * @param plan the plan (its tasks are planned on the first {@code hasNext()})
   */
  RowIterable(ScanPlan plan) {
    this.plan = plan;
    this.name = plan.tableName();
    this.io = plan.io();
    this.nameMapping = plan.nameMapping().orElse(null);
  }

  @Override
  public CloseableIterator<Row> iterator() {
    RowIterator it = new RowIterator();
    synchronized (open) {
      open.add(it);
    }
    return it;
  }

  @Override
  public void close() throws IOException {
    synchronized (open) {
      for (CloseableIterator<Row> it : open) {
        it.close();
      }
      open.clear();
    }
  }

  private final class RowIterator implements CloseableIterator<Row> {
    private Iterator<FileScanTask> taskIterator;

    /** The faster reader of the plan's files (sdk-parquet's), or null for none. */
    private RowSource.Files fast;

    private boolean fastOpened;
    private Closeable currentFile;
    private CloseableIterator<Row> current;
    private RecordRow.Layout layout;

    /** The task whose data file is being opened or read, for errors. */
    private FileScanTask reading;

    private long returned;
    private boolean closed;

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      if (returned >= plan.limit()) {
        closeQuietly();
        return false;
      }
      try {
        while (current == null || !current.hasNext()) {
          closeCurrent();
          reading = null;
          if (taskIterator == null) {
            taskIterator = plan.tasks().iterator();
          }
          if (!taskIterator.hasNext()) {
            // at the end: the faster reader's memory goes back now, not only on close
            releaseFast();
            return false;
          }
          reading = taskIterator.next();
          openTask(reading);
        }
        return true;
      } catch (RuntimeException e) {
        closeQuietly();
        throw failure(e);
      }
    }

    /**
     * A failure while a data file is open names the file; any other is translated for the table.
     */
    private RuntimeException failure(RuntimeException e) {
      return reading == null
          ? Errors.translate(name, e)
          : Errors.dataFileRead(name, reading.file().location(), !reading.deletes().isEmpty(), e);
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      returned++;
      try {
        return current.next();
      } catch (RuntimeException e) {
        closeQuietly();
        throw failure(e);
      }
    }

    private void openTask(FileScanTask task) {
      if (!fastOpened) {
        fastOpened = true;
        if (plan.dataFiles()) {
          fast = SOURCE.flatMap(source -> source.open(plan)).orElse(null);
        }
      }
      if (fast != null) {
        Optional<CloseableIterator<Row>> rows = fast.open(task);
        if (rows.isPresent()) {
          current = rows.get();
          currentFile = current;
          return;
        }
      }
      GenericDeleteFilter deletes =
          FloeDeleteLoader.rows(name, io, task, plan.tableSchema(), plan.requested());
      Schema readSchema = deletes.requiredSchema();
      CloseableIterable<Record> records =
          DataFileRecords.open(name, io, task, readSchema, plan.caseSensitive(), nameMapping);
      records = deletes.filter(records);
      Expression residual = task.residual();
      if (residual != null && residual.op() != Expression.Operation.TRUE) {
        // deletes first, then Floe's filter semantics (RowFilter), never Iceberg's Evaluator
        InternalRecordWrapper wrapper = new InternalRecordWrapper(readSchema.asStruct());
        RowFilter filter = RowFilter.of(readSchema.asStruct(), residual, plan.caseSensitive());
        records = CloseableIterable.filter(records, r -> filter.test(wrapper.wrap(r)));
      }
      if (layout == null || !layout.matches(readSchema)) {
        layout = RecordRow.Layout.of(plan.projected(), readSchema);
      }
      RecordRow.Layout rowLayout = layout;
      currentFile = records;
      current = CloseableIterator.transform(records.iterator(), r -> new RecordRow(rowLayout, r));
    }

    private void releaseFast() {
      if (fast != null) {
        RowSource.Files files = fast;
        fast = null;
        files.close();
      }
    }

    private void closeCurrent() {
      if (currentFile != null) {
        try {
          currentFile.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          currentFile = null;
          current = null;
        }
      }
    }

    private void closeQuietly() {
      try {
        close();
      } catch (IOException | RuntimeException ignored) {
        // already failing
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        closeCurrent();
      } finally {
        releaseFast();
      }
    }
  }
}
