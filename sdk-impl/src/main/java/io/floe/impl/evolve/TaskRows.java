package io.floe.impl.evolve;

import io.floe.Row;
import java.io.IOException;
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

  TaskRows(
      String name,
      Table table,
      Supplier<CloseableIterable<FileScanTask>> planner,
      Schema readSchema,
      Schema output,
      Expression filter,
      boolean caseSensitive) {
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

  private final class Rows extends TaskIterator<Record, Row> {
    private RecordProjector projector;

    Rows() {
      super(name, planner, Long.MAX_VALUE);
    }

    @Override
    CloseableIterable<Record> open(FileScanTask task) {
      TaskReader reader = new TaskReader(table, task, readSchema);
      if (projector == null || !projector.read().equals(reader.readSchema().asStruct())) {
        projector =
            new RecordProjector(
                reader.readSchema().asStruct(), output.asStruct(), filter, caseSensitive);
      }
      return reader.open();
    }

    @Override
    Row convert(Record record) {
      return projector.matches(record) ? projector.row(record) : null;
    }
  }
}
