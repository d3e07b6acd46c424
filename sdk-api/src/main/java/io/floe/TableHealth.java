package io.floe;

import java.util.Objects;

/**
 * A table's physical health at its current snapshot: how many and how small its files are, how many
 * delete files reads must apply, how much history it keeps. Compute it with {@link
 * FloeTable#health()}; compact when {@link #smallFileRatio()} or {@link #deleteFileRatio()} grows,
 * expire snapshots when {@link #snapshots()} does. Immutable and thread-safe.
 *
 * <pre>{@code
 * TableHealth health = table.health();
 * if (health.smallFileRatio() > 0.5) {
 *   table.maintenance().rewriteDataFiles().execute();
 * }
 * }</pre>
 *
 * @param table the table's full name
 * @param dataFiles the number of live data files
 * @param dataBytes their total size
 * @param records the number of rows in them (before deletes)
 * @param smallDataFiles the number of data files smaller than {@code smallFileThreshold}
 * @param smallFileThreshold the size under which a file counts as small (75% of the target size)
 * @param positionDeleteFiles the number of live position delete files and deletion vectors
 * @param equalityDeleteFiles the number of live equality delete files
 * @param deleteBytes the total size of the delete files
 * @param deletedRecords the number of delete entries in them
 * @param partitions the number of distinct partitions holding data files
 * @param manifests the number of manifests of the current snapshot
 * @param snapshots the number of snapshots in the metadata
 */
public record TableHealth(
    String table,
    long dataFiles,
    long dataBytes,
    long records,
    long smallDataFiles,
    long smallFileThreshold,
    long positionDeleteFiles,
    long equalityDeleteFiles,
    long deleteBytes,
    long deletedRecords,
    long partitions,
    long manifests,
    long snapshots) {

  /**
   * Checks the values.
   *
   * @param table the table's full name
   * @param dataFiles the number of live data files
   * @param dataBytes their total size
   * @param records the number of rows in them (before deletes)
   * @param smallDataFiles the number of data files smaller than {@code smallFileThreshold}
   * @param smallFileThreshold the size under which a file counts as small (75% of the target size)
   * @param positionDeleteFiles the number of live position delete files and deletion vectors
   * @param equalityDeleteFiles the number of live equality delete files
   * @param deleteBytes the total size of the delete files
   * @param deletedRecords the number of delete entries in them
   * @param partitions the number of distinct partitions holding data files
   * @param manifests the number of manifests of the current snapshot
   * @param snapshots the number of snapshots in the metadata
   * @throws NullPointerException when table is null
   */
  public TableHealth {
    Objects.requireNonNull(table, "table");
  }

  /**
   * The share of data files that are small.
   *
   * @return between 0 and 1; 0 for a table without files
   */
  public double smallFileRatio() {
    return dataFiles == 0 ? 0 : (double) smallDataFiles / dataFiles;
  }

  /**
   * Delete files per data file.
   *
   * @return 0 when there are no delete files; above 1 when there are more than data files
   */
  public double deleteFileRatio() {
    long deletes = positionDeleteFiles + equalityDeleteFiles;
    return dataFiles == 0 ? deletes : (double) deletes / dataFiles;
  }

  /**
   * The total size of data and delete files.
   *
   * @return the size in bytes
   */
  public long totalBytes() {
    return dataBytes + deleteBytes;
  }

  /**
   * The mean size of a data file.
   *
   * @return the size in bytes; 0 for a table without files
   */
  public long averageDataFileSize() {
    return dataFiles == 0 ? 0 : dataBytes / dataFiles;
  }
}
