package io.floe.impl.maintain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.AlreadyExistsException;
import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import io.floe.impl.cache.CachingFileIO;
import io.floe.impl.io.Locations;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.Internals;
import io.floe.maintenance.CloneTable;
import io.floe.maintenance.ReplicateTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.JsonUtil;

/**
 * {@link CloneTable}: the clone's first metadata is the source's as of one snapshot (that snapshot
 * only, on {@code main}; no other refs; no metadata log), with a new UUID and location and without
 * the properties that point at the source's folders or record its clones and replicas. The clone is
 * recorded on the source before it is registered, so there is never a clone the source's
 * maintenance does not know of; a failure after that takes the record back.
 */
public final class CloneTableImpl implements CloneTable {
  /** Properties not carried over: they point at the source's folders or name its own relations. */
  private static final List<String> NOT_COPIED =
      List.of(
          TableProperties.WRITE_DATA_LOCATION,
          TableProperties.WRITE_METADATA_LOCATION,
          "write.object-storage.path",
          "write.folder-storage.path",
          ReplicateTable.SOURCE_UUID,
          ReplicateTable.SOURCE_SNAPSHOT,
          SOURCE_UUID,
          SOURCE_NAME,
          SOURCE_SNAPSHOT);

  private final String name;
  private final Table table;
  private Floe target;
  private String clone;
  private String location;
  private Long snapshotId;
  private boolean executed;

  CloneTableImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  @Override
  public CloneTable to(Floe target, String name) {
    this.target = Objects.requireNonNull(target, "target");
    this.clone = Objects.requireNonNull(name, "name");
    return this;
  }

  @Override
  public CloneTable location(String location) {
    Objects.requireNonNull(location, "location");
    if (location.isBlank()) {
      throw new IllegalArgumentException("Clone of " + name + ": the location is blank");
    }
    this.location = BackupFiles.strip(location);
    return this;
  }

  @Override
  public CloneTable asOfSnapshot(long snapshotId) {
    this.snapshotId = snapshotId;
    return this;
  }

  @Override
  public Result execute() {
    return io.floe.impl.spi.Events.maintenance(
        table, "clone-table", this::run, r -> new long[] {0, 0, 0, 0});
  }

  private Result run() {
    if (executed) {
      throw Errors.alreadyDone("Clone of " + name, "executed");
    }
    if (target == null) {
      throw new IllegalStateException("Clone of " + name + ": call to(floe, name) first");
    }
    executed = true;
    TableMetadata source = ((HasTableOperations) table).operations().refresh();
    Snapshot snapshot;
    if (snapshotId != null) {
      snapshot = source.snapshot(snapshotId);
      if (snapshot == null) {
        throw new ValidationException(
            "Cannot clone table "
                + name
                + " as of snapshot "
                + snapshotId
                + ": the table has no such snapshot (expired, or never there); list its snapshots"
                + " with snapshots()",
            name,
            null,
            null);
      }
    } else {
      snapshot = source.currentSnapshot();
    }
    if (target.tableExists(clone)) {
      throw new AlreadyExistsException(
          "Cannot clone table " + name + " to " + clone + ": that table exists already", null);
    }
    String at =
        location != null ? location : BackupFiles.strip(Internals.newTableLocation(target, clone));
    checkApart(at, source);
    org.apache.iceberg.catalog.Catalog self;
    try {
      self = Internals.catalog(target);
    } catch (IllegalArgumentException e) {
      self = null; // another implementation: every open catalog is still compared
    }
    Ownership.checkNewLocation(clone, at, self);
    if (io.floe.impl.spi.ForwardingCatalog.unwrap(self)
        instanceof io.floe.impl.catalog.FileSystemCatalog) {
      throw new UnsupportedFeatureException(
          "Cannot clone table "
              + name
              + " to "
              + clone
              + ": the file-system catalog cannot register tables; clone into a local, JDBC,"
              + " Hive or REST catalog",
          null);
    }

    String uuid = UUID.randomUUID().toString();
    String sourceName = table.name();
    byte[] json = metadataJson(source, snapshot, uuid, at, sourceName);
    String metadataLocation = at + "/metadata/00000-" + UUID.randomUUID() + ".metadata.json";
    FileIO io = table.io() instanceof CachingFileIO c ? c.delegate() : table.io();

    // 1. recorded on the source first: from here on its maintenance keeps the clone's files (and
    //    refuses while the clone cannot be loaded)
    String key = CLONES_PREFIX + uuid;
    String expected = expectedName(self);
    Errors.run(name, () -> table.updateProperties().set(key, expected).commit());
    FloeTable registered = null;
    try {
      // an expiry that committed before the record and read the records before it may have deleted
      // the snapshot's files: it no longer lists the snapshot then
      if (snapshot != null
          && ((HasTableOperations) table).operations().refresh().snapshot(snapshot.snapshotId())
              == null) {
        throw new ValidationException(
            "Cannot clone table "
                + name
                + " as of snapshot "
                + snapshot.snapshotId()
                + ": a snapshot expiry removed it meanwhile; clone a snapshot the table keeps",
            name,
            null,
            null);
      }
      // 2. the clone's first metadata file, then its catalog entry
      BackupFiles.write(io, metadataLocation, json);
      registered = target.registerTable(clone, metadataLocation);
      Table cloned = Internals.icebergTable(registered);
      if (snapshot != null && !cloned.io().newInputFile(snapshot.manifestListLocation()).exists()) {
        throw new UnsupportedFeatureException(
            "Cannot clone table "
                + name
                + " to "
                + clone
                + ": the clone's storage cannot read the table's files ("
                + snapshot.manifestListLocation()
                + " is not there for it); a clone references the files in place, so both"
                + " catalogs must reach the same storage. Back the table up or replicate it"
                + " instead",
            null);
      }
      String actual = cloned.name();
      if (!actual.equals(expected)) {
        Errors.run(name, () -> table.updateProperties().set(key, actual).commit());
      }
      return new Result(
          name,
          clone,
          registered.location(),
          uuid,
          snapshot == null ? -1 : snapshot.snapshotId(),
          metadataLocation);
    } catch (RuntimeException e) {
      undo(registered != null, io, metadataLocation, key, e);
      throw e instanceof FloeException ? e : Errors.translate(name, e);
    }
  }

