package io.floe.impl.write;

import io.floe.FloeIOException;
import io.floe.InvalidFileException;
import io.floe.impl.spi.Errors;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.MappedField;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Turns an existing Parquet file into a {@link DataFile} of a table, from its footer alone: checks
 * its columns against the table's schema (by field id when the file carries ids, else by name
 * through the table's name mapping), takes its statistics with Iceberg's {@code
 * ParquetUtil.footerMetrics} under the table's metrics configuration, and derives its partition
 * from the statistics of the partition source columns. Every refusal is an {@link
 * InvalidFileException} naming the table, the file and the column. Stateless.
 */
public final class ExistingFiles {
  /**
   * Untruncated bounds, for telling a file's partition (the stored bounds follow the table's
   * config).
   */
  private static final MetricsConfig FULL =
      MetricsConfig.fromProperties(Map.of(TableProperties.DEFAULT_WRITE_METRICS_MODE, "full"));

  private final String name;
  private final Schema schema;
  private final PartitionSpec spec;
  private final MetricsConfig metricsConfig;
  private final NameMapping mapping;

  /**
   * @param name the table's full name, for messages
   * @param schema the table's schema
   * @param spec the spec the files are added under
   * @param metricsConfig the table's metrics configuration
   * @param mapping the name mapping that files without field ids are read through
   */
  ExistingFiles(
      String name,
      Schema schema,
      PartitionSpec spec,
      MetricsConfig metricsConfig,
      NameMapping mapping) {
    this.name = name;
    this.schema = schema;
    this.spec = spec;
    this.metricsConfig = metricsConfig;
    this.mapping = mapping;
  }

  /**
   * A file read and checked: the data file to add, and whether it is read through the name mapping.
   */
  record Checked(DataFile file, boolean byName) {}

  /**
   * Reads a file's footer and checks it.
   *
   * @param location the file's location
   * @param io the file IO that reads it
   * @return the data file to add
   * @throws InvalidFileException when the file is not Parquet or does not fit the table
   * @throws FloeIOException when the file cannot be read
   */
  Checked check(String location, org.apache.iceberg.io.FileIO io) {
    long length;
    InputFile input;
    try {
      input = io.newInputFile(location);
      length = input.getLength();
    } catch (org.apache.iceberg.exceptions.NotFoundException e) {
      throw invalid(location, null, "it does not exist", e);
    } catch (RuntimeException e) {
      throw WriteErrors.cannotReadAddedFile(name, location, e);
    }
    ParquetMetadata footer = footer(location, input);
    MessageType type = footer.getFileMetaData().getSchema();
    boolean byId = ParquetSchemaUtil.hasIds(type);
    Schema fileSchema;
    try {
      fileSchema = ParquetSchemaUtil.convert(byId ? type : ParquetSchemaUtil.addFallbackIds(type));
    } catch (RuntimeException e) {
      throw invalid(
          location, null, "its schema has no Iceberg equivalent (" + e.getMessage() + ")", e);
    }
    Metrics metrics;
    Metrics full;
    try {
      metrics =
          ParquetUtil.footerMetrics(footer, Stream.empty(), metricsConfig, byId ? null : mapping);
      full = ParquetUtil.footerMetrics(footer, Stream.empty(), FULL, byId ? null : mapping);
    } catch (RuntimeException e) {
      throw invalid(location, null, "its statistics cannot be read (" + e.getMessage() + ")", e);
    }
    matchStruct(location, fileSchema.asStruct(), schema.asStruct(), "", byId, full);
    DataFiles.Builder builder =
        DataFiles.builder(spec)
            .withPath(location)
            .withFormat(FileFormat.PARQUET)
            .withFileSizeInBytes(length)
            .withMetrics(metrics)
            .withSplitOffsets(ParquetUtil.getSplitOffsets(footer));
    if (spec.isPartitioned()) {
      builder.withPartition(partition(location, full));
    }
    return new Checked(builder.build(), !byId);
  }

