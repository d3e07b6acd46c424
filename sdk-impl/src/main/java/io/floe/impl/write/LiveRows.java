package io.floe.impl.write;

import io.floe.impl.read.FloeDeleteLoader;
import io.floe.impl.read.ParquetRecords;
import io.floe.impl.read.PartitionConstants;
import io.floe.impl.spi.RowSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.types.Types;

/**
 * Reads the live rows of one whole data file (its delete files applied) together with each row's
 * position in the file, for row-level changes. Parquet files are read by {@link ParquetRecords}
 * (Floe's decoder when sdk-parquet is on the class path).
 */
final class LiveRows {
  private LiveRows() {}

  /**
   * An open read: the schema of its records (the projection, delete columns, then {@code _pos}).
   */
  record Read(Schema schema, int posIndex, CloseableIterable<Record> rows) {}

  /**
   * Opens the live rows of a file.
   *
   * @param table the table
   * @param task the whole-file task (from {@code planFiles()}), with its delete files
   * @param projection the columns wanted
   * @param rowGroupFilter a filter to skip row groups that cannot match, or alwaysTrue
   * @param caseSensitive whether the filter's names are case sensitive
   * @return the read
   */
  static Read open(
      Table table,
      FileScanTask task,
      Schema projection,
      Expression rowGroupFilter,
      boolean caseSensitive) {
    List<Types.NestedField> columns = new ArrayList<>(projection.columns());
    if (projection.findField(MetadataColumns.ROW_POSITION.fieldId()) == null) {
      columns.add(MetadataColumns.ROW_POSITION);
    }
    Schema requested = new Schema(columns);
    GenericDeleteFilter deletes =
        FloeDeleteLoader.rows(table.name(), table.io(), task, table.schema(), requested);
    Schema readSchema = deletes.requiredSchema();
    Map<Integer, ?> constants = PartitionConstants.of(task);
    CloseableIterable<Record> rows;
    switch (task.file().format()) {
      case PARQUET:
        rows =
            ParquetRecords.open(
                new RowSource.FileRead(
                    table.name(),
                    table.io(),
                    task,
                    readSchema,
                    rowGroupFilter,
                    caseSensitive,
                    null),
                constants);
        break;
      case AVRO:
        InputFile input =
            table.io().newInputFile(task.file().location(), task.file().fileSizeInBytes());
        rows =
            Avro.read(input)
                .project(readSchema)
                .createResolvingReader(schema -> PlannedDataReader.create(schema, constants))
                .build();
        break;
      default:
        throw WriteErrors.cannotChangeRows(
            table.name(), task.file().format(), task.file().location());
    }
    int posIndex =
        readSchema.columns().indexOf(readSchema.findField(MetadataColumns.ROW_POSITION.fieldId()));
    return new Read(readSchema, posIndex, deletes.filter(rows));
  }
}
