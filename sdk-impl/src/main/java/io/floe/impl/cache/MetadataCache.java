package io.floe.impl.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.iceberg.io.FileIO;

/**
 * One Floe catalog's cache of immutable metadata on Caffeine, bounded in bytes with expiry after
 * access: metadata files (table metadata JSON, manifest lists and manifests) as bytes, and
 * manifests decoded into data files ({@link DecodedManifest}), which is what makes repeated scan
 * planning cheap, and data files' Parquet footers, Bloom filters and dictionaries ({@link
 * Weighted}), which make repeated point lookups cheap. All share one byte bound; decoded entries
 * are weighed by an estimate of their heap size.
 *
 * <p>Iceberg never rewrites these files in place (each commit writes new ones under new names), so
 * an entry keyed by location is never stale; what changes is which file is current, and that is
 * {@link CachingCatalog}'s business. Catalogs create their {@link org.apache.iceberg.io.FileIO}
 * from a class name, so a cache is found by the id carried in the catalog properties ({@link
 * #ID_PROPERTY}). Thread-safe.
 */
public final class MetadataCache implements AutoCloseable, io.floe.impl.spi.DataFileCache {
  /** Catalog property holding the id under which the cache is registered. */
  public static final String ID_PROPERTY = "floe.cache.id";

  /** Whether the cache is on (default true). */
  public static final String ENABLED = "floe.cache.enabled";

  /** The byte bound (default: a sixteenth of the maximum heap, at least 64 MiB, at most 1 GiB). */
  public static final String MAX_BYTES = "floe.cache.max-bytes";

  /** Expiry after last access in milliseconds (default 10 minutes). */
  public static final String EXPIRE_AFTER_ACCESS_MS = "floe.cache.expire-after-access-ms";

  /**
   * How long a cached table is served without asking the catalog, in milliseconds (default 1000).
   */
  public static final String REVALIDATE_AFTER_MS = "floe.cache.revalidate-after-ms";

