package io.floe.impl.read;

import io.floe.UnsupportedFeatureException;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.parquet.Parquet;

/**
 * Opens the split of one planned data file (Parquet or Avro) as generic records of a read schema,
 * with the task's partition values as constants; Parquet row groups are pruned by the task's
 * residual with Floe's semantics (the exact filter is applied by the caller). Deletes are not
 * applied here.
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
    InputFile input = io.newInputFile(task.file().location(), task.file().fileSizeInBytes());
    Map<Integer, ?> constants = PartitionConstants.of(task);
    switch (task.file().format()) {
      case PARQUET:
        Parquet.ReadBuilder parquet = Parquet.read(input);
        if (nameMapping != null) {
          parquet = parquet.withNameMapping(nameMapping);
        }
        return parquet
            .project(readSchema)
            .createReaderFunc(
                fileSchema -> GenericParquetReaders.buildReader(readSchema, fileSchema, constants))
            .split(task.start(), task.length())
            .caseSensitive(caseSensitive)
            // the filter Iceberg's row-group filters (statistics, dictionaries, Bloom filters)
            // prune with
            .filter(Filters.pruningOf(task.residual(), readSchema.asStruct(), caseSensitive))
            .build();
      case AVRO:
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
