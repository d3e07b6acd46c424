package io.floe.impl.maintain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;

/**
 * The files a table's metadata references: manifest lists, manifests, the live data and delete
 * files of every snapshot, statistics files and (optionally) metadata files, by normalized
 * location. Manifests are read in parallel and their contents cached by location (manifests are
 * immutable), so a second pass after a commit reads only new manifests.
 */
final class Reachable {
  enum Kind {
    DATA,
    DELETE,
    MANIFEST,
    MANIFEST_LIST,
    STATISTICS,
    METADATA
  }

  record FileRef(String location, Kind kind, long size) {}

  private final Map<String, List<FileRef>> manifestCache = new ConcurrentHashMap<>();

  /**
   * Collects every file the table's current metadata references.
   *
   * @param table the table, refreshed by the caller
   * @param pool the pool that reads manifests
   * @param withMetadataFiles whether to include metadata JSON files
   * @return normalized location to file
   */
  Map<String, FileRef> collect(Table table, ExecutorService pool, boolean withMetadataFiles) {
    Map<String, FileRef> files = new HashMap<>();
    Map<String, ManifestFile> manifests = new HashMap<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.manifestListLocation() != null) {
        put(files, new FileRef(snapshot.manifestListLocation(), Kind.MANIFEST_LIST, -1));
      }
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        manifests.putIfAbsent(manifest.path(), manifest);
      }
    }
    List<ManifestFile> toRead = new ArrayList<>();
    for (ManifestFile manifest : manifests.values()) {
      put(files, new FileRef(manifest.path(), Kind.MANIFEST, manifest.length()));
      if (!manifestCache.containsKey(manifest.path())) {
        toRead.add(manifest);
      }
    }
    Pools.map(
        pool,
        table.name(),
        toRead,
        manifest -> {
          manifestCache.put(manifest.path(), read(table, manifest));
          return null;
        });
    for (ManifestFile manifest : manifests.values()) {
      for (FileRef ref : manifestCache.get(manifest.path())) {
        put(files, ref);
      }
    }
    for (StatisticsFile stats : table.statisticsFiles()) {
      put(files, new FileRef(stats.path(), Kind.STATISTICS, stats.fileSizeInBytes()));
    }
    for (PartitionStatisticsFile stats : table.partitionStatisticsFiles()) {
      put(files, new FileRef(stats.path(), Kind.STATISTICS, stats.fileSizeInBytes()));
    }
    if (withMetadataFiles && table instanceof HasTableOperations) {
      // the current metadata file, the ones its log names and, as Iceberg's orphan-file removal
      // counts them, the older ones that the oldest logged file's own log names (recursively)
      for (String location :
          org.apache.iceberg.ReachableFileUtil.metadataFileLocations(table, true)) {
        if (location != null) {
          put(files, new FileRef(location, Kind.METADATA, -1));
        }
      }
    }
    return files;
  }

  private static void put(Map<String, FileRef> files, FileRef ref) {
    files.putIfAbsent(normalize(ref.location()), ref);
  }

  private static List<FileRef> read(Table table, ManifestFile manifest) {
    List<FileRef> refs = new ArrayList<>();
    try (ManifestReader<? extends ContentFile<?>> reader =
        manifest.content() == org.apache.iceberg.ManifestContent.DATA
            ? ManifestFiles.read(manifest, table.io(), table.specs())
            : ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
      for (ContentFile<?> file : reader) {
        Kind kind = file.content() == FileContent.DATA ? Kind.DATA : Kind.DELETE;
        refs.add(new FileRef(file.location(), kind, file.fileSizeInBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read manifest " + manifest.path(), e);
    }
    return refs;
  }

  /**
   * A location in a form that compares equal however it was written ({@link
   * io.floe.impl.io.Locations#canonical}).
   *
   * @param location a file location
   * @return the canonical location
   */
  static String normalize(String location) {
    return io.floe.impl.io.Locations.canonical(location);
  }
}
