package io.floe.impl;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.TableCreator;
import io.floe.impl.io.Locations;
import io.floe.impl.maintain.Ownership;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.Events;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/** {@link Floe} over one Iceberg {@link Catalog}. */
public final class FloeImpl implements Floe {
  private final String name;
  private final Catalog catalog;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** "catalog." when tables are addressed with their catalog's name (several catalogs), else "". */
  private final String prefix;

  /** The listeners of the handle (scan, commit and maintenance events), or null for none. */
  private final Events.Handle events;

  /** The configured principal ({@link io.floe.FloeConfig#PRINCIPAL}), or "" for none. */
  private final String principal;

  /**
   * The catalog's configuration, for the file IO of restores; empty for a catalog built elsewhere.
   */
  private final java.util.Map<String, String> properties;

  /**
   * A Floe over a catalog built elsewhere; closing it closes the catalog when it is closeable.
   *
   * @param name the catalog name
   * @param catalog an initialized catalog
   */
  public FloeImpl(String name, Catalog catalog) {
    this(name, catalog, "", null, java.util.Map.of());
  }

  /**
   * A Floe that owns its catalog, registered for the ownership checks of orphan removal and table
   * creation ({@link Ownership}).
   */
  FloeImpl(
      String name,
      Catalog catalog,
      java.util.Map<String, String> properties,
      Events.Handle events) {
    this(name, catalog, "", events, properties);
    Ownership.opened(this, name, catalog, properties);
  }

