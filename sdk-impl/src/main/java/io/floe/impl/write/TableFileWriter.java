package io.floe.impl.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Writes generic records of a table's current schema into data files of its current partition
 * spec, one open file per partition, rolling to a new file at the table's target file size. Not
 * thread-safe.
 */
public final class TableFileWriter implements AutoCloseable {
  private static final AtomicInteger TASK_IDS = new AtomicInteger();

  private final Table table;
  private final PartitionSpec spec;
  private final PartitionKey partitionKey;
  private final InternalRecordWrapper wrapper;
  private final FanoutDataWriter<Record> writer;
  private List<DataFile> files;
  private long records;

  /**
   * Opens a writer for a table.
   *
   * @param table the table
   */
  public TableFileWriter(Table table) {
    this.table = table;
    Schema schema = table.schema();
    this.spec = table.spec();
    FileFormat format = FileFormat.fromString(
        PropertyUtil.propertyAsString(table.properties(), TableProperties.DEFAULT_FILE_FORMAT,
            TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    long targetSize = PropertyUtil.propertyAsLong(table.properties(),
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(table)
        .dataFileFormat(format)
        .dataSchema(schema)
        .dataSortOrder(table.sortOrder())
        .build();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 0, TASK_IDS.incrementAndGet())
        .format(format)
        .operationId(UUID.randomUUID().toString())
        .build();
    this.writer = new FanoutDataWriter<>(writers, files, table.io(), targetSize);
    this.partitionKey = spec.isUnpartitioned() ? null : new PartitionKey(spec, schema);
    this.wrapper = spec.isUnpartitioned() ? null : new InternalRecordWrapper(schema.asStruct());
  }

  /**
   * Writes one record.
   *
   * @param record a record of the table's schema
   */
  public void write(Record record) {
    if (partitionKey == null) {
      writer.write(record, spec, null);
    } else {
      partitionKey.partition(wrapper.wrap(record));
      writer.write(record, spec, partitionKey);
    }
    records++;
  }

  /**
   * The number of records written so far.
   *
   * @return the count
   */
  public long recordCount() {
    return records;
  }

  /**
   * Closes the open files and returns all files written.
   *
   * @return the data files
   */
  public List<DataFile> finish() {
    if (files == null) {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to close data files of " + table.name(), e);
      }
      DataWriteResult result = writer.result();
      files = List.copyOf(result.dataFiles());
    }
    return files;
  }

  /** Closes the open files and deletes every file written. */
  public void abort() {
    List<DataFile> written;
    try {
      written = finish();
    } catch (RuntimeException e) {
      return;
    }
    for (DataFile file : written) {
      try {
        table.io().deleteFile(file.location());
      } catch (RuntimeException e) {
        // best effort: orphan-file removal picks up what is left
      }
    }
  }

  @Override
  public void close() {
    finish();
  }
}
