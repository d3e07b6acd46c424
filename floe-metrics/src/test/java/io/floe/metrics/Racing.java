package io.floe.metrics;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.impl.spi.ForwardingCatalog;
import io.floe.impl.spi.ForwardingTableOperations;
import io.floe.impl.spi.Internals;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Opens a Floe exactly as {@code Floe.open(config)} does, whose next catalog commit first runs an
 * action: another handle's commit then lands between the attempt's refresh and its
 * compare-and-swap, a real conflict on the real catalog.
 */
final class Racing {
  private Racing() {}

  static Floe open(FloeConfig config, AtomicReference<Runnable> meanwhile) {
    return Internals.open(
        config,
        catalog ->
            new ForwardingCatalog() {
              @Override
              protected Catalog delegate() {
                return catalog;
              }

              @Override
              protected Table loaded(TableIdentifier id, Table table) {
                BaseTable base = (BaseTable) table;
                TableOperations ops =
                    new ForwardingTableOperations(base.operations()) {
                      @Override
                      public void commit(TableMetadata from, TableMetadata to) {
                        Runnable action = meanwhile.getAndSet(null);
                        if (action != null) {
                          action.run();
                        }
                        super.commit(from, to);
                      }
                    };
                return new BaseTable(ops, table.name(), base.reporter());
              }
            });
  }
}
