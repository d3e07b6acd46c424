package io.floe.impl.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.EncryptingFileIO;

/**
 * Writes the manifests of an append in the calling thread and hands them to the append, instead of
 * letting Iceberg write them.
 *
 * <p>Iceberg writes an update's new manifests through {@code Tasks} on its shared worker pool
 * ({@code SnapshotProducer.writeManifests} ignores {@code scanManifestsWith}), and {@code Tasks}
 * polls the futures with a 10 ms sleep: every append commit slept at least 10 ms, most of a small
 * commit's time. A manifest written here is the same manifest Iceberg would write (entries with
 * inherited snapshot id and sequence number, the table's manifest codec); the append keeps it
 * across retries and, after a failed commit, {@code CommitFiles} deletes it with the attempt's
 * other files.
 *
 * <p>A manifest handed over carries no file sizes or partitions, so Iceberg leaves {@code
 * added-files-size} and {@code changed-partition-count} out of the snapshot summary (and the {@code
 * total-files-size} unchanged); this class sets both, so the summary is the one Iceberg would
 * write. Used only where that holds: format v2 and later (v1 copies appended manifests), no
 * per-partition summaries ({@value TableProperties#WRITE_PARTITION_SUMMARY_LIMIT}), and at most
 * {@value #MAX_FILES} files (where Iceberg would start writing manifests in parallel).
 */
final class AppendManifests {
  /** Appends of more files than this are left to Iceberg's parallel manifest writers. */
  static final int MAX_FILES = 10_000;

  private AppendManifests() {}

  /**
   * Writes the files into one manifest per partition spec and adds the manifests to the append.
   *
   * @param append the append, created on {@code table}
   * @param table the table the append commits to (its operations write the manifests)
   * @param files the data files
   * @return false when nothing was done and the files must be added one by one
   * @throws UncheckedIOException when a manifest cannot be written
   */
  static boolean appendTo(AppendFiles append, Table table, List<DataFile> files) {
    if (files.isEmpty() || files.size() > MAX_FILES || !(table instanceof HasTableOperations has)) {
      return false;
    }
    TableOperations ops = has.operations();
    TableMetadata metadata = ops.current();
    if (metadata == null
        || metadata.formatVersion() < 2
        || metadata.propertyAsInt(
                TableProperties.WRITE_PARTITION_SUMMARY_LIMIT,
                TableProperties.WRITE_PARTITION_SUMMARY_LIMIT_DEFAULT)
            > 0) {
      return false;
    }
    Map<Integer, PartitionSpec> specs = metadata.specsById();
    Map<Integer, List<DataFile>> bySpec = new LinkedHashMap<>();
    for (DataFile file : files) {
      if (!specs.containsKey(file.specId())) {
        return false; // let Iceberg report the unknown spec
      }
      bySpec.computeIfAbsent(file.specId(), id -> new java.util.ArrayList<>()).add(file);
    }
    Map<String, String> writerProps = manifestWriterProperties(metadata);
    EncryptingFileIO io = EncryptingFileIO.combine(ops.io(), ops.encryption());
    String prefix = UUID.randomUUID().toString();
    long bytes = 0;
    Set<String> partitions = new HashSet<>();
    int n = 0;
    for (Map.Entry<Integer, List<DataFile>> group : bySpec.entrySet()) {
      PartitionSpec spec = specs.get(group.getKey());
      String location = ops.metadataFileLocation(FileFormat.AVRO.addExtension(prefix + "-m" + n++));
      ManifestWriter<DataFile> writer =
          ManifestFiles.write(
              metadata.formatVersion(),
              spec,
              io.newEncryptingOutputFile(location),
              null,
              writerProps);
      try {
        for (DataFile file : group.getValue()) {
          writer.add(file);
          bytes += file.fileSizeInBytes();
          partitions.add(spec.partitionToPath(file.partition()));
        }
      } finally {
        close(writer, location);
      }
      append.appendManifest(writer.toManifestFile());
    }
    append.set(SnapshotSummary.ADDED_FILE_SIZE_PROP, String.valueOf(bytes));
    append.set(SnapshotSummary.CHANGED_PARTITION_COUNT_PROP, String.valueOf(partitions.size()));
    return true;
  }

  /** The manifest codec and level, as Iceberg's {@code SnapshotProducer} chooses them. */
  private static Map<String, String> manifestWriterProperties(TableMetadata metadata) {
    Map<String, String> props = new java.util.HashMap<>();
    props.put(
        TableProperties.AVRO_COMPRESSION,
        metadata.property(
            TableProperties.MANIFEST_COMPRESSION, TableProperties.MANIFEST_COMPRESSION_DEFAULT));
    String level =
        metadata.property(
            TableProperties.MANIFEST_COMPRESSION_LEVEL,
            TableProperties.MANIFEST_COMPRESSION_LEVEL_DEFAULT);
    if (level != null) {
      props.put(TableProperties.AVRO_COMPRESSION_LEVEL, level);
    }
    return props;
  }

  private static void close(ManifestWriter<DataFile> writer, String location) {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write manifest " + location + ": " + e.getMessage(), e);
    }
  }
}
