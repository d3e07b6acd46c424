package io.floe.impl.maintain;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import io.floe.impl.cache.CachingFileIO;
import io.floe.impl.io.Locations;
import io.floe.impl.maintain.BackupFiles.Checked;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.Internals;
import io.floe.maintenance.BackupTable;
import io.floe.maintenance.CloneTable;
import io.floe.maintenance.ReplicateTable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.io.FileIO;

/**
 * {@link ReplicateTable} on {@link BackupTableImpl}'s copy: a new replica is copied and registered
 * (its metadata carrying the source's UUID and snapshot as properties); an existing one is checked
 * (a replica of this table, no commits of its own since the last run), its referenced files are
 * taken as present by name and size, the rest is copied, and the rewritten metadata is committed
 * through its table operations in one commit.
 */
public final class ReplicateTableImpl implements ReplicateTable {
  private final String name;
  private final Table table;
  private Floe target;
  private String replica;
  private String location;
  private ProgressTracker tracker = ProgressTracker.of(null, null, null);
  private int parallelism = Pools.defaultParallelism();
  private boolean executed;

  ReplicateTableImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public ReplicateTable to(Floe target, String name) {
    this.target = Objects.requireNonNull(target, "target");
    this.replica = Objects.requireNonNull(name, "name");
    return this;
  }

  @Override
  public ReplicateTable location(String location) {
    Objects.requireNonNull(location, "location");
    if (location.isBlank()) {
      throw new IllegalArgumentException("Replication of " + name + ": the location is blank");
    }
    this.location = BackupFiles.strip(location);
    return this;
  }

  @Override
  public ReplicateTable progress(io.floe.events.ProgressListener listener) {
    tracker = ProgressTracker.of(listener, name, "replicate-table");
    return this;
  }

  @Override
  public ReplicateTable parallelism(int threads) {
    parallelism = Pools.checkThreads(threads);
    return this;
  }

  @Override
  public Result execute() {
    return io.floe.impl.spi.Events.maintenance(
        table,
        "replicate-table",
        this::run,
        r -> new long[] {0, r.copiedFiles(), 0, r.copiedBytes()});
  }

  private Result run() {
    if (executed) {
      throw Errors.alreadyDone("Replication of " + name, "executed");
    }
    if (target == null) {
      throw new IllegalStateException("Replication of " + name + ": call to(floe, name) first");
    }
    executed = true;
    TableMetadata source = ((HasTableOperations) table).operations().refresh();
    String uuid = source.uuid();
    long snapshotId = source.currentSnapshot() == null ? -1 : source.currentSnapshot().snapshotId();
    Map<String, String> markers =
        Map.of(SOURCE_UUID, uuid, SOURCE_SNAPSHOT, Long.toString(snapshotId));

    if (!target.tableExists(replica)) {
      String at =
          location != null
              ? location
              : BackupFiles.strip(Internals.newTableLocation(target, replica));
      checkApart(at, source.location());
      org.apache.iceberg.catalog.Catalog self;
      try {
        self = Internals.catalog(target);
      } catch (IllegalArgumentException e) {
        self = null; // another implementation: every open catalog is still compared
      }
      Ownership.checkNewLocation(replica, at, self);
      if (io.floe.impl.spi.ForwardingCatalog.unwrap(self)
          instanceof io.floe.impl.catalog.FileSystemCatalog) {
        // refused before anything is copied: a new replica is registered
        throw new UnsupportedFeatureException(
            "Cannot replicate table "
                + name
                + " to "
                + replica
                + ": the file-system catalog cannot register tables; replicate to a local, JDBC,"
                + " Hive or REST catalog",
            null);
      }
      BackupTable.Result copy =
          BackupTableImpl.copyForReplica(
              name, table, at, parallelism, markers, null, null, tracker);
      FloeTable registered = target.registerTable(replica, copy.metadataLocation());
      return result(registered.location(), true, snapshotId, copy);
    }

    FloeTable existing = target.loadTable(replica);
    Table replicaTable = Internals.icebergTable(existing);
    TableOperations ops = ((HasTableOperations) replicaTable).operations();
    TableMetadata base = ops.refresh();
    String replicaOf = base.properties().get(SOURCE_UUID);
    if (!uuid.equals(replicaOf)) {
      throw new ValidationException(
          "Cannot replicate table "
              + name
              + " to "
              + replica
              + ": that table is not a replica of it ("
              + (replicaOf == null ? "it has no " + SOURCE_UUID : SOURCE_UUID + " is " + replicaOf)
              + "); choose another name",
          name,
          null,
          null);
    }
    String last = base.properties().getOrDefault(SOURCE_SNAPSHOT, "-1");
    long current = base.currentSnapshot() == null ? -1 : base.currentSnapshot().snapshotId();
    if (!last.equals(Long.toString(current))) {
      throw new ValidationException(
          "Cannot replicate table "
              + name
              + " to "
              + replica
              + ": the replica has commits of its own (its current snapshot is "
              + current
              + ", the last one replicated "
              + last
              + "); replication would overwrite them. Drop the replica to start over",
          name,
          null,
          null);
    }
    checkApart(base.location(), source.location());
    if (Long.toString(snapshotId).equals(last)
        && source.schemasById().keySet().equals(base.schemasById().keySet())
        && source.refs().equals(base.refs())
        && withoutMarkers(source.properties()).equals(withoutMarkers(base.properties()))) {
      return new Result(name, replica, existing.location(), false, snapshotId, 0, 0, 0);
    }
    if (!takesWholeMetadata(ops)) {
      throw new UnsupportedFeatureException(
          "Cannot replicate table "
              + name
              + " to "
              + replica
              + ": its catalog ("
              + ops.getClass().getSimpleName()
              + ") does not take a whole metadata commit; replicate to a local, JDBC or Hive"
              + " catalog",
          null);
    }
    FileIO io = replicaTable.io() instanceof CachingFileIO c ? c.delegate() : replicaTable.io();
    Map<String, Checked> present = present(io, base);
    BackupTable.Result copy =
        BackupTableImpl.copyForReplica(
            name,
            table,
            BackupFiles.strip(base.location()),
            parallelism,
            markers,
            present,
            ops,
            tracker);
    // the copy refreshed the operations after its commit: read that state, do not load it again
    TableMetadata after = ops.current();
    long now = after.currentSnapshot() == null ? -1 : after.currentSnapshot().snapshotId();
    if (now != snapshotId
        || !Long.toString(snapshotId).equals(after.property(SOURCE_SNAPSHOT, ""))) {
      throw new ValidationException(
          "Replication of table "
              + name
              + " to "
              + replica
              + " did not take: the replica's current snapshot is "
              + now
              + " after the commit, expected "
              + snapshotId,
          name,
          null,
          null);
    }
    return result(existing.location(), false, snapshotId, copy);
  }