  /** Takes a failed clone back: its catalog entry (files kept), its metadata file, its record. */
  private void undo(
      boolean registered, FileIO io, String metadataLocation, String key, RuntimeException e) {
    if (registered) {
      try {
        target.dropTable(clone);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
        return; // the clone stays registered: so does its record on the source
      }
    }
    try {
      io.deleteFile(metadataLocation);
    } catch (RuntimeException suppressed) {
      // an unreferenced file under the clone's location; nothing reads it
    }
    try {
      table.updateProperties().remove(key).commit();
    } catch (RuntimeException suppressed) {
      e.addSuppressed(suppressed); // the source's maintenance refuses until it is removed
    }
  }

  /** The full name Iceberg will give the clone once registered, as best known beforehand. */
  private String expectedName(org.apache.iceberg.catalog.Catalog self) {
    String catalog = self == null || self.name() == null ? target.name() : self.name();
    return catalog + "." + clone;
  }

  private void checkApart(String at, TableMetadata source) {
    List<String> folders = new ArrayList<>();
    folders.add(source.location());
    for (String key :
        List.of(TableProperties.WRITE_DATA_LOCATION, TableProperties.WRITE_METADATA_LOCATION)) {
      String folder = source.properties().get(key);
      if (folder != null && !folder.isBlank()) {
        folders.add(folder);
      }
    }
    for (String folder : folders) {
      if (Locations.overlap(at, folder)) {
        throw new ValidationException(
            "Cannot clone table "
                + name
                + " to "
                + at
                + ": the location overlaps the table's folder "
                + folder
                + "; the clone's maintenance would delete the table's files. Choose a folder"
                + " outside it",
            name,
            null,
            null);
      }
    }
  }

  /** The clone's first metadata, as JSON. */
  private static byte[] metadataJson(
      TableMetadata source, Snapshot snapshot, String uuid, String at, String sourceName) {
    TableMetadata.Builder builder = TableMetadata.buildFrom(source);
    for (String ref : source.refs().keySet()) {
      if (!ref.equals(SnapshotRef.MAIN_BRANCH)) {
        builder.removeRef(ref);
      }
    }
    List<Long> others = new ArrayList<>();
    for (Snapshot s : source.snapshots()) {
      if (snapshot == null || s.snapshotId() != snapshot.snapshotId()) {
        others.add(s.snapshotId());
      }
    }
    if (snapshot != null) {
      builder.setBranchSnapshot(snapshot.snapshotId(), SnapshotRef.MAIN_BRANCH);
      if (snapshot.schemaId() != null) {
        builder.setCurrentSchema(snapshot.schemaId());
      }
    } else if (source.ref(SnapshotRef.MAIN_BRANCH) != null) {
      builder.removeRef(SnapshotRef.MAIN_BRANCH);
    }
    if (!others.isEmpty()) {
      builder.removeSnapshots(others);
    }
    java.util.Set<String> drop = new java.util.HashSet<>(NOT_COPIED);
    for (String key : source.properties().keySet()) {
      if (key.startsWith(CLONES_PREFIX)) {
        drop.add(key);
      }
    }
    drop.retainAll(source.properties().keySet());
    if (!drop.isEmpty()) {
      builder.removeProperties(drop);
    }
    builder.setProperties(
        Map.of(
            SOURCE_UUID,
            source.uuid(),
            SOURCE_NAME,
            sourceName,
            SOURCE_SNAPSHOT,
            Long.toString(snapshot == null ? -1 : snapshot.snapshotId())));
    TableMetadata metadata = builder.build();
    try {
      ObjectNode root =
          (ObjectNode) JsonUtil.mapper().readTree(TableMetadataParser.toJson(metadata));
      root.put("table-uuid", uuid);
      root.put("location", at);
      root.put("last-updated-ms", System.currentTimeMillis());
      root.putArray("metadata-log");
      root.putArray("snapshot-log");
      return JsonUtil.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(root)
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
