package io.floe.impl.spi;

import java.util.function.Supplier;

/**
 * Floe's cache of immutable data-file metadata (Parquet footers, Bloom filters, dictionaries) as a
 * reader sees it; {@link ScanPlan#dataFileCache()} gives the one of a scan's table. Thread-safe.
 */
public interface DataFileCache {
  /**
   * Metadata of an immutable data file held in the cache (a Parquet footer, a Bloom filter, a
   * dictionary), which knows an estimate of its heap size.
   */
  interface Weighted {
    /**
     * An estimate of the heap bytes this entry holds, erring high, for the cache's byte bound.
     *
     * @return the estimate in bytes
     */
    long weight();
  }

  /**
   * Metadata of a data file, loaded at most once while cached. The key must identify the file by
   * location and length (data files are never rewritten in place, but a length check guards against
   * a path reused for other content). A null load is not cached.
   *
   * @param key what is cached: the file's location and length and which part of the file
   * @param load reads the metadata from storage, or returns null when the file has none
   * @param <V> the kind of metadata
   * @return the metadata, or null when the load returned null
   */
  <V extends Weighted> V dataFile(Object key, Supplier<V> load);
}
