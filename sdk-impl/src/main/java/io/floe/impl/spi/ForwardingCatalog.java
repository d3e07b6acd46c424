package io.floe.impl.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * An Iceberg catalog that forwards every call to another one, with hooks on the tables and
 * transactions that come out of it: the base of Floe's caching catalog and of the test kit's
 * fault-injecting catalogs. Namespace calls fail with {@link UnsupportedOperationException} when
 * the delegate has no namespaces. {@link #close()} closes the delegate. Thread-safe when the
 * delegate and the hooks are.
 *
 * <pre>{@code
 * Catalog counting = new ForwardingCatalog() {
 *   protected Catalog delegate() { return jdbc; }
 *   protected Table loaded(TableIdentifier id, Table table) { loads.increment(); return table; }
 * };
 * }</pre>
 */
public abstract class ForwardingCatalog implements Catalog, SupportsNamespaces, Closeable {

  /** Creates the catalog; the delegate comes from {@link #delegate()}. */
  protected ForwardingCatalog() {}

  /**
   * The catalog that does the work.
   *
   * @return the delegate
   */
  protected abstract Catalog delegate();

  /**
   * The catalog under Floe's wrappers.
   *
   * @param catalog a catalog, wrapped or not
   * @return the innermost catalog
   */
  public static Catalog unwrap(Catalog catalog) {
    Catalog inner = catalog;
    while (inner instanceof ForwardingCatalog forwarding) {
      inner = forwarding.delegate();
    }
    return inner;
  }

  /**
   * Called with every table this catalog creates ({@code createTable}, {@code
   * buildTable().create()}).
   *
   * @param id the table's identifier
   * @param table the table the delegate created
   * @return the table to hand out
   */
  protected Table created(TableIdentifier id, Table table) {
    return table;
  }

  /**
   * Called with every table this catalog loads or registers.
   *
   * @param id the table's identifier
   * @param table the table the delegate returned
   * @return the table to hand out
   */
  protected Table loaded(TableIdentifier id, Table table) {
    return table;
  }

  /**
   * Called with every create/replace transaction a table builder of this catalog starts.
   *
   * @param id the table's identifier
   * @param transaction the delegate's transaction
   * @return the transaction to hand out
   */
  protected Transaction transaction(TableIdentifier id, Transaction transaction) {
    return transaction;
  }

  private SupportsNamespaces namespaces() {
    if (delegate() instanceof SupportsNamespaces ns) {
      return ns;
    }
    throw new UnsupportedOperationException(
        "Catalog " + delegate().name() + " does not support namespaces");
  }

  @Override
  public String name() {
    return delegate().name();
  }

  /** Does nothing: the delegate is initialized by whoever built it. */
  @Override
  public void initialize(String name, Map<String, String> properties) {}

  @Override
  public List<TableIdentifier> listTables(Namespace namespace) {
    return delegate().listTables(namespace);
  }

  @Override
  public Table createTable(
      TableIdentifier id,
      Schema schema,
      PartitionSpec spec,
      String location,
      Map<String, String> properties) {
    return created(id, delegate().createTable(id, schema, spec, location, properties));
  }

  @Override
  public boolean tableExists(TableIdentifier id) {
    return delegate().tableExists(id);
  }

  @Override
  public boolean dropTable(TableIdentifier id, boolean purge) {
    return delegate().dropTable(id, purge);
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    delegate().renameTable(from, to);
  }

  @Override
  public Table loadTable(TableIdentifier id) {
    return loaded(id, delegate().loadTable(id));
  }

  @Override
  public void invalidateTable(TableIdentifier id) {
    delegate().invalidateTable(id);
  }

  @Override
  public Table registerTable(TableIdentifier id, String metadataFileLocation) {
    return loaded(id, delegate().registerTable(id, metadataFileLocation));
  }

  @Override
  public TableBuilder buildTable(TableIdentifier id, Schema schema) {
    return new Builder(id, delegate().buildTable(id, schema));
  }

  @Override
  public void createNamespace(Namespace namespace, Map<String, String> metadata) {
    namespaces().createNamespace(namespace, metadata);
  }

  @Override
  public List<Namespace> listNamespaces(Namespace namespace) {
    return namespaces().listNamespaces(namespace);
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
    return namespaces().loadNamespaceMetadata(namespace);
  }

  @Override
  public boolean dropNamespace(Namespace namespace) {
    return namespaces().dropNamespace(namespace);
  }

  @Override
  public boolean setProperties(Namespace namespace, Map<String, String> properties) {
    return namespaces().setProperties(namespace, properties);
  }

  @Override
  public boolean removeProperties(Namespace namespace, Set<String> properties) {
    return namespaces().removeProperties(namespace, properties);
  }

  @Override
  public boolean namespaceExists(Namespace namespace) {
    return namespaces().namespaceExists(namespace);
  }

  /**
   * Closes the delegate when it is closeable.
   *
   * @throws IOException when the delegate fails to close
   */
  @Override
  public void close() throws IOException {
    if (delegate() instanceof Closeable closeable) {
      closeable.close();
    }
  }

  /** The delegate's table builder, with the hooks applied to what it creates. */
  private final class Builder implements TableBuilder {
    private final TableIdentifier id;
    private final TableBuilder builder;

    Builder(TableIdentifier id, TableBuilder builder) {
      this.id = id;
      this.builder = builder;
    }

    @Override
    public TableBuilder withPartitionSpec(PartitionSpec spec) {
      builder.withPartitionSpec(spec);
      return this;
    }

    @Override
    public TableBuilder withSortOrder(SortOrder sortOrder) {
      builder.withSortOrder(sortOrder);
      return this;
    }

    @Override
    public TableBuilder withLocation(String location) {
      builder.withLocation(location);
      return this;
    }

    @Override
    public TableBuilder withProperties(Map<String, String> properties) {
      builder.withProperties(properties);
      return this;
    }

    @Override
    public TableBuilder withProperty(String key, String value) {
      builder.withProperty(key, value);
      return this;
    }

    @Override
    public Table create() {
      return created(id, builder.create());
    }

    @Override
    public Transaction createTransaction() {
      return transaction(id, builder.createTransaction());
    }

    @Override
    public Transaction replaceTransaction() {
      return transaction(id, builder.replaceTransaction());
    }

    @Override
    public Transaction createOrReplaceTransaction() {
      return transaction(id, builder.createOrReplaceTransaction());
    }
  }
}
