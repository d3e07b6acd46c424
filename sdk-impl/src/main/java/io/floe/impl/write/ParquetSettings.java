package io.floe.impl.write;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultV1ValuesWriterFactory;
import org.apache.parquet.column.values.factory.DefaultV2ValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Turns a table's {@code write.parquet.*} properties into Parquet writer settings, the way Iceberg
 * 1.11's {@code Parquet.WriteBuilder} does for data files, plus what Iceberg does not offer: the
 * per-column dictionary switch {@value #DICTIONARY_ENABLED_PREFIX}{@code <column>} (named like
 * Iceberg's {@code write.parquet.bloom-filter-enabled.column.<column>}).
 *
 * <p>Column names are Iceberg names (dotted for nested fields); they are matched to Parquet column
 * paths through field ids, so {@code tags.element} finds {@code tags.list.element}. Immutable and
 * thread-safe.
 */
public final class ParquetSettings {
  /** Per-column dictionary encoding: {@code true} or {@code false}; the table default otherwise. */
  public static final String DICTIONARY_ENABLED_PREFIX = "write.parquet.dictionary-enabled.column.";

  /** Iceberg's global dictionary switch (read by Iceberg's writer; default true). */
  public static final String DICTIONARY_ENABLED = "parquet.enable.dictionary";

  /**
   * The smallest page and dictionary size Parquet can write with: its buffers start at 64 bytes and
   * refuse a smaller limit ("maxCapacityHint can't be less than initialSlabSize"), for pages always
   * and for dictionaries as soon as one fits.
   */
  public static final int MIN_PAGE_BYTES = 64;

  /**
   * The largest page size accepted: Parquet allocates buffers of the page size, and larger pages
   * ran out of heap.
   */
  public static final int MAX_PAGE_BYTES = 1 << 30;

  private static final String COLUMN_INDEX_TRUNCATE_LENGTH = "parquet.columnindex.truncate.length";

  final ParquetProperties properties;
  final CompressionCodecName codec;

  /** The compression level (zstd, gzip), or the codec's default. */
  final int level;

  final long rowGroupSize;
  final int columnIndexTruncateLength;

  private ParquetSettings(
      ParquetProperties properties,
      CompressionCodecName codec,
      int level,
      long rowGroupSize,
      int columnIndexTruncateLength) {
    this.properties = properties;
    this.codec = codec;
    this.level = level;
    this.rowGroupSize = rowGroupSize;
    this.columnIndexTruncateLength = columnIndexTruncateLength;
  }

  /**
   * Reads the settings for data files.
   *
   * @param schema the Iceberg schema written
   * @param type its Parquet form (with field ids)
   * @param props the table properties with Floe's overrides applied
   * @return the settings
   * @throws IllegalArgumentException when a size or codec property is invalid
   */
  static ParquetSettings forData(Schema schema, MessageType type, Map<String, String> props) {
    int rowGroupSize =
        positive(
            props,
            TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
            TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES_DEFAULT);
    int pageSize =
        between(
            props,
            TableProperties.PARQUET_PAGE_SIZE_BYTES,
            TableProperties.PARQUET_PAGE_SIZE_BYTES_DEFAULT,
            MIN_PAGE_BYTES,
            MAX_PAGE_BYTES);
    int pageRowLimit =
        positive(
            props,
            TableProperties.PARQUET_PAGE_ROW_LIMIT,
            TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT);
    int dictSize =
        between(
            props,
            TableProperties.PARQUET_DICT_SIZE_BYTES,
            TableProperties.PARQUET_DICT_SIZE_BYTES_DEFAULT,
            MIN_PAGE_BYTES,
            Integer.MAX_VALUE);
    int checkMin =
        positive(
            props,
            TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT,
            TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT_DEFAULT);
    int checkMax =
        positive(
            props,
            TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT,
            TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT_DEFAULT);
    if (checkMax < checkMin) {
      throw new IllegalArgumentException(
          "Table property "
              + TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT
              + " ("
              + checkMax
              + ") is less than "
              + TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT
              + " ("
              + checkMin
              + "): use a maximum of at least the minimum");
    }
    int bloomMaxBytes =
        positive(
            props,
            TableProperties.PARQUET_BLOOM_FILTER_MAX_BYTES,
            TableProperties.PARQUET_BLOOM_FILTER_MAX_BYTES_DEFAULT);
    String version =
        props.getOrDefault(
            TableProperties.PARQUET_PAGE_VERSION, TableProperties.PARQUET_PAGE_VERSION_DEFAULT);
    ParquetProperties.WriterVersion writerVersion =
        "v2".equalsIgnoreCase(version)
            ? ParquetProperties.WriterVersion.PARQUET_2_0
            : ParquetProperties.WriterVersion.PARQUET_1_0;
    String codecName =
        props.getOrDefault(
            TableProperties.PARQUET_COMPRESSION, TableProperties.PARQUET_COMPRESSION_DEFAULT);
    CompressionCodecName codec = codec(codecName);
    String level = props.get(TableProperties.PARQUET_COMPRESSION_LEVEL);
    boolean dictionary = PropertyUtil.propertyAsBoolean(props, DICTIONARY_ENABLED, true);

    ParquetProperties.Builder builder =
        ParquetProperties.builder()
            // Parquet's default factories are static instances that each build() re-initializes
            // with
            // the latest properties: writers with other settings (another table, another thread)
            // would change each other's encodings. Each file gets its own.
            .withValuesWriterFactory(new OwnValuesWriters())
            .withWriterVersion(writerVersion)
            .withPageSize(pageSize)
            .withPageRowCountLimit(pageRowLimit)
            .withDictionaryEncoding(dictionary)
            .withDictionaryPageSize(dictSize)
            .withMinRowCountForPageSizeCheck(checkMin)
            .withMaxRowCountForPageSizeCheck(checkMax)
            .withMaxBloomFilterBytes(bloomMaxBytes);

    Map<String, String> paths = parquetPaths(schema, type);
    perColumn(
        props,
        TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX,
        paths,
        (path, value) -> builder.withBloomFilterEnabled(path, Boolean.parseBoolean(value)));
    perColumn(
        props,
        TableProperties.PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX,
        paths,
        (path, value) -> builder.withBloomFilterFPP(path, Double.parseDouble(value)));
    perColumn(
        props,
        TableProperties.PARQUET_BLOOM_FILTER_COLUMN_NDV_PREFIX,
        paths,
        (path, value) -> builder.withBloomFilterNDV(path, Long.parseLong(value)));
    perColumn(
        props,
        TableProperties.PARQUET_COLUMN_STATS_ENABLED_PREFIX,
        paths,
        (path, value) -> builder.withStatisticsEnabled(path, Boolean.parseBoolean(value)));
    perColumn(
        props,
        DICTIONARY_ENABLED_PREFIX,
        paths,
        (path, value) -> builder.withDictionaryEncoding(path, Boolean.parseBoolean(value)));

    int compressionLevel = PageCompression.defaultLevel(codec);
    if (level != null) {
      compressionLevel =
          PropertyUtil.propertyAsInt(props, TableProperties.PARQUET_COMPRESSION_LEVEL, 0);
      PageCompression.checkLevel(codec, compressionLevel);
    }
    int truncate =
        PropertyUtil.propertyAsInt(
            props,
            COLUMN_INDEX_TRUNCATE_LENGTH,
            ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH);
    return new ParquetSettings(builder.build(), codec, compressionLevel, rowGroupSize, truncate);
  }

  /**
   * The properties of delete files: each {@code write.delete.parquet.*} property replaces its
   * {@code write.parquet.*} counterpart, as in Iceberg's delete writers.
   *
   * @param props the table properties with Floe's overrides
   * @return the properties to write delete files with
   */
  static Map<String, String> forDeletes(Map<String, String> props) {
    Map<String, String> out = new HashMap<>(props);
    for (Map.Entry<String, String> e : props.entrySet()) {
      if (e.getKey().startsWith(DELETE_PREFIX)) {
        out.put(DATA_PREFIX + e.getKey().substring(DELETE_PREFIX.length()), e.getValue());
      }
    }
    return out;
  }

  private static final String DELETE_PREFIX = "write.delete.parquet.";
  private static final String DATA_PREFIX = "write.parquet.";

  private static int positive(Map<String, String> props, String key, int defaultValue) {
    int value = PropertyUtil.propertyAsInt(props, key, defaultValue);
    if (value <= 0) {
      throw new IllegalArgumentException("Table property " + key + " must be > 0, got " + value);
    }
    return value;
  }

  /**
   * An int property within bounds. Properties set by other engines, or through Iceberg after the
   * table was created, are checked here, before a file is written.
   */
  private static int between(
      Map<String, String> props, String key, int defaultValue, int min, int max) {
    String text = props.get(key);
    long value;
    try {
      value = text == null ? defaultValue : Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      value = Long.MIN_VALUE;
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Invalid value '"
              + text
              + "' for table property "
              + key
              + ": use a whole number from "
              + min
              + " to "
              + max);
    }
    return (int) value;
  }

  private static CompressionCodecName codec(String name) {
    String normalized = name.trim().toUpperCase(Locale.ROOT);
    CompressionCodecName codec;
    try {
      // Hadoop-framed LZ4 is written as Parquet's lz4_raw, as WriterTuning says
      codec =
          normalized.equals("LZ4")
              ? CompressionCodecName.LZ4_RAW
              : CompressionCodecName.valueOf(normalized);
    } catch (IllegalArgumentException e) {
      codec = null;
    }
    if (codec == null
        || codec == CompressionCodecName.LZO
        || codec == CompressionCodecName.BROTLI) {
      // lzo and brotli need native libraries Floe does not ship
      throw new IllegalArgumentException(
          "Unsupported Parquet compression codec '"
              + name
              + "' ("
              + TableProperties.PARQUET_COMPRESSION
              + "): use zstd, snappy, gzip, lz4 or uncompressed");
    }
    return codec;
  }

  /** Iceberg column name to dotted Parquet path, for every leaf column with a field id. */
  static Map<String, String> parquetPaths(Schema schema, MessageType type) {
    Map<String, String> paths = new HashMap<>();
    for (ColumnDescriptor column : type.getColumns()) {
      Type.ID id = column.getPrimitiveType().getId();
      if (id == null) {
        continue;
      }
      String name = schema.findColumnName(id.intValue());
      if (name != null) {
        paths.put(name, String.join(".", column.getPath()));
      }
    }
    return paths;
  }

  private interface ColumnSetting {
    void apply(String path, String value);
  }

  private static void perColumn(
      Map<String, String> props, String prefix, Map<String, String> paths, ColumnSetting setting) {
    for (Map.Entry<String, String> e : props.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        String path = paths.get(e.getKey().substring(prefix.length()));
        if (path != null) {
          setting.apply(path, e.getValue().trim());
        }
      }
    }
  }

  /** Parquet's default encodings, from a factory of this file's own. */
  private static final class OwnValuesWriters implements ValuesWriterFactory {
    private ValuesWriterFactory delegate;

    @Override
    public void initialize(ParquetProperties properties) {
      delegate =
          properties.getWriterVersion() == ParquetProperties.WriterVersion.PARQUET_1_0
              ? new DefaultV1ValuesWriterFactory()
              : new DefaultV2ValuesWriterFactory();
      delegate.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
      return delegate.newValuesWriter(descriptor);
    }
  }
}
