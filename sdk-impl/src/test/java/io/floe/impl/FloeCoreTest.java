package io.floe.impl;

import static io.floe.impl.TestFloes.openFresh;
import static io.floe.impl.TestFloes.read;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AlreadyExistsException;
import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.ValidationException;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FloeCoreTest {
  @TempDir static Path tmp;

  record Event(long id, OffsetDateTime ts, String category, double value) {}

  public static final class Pojo {
    private final long id;
    private final String category;

    Pojo(long id, String category) {
      this.id = id;
      this.category = category;
    }

    public long getId() {
      return id;
    }

    public String getCategory() {
      return category;
    }
  }

  private static boolean exists(Table table, String location) {
    try {
      return table.io().newInputFile(location).exists();
    } catch (org.apache.iceberg.exceptions.NotFoundException e) {
      return false; // the in-memory FileIO refuses to open a missing file
    }
  }

  static Stream<String> backends() {
    return Stream.of("local", "memory");
  }

  private static FloeTable events(Floe floe, String name) {
    return floe.createTable(name)
        .column("id", Types.LongType.get())
        .required()
        .column("ts", Types.TimestampType.withZone())
        .column("category", Types.StringType.get())
        .doc("event category")
        .column("value", Types.DoubleType.get())
        .partitionBy(p -> p.identity("category"))
        .create();
  }

  private static Map<String, Object> row(long id, String category) {
    return TestFloes.row(
        "id",
        id,
        "ts",
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id),
        "category",
        category,
        "value",
        id * 1.5);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void namespacesAreCreatedListedAndDropped(String backend) throws IOException {
    try (Floe floe = openFresh(backend, tmp)) {
      floe.createNamespace("a");
      floe.createNamespace("b");
      assertThat(floe.namespaces()).contains("a", "b");
      assertThat(floe.namespaceExists("a")).isTrue();
      assertThatThrownBy(() -> floe.createNamespace("a"))
          .isInstanceOf(AlreadyExistsException.class)
          .hasMessageContaining("a");
      events(floe, "a.t");
      assertThatThrownBy(() -> floe.dropNamespace("a"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("a");
      assertThat(floe.dropNamespace("b")).isTrue();
      assertThat(floe.namespaceExists("b")).isFalse();
      assertThat(floe.dropNamespace("b")).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void tablesAreCreatedLoadedRenamedAndDropped(String backend) throws IOException {
    try (Floe floe = openFresh(backend, tmp)) {
      FloeTable table =
          floe.createTable("db.nested")
              .columns(
                  s ->
                      s.column("id", Types.LongType.get())
                          .required()
                          .identifier()
                          .struct(
                              "address",
                              a ->
                                  a.column("city", Types.StringType.get())
                                      .column("zip", Types.IntegerType.get()))
                          .list("tags", Types.StringType.get())
                          .map("attrs", Types.StringType.get(), Types.LongType.get()))
              .column("day", Types.DateType.get())
              .partitionBy(p -> p.month("day").bucket("id", 4))
              .sortBy(s -> s.asc("id"))
              .property("owner", "tests")
              .create();
      assertThat(table.name()).isEqualTo("db.nested");
      assertThat(table.schema().findField("address.city")).isNotNull();
      assertThat(table.schema().identifierFieldNames()).containsExactly("id");
      assertThat(table.spec().fields()).hasSize(2);
      assertThat(table.sortOrder().isSorted()).isTrue();
      assertThat(table.properties()).containsEntry("owner", "tests");
      assertThat(table.currentSnapshot()).isEmpty();

      assertThat(floe.tableExists("db.nested")).isTrue();
      assertThat(floe.listTables("db")).containsExactly("db.nested");
      assertThat(floe.loadTable("db.nested").schema().sameSchema(table.schema())).isTrue();
      assertThatThrownBy(
              () -> floe.createTable("db.nested").column("x", Types.IntegerType.get()).create())
          .isInstanceOf(AlreadyExistsException.class)
          .hasMessageContaining("db.nested");
      assertThatThrownBy(() -> floe.loadTable("db.missing"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("db.missing");
      assertThat(floe.findTable("db.missing")).isEmpty();
      assertThat(
              floe.createTable("db.nested")
                  .column("x", Types.IntegerType.get())
                  .createOrLoad()
                  .schema()
                  .findField("address"))
          .isNotNull();

      table
          .newAppend()
          .row(
              Map.of(
                  "id",
                  1L,
                  "address",
                  Map.of("city", "Oslo", "zip", 150),
                  "tags",
                  List.of("a", "b"),
                  "attrs",
                  Map.of("k", 3L),
                  "day",
                  LocalDate.of(2026, 3, 1)))
          .commit();
      Map<String, Object> read = read(table.newScan().rows()).get(0);
      assertThat(read)
          .containsEntry("id", 1L)
          .containsEntry("tags", List.of("a", "b"))
          .containsEntry("attrs", Map.of("k", 3L))
          .containsEntry("day", LocalDate.of(2026, 3, 1));
      assertThat(read.get("address")).isEqualTo(Map.of("city", "Oslo", "zip", 150));

      floe.renameTable("db.nested", "db.renamed");
      assertThat(floe.tableExists("db.nested")).isFalse();
      assertThat(floe.loadTable("db.renamed").newScan().count()).isEqualTo(1);

      assertThat(floe.dropTable("db.renamed")).isTrue();
      assertThat(floe.tableExists("db.renamed")).isFalse();
      assertThat(floe.dropTable("db.renamed")).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void appendsRowsRecordsAndObjectsIntoPartitions(String backend) throws IOException {
    try (Floe floe = openFresh(backend, tmp)) {
      FloeTable table = events(floe, "db.events");
      AppendResult first =
          table
              .newAppend()
              .rows(List.of(row(1, "books"), row(2, "games"), row(3, "books")))
              .set("source", "unit-test")
              .commit();
      assertThat(first.addedRecords()).isEqualTo(3);
      assertThat(first.addedFiles()).isEqualTo(2);
      assertThat(first.summary())
          .containsEntry("source", "unit-test")
          .containsEntry("added-records", "3")
          .containsKey("floe.commit-id");
      assertThat(table.currentSnapshot())
          .get()
          .extracting(s -> s.snapshotId())
          .isEqualTo(first.snapshotId());
      assertThat(table.currentSnapshot().get().summary()).containsEntry("source", "unit-test");

      Record record = GenericRecord.create(table.schema());
      record.setField("id", 4L);
      record.setField("category", "music");
      table
          .newAppend()
          .record(record)
          .object(
              new Event(5, OffsetDateTime.of(2026, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC), "books", 2.0))
          .objects(List.of(new Pojo(6, "games")))
          .commit();

      assertThat(table.snapshots()).hasSize(2);
      assertThat(table.newScan().count()).isEqualTo(6);
      List<Map<String, Object>> books =
          read(table.newScan().select("id").where(equal("category", "books")).rows());
      assertThat(books).extracting(m -> m.get("id")).containsExactlyInAnyOrder(1L, 3L, 5L);
      assertThat(books.get(0)).containsOnlyKeys("id");

      Table iceberg = Internals.icebergTable(table);
      try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          Object category = task.file().partition().get(0, Object.class);
          try (CloseableIterable<Record> rows = IcebergGenerics.read(iceberg).build()) {
            assertThat(category).isIn("books", "games", "music");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void scansProjectFilterTimeTravelAndLimit(String backend) throws Exception {
    try (Floe floe = openFresh(backend, tmp)) {
      FloeTable table = events(floe, "db.scan");
      long s1 = table.newAppend().rows(List.of(row(1, "a"), row(2, "b"))).commit().snapshotId();
      Instant between = Instant.ofEpochMilli(table.currentSnapshot().get().timestampMillis());
      Thread.sleep(5);
      long s2 = table.newAppend().rows(List.of(row(3, "a"), row(4, "c"))).commit().snapshotId();

      assertThat(table.newScan().count()).isEqualTo(4);
      assertThat(table.newScan().asOfSnapshot(s1).count()).isEqualTo(2);
      assertThat(table.newScan().asOfSnapshot(s2).count()).isEqualTo(4);
      assertThat(table.newScan().asOfTime(between).count()).isEqualTo(2);
      assertThat(table.newScan().limit(3).count()).isEqualTo(3);
      assertThat(read(table.newScan().limit(1).rows())).hasSize(1);
      assertThat(
              table
                  .newScan()
                  .where(greaterThanOrEqual("id", 2L))
                  .where(equal("category", "a"))
                  .count())
          .isEqualTo(1);
      assertThat(
              table.newScan().caseInsensitive().select("ID").where(equal("CATEGORY", "a")).count())
          .isEqualTo(2);
      assertThat(table.newScan().select("value", "id").schema().columns())
          .extracting(Types.NestedField::name)
          .containsExactly("id", "value");
      assertThatThrownBy(() -> table.newScan().asOfSnapshot(s1).asOfTime(between))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("asOfSnapshot");
      assertThatThrownBy(() -> table.newScan().asOfSnapshot(42L).count())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("db.scan")
          .hasMessageContaining("42");
      assertThatThrownBy(() -> table.newScan().asOfTime(Instant.EPOCH).count())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("db.scan");
      assertThatThrownBy(() -> table.newScan().select("nope").rows())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.scan")
          .hasMessageContaining("nope");
      assertThatThrownBy(() -> table.newScan().where(equal("nope", 1)).count())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.scan")
          .hasMessageContaining("nope");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void badInputIsRejectedAndNothingIsCommitted(String backend) throws IOException {
    try (Floe floe = openFresh(backend, tmp)) {
      FloeTable table = events(floe, "db.bad");
      long good = table.newAppend().row(row(1, "a")).commit().snapshotId();

      Map<String, Object> unknown = row(2, "a");
      unknown.put("colour", "red");
      assertThatThrownBy(() -> table.newAppend().row(row(3, "b")).row(unknown).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.bad")
          .hasMessageContaining("colour")
          .satisfies(e -> assertThat(((ValidationException) e).column()).contains("colour"));

      Map<String, Object> wrongType = row(2, "a");
      wrongType.put("value", "high");
      assertThatThrownBy(() -> table.newAppend().row(wrongType).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.bad")
          .hasMessageContaining("'value'")
          .hasMessageContaining("double");

      Map<String, Object> nullId = row(2, "a");
      nullId.put("id", null);
      assertThatThrownBy(() -> table.newAppend().row(nullId).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.bad")
          .hasMessageContaining("'id'")
          .hasMessageContaining("required");

      assertThat(table.refresh().currentSnapshot().get().snapshotId()).isEqualTo(good);
      assertThat(table.newScan().count()).isEqualTo(1);
      assertThatThrownBy(() -> floe.createTable("nonamespace"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nonamespace");
      assertThatThrownBy(
              () ->
                  floe.createTable("db.badpart")
                      .column("x", Types.IntegerType.get())
                      .partitionBy(p -> p.day("missing"))
                      .create())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.badpart")
          .hasMessageContaining("missing");
      assertThat(floe.tableExists("db.badpart")).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void floeRowsEqualIcebergGenericReader(String backend) throws IOException {
    try (Floe floe = openFresh(backend, tmp)) {
      FloeTable table = events(floe, "db.same");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        rows.add(row(i, "c" + (i % 7)));
      }
      table.newAppend().rows(rows).commit();
      List<Map<String, Object>> floeRows = read(table.newScan().rows());
      List<Map<String, Object>> generic = new ArrayList<>();
      try (CloseableIterable<Record> records =
          IcebergGenerics.read(Internals.icebergTable(table)).build()) {
        for (Record r : records) {
          Map<String, Object> m = new java.util.LinkedHashMap<>();
          r.struct().fields().forEach(f -> m.put(f.name(), r.getField(f.name())));
          generic.add(m);
        }
      }
      assertThat(floeRows).hasSize(500).containsExactlyInAnyOrderElementsOf(generic);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void targetFileSizeRollsFilesAndPurgeDeletesThem(String backend) throws IOException {
    try (Floe floe = openFresh(backend, tmp)) {
      FloeTable table =
          floe.createTable("db.rolling")
              .column("id", Types.LongType.get())
              .required()
              .column("payload", Types.StringType.get())
              .property("write.target-file-size-bytes", "20000")
              .property("write.parquet.row-group-check-min-record-count", "100")
              .property("write.parquet.row-group-check-max-record-count", "100")
              .create();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        rows.add(
            Map.of(
                "id",
                (long) i,
                "payload",
                java.util
                    .UUID
                    .nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)})
                    .toString()));
      }
      AppendResult result = table.newAppend().rows(rows).commit();
      assertThat(result.addedFiles()).isGreaterThan(5);
      assertThat(result.addedRecords()).isEqualTo(20_000);
      assertThat(table.newScan().count()).isEqualTo(20_000);

      Table iceberg = Internals.icebergTable(table);
      List<String> files = new ArrayList<>();
      try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
        tasks.forEach(t -> files.add(t.file().location()));
      }
      assertThat(files).allSatisfy(f -> assertThat(exists(iceberg, f)).isTrue());
      assertThat(floe.purgeTable("db.rolling")).isTrue();
      assertThat(floe.tableExists("db.rolling")).isFalse();
      assertThat(files).allSatisfy(f -> assertThat(exists(iceberg, f)).isFalse());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void dropKeepsFilesAndTablesCanBeRegisteredInNestedNamespaces(String backend) throws IOException {
    try (Floe floe = openFresh(backend, tmp)) {
      FloeTable table = events(floe, "org.team.events");
      table.newAppend().row(row(1, "x")).commit();
      assertThat(floe.namespaces("org")).containsExactly("org.team");
      Table iceberg = Internals.icebergTable(table);
      String file;
      try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
        file = tasks.iterator().next().file().location();
      }
      assertThat(floe.dropTable("org.team.events")).isTrue();
      assertThat(exists(iceberg, file)).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void opensAnyIcebergCatalogFromProperties() throws IOException {
    Path warehouse = Files.createTempDirectory(tmp, "jdbc");
    Map<String, String> props =
        Map.of(
            "type",
            "jdbc",
            "uri",
            "jdbc:sqlite:" + warehouse.resolve("cat.db"),
            "warehouse",
            warehouse.toString(),
            "jdbc.schema-version",
            "V1");
    try (Floe floe = Floe.open("props", props)) {
      events(floe, "db.t").newAppend().row(row(7, "p")).commit();
      assertThat(floe.name()).isEqualTo("props");
    }
    try (Floe again = Floe.open("props", props)) {
      assertThat(again.loadTable("db.t").newScan().count()).isEqualTo(1);
    }
    assertThatThrownBy(() -> Floe.open("broken", Map.of("warehouse", "/tmp")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken")
        .hasMessageContaining("type");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aPendingAppendIsSingleUseAndAbortLeavesNoFiles(String backend) throws IOException {
    try (Floe floe = openFresh(backend, tmp)) {
      FloeTable table = events(floe, "db.once");
      io.floe.Append append = table.newAppend().row(row(1, "a"));
      append.commit();
      assertThatThrownBy(append::commit)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("db.once");
      io.floe.Append aborted = table.newAppend().row(row(2, "a"));
      aborted.abort();
      assertThatThrownBy(() -> aborted.row(row(3, "a"))).isInstanceOf(IllegalStateException.class);
      assertThat(table.snapshots()).hasSize(1);
      assertThat(table.newScan().count()).isEqualTo(1);
    }
  }
}
