package io.floe.maintenance;

import io.floe.Floe;
import java.util.Objects;

/**
 * Clones a table cheaply where the storage is shared: the clone's metadata references the source's
 * manifests, data and delete files as they are (nothing is copied) and the clone writes its own new
 * files under its own location. Source and clone then evolve apart, each with its own snapshots.
 *
 * <p>Neither deletes what the other still reads:
 *
 * <ul>
 *   <li>The clone's expiry and compaction delete only files under its own location, its orphan-file
 *       removal lists only its own location, and purging it is refused while its metadata names a
 *       file it does not own ({@code gc.enabled} is left as it is, so Floe can still clean up the
 *       clone's own files).
 *   <li>The source records each clone in a table property {@value #CLONES_PREFIX}{@code <clone
 *       uuid>} = {@code <catalog>.<namespace>.<table>}. Floe's expiry and orphan-file removal on
 *       the source load every recorded clone (and their clones) from the catalogs open in this JVM
 *       and keep every file one of their snapshots references; a clone that cannot be loaded makes
 *       them refuse, naming it, until the property is removed (dropping the clone through Floe
 *       removes it). Purging a table with recorded clones is refused.
 * </ul>
 *
 * <p>Other engines (Spark, Trino, Flink) do not read these properties: their snapshot expiry or
 * orphan-file removal on the source deletes files the clone reads, and on the clone deletes the
 * source's files. Keep maintenance of both tables in Floe, or set {@code gc.enabled=false} on both
 * while the clone exists. A pending operation, used once; not thread-safe.
 *
 * <pre>{@code
 * CloneTable.Result r = table.maintenance().cloneTable().to(floe, "sandbox.events").execute();
 * }</pre>
 */
public interface CloneTable {

  /** Clone property: the UUID of the table it was cloned from. */
  String SOURCE_UUID = "floe.clone.source-uuid";

  /** Clone property: the source's full name, {@code <catalog>.<namespace>.<table>}. */
  String SOURCE_NAME = "floe.clone.source";

  /** Clone property: the source snapshot the clone started from. */
  String SOURCE_SNAPSHOT = "floe.clone.source-snapshot-id";

  /**
   * Source property prefix: {@code floe.clones.<clone uuid>} names a clone ({@code
   * <catalog>.<namespace>.<table>}) whose files the source's maintenance keeps. Dropping the clone
   * through Floe removes it when the source's catalog is open in the same process; otherwise remove
   * it with {@code updateProperties()}.
   */
  String CLONES_PREFIX = "floe.clones.";

  /**
   * Sets the clone (required): a new table name in a Floe whose storage reaches the source's files
   * (the same catalog, or another over the same file system or bucket).
   *
   * @param target the Floe that will hold the clone
   * @param name the clone's full name in it
   * @return this clone
   * @throws NullPointerException when either is null
   */
  CloneTable to(Floe target, String name);

  /**
   * Where the clone writes its own files (default: the location the target catalog gives a new
   * table of the name); it must lie outside the source's and every other table's location.
   *
   * @param location a folder for the clone
   * @return this clone
   * @throws IllegalArgumentException when blank
   */
  CloneTable location(String location);

  /**
   * Clones the table as of one of its snapshots (default: the current one).
   *
   * @param snapshotId the source snapshot the clone starts from
   * @return this clone
   */
  CloneTable asOfSnapshot(long snapshotId);

  /**
   * Records the clone on the source, then writes the clone's first metadata file and registers it.
   *
   * @return the clone's name, location, UUID and first snapshot
   * @throws io.floe.ValidationException when the snapshot is unknown, or the location overlaps the
   *     source, another table, a warehouse root or a catalog's files; nothing is written
   * @throws io.floe.AlreadyExistsException when the target already has a table of that name
   * @throws io.floe.UnsupportedFeatureException when the target catalog cannot register tables or
   *     its storage cannot read the source's files; the source's record is taken back
   * @throws IllegalStateException when already executed or no target was given
   */
  Result execute();

  /**
   * What a clone did. Immutable and thread-safe.
   *
   * @param source the source table's full name
   * @param cloneName the clone's full name
   * @param location the clone's location
   * @param cloneUuid the clone's UUID (the key of its record on the source)
   * @param snapshotId the source snapshot the clone starts from, or -1 for a table without one
   * @param metadataLocation the clone's first metadata file
   */
  record Result(
      String source,
      String cloneName,
      String location,
      String cloneUuid,
      long snapshotId,
      String metadataLocation) {
    /**
     * Checks the values.
     *
     * @param source the source's name
     * @param cloneName the clone's name
     * @param location the clone's location
     * @param cloneUuid the clone's UUID
     * @param snapshotId the snapshot cloned
     * @param metadataLocation the clone's metadata file
     * @throws NullPointerException when a name, location or UUID is null
     */
    public Result {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(cloneName, "cloneName");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(cloneUuid, "cloneUuid");
      Objects.requireNonNull(metadataLocation, "metadataLocation");
    }
  }
}
