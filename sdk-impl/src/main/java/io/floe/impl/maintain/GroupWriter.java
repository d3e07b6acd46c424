package io.floe.impl.maintain;

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
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Writes the output of one rewrite group: records of the table schema into files of a given spec,
 * rolling at a given size, in the table's default file format. Not thread-safe: one per group.
 */
final class GroupWriter implements AutoCloseable {
  private static final AtomicInteger TASK_IDS = new AtomicInteger();

  private final Table table;
  private final PartitionSpec spec;
  private final PartitionKey partitionKey;
  private final InternalRecordWrapper wrapper;
  private final FanoutDataWriter<Record> writer;
  private List<DataFile> files;

  GroupWriter(Table table, Schema schema, PartitionSpec spec, SortOrder order, long targetSize) {
    this.table = table;
    this.spec = spec;
    FileFormat format = FileFormat.fromString(PropertyUtil.propertyAsString(table.properties(),
        TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(table)
        .dataFileFormat(format)
        .dataSchema(schema)
        .dataSortOrder(order)
        .build();
    OutputFileFactory outputs = OutputFileFactory.builderFor(table, spec.specId(), TASK_IDS.incrementAndGet())
        .format(format)
        .operationId("rewrite-" + UUID.randomUUID())
        .build();
    this.writer = new FanoutDataWriter<>(writers, outputs, table.io(), targetSize);
    this.partitionKey = spec.isUnpartitioned() ? null : new PartitionKey(spec, schema);
    this.wrapper = spec.isUnpartitioned() ? null : new InternalRecordWrapper(schema.asStruct());
  }

  void write(Record record) {
    if (partitionKey == null) {
      writer.write(record, spec, null);
    } else {
      partitionKey.partition(wrapper.wrap(record));
      writer.write(record, spec, partitionKey);
    }
  }

  List<DataFile> finish() {
    if (files == null) {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to close rewritten files of " + table.name(), e);
      }
      files = List.copyOf(writer.result().dataFiles());
    }
    return files;
  }

  /** Closes and deletes every file written; never throws. */
  void abort() {
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
