package io.floe.impl.write;

import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.encryption.EncryptionKeyMetadata;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileWriterFactory;

/**
 * Data file writers for generic records: Parquet data files go through Floe's {@link
 * ParquetFileAppender} (so per-column dictionary settings apply), everything else (other formats,
 * encrypted files, delete files) through Iceberg's {@link GenericFileWriterFactory}. Thread-safe
 * (each writer it creates is not).
 */
final class RecordFileWriters implements FileWriterFactory<Record> {
  private final FileFormat format;
  private final Schema schema;
  private final SortOrder sortOrder;
  private final Map<String, String> props;
  private final MetricsConfig metrics;
  private final GenericFileWriterFactory iceberg;

  RecordFileWriters(
      Table table,
      FileFormat format,
      Schema schema,
      SortOrder sortOrder,
      Map<String, String> overrides) {
    this.format = format;
    this.schema = schema;
    this.sortOrder = sortOrder;
    Map<String, String> merged = new HashMap<>(table.properties());
    merged.putAll(overrides);
    this.props = Map.copyOf(merged);
    this.metrics = MetricsConfig.forTable(table);
    this.iceberg =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(format)
            .dataSchema(schema)
            .dataSortOrder(sortOrder)
            .writerProperties(overrides)
            .build();
  }

  private static boolean plaintext(EncryptedOutputFile file) {
    EncryptionKeyMetadata key = file.keyMetadata();
    return key == null || key.buffer() == null || !key.buffer().hasRemaining();
  }

  @Override
  public DataWriter<Record> newDataWriter(
      EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
    if (format != FileFormat.PARQUET || !plaintext(file)) {
      return iceberg.newDataWriter(file, spec, partition);
    }
    ParquetFileAppender<Record> appender =
        ParquetFileAppender.rows(
            file.encryptingOutputFile(), schema, props, metrics, GenericParquetWriter::create);
    return new DataWriter<>(
        appender,
        FileFormat.PARQUET,
        file.encryptingOutputFile().location(),
        spec,
        partition,
        file.keyMetadata(),
        sortOrder);
  }

  @Override
  public EqualityDeleteWriter<Record> newEqualityDeleteWriter(
      EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
    return iceberg.newEqualityDeleteWriter(file, spec, partition);
  }

  @Override
  public PositionDeleteWriter<Record> newPositionDeleteWriter(
      EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
    return iceberg.newPositionDeleteWriter(file, spec, partition);
  }
}
