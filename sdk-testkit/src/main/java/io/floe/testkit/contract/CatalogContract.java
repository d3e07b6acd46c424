package io.floe.testkit.contract;

import static org.apache.iceberg.expressions.Expressions.equal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.floe.AlreadyExistsException;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.UnsupportedFeatureException;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The behavior every catalog and storage backend must show through {@link Floe}: namespaces and
 * tables created, listed, renamed and dropped; rows appended and scanned back as Iceberg's own
 * reader reads them; schema changes committed; concurrent commits that all land; and the metadata
 * cache seeing its own commits at once and other writers' after revalidation.
 *
 * <p>Subclasses give the backend's configuration; each test works in a namespace of its own, so a
 * backend (a server) can be shared by all tests of a class. Not thread-safe; JUnit creates one
 * instance per test.
 *
 * <pre>{@code
 * class PostgresS3IT extends CatalogContract {
 *   protected FloeConfig config() { return Backends.postgres(Backends.s3()); }
 * }
 * }</pre>
 */
public abstract class CatalogContract extends BackendContract {
  /** Creates the suite; JUnit calls it once per test. */
  protected CatalogContract() {}

  /**
   * The backend's configuration. Called once per Floe a test opens; for a backend whose catalog
   * outlives a Floe (a database, a server), every call must reach the same catalog.
   *
   * @return the configuration
   */
  @Override
  protected abstract FloeConfig config();

  /**
   * Whether two Floes opened from {@link #config()} see the same catalog (false for in-memory).
   *
   * @return true when the catalog is shared
   */
  protected boolean sharesCatalog() {
    return true;
  }

  /**
   * Whether the catalog renames tables (false for the file-system catalog, whose tables are their
   * folders): when false, a rename must fail with {@link UnsupportedFeatureException} naming the
   * table and leave it where it was.
   *
   * @return true when tables can be renamed
   */
  protected boolean renamesTables() {
    return true;
  }

  /**
   * Whether the catalog drops a table and keeps its files (false for the file-system catalog, whose
   * catalog entry is the table's folder): when false, {@code dropTable} must fail with {@link
   * UnsupportedFeatureException} naming the table and leave it readable, and {@code purgeTable}
   * removes it.
   *
   * @return true when a drop keeps the files
   */
  protected boolean dropsKeepingFiles() {
    return true;
  }

  private FloeTable events(Floe on, String name) {
    return on.createTable(name)
        .column("id", Types.LongType.get())
        .required()
        .column("category", Types.StringType.get())
        .column("value", Types.DoubleType.get())
        .partitionBy(p -> p.identity("category"))
        .property("commit.retry.num-retries", "50")
        .property("commit.retry.min-wait-ms", "5")
        .property("commit.retry.max-wait-ms", "100")
        .create();
  }

