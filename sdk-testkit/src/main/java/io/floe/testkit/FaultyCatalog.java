package io.floe.testkit;

import io.floe.impl.spi.ForwardingCatalog;
import io.floe.impl.spi.ForwardingTableOperations;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Wraps any Iceberg catalog so that commits on its tables pass through {@link Faults}. Tables it
 * returns are {@link BaseTable}s over fault-injecting table operations. Thread-safe when the
 * delegate is.
 */
final class FaultyCatalog extends ForwardingCatalog {
  private final Catalog delegate;
  private final Faults faults;
  private final Closeable onClose;

  FaultyCatalog(Catalog delegate, Faults faults, Closeable onClose) {
    this.delegate = delegate;
    this.faults = faults;
    this.onClose = onClose;
  }

  @Override
  public Catalog delegate() {
    return delegate;
  }

  Table wrap(Table table) {
    if (table instanceof BaseTable
        && table instanceof HasTableOperations has
        && !(has.operations() instanceof Ops)) {
      return new BaseTable(new Ops(has.operations(), table.name()), table.name());
    }
    return table;
  }

  @Override
  protected Table created(TableIdentifier id, Table table) {
    return wrap(table);
  }

  @Override
  protected Table loaded(TableIdentifier id, Table table) {
    return wrap(table);
  }

  @Override
  public void initialize(String name, Map<String, String> properties) {
    throw new UnsupportedOperationException("The test kit's catalog is initialized by FloeTestKit");
  }

  @Override
  public void close() {
    try {
      super.close();
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
  final class Ops extends ForwardingTableOperations {
    private final String table;

    Ops(TableOperations ops, String table) {
      super(ops);
      this.table = shortName(table);
    }

    private String shortName(String full) {
      String prefix = delegate.name() + ".";
      return full.startsWith(prefix) ? full.substring(prefix.length()) : full;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      Faults.Rule rule = faults.onCommitCall(table);
      if (rule != null) {
        switch (rule.action) {
          case CONFLICT -> {
            faults.countConflict();
            throw new CommitFailedException(
                "Injected commit conflict on %s (rule: %s)", table, rule.text);
          }
          case UNKNOWN ->
              throw new CommitStateUnknownException(
                  new RuntimeException(
                      "Injected: the outcome of the commit to "
                          + table
                          + " is unknown (rule: "
                          + rule.text
                          + ")"));
          case FAIL -> throw rule.error.get();
          default -> {}
        }
      }
      try {
        super.commit(base, metadata);
      } catch (CommitFailedException e) {
        faults.countConflict();
        throw e;
      }
      faults.countCommit();
      if (rule != null) {
        switch (rule.action) {
          case UNKNOWN_AFTER_APPLY ->
              throw new CommitStateUnknownException(
                  new RuntimeException(
                      "Injected: the commit to "
                          + table
                          + " was applied but its outcome was lost (rule: "
                          + rule.text
                          + ")"));
          case DISCONNECT_AFTER_APPLY ->
              throw new UncheckedSQLException(
                  new SQLNonTransientConnectionException(
                      "Injected: connection reset after the commit to "
                          + table
                          + " was applied (rule: "
                          + rule.text
                          + ")",
                      "08006"),
                  "Database Connection failed");
          case LOST_ACK_AFTER_APPLY ->
              throw new CommitFailedException(
                  "Injected: failed to update table %s: the retry after a lost acknowledgement found the row changed "
                      + "(the commit was applied; rule: %s)",
                  table, rule.text);
          default -> {}
        }
      }
    }
  }
}
