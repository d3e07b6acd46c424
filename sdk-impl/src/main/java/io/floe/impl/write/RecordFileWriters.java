package io.floe.impl.write;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.encryption.EncryptionKeyMetadata;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.DeleteSchemaUtil;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.parquet.ParquetValueWriters;

/**
 * File writers for generic records: Parquet data and delete files go through Floe's {@link
 * ParquetFileAppender} (so per-column dictionary settings apply, and no Hadoop class is needed),
 * everything else (other formats, encrypted files) through Iceberg's {@link
 * GenericFileWriterFactory}. Delete files are the files Iceberg's Parquet delete writers write: the
 * same schema ({@code file_path}, {@code pos}; or the equality row schema), the same footer entries
 * ({@code delete-type}, {@code delete-field-ids}), the same metrics configuration ({@link
 * MetricsConfig#forPositionDelete()} for position deletes, the table's for equality deletes) and
 * the {@code write.delete.parquet.*} properties. Thread-safe (each writer it creates is not).
 */
final class RecordFileWriters implements FileWriterFactory<Record> {
  private final FileFormat format;
  private final FileFormat deleteFormat;
  private final Schema schema;
  private final SortOrder sortOrder;
  private final Map<String, String> props;
  private final Map<String, String> deleteProps;
  private final MetricsConfig metrics;
  private final int[] equalityIds;
  private final Schema equalityRowSchema;
  private final GenericFileWriterFactory iceberg;

  RecordFileWriters(
      Table table,
      FileFormat format,
      Schema schema,
      SortOrder sortOrder,
      Map<String, String> overrides) {
    this(table, format, format, schema, sortOrder, overrides, null, null);
  }

  /**
   * Writers of data and delete files.
   *
   * @param table the table
   * @param format the data file format
   * @param deleteFormat the delete file format
   * @param schema the data schema
   * @param sortOrder the data sort order
   * @param overrides Floe's writer properties over the table's
   * @param equalityIds the field ids of equality deletes, or null when none are written
   * @param equalityRowSchema the schema of equality delete rows, or null when none are written
   */
  RecordFileWriters(
      Table table,
      FileFormat format,
      FileFormat deleteFormat,
      Schema schema,
      SortOrder sortOrder,
      Map<String, String> overrides,
      int[] equalityIds,
      Schema equalityRowSchema) {
    this.format = format;
    this.deleteFormat = deleteFormat;
    this.schema = schema;
    this.sortOrder = sortOrder;
    Map<String, String> merged = new HashMap<>(table.properties());
    merged.putAll(overrides);
    this.props = Map.copyOf(merged);
    this.deleteProps = Map.copyOf(ParquetSettings.forDeletes(merged));
    this.metrics = MetricsConfig.forTable(table);
    this.equalityIds = equalityIds == null ? null : equalityIds.clone();
    this.equalityRowSchema = equalityRowSchema;
    GenericFileWriterFactory.Builder builder =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(format)
            .dataSchema(schema)
            .dataSortOrder(sortOrder)
            .deleteFileFormat(deleteFormat)
            .writerProperties(overrides);
    if (equalityIds != null) {
      builder.equalityFieldIds(equalityIds).equalityDeleteRowSchema(equalityRowSchema);
    }
    this.iceberg = builder.build();
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
    if (deleteFormat != FileFormat.PARQUET || !plaintext(file) || equalityIds == null) {
      return iceberg.newEqualityDeleteWriter(file, spec, partition);
    }
    ParquetFileAppender<Record> appender =
        ParquetFileAppender.<Record>rows(
                file.encryptingOutputFile(),
                equalityRowSchema,
                deleteProps,
                metrics,
                GenericParquetWriter::create)
            .meta("delete-type", "equality")
            .meta(
                "delete-field-ids",
                IntStream.of(equalityIds)
                    .mapToObj(Integer::toString)
                    .collect(Collectors.joining(", ")));
    return new EqualityDeleteWriter<>(
        appender,
        FileFormat.PARQUET,
        file.encryptingOutputFile().location(),
        spec,
        partition,
        file.keyMetadata(),
        null,
        equalityIds);
  }

  @Override
  public PositionDeleteWriter<Record> newPositionDeleteWriter(
      EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
    if (deleteFormat != FileFormat.PARQUET || !plaintext(file)) {
      return iceberg.newPositionDeleteWriter(file, spec, partition);
    }
    ParquetFileAppender<PositionDelete<Record>> appender =
        ParquetFileAppender.<PositionDelete<Record>>rows(
                file.encryptingOutputFile(),
                DeleteSchemaUtil.pathPosSchema(),
                deleteProps,
                MetricsConfig.forPositionDelete(),
                (pathPos, type) ->
                    new ParquetValueWriters.PositionDeleteStructWriter<Record>(
                        (ParquetValueWriters.StructWriter<?>)
                            GenericParquetWriter.create(pathPos, type),
                        Function.identity()))
            .meta("delete-type", "position");
    return new PositionDeleteWriter<>(
        appender,
        FileFormat.PARQUET,
        file.encryptingOutputFile().location(),
        spec,
        partition,
        file.keyMetadata());
  }
}
