package io.floe.impl.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.floe.impl.spi.ForwardingCatalog;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * A catalog that keeps loaded tables and revalidates them cheaply instead of reloading them.
 *
 * <p>A table loaded once is served from memory for {@code floe.cache.revalidate-after-ms}; after
 * that the next load refreshes it, which for metastore-backed catalogs (JDBC, Hive, Glue, Nessie)
 * is one look-up of the current metadata location, reading new metadata only when another writer
 * committed. Every load returns the same {@link Table} object, so a commit made through any of them
 * is seen by all at once: a Floe never reads stale metadata after its own write. Drops, renames and
 * transactions started here invalidate the entry. Thread-safe.
 */
public final class CachingCatalog extends ForwardingCatalog {
  private static final int MAX_TABLES = 10_000;

  private final Catalog catalog;
  private final MetadataCache cache;
  private final Cache<TableIdentifier, Entry> tables;

  private static final class Entry {
    final Table table;
    volatile long validatedAt;

    Entry(Table table, long validatedAt) {
      this.table = table;
      this.validatedAt = validatedAt;
    }
  }

  /**
   * Wraps a catalog.
   *
   * @param catalog the catalog that loads and commits tables
   * @param cache the metadata cache, also holding the counters and the revalidation interval
   * @param expireAfterAccess how long an unused table stays cached
   */
  public CachingCatalog(Catalog catalog, MetadataCache cache, Duration expireAfterAccess) {
    this.catalog = catalog;
    this.cache = cache;
    this.tables =
        Caffeine.newBuilder().maximumSize(MAX_TABLES).expireAfterAccess(expireAfterAccess).build();
  }

  /**
   * The wrapped catalog.
   *
   * @return the catalog that does the work
   */
  @Override
  public Catalog delegate() {
    return catalog;
  }

  /**
   * The metadata cache of this catalog.
   *
   * @return the cache
   */
  public MetadataCache cache() {
    return cache;
  }

  @Override
  public Table loadTable(TableIdentifier id) {
    Entry entry = tables.getIfPresent(id);
    if (entry != null) {
      long now = System.nanoTime();
      if (now - entry.validatedAt < cache.revalidateAfterNanos()) {
        cache.tableHits.increment();
        return entry.table;
      }
      return revalidate(id, entry);
    }
    cache.tableMisses.increment();
    Table table = catalog.loadTable(id);
    if (table instanceof BaseTable) {
      tables.put(id, new Entry(table, System.nanoTime()));
    }
    return table;
  }

  private Table revalidate(TableIdentifier id, Entry entry) {
    cache.revalidations.increment();
    try {
      // metastore catalogs: one metadata-location look-up; new metadata is read only if it moved
      entry.table.refresh();
    } catch (NoSuchTableException e) {
      tables.invalidate(id);
      throw e;
    }
    entry.validatedAt = System.nanoTime();
    return entry.table;
  }

  /**
   * Revalidates a table now if it is cached (a metadata location check), so the next load sees
   * other writers' commits.
   *
   * @param id the table
   */
  public void revalidate(TableIdentifier id) {
    Entry entry = tables.getIfPresent(id);
    if (entry != null) {
      revalidate(id, entry);
    }
  }

  @Override
  public boolean dropTable(TableIdentifier id, boolean purge) {
    tables.invalidate(id);
    return catalog.dropTable(id, purge);
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    tables.invalidate(from);
    tables.invalidate(to);
    catalog.renameTable(from, to);
  }

  @Override
  public void invalidateTable(TableIdentifier id) {
    tables.invalidate(id);
    catalog.invalidateTable(id);
  }

  @Override
  public Table registerTable(TableIdentifier id, String metadataFileLocation) {
    tables.invalidate(id);
    // cached like a created table: commits through the returned table are what later loads see
    return created(id, catalog.registerTable(id, metadataFileLocation));
  }

  /** Created tables go into the cache. */
  @Override
  protected Table created(TableIdentifier id, Table table) {
    if (table instanceof BaseTable) {
      tables.put(id, new Entry(table, System.nanoTime()));
    }
    return table;
  }

  /** A create/replace transaction invalidates the entry when it starts and when it commits. */
  @Override
  protected Transaction transaction(TableIdentifier id, Transaction transaction) {
    tables.invalidate(id);
    return (Transaction)
        Proxy.newProxyInstance(
            Transaction.class.getClassLoader(),
            new Class<?>[] {Transaction.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(transaction, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              } finally {
                if (method.getName().equals("commitTransaction")) {
                  tables.invalidate(id);
                }
              }
            });
  }

  @Override
  public void close() throws IOException {
    tables.invalidateAll();
    cache.close();
    super.close();
  }

  @Override
  public String toString() {
    return "CachingCatalog{" + catalog.name() + "}";
  }
}
