package io.floe.parquet;

import io.floe.parquet.internal.ScanCounters;

/**
 * What an Arrow scan did: how many files and row groups it considered, how many each pruning
 * mechanism skipped before any decoding, how many bytes it read and how many rows it decoded,
 * deleted, filtered out and returned.
 *
 * <p>An immutable snapshot, safe to share between threads; take a new one with {@link
 * ArrowBatches#metrics()} to see later progress.
 *
 * <pre>{@code
 * try (ArrowBatches batches = ArrowScan.of(scan).open(allocator)) {
 *   batches.forEachRemaining(batch -> total[0] += batch.getRowCount());
 *   System.out.println(batches.metrics().rowGroupsPrunedByBloomFilter());
 * }
 * }</pre>
 */
public final class ScanMetrics {
  private final long planningSkippedDataFiles;
  private final long planningSkippedDataManifests;
  private final long dataFiles;
  private final long filesWithDeletes;
  private final long rowGroups;
  private final long rowGroupsPrunedByStats;
  private final long rowGroupsPrunedByDictionary;
  private final long rowGroupsPrunedByBloomFilter;
  private final long rowGroupsPrunedByFilterColumns;
  private final long rowGroupsRead;
  private final long bytesRead;
  private final long rowsDecoded;
  private final long rowsDeleted;
  private final long rowsFiltered;
  private final long rowsReturned;

  ScanMetrics(long skippedFiles, long skippedManifests, ScanCounters c) {
    this.planningSkippedDataFiles = skippedFiles;
    this.planningSkippedDataManifests = skippedManifests;
    this.dataFiles = c.dataFiles.sum();
    this.filesWithDeletes = c.filesWithDeletes.sum();
    this.rowGroups = c.rowGroups.sum();
    this.rowGroupsPrunedByStats = c.rowGroupsPrunedByStats.sum();
    this.rowGroupsPrunedByDictionary = c.rowGroupsPrunedByDictionary.sum();
    this.rowGroupsPrunedByBloomFilter = c.rowGroupsPrunedByBloom.sum();
    this.rowGroupsPrunedByFilterColumns = c.rowGroupsPrunedByFilterColumns.sum();
    this.rowGroupsRead = c.rowGroupsRead.sum();
    this.bytesRead = c.bytesRead.sum();
    this.rowsDecoded = c.rowsDecoded.sum();
    this.rowsDeleted = c.rowsDeleted.sum();
    this.rowsFiltered = c.rowsFiltered.sum();
    this.rowsReturned = c.rowsReturned.sum();
  }

  /**
   * Data files that Iceberg planning skipped by partition and column-bound pruning.
   *
   * @return the number of data files pruned before reading
   */
  public long planningSkippedDataFiles() {
    return planningSkippedDataFiles;
  }

  /**
   * Data manifests that Iceberg planning skipped by partition summaries.
   *
   * @return the number of manifests pruned
   */
  public long planningSkippedDataManifests() {
    return planningSkippedDataManifests;
  }

  /**
   * Data files opened so far.
   *
   * @return the number of files
   */
  public long dataFiles() {
    return dataFiles;
  }

  /**
   * Data files opened that had delete files or deletion vectors to apply.
   *
   * @return the number of files with deletes
   */
  public long filesWithDeletes() {
    return filesWithDeletes;
  }

  /**
   * Row groups considered in the opened files.
   *
   * @return the number of row groups
   */
  public long rowGroups() {
    return rowGroups;
  }

  /**
   * Row groups skipped because their column statistics cannot match the filter.
   *
   * @return the number of row groups
   */
  public long rowGroupsPrunedByStats() {
    return rowGroupsPrunedByStats;
  }

  /**
   * Row groups skipped because their dictionaries hold no matching value.
   *
   * @return the number of row groups
   */
  public long rowGroupsPrunedByDictionary() {
    return rowGroupsPrunedByDictionary;
  }

  /**
   * Row groups skipped because their Bloom filters rule out the filter's values.
   *
   * @return the number of row groups
   */
  public long rowGroupsPrunedByBloomFilter() {
    return rowGroupsPrunedByBloomFilter;
  }

  /**
   * Row groups skipped after decoding only the filter's columns found no matching row, so their
   * other columns were never read or decompressed.
   *
   * @return the number of row groups
   */
  public long rowGroupsPrunedByFilterColumns() {
    return rowGroupsPrunedByFilterColumns;
  }

  /**
   * Row groups whose pages were read in full (all projected columns).
   *
   * @return the number of row groups
   */
  public long rowGroupsRead() {
    return rowGroupsRead;
  }

  /**
   * Bytes read from storage: footers, dictionaries, Bloom filters and column chunks.
   *
   * @return the number of bytes
   */
  public long bytesRead() {
    return bytesRead;
  }

  /**
   * Rows decoded in full (all projected columns).
   *
   * @return the number of rows
   */
  public long rowsDecoded() {
    return rowsDecoded;
  }

  /**
   * Rows removed by position deletes, deletion vectors and equality deletes.
   *
   * @return the number of rows
   */
  public long rowsDeleted() {
    return rowsDeleted;
  }

  /**
   * Rows removed by the scan's filter after row-group pruning.
   *
   * @return the number of rows
   */
  public long rowsFiltered() {
    return rowsFiltered;
  }

  /**
   * Rows returned in batches.
   *
   * @return the number of rows
   */
  public long rowsReturned() {
    return rowsReturned;
  }

  @Override
  public String toString() {
    return "ScanMetrics{planningSkippedDataFiles="
        + planningSkippedDataFiles
        + ", planningSkippedDataManifests="
        + planningSkippedDataManifests
        + ", dataFiles="
        + dataFiles
        + ", filesWithDeletes="
        + filesWithDeletes
        + ", rowGroups="
        + rowGroups
        + ", rowGroupsPrunedByStats="
        + rowGroupsPrunedByStats
        + ", rowGroupsPrunedByDictionary="
        + rowGroupsPrunedByDictionary
        + ", rowGroupsPrunedByBloomFilter="
        + rowGroupsPrunedByBloomFilter
        + ", rowGroupsPrunedByFilterColumns="
        + rowGroupsPrunedByFilterColumns
        + ", rowGroupsRead="
        + rowGroupsRead
        + ", bytesRead="
        + bytesRead
        + ", rowsDecoded="
        + rowsDecoded
        + ", rowsDeleted="
        + rowsDeleted
        + ", rowsFiltered="
        + rowsFiltered
        + ", rowsReturned="
        + rowsReturned
        + "}";
  }
}
