package io.floe;

/**
 * A snapshot of a {@link Floe}'s metadata cache counters: loaded tables served without reading
 * their metadata again, metadata files (table metadata JSON, manifest lists, manifests) served from
 * memory instead of storage, and data-file metadata (Parquet footers, Bloom filters and
 * dictionaries read to prune row groups) served from memory.
 *
 * <p>Immutable and thread-safe; counters are cumulative since the {@code Floe} was opened.
 *
 * <pre>{@code
 * CacheStats stats = floe.cacheStats();
 * log.info("metadata cache: {} of {} bytes, file hit rate {}", stats.bytes(), stats.maxBytes(),
 *     stats.fileHitRate());
 * }</pre>
 */
public final class CacheStats {
  private static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  private final long tableHits;
  private final long tableMisses;
  private final long revalidations;
  private final long fileHits;
  private final long fileMisses;
  private final long evictions;
  private final long files;
  private final long bytes;
  private final long maxBytes;
  private final long dataFileHits;
  private final long dataFileMisses;

  private CacheStats(
      long tableHits,
      long tableMisses,
      long revalidations,
      long fileHits,
      long fileMisses,
      long evictions,
      long files,
      long bytes,
      long maxBytes,
      long dataFileHits,
      long dataFileMisses) {
    this.tableHits = tableHits;
    this.tableMisses = tableMisses;
    this.revalidations = revalidations;
    this.fileHits = fileHits;
    this.fileMisses = fileMisses;
    this.evictions = evictions;
    this.files = files;
    this.bytes = bytes;
    this.maxBytes = maxBytes;
    this.dataFileHits = dataFileHits;
    this.dataFileMisses = dataFileMisses;
  }

  /**
   * The statistics of a Floe without a cache: all zero.
   *
   * @return empty statistics
   */
  public static CacheStats empty() {
    return EMPTY;
  }

  /**
   * Creates statistics; for implementations.
   *
   * @param tableHits table loads served from the cache
   * @param tableMisses table loads that went to the catalog
   * @param revalidations cached tables checked against the catalog's current metadata location
   * @param fileHits metadata file reads served from memory
   * @param fileMisses metadata file reads that went to storage
   * @param evictions metadata files evicted for size or expiry
   * @param files metadata files held now
   * @param bytes bytes held now
   * @param maxBytes the byte bound
   * @return the statistics
   * @throws IllegalArgumentException when a count is negative
   */
  public static CacheStats of(
      long tableHits,
      long tableMisses,
      long revalidations,
      long fileHits,
      long fileMisses,
      long evictions,
      long files,
      long bytes,
      long maxBytes) {
    long[] all = {
      tableHits, tableMisses, revalidations, fileHits, fileMisses, evictions, files, bytes, maxBytes
    };
    for (long n : all) {
      if (n < 0) {
        throw new IllegalArgumentException("Cache counters must not be negative: " + n);
      }
    }
    return new CacheStats(
        tableHits,
        tableMisses,
        revalidations,
        fileHits,
        fileMisses,
        evictions,
        files,
        bytes,
        maxBytes,
        0,
        0);
  }

  /**
   * These statistics with the data-file metadata counters set; for implementations.
   *
   * @param hits data-file metadata reads (Parquet footers, Bloom filters, dictionaries) served from
   *     memory
   * @param misses data-file metadata reads that went to storage
   * @return new statistics
   * @throws IllegalArgumentException when a count is negative
   */
  public CacheStats withDataFiles(long hits, long misses) {
    if (hits < 0 || misses < 0) {
      throw new IllegalArgumentException(
          "Cache counters must not be negative: " + hits + ", " + misses);
    }
    return new CacheStats(
        tableHits,
        tableMisses,
        revalidations,
        fileHits,
        fileMisses,
        evictions,
        files,
        bytes,
        maxBytes,
        hits,
        misses);
  }

  /**
   * Table loads served from the cache.
   *
   * @return the count
   */
  public long tableHits() {
    return tableHits;
  }

  /**
   * Table loads that went to the catalog.
   *
   * @return the count
   */
  public long tableMisses() {
    return tableMisses;
  }

  /**
   * Cached tables checked against the catalog (a metadata location check, reading new metadata only
   * when another writer committed).
   *
   * @return the count
   */
  public long revalidations() {
    return revalidations;
  }

  /**
   * Metadata file reads served from memory.
   *
   * @return the count
   */
  public long fileHits() {
    return fileHits;
  }

  /**
   * Metadata file reads that went to storage.
   *
   * @return the count
   */
  public long fileMisses() {
    return fileMisses;
  }

  /**
   * The share of metadata file reads served from memory.
   *
   * @return a ratio from 0 to 1; 0 when nothing was read
   */
  public double fileHitRate() {
    long total = fileHits + fileMisses;
    return total == 0 ? 0 : (double) fileHits / total;
  }

  /**
   * Metadata files evicted for size or expiry.
   *
   * @return the count
   */
  public long evictions() {
    return evictions;
  }

  /**
   * Metadata files held now.
   *
   * @return the count
   */
  public long files() {
    return files;
  }

  /**
   * Bytes of metadata held now.
   *
   * @return the byte count
   */
  public long bytes() {
    return bytes;
  }

  /**
   * The cache's byte bound ({@code floe.cache.max-bytes}).
   *
   * @return the bound, 0 without a cache
   */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Data-file metadata reads served from memory: Parquet footers, Bloom filters and dictionaries
   * that Arrow scans read to prune row groups (data files are immutable, so these never go stale).
   *
   * @return the count
   */
  public long dataFileHits() {
    return dataFileHits;
  }

  /**
   * Data-file metadata reads that went to storage.
   *
   * @return the count
   */
  public long dataFileMisses() {
    return dataFileMisses;
  }

  /**
   * Sums two statistics, for a Floe with several catalogs.
   *
   * @param other the other statistics
   * @return the sum
   */
  public CacheStats plus(CacheStats other) {
    return new CacheStats(
        tableHits + other.tableHits,
        tableMisses + other.tableMisses,
        revalidations + other.revalidations,
        fileHits + other.fileHits,
        fileMisses + other.fileMisses,
        evictions + other.evictions,
        files + other.files,
        bytes + other.bytes,
        maxBytes + other.maxBytes,
        dataFileHits + other.dataFileHits,
        dataFileMisses + other.dataFileMisses);
  }

  @Override
  public String toString() {
    return "CacheStats{tables "
        + tableHits
        + " hits/"
        + tableMisses
        + " misses, "
        + revalidations
        + " revalidations; files "
        + fileHits
        + " hits/"
        + fileMisses
        + " misses, "
        + evictions
        + " evictions, "
        + files
        + " files, "
        + bytes
        + "/"
        + maxBytes
        + " bytes; data-file metadata "
        + dataFileHits
        + " hits/"
        + dataFileMisses
        + " misses}";
  }
}
