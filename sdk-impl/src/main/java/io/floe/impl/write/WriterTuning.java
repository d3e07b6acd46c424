package io.floe.impl.write;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;

/**
 * Derives the Parquet writer settings Floe adds on top of a table's properties.
 *
 * <p>Iceberg sizes every Bloom filter at {@code write.parquet.bloom-filter-max-bytes} (1 MiB) per
 * row group, whatever the number of rows: small files grow several times. Floe estimates the rows a
 * row group will hold (from the caller's expected row count, the table's earlier files, or the
 * schema's width) and sets {@code write.parquet.bloom-filter-ndv.column.<c>} so that Parquet
 * allocates a power-of-two filter close to the optimum for the column's false positive probability
 * (see {@link #bloomNdv}). Columns with an explicit ndv keep it. The codec {@code lz4} (Hadoop's
 * native framing) is written as Parquet's Hadoop-free {@code lz4_raw}. Stateless and thread-safe.
 */
public final class WriterTuning {
  /** Floe's own property: rows buffered per sort run on sorted tables. */
  public static final String SORT_BUFFER_ROWS = "floe.write.sort-buffer-rows";

  /** The default of {@link #SORT_BUFFER_ROWS}. */
  public static final int SORT_BUFFER_ROWS_DEFAULT = 500_000;

  private static final int MIN_BLOOM_BYTES = 32;

  private WriterTuning() {}

  /**
   * The writer properties to add for data files of a table.
   *
   * @param table the table
   * @param expectedRows rows expected in this write, or 0 when unknown
   * @return properties overriding the table's (never null)
   */
  public static Map<String, String> dataProperties(Table table, long expectedRows) {
    Map<String, String> props = table.properties();
    Map<String, String> out = new HashMap<>();
    String codec = props.get(TableProperties.PARQUET_COMPRESSION);
    if (codec != null && codec.trim().toLowerCase(Locale.ROOT).equals("lz4")) {
      out.put(TableProperties.PARQUET_COMPRESSION, "lz4_raw");
    }
    Map<String, String> enabled =
        PropertyUtil.propertiesWithPrefix(
            props, TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX);
    if (enabled.isEmpty()) {
      return out;
    }
    long rows = expectedRowsPerRowGroup(table, expectedRows);
    int maxBytes =
        PropertyUtil.propertyAsInt(
            props,
            TableProperties.PARQUET_BLOOM_FILTER_MAX_BYTES,
            TableProperties.PARQUET_BLOOM_FILTER_MAX_BYTES_DEFAULT);
    for (Map.Entry<String, String> e : enabled.entrySet()) {
      String column = e.getKey();
      if (!Boolean.parseBoolean(e.getValue())
          || props.containsKey(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_NDV_PREFIX + column)) {
        continue;
      }
      double fpp =
          PropertyUtil.propertyAsDouble(
              props,
              TableProperties.PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX + column,
              TableProperties.PARQUET_BLOOM_FILTER_COLUMN_FPP_DEFAULT);
      out.put(
          TableProperties.PARQUET_BLOOM_FILTER_COLUMN_NDV_PREFIX + column,
          Long.toString(bloomNdv(rows, fpp, maxBytes)));
    }
    return out;
  }

  /**
   * How much worse than the configured false positive probability a filter rounded down to a power
   * of two may be: rounding down keeps files small, rounding up keeps the fpp.
   */
  static final double ROUND_DOWN_FPP_FACTOR = 3.0;