  private FloeImpl(
      String name,
      Catalog catalog,
      String prefix,
      Events.Handle events,
      java.util.Map<String, String> properties) {
    this.principal = properties.getOrDefault(io.floe.FloeConfig.PRINCIPAL, "");
    this.name = name;
    this.properties = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(properties));
    this.catalog = catalog;
    this.prefix = prefix;
    this.events = events;
  }

  /**
   * A view of this Floe for tables addressed as {@code catalog.namespace.table} in a Floe over
   * several catalogs: tables it loads or creates are named, and errors name them, with the catalog
   * prefix. The view shares the catalog; closing it does not close the catalog.
   *
   * @param catalogName the prefix the user addressed the catalog by
   * @return the view
   */
  public Floe addressedAs(String catalogName) {
    return new FloeImpl(name, catalog, catalogName + ".", events, properties);
  }

  /**
   * The catalog's warehouse when it is a folder on the local file system.
   *
   * @return the warehouse location as configured, empty for object stores, REST warehouse names and
   *     catalogs without one
   */
  public java.util.Optional<String> localWarehouse() {
    String warehouse = properties.get("warehouse");
    if (warehouse == null
        || warehouse.isBlank()
        || !io.floe.impl.io.Locations.isLocal(warehouse)
        || !(warehouse.startsWith("/") || warehouse.regionMatches(true, 0, "file:", 0, 5))) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(warehouse);
  }

  /** The name a table or namespace was addressed by: with the catalog prefix in a view. */
  String display(String inner) {
    return prefix + inner;
  }

  /**
   * The principal configured on a handle ({@link io.floe.FloeConfig#PRINCIPAL}).
   *
   * @param floe the handle
   * @return the name, "" when none is configured or the handle comes from elsewhere
   */
  public static String principal(Floe floe) {
    if (floe instanceof FloeImpl impl) {
      return impl.principal;
    }
    if (floe instanceof io.floe.impl.catalog.MultiCatalogFloe multi) {
      return principal(multi.defaultCatalog());
    }
    return "";
  }

  /**
   * The listeners of a handle ({@link Events#handle(Floe)}).
   *
   * @param floe the handle
   * @return its listeners, or null
   */
  public static Events.Handle events(Floe floe) {
    if (floe instanceof FloeImpl impl) {
      return impl.events;
    }
    if (floe instanceof io.floe.impl.catalog.MultiCatalogFloe multi) {
      return events(multi.defaultCatalog());
    }
    return null;
  }

  /**
   * The Iceberg table behind a table of this implementation.
   *
   * @param table a table from Floe's implementation
   * @return the Iceberg table
   * @throws IllegalArgumentException when the table comes from another implementation
   */
  public static Table icebergTable(FloeTable table) {
    if (table instanceof FloeTableImpl impl) {
      return impl.iceberg();
    }
    throw new IllegalArgumentException("Not a table of Floe's implementation: " + table);
  }

  /**
   * The data quality checks of a write to a table of this implementation, with its quarantine.
   *
   * @param table a table from Floe's implementation
   * @param kind the write's name for messages
   * @return the checks
   * @throws IllegalArgumentException when the table comes from another implementation
   */
  public static io.floe.impl.quality.WriteGate writeGate(FloeTable table, String kind) {
    if (table instanceof FloeTableImpl impl) {
      return io.floe.impl.quality.WriteGate.open(
          impl.name(), impl.iceberg(), kind, impl.quarantine());
    }
    throw new IllegalArgumentException("Not a table of Floe's implementation: " + table);
  }

  /** A table of this Floe's catalog with its commits guarded and reported as every table's are. */
  Table guard(Table table, String display) {
    return CommitGuard.guard(table, display, events);
  }

  /** The identifier of a table this Floe shows under a display name. */
  TableIdentifier identifier(String display) {
    return Names.table(display.substring(prefix.length()));
  }

  /**
   * The Iceberg catalog behind this Floe.
   *
   * @return the catalog
   */
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public String name() {
    return name;
  }

  private SupportsNamespaces namespaceCatalog() {
    if (catalog instanceof SupportsNamespaces ns) {
      return ns;
    }
    throw new io.floe.UnsupportedFeatureException(
        "Catalog " + name + " does not support namespaces", null);
  }

  @Override
  public void createNamespace(String namespace) {
    Namespace ns = Names.namespace(namespace);
    // a HashMap: some catalogs' request builders reject immutable maps
    Errors.runFor(
        display(namespace),
        () -> namespaceCatalog().createNamespace(ns, new java.util.HashMap<>()));
  }

  @Override
  public void createNamespace(String namespace, Map<String, String> properties) {
    Namespace ns = Names.namespace(namespace);
    java.util.Objects.requireNonNull(properties, "properties");
    Errors.runFor(
        display(namespace),
        () -> namespaceCatalog().createNamespace(ns, new java.util.HashMap<>(properties)));
  }

  @Override
  public Map<String, String> namespaceProperties(String namespace) {
    Namespace ns = Names.namespace(namespace);
    return Errors.translateFor(
        display(namespace),
        () ->
            java.util.Collections.unmodifiableMap(
                new java.util.TreeMap<>(namespaceCatalog().loadNamespaceMetadata(ns))));
  }

  @Override
  public void updateNamespaceProperties(
      String namespace, Map<String, String> set, java.util.Set<String> remove) {
    Namespace ns = Names.namespace(namespace);
    java.util.Objects.requireNonNull(set, "set");
    java.util.Objects.requireNonNull(remove, "remove");
    Errors.runFor(
        display(namespace),
        () -> {
          SupportsNamespaces catalog = namespaceCatalog();
          if (!catalog.namespaceExists(ns)) {
            throw new org.apache.iceberg.exceptions.NoSuchNamespaceException(
                "Namespace does not exist: %s", ns);
          }
          if (!set.isEmpty()) {
            catalog.setProperties(ns, new java.util.HashMap<>(set));
          }
          if (!remove.isEmpty()) {
            catalog.removeProperties(ns, new java.util.HashSet<>(remove));
          }
        });
  }

  @Override
  public FloeTable registerTable(String tableName, String metadataLocation) {
    TableIdentifier id = Names.table(tableName);
    java.util.Objects.requireNonNull(metadataLocation, "metadataLocation");
    return Errors.translate(
        display(tableName),
        () -> {
          Table table =
              inNamespace(
                  id.namespace(),
                  () -> {
                    Table registered = catalog.registerTable(id, metadataLocation);
                    try {
                      Ownership.checkRegisteredLocation(
                          display(tableName), registered.location(), id, catalog);
                    } catch (RuntimeException e) {
                      // take the entry back out; its files belong to the table it overlaps
                      catalog.dropTable(id, false);
                      throw e;
                    }
                    return registered;
                  });
          return wrap(id, table);
        });
  }

  @Override
  public io.floe.maintenance.RestoreTable restoreTable(String tableName, String backupLocation) {
    Names.table(tableName);
    java.util.Objects.requireNonNull(backupLocation, "backupLocation");
    return new io.floe.impl.maintain.RestoreTableImpl(
        display(tableName),
        backupLocation,
        this::storage,
        (n, m) -> registerTable(tableName, m),
        n -> tableExists(tableName),
        () -> newTableLocation(tableName),
        location -> Ownership.checkNewLocation(display(tableName), location, catalog));
  }

  /**
   * The location the catalog gives a new table of a name: a staged create, which writes nothing
   * (the namespace is created when missing).
   *
   * @param tableName the table's name
   * @return the location
   */
  public String newTableLocation(String tableName) {
    TableIdentifier id = Names.table(tableName);
    return Errors.translate(
        display(tableName),
        () ->
            inNamespace(
                id.namespace(),
                () ->
                    catalog
                        .buildTable(id, new org.apache.iceberg.Schema())
                        .createTransaction()
                        .table()
                        .location()));
  }

  /** A file IO like the catalog's (the user's {@code io-impl}, or Floe's by scheme). */
  private org.apache.iceberg.io.FileIO storage() {
    String impl =
        properties.getOrDefault(
            io.floe.impl.cache.CachingFileIO.DELEGATE_IMPL,
            properties.get(org.apache.iceberg.CatalogProperties.FILE_IO_IMPL));
    if (impl == null || impl.equals(io.floe.impl.cache.CachingFileIO.class.getName())) {
      return io.floe.impl.spi.Storage.openFileIO(properties);
    }
    return org.apache.iceberg.CatalogUtil.loadFileIO(impl, properties, null);
  }

  @Override
  public boolean namespaceExists(String namespace) {
    Namespace ns = Names.namespace(namespace);
    return Errors.translateFor(display(namespace), () -> namespaceCatalog().namespaceExists(ns));
  }

  @Override
  public List<String> namespaces() {
    return Errors.translateFor(
        null, () -> namespaceCatalog().listNamespaces().stream().map(Names::of).toList());
  }

  @Override
  public List<String> namespaces(String parent) {
    Namespace ns = Names.namespace(parent);
    return Errors.translateFor(
        display(parent),
        () -> namespaceCatalog().listNamespaces(ns).stream().map(Names::of).toList());
  }

  @Override
  public boolean dropNamespace(String namespace) {
    Namespace ns = Names.namespace(namespace);
    return Errors.translateFor(display(namespace), () -> namespaceCatalog().dropNamespace(ns));
  }

  @Override
  public TableCreator createTable(String tableName) {
    return new TableCreatorImpl(this, Names.table(tableName));
  }

  /**
   * Runs an action that adds a table to a namespace, creating the namespace first when it does not
   * exist; when the action fails, a namespace this call created is dropped again (if it is still
   * empty), so a refused table leaves the catalog as it was.
   */
  <T> T inNamespace(Namespace ns, java.util.function.Supplier<T> action) {
    boolean created = false;
    if (catalog instanceof SupportsNamespaces nsCatalog && !nsCatalog.namespaceExists(ns)) {
      try {
        nsCatalog.createNamespace(ns, new java.util.HashMap<>());
        created = true;
      } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
        // created concurrently: fine
      }
    }
    try {
      return action.get();
    } catch (RuntimeException e) {
      if (created) {
        try {
          ((SupportsNamespaces) catalog).dropNamespace(ns);
        } catch (RuntimeException dropFailed) {
          e.addSuppressed(dropFailed); // another writer's table may be in it by now
        }
      }
      throw e;
    }
  }

  @Override
  public FloeTable loadTable(String tableName) {
    TableIdentifier id = Names.table(tableName);
    return Errors.translate(display(tableName), () -> wrap(id, loadCatalogTable(id)));
  }

  /**
   * The catalog's table {@code id}. Iceberg's catalogs also resolve {@code ns.t.snapshots} (and the
   * other metadata table names) to a read-only metadata table; a Floe table is always a catalog
   * table (metadata tables come from {@link FloeTable#metadataTable}), so such a name is not found.
   */
  private Table loadCatalogTable(TableIdentifier id) {
    Table table = catalog.loadTable(id);
    if (table instanceof org.apache.iceberg.BaseMetadataTable) {
      String base = display(Names.of(TableIdentifier.of(id.namespace().levels())));
      throw new NoSuchTableException(
          "Table does not exist: %s; for the %s metadata table of %s use"
              + " loadTable(\"%s\").metadataTable(MetadataTableType.%s)",
          display(Names.of(id)),
          id.name(),
          base,
          base,
          id.name().toUpperCase(java.util.Locale.ROOT));
    }
    return table;
  }

  @Override
  public Optional<FloeTable> findTable(String tableName) {
    TableIdentifier id = Names.table(tableName);
    try {
      return Optional.of(wrap(id, loadCatalogTable(id)));
    } catch (NoSuchTableException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw Errors.translate(display(tableName), e);
    }
  }

  FloeTable wrap(TableIdentifier id, Table table) {
    // every commit through Floe passes CommitGuard: a commit that may have landed never fails
    String display = display(Names.of(id));
    return new FloeTableImpl(this, display, CommitGuard.guard(table, display, events));
  }

  @Override
  public boolean tableExists(String tableName) {
    TableIdentifier id = Names.table(tableName);
    return Errors.translate(
        display(tableName),
        () -> {
          if (!catalog.tableExists(id)) {
            return false;
          }
          if (org.apache.iceberg.MetadataTableType.from(id.name()) == null) {
            return true;
          }
          try {
            loadCatalogTable(id);
            return true;
          } catch (NoSuchTableException e) {
            return false;
          }
        });
  }

  @Override
  public List<String> listTables(String namespace) {
    Namespace ns = Names.namespace(namespace);
    return Errors.translateFor(
        display(namespace), () -> catalog.listTables(ns).stream().map(Names::of).toList());
  }

  @Override
  public void renameTable(String from, String to) {
    TableIdentifier source = Names.table(from);
    TableIdentifier target = Names.table(to);
    Errors.run(
        display(from),
        () -> {
          String before = loadCatalogTable(source).location();
          catalog.renameTable(source, target);
          // catalogs that move a table's folder on rename (Hive managed tables) must not nest it
          Table renamed = catalog.loadTable(target);
          if (!Locations.canonical(renamed.location()).equals(Locations.canonical(before))) {
            try {
              Ownership.checkNewLocation(
                  display(to), renamed.location(), String.valueOf(renamed.uuid()), catalog);
            } catch (io.floe.ValidationException e) {
              catalog.renameTable(target, source);
              throw e;
            }
          }
        });
  }

  @Override
  public boolean dropTable(String tableName) {
    TableIdentifier id = Names.table(tableName);
    return Errors.translate(
        display(tableName),
        () -> {
          Table clone = cloneOrNull(id);
          boolean dropped = catalog.dropTable(id, false);
          if (dropped && clone != null) {
            Ownership.cloneDropped(display(tableName), clone);
          }
          return dropped;
        });
  }

  /** The table when it is a clone ({@link io.floe.maintenance.CloneTable}), else null. */
  private Table cloneOrNull(TableIdentifier id) {
    try {
      Table table = loadCatalogTable(id);
      return table.properties().containsKey(io.floe.maintenance.CloneTable.SOURCE_UUID)
          ? table
          : null;
    } catch (RuntimeException e) {
      return null; // the drop answers for a missing table
    }
  }

  @Override
  public boolean purgeTable(String tableName) {
    TableIdentifier id = Names.table(tableName);
    return Errors.translate(
        display(tableName),
        () -> {
          Table table;
          try {
            table = loadCatalogTable(id);
          } catch (NoSuchTableException e) {
            return false;
          }
          Ownership.checkGcEnabled(display(tableName), table, "purge");
          Ownership.checkNoClones(display(tableName), table);
          Ownership.checkOwnsReferencedFiles(display(tableName), table);
          boolean dropped = catalog.dropTable(id, true);
          if (dropped
              && table.properties().containsKey(io.floe.maintenance.CloneTable.SOURCE_UUID)) {
            Ownership.cloneDropped(display(tableName), table);
          }
          return dropped;
        });
  }

  @Override
  public io.floe.CacheStats cacheStats() {
    return catalog instanceof io.floe.impl.cache.CachingCatalog caching
        ? caching.cache().stats()
        : io.floe.CacheStats.empty();
  }

  @Override
  public void close() {
    // a view (addressedAs) does not own the catalog
    if (!prefix.isEmpty() || !closed.compareAndSet(false, true)) {
      return;
    }
    Ownership.closed(this);
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw Errors.io("close catalog", name, e);
      }
    }
  }

  @Override
  public String toString() {
    return "Floe{" + name + "}";
  }
}
