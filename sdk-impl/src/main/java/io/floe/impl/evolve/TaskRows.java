package io.floe.impl.evolve;

import io.floe.Row;
import io.floe.impl.spi.ScanPlan;
import java.io.IOException;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Streams the rows of a plan's file tasks, one open file at a time, with deletes and the plan's
 * filter applied, projected to its output schema.
 */
final class TaskRows implements CloseableIterable<Row> {
  private final ScanPlan plan;
  private CloseableIterator<Row> last;

  TaskRows(ScanPlan plan) {
    this.plan = plan;
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
      super(plan.tableName(), () -> CloseableIterable.withNoopClose(plan.tasks()), Long.MAX_VALUE);
    }

    @Override
    CloseableIterable<Record> open(FileScanTask task) {
      TaskReader reader = new TaskReader(plan.table(), task, plan.requested());
      if (projector == null || !projector.read().equals(reader.readSchema().asStruct())) {
        projector =
            new RecordProjector(
                reader.readSchema().asStruct(),
                plan.projected().asStruct(),
                plan.filter(),
                plan.caseSensitive());
      }
      return reader.open();
    }

    @Override
    Row convert(Record record) {
      return projector.matches(record) ? projector.row(record) : null;
    }
  }
}
