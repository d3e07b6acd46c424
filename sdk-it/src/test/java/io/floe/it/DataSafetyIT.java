package io.floe.it;

import static io.floe.it.WarehouseFiles.files;
import static io.floe.it.WarehouseFiles.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.ValidationException;
import io.floe.impl.spi.Internals;
import io.floe.maintenance.RemoveOrphanFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 section 1 on the production backends: orphan-file removal, purge and expiry delete only
 * what the table owns, on local files and on S3 (s3proxy), with SQLite, PostgreSQL and REST
 * catalogs. Every test compares the files under the warehouse before and after: it fails if a wrong
 * file goes.
 */
class DataSafetyIT {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "category", Types.StringType.get()));

  /** A backend: the catalog configuration and the warehouse location its tables live under. */
  record Backend(FloeConfig config, String warehouse) {}

  static Stream<Arguments> backends() {
    return Stream.of(
        Arguments.of(
            "sqlite+local", (Supplier<Backend>) () -> backend(Backends::sqlite, Backends.local())),
        Arguments.of(
            "sqlite+s3", (Supplier<Backend>) () -> backend(Backends::sqlite, Backends.s3())),
        Arguments.of(
            "postgresql+local",
            (Supplier<Backend>) () -> backend(Backends::postgres, Backends.local())),
        Arguments.of(
            "postgresql+s3", (Supplier<Backend>) () -> backend(Backends::postgres, Backends.s3())),
        Arguments.of(
            "rest+local", (Supplier<Backend>) () -> backend(Backends::rest, Backends.local())),
        Arguments.of("rest+s3", (Supplier<Backend>) () -> backend(Backends::rest, Backends.s3())));
  }

  private static Backend backend(
      java.util.function.Function<Map<String, String>, FloeConfig> catalog,
      Map<String, String> storage) {
    return new Backend(catalog.apply(storage), storage.get("warehouse"));
  }

  private static FloeTable events(Floe floe, String name) {
    return floe.createTable(name).schema(SCHEMA).partitionBy(p -> p.identity("category")).create();
  }

  private static List<Map<String, Object>> rows(long from, long to, String... categories) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", i);
      row.put("category", categories[(int) (i % categories.length)]);
      out.add(row);
    }
    return out;
  }

  private static List<Map<String, Object>> read(FloeTable table) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (CloseableIterable<Row> it = table.refresh().newScan().rows()) {
      it.forEach(r -> out.add(r.toMap()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(java.util.Comparator.comparing(m -> (Long) m.get("id")));
    return out;
  }

  private static String writeFile(FloeTable table, String relative) {
    String location = table.location() + "/" + relative;
    try (OutputStream out = io(table).newOutputFile(location).create()) {
      out.write("junk from a failed write".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return location;
  }

  private static RemoveOrphanFiles.Result removeNow(FloeTable table, boolean dryRun) {
    RemoveOrphanFiles removal =
        table.maintenance().removeOrphanFiles().unsafeOlderThan(Instant.now().plusSeconds(60));
    return (dryRun ? removal.dryRun() : removal).execute();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void tablesSharingANamePrefixKeepTheirFiles(String name, Supplier<Backend> backends) {
    Backend backend = backends.get();
    try (Floe floe = Floe.open(backend.config())) {
      FloeTable t = events(floe, "db.t");
      FloeTable t2 = events(floe, "db.t2");
      FloeTable archive = events(floe, "db.t_archive");
      t.newAppend().rows(rows(0, 20, "x", "y")).commit();
      t2.newAppend().rows(rows(0, 20, "x", "y")).commit();
      t2.newAppend().rows(rows(20, 40, "x", "y")).commit();
      archive.newAppend().rows(rows(0, 10, "z")).commit();
      List<Map<String, Object>> t2Rows = read(t2);
      List<Map<String, Object>> archiveRows = read(archive);
      String junk = writeFile(t, "data/crashed-writer.parquet");
      TreeSet<String> before = files(t, backend.warehouse());
      assertThat(before).contains(junk);

      RemoveOrphanFiles.Result dry = removeNow(t, true);
      assertThat(files(t, backend.warehouse())).isEqualTo(before);
      RemoveOrphanFiles.Result real = removeNow(t, false);

      assertThat(real.orphanFiles()).containsExactly(junk).isEqualTo(dry.orphanFiles());
      TreeSet<String> expected = new TreeSet<>(before);
      expected.remove(junk);
      assertThat(files(t, backend.warehouse())).isEqualTo(expected);
      assertThat(read(t2)).isEqualTo(t2Rows);
      assertThat(read(archive)).isEqualTo(archiveRows);
      assertThat(t.refresh().newScan().count()).isEqualTo(20);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void nestedTablesAreRefusedAtCreateAndByOrphanRemoval(String name, Supplier<Backend> backends) {
    Backend backend = backends.get();
    try (Floe floe = Floe.open(backend.config())) {
      FloeTable outer = events(floe, "db.a");
      outer.newAppend().rows(rows(0, 10, "x")).commit();
      assertThatThrownBy(() -> events(floe, "db.a.t"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.a.t");
      assertThatThrownBy(
              () ->
                  floe.createTable("db.b")
                      .schema(SCHEMA)
                      .location(outer.location() + "/data")
                      .create())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.a");
      // another tool creates db.a.t inside db.a
      Table raw =
          Internals.catalog(floe)
              .buildTable(TableIdentifier.parse("db.a.t"), SCHEMA)
              .withPartitionSpec(PartitionSpec.builderFor(SCHEMA).identity("category").build())
              .withLocation(outer.location() + "/t")
              .create();
      FloeTable inner = floe.loadTable("db.a.t");
      inner.newAppend().rows(rows(0, 10, "x")).commit();
      assertThat(raw.location()).startsWith(outer.location());
      TreeSet<String> before = files(outer, backend.warehouse());
      assertThatThrownBy(() -> removeNow(outer, false))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.a.t");
      assertThat(files(outer, backend.warehouse())).isEqualTo(before);
      assertThat(inner.refresh().newScan().count()).isEqualTo(10);
    }
  }

  /**
   * {@code registerTable}: a second catalog entry for a table is refused and taken back out, with
   * no file touched; the files of a dropped (not purged) table come back whole under a new name.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void registeringATableTwiceIsRefused(String name, Supplier<Backend> backends) {
    Backend backend = backends.get();
    try (Floe floe = Floe.open(backend.config())) {
      FloeTable a = events(floe, "db.reg_a");
      a.newAppend().rows(rows(0, 10, "x")).commit();
      String metadata =
          ((org.apache.iceberg.HasTableOperations) Internals.icebergTable(a.refresh()))
              .operations()
              .current()
              .metadataFileLocation();
      TreeSet<String> before = files(a, backend.warehouse());
      assertThatThrownBy(() -> floe.registerTable("db.reg_a_copy", metadata))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.reg_a_copy")
          .hasMessageContaining("db.reg_a");
      assertThat(floe.tableExists("db.reg_a_copy")).isFalse();
      assertThat(files(a, backend.warehouse())).isEqualTo(before);
      assertThat(read(a)).hasSize(10);

      // the table dropped from the catalog (files kept), then registered under a new name
      floe.dropTable("db.reg_a");
      FloeTable b = floe.registerTable("db.reg_b", metadata);
      assertThat(read(b)).hasSize(10);
      assertThat(files(b, backend.warehouse())).isEqualTo(before);
      b.newAppend().rows(rows(10, 15, "y")).commit();
      assertThat(read(floe.loadTable("db.reg_b"))).hasSize(15);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void gcDisabledRefusesEveryDeletion(String name, Supplier<Backend> backends) {
    Backend backend = backends.get();
    try (Floe floe = Floe.open(backend.config())) {
      FloeTable table =
          floe.createTable("db.migrated")
              .schema(SCHEMA)
              .property(TableProperties.GC_ENABLED, "false")
              .create();
      table.newAppend().rows(rows(0, 10, "x")).commit();
      table.newAppend().rows(rows(10, 20, "x")).commit();
      writeFile(table, "data/shared.parquet");
      TreeSet<String> before = files(table, backend.warehouse());
      assertThatThrownBy(() -> removeNow(table, false))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("gc.enabled");
      assertThatThrownBy(
              () ->
                  table
                      .maintenance()
                      .expireSnapshots()
                      .retainLast(1)
                      .olderThan(Instant.now().plusSeconds(1))
                      .execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("gc.enabled");
      assertThatThrownBy(() -> floe.purgeTable("db.migrated"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("gc.enabled");
      assertThat(files(table, backend.warehouse())).isEqualTo(before);
      assertThat(floe.loadTable("db.migrated").newScan().count()).isEqualTo(20);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void escapedPartitionValuesAreNotOrphans(String name, Supplier<Backend> backends) {
    Backend backend = backends.get();
    try (Floe floe = Floe.open(backend.config())) {
      FloeTable table = events(floe, "db.escaped");
      table
          .newAppend()
          .rows(rows(0, 30, "a/b", "café", "x:y", "with space", "100%", "p=q", "#?", "%2F"))
          .commit();
      List<Map<String, Object>> before = read(table);
      TreeSet<String> files = files(table, backend.warehouse());
      RemoveOrphanFiles.Result result = removeNow(table, false);
      assertThat(result.orphanFiles()).isEmpty();
      assertThat(result.skipped()).isEmpty();
      assertThat(files(table, backend.warehouse())).isEqualTo(files);
      assertThat(read(table)).isEqualTo(before);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aCopyOnWriteDeleteOfEveryFileLeavesNoDeleteFilesBehind(
      String name, Supplier<Backend> backends) {
    Backend backend = backends.get();
    try (Floe floe = Floe.open(backend.config())) {
      FloeTable table = events(floe, "db.dangling");
      table.newAppend().rows(rows(0, 20, "x", "y")).commit();
      // position deletes in both appended files
      table
          .newUpsert()
          .key("id")
          .rows(rows(15, 25, "x", "y"))
          .mode(io.floe.WriteMode.MERGE_ON_READ)
          .commit();
      assertThat(table.refresh().health().positionDeleteFiles()).isEqualTo(2);
      List<Map<String, Object>> expected = new ArrayList<>(read(table));
      expected.removeIf(r -> List.of(0L, 1L, 20L, 21L).contains((Long) r.get("id")));

      // 0 and 1 are in the appended files, 20 and 21 in the upserted ones: every file is rewritten
      io.floe.ChangeResult result =
          table
              .newDelete()
              .where(org.apache.iceberg.expressions.Expressions.in("id", 0L, 1L, 20L, 21L))
              .mode(io.floe.WriteMode.COPY_ON_WRITE)
              .commit();

      assertThat(result.removedDataFiles()).isEqualTo(4);
      assertThat(table.refresh().health().positionDeleteFiles()).isZero();
      assertThat(table.snapshot(result.snapshotId()).orElseThrow().summary())
          .containsEntry("total-delete-files", "0")
          .containsEntry("removed-delete-files", "2");
      assertThat(read(table)).isEqualTo(expected).hasSize(21);
    }
  }
}
