package io.floe.impl.evolve;

import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads the records of one planned data file with its delete files applied, in file order, as
 * generic records. The records are of {@link #readSchema()}: the requested columns plus any the
 * delete filter needs, so callers pick columns by field id.
 */
public final class TaskReader {
  private final Table table;
  private final FileScanTask task;
  private final GenericDeleteFilter deletes;

  /**
   * Prepares a read.
   *
   * @param table the table
   * @param task the planned file and the delete files that apply to it
   * @param requested the columns wanted, by field id of the table's schema
   */
  public TaskReader(Table table, FileScanTask task, Schema requested) {
    this.table = table;
    this.task = task;
    this.deletes =
        io.floe.impl.read.FloeDeleteLoader.rows(
            table.name(), table.io(), task, table.schema(), requested);
  }

  /**
   * The schema of the records {@link #open()} returns.
   *
   * @return the read schema
   */
  public Schema readSchema() {
    return deletes.requiredSchema();
  }

  /**
   * Opens the file; close the result.
   *
   * @return the live records, in file order
   */
  public CloseableIterable<Record> open() {
    return deletes.filter(
        io.floe.impl.read.DataFileRecords.open(
            table.name(), table.io(), task, readSchema(), true, null));
  }
}
