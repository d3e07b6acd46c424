package io.floe.impl.evolve;

import io.floe.UnsupportedFeatureException;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.Parquet;

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
        io.floe.impl.read.EqualityDeleteLoader.rows(table.io(), task, table.schema(), requested);
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
    Schema readSchema = readSchema();
    InputFile input =
        table.io().newInputFile(task.file().location(), task.file().fileSizeInBytes());
    Map<Integer, ?> constants = io.floe.impl.read.PartitionConstants.of(task);
    Expression residual = task.residual() == null ? Expressions.alwaysTrue() : task.residual();
    CloseableIterable<Record> records;
    switch (task.file().format()) {
      case PARQUET:
        records =
            Parquet.read(input)
                .project(readSchema)
                .createReaderFunc(
                    fileSchema ->
                        GenericParquetReaders.buildReader(readSchema, fileSchema, constants))
                .split(task.start(), task.length())
                .filter(io.floe.impl.read.Filters.pruningOf(residual, readSchema.asStruct(), true))
                .build();
        break;
      case AVRO:
        records =
            Avro.read(input)
                .project(readSchema)
                .createResolvingReader(schema -> PlannedDataReader.create(schema, constants))
                .split(task.start(), task.length())
                .build();
        break;
      default:
        throw new UnsupportedFeatureException(
            "Cannot read "
                + task.file().format()
                + " file "
                + task.file().location()
                + " of table "
                + table.name()
                + ": Floe reads Parquet and Avro data files",
            null);
    }
    return deletes.filter(records);
  }
}
