package io.floe.testkit;

import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Finds the files a table refers to and the files under its location it does not (orphans), to
 * check that failed writes clean up after themselves.
 *
 * <p>Stateless and thread-safe; each call reads the table's current metadata and manifests.
 *
 * <pre>{@code
 * List<String> orphans = TableFiles.orphans(table);
 * assertThat(orphans).isEmpty();
 * }</pre>
 */
public final class TableFiles {
  private TableFiles() {}

  /**
   * Every file the table's metadata refers to: metadata files (current, logged, and the earlier
   * ones those refer to, as Iceberg's orphan-file removal counts them), manifest lists, manifests,
   * data and delete files of every snapshot, and statistics files.
   *
   * @param table a table opened through Floe
   * @return the files' locations
   */
  public static Set<String> referenced(FloeTable table) {
    Table iceberg = Internals.icebergTable(Objects.requireNonNull(table, "table"));
    FileIO io = iceberg.io();
    Set<String> files = new HashSet<>(ReachableFileUtil.metadataFileLocations(iceberg, true));
    if (iceberg instanceof org.apache.iceberg.HasTableOperations ops) {
      files.add(ops.operations().current().metadataFileLocation());
    }
    files.addAll(ReachableFileUtil.manifestListLocations(iceberg));
    files.addAll(ReachableFileUtil.statisticsFilesLocations(iceberg));
    Set<String> manifests = new HashSet<>();
    for (Snapshot snapshot : iceberg.snapshots()) {
      for (ManifestFile manifest : snapshot.allManifests(io)) {
        if (!manifests.add(manifest.path())) {
          continue;
        }
        try (ManifestReader<? extends ContentFile<?>> reader =
            switch (manifest.content()) {
              case DATA -> ManifestFiles.read(manifest, io, iceberg.specs());
              case DELETES -> ManifestFiles.readDeleteManifest(manifest, io, iceberg.specs());
            }) {
          for (ContentFile<?> file : reader) {
            files.add(file.location());
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Failed to read manifest " + manifest.path(), e);
        }
      }
    }
    files.addAll(manifests);
    return files;
  }

  /**
   * The files under the table's location that its metadata does not refer to, except a catalog's
   * own file next to the metadata (the version hint of Iceberg's {@code HadoopCatalog} layout,
   * {@code metadata/version-hint.text}, which orphan-file removal keeps too).
   *
   * @param table a table opened through Floe
   * @return the orphan files' locations, sorted
   * @throws UnsupportedOperationException when the table's storage cannot list files
   */
  public static List<String> orphans(FloeTable table) {
    Table iceberg = Internals.icebergTable(Objects.requireNonNull(table, "table"));
    if (!(iceberg.io() instanceof SupportsPrefixOperations lister)) {
      throw new UnsupportedOperationException(
          "The storage of " + table.name() + " cannot list files");
    }
    Set<String> referenced = new HashSet<>();
    for (String location : referenced(table)) {
      referenced.add(normalize(location));
    }
    TreeSet<String> orphans = new TreeSet<>();
    for (FileInfo file : lister.listPrefix(iceberg.location())) {
      if (!referenced.contains(normalize(file.location()))
          && !file.location().endsWith("/metadata/version-hint.text")) {
        orphans.add(file.location());
      }
    }
    return new ArrayList<>(orphans);
  }

  private static String normalize(String location) {
    if (location.startsWith("file://")) {
      return location.substring("file://".length());
    }
    if (location.startsWith("file:")) {
      return location.substring("file:".length());
    }
    return location;
  }
}
