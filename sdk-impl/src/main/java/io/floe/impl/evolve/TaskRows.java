package io.floe.impl.evolve;

import io.floe.Row;
import io.floe.impl.Errors;
import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Streams the rows of planned file tasks, one open file at a time, with deletes and a row filter
 * applied, projected to an output schema.
 */
final class TaskRows implements CloseableIterable<Row> {
  private final String name;
  private final Table table;
  private final Supplier<CloseableIterable<FileScanTask>> planner;
  private final Schema readSchema;
  private final Schema output;
  private final Expression filter;
  private final boolean caseSensitive;
  private CloseableIterator<Row> last;

  TaskRows(String name, Table table, Supplier<CloseableIterable<FileScanTask>> planner, Schema readSchema,
      Schema output, Expression filter, boolean caseSensitive) {
    this.name = name;
    this.table = table;
    this.planner = planner;
    this.readSchema = readSchema;
    this.output = output;
    this.filter = filter;
    this.caseSensitive = caseSensitive;
  }

  @Override
  public CloseableIterator<Row> iterator() {
    last = new Rows();
    return last;
  }

  @Override
  public void close() throws IOException {
    if (last != null) {
      last.close();
    }
  }

  private final class Rows implements CloseableIterator<Row> {
    private CloseableIterable<FileScanTask> tasks;
    private CloseableIterator<FileScanTask> taskIterator;
    private CloseableIterable<Record> file;
    private CloseableIterator<Record> records;
    private RecordProjector projector;
    private Row next;
    private boolean closed;

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (closed) {
        return false;
      }
      try {
        while (true) {
          if (records != null && records.hasNext()) {
            Record record = records.next();
            if (projector.matches(record)) {
              next = projector.row(record);
              return true;
            }
            continue;
          }
          closeFile();
          if (taskIterator == null) {
            tasks = planner.get();
            taskIterator = tasks.iterator();
          }
          if (!taskIterator.hasNext()) {
            close();
            return false;
          }
          TaskReader reader = new TaskReader(table, taskIterator.next(), readSchema);
          if (projector == null || !projector.read().equals(reader.readSchema().asStruct())) {
            projector = new RecordProjector(reader.readSchema().asStruct(), output.asStruct(), filter, caseSensitive);
          }
          file = reader.open();
          records = file.iterator();
        }
      } catch (IOException e) {
        throw Errors.io("read", name, e);
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
      Row row = next;
      next = null;
      return row;
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

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        closeFile();
      } finally {
        if (tasks != null) {
          tasks.close();
        }
      }
    }
  }
}
