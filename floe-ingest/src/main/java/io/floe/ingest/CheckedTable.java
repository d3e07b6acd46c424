package io.floe.ingest;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.ForwardingCatalog;
import io.floe.impl.spi.Internals;
import java.util.Objects;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A table as a source sees it: Floe's own writes (appends, Arrow appends, upserts, schema updates),
 * every commit of which passes the source's {@link SeqCheckingOps}. Built as a second Floe over the
 * caller's catalog whose tables carry the checking operations; closing it leaves the caller's
 * catalog open.
 */
final class CheckedTable {
  private final Floe checkedFloe;
  final String name;
  final String key;
  final FloeTable table;
  final SeqCheckingOps.Expectation expectation = new SeqCheckingOps.Expectation();
  private volatile SeqCheckingOps ops;

  CheckedTable(Floe floe, String tableName, String key) {
    this.name = Objects.requireNonNull(tableName, "table");
    this.key = key;
    Catalog catalog = Internals.catalog(floe);
    ForwardingCatalog checking =
        new ForwardingCatalog() {
          @Override
          protected Catalog delegate() {
            return catalog;
          }

          @Override
          protected Table loaded(TableIdentifier id, Table table) {
            if (!(table instanceof HasTableOperations has)) {
              return table;
            }
            SeqCheckingOps wrapped =
                new SeqCheckingOps(has.operations(), tableName, key, expectation);
            ops = wrapped;
            return table instanceof BaseTable base
                ? new BaseTable(wrapped, table.name(), base.reporter())
                : new BaseTable(wrapped, table.name());
          }

          @Override
          public void close() {
            // the caller's Floe owns the catalog
          }
        };
    this.checkedFloe = Internals.open(catalog.name(), checking);
    this.table = checkedFloe.loadTable(tableName);
    if (ops == null) {
      throw new IllegalArgumentException("Not a table of Floe's implementation: " + tableName);
    }
  }

  /** The table's current metadata, refreshed from the catalog. */
  TableMetadata refresh() {
    table.refresh();
    return ops.refresh();
  }

  /** Closes the private Floe (not the caller's catalog). */
  void close() {
    checkedFloe.close();
  }

  /** The Iceberg table behind the checked Floe table (its commits are checked too). */
  Table iceberg() {
    return Internals.icebergTable(table);
  }
}
