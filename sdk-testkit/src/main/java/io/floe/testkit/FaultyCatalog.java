package io.floe.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * Wraps any Iceberg catalog so that commits on its tables pass through {@link Faults}. Tables it
 * returns are {@link BaseTable}s over fault-injecting table operations. Thread-safe when the
 * delegate is.
 */
final class FaultyCatalog implements Catalog, SupportsNamespaces, Closeable {
  private final Catalog delegate;
  private final Faults faults;
  private final Closeable onClose;

  FaultyCatalog(Catalog delegate, Faults faults, Closeable onClose) {
    this.delegate = delegate;
    this.faults = faults;
    this.onClose = onClose;
  }

  Catalog delegate() {
    return delegate;
  }

  private SupportsNamespaces namespaces() {
    if (delegate instanceof SupportsNamespaces ns) {
      return ns;
    }
    throw new UnsupportedOperationException("Catalog " + delegate.name() + " does not support namespaces");
  }

  Table wrap(Table table) {
    if (table instanceof BaseTable && table instanceof HasTableOperations has
        && !(has.operations() instanceof Ops)) {
      return new BaseTable(new Ops(has.operations(), table.name()), table.name());
    }
    return table;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void initialize(String name, Map<String, String> properties) {
    throw new UnsupportedOperationException("The test kit's catalog is initialized by FloeTestKit");
  }

  @Override
  public List<TableIdentifier> listTables(Namespace namespace) {
    return delegate.listTables(namespace);
  }

  @Override
  public Table createTable(TableIdentifier id, Schema schema, PartitionSpec spec, String location,
      Map<String, String> properties) {
    return wrap(delegate.createTable(id, schema, spec, location, properties));
  }

  @Override
  public boolean tableExists(TableIdentifier id) {
    return delegate.tableExists(id);
  }

  @Override
  public boolean dropTable(TableIdentifier id, boolean purge) {
    return delegate.dropTable(id, purge);
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    delegate.renameTable(from, to);
  }

  @Override
  public Table loadTable(TableIdentifier id) {
    return wrap(delegate.loadTable(id));
  }

  @Override
  public void invalidateTable(TableIdentifier id) {
    delegate.invalidateTable(id);
  }

  @Override
  public Table registerTable(TableIdentifier id, String metadataFileLocation) {
    return wrap(delegate.registerTable(id, metadataFileLocation));
  }

  @Override
  public TableBuilder buildTable(TableIdentifier id, Schema schema) {
    TableBuilder builder = delegate.buildTable(id, schema);
    return new TableBuilder() {
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
        return wrap(builder.create());
      }

      @Override
      public Transaction createTransaction() {
        return builder.createTransaction();
      }

      @Override
      public Transaction replaceTransaction() {
        return builder.replaceTransaction();
      }

      @Override
      public Transaction createOrReplaceTransaction() {
        return builder.createOrReplaceTransaction();
      }
    };
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

  @Override
  public void close() {
    try {
      if (delegate instanceof Closeable closeable) {
        closeable.close();
      }
      if (onClose != null) {
        onClose.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to close catalog " + delegate.name(), e);
    }
  }

  @Override
  public String toString() {
    return "FaultyCatalog{" + delegate + "}";
  }

  /** Table operations whose commits consult the faults first. */
  final class Ops implements TableOperations {
    private final TableOperations ops;
    private final String table;

    Ops(TableOperations ops, String table) {
      this.ops = ops;
      this.table = shortName(table);
    }

    private String shortName(String full) {
      String prefix = delegate.name() + ".";
      return full.startsWith(prefix) ? full.substring(prefix.length()) : full;
    }

    @Override
    public TableMetadata current() {
      return ops.current();
    }

    @Override
    public TableMetadata refresh() {
      return ops.refresh();
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      Faults.Rule rule = faults.onCommitCall(table);
      if (rule != null) {
        switch (rule.action) {
          case CONFLICT -> {
            faults.countConflict();
            throw new CommitFailedException("Injected commit conflict on %s (rule: %s)", table, rule.text);
          }
          case UNKNOWN -> throw new CommitStateUnknownException(
              new RuntimeException("Injected: the outcome of the commit to " + table + " is unknown (rule: "
                  + rule.text + ")"));
          case FAIL -> throw rule.error.get();
          default -> { }
        }
      }
      try {
        ops.commit(base, metadata);
      } catch (CommitFailedException e) {
        faults.countConflict();
        throw e;
      }
      faults.countCommit();
      if (rule != null && rule.action == Faults.Action.UNKNOWN_AFTER_APPLY) {
        throw new CommitStateUnknownException(
            new RuntimeException("Injected: the commit to " + table + " was applied but its outcome was lost (rule: "
                + rule.text + ")"));
      }
    }

    @Override
    public FileIO io() {
      return ops.io();
    }

    @Override
    public EncryptionManager encryption() {
      return ops.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return ops.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
      return ops.locationProvider();
    }

    @Override
    public TableOperations temp(TableMetadata uncommittedMetadata) {
      return ops.temp(uncommittedMetadata);
    }

    @Override
    public long newSnapshotId() {
      return ops.newSnapshotId();
    }

    @Override
    public boolean requireStrictCleanup() {
      return ops.requireStrictCleanup();
    }
  }

}