  /**
   * The ndv to give Parquet so that it allocates a power-of-two filter for {@code rows} distinct
   * values. Parquet rounds filter sizes up to a power of two, which can nearly double a filter;
   * Floe takes the power of two below the optimum instead when the filter still reaches an fpp of
   * at most {@value #ROUND_DOWN_FPP_FACTOR} times the configured one (3% for the default 1%), and
   * the one above otherwise. The trade-off: filters are never more than ~25% below the optimum
   * size, and lookups skip at least 97% of row groups that lack the value.
   *
   * @param rows the expected distinct values per row group
   * @param fpp the false positive probability
   * @param maxBytes the largest filter allowed
   * @return the ndv to configure
   */
  static long bloomNdv(long rows, double fpp, int maxBytes) {
    double optimalBytes =
        Math.max(MIN_BLOOM_BYTES, BlockSplitBloomFilter.optimalNumOfBits(rows, fpp) / 8.0);
    long lower = Long.highestOneBit((long) optimalBytes);
    long size =
        lower >= optimalBytes || achievedFpp(lower, rows) <= ROUND_DOWN_FPP_FACTOR * fpp
            ? lower
            : lower * 2;
    size = Math.max(MIN_BLOOM_BYTES, Math.min(size, Integer.highestOneBit(maxBytes)));
    // the largest ndv whose optimal size Parquet rounds up to exactly `size`
    double bitsPerValue = BlockSplitBloomFilter.optimalNumOfBits(1_000_000, fpp) / 1_000_000.0;
    long ndv = Math.max(1, (long) Math.floor(size * 8 / bitsPerValue));
    while (ndv > 1 && BlockSplitBloomFilter.optimalNumOfBits(ndv, fpp) / 8 > size) {
      ndv -= Math.max(1, ndv / 1000);
    }
    return ndv;
  }

  /**
   * The false positive probability of a split-block Bloom filter of {@code bytes} holding {@code
   * values} distinct values (the inverse of Parquet's sizing formula).
   *
   * @param bytes the filter size
   * @param values the distinct values inserted
   * @return the probability
   */
  static double achievedFpp(long bytes, long values) {
    return Math.pow(1 - Math.exp(-8.0 * values / (bytes * 8.0)), 8);
  }

  /**
   * Estimates how many rows one row group of this write will hold.
   *
   * @param table the table
   * @param expectedRows rows expected in this write, or 0 when unknown
   * @return the estimate, at least 1
   */
  static long expectedRowsPerRowGroup(Table table, long expectedRows) {
    Map<String, String> props = table.properties();
    long rowGroupBytes =
        PropertyUtil.propertyAsLong(
            props,
            TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
            TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES_DEFAULT);
    long fileBytes =
        PropertyUtil.propertyAsLong(
            props,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    double bytesPerRow = 0;
    long rowsPerFile = 0;
    Snapshot current = table.currentSnapshot();
    if (current != null) {
      Map<String, String> summary = current.summary();
      long records = PropertyUtil.propertyAsLong(summary, SnapshotSummary.TOTAL_RECORDS_PROP, 0);
      long size = PropertyUtil.propertyAsLong(summary, SnapshotSummary.TOTAL_FILE_SIZE_PROP, 0);
      long files = PropertyUtil.propertyAsLong(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP, 0);
      if (records >= 1000 && size > 0) {
        bytesPerRow = (double) size / records;
      }
      if (files > 0 && records > 0) {
        rowsPerFile = Math.max(1, records / files);
      }
    }
    if (bytesPerRow <= 0) {
      bytesPerRow = Math.max(1, estimatedRowBytes(table.schema()) / 2.0); // assume ~2x compression
    }
    long rows = (long) Math.min(rowGroupBytes, fileBytes) / Math.max(1, (long) bytesPerRow);
    if (expectedRows > 0) {
      rows = Math.min(rows, expectedRows);
    } else if (rowsPerFile > 0) {
      rows = Math.min(rows, rowsPerFile);
    }
    return Math.max(1, rows);
  }

  private static long estimatedRowBytes(Schema schema) {
    long bytes = 0;
    for (Types.NestedField field : schema.columns()) {
      bytes += width(field.type());
    }
    return Math.max(1, bytes);
  }

  private static long width(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return 1;
      case INTEGER:
      case FLOAT:
      case DATE:
        return 4;
      case LONG:
      case DOUBLE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return 8;
      case DECIMAL:
        return ((Types.DecimalType) type).precision() > 18 ? 16 : 8;
      case UUID:
        return 16;
      case FIXED:
        return ((Types.FixedType) type).length();
      case STRUCT:
        return type.asStructType().fields().stream().mapToLong(f -> width(f.type())).sum();
      case LIST:
        return 4 * width(type.asListType().elementType());
      case MAP:
        return 4 * (width(type.asMapType().keyType()) + width(type.asMapType().valueType()));
      default:
        return 16;
    }
  }
}
