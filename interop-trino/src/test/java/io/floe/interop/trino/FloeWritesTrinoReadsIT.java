package io.floe.interop.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Floe writes through the shared REST catalog; the real Trino server reads the same rows. */
class FloeWritesTrinoReadsIT {
  private static final String NS = "floe_w";
  static Floe floe;
  static Connection trino;

  @BeforeAll
  static void start() throws SQLException {
    TrinoEnvironment env = TrinoEnvironment.get();
    floe = env.floe();
    floe.createNamespace(NS);
    trino = env.trino();
    trino.setSchema(NS);
  }

  @AfterAll
  static void stop() throws SQLException {
    trino.close();
    floe.close();
  }

  private static String t(String table) {
    return TrinoEnvironment.CATALOG + "." + NS + "." + table;
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
    row.put(
        "big_amount", new BigDecimal("12345678901234567890.123456").add(BigDecimal.valueOf(id)));
    row.put("day", LocalDate.of(2026, 1, 1).plusDays(id % 40));
    row.put("at", LocalTime.of(8, 30).plusSeconds(id * 61).plusNanos(id * 1000));
    row.put(
        "ts", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id * 3_601).plusNanos(id * 1000));
    row.put("local_ts", LocalDateTime.of(2026, 2, 1, 12, 0).plusMinutes(id).plusNanos(7000));
    row.put("payload", ByteBuffer.wrap(("p" + id).getBytes(StandardCharsets.UTF_8)));
    byte[] fixed = new byte[4];
    ByteBuffer.wrap(fixed).putInt((int) id);
    row.put("code", fixed);
    row.put("uid", new UUID(id, -id));
    row.put("address", Map.of("city", "c" + (id % 5), "zip", (int) id));
    row.put("tags", List.of("t" + id, "t" + (id + 1)));
    row.put("attrs", Map.of("a", id, "b", -id));
    if (id % 11 == 0) {
      row.put("category", null);
      row.put("price", null);
      row.put("tags", null);
      row.put("address", null);
    }
    return row;
  }

  @Test
  void trinoReadsEveryTypeOfAPartitionedTableAsFloeAndIcebergDo() throws Exception {
    FloeTable table =
        floe.createTable(NS + ".typed")
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
                        .column("big_amount", Types.DecimalType.of(38, 6))
                        .column("day", Types.DateType.get())
                        .column("at", Types.TimeType.get())
                        .column("ts", Types.TimestampType.withZone())
                        .column("local_ts", Types.TimestampType.withoutZone())
                        .column("payload", Types.BinaryType.get())
                        .column("code", Types.FixedType.ofLength(4))
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

    List<List<Object>> fromTrino =
        Rows.trino(trino, "SELECT * FROM " + t("typed") + " ORDER BY id");
    List<List<Object>> fromFloe = Rows.floe(table.refresh().newScan());
    assertThat(fromFloe).hasSize(300).isEqualTo(Rows.generic(table));
    assertThat(fromTrino).isEqualTo(fromFloe);

    // Trino's column types are the Iceberg types Floe wrote
    assertThat(
            Rows.trino(
                trino,
                "SELECT column_name, data_type FROM "
                    + TrinoEnvironment.CATALOG
                    + ".information_schema.columns WHERE table_schema = '"
                    + NS
                    + "' AND table_name = 'typed' ORDER BY ordinal_position"))
        .containsExactly(
            List.of("id", "bigint"),
            List.of("qty", "integer"),
            List.of("category", "varchar"),
            List.of("price", "double"),
            List.of("ratio", "real"),
            List.of("flag", "boolean"),
            List.of("amount", "decimal(12,2)"),
            List.of("big_amount", "decimal(38,6)"),
            List.of("day", "date"),
            List.of("at", "time(6)"),
            List.of("ts", "timestamp(6) with time zone"),
            List.of("local_ts", "timestamp(6)"),
            List.of("payload", "varbinary"),
            List.of("code", "varbinary"),
            List.of("uid", "uuid"),
            List.of("address", "row(city varchar, zip integer)"),
            List.of("tags", "array(varchar)"),
            List.of("attrs", "map(varchar, bigint)"));

    // filters on partition and data columns select the same rows in both engines
    List<List<Object>> books =
        Rows.trino(
            trino,
            "SELECT * FROM "
                + t("typed")
                + " WHERE category = 'books' AND ts >= TIMESTAMP '2026-01-03 00:00:00 UTC'"
                + " AND address.zip > 10 ORDER BY id");
    List<List<Object>> floeBooks =
        Rows.floe(
            table
                .newScan()
                .where(
                    Expressions.and(
                        Expressions.equal("category", "books"),
                        Expressions.and(
                            Expressions.greaterThanOrEqual("ts", "2026-01-03T00:00:00+00:00"),
                            Expressions.greaterThan("address.zip", 10)))));
    assertThat(books).isNotEmpty().isEqualTo(floeBooks);
    assertThat(
            Rows.trinoLong(trino, "SELECT count(*) FROM " + t("typed") + " WHERE category IS NULL"))
        .isEqualTo(table.newScan().where(Expressions.isNull("category")).count())
        .isEqualTo(28);
    assertThat(
            Rows.trino(
                trino,
                "SELECT uid, tags[2], attrs['b'], address.city FROM "
                    + t("typed")
                    + " WHERE uid = UUID '"
                    + new UUID(7, -7)
                    + "'"))
        .containsExactly(List.of(new UUID(7, -7).toString(), "t8", -7L, "c2"));
  }

  @Test
  void trinoReadsAnEvolvedSchemaAndTimeTravelsToOlderSnapshots() throws Exception {
    FloeTable table =
        floe.createTable(NS + ".evolved")
            .column("id", Types.LongType.get())
            .required()
            .column("n", Types.IntegerType.get())
            .column("name", Types.StringType.get())
            .column("gone", Types.StringType.get())
            .partitionBy(p -> p.bucket("id", 2))
            .create();
    table.newAppend().row(Map.of("id", 1L, "n", 10, "name", "one", "gone", "x")).commit();
    Snapshot first = table.currentSnapshot().orElseThrow();

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
        Rows.trino(trino, "SELECT * FROM " + t("evolved") + " ORDER BY id");
    assertThat(current)
        .containsExactly(
            Arrays.asList(1L, 10L, "one", null), List.of(2L, 5_000_000_000L, "two", "new"))
        .isEqualTo(Rows.floe(table.refresh().newScan()))
        .isEqualTo(Rows.generic(table));
    assertThat(
            Rows.trino(
                trino,
                "SELECT label FROM " + t("evolved") + " WHERE label = 'two' AND n > 4000000000"))
        .containsExactly(List.of("two"));

    // time travel by id and by time: Trino reads the old snapshot with its own (old) schema, as
    // Floe does
    List<List<Object>> old =
        Rows.trino(
            trino, "SELECT * FROM " + t("evolved") + " FOR VERSION AS OF " + first.snapshotId());
    assertThat(old)
        .containsExactly(List.of(1L, 10, "one", "x"))
        .isEqualTo(Rows.floe(table.newScan().asOfSnapshot(first.snapshotId())));
    assertThat(
            Rows.trino(
                trino,
                "SELECT * FROM "
                    + t("evolved")
                    + " FOR TIMESTAMP AS OF from_unixtime_nanos("
                    + (first.timestampMillis() * 1_000_000L)
                    + ")"))
        .isEqualTo(old);
    assertThat(
            Rows.trino(
                trino,
                "SELECT spec_id, count(*) FROM \""
                    + "evolved$files\" GROUP BY spec_id ORDER BY spec_id"))
        .containsExactly(List.of(0, 1L), List.of(1, 1L));
  }

  @Test
  void trinoReadsFloesBranchesAndTags() throws Exception {
    FloeTable table =
        floe.createTable(NS + ".refs")
            .column("id", Types.LongType.get())
            .required()
            .column("stage", Types.StringType.get())
            .create();
    table.newAppend().row(Map.of("id", 1L, "stage", "main")).commit();
    long base = table.currentSnapshot().orElseThrow().snapshotId();
    table.manageSnapshots().createBranch("audit", base).createTag("v1", base).commit();
    table.newAppend().row(Map.of("id", 2L, "stage", "audit")).toBranch("audit").commit();
    table.newAppend().row(Map.of("id", 3L, "stage", "main")).commit();
    table.refresh();

    assertThat(Rows.trino(trino, "SELECT * FROM " + t("refs") + " ORDER BY id"))
        .containsExactly(List.of(1L, "main"), List.of(3L, "main"))
        .isEqualTo(Rows.floe(table.newScan()));
    assertThat(
            Rows.trino(
                trino, "SELECT * FROM " + t("refs") + " FOR VERSION AS OF 'audit' ORDER BY id"))
        .containsExactly(List.of(1L, "main"), List.of(2L, "audit"))
        .isEqualTo(Rows.floe(table.newScan().useRef("audit")));
    assertThat(Rows.trino(trino, "SELECT * FROM " + t("refs") + " FOR VERSION AS OF 'v1'"))
        .containsExactly(List.of(1L, "main"))
        .isEqualTo(Rows.floe(table.newScan().useRef("v1")));
    assertThat(Rows.trino(trino, "SELECT name, type, snapshot_id FROM \"refs$refs\" ORDER BY name"))
        .containsExactly(
            List.of("audit", "BRANCH", table.snapshot("audit").orElseThrow().snapshotId()),
            List.of("main", "BRANCH", table.currentSnapshot().orElseThrow().snapshotId()),
            List.of("v1", "TAG", base));
  }

  @Test
  void trinoReadsFloesMergeOnReadPositionDeletesAndUpserts() throws Exception {
    String name = "mor_v2";
    FloeTable table =
        floe.createTable(NS + "." + name)
            .column("id", Types.LongType.get())
            .required()
            .column("status", Types.StringType.get())
            .column("bucket", Types.IntegerType.get())
            .partitionBy(p -> p.identity("bucket"))
            .formatVersion(2)
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 200; id++) {
      rows.add(Map.of("id", id, "status", "new", "bucket", (int) (id % 4)));
    }
    table.newAppend().rows(rows).commit();
    table.newDelete().where(Expressions.lessThan("id", 20L)).mode(WriteMode.MERGE_ON_READ).commit();
    List<Map<String, Object>> changes = new ArrayList<>();
    for (long id = 190; id < 210; id++) {
      changes.add(Map.of("id", id, "status", "upserted", "bucket", (int) (id % 4)));
    }
    table.newUpsert().key("id").rows(changes).mode(WriteMode.MERGE_ON_READ).commit();
    table.refresh();

    int deleteFiles = 0;
    try (CloseableIterable<FileScanTask> tasks =
        Internals.icebergTable(table).newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        deleteFiles += task.deletes().size();
      }
    }
    assertThat(deleteFiles).as("merge-on-read wrote delete files").isPositive();
    String sql = "SELECT * FROM " + t(name) + " ORDER BY id";
    List<List<Object>> fromTrino = Rows.trino(trino, sql);
    assertThat(fromTrino).hasSize(190).isEqualTo(Rows.floe(table.newScan()));
    assertThat(fromTrino.get(0)).isEqualTo(List.of(20L, "new", 0));
    assertThat(
            Rows.trinoLong(trino, "SELECT count(*) FROM " + t(name) + " WHERE status = 'upserted'"))
        .isEqualTo(20);
    // Trino lists the position delete files Floe wrote: 20 deleted rows, 20 upserted of which 10
    // replaced existing rows
    assertThat(
            Rows.trino(
                trino,
                "SELECT content, file_format, sum(record_count) FROM \""
                    + name
                    + "$files\" WHERE content = 1 GROUP BY content, file_format"))
        .containsExactly(List.of(1, "PARQUET", 20L + 10L));
  }

  /**
   * Trino 476 reads format v3 tables, but not their deletion vectors: its Iceberg connector opens
   * every delete file as a Parquet/ORC/Avro position delete file and fails on Puffin. This test
   * pins that limit (docs/interop.md); when a Trino upgrade reads deletion vectors it fails, and
   * the expectation becomes equality with Floe's rows.
   */
  @Test
  void trinoReadsFloesFormatV3TablesButNotTheirDeletionVectors() throws Exception {
    FloeTable table =
        floe.createTable(NS + ".dv_v3")
            .column("id", Types.LongType.get())
            .required()
            .column("status", Types.StringType.get())
            .formatVersion(3)
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 50; id++) {
      rows.add(Map.of("id", id, "status", "new"));
    }
    table.newAppend().rows(rows).commit();
    long appended = table.currentSnapshot().orElseThrow().snapshotId();
    String sql = "SELECT * FROM " + t("dv_v3") + " ORDER BY id";
    assertThat(Rows.trino(trino, sql)).hasSize(50).isEqualTo(Rows.floe(table.newScan()));

    table.newDelete().where(Expressions.lessThan("id", 10L)).mode(WriteMode.MERGE_ON_READ).commit();
    assertThat(Rows.floe(table.refresh().newScan())).hasSize(40);
    assertThat(
            Rows.trino(
                trino,
                "SELECT content, file_format, record_count FROM \"dv_v3$files\" WHERE content = 1"))
        .containsExactly(List.of(1, "PUFFIN", 10L));
    assertThatThrownBy(() -> Rows.trino(trino, sql))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Unexpected PUFFIN file format");
    // the snapshot before the deletion vector still reads
    assertThat(
            Rows.trino(
                trino,
                "SELECT * FROM " + t("dv_v3") + " FOR VERSION AS OF " + appended + " ORDER BY id"))
        .hasSize(50)
        .isEqualTo(Rows.floe(table.newScan().asOfSnapshot(appended)));

    // after Floe's compaction applies the deletion vectors, no Puffin file is live and Trino reads
    // the table again
    table.maintenance().rewriteDataFiles().rewriteAll().applyDeletes().execute();
    assertThat(Rows.trinoLong(trino, "SELECT count(*) FROM \"dv_v3$files\" WHERE content = 1"))
        .isZero();
    assertThat(Rows.trino(trino, sql)).hasSize(40).isEqualTo(Rows.floe(table.refresh().newScan()));
  }

  @Test
  void trinosMetadataTablesAgreeWithFloes() throws Exception {
    FloeTable table =
        floe.createTable(NS + ".meta")
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

    List<List<Object>> snapshots = new ArrayList<>();
    for (Snapshot s : table.snapshots()) {
      snapshots.add(
          Arrays.asList(
              s.snapshotId(),
              s.parentId(),
              s.operation(),
              s.summary().get("writer"),
              s.summary().get("added-records"),
              Instant.ofEpochMilli(s.timestampMillis()),
              s.manifestListLocation()));
    }
    assertThat(
            Rows.trino(
                trino,
                "SELECT snapshot_id, parent_id, operation, summary['writer'],"
                    + " summary['added-records'], committed_at, manifest_list FROM \"meta$snapshots\""
                    + " ORDER BY committed_at, snapshot_id"))
        .hasSize(3)
        .isEqualTo(snapshots);
    List<List<Object>> floeSnapshots = new ArrayList<>();
    try (CloseableIterable<Row> rows =
        table
            .metadataTable(MetadataTableType.SNAPSHOTS)
            .select("snapshot_id", "parent_id", "operation")
            .rows()) {
      rows.forEach(r -> floeSnapshots.add(Canonical.of(r)));
    }
    assertThat(floeSnapshots).isEqualTo(snapshots.stream().map(s -> s.subList(0, 3)).toList());
    assertThat(
            Rows.trino(trino, "SELECT snapshot_id FROM \"meta$history\" ORDER BY made_current_at"))
        .isEqualTo(snapshots.stream().map(s -> List.of(s.get(0))).toList());

    // $files: the same paths, counts and sizes as Floe's files table and Iceberg's scan planning
    List<List<Object>> floeFiles = new ArrayList<>();
    try (CloseableIterable<Row> rows =
        table
            .metadataTable(MetadataTableType.FILES)
            .select("content", "file_path", "file_format", "record_count", "file_size_in_bytes")
            .rows()) {
      rows.forEach(r -> floeFiles.add(Canonical.of(r)));
    }
    floeFiles.sort(java.util.Comparator.comparing(f -> (String) f.get(1)));
    List<List<Object>> trinoFiles =
        Rows.trino(
            trino,
            "SELECT content, file_path, file_format, record_count, file_size_in_bytes FROM"
                + " \"meta$files\" ORDER BY file_path");
    assertThat(trinoFiles).hasSize(6).isEqualTo(floeFiles);
    List<String> planned = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        Internals.icebergTable(table).newScan().planFiles()) {
      tasks.forEach(task -> planned.add(task.file().location()));
    }
    assertThat(trinoFiles.stream().map(f -> (String) f.get(1)).toList())
        .containsExactlyInAnyOrderElementsOf(planned);

    assertThat(
            Rows.trino(
                trino,
                "SELECT partition.category, record_count, file_count FROM \"meta$partitions\""
                    + " ORDER BY partition.category"))
        .containsExactly(List.of("even", 15L, 3L), List.of("odd", 15L, 3L));
    List<List<Object>> floeManifests = new ArrayList<>();
    try (CloseableIterable<Row> rows =
        table
            .metadataTable(MetadataTableType.MANIFESTS)
            .select("path", "added_data_files_count")
            .rows()) {
      rows.forEach(r -> floeManifests.add(Canonical.of(r)));
    }
    assertThat(Rows.trino(trino, "SELECT path, added_data_files_count FROM \"meta$manifests\""))
        .hasSize(3)
        .containsExactlyInAnyOrderElementsOf(floeManifests);
  }
}
