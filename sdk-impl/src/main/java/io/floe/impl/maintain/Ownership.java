package io.floe.impl.maintain;

import io.floe.FloeException;
import io.floe.ValidationException;
import io.floe.impl.io.Locations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Which files a table may delete: the catalogs Floe has open in this JVM (their warehouse roots,
 * their own files such as an SQLite catalog file with its {@code -wal}/{@code -shm}, their tables'
 * locations) and the checks built on them. Orphan-file removal refuses a location that holds
 * another table, a catalog's files or a warehouse root; creating a table refuses a location that
 * would overlap another table's. Purge, orphan removal and expiry refuse a table with {@code
 * gc.enabled=false}. Thread-safe.
 */
public final class Ownership {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ownership.class);

  /**
   * A catalog Floe has open: its name, the catalog, its warehouse root (or null) and its own files.
   */
  private record OpenCatalog(String name, Catalog catalog, String warehouse, List<String> files) {}

  /**
   * Whether a location lives in storage private to one catalog's file IO (the test kit's in-memory
   * file IO, {@code mem:} locations): equal locations in two catalogs are then different files, so
   * only the catalog that holds the table is compared with it.
   */
  private static boolean privateStorage(String location) {
    return location.startsWith("mem:");
  }

  /**
   * Keyed by the object that opened the catalog (a Floe), held weakly: a Floe never closed still
   * goes.
   */
  private static final Map<Object, OpenCatalog> OPEN =
      Collections.synchronizedMap(new WeakHashMap<>());

  private Ownership() {}

  /**
   * Registers a catalog Floe opened.
   *
   * @param owner the object that closes it
   * @param name the catalog's name
   * @param catalog the catalog
   * @param properties the catalog's configuration ({@code type}, {@code warehouse}, {@code uri})
   */
  public static void opened(
      Object owner, String name, Catalog catalog, Map<String, String> properties) {
    String warehouse = properties.get("warehouse");
    if (warehouse != null && !warehouse.startsWith("/") && !warehouse.contains(":/")) {
      warehouse = null; // a REST warehouse name, not a location
    }
    List<String> files = new ArrayList<>();
    String uri = properties.get("uri");
    if (uri == null && "local".equals(properties.get("type")) && warehouse != null) {
      uri = "jdbc:sqlite:" + Locations.localPath(warehouse).resolve("catalog.db");
    }
    if (uri != null
        && uri.startsWith("jdbc:sqlite:")
        && !uri.contains(":memory:")
        && !uri.contains("mode=memory")) {
      String file = uri.substring("jdbc:sqlite:".length());
      int query = file.indexOf('?');
      file = query < 0 ? file : file.substring(0, query);
      if (!file.isEmpty()) {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
          files.add(file + suffix);
        }
      }
    }
    OPEN.put(owner, new OpenCatalog(name, catalog, warehouse, List.copyOf(files)));
  }

  /**
   * Forgets a closed catalog.
   *
   * @param owner the object that registered it
   */
  public static void closed(Object owner) {
    OPEN.remove(owner);
  }

  private static List<OpenCatalog> open() {
    synchronized (OPEN) {
      return List.copyOf(OPEN.values());
    }
  }

  /**
   * Refuses to delete files of a table whose {@code gc.enabled} is false.
   *
   * @param name the table's name
   * @param table the table
   * @param operation what would delete files, such as "remove orphan files of"
   * @throws ValidationException when garbage collection is disabled
   */
  public static void checkGcEnabled(String name, Table table, String operation) {
    if (!PropertyUtil.propertyAsBoolean(
        table.properties(), TableProperties.GC_ENABLED, TableProperties.GC_ENABLED_DEFAULT)) {
      throw MaintenanceErrors.gcDisabled(name, operation, table.location());
    }
  }

  /**
   * Whether a table owns a file, so that Floe may delete it once no snapshot references it: the
   * file lies under the table's location or under a folder the table writes to ({@code
   * write.data.path}, {@code write.metadata.path}). Files added from elsewhere ({@code addFiles})
   * stay their owner's.
   *
   * @param table the table
   * @param location the file's location
   * @return true when the file lies under one of the table's folders
   */
  public static boolean owns(Table table, String location) {
    if (Locations.within(table.location(), location)) {
      return true;
    }
    for (String key :
        List.of(TableProperties.WRITE_DATA_LOCATION, TableProperties.WRITE_METADATA_LOCATION)) {
      String folder = table.properties().get(key);
      if (folder != null && !folder.isBlank() && Locations.within(folder, location)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses to purge a table whose metadata names a file it does not own ({@link #owns}): a
   * manifest list, manifest or statistics file, or a data or delete file even as deleted; the
   * catalog's purge deletes every file its metadata names.
   *
   * @param name the table's name
   * @param table the table
   * @throws ValidationException naming the first such file
   */
  public static void checkOwnsReferencedFiles(String name, Table table) {
    // manifest lists, manifests and statistics too: the purge deletes them as well, and a clone's
    // first snapshot names its source's
    for (org.apache.iceberg.Snapshot snapshot : table.snapshots()) {
      List<String> files = new ArrayList<>();
      if (snapshot.manifestListLocation() != null) {
        files.add(snapshot.manifestListLocation());
      }
      snapshot.allManifests(table.io()).forEach(m -> files.add(m.path()));
      for (String location : files) {
        if (!owns(table, location)) {
          throw MaintenanceErrors.purgeOutsideLocation(name, location, table.location());
        }
      }
    }
    for (org.apache.iceberg.StatisticsFile stats : table.statisticsFiles()) {
      if (!owns(table, stats.path())) {
        throw MaintenanceErrors.purgeOutsideLocation(name, stats.path(), table.location());
      }
    }
    // every entry of every manifest, deleted ones included: the catalog's purge deletes them all
    Table entries =
        org.apache.iceberg.MetadataTableUtils.createMetadataTableInstance(
            table, org.apache.iceberg.MetadataTableType.ALL_ENTRIES);
    org.apache.iceberg.types.Types.NestedField dataFile = entries.schema().findField("data_file");
    int filePosition = entries.schema().columns().indexOf(dataFile);
    org.apache.iceberg.types.Types.StructType fileType = dataFile.type().asStructType();
    int pathPosition = fileType.fields().indexOf(fileType.field("file_path"));
    try (org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.FileScanTask> tasks =
        entries.newScan().planFiles()) {
      for (org.apache.iceberg.FileScanTask task : tasks) {
        try (org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.StructLike> rows =
            task.asDataTask().rows()) {
          for (org.apache.iceberg.StructLike row : rows) {
            String location =
                row.get(filePosition, org.apache.iceberg.StructLike.class)
                    .get(pathPosition, CharSequence.class)
                    .toString();
            if (!owns(table, location)) {
              throw MaintenanceErrors.purgeOutsideLocation(name, location, table.location());
            }
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Finds a table by its full name ({@code <catalog>.<namespace>.<table>}, as Iceberg names a
   * loaded table) and UUID in the catalogs Floe has open in this JVM.
   *
   * @param fullName the table's full name
   * @param uuid the table's UUID
   * @return the table, refreshed; empty when no open catalog holds a table of that name and UUID
   */
  static java.util.Optional<Table> findOpen(String fullName, String uuid) {
    for (OpenCatalog open : open()) {
      String catalogName = open.catalog().name();
      for (String prefix : java.util.Arrays.asList(catalogName, open.name())) {
        if (prefix == null || !fullName.startsWith(prefix + ".")) {
          continue;
        }
        TableIdentifier id = TableIdentifier.parse(fullName.substring(prefix.length() + 1));
        Table table;
        try {
          table = open.catalog().loadTable(id);
          table.refresh();
        } catch (NoSuchTableException e) {
          continue;
        } catch (RuntimeException e) {
          continue; // not reachable now: the caller refuses unless another catalog holds it
        }
        if (table.uuid() != null && uuid.equals(table.uuid().toString())) {
          return java.util.Optional.of(table);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Takes a dropped clone's record off its source ({@code floe.clones.<uuid>}), when the source can
   * be found in a catalog open in this JVM; otherwise the record stays and the source's expiry and
   * orphan removal refuse, naming it, until it is removed by hand. Never throws: the drop is done.
   *
   * @param name the clone's name, for the log
   * @param clone the clone as loaded before the drop
   */
  public static void cloneDropped(String name, Table clone) {
    String sourceUuid = clone.properties().get(io.floe.maintenance.CloneTable.SOURCE_UUID);
    String sourceName = clone.properties().get(io.floe.maintenance.CloneTable.SOURCE_NAME);
    if (sourceUuid == null || sourceName == null || clone.uuid() == null) {
      return;
    }
    String key = io.floe.maintenance.CloneTable.CLONES_PREFIX + clone.uuid();
    try {
      java.util.Optional<Table> source = findOpen(sourceName, sourceUuid);
      if (source.isPresent() && source.get().properties().containsKey(key)) {
        source.get().updateProperties().remove(key).commit();
        return;
      }
      if (source.isEmpty()) {
        LOG.warn(
            "Dropped clone {}, but its source {} is not open in this process: remove its property {}"
                + " by hand, or the source's expiry and orphan removal refuse",
            name,
            sourceName,
            key);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Dropped clone {}, but could not remove property {} from its source {}; remove it by hand",
          name,
          key,
          sourceName,
          e);
    }
  }

  /**
   * Refuses to purge a table that has clones recorded ({@code floe.clones.*}): a purge deletes
   * every file its metadata names, files the clones still read among them.
   *
   * @param name the table's name
   * @param table the table
   * @throws ValidationException naming the first clone
   */
  public static void checkNoClones(String name, Table table) {
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(table.properties()).entrySet()) {
      if (e.getKey().startsWith(io.floe.maintenance.CloneTable.CLONES_PREFIX)) {
        throw MaintenanceErrors.purgeWithClones(name, e.getValue(), e.getKey());
      }
    }
  }

  /**
   * Refuses to list a table's location for orphan files when it holds what the table does not own:
   * a warehouse root, a catalog's own files or another table of a catalog Floe has open.
   *
   * @param name the table's name
   * @param table the table
   * @throws ValidationException naming the other table or file
   * @throws FloeException when a catalog's tables cannot be listed (nothing can be proved)
   */
  static void checkOwnsLocation(String name, Table table) {
    String location = table.location();
    String own = table.uuid() == null ? null : table.uuid().toString();
    for (OpenCatalog open : open()) {
      if (privateStorage(location) && !holds(open, own)) {
        continue; // another catalog's private storage: its files are not this table's
      }
      if (open.warehouse() != null && Locations.within(location, open.warehouse())) {
        throw MaintenanceErrors.orphansHoldWarehouse(
            name,
            location,
            Locations.canonical(location).equals(Locations.canonical(open.warehouse())),
            open.warehouse(),
            open.name());
      }
      for (String file : open.files()) {
        if (Locations.within(location, file)) {
          throw MaintenanceErrors.orphansHoldCatalogFile(name, location, file, open.name());
        }
      }
      forEachTable(
          open,
          (id, other) -> {
            if (!Objects.equals(own, other.uuid() == null ? null : other.uuid().toString())
                && Locations.within(location, other.location())) {
              throw MaintenanceErrors.orphansHoldTable(
                  name, location, open.name(), id, other.location());
            }
          });
    }
  }

  /**
   * Refuses a new table's location when it would overlap another table of a catalog Floe has open
   * (equal, inside or holding it), hold a warehouse root or hold a catalog's own files.
   *
   * @param name the new table's name
   * @param location the location it would get
   * @param self the catalog the table is created in
   * @throws ValidationException naming the other table or file
   */
  public static void checkNewLocation(String name, String location, Catalog self) {
    checkNewLocation(name, location, null, self);
  }

  /**
   * Refuses a table's new location (after a rename that moved it) like {@link
   * #checkNewLocation(String, String, Catalog)}, ignoring the table itself.
   *
   * @param name the table's name
   * @param location its location
   * @param uuid the table's UUID, or null for a table not created yet
   * @param self the catalog that holds the table
   * @throws ValidationException naming the other table or file
   */
  public static void checkNewLocation(String name, String location, String uuid, Catalog self) {
    checkLocation(
        name,
        location,
        self,
        (open, id, other) ->
            uuid != null && other.uuid() != null && uuid.equals(other.uuid().toString()));
  }

  /**
   * Refuses the location of a table just registered ({@code registerTable}) like {@link
   * #checkNewLocation(String, String, Catalog)}, ignoring only that catalog entry: a second entry
   * for the same table (same UUID and location) is refused too, since expiring or removing orphans
   * through one entry would delete files the other still reads.
   *
   * @param name the table's name
   * @param location its location
   * @param registered the new catalog entry
   * @param self the catalog that holds it
   * @throws ValidationException naming the other table or file
   */
  public static void checkRegisteredLocation(
      String name, String location, TableIdentifier registered, Catalog self) {
    checkLocation(
        name, location, self, (open, id, other) -> open.catalog() == self && id.equals(registered));
  }

  /**
   * Refuses a backup location that overlaps what a catalog Floe has open owns or will hand out: a
   * table's folder (or its {@code write.data.path}/{@code write.metadata.path}), a warehouse root
   * or a folder inside one (where new tables get their folders), or a catalog's own files. A backup
   * there would be deleted by that table's orphan removal or purge, or mixed with its files.
   *
   * @param name the table being backed up
   * @param uuid its UUID (to recognize its own catalog's private storage), or null
   * @param target the backup location
   * @throws ValidationException naming what the location overlaps
   * @throws FloeException when a catalog's tables cannot be listed (nothing can be proved)
   */
  public static void checkBackupLocation(String name, String uuid, String target) {
    for (OpenCatalog open : open()) {
      if (privateStorage(target) && !holds(open, uuid)) {
        continue;
      }
      for (String file : open.files()) {
        if (Locations.within(target, file)) {
          throw MaintenanceErrors.backupOverCatalogFile(name, target, file, open.name());
        }
      }
      forEachTable(
          open,
          (id, other) -> {
            List<String> folders = new ArrayList<>();
            folders.add(other.location());
            for (String key :
                List.of(
                    TableProperties.WRITE_DATA_LOCATION, TableProperties.WRITE_METADATA_LOCATION)) {
              String folder = other.properties().get(key);
              if (folder != null && !folder.isBlank()) {
                folders.add(folder);
              }
            }
            for (String folder : folders) {
              if (Locations.overlap(target, folder)) {
                throw MaintenanceErrors.backupOverlapsTable(name, target, open.name(), id, folder);
              }
            }
          });
      // last: a table's folder inside the warehouse is the more precise answer
      if (open.warehouse() != null && Locations.overlap(target, open.warehouse())) {
        throw MaintenanceErrors.backupInWarehouse(
            name,
            target,
            Locations.within(target, open.warehouse()),
            open.warehouse(),
            open.name());
      }
    }
  }

  private interface Self {
    boolean is(OpenCatalog open, TableIdentifier id, Table other);
  }

  private static void checkLocation(String name, String location, Catalog self, Self isSelf) {
    for (OpenCatalog open : open()) {
      if (privateStorage(location) && open.catalog() != self) {
        continue;
      }
      if (open.warehouse() != null && Locations.within(location, open.warehouse())) {
        throw MaintenanceErrors.createAtWarehouse(
            name,
            location,
            Locations.canonical(location).equals(Locations.canonical(open.warehouse())),
            open.warehouse(),
            open.name());
      }
      for (String file : open.files()) {
        if (Locations.within(location, file)) {
          throw MaintenanceErrors.createOverCatalogFile(name, location, file, open.name());
        }
      }
      try {
        forEachTable(
            open,
            (id, other) -> {
              if (!isSelf.is(open, id, other) && Locations.overlap(location, other.location())) {
                throw MaintenanceErrors.createOverlapsTable(
                    name, location, open.name(), id, other.location());
              }
            });
      } catch (FloeException e) {
        if (e instanceof ValidationException) {
          throw e;
        }
        // a catalog that cannot be listed now: orphan removal checks again and refuses
      }
    }
  }

  /** Whether a catalog holds the table with this UUID. */
  private static boolean holds(OpenCatalog open, String uuid) {
    if (uuid == null) {
      return true;
    }
    boolean[] found = {false};
    forEachTable(
        open,
        (id, other) -> found[0] |= other.uuid() != null && uuid.equals(other.uuid().toString()));
    return found[0];
  }

  private interface TableCheck {
    void check(TableIdentifier id, Table table);
  }

  private static void forEachTable(OpenCatalog open, TableCheck check) {
    List<Namespace> pending = new ArrayList<>();
    java.util.Set<Namespace> seen = new java.util.HashSet<>();
    try {
      if (open.catalog() instanceof SupportsNamespaces namespaces) {
        pending.addAll(namespaces.listNamespaces());
      } else {
        pending.add(Namespace.empty());
      }
      while (!pending.isEmpty()) {
        Namespace ns = pending.remove(pending.size() - 1);
        if (!seen.add(ns)) {
          continue;
        }
        if (open.catalog() instanceof SupportsNamespaces namespaces) {
          pending.addAll(namespaces.listNamespaces(ns));
        }
        for (TableIdentifier id : open.catalog().listTables(ns)) {
          Table table;
          try {
            table = open.catalog().loadTable(id);
          } catch (NoSuchTableException e) {
            continue; // dropped meanwhile
          }
          check.check(id, table);
        }
      }
    } catch (ValidationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw MaintenanceErrors.cannotListTables(open.name(), e);
    }
  }
}