  private Result result(String at, boolean created, long snapshotId, BackupTable.Result copy) {
    return new Result(
        name,
        replica,
        at,
        created,
        snapshotId,
        copy.copiedFiles(),
        copy.copiedBytes(),
        copy.skippedFiles());
  }

  private static Map<String, String> withoutMarkers(Map<String, String> properties) {
    Map<String, String> rest = new HashMap<>(properties);
    rest.remove(SOURCE_UUID);
    rest.remove(SOURCE_SNAPSHOT);
    // the source's clone records are not copied (a replica does not share the source's files)
    rest.keySet().removeIf(k -> k.startsWith(CloneTable.CLONES_PREFIX));
    return rest;
  }

  /**
   * Whether a catalog's table operations commit the metadata they are given as a whole file (and
   * not as a list of changes, as a REST catalog does); Floe's wrappers are looked through. The
   * file-system catalog's are refused too: it cannot register a replica, so a table there is never
   * one (a table that merely carries the replica properties is not replicated into).
   */
  private static boolean takesWholeMetadata(TableOperations ops) {
    TableOperations inner = ops;
    while (inner instanceof io.floe.impl.spi.ForwardingTableOperations forwarding) {
      inner = forwarding.delegate();
    }
    return inner instanceof BaseMetastoreTableOperations;
  }

  private void checkApart(String replicaLocation, String sourceLocation) {
    if (Locations.overlap(replicaLocation, sourceLocation)) {
      throw new ValidationException(
          "Cannot replicate table "
              + name
              + " to "
              + replicaLocation
              + ": the location overlaps the table's "
              + sourceLocation
              + "; choose a folder outside it",
          name,
          null,
          null);
    }
  }

  /** Every file the replica's metadata references, with its size: copied before, not again. */
  private Map<String, Checked> present(FileIO io, TableMetadata base) {
    Map<String, Checked> present = new HashMap<>();
    try {
      for (Snapshot snapshot : base.snapshots()) {
        String list = snapshot.manifestListLocation();
        present.put(list, new Checked(list, io.newInputFile(list).getLength(), ""));
        for (ManifestFile manifest : snapshot.allManifests(io)) {
          if (present.containsKey(manifest.path())) {
            continue;
          }
          present.put(manifest.path(), new Checked(manifest.path(), manifest.length(), ""));
          if (manifest.content() == ManifestContent.DATA) {
            try (ManifestReader<DataFile> reader =
                ManifestFiles.read(manifest, io, base.specsById())) {
              for (DataFile f : reader) {
                present.put(f.location(), new Checked(f.location(), f.fileSizeInBytes(), ""));
              }
            }
          } else {
            try (ManifestReader<DeleteFile> reader =
                ManifestFiles.readDeleteManifest(manifest, io, base.specsById())) {
              for (DeleteFile f : reader) {
                present.put(f.location(), new Checked(f.location(), f.fileSizeInBytes(), ""));
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw Errors.io("read the manifests of replica " + replica, base.metadataFileLocation(), e);
    }
    return present;
  }
}