  private ParquetMetadata footer(String location, InputFile input) {
    try {
      return readFooter(new ParquetInput(input));
    } catch (IOException | RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("is not a Parquet file")
          || message.contains("too small")
          || message.contains("corrupted")
          || message.contains("magic")) {
        throw invalid(
            location,
            null,
            "it is not a Parquet file (" + message + "); only Parquet files can be added",
            e);
      }
      throw WriteErrors.cannotReadFooter(name, location, message, e);
    }
  }

  private static final byte[] MAGIC = "PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Reads a plaintext Parquet footer as Parquet's reader does (length and magic at the tail, then
   * the Thrift footer), without Parquet's read options, whose builder needs Hadoop.
   */
  static ParquetMetadata readFooter(org.apache.parquet.io.InputFile file) throws IOException {
    return readFooterOf(file);
  }

  /**
   * Reads a Parquet file's plaintext footer without Hadoop (see {@link #readFooter}).
   *
   * @param input the file
   * @return its footer
   * @throws IOException when it cannot be read or is not a Parquet file
   */
  public static ParquetMetadata footer(InputFile input) throws IOException {
    return readFooterOf(new ParquetInput(input));
  }

  private static ParquetMetadata readFooterOf(org.apache.parquet.io.InputFile file)
      throws IOException {
    long length = file.getLength();
    if (length < MAGIC.length * 2L + 4) {
      throw new IOException(
          file + " is not a Parquet file (length is too low: " + length + " bytes)");
    }
    try (SeekableInputStream in = file.newStream()) {
      byte[] tail = new byte[8];
      in.seek(length - tail.length);
      in.readFully(tail);
      if (!java.util.Arrays.equals(tail, 4, 8, MAGIC, 0, 4)) {
        throw new IOException(
            file
                + " is not a Parquet file: expected magic number at tail "
                + java.util.Arrays.toString(MAGIC)
                + " but found "
                + java.util.Arrays.toString(java.util.Arrays.copyOfRange(tail, 4, 8))
                + " (an encrypted footer is not supported)");
      }
      long footerLength =
          (tail[0] & 0xFFL)
              | (tail[1] & 0xFFL) << 8
              | (tail[2] & 0xFFL) << 16
              | (tail[3] & 0xFFL) << 24;
      long footerStart = length - tail.length - footerLength;
      if (footerLength <= 0 || footerStart < MAGIC.length) {
        throw new IOException(
            "corrupted file: the footer length " + footerLength + " does not fit in " + file);
      }
      byte[] footer = new byte[(int) footerLength];
      in.seek(footerStart);
      in.readFully(footer);
      return new org.apache.parquet.format.converter.ParquetMetadataConverter()
          .readParquetMetadata(
              new java.io.ByteArrayInputStream(footer),
              org.apache.parquet.format.converter.ParquetMetadataConverter.NO_FILTER);
    }
  }

  /**
   * Matches the file's fields to the table's, by id or by name; a table column the file lacks must
   * be optional.
   */
  private void matchStruct(
      String location,
      Types.StructType file,
      Types.StructType table,
      String prefix,
      boolean byId,
      Metrics full) {
    for (Types.NestedField field : file.fields()) {
      String path = prefix + field.name();
      Types.NestedField target = byId ? table.field(field.fieldId()) : table.field(field.name());
      if (target == null) {
        if (byId && table.field(field.name()) != null) {
          throw invalid(
              location,
              path,
              "its column '"
                  + path
                  + "' has field id "
                  + field.fieldId()
                  + ", but the table's column of that name has id "
                  + table.field(field.name()).fieldId()
                  + " (the file was written for another table or schema)",
              null);
        }
        throw invalid(
            location,
            path,
            "its column '"
                + path
                + "'"
                + (byId ? " (field id " + field.fieldId() + ")" : "")
                + " is not in the table; add it with updateSchema() first (in a transaction, the same commit)",
            null);
      }
      if (byId && !target.name().equals(field.name())) {
        throw invalid(
            location,
            path,
            "its column '"
                + path
                + "' has field id "
                + field.fieldId()
                + ", which the table gives to column '"
                + prefix
                + target.name()
                + "' (the file was written for another"
                + " table or schema)",
            null);
      }
      if (!byId) {
        checkMapped(location, path, target);
      }
      if (target.isRequired() && field.isOptional()) {
        Long nulls =
            full.nullValueCounts() == null ? null : full.nullValueCounts().get(target.fieldId());
        if (!field.type().isPrimitiveType() || nulls == null || nulls > 0) {
          throw invalid(
              location,
              path,
              "its column '"
                  + path
                  + "' is optional and "
                  + (nulls != null && nulls > 0 ? "holds " + nulls + " nulls" : "may hold nulls")
                  + ", but the table's column is required",
              null);
        }
      }
      matchType(location, path, field.type(), target.type(), byId, full);
    }
    for (Types.NestedField target : table.fields()) {
      boolean present =
          byId ? file.field(target.fieldId()) != null : file.field(target.name()) != null;
      if (!present && target.isRequired()) {
        throw invalid(
            location,
            prefix + target.name(),
            "it has no column '" + prefix + target.name() + "', which the table requires",
            null);
      }
    }
  }

  private void matchType(
      String location, String path, Type file, Type table, boolean byId, Metrics full) {
    if (file.isPrimitiveType() && table.isPrimitiveType()) {
      if (!file.equals(table) && !TypeUtil.isPromotionAllowed(file, table.asPrimitiveType())) {
        throw invalid(
            location,
            path,
            "its column '"
                + path
                + "' is "
                + file
                + ", which cannot be read as the table's "
                + table
                + " (allowed: the same type, int to long, float to double, a wider decimal)",
            null);
      }
      return;
    }
    if (file.typeId() != table.typeId()) {
      throw invalid(
          location,
          path,
          "its column '" + path + "' is " + file + ", but the table's is " + table,
          null);
    }
    switch (file.typeId()) {
      case STRUCT ->
          matchStruct(location, file.asStructType(), table.asStructType(), path + ".", byId, full);
      case LIST ->
          matchStruct(
              location,
              Types.StructType.of(file.asListType().fields()),
              Types.StructType.of(table.asListType().fields()),
              path + ".",
              byId,
              full);
      case MAP ->
          matchStruct(
              location,
              Types.StructType.of(file.asMapType().fields()),
              Types.StructType.of(table.asMapType().fields()),
              path + ".",
              byId,
              full);
      default ->
          throw invalid(
              location,
              path,
              "its column '" + path + "' is " + file + ", but the table's is " + table,
              null);
    }
  }

  /**
   * A column matched by name must reach the table's field through the name mapping, which readers
   * use.
   */
  private void checkMapped(String location, String path, Types.NestedField target) {
    MappedField mapped = mapping.find(List.of(path.split("\\.")));
    if (mapped == null || mapped.id() == null || mapped.id() != target.fieldId()) {
      throw invalid(
          location,
          path,
          "the file has no field ids, and the table's name mapping ("
              + TableProperties.DEFAULT_NAME_MAPPING
              + ") does not map its column '"
              + path
              + "' to the table's column"
              + " of that name; update the mapping or write the file with field ids",
          null);
    }
  }

  /** The file's partition, from the untruncated statistics of each partition source column. */
  private PartitionData partition(String location, Metrics full) {
    PartitionData partition = new PartitionData(spec.partitionType());
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      PartitionField field = fields.get(i);
      Types.NestedField source = schema.findField(field.sourceId());
      String column = schema.findColumnName(field.sourceId());
      @SuppressWarnings("unchecked")
      Transform<Object, Object> transform = (Transform<Object, Object>) field.transform();
      if (transform.isVoid()) {
        continue;
      }
      long values = count(full.valueCounts(), source.fieldId());
      long nulls = count(full.nullValueCounts(), source.fieldId());
      if (values >= 0 && values == nulls) {
        continue; // only nulls (or no rows): the null partition
      }
      if (nulls != 0) {
        throw invalid(
            location,
            column,
            "its partition cannot be told: column '"
                + column
                + "' holds "
                + (nulls < 0 ? "possibly nulls (no null count in the footer)" : nulls + " nulls")
                + " besides values, so"
                + " its rows fall into more than one partition of "
                + field.name()
                + "; split the file by partition",
            null);
      }
      Type type = source.type();
      Object lower = bound(full.lowerBounds(), source.fieldId(), type);
      Object upper = bound(full.upperBounds(), source.fieldId(), type);
      if (lower == null || upper == null) {
        throw invalid(
            location,
            column,
            "its partition cannot be told: the footer has no minimum and maximum for"
                + " column '"
                + column
                + "' (written without statistics)",
            null);
      }
      var apply = transform.bind(type);
      Object low = apply.apply(lower);
      Object high = apply.apply(upper);
      Type result = transform.getResultType(type);
      boolean one =
          transform.preservesOrder()
              ? compare(result, low, high) == 0
              : compare(type, lower, upper) == 0;
      if (!one) {
        throw invalid(
            location,
            column,
            "its partition cannot be told: column '"
                + column
                + "' ranges from "
                + lower
                + " to "
                + upper
                + ", which "
                + field.transform()
                + " puts in more than one partition of "
                + field.name()
                + "; split the file by partition",
            null);
      }
      partition.set(i, low);
    }
    return partition;
  }

  private static long count(Map<Integer, Long> counts, int id) {
    Long count = counts == null ? null : counts.get(id);
    return count == null ? -1 : count;
  }

  private static Object bound(Map<Integer, java.nio.ByteBuffer> bounds, int id, Type type) {
    java.nio.ByteBuffer buffer = bounds == null ? null : bounds.get(id);
    return buffer == null ? null : Conversions.fromByteBuffer(type, buffer);
  }

  @SuppressWarnings("unchecked")
  private static int compare(Type type, Object a, Object b) {
    if (!type.isPrimitiveType()) {
      return a.equals(b) ? 0 : 1;
    }
    return ((Comparator<Object>) (Comparator<?>) Comparators.forType(type.asPrimitiveType()))
        .compare(a, b);
  }

  private InvalidFileException invalid(
      String location, String column, String why, Throwable cause) {
    return Errors.cannotAddFile(name, location, column, why, cause);
  }

  /** Parquet's view of an Iceberg input file (Iceberg's own adapter is package-private). */
  private record ParquetInput(InputFile input) implements org.apache.parquet.io.InputFile {
    @Override
    public long getLength() {
      return input.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      org.apache.iceberg.io.SeekableInputStream stream = input.newStream();
      return new DelegatingSeekableInputStream(stream) {
        @Override
        public long getPos() throws IOException {
          return stream.getPos();
        }

        @Override
        public void seek(long newPos) throws IOException {
          stream.seek(newPos);
        }
      };
    }
  }
}
