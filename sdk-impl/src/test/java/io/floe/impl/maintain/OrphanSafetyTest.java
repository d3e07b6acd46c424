package io.floe.impl.maintain;

import static io.floe.impl.TestTables.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.impl.TestTables;
import io.floe.impl.io.LocalFileIO;
import io.floe.impl.spi.Internals;
import io.floe.maintenance.RemoveOrphanFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orphan-file removal, purge and expiry delete only what the table owns, on the production local
 * stack ({@code Floe.local}: caching catalog, SQLite JDBC, caching and scheme file IO). Tables that
 * Floe now refuses to create are made with the Iceberg catalog underneath, as another tool would.
 */
class OrphanSafetyTest {
  @TempDir Path tmp;

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "category", Types.StringType.get()));

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

  /** Every regular file under a folder, as sorted absolute paths. */
  private static TreeSet<String> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .map(Path::toString)
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  private static Path path(FloeTable table) {
    return LocalFileIO.toPath(table.location());
  }

  private static RemoveOrphanFiles.Result removeNow(FloeTable table) {
    return table
        .maintenance()
        .removeOrphanFiles()
        .unsafeOlderThan(Instant.now().plusSeconds(60))
        .execute();
  }

  /** Creates a table with the Iceberg catalog under Floe, skipping Floe's checks. */
  private static void createRaw(Floe floe, String name, String location) {
    Catalog catalog = Internals.catalog(floe);
    var builder =
        catalog
            .buildTable(TableIdentifier.parse(name), SCHEMA)
            .withPartitionSpec(PartitionSpec.builderFor(SCHEMA).identity("category").build());
    if (location != null) {
      builder = builder.withLocation(location);
    }
    builder.create();
  }

  @Test
  void nestedNamespaceTableIsRefusedAtCreate() throws IOException {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      events(floe, "db.a").newAppend().rows(rows(0, 10, "x", "y")).commit();
      assertThatThrownBy(() -> events(floe, "db.a.t"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.a.t")
          .hasMessageContaining("db.a");
      events(floe, "db.b.t");
      assertThatThrownBy(() -> events(floe, "db.b"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.b.t");
      assertThat(floe.tableExists("db.a.t")).isFalse();
      assertThat(floe.tableExists("db.b")).isFalse();
    }
  }

  @Test
  void orphanRemovalRefusesALocationHoldingAnotherTable() throws IOException {
    Path wh = tmp.resolve("wh");
    try (Floe floe = Floe.local(wh)) {
      FloeTable outer = events(floe, "db.a");
      outer.newAppend().rows(rows(0, 10, "x", "y")).commit();
      // made by another tool: db.a.t at <wh>/db/a/t, inside db.a
      createRaw(floe, "db.a.t", null);
      FloeTable inner = floe.loadTable("db.a.t");
      inner.newAppend().rows(rows(0, 10, "x")).commit();
      assertThat(path(inner)).startsWith(path(outer));
      TreeSet<String> before = files(wh);
      assertThatThrownBy(() -> removeNow(outer))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.a.t")
          .hasMessageContaining("db.a");
      assertThat(files(wh)).isEqualTo(before);
      assertThat(inner.refresh().newScan().count()).isEqualTo(10);
    }
  }

  @Test
  void separatorOnlyAndDotLikeNamePartsAreRejected() throws IOException {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable sibling = events(floe, "db.sibling");
      sibling.newAppend().rows(rows(0, 10, "x")).commit();
      for (String name :
          List.of("db./", "db.//", "db.\\", "db..", "db.", "db.a/b", "db/x.t", "db.\u0000")) {
        assertThatThrownBy(() -> events(floe, name))
            .as(name)
            .isInstanceOf(IllegalArgumentException.class);
      }
      assertThatThrownBy(() -> floe.renameTable("db.sibling", "db./"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(removeNow(sibling).orphanFiles()).isEmpty();
      assertThat(sibling.newScan().count()).isEqualTo(10);
    }
  }

  @Test
  void overlappingLocationsAreRefusedAtCreate() throws IOException {
    Path wh = tmp.resolve("wh");
    try (Floe floe = Floe.local(wh)) {
      FloeTable other = events(floe, "db.other");
      other.newAppend().rows(rows(0, 10, "x")).commit();
      assertThatThrownBy(
              () -> floe.createTable("db.root").schema(SCHEMA).location(wh.toString()).create())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("warehouse root");
      assertThatThrownBy(
              () -> floe.createTable("db.above").schema(SCHEMA).location(tmp.toString()).create())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.above");
      assertThatThrownBy(
              () -> floe.createTable("db.same").schema(SCHEMA).location(other.location()).create())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.other");
      assertThatThrownBy(
              () ->
                  floe.createTable("db.inside")
                      .schema(SCHEMA)
                      .location("file://" + path(other).resolve("data/nested"))
                      .create())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.other");
      assertThat(floe.listTables("db")).containsExactly("db.other");
    }
  }

  @Test
  void orphanRemovalAtTheWarehouseRootSparesTheCatalogFileAndOtherTables() throws IOException {
    Path wh = tmp.resolve("wh");
    try (Floe floe = Floe.local(wh)) {
      FloeTable other = events(floe, "db.other");
      other.newAppend().rows(rows(0, 10, "x")).commit();
      createRaw(floe, "db.root", wh.toString());
      FloeTable root = floe.loadTable("db.root");
      root.newAppend().rows(rows(0, 5, "x")).commit();
      TreeSet<String> before = files(wh);
      assertThat(before).contains(wh.resolve("catalog.db").toString());
      assertThatThrownBy(() -> removeNow(root))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("warehouse root");
      assertThat(files(wh)).isEqualTo(before);
      assertThat(other.refresh().newScan().count()).isEqualTo(10);
    }
  }

  @Test
  void escapedPartitionValuesOnFileUrisAreNeitherNestedNorOrphaned() throws IOException {
    Path wh = tmp.resolve("wh");
    List<String> values =
        List.of("a/b", "café", "x:y", "with space", "100%", "p=q", "what?", "#1", "%2F", "a+b");
    try (Floe floe = Floe.local(wh)) {
      for (String location :
          List.of("file://" + tmp.resolve("uri3"), "file:" + tmp.resolve("uri1"))) {
        String name = "db.t" + location.length();
        FloeTable table =
            floe.createTable(name)
                .schema(SCHEMA)
                .partitionBy(p -> p.identity("category"))
                .location(location)
                .create();
        table.newAppend().rows(rows(0, 40, values.toArray(String[]::new))).commit();
        List<Map<String, Object>> before = reference(table);
        Path data = path(table).resolve("data");
        try (Stream<Path> partitions = Files.list(data)) {
          // one folder per value, named as Iceberg encodes it: "a/b" is category=a%2Fb, not
          // category=a/b
          assertThat(partitions.map(p -> p.getFileName().toString()))
              .contains(
                  "category=a%2Fb", "category=caf%C3%A9", "category=with+space", "category=100%25")
              .hasSize(values.size());
        }
        RemoveOrphanFiles.Result result = removeNow(table);
        assertThat(result.orphanFiles()).as(location).isEmpty();
        assertThat(reference(table.refresh())).isEqualTo(before);
      }
    }
  }

  /** A table with gc.enabled=false, two snapshots and an old file it does not reference. */
  private static FloeTable gcDisabled(Floe floe) throws IOException {
    FloeTable table =
        floe.createTable("db.migrated")
            .schema(SCHEMA)
            .property(TableProperties.GC_ENABLED, "false")
            .create();
    table.newAppend().rows(rows(0, 10, "x")).commit();
    table.newAppend().rows(rows(10, 20, "x")).commit();
    Path stray =
        Files.writeString(path(table).resolve("data/shared-with-delta.parquet"), "not ours");
    Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    return table;
  }

  @Test
  void gcDisabledRefusesOrphanRemoval() throws IOException {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = gcDisabled(floe);
      TreeSet<String> before = files(path(table));
      assertThatThrownBy(() -> table.maintenance().removeOrphanFiles().execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("gc.enabled")
          .hasMessageContaining("db.migrated");
      assertThatThrownBy(() -> table.maintenance().removeOrphanFiles().dryRun().execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("gc.enabled");
      assertThat(files(path(table))).isEqualTo(before);
    }
  }

  @Test
  void gcDisabledRefusesExpiry() throws IOException {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = gcDisabled(floe);
      TreeSet<String> before = files(path(table));
      assertThatThrownBy(
              () ->
                  table
                      .maintenance()
                      .expireSnapshots()
                      .retainLast(1)
                      .olderThan(Instant.now().plusSeconds(1))
                      .execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("gc.enabled")
          .hasMessageContaining("db.migrated");
      assertThat(files(path(table))).isEqualTo(before);
    }
  }

  @Test
  void gcDisabledRefusesPurge() throws IOException {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = gcDisabled(floe);
      TreeSet<String> before = files(path(table));
      assertThatThrownBy(() -> floe.purgeTable("db.migrated"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("gc.enabled")
          .hasMessageContaining("db.migrated");
      assertThat(files(path(table))).isEqualTo(before);
      assertThat(floe.loadTable("db.migrated").newScan().count()).isEqualTo(20);
    }
  }

  @Test
  void olderThanMustBeASafetyMarginInThePast() throws IOException {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = events(floe, "db.margin");
      table.newAppend().rows(rows(0, 10, "x")).commit();
      Path inFlight =
          Files.writeString(path(table).resolve("data/in-flight.parquet"), "a write still running");
      Files.setLastModifiedTime(inFlight, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

      assertThatThrownBy(
              () ->
                  table
                      .maintenance()
                      .removeOrphanFiles()
                      .olderThan(Instant.now().minusSeconds(60))
                      .execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.margin")
          .hasMessageContaining("unsafeOlderThan")
          .hasMessageContaining(RemoveOrphanFilesImpl.MIN_AGE_PROPERTY);
      assertThat(inFlight).exists();
      // an earlier time passes, and does not reach the two-hour-old file
      assertThat(
              table
                  .maintenance()
                  .removeOrphanFiles()
                  .olderThan(Instant.now().minus(Duration.ofDays(2)))
                  .execute()
                  .orphanFiles())
          .isEmpty();
      // the margin is a table property
      Internals.icebergTable(table)
          .updateProperties()
          .set(
              RemoveOrphanFilesImpl.MIN_AGE_PROPERTY, Long.toString(Duration.ofHours(1).toMillis()))
          .commit();
      RemoveOrphanFiles.Result removed =
          table
              .maintenance()
              .removeOrphanFiles()
              .olderThan(Instant.now().minus(Duration.ofMinutes(90)))
              .execute();
      assertThat(removed.orphanFiles()).singleElement().asString().endsWith("in-flight.parquet");
      assertThat(inFlight).doesNotExist();
      assertThat(table.newScan().count()).isEqualTo(10);
    }
  }

  @Test
  void symlinksAreNeverFollowedAndUnreadableEntriesAreReported() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path precious = Files.writeString(outside.resolve("precious.parquet"), "someone else's data");
    Files.setLastModifiedTime(precious, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = events(floe, "db.links");
      table.newAppend().rows(rows(0, 10, "x")).commit();
      Path data = path(table).resolve("data");
      Files.createSymbolicLink(data.resolve("linked-folder"), outside);
      Files.createSymbolicLink(data.resolve("linked-file.parquet"), precious);
      Files.createSymbolicLink(data.resolve("dangling"), tmp.resolve("gone"));

      RemoveOrphanFiles.Result result = removeNow(table);
      assertThat(result.orphanFiles()).isEmpty();
      assertThat(result.skipped()).hasSize(3).allMatch(s -> s.contains("symbolic link"));
      assertThat(precious).exists();
      assertThat(table.newScan().count()).isEqualTo(10);

      // deleting a folder by prefix deletes the links, never what they point to
      new LocalFileIO().deletePrefix(data.toString());
      assertThat(precious).exists();
      assertThat(outside).isDirectory();
      assertThat(data).doesNotExist();
    }
  }

  @Test
  void dryRunListsExactlyWhatARealRunDeletes() throws IOException {
    Path wh = tmp.resolve("wh");
    try (Floe floe = Floe.local(wh)) {
      FloeTable table = events(floe, "db.dry");
      table.newAppend().rows(rows(0, 20, "x", "y/z", "é")).commit();
      table.newAppend().rows(rows(20, 40, "x", "y/z", "é")).commit();
      FloeTable neighbour = events(floe, "db.dry2");
      neighbour.newAppend().rows(rows(0, 20, "x")).commit();
      Path root = path(table);
      List<Path> junk =
          List.of(
              root.resolve("data/junk-1.parquet"),
              root.resolve("data/category=x/junk-2.parquet"),
              root.resolve("metadata/junk-3.avro"),
              root.resolve("stray/deep/junk-4.txt"));
      for (Path file : junk) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "junk");
      }
      List<Map<String, Object>> before = reference(table);
      TreeSet<String> neighbourFiles = files(path(neighbour));
      TreeSet<String> all = files(wh);

      RemoveOrphanFiles.Result dry = TestTables.orphansNow(table);
      assertThat(files(wh)).isEqualTo(all);
      RemoveOrphanFiles.Result real = removeNow(table);
      assertThat(real.orphanFiles()).isEqualTo(dry.orphanFiles()).hasSize(junk.size());
      assertThat(real.deletedFiles()).isEqualTo(junk.size());
      TreeSet<String> gone = new TreeSet<>(all);
      gone.removeAll(files(wh));
      assertThat(gone)
          .containsExactlyElementsOf(
              dry.orphanFiles().stream()
                  .map(l -> LocalFileIO.toPath(l).toString())
                  .sorted()
                  .toList());
      assertThat(files(path(neighbour))).isEqualTo(neighbourFiles);
      assertThat(reference(table.refresh())).isEqualTo(before);
    }
  }
}
