package io.floe.impl.maintain;

import io.floe.Maintenance;
import io.floe.TableHealth;
import io.floe.impl.spi.Errors;
import io.floe.maintenance.ExpireSnapshots;
import io.floe.maintenance.RemoveOrphanFiles;
import io.floe.maintenance.RewriteManifests;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/** {@link Maintenance} of one Iceberg table, and its health report. */
public final class MaintenanceImpl implements Maintenance {
  private final String name;
  private final Table table;

  /**
   * Creates the maintenance operations of a table.
   *
   * @param name the table's full name
   * @param table the table
   */
  public MaintenanceImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public RewriteDataFilesImpl rewriteDataFiles() {
    return new RewriteDataFilesImpl(name, table);
  }

  @Override
  public ExpireSnapshots expireSnapshots() {
    return new ExpireSnapshotsImpl(name, table);
  }

  @Override
  public RemoveOrphanFiles removeOrphanFiles() {
    return new RemoveOrphanFilesImpl(name, table);
  }

  @Override
  public RewriteManifests rewriteManifests() {
    return new RewriteManifestsImpl(name, table);
  }

  @Override
  public RewritePositionDeletesImpl rewritePositionDeletes() {
    return new RewritePositionDeletesImpl(name, table);
  }

  @Override
  public VerifyTableImpl verifyTable() {
    return new VerifyTableImpl(name, table);
  }

  @Override
  public RepairTableImpl repairTable() {
    return new RepairTableImpl(name, table);
  }

  @Override
  public BackupTableImpl backupTable() {
    return new BackupTableImpl(name, table);
  }

  @Override
  public ReplicateTableImpl replicateTable() {
    return new ReplicateTableImpl(name, table);
  }

  @Override
  public CloneTableImpl cloneTable() {
    return new CloneTableImpl(name, table);
  }

  /**
   * Computes a table's health report from its current snapshot's manifests.
   *
   * @param name the table's full name
   * @param table the table
   * @return the report
   */
  public static TableHealth health(String name, Table table) {
    long target =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    long threshold = (long) (target * 0.75);
    long snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return new TableHealth(name, 0, 0, 0, 0, threshold, 0, 0, 0, 0, 0, 0, snapshots);
    }
    long dataFiles = 0;
    long dataBytes = 0;
    long records = 0;
    long small = 0;
    long positionDeletes = 0;
    long equalityDeletes = 0;
    long deleteBytes = 0;
    long deletedRecords = 0;
    Set<String> partitions = new HashSet<>();
    try {
      for (ManifestFile manifest : current.dataManifests(table.io())) {
        try (ManifestReader<DataFile> reader =
            ManifestFiles.read(manifest, table.io(), table.specs())) {
          for (DataFile file : reader) {
            dataFiles++;
            dataBytes += file.fileSizeInBytes();
            records += file.recordCount();
            if (file.fileSizeInBytes() < threshold) {
              small++;
            }
            partitions.add(
                file.specId()
                    + "/"
                    + table.specs().get(file.specId()).partitionToPath(file.partition()));
          }
        }
      }
      for (ManifestFile manifest : current.deleteManifests(table.io())) {
        try (ManifestReader<DeleteFile> reader =
            ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
          for (DeleteFile file : reader) {
            if (file.content() == FileContent.EQUALITY_DELETES) {
              equalityDeletes++;
            } else {
              positionDeletes++;
            }
            deleteBytes += file.fileSizeInBytes();
            deletedRecords += file.recordCount();
          }
        }
      }
    } catch (IOException e) {
      throw Errors.tableIo("read manifests of", name, e);
    } catch (RuntimeException e) {
      throw Errors.translate(name, e);
    }
    return new TableHealth(
        name,
        dataFiles,
        dataBytes,
        records,
        small,
        threshold,
        positionDeletes,
        equalityDeletes,
        deleteBytes,
        deletedRecords,
        partitions.size(),
        current.allManifests(table.io()).size(),
        snapshots);
  }
}
