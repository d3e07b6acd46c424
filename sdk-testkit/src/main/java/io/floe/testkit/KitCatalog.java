package io.floe.testkit;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The Iceberg catalog behind {@link FloeTestKit#config()}: Iceberg instantiates it by name
 * ({@code catalog-impl}) and it attaches to the running kit named by the {@value #KIT_PROPERTY}
 * property, sharing the kit's catalog, files and faults. Not for direct use. Thread-safe once
 * initialized.
 *
 * <pre>{@code
 * try (Floe floe = Floe.open(kit.config())) { ... }
 * }</pre>
 */
public final class KitCatalog implements Catalog, SupportsNamespaces, Closeable {
  /** The catalog property naming the kit to attach to. */
  public static final String KIT_PROPERTY = "floe.testkit.kit";

  private FaultyCatalog delegate;

  /** Creates an unattached catalog; Iceberg then calls {@link #initialize(String, Map)}. */
  public KitCatalog() {}

  /**
   * Attaches to the kit named by {@value #KIT_PROPERTY}.
   *
   * @param name the catalog name
   * @param properties the catalog properties
   * @throws IllegalArgumentException when the property is missing or the kit is closed
   */
  @Override
  public void initialize(String name, Map<String, String> properties) {
    String id = properties.get(KIT_PROPERTY);
    FloeTestKit kit = id == null ? null : FloeTestKit.RUNNING.get(id);
    if (kit == null) {
      throw new IllegalArgumentException("No running test kit '" + id + "': get the configuration from "
          + "FloeTestKit.config() and use it while the kit is open");
    }
    this.delegate = kit.newCatalog();
  }

  private FaultyCatalog d() {
    return Objects.requireNonNull(delegate, "KitCatalog was not initialized");
  }

  @Override
  public String name() {
    return d().name();
  }

  @Override
  public List<TableIdentifier> listTables(Namespace namespace) {
    return d().listTables(namespace);
  }

  @Override
  public Table createTable(TableIdentifier id, Schema schema, PartitionSpec spec, String location,
      Map<String, String> properties) {
    return d().createTable(id, schema, spec, location, properties);
  }

  @Override
  public TableBuilder buildTable(TableIdentifier id, Schema schema) {
    return d().buildTable(id, schema);
  }

  @Override
  public boolean tableExists(TableIdentifier id) {
    return d().tableExists(id);
  }

  @Override
  public boolean dropTable(TableIdentifier id, boolean purge) {
    return d().dropTable(id, purge);
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    d().renameTable(from, to);
  }

  @Override
  public Table loadTable(TableIdentifier id) {
    return d().loadTable(id);
  }

  @Override
  public Table registerTable(TableIdentifier id, String metadataFileLocation) {
    return d().registerTable(id, metadataFileLocation);
  }

  @Override
  public void createNamespace(Namespace namespace, Map<String, String> metadata) {
    d().createNamespace(namespace, metadata);
  }

  @Override
  public List<Namespace> listNamespaces(Namespace namespace) {
    return d().listNamespaces(namespace);
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
    return d().loadNamespaceMetadata(namespace);
  }

  @Override
  public boolean dropNamespace(Namespace namespace) {
    return d().dropNamespace(namespace);
  }

  @Override
  public boolean setProperties(Namespace namespace, Map<String, String> properties) {
    return d().setProperties(namespace, properties);
  }

  @Override
  public boolean removeProperties(Namespace namespace, Set<String> properties) {
    return d().removeProperties(namespace, properties);
  }

  @Override
  public boolean namespaceExists(Namespace namespace) {
    return d().namespaceExists(namespace);
  }

  @Override
  public void close() {
    if (delegate != null) {
      delegate.close();
    }
  }
}