  private static List<Map<String, Object>> rows(long from, long to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(row(id, id % 3 == 0 ? "books" : "games"));
    }
    return rows;
  }

  private static TreeSet<Long> ids(CloseableIterable<Row> rows) {
    TreeSet<Long> ids = new TreeSet<>();
    try (rows) {
      for (Row row : rows) {
        ids.add((Long) row.toMap().get("id"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  private static TreeSet<Long> icebergIds(FloeTable table) {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    TreeSet<Long> ids = new TreeSet<>();
    // Iceberg's generic reader needs Hadoop; without it, Iceberg's planning and delete filter over
    // Floe's Parquet decoder
    try (CloseableIterable<Record> records =
        Internals.icebergReaderAvailable()
            ? IcebergGenerics.read(iceberg).build()
            : Internals.icebergRecords(iceberg)) {
      records.forEach(r -> ids.add((Long) r.getField("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  @Test
  void namespacesAndTablesAreCreatedListedRenamedAndDropped() {
    assertThat(floe.namespaceExists(ns)).isTrue();
    assertThatThrownBy(() -> floe.createNamespace(ns))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining(ns);
    FloeTable table = events(floe, ns + ".events");
    assertThat(table.schema().findField("category")).isNotNull();
    assertThat(table.spec().fields()).hasSize(1);
    assertThat(floe.listTables(ns)).containsExactly(ns + ".events");
    assertThat(floe.tableExists(ns + ".events")).isTrue();
    assertThatThrownBy(() -> events(floe, ns + ".events"))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("events");

    String name = ns + ".events";
    if (renamesTables()) {
      floe.renameTable(ns + ".events", ns + ".renamed");
      assertThat(floe.tableExists(ns + ".events")).isFalse();
      assertThat(floe.loadTable(ns + ".renamed").schema().asStruct())
          .isEqualTo(table.schema().asStruct());
      assertThatThrownBy(() -> floe.loadTable(ns + ".events"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("events");
      name = ns + ".renamed";
    } else {
      assertThatThrownBy(() -> floe.renameTable(ns + ".events", ns + ".renamed"))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("events");
      assertThat(floe.tableExists(ns + ".renamed")).isFalse();
      assertThat(floe.loadTable(ns + ".events").schema().asStruct())
          .isEqualTo(table.schema().asStruct());
    }

    String dropped = name;
    if (dropsKeepingFiles()) {
      assertThat(floe.dropTable(dropped)).isTrue();
    } else {
      assertThatThrownBy(() -> floe.dropTable(dropped))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("events");
      assertThat(floe.tableExists(dropped)).isTrue();
      assertThat(floe.purgeTable(dropped)).isTrue();
    }
    assertThat(floe.dropTable(dropped)).isFalse();
    assertThat(floe.findTable(dropped)).isEmpty();
    assertThat(floe.listTables(ns)).isEmpty();
    assertThat(floe.dropNamespace(ns)).isTrue();
    assertThat(floe.namespaceExists(ns)).isFalse();
  }

  @Test
  void appendedRowsScanAsIcebergReadsThem() {
    FloeTable table = events(floe, ns + ".events");
    table.newAppend().rows(rows(0, 100)).commit();
    table.newAppend().rows(rows(100, 150)).commit();

    FloeTable loaded = floe.loadTable(ns + ".events");
    TreeSet<Long> scanned = ids(loaded.newScan().rows());
    assertThat(scanned).hasSize(150).isEqualTo(icebergIds(loaded));
    assertThat(loaded.newScan().count()).isEqualTo(150);
    assertThat(ids(loaded.newScan().where(equal("category", "books")).rows()))
        .allMatch(id -> id % 3 == 0)
        .hasSize(50);
    assertThat(loaded.snapshots()).hasSize(2);

    long first = loaded.snapshots().get(0).snapshotId();
    assertThat(loaded.newScan().asOfSnapshot(first).count()).isEqualTo(100);
  }

  @Test
  void schemaChangesAreCommittedAndSeenByOtherClients() {
    FloeTable table = events(floe, ns + ".events");
    table.newAppend().rows(rows(0, 10)).commit();
    Table iceberg = Internals.icebergTable(table);
    iceberg.updateSchema().addColumn("note", Types.StringType.get()).commit();
    iceberg.updateProperties().set("owner", "contract").commit();

    assertThat(table.schema().findField("note")).isNotNull();
    Map<String, Object> withNote = row(10, "books");
    withNote.put("note", "evolved");
    table.newAppend().row(withNote).commit();
    assertThat(table.newScan().count()).isEqualTo(11);

    assumeTrue(sharesCatalog(), "the backend's catalog lives in one Floe only");
    try (Floe other = Floe.open(config())) {
      FloeTable seen = other.loadTable(ns + ".events");
      assertThat(seen.schema().findField("note")).isNotNull();
      assertThat(seen.properties()).containsEntry("owner", "contract");
      assertThat(ids(seen.newScan().where(equal("note", "evolved")).rows())).containsExactly(10L);
    }
  }

  @Test
  void purgeRemovesTheTable() {
    FloeTable table = events(floe, ns + ".events");
    table.newAppend().rows(rows(0, 10)).commit();
    assertThat(floe.purgeTable(ns + ".events")).isTrue();
    assertThat(floe.tableExists(ns + ".events")).isFalse();
    assertThat(floe.listTables(ns)).isEmpty();
  }

  @Test
  void concurrentCommitsAllLand() throws Exception {
    events(floe, ns + ".events");
    int writers = 4;
    int commitsEach = 3;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> done = new ArrayList<>();
    List<Floe> clients = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        // other clients where the catalog is shared, else threads of the same client
        Floe client = sharesCatalog() ? Floe.open(config()) : floe;
        if (client != floe) {
          clients.add(client);
        }
        int writer = w;
        done.add(
            pool.submit(
                (Callable<Void>)
                    () -> {
                      FloeTable table = client.loadTable(ns + ".events");
                      start.await();
                      for (int c = 0; c < commitsEach; c++) {
                        long base = (writer * commitsEach + c) * 10L;
                        table.newAppend().rows(rows(base, base + 10)).commit();
                      }
                      return null;
                    }));
      }
      start.countDown();
      for (Future<Void> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(Floe::close);
    }
    FloeTable table = floe.loadTable(ns + ".events").refresh();
    assertThat(table.snapshots()).hasSize(writers * commitsEach);
    assertThat(ids(table.newScan().rows()))
        .hasSize(writers * commitsEach * 10)
        .isEqualTo(icebergIds(table));
  }

  @Test
  void cachedReaderSeesItsOwnCommitAtOnceAndOthersAfterRevalidation() {
    FloeTable writer = events(floe, ns + ".events");
    FloeTable reader = floe.loadTable(ns + ".events");
    writer.newAppend().rows(rows(0, 5)).commit();
    // same Floe: the commit is visible without any refresh
    assertThat(reader.currentSnapshot())
        .map(Snapshot::snapshotId)
        .isEqualTo(writer.currentSnapshot().map(Snapshot::snapshotId));
    assertThat(floe.loadTable(ns + ".events").newScan().count()).isEqualTo(5);

    assumeTrue(sharesCatalog(), "the backend's catalog lives in one Floe only");
    try (Floe other = Floe.open(config())) {
      other.loadTable(ns + ".events").newAppend().rows(rows(5, 12)).commit();
    }
    FloeTable revalidated = floe.loadTable(ns + ".events").refresh();
    assertThat(revalidated.newScan().count()).isEqualTo(12);
    assertThat(ids(floe.loadTable(ns + ".events").newScan().rows())).hasSize(12);
  }
}
