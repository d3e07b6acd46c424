package io.floe.testkit;

import java.io.Closeable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.iceberg.BaseMetastoreCatalog;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;

/**
 * An Iceberg catalog held in memory, over any FileIO, with the behaviour of Iceberg's JDBC catalog
 * (namespaces must exist for tables, non-empty namespaces cannot be dropped, a commit is an atomic
 * compare-and-swap of the metadata location). Several instances can share one {@link Store}, like
 * several processes sharing one catalog database. Thread-safe.
 */
final class MemoryCatalog extends BaseMetastoreCatalog implements SupportsNamespaces, Closeable {

  /** The catalog's state: namespaces and the current metadata location of each table. */
  static final class Store {
    final ConcurrentMap<Namespace, Map<String, String>> namespaces = new ConcurrentHashMap<>();
    final ConcurrentMap<TableIdentifier, String> tables = new ConcurrentHashMap<>();
  }

  private final String name;
  private final String warehouse;
  private final Store store;
  private final FileIO io;

  MemoryCatalog(String name, String warehouse, Store store, FileIO io) {
    this.name = name;
    this.warehouse = warehouse.replaceAll("/+$", "");
    this.store = store;
    this.io = io;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier id) {
    return new Ops(id);
  }

  @Override
  protected String defaultWarehouseLocation(TableIdentifier id) {
    return warehouse + "/" + String.join("/", id.namespace().levels()) + "/" + id.name();
  }

  @Override
  public List<TableIdentifier> listTables(Namespace namespace) {
    if (!store.namespaces.containsKey(namespace)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    return store.tables.keySet().stream()
        .filter(t -> t.namespace().equals(namespace))
        .sorted(Comparator.comparing(TableIdentifier::toString))
        .collect(Collectors.toList());
  }

  @Override
  public boolean dropTable(TableIdentifier id, boolean purge) {
    TableOperations ops = newTableOps(id);
    TableMetadata last;
    try {
      last = ops.current();
    } catch (NoSuchTableException e) {
      return false;
    }
    if (last == null || store.tables.remove(id) == null) {
      return false;
    }
    if (purge) {
      CatalogUtil.dropTableData(ops.io(), last);
    }
    return true;
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    synchronized (store) {
      String location = store.tables.get(from);
      if (location == null) {
        throw new NoSuchTableException("Table does not exist: %s", from);
      }
      if (!store.namespaces.containsKey(to.namespace())) {
        throw new NoSuchNamespaceException("Namespace does not exist: %s", to.namespace());
      }
      if (from.equals(to)) {
        return;
      }
      if (store.tables.containsKey(to)) {
        throw new AlreadyExistsException("Table already exists: %s", to);
      }
      store.tables.put(to, location);
      store.tables.remove(from);
    }
  }

  @Override
  public void createNamespace(Namespace namespace, Map<String, String> metadata) {
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("Cannot create the empty namespace");
    }
    if (store.namespaces.putIfAbsent(namespace, Map.copyOf(metadata)) != null) {
      throw new AlreadyExistsException("Namespace already exists: %s", namespace);
    }
  }

  @Override
  public boolean namespaceExists(Namespace namespace) {
    return store.namespaces.containsKey(namespace);
  }

  @Override
  public List<Namespace> listNamespaces() {
    return store.namespaces.keySet().stream()
        .map(n -> n.level(0))
        .distinct()
        .sorted()
        .map(Namespace::of)
        .collect(Collectors.toList());
  }

  @Override
  public List<Namespace> listNamespaces(Namespace parent) {
    if (parent.isEmpty()) {
      return listNamespaces();
    }
    int depth = parent.levels().length;
    List<Namespace> children =
        store.namespaces.keySet().stream()
            .filter(
                n ->
                    n.levels().length > depth
                        && Arrays.equals(Arrays.copyOf(n.levels(), depth), parent.levels()))
            .map(n -> Namespace.of(Arrays.copyOf(n.levels(), depth + 1)))
            .distinct()
            .sorted(Comparator.comparing(Namespace::toString))
            .collect(Collectors.toList());
    if (children.isEmpty() && !store.namespaces.containsKey(parent)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", parent);
    }
    return children;
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
    Map<String, String> metadata = store.namespaces.get(namespace);
    if (metadata == null) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    return metadata;
  }

  @Override
  public boolean dropNamespace(Namespace namespace) {
    synchronized (store) {
      if (!store.namespaces.containsKey(namespace)) {
        return false;
      }
      long tables =
          store.tables.keySet().stream().filter(t -> t.namespace().equals(namespace)).count();
      if (tables > 0) {
        throw new NamespaceNotEmptyException(
            "Namespace %s is not empty: %s tables", namespace, tables);
      }
      return store.namespaces.remove(namespace) != null;
    }
  }

  @Override
  public boolean setProperties(Namespace namespace, Map<String, String> properties) {
    synchronized (store) {
      Map<String, String> merged = new HashMap<>(loadNamespaceMetadata(namespace));
      merged.putAll(properties);
      store.namespaces.put(namespace, Map.copyOf(merged));
      return true;
    }
  }

  @Override
  public boolean removeProperties(Namespace namespace, Set<String> properties) {
    synchronized (store) {
      Map<String, String> merged = new HashMap<>(loadNamespaceMetadata(namespace));
      properties.forEach(merged::remove);
      store.namespaces.put(namespace, Map.copyOf(merged));
      return true;
    }
  }

  @Override
  public void close() {
    // the kit owns the store and the FileIO
  }

  private final class Ops extends BaseMetastoreTableOperations {
    private final TableIdentifier id;

    Ops(TableIdentifier id) {
      this.id = id;
    }

    @Override
    protected String tableName() {
      return name + "." + id;
    }

    @Override
    public FileIO io() {
      return io;
    }

    @Override
    protected void doRefresh() {
      String location = store.tables.get(id);
      if (location == null && currentMetadataLocation() != null) {
        throw new NoSuchTableException("Table does not exist: %s", id);
      }
      // a store in memory is consistent at once: retry an injected transient failure, never a
      // metadata file that is missing or does not parse (Iceberg would back off for minutes)
      refreshFromMetadataLocation(location, MemoryCatalog::mayBeTransient, 20);
    }

    @Override
    protected void doCommit(TableMetadata base, TableMetadata metadata) {
      String newLocation = writeNewMetadataIfRequired(base == null, metadata);
      String baseLocation = base == null ? null : base.metadataFileLocation();
      try {
        synchronized (store) {
          String current = store.tables.get(id);
          if (base == null) {
            if (current != null) {
              throw new AlreadyExistsException("Table already exists: %s", id);
            }
            if (!store.namespaces.containsKey(id.namespace())) {
              throw new NoSuchNamespaceException(
                  "Cannot create table %s: namespace %s does not exist", id, id.namespace());
            }
          } else if (current == null) {
            throw new NoSuchTableException("Table does not exist: %s", id);
          } else if (!current.equals(baseLocation)) {
            throw new CommitFailedException(
                "Cannot commit to table %s: its metadata changed from %s to %s concurrently",
                id, baseLocation, current);
          }
          store.tables.put(id, newLocation);
        }
      } catch (RuntimeException e) {
        // certainly not committed: remove the metadata file this attempt wrote
        try {
          io().deleteFile(newLocation);
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
      requestRefresh();
    }
  }

  private static boolean mayBeTransient(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.apache.iceberg.exceptions.NotFoundException
          || t instanceof IllegalArgumentException
          || t instanceof NullPointerException
          || t.getClass().getName().startsWith("com.fasterxml.jackson.")) {
        return false;
      }
    }
    return true;
  }
}
