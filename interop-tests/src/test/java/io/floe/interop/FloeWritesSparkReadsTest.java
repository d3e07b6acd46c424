package io.floe.interop;

import static io.floe.interop.InteropTables.floeRows;
import static io.floe.interop.InteropTables.genericRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Floe writes, Spark 4.1 with Iceberg's Spark integration reads the same rows and metadata. */
class FloeWritesSparkReadsTest {
  private static final String CATALOG = "floe_w";
  @TempDir static Path warehouse;
  static Floe floe;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    floe = InteropTables.localFloe(CATALOG, warehouse);
    spark = SparkLocal.session().newSession();
    SparkLocal.catalog(spark, CATALOG, warehouse);
  }

  @AfterAll
  static void stop() {
    floe.close();
  }

  private static Map<String, Object> typed(long id) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("qty", (int) (id % 7));
    row.put("category", List.of("books", "games", "music").get((int) (id % 3)));
    row.put("price", id * 1.25);
    row.put("ratio", (float) id / 8);
    row.put("flag", id % 2 == 0);
    row.put("amount", BigDecimal.valueOf(id * 101, 2));
    row.put("day", LocalDate.of(2026, 1, 1).plusDays(id % 40));
    row.put("ts", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id * 3_601));
    row.put("local_ts", LocalDateTime.of(2026, 2, 1, 12, 0).plusMinutes(id));
    row.put("payload", ByteBuffer.wrap(("p" + id).getBytes(StandardCharsets.UTF_8)));
    row.put("uid", new UUID(id, -id));
    row.put("address", Map.of("city", "c" + (id % 5), "zip", (int) id));
    row.put("tags", List.of("t" + id, "t" + (id + 1)));
    row.put("attrs", Map.of("a", id, "b", -id));
    if (id % 11 == 0) {
      row.put("category", null);
      row.put("price", null);
      row.put("tags", null);
    }
    return row;
  }

  @Test
  void sparkReadsEveryTypeOfAPartitionedTableAsFloeAndIcebergDo() throws IOException {
    FloeTable table =
        floe.createTable("db.typed")
            .columns(
                s ->
                    s.column("id", Types.LongType.get())
                        .required()
                        .column("qty", Types.IntegerType.get())
                        .column("category", Types.StringType.get())
                        .column("price", Types.DoubleType.get())
                        .column("ratio", Types.FloatType.get())
                        .column("flag", Types.BooleanType.get())
                        .column("amount", Types.DecimalType.of(12, 2))
                        .column("day", Types.DateType.get())
                        .column("ts", Types.TimestampType.withZone())
                        .column("local_ts", Types.TimestampType.withoutZone())
                        .column("payload", Types.BinaryType.get())
                        .column("uid", Types.UUIDType.get())
                        .struct(
                            "address",
                            a ->
                                a.column("city", Types.StringType.get())
                                    .column("zip", Types.IntegerType.get()))
                        .list("tags", Types.StringType.get())
                        .map("attrs", Types.StringType.get(), Types.LongType.get()))
            .partitionBy(p -> p.day("ts").identity("category").bucket("id", 4))
            .create();
    for (int batch = 0; batch < 3; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id = batch * 100L; id < batch * 100L + 100; id++) {
        rows.add(typed(id));
      }
      table.newAppend().rows(rows).commit();
    }

    List<List<Object>> fromSpark =
        SparkLocal.rows(spark, "SELECT * FROM " + CATALOG + ".db.typed ORDER BY id");
    List<List<Object>> fromFloe = floeRows(table.refresh().newScan());
    assertThat(fromFloe).hasSize(300).isEqualTo(genericRows(table.refresh()));
    assertThat(fromSpark).isEqualTo(fromFloe);
    assertThat(spark.table(CATALOG + ".db.typed").columns())
        .containsExactlyElementsOf(
            table.schema().columns().stream().map(Types.NestedField::name).toList());

    // filters pushed down by both engines select the same rows
    List<List<Object>> books =
        SparkLocal.rows(
            spark,
            "SELECT * FROM "
                + CATALOG
                + ".db.typed WHERE category = 'books' AND ts >= TIMESTAMP '2026-01-03 00:00:00' ORDER BY id");
    List<List<Object>> floeBooks =
        floeRows(
            table
                .newScan()
                .where(
                    Expressions.and(
                        Expressions.equal("category", "books"),
                        Expressions.greaterThanOrEqual("ts", "2026-01-03T00:00:00+00:00"))));
    assertThat(books).isNotEmpty().isEqualTo(floeBooks);
    assertThat(
            SparkLocal.count(
                spark, "SELECT count(*) FROM " + CATALOG + ".db.typed WHERE category IS NULL"))
        .isEqualTo(table.newScan().where(Expressions.isNull("category")).count())
        .isEqualTo(28);
  }

  @Test
  void sparkReadsAnEvolvedSchemaAndTimeTravelsToOlderSnapshots() throws IOException {
    FloeTable table =
        floe.createTable("db.evolved")
            .column("id", Types.LongType.get())
            .required()
            .column("n", Types.IntegerType.get())
            .column("name", Types.StringType.get())
            .column("gone", Types.StringType.get())
            .partitionBy(p -> p.bucket("id", 2))
            .create();
    table.newAppend().row(Map.of("id", 1L, "n", 10, "name", "one", "gone", "x")).commit();
    long first = table.currentSnapshot().orElseThrow().snapshotId();

    table
        .updateSchema()
        .addColumn("note", Types.StringType.get())
        .renameColumn("name", "label")
        .updateColumn("n", Types.LongType.get())
        .deleteColumn("gone")
        .commit();
    table.updateSpec().addField("label").commit();
    table
        .newAppend()
        .row(Map.of("id", 2L, "n", 5_000_000_000L, "label", "two", "note", "new"))
        .commit();

    List<List<Object>> current =
        SparkLocal.rows(spark, "SELECT * FROM " + CATALOG + ".db.evolved ORDER BY id");
    assertThat(current)
        .containsExactly(
            java.util.Arrays.asList(1L, 10L, "one", null),
            List.of(2L, 5_000_000_000L, "two", "new"));
    assertThat(current)
        .isEqualTo(floeRows(table.refresh().newScan()))
        .isEqualTo(genericRows(table.refresh()));
    assertThat(spark.table(CATALOG + ".db.evolved").columns())
        .containsExactly("id", "n", "label", "note");

    // time travel: Spark reads the old snapshot with its own (old) schema, as Floe does
    List<List<Object>> old =
        SparkLocal.rows(
            spark,
            "SELECT * FROM " + CATALOG + ".db.evolved VERSION AS OF " + first + " ORDER BY id");
    assertThat(old).containsExactly(List.of(1L, 10, "one", "x"));
    assertThat(old).isEqualTo(floeRows(table.newScan().asOfSnapshot(first)));
    assertThat(
            SparkLocal.rows(
                spark,
                "SELECT spec_id, count(*) FROM "
                    + CATALOG
                    + ".db.evolved.files GROUP BY spec_id ORDER BY spec_id"))
        .containsExactly(List.of(0, 1L), List.of(1, 1L));
  }

  @Test
  void sparkReadsFloesBranchesAndTags() throws IOException {
    FloeTable table =
        floe.createTable("db.refs")
            .column("id", Types.LongType.get())
            .required()
            .column("stage", Types.StringType.get())
            .create();
    table.newAppend().row(Map.of("id", 1L, "stage", "main")).commit();
    long base = table.currentSnapshot().orElseThrow().snapshotId();
    table.manageSnapshots().createBranch("audit", base).createTag("v1", base).commit();
    table.newAppend().row(Map.of("id", 2L, "stage", "audit")).toBranch("audit").commit();
    table.newAppend().row(Map.of("id", 3L, "stage", "main")).commit();

    String t = CATALOG + ".db.refs";
    assertThat(SparkLocal.rows(spark, "SELECT * FROM " + t + " ORDER BY id"))
        .containsExactly(List.of(1L, "main"), List.of(3L, "main"))
        .isEqualTo(floeRows(table.refresh().newScan()));
    assertThat(SparkLocal.rows(spark, "SELECT * FROM " + t + " VERSION AS OF 'audit' ORDER BY id"))
        .containsExactly(List.of(1L, "main"), List.of(2L, "audit"))
        .isEqualTo(SparkLocal.rows(spark, "SELECT * FROM " + t + ".branch_audit ORDER BY id"))
        .isEqualTo(floeRows(table.newScan().useRef("audit")));
    assertThat(SparkLocal.rows(spark, "SELECT * FROM " + t + ".tag_v1 ORDER BY id"))
        .containsExactly(List.of(1L, "main"))
        .isEqualTo(floeRows(table.newScan().useRef("v1")));
    assertThat(
            SparkLocal.rows(
                spark, "SELECT name, type, snapshot_id FROM " + t + ".refs ORDER BY name"))
        .containsExactly(
            List.of("audit", "BRANCH", table.snapshot("audit").orElseThrow().snapshotId()),
            List.of("main", "BRANCH", table.currentSnapshot().orElseThrow().snapshotId()),
            List.of("v1", "TAG", base));
  }

  @Test
  void sparksMetadataTablesAgreeWithFloes() throws IOException {
    FloeTable table =
        floe.createTable("db.meta")
            .column("id", Types.LongType.get())
            .required()
            .column("category", Types.StringType.get())
            .partitionBy(p -> p.identity("category"))
            .create();
    for (int batch = 0; batch < 3; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id = batch * 10L; id < batch * 10L + 10; id++) {
        rows.add(Map.of("id", id, "category", id % 2 == 0 ? "even" : "odd"));
      }
      table.newAppend().rows(rows).set("writer", "floe").commit();
    }
    table.refresh();
    String t = CATALOG + ".db.meta";

    List<List<Object>> snapshots = new ArrayList<>();
    for (Snapshot s : table.snapshots()) {
      snapshots.add(
          java.util.Arrays.asList(
              s.snapshotId(),
              s.parentId(),
              s.operation(),
              s.summary().get("writer"),
              Instant.ofEpochMilli(s.timestampMillis())));
    }
    assertThat(
            SparkLocal.rows(
                spark,
                "SELECT snapshot_id, parent_id, operation, summary['writer'], committed_at FROM "
                    + t
                    + ".snapshots ORDER BY committed_at, snapshot_id"))
        .isEqualTo(snapshots);
    assertThat(
            SparkLocal.rows(
                spark, "SELECT snapshot_id FROM " + t + ".history ORDER BY made_current_at"))
        .isEqualTo(snapshots.stream().map(s -> List.of(s.get(0))).toList());

    Table iceberg = Internals.icebergTable(table);
    List<List<Object>> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        files.add(
            List.of(
                task.file().location(), task.file().recordCount(), task.file().fileSizeInBytes()));
      }
    }
    files.sort(Comparator.comparing(f -> (String) f.get(0)));
    assertThat(
            SparkLocal.rows(
                spark,
                "SELECT file_path, record_count, file_size_in_bytes FROM "
                    + t
                    + ".files ORDER BY file_path"))
        .hasSize(6)
        .isEqualTo(files);

    assertThat(
            SparkLocal.rows(
                spark,
                "SELECT partition.category, record_count, file_count FROM "
                    + t
                    + ".partitions ORDER BY partition.category"))
        .containsExactly(List.of("even", 15L, 3), List.of("odd", 15L, 3));

    // Floe's own metadata tables give the same rows as Spark's
    Map<Long, Object> floeFiles = new LinkedHashMap<>();
    try (CloseableIterable<Row> rows =
        table.metadataTable(MetadataTableType.FILES).select("file_path", "record_count").rows()) {
      rows.forEach(r -> floeFiles.put(0L + floeFiles.size(), Canonical.of(r)));
    }
    assertThat(floeFiles.values())
        .containsExactlyInAnyOrderElementsOf(
            SparkLocal.rows(spark, "SELECT file_path, record_count FROM " + t + ".files"));
    List<List<Object>> floeManifests = new ArrayList<>();
    try (CloseableIterable<Row> rows =
        table
            .metadataTable(MetadataTableType.MANIFESTS)
            .select("path", "added_data_files_count")
            .rows()) {
      rows.forEach(r -> floeManifests.add(Canonical.of(r)));
    }
    assertThat(floeManifests)
        .hasSize(3)
        .containsExactlyInAnyOrderElementsOf(
            SparkLocal.rows(spark, "SELECT path, added_data_files_count FROM " + t + ".manifests"));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "format v{0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3})
  void sparkReadsFloesMergeOnReadDeletesAndUpserts(int formatVersion) throws IOException {
    String name = "db.mor_v" + formatVersion;
    FloeTable table =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("status", Types.StringType.get())
            .column("bucket", Types.IntegerType.get())
            .partitionBy(p -> p.identity("bucket"))
            .formatVersion(formatVersion)
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 200; id++) {
      rows.add(Map.of("id", id, "status", "new", "bucket", (int) (id % 4)));
    }
    table.newAppend().rows(rows).commit();
    table
        .newDelete()
        .where(Expressions.lessThan("id", 20L))
        .mode(io.floe.WriteMode.MERGE_ON_READ)
        .commit();
    List<Map<String, Object>> changes = new ArrayList<>();
    for (long id = 190; id < 210; id++) {
      changes.add(Map.of("id", id, "status", "upserted", "bucket", (int) (id % 4)));
    }
    table.newUpsert().key("id").rows(changes).mode(io.floe.WriteMode.MERGE_ON_READ).commit();
    table.manageSnapshots().createBranch("cleanup").commit();
    table
        .newDelete()
        .where(Expressions.equal("bucket", 3))
        .mode(io.floe.WriteMode.MERGE_ON_READ)
        .toBranch("cleanup")
        .commit();
    table.refresh();

    int deleteFiles = 0;
    try (CloseableIterable<FileScanTask> tasks =
        Internals.icebergTable(table).newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        deleteFiles += task.deletes().size();
      }
    }
    assertThat(deleteFiles).as("merge-on-read wrote delete files").isPositive();
    String t = CATALOG + "." + name;
    List<List<Object>> fromSpark = SparkLocal.rows(spark, "SELECT * FROM " + t + " ORDER BY id");
    assertThat(fromSpark).hasSize(190).isEqualTo(floeRows(table.newScan()));
    assertThat(SparkLocal.count(spark, "SELECT count(*) FROM " + t + " WHERE status = 'upserted'"))
        .isEqualTo(20);
    assertThat(
            SparkLocal.rows(spark, "SELECT * FROM " + t + " VERSION AS OF 'cleanup' ORDER BY id"))
        .isEqualTo(floeRows(table.newScan().useRef("cleanup")))
        .noneMatch(r -> Integer.valueOf(3).equals(r.get(2)));
    assertThat(SparkLocal.count(spark, "SELECT count(*) FROM " + t + ".delete_files")).isPositive();
  }
}