  /**
   * The default byte bound: a sixteenth of the maximum heap, within [64 MiB, 1 GiB]. A fixed 64 MiB
   * held neither the manifests nor the decoded files of a 100,000-file table, so every "warm" plan
   * of it evicted and decoded manifests again (LargeTableBenchmark: ~1 s instead of ~10 ms).
   */
  static final long DEFAULT_MAX_BYTES =
      Math.max(64L << 20, Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 16));

  static final long DEFAULT_EXPIRE_MS = Duration.ofMinutes(10).toMillis();
  static final long DEFAULT_REVALIDATE_MS = 1000;

  private static final Map<String, MetadataCache> REGISTRY = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private final long maxBytes;
  private final long maxFileBytes;
  private final long revalidateAfterNanos;

  /** Byte arrays keyed by location, and decoded manifests keyed by {@link DecodedManifest.Key}. */
  private final Cache<Object, Object> entries;

  final LongAdder tableHits = new LongAdder();
  final LongAdder tableMisses = new LongAdder();
  final LongAdder revalidations = new LongAdder();
  private final LongAdder fileHits = new LongAdder();
  private final LongAdder fileMisses = new LongAdder();
  private final LongAdder manifestHits = new LongAdder();
  private final LongAdder manifestMisses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder dataFileHits = new LongAdder();
  private final LongAdder dataFileMisses = new LongAdder();

  private MetadataCache(long maxBytes, long expireAfterAccessMs, long revalidateAfterMs) {
    this.maxBytes = maxBytes;
    // one file may take at most an eighth of the cache, so a huge manifest cannot flush the rest
    this.maxFileBytes = Math.max(1, maxBytes / 8);
    this.revalidateAfterNanos = Duration.ofMillis(revalidateAfterMs).toNanos();
    this.entries =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher(MetadataCache::weigh)
            .expireAfterAccess(Duration.ofMillis(expireAfterAccessMs))
            .evictionListener(
                (Object key, Object value, RemovalCause cause) -> evictions.increment())
            .build();
  }

  /**
   * Creates and registers the cache a catalog's properties describe.
   *
   * @param catalog the catalog name, for messages
   * @param props the catalog properties
   * @return the cache, or empty when {@code floe.cache.enabled} is false
   * @throws IllegalArgumentException when a cache property is not a non-negative number
   */
  public static Optional<MetadataCache> create(String catalog, Map<String, String> props) {
    if (!Boolean.parseBoolean(props.getOrDefault(ENABLED, "true"))) {
      return Optional.empty();
    }
    MetadataCache cache =
        new MetadataCache(
            longProperty(catalog, props, MAX_BYTES, DEFAULT_MAX_BYTES),
            longProperty(catalog, props, EXPIRE_AFTER_ACCESS_MS, DEFAULT_EXPIRE_MS),
            longProperty(catalog, props, REVALIDATE_AFTER_MS, DEFAULT_REVALIDATE_MS));
    REGISTRY.put(cache.id, cache);
    return Optional.of(cache);
  }

  private static long longProperty(
      String catalog, Map<String, String> props, String key, long fallback) {
    String value = props.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Catalog "
              + catalog
              + ": '"
              + key
              + "' must be a non-negative whole number, not '"
              + value
              + "'",
          e);
    }
  }

  private static int weigh(Object key, Object value) {
    long weight;
    if (value instanceof byte[] bytes) {
      // the array, the key string and the cache node
      weight = 16L + bytes.length + 40 + ((String) key).length() + 64;
    } else if (value instanceof Weighted weighted) {
      // the key (a record holding the location) and the cache node
      weight = weighted.weight() + 160;
    } else {
      weight = ((DecodedManifest) value).weight() + 64;
    }
    return (int) Math.min(Integer.MAX_VALUE, weight);
  }

  /**
   * The cache behind a file IO, if the IO is Floe's caching IO with a live cache.
   *
   * @param io a table's file IO
   * @return the cache, or empty
   */
  public static Optional<MetadataCache> of(FileIO io) {
    return io instanceof CachingFileIO caching
        ? Optional.ofNullable(caching.cache())
        : Optional.empty();
  }

  /**
   * Finds a registered cache.
   *
   * @param id the id from {@link #ID_PROPERTY}
   * @return the cache, or empty when it was closed or never existed
   */
  static Optional<MetadataCache> lookup(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(REGISTRY.get(id));
  }

  /**
   * The id to put in the catalog properties under {@link #ID_PROPERTY}.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  long revalidateAfterNanos() {
    return revalidateAfterNanos;
  }

  /**
   * Whether a location names an immutable metadata file worth caching.
   *
   * @param location the file location
   * @return true for table metadata JSON, manifest lists and manifests
   */
  static boolean cacheable(String location) {
    int slash = location.lastIndexOf('/');
    String name = location.substring(slash + 1);
    if (name.endsWith(".metadata.json") || name.endsWith(".metadata.json.gz")) {
      return true;
    }
    // manifest lists (snap-*.avro) and manifests (*-m0.avro) live under the table's metadata folder
    return name.endsWith(".avro") && location.contains("/metadata/");
  }

  /** A cached file's bytes, counting the hit or miss. */
  byte[] get(String location) {
    byte[] bytes = (byte[]) entries.getIfPresent(location);
    (bytes != null ? fileHits : fileMisses).increment();
    return bytes;
  }

  /** A cached file's bytes, without counting. */
  byte[] peek(String location) {
    return (byte[]) entries.getIfPresent(location);
  }

  void put(String location, byte[] content) {
    if (content.length <= maxFileBytes) {
      entries.put(location, content);
    }
  }

  /**
   * A decoded manifest from the cache, or decoded now and cached (unless it is larger than an
   * eighth of the cache). Concurrent callers for the same key may both decode; the result is the
   * same.
   *
   * @param key the manifest and the statistics its files keep
   * @param decode reads and decodes the manifest
   * @return the decoded manifest
   */
  public DecodedManifest manifest(DecodedManifest.Key key, Supplier<DecodedManifest> decode) {
    DecodedManifest cached = (DecodedManifest) entries.getIfPresent(key);
    if (cached != null) {
      manifestHits.increment();
      return cached;
    }
    manifestMisses.increment();
    DecodedManifest decoded = decode.get();
    if (decoded.weight() <= maxFileBytes) {
      entries.put(key, decoded);
    }
    return decoded;
  }

  /**
   * Metadata of an immutable data file (footer, Bloom filter or dictionary of one column chunk)
   * from the cache, or loaded now and cached unless it is larger than an eighth of the cache. Keys
   * must identify the file by location and length (data files are never rewritten in place, but a
   * length check guards against a path reused for other content). A null load is not cached.
   * Concurrent callers for the same key may both load; the result is the same.
   *
   * @param key what is cached: the file's location and length and which part of the file
   * @param load reads the metadata from storage, or returns null when the file has none
   * @param <V> the kind of metadata
   * @return the metadata, or null when the load returned null
   */
  @Override
  @SuppressWarnings("unchecked")
  public <V extends Weighted> V dataFile(Object key, Supplier<V> load) {
    Object cached = entries.getIfPresent(key);
    if (cached != null) {
      dataFileHits.increment();
      return (V) cached;
    }
    dataFileMisses.increment();
    V loaded = load.get();
    if (loaded != null && loaded.weight() <= maxFileBytes) {
      entries.put(key, loaded);
    }
    return loaded;
  }

  /**
   * Whether a decoded manifest is cached, without touching its recency.
   *
   * @param key the manifest and the statistics its files keep
   * @return true when cached
   */
  public boolean holds(DecodedManifest.Key key) {
    return entries.policy().getIfPresentQuietly(key) != null;
  }

  /**
   * Decoded manifests served from memory.
   *
   * @return the count
   */
  public long manifestHits() {
    return manifestHits.sum();
  }

  /**
   * Manifests decoded because they were not cached.
   *
   * @return the count
   */
  public long manifestMisses() {
    return manifestMisses.sum();
  }

  boolean fits(long length) {
    return length >= 0 && length <= maxFileBytes;
  }

  void invalidate(String location) {
    entries.invalidate(location);
  }

  /** Drops every cached file and decoded manifest (tables stay cached). */
  public void invalidateFiles() {
    entries.invalidateAll();
  }

  /** Drops every decoded manifest, keeping the files' bytes (for benchmarks of cold planning). */
  public void invalidateDecoded() {
    entries.asMap().keySet().removeIf(key -> key instanceof DecodedManifest.Key);
  }

  /**
   * Drops every cached data-file footer, Bloom filter and dictionary (for benchmarks of cold
   * reads).
   */
  public void invalidateDataFiles() {
    entries.asMap().values().removeIf(value -> value instanceof Weighted);
  }

  /**
   * The cache's counters.
   *
   * @return the statistics
   */
  public io.floe.CacheStats stats() {
    // evictions run on Caffeine's executor: without this, a loaded machine shows the weight above
    // the bound until they catch up (PlannerTest saw it)
    entries.cleanUp();
    long bytes = entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    return io.floe.CacheStats.of(
            tableHits.sum(),
            tableMisses.sum(),
            revalidations.sum(),
            fileHits.sum(),
            fileMisses.sum(),
            evictions.sum(),
            entries.estimatedSize(),
            bytes,
            maxBytes)
        .withDataFiles(dataFileHits.sum(), dataFileMisses.sum());
  }

  /** Unregisters the cache and drops its entries. */
  @Override
  public void close() {
    REGISTRY.remove(id);
    entries.invalidateAll();
  }
}
