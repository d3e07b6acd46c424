package io.floe.impl.catalog;

import io.floe.CacheStats;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.TableCreator;
import io.floe.impl.FloeImpl;
import io.floe.spi.FloeProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Floe} over several catalogs, addressed as {@code catalog.namespace.table}. A name whose
 * first part names an open catalog goes to that catalog (the rest being the name inside it); any
 * other name goes to the first catalog, the default. Names this Floe returns (listed tables and
 * namespaces) carry the catalog prefix whenever the request did, and so do the names of tables
 * loaded or created with it ({@link FloeTable#name()}) and the messages of errors about them.
 * Thread-safe.
 */
public final class MultiCatalogFloe implements Floe {
  private final Map<String, Floe> catalogs;

  /** Per catalog, the view that names tables with the catalog prefix ("lake.sales.orders"). */
  private final Map<String, Floe> prefixed = new LinkedHashMap<>();

  private final Floe defaultCatalog;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MultiCatalogFloe(Map<String, Floe> catalogs) {
    this.catalogs = catalogs;
    this.defaultCatalog = catalogs.values().iterator().next();
    catalogs.forEach(
        (name, floe) ->
            prefixed.put(name, floe instanceof FloeImpl impl ? impl.addressedAs(name) : floe));
  }

  /**
   * Opens every catalog; if one fails, those already open are closed.
   *
   * @param provider opens one catalog
   * @param configs the catalogs, the first the default
   * @return the Floe
   * @throws IllegalArgumentException when two catalogs share a name
   */
  public static Floe open(FloeProvider provider, List<FloeConfig> configs) {
    Map<String, Floe> opened = new LinkedHashMap<>();
    try {
      for (FloeConfig config : configs) {
        if (opened.containsKey(config.name())) {
          throw new IllegalArgumentException(
              "Two catalogs are named '" + config.name() + "'; names must differ");
        }
        opened.put(config.name(), provider.open(config));
      }
    } catch (RuntimeException e) {
      opened.values().forEach(Floe::close);
      throw e;
    }
    return new MultiCatalogFloe(opened);
  }

  /**
   * The first catalog, which serves names without a catalog prefix.
   *
   * @return the default catalog's Floe
   */
  public Floe defaultCatalog() {
    return defaultCatalog;
  }

  /**
   * The Floe of one catalog.
   *
   * @param name the catalog name
   * @return the catalog's Floe, or empty when none has that name
   */
  public Optional<Floe> catalog(String name) {
    return Optional.ofNullable(catalogs.get(name));
  }

  /**
   * Where a name goes: the Floe to call (a prefixed view when the name carried the catalog), the
   * prefix, the name inside the catalog, and the catalog itself.
   */
  private record Target(Floe floe, String prefix, String name, Floe catalog) {
    String qualify(String inner) {
      return prefix.isEmpty() ? inner : prefix + "." + inner;
    }
  }

  private Target route(String name, int minParts) {
    java.util.Objects.requireNonNull(name, "name");
    int dot = name.indexOf('.');
    if (dot > 0) {
      Floe floe = catalogs.get(name.substring(0, dot));
      String rest = name.substring(dot + 1);
      if (floe != null && rest.split("\\.", -1).length >= minParts) {
        String catalog = name.substring(0, dot);
        return new Target(prefixed.get(catalog), catalog, rest, floe);
      }
    }
    return new Target(defaultCatalog, "", name, defaultCatalog);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("This Floe is closed");
    }
  }

  @Override
  public String name() {
    return defaultCatalog.name();
  }

  @Override
  public List<String> catalogs() {
    return List.copyOf(catalogs.keySet());
  }

  @Override
  public void createNamespace(String namespace) {
    checkOpen();
    Target t = route(namespace, 1);
    t.floe().createNamespace(t.name());
  }

  @Override
  public void createNamespace(String namespace, java.util.Map<String, String> properties) {
    checkOpen();
    Target t = route(namespace, 1);
    t.floe().createNamespace(t.name(), properties);
  }

  @Override
  public java.util.Map<String, String> namespaceProperties(String namespace) {
    checkOpen();
    Target t = route(namespace, 1);
    return t.floe().namespaceProperties(t.name());
  }

  @Override
  public void updateNamespaceProperties(
      String namespace, java.util.Map<String, String> set, java.util.Set<String> remove) {
    checkOpen();
    Target t = route(namespace, 1);
    t.floe().updateNamespaceProperties(t.name(), set, remove);
  }

  @Override
  public FloeTable registerTable(String name, String metadataLocation) {
    checkOpen();
    Target t = route(name, 2);
    return t.floe().registerTable(t.name(), metadataLocation);
  }

  /**
   * The location the catalog a name routes to gives a new table of that name.
   *
   * @param name the table's full name
   * @return the location
   */
  public String newTableLocation(String name) {
    checkOpen();
    Target t = route(name, 2);
    return io.floe.impl.spi.Internals.newTableLocation(t.catalog(), t.name());
  }

  @Override
  public io.floe.maintenance.RestoreTable restoreTable(String name, String backupLocation) {
    checkOpen();
    Target t = route(name, 2);
    return t.floe().restoreTable(t.name(), backupLocation);
  }

  @Override
  public boolean namespaceExists(String namespace) {
    Target t = route(namespace, 1);
    return t.floe().namespaceExists(t.name());
  }

  @Override
  public List<String> namespaces() {
    return defaultCatalog.namespaces();
  }

  @Override
  public List<String> namespaces(String parent) {
    if (catalogs.containsKey(parent)) {
      Floe floe = catalogs.get(parent);
      return floe.namespaces().stream().map(n -> parent + "." + n).toList();
    }
    Target t = route(parent, 1);
    return t.floe().namespaces(t.name()).stream().map(t::qualify).toList();
  }

  @Override
  public boolean dropNamespace(String namespace) {
    Target t = route(namespace, 1);
    return t.floe().dropNamespace(t.name());
  }

  @Override
  public TableCreator createTable(String name) {
    checkOpen();
    Target t = route(name, 2);
    return t.floe().createTable(t.name());
  }

  @Override
  public FloeTable loadTable(String name) {
    checkOpen();
    Target t = route(name, 2);
    return t.floe().loadTable(t.name());
  }

  @Override
  public Optional<FloeTable> findTable(String name) {
    Target t = route(name, 2);
    return t.floe().findTable(t.name());
  }

  @Override
  public boolean tableExists(String name) {
    Target t = route(name, 2);
    return t.floe().tableExists(t.name());
  }

  @Override
  public List<String> listTables(String namespace) {
    Target t = route(namespace, 1);
    return t.floe().listTables(t.name()).stream().map(t::qualify).toList();
  }

  @Override
  public void renameTable(String from, String to) {
    Target source = route(from, 2);
    Target target = route(to, 2);
    if (source.catalog() != target.catalog()) {
      throw new io.floe.ValidationException(
          "Cannot rename "
              + from
              + " to "
              + to
              + ": the names are in different catalogs; a table can only be renamed within its catalog",
          from,
          null,
          null);
    }
    source.floe().renameTable(source.name(), target.name());
  }

  @Override
  public boolean dropTable(String name) {
    Target t = route(name, 2);
    return t.floe().dropTable(t.name());
  }

  @Override
  public boolean purgeTable(String name) {
    Target t = route(name, 2);
    return t.floe().purgeTable(t.name());
  }

  @Override
  public CacheStats cacheStats() {
    CacheStats sum = CacheStats.empty();
    for (Floe floe : catalogs.values()) {
      sum = sum.plus(floe.cacheStats());
    }
    return sum;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<RuntimeException> failures = new ArrayList<>();
    for (Floe floe : catalogs.values()) {
      try {
        floe.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw CatalogErrors.cannotClose(failures);
    }
  }

  @Override
  public String toString() {
    return "Floe{" + catalogs.keySet() + "}";
  }
}
