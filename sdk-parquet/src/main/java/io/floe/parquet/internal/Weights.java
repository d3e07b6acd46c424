package io.floe.parquet.internal;

import java.util.Map;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * Estimates of the heap bytes held by parsed Parquet metadata, for the metadata cache's byte bound;
 * they err high (64-bit JVM, compressed oops, object headers and alignment counted per object).
 */
final class Weights {
  /**
   * A column chunk's metadata object, its encoding set and stats, encoding stats and size stats
   * objects.
   */
  private static final long CHUNK = 520;

  /** A row group's metadata object and its list. */
  private static final long BLOCK = 120;

  /** A schema node: the type object, its name, id, logical type annotation, list slot. */
  private static final long SCHEMA_NODE = 200;

  private Weights() {}

  /**
   * The heap weight of a parsed footer.
   *
   * @param footer the footer
   * @return an estimate in bytes
   */
  static long footer(ParquetMetadata footer) {
    FileMetaData file = footer.getFileMetaData();
    long weight = 256 + schema(file.getSchema());
    for (Map.Entry<String, String> e : file.getKeyValueMetaData().entrySet()) {
      // hash map node, two strings (Latin-1 bytes; JSON metadata such as iceberg.schema is ASCII)
      weight += 48 + 2 * 40 + e.getKey().length() + e.getValue().length();
    }
    if (file.getCreatedBy() != null) {
      weight += 40 + file.getCreatedBy().length();
    }
    for (BlockMetaData block : footer.getBlocks()) {
      weight += BLOCK + 8L * block.getColumns().size();
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        weight +=
            CHUNK + statistics(chunk.getStatistics()) + sizeStatistics(chunk.getSizeStatistics());
      }
    }
    return weight;
  }

  private static long schema(Type type) {
    long weight = SCHEMA_NODE + type.getName().length();
    if (!type.isPrimitive()) {
      GroupType group = type.asGroupType();
      weight += 32 + 8L * group.getFieldCount();
      for (Type child : group.getFields()) {
        weight += schema(child);
      }
    } else {
      // the column descriptor and path the file schema caches per leaf
      weight += 120;
    }
    return weight;
  }

  private static long statistics(Statistics<?> stats) {
    if (stats == null || stats.isEmpty() || !stats.hasNonNullValue()) {
      return 0;
    }
    // binary min/max hold a Binary object and an array each; primitive ones are inline
    byte[] min = stats.getMinBytes();
    byte[] max = stats.getMaxBytes();
    return 2 * 48L + (min == null ? 0 : min.length) + (max == null ? 0 : max.length);
  }

  private static long sizeStatistics(SizeStatistics stats) {
    if (stats == null || !stats.isValid()) {
      return 0;
    }
    // two lists of boxed longs
    return 64
        + 24L
            * (stats.getRepetitionLevelHistogram().size()
                + stats.getDefinitionLevelHistogram().size());
  }
}
