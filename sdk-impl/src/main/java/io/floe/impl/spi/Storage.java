package io.floe.impl.spi;

import io.floe.impl.cache.MetadataCache;
import io.floe.impl.catalog.SchemeFileIO;
import io.floe.impl.io.AvroContainers;
import io.floe.impl.io.LocalFileIO;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.io.FileIO;

/**
 * Floe's storage for its own modules: the file IO Floe's catalogs use by default, the torn-manifest
 * check of Floe's file IOs, and local paths (the test kit's file IOs, the benchmarks). Not public
 * API (see the package documentation). Stateless; thread-safe.
 */
public final class Storage {
  private Storage() {}

  /**
   * Opens Floe's own storage, as catalogs get it when no {@code io-impl} is configured: a file IO
   * that picks local files, S3, GCS or ADLS by each location's scheme (no Hadoop), with prefix and
   * bulk operations and folder listings ({@link DirectoryListing}).
   *
   * @param properties the catalog properties ({@code io-impl} is replaced)
   * @return an initialized file IO; the caller closes it
   */
  public static FileIO openFileIO(Map<String, String> properties) {
    Map<String, String> props = new HashMap<>(properties);
    props.put(CatalogProperties.FILE_IO_IMPL, SchemeFileIO.class.getName());
    return CatalogUtil.loadFileIO(SchemeFileIO.class.getName(), props, null);
  }

  /**
   * Checks, when a location names a manifest list or manifest (an Avro file under a table's {@code
   * metadata} folder), that its bytes are a whole Avro container, as Floe's production file IO does
   * before handing a manifest to Iceberg: a torn manifest fails, never reads as a shorter one.
   * Other locations are not checked.
   *
   * @param location the file's location
   * @param bytes the whole file
   * @throws java.io.UncheckedIOException naming the file when it is damaged
   */
  public static void checkManifest(String location, byte[] bytes) {
    if (AvroContainers.isManifest(location)) {
      AvroContainers.check(location, bytes, -1);
    }
  }

  /**
   * Drops the data-file footers, Bloom filters and dictionaries that Floe's metadata cache holds
   * for a file IO (for benchmarks of cold reads); tables and manifests stay cached.
   *
   * @param io a table's file IO
   * @return whether the file IO has a metadata cache
   */
  public static boolean dropCachedDataFiles(FileIO io) {
    Optional<MetadataCache> cache = MetadataCache.of(io);
    cache.ifPresent(MetadataCache::invalidateDataFiles);
    return cache.isPresent();
  }

  /**
   * Drops the decoded manifests that Floe's metadata cache holds for a file IO, keeping the files'
   * bytes (for benchmarks of cold planning).
   *
   * @param io a table's file IO
   * @return whether the file IO has a metadata cache
   */
  public static boolean dropDecodedManifests(FileIO io) {
    Optional<MetadataCache> cache = MetadataCache.of(io);
    cache.ifPresent(MetadataCache::invalidateDecoded);
    return cache.isPresent();
  }

  /**
   * Converts a local location to a path.
   *
   * @param location a plain path or a {@code file:} URI
   * @return the path
   */
  public static Path localPath(String location) {
    return LocalFileIO.toPath(location);
  }
}
