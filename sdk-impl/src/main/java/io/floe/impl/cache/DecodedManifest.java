package io.floe.impl.cache;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.StructLike;

/**
 * The live data files of one data manifest, decoded once and kept in the {@link MetadataCache}:
 * each file a copy with its partition tuple, sequence numbers and row count, and column statistics
 * only for the columns a scan's filter needs for pruning (or all of them, for scans that return
 * statistics).
 *
 * <p>Manifests are immutable, so an entry never goes stale; the key also holds what a manifest list
 * entry contributes to its files by inheritance (snapshot id, sequence number, first row id), so a
 * manifest re-committed with other inherited values is decoded again. Immutable and thread-safe;
 * the files must not be modified (hand out copies).
 *
 * @param files the live data files, in manifest order
 * @param weight an estimate of the heap bytes held, for the cache's byte bound
 */
public record DecodedManifest(List<DataFile> files, long weight) {
  /** Object header, fields and array slots of a data file copy, without its variable parts. */
  private static final long FILE_BASE = 232;

  /**
   * Creates a decoded manifest, weighing its files.
   *
   * @param files the live data files (copies owned by the cache)
   * @return the decoded manifest
   */
  public static DecodedManifest of(List<DataFile> files) {
    long weight = 48 + 8L * files.size();
    for (DataFile file : files) {
      weight += weigh(file);
    }
    return new DecodedManifest(List.copyOf(files), weight);
  }

  /**
   * The cache key of a decoded manifest.
   *
   * @param path the manifest location
   * @param length the manifest length in bytes
   * @param specId the manifest's partition spec id
   * @param snapshotId the snapshot that added the manifest (inherited by its added files)
   * @param sequenceNumber the manifest's sequence number (inherited by its added files)
   * @param firstRowId the manifest's first row id (inherited in v3 tables), or null
   * @param statsColumns ids of the columns whose statistics are kept, or null for all columns
   */
  public record Key(
      String path,
      long length,
      int specId,
      Long snapshotId,
      long sequenceNumber,
      Long firstRowId,
      Set<Integer> statsColumns) {
    /**
     * The key of a manifest listed by a snapshot.
     *
     * @param manifest the manifest list entry
     * @param statsColumns ids of the columns whose statistics are kept, or null for all
     * @return the key
     */
    public static Key of(ManifestFile manifest, Set<Integer> statsColumns) {
      return new Key(
          manifest.path(),
          manifest.length(),
          manifest.partitionSpecId(),
          manifest.snapshotId(),
          manifest.sequenceNumber(),
          manifest.firstRowId(),
          statsColumns == null ? null : Set.copyOf(statsColumns));
    }
  }

  /**
   * An estimate of the heap bytes of one data file copy (compact strings, boxed values, hash map
   * nodes), erring high.
   *
   * @param file the data file
   * @return the estimate in bytes
   */
  static long weigh(DataFile file) {
    long weight = FILE_BASE + string(file.location());
    weight += partition(file.partition());
    weight +=
        longs(file.columnSizes())
            + longs(file.valueCounts())
            + longs(file.nullValueCounts())
            + longs(file.nanValueCounts());
    weight += buffers(file.lowerBounds()) + buffers(file.upperBounds());
    if (file.splitOffsets() != null) {
      weight += 16 + 8L * file.splitOffsets().size();
    }
    if (file.keyMetadata() != null) {
      weight += 64 + file.keyMetadata().remaining();
    }
    if (file.equalityFieldIds() != null) {
      weight += 16 + 4L * file.equalityFieldIds().size();
    }
    return weight;
  }

  private static long string(CharSequence s) {
    // String object + its byte array (Latin-1 compact strings; paths and values are mostly ASCII)
    return s == null ? 0 : 24 + 16 + s.length();
  }

  private static long partition(StructLike partition) {
    if (partition == null) {
      return 0;
    }
    long weight = 48;
    for (int i = 0; i < partition.size(); i++) {
      Object value = partition.get(i, Object.class);
      weight += 8;
      if (value instanceof CharSequence chars) {
        weight += string(chars);
      } else if (value instanceof ByteBuffer buffer) {
        weight += 64 + buffer.remaining();
      } else if (value instanceof byte[] bytes) {
        weight += 16 + bytes.length;
      } else if (value != null) {
        weight += 24;
      }
    }
    return weight;
  }

  private static long longs(Map<Integer, Long> map) {
    // table slot, node, boxed key and boxed value per entry
    return map == null ? 0 : 64 + map.size() * (8 + 32 + 16 + 24L);
  }

  private static long buffers(Map<Integer, ByteBuffer> map) {
    if (map == null) {
      return 0;
    }
    long weight = 64;
    for (ByteBuffer value : map.values()) {
      weight += 8 + 32 + 16 + 64 + (value == null ? 0 : value.remaining());
    }
    return weight;
  }
}
