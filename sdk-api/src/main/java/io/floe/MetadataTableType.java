package io.floe;

/**
 * The metadata tables of an Iceberg table, readable as rows with {@link
 * FloeTable#metadataTable(MetadataTableType)}; columns follow Iceberg's (and Spark's) metadata
 * tables of the same name.
 *
 * <pre>{@code
 * try (RowStream files = table.metadataTable(MetadataTableType.FILES).rows()) {
 *   files.forEach(f -> System.out.println(f.get("file_path") + " " + f.get("record_count")));
 * }
 * }</pre>
 */
public enum MetadataTableType {
  /** One row per snapshot: id, parent, commit time, operation, manifest list, summary. */
  SNAPSHOTS,
  /**
   * The main branch's history: when each snapshot became current, and whether it is an ancestor.
   */
  HISTORY,
  /** Branches and tags with their snapshot and retention. */
  REFS,
  /** The live data and delete files of a snapshot, with sizes, counts and column metrics. */
  FILES,
  /** The live data files of a snapshot. */
  DATA_FILES,
  /** The live delete files of a snapshot. */
  DELETE_FILES,
  /** The manifests of a snapshot, with file counts. */
  MANIFESTS,
  /** One row per partition: record, file and delete counts, size, last update. */
  PARTITIONS,
  /** The manifest entries of a snapshot: status, sequence numbers and file. */
  ENTRIES,
  /** The table's previous metadata files. */
  METADATA_LOG_ENTRIES,
  /** The data files of every snapshot still in the metadata. */
  ALL_DATA_FILES,
  /** The manifests of every snapshot still in the metadata. */
  ALL_MANIFESTS
}
