package io.floe.impl.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.UnsupportedFeatureException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemCatalogTest {
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  @TempDir Path tmp;

  private FileSystemCatalog catalog(Path warehouse) {
    FileSystemCatalog catalog = new FileSystemCatalog();
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse.toString());
    catalog.initialize("fs", props);
    return catalog;
  }

  private FloeConfig config(Path warehouse) {
    return FloeConfig.of(
        "fs", Map.of("type", FloeConfig.TYPE_FILESYSTEM, "warehouse", warehouse.toString()));
  }

  private static List<String> metadataNames(Path table) throws Exception {
    try (Stream<Path> files = Files.list(table.resolve("metadata"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void tablesAreFoldersInTheHadoopCatalogLayout() throws Exception {
    Path wh = tmp.resolve("wh");
    try (Floe floe = Floe.open(config(wh))) {
      floe.createNamespace("db");
      FloeTable table = floe.createTable("db.events").column("id", Types.LongType.get()).create();
      table.newAppend().row(Map.of("id", 1L)).commit();
      table.newAppend().row(Map.of("id", 2L)).commit();
      assertThat(table.location()).isEqualTo(wh.toAbsolutePath() + "/db/events");
    }
    Path folder = wh.resolve("db/events");
    assertThat(metadataNames(folder))
        .contains("v1.metadata.json", "v2.metadata.json", "v3.metadata.json", "version-hint.text")
        .noneMatch(name -> name.endsWith(".temp") || name.matches("[0-9a-f-]{36}\\..*"));
    assertThat(Files.readString(folder.resolve("metadata/version-hint.text"))).isEqualTo("3");
    try (Floe again = Floe.open(config(wh))) {
      assertThat(again.listTables("db")).containsExactly("db.events");
      assertThat(again.namespaces()).containsExactly("db");
      assertThat(again.loadTable("db.events").newScan().count()).isEqualTo(2);
    }
  }

  /**
   * Writers that load the same version and commit the next one at the same moment: exactly one of
   * them wins each round, the others get CommitFailedException, and the winner's metadata is what
   * every reader sees. With {@code Files.move(ATOMIC_MOVE)} (rename(2), which replaces the target)
   * every writer "wins" and all but the last commit are lost.
   */
  @Test
  void ofWritersCommittingTheSameVersionExactlyOneWins() throws Exception {
    Path wh = tmp.resolve("race");
    int writers = 6;
    List<FileSystemCatalog> catalogs = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      catalogs.add(catalog(wh));
    }
    TableIdentifier id = TableIdentifier.of("db", "t");
    catalogs.get(0).createNamespace(Namespace.of("db"));
    catalogs.get(0).createTable(id, SCHEMA);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 15; round++) {
        List<TableOperations> ops = new ArrayList<>();
        List<TableMetadata> bases = new ArrayList<>();
        for (FileSystemCatalog c : catalogs) {
          TableOperations op = ((BaseTable) c.loadTable(id)).operations();
          ops.add(op);
          bases.add(op.refresh());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          TableOperations op = ops.get(w);
          TableMetadata base = bases.get(w);
          String value = "round-" + round + "-writer-" + w;
          results.add(
              pool.submit(
                  () -> {
                    TableMetadata next =
                        TableMetadata.buildFrom(base).setProperties(Map.of("won", value)).build();
                    start.await();
                    try {
                      op.commit(base, next);
                      return true;
                    } catch (CommitFailedException e) {
                      assertThat(e).hasMessageContaining("committed by another writer");
                      return false;
                    }
                  }));
        }
        start.countDown();
        int winner = -1;
        int wins = 0;
        for (int w = 0; w < writers; w++) {
          if (results.get(w).get(30, TimeUnit.SECONDS)) {
            wins++;
            winner = w;
          }
        }
        assertThat(wins).as("round %d", round).isEqualTo(1);
        TableMetadata seen = ((BaseTable) catalog(wh).loadTable(id)).operations().current();
        assertThat(seen.property("won", null)).isEqualTo("round-" + round + "-writer-" + winner);
      }
    } finally {
      pool.shutdownNow();
    }
    Path folder = wh.resolve("db/t");
    assertThat(metadataNames(folder))
        .filteredOn(name -> name.endsWith(".metadata.json"))
        .hasSize(16)
        .allMatch(name -> name.matches("v[0-9]+\\.metadata\\.json"));
  }

  @Test
  void readersLookPastAStaleOrMissingVersionHint() throws Exception {
    Path wh = tmp.resolve("hint");
    FileSystemCatalog catalog = catalog(wh);
    TableIdentifier id = TableIdentifier.of("db", "t");
    catalog.createNamespace(Namespace.of("db"));
    catalog.createTable(id, SCHEMA);
    catalog.loadTable(id).updateProperties().set("k", "2").commit();
    catalog.loadTable(id).updateProperties().set("k", "3").commit();
    Path hint = wh.resolve("db/t/metadata/version-hint.text");
    assertThat(Files.readString(hint)).isEqualTo("3");

    Files.writeString(hint, "1", StandardCharsets.UTF_8);
    assertThat(catalog(wh).loadTable(id).properties()).containsEntry("k", "3");
    Files.delete(hint);
    assertThat(catalog(wh).loadTable(id).properties()).containsEntry("k", "3");
    Files.writeString(hint, "not a number", StandardCharsets.UTF_8);
    assertThat(catalog(wh).loadTable(id).properties()).containsEntry("k", "3");
    Files.writeString(hint, "9", StandardCharsets.UTF_8); // points at a version that is not there
    assertThat(catalog(wh).loadTable(id).properties()).containsEntry("k", "3");
  }

  @Test
  void dropKeepingFilesAndRenameAreRefusedAndPurgeDeletesOnlyTheTablesFiles() throws Exception {
    Path wh = tmp.resolve("drop");
    try (Floe floe = Floe.open(config(wh))) {
      floe.createNamespace("db");
      FloeTable table = floe.createTable("db.t").column("id", Types.LongType.get()).create();
      table.newAppend().row(Map.of("id", 1L)).commit();
      assertThatThrownBy(() -> floe.dropTable("db.t"))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("db.t")
          .hasMessageContaining("purge");
      assertThatThrownBy(() -> floe.renameTable("db.t", "db.u"))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("db.t");
      assertThat(floe.loadTable("db.t").newScan().count()).isEqualTo(1);

      Path foreign = wh.resolve("db/t/data/notes.txt");
      Files.createDirectories(foreign.getParent());
      Files.writeString(foreign, "not the table's");
      assertThat(floe.purgeTable("db.t")).isTrue();
      assertThat(floe.tableExists("db.t")).isFalse();
      assertThat(foreign).exists();
      try (Stream<Path> left = Files.walk(wh.resolve("db/t"))) {
        assertThat(left.filter(Files::isRegularFile)).containsExactly(foreign);
      }
      // the folder holds a file the table did not own: no table, and not an empty namespace
      assertThat(floe.listTables("db")).isEmpty();
    }
  }

  @Test
  void noTableIsCreatedInsideAnotherTablesFolder() {
    Path wh = tmp.resolve("nested");
    try (Floe floe = Floe.open(config(wh))) {
      floe.createNamespace("db");
      floe.createTable("db.t").column("id", Types.LongType.get()).create();
      assertThatThrownBy(
              () -> floe.createTable("db.t.inner").column("id", Types.LongType.get()).create())
          .isInstanceOf(io.floe.ValidationException.class)
          .hasMessageContaining("db.t.inner")
          .hasMessageContaining("overlaps");
      // the catalog itself refuses too, for callers below Floe's ownership checks
      FileSystemCatalog catalog = catalog(wh);
      assertThatThrownBy(() -> catalog.createTable(TableIdentifier.of("db", "t", "inner"), SCHEMA))
          .isInstanceOf(org.apache.iceberg.exceptions.NoSuchNamespaceException.class)
          .hasMessageContaining("db.t.inner");
      assertThat(wh.resolve("db/t/inner")).doesNotExist();
      assertThatThrownBy(() -> floe.createNamespace("db.t"))
          .isInstanceOf(io.floe.AlreadyExistsException.class)
          .hasMessageContaining("table");
    }
  }

  @Test
  void aTableCreatedAgainAtTheSameFolderIsNotServedFromTheCache() {
    Path wh = tmp.resolve("again");
    try (Floe floe = Floe.open(config(wh))) {
      floe.createNamespace("db");
      floe.createTable("db.t").column("id", Types.LongType.get()).create();
      floe.loadTable("db.t").newAppend().row(Map.of("id", 1L)).commit();
      assertThat(floe.purgeTable("db.t")).isTrue();
      FloeTable again = floe.createTable("db.t").column("name", Types.StringType.get()).create();
      assertThat(again.schema().findField("name")).isNotNull();
      assertThat(floe.loadTable("db.t").schema().findField("id")).isNull();
      assertThat(floe.loadTable("db.t").newScan().count()).isZero();
    }
  }

  @Test
  void objectStoreWarehousesAreRefusedWithTheReason() {
    FloeConfig s3 =
        FloeConfig.of("fs", Map.of("type", "filesystem", "warehouse", "s3://bucket/warehouse"));
    assertThatThrownBy(() -> Floe.open(s3))
        .hasMessageContaining("local folders only")
        .hasMessageContaining("hard links");
    FloeConfig hadoop = FloeConfig.of("h", Map.of("type", "hadoop", "warehouse", tmp.toString()));
    assertThatThrownBy(() -> Floe.open(hadoop)).hasMessageContaining("'filesystem'");
  }
}
