package io.floe;

import io.floe.maintenance.BackupTable;
import io.floe.maintenance.ExpireSnapshots;
import io.floe.maintenance.RemoveOrphanFiles;
import io.floe.maintenance.RepairTable;
import io.floe.maintenance.RewriteDataFiles;
import io.floe.maintenance.RewriteManifests;
import io.floe.maintenance.RewritePositionDeletes;
import io.floe.maintenance.VerifyTable;

/**
 * Table maintenance run in this JVM, no Spark or Flink: compaction, snapshot expiry, orphan-file
 * removal, manifest and position-delete rewriting, verification and repair. Each operation (one
 * type per operation in {@code io.floe.maintenance}, with its {@code Result}) is used once:
 * configure it, then {@code execute()} it to get a result with counts and bytes. The results of the
 * operations that publish a snapshot (the rewrites) are {@link CommitResult}s: they carry the
 * snapshot and its summary as every {@code commit()} does.
 *
 * <p>Work is spread over a bounded pool of {@code parallelism} threads that lives only for the
 * operation. Every operation is safe next to concurrent writers: it commits with Iceberg's
 * validation and retries, never removes a file that a live snapshot references, and on a conflict
 * it cleans up what it wrote and leaves the table as it was. The {@code Maintenance} object itself
 * is thread-safe.
 *
 * <pre>{@code
 * RewriteDataFiles.Result compacted = table.maintenance().rewriteDataFiles()
 *     .targetFileSize(128L << 20)
 *     .execute();
 * table.maintenance().expireSnapshots().olderThan(Instant.now().minus(Duration.ofDays(7))).execute();
 * }</pre>
 */
public interface Maintenance {

  /**
   * Starts a compaction of data files: small files are bin-packed (or sorted) into files of the
   * target size, and files with many deletes are rewritten with the deletes applied.
   *
   * @return a new pending rewrite
   */
  RewriteDataFiles rewriteDataFiles();

  /**
   * Starts a snapshot expiry, which also deletes the files no remaining snapshot references.
   * Refused ({@link ValidationException} at execute) when the table's {@code gc.enabled} is false,
   * as Iceberg refuses it.
   *
   * @return a new pending expiry
   */
  ExpireSnapshots expireSnapshots();

  /**
   * Starts a search for files under the table's location that no snapshot or metadata references.
   *
   * @return a new pending orphan removal
   */
  RemoveOrphanFiles removeOrphanFiles();

  /**
   * Starts a rewrite of the current snapshot's data manifests, clustered by partition.
   *
   * @return a new pending manifest rewrite
   */
  RewriteManifests rewriteManifests();

  /**
   * Starts a compaction of position deletes: each data file's position-delete files are merged into
   * one (format v2) or into one deletion vector (format v3); data files are not touched.
   *
   * @return a new pending position-delete rewrite
   */
  RewritePositionDeletes rewritePositionDeletes();

  /**
   * Starts a verification that the table's metadata, manifests and files are all there and intact
   * (nothing is changed).
   *
   * @return a new pending verification
   */
  VerifyTable verifyTable();

  /**
   * Starts a repair that drops the current snapshot's references to lost or damaged data files in a
   * new snapshot recording what was lost.
   *
   * @return a new pending repair
   */
  RepairTable repairTable();

  /**
   * Starts a backup that copies the table's reachable files to another location as a self-contained
   * table (restore with {@link Floe#restoreTable(String, String)}).
   *
   * @return a new pending backup
   */
  default BackupTable backupTable() {
    throw new UnsupportedFeatureException(
        "Backups are not supported by " + getClass().getName(), null);
  }

  /**
   * Starts a one-way replication of the table to a replica in another catalog or location, copying
   * only what the replica does not have yet.
   *
   * @return a new pending replication
   */
  default io.floe.maintenance.ReplicateTable replicateTable() {
    throw new UnsupportedFeatureException(
        "Replication is not supported by " + getClass().getName(), null);
  }

  /**
   * Starts a clone of the table that references its files where the storage is shared (nothing is
   * copied); the table's expiry and orphan-file removal then keep every file the clone reads.
   *
   * @return a new pending clone
   */
  default io.floe.maintenance.CloneTable cloneTable() {
    throw new UnsupportedFeatureException(
        "Clones are not supported by " + getClass().getName(), null);
  }
}
