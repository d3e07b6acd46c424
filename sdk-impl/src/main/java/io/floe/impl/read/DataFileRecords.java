package io.floe.impl.read;

import io.floe.UnsupportedFeatureException;
import io.floe.impl.spi.RowSource;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.NameMapping;

/**
 * Opens the split of one planned data file (Parquet or Avro) as generic records of a read schema,
 * with the task's partition values as constants; Parquet row groups are pruned by the task's
 * residual with Floe's semantics (the exact filter is applied by the caller). Deletes are not
 * applied here. Parquet goes through {@link ParquetRecords} (Floe's decoder when sdk-parquet is
 * present).
 */
public final class DataFileRecords {
  private DataFileRecords() {}

  /**
   * Opens a task's data file.
   *
   * @param table the table's name, for messages
   * @param io the table's file IO
   * @param task the planned file
   * @param readSchema the columns to read
   * @param caseSensitive how the residual's column names bind
   * @param nameMapping maps file columns without field ids to the table's, or null
   * @return the records, in file order; close them
   * @throws UnsupportedFeatureException when the file is neither Parquet nor Avro
   */
  public static CloseableIterable<Record> open(
      String table,
      FileIO io,
      FileScanTask task,
      Schema readSchema,
      boolean caseSensitive,
      NameMapping nameMapping) {
    Map<Integer, ?> constants = PartitionConstants.of(task);
    switch (task.file().format()) {
      case PARQUET:
        return ParquetRecords.open(
            new RowSource.FileRead(
                table,
                io,
                task,
                readSchema,
                // the filter the row-group filters (statistics, dictionaries, Bloom filters) prune
                // with
                Filters.pruningOf(task.residual(), readSchema.asStruct(), caseSensitive),
                caseSensitive,
                nameMapping),
            constants);
      case AVRO:
        InputFile input = io.newInputFile(task.file().location(), task.file().fileSizeInBytes());
        Avro.ReadBuilder avro = Avro.read(input);
        if (nameMapping != null) {
          avro = avro.withNameMapping(nameMapping);
        }
        return avro.project(readSchema)
            .createResolvingReader(schema -> PlannedDataReader.create(schema, constants))
            .split(task.start(), task.length())
            .build();
      default:
        throw ReadErrors.unsupportedFileFormat(table, task.file().format(), task.file().location());
    }
  }
}
