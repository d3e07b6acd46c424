package io.floe.interop.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.UnsupportedFeatureException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Trino server creates tables and writes them with INSERT, UPDATE, DELETE, MERGE and ALTER
 * TABLE through the shared REST catalog; Floe reads the same rows at every snapshot.
 */
class TrinoWritesFloeReadsIT {
  private static final String NS = "trino_w";
  static Floe floe;
  static Connection trino;

  @BeforeAll
  static void start() throws SQLException {
    TrinoEnvironment env = TrinoEnvironment.get();
    trino = env.trino();
    Rows.execute(trino, "CREATE SCHEMA " + TrinoEnvironment.CATALOG + "." + NS);
    trino.setSchema(NS);
    floe = env.floe();
  }

  @AfterAll
  static void stop() throws SQLException {
    trino.close();
    floe.close();
  }

  /** Floe's rows of the table (current snapshot) equal Trino's and Iceberg's generic reader's. */
  private static List<List<Object>> assertSameRows(String table) throws Exception {
    FloeTable floeTable = floe.loadTable(NS + "." + table);
    List<List<Object>> fromTrino = Rows.trino(trino, "SELECT * FROM " + table + " ORDER BY id");
    assertThat(Rows.floe(floeTable.newScan()))
        .isEqualTo(fromTrino)
        .isEqualTo(Rows.generic(floeTable));
    return fromTrino;
  }

  @Test
  void floeReadsWhatTrinoInsertsUpdatesDeletesAndMerges() throws Exception {
    Rows.execute(
        trino,
        "CREATE TABLE orders (id bigint, customer varchar, amount decimal(10,2), qty integer,"
            + " price double, shipped boolean, day date, ts timestamp(6) with time zone,"
            + " local_ts timestamp(6), uid uuid, payload varbinary,"
            + " address row(city varchar, zip integer), tags array(varchar),"
            + " attrs map(varchar, bigint))"
            + " WITH (format_version = 2, partitioning = ARRAY['bucket(id, 4)', 'day(ts)'])");
    assertThat(
            Rows.execute(
                trino,
                "INSERT INTO orders SELECT x, 'c' || CAST(x % 7 AS varchar),"
                    + " CAST(x * 1.5 AS decimal(10,2)), CAST(x % 5 AS integer), x / 4e0,"
                    + " x % 2 = 0, DATE '2026-03-01' + x * INTERVAL '1' DAY,"
                    + " TIMESTAMP '2026-03-01 10:00:00.123456 UTC' + x * INTERVAL '1' HOUR,"
                    + " TIMESTAMP '2026-03-01 10:00:00.654321' + x * INTERVAL '1' MINUTE,"
                    + " CAST(format('00000000-0000-0000-0000-%012d', x) AS uuid),"
                    + " to_utf8('p' || CAST(x AS varchar)),"
                    + " CAST(ROW('city' || CAST(x % 3 AS varchar), CAST(x AS integer))"
                    + "   AS row(city varchar, zip integer)),"
                    + " ARRAY['a' || CAST(x AS varchar), 'b'], MAP(ARRAY['k'], ARRAY[x])"
                    + " FROM UNNEST(sequence(1, 100)) AS s(x)"))
        .isEqualTo(100);
    Rows.execute(trino, "INSERT INTO orders (id, customer) VALUES (101, NULL)");

    FloeTable table = floe.loadTable(NS + ".orders");
    assertThat(table.schema().findField("ts").type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(table.schema().findField("uid").type()).isEqualTo(Types.UUIDType.get());
    assertThat(table.spec().fields()).hasSize(2);
    List<List<Object>> inserted = assertSameRows("orders");
    assertThat(inserted).hasSize(101);
    assertThat(inserted.get(0).subList(0, 9))
        .isEqualTo(
            List.of(
                1L,
                "c1",
                new BigDecimal("1.50"),
                1,
                0.25,
                false,
                LocalDate.of(2026, 3, 2),
                Instant.parse("2026-03-01T11:00:00.123456Z"),
                LocalDateTime.parse("2026-03-01T10:01:00.654321")));
    assertThat(
            Rows.floe(
                table
                    .newScan()
                    .where(Expressions.equal("customer", "c3"))
                    .where(Expressions.greaterThan("address.zip", 50))))
        .isEqualTo(
            Rows.trino(
                trino,
                "SELECT * FROM orders WHERE customer = 'c3' AND address.zip > 50 ORDER BY id"))
        .hasSize(7);

    // row-level changes: Trino writes merge-on-read position delete files
    assertThat(
            Rows.execute(trino, "UPDATE orders SET customer = 'vip', qty = 99 WHERE id % 10 = 0"))
        .isEqualTo(10);
    assertSameRows("orders");
    assertThat(Rows.execute(trino, "DELETE FROM orders WHERE id BETWEEN 40 AND 49")).isEqualTo(10);
    assertSameRows("orders");
    Rows.execute(
        trino,
        "MERGE INTO orders o USING (SELECT x AS id FROM UNNEST(sequence(95, 110)) AS s(x)) c"
            + " ON o.id = c.id"
            + " WHEN MATCHED AND o.id % 2 = 0 THEN DELETE"
            + " WHEN MATCHED THEN UPDATE SET customer = 'merged'"
            + " WHEN NOT MATCHED THEN INSERT (id, customer, qty) VALUES (c.id, 'new', 0)");
    List<List<Object>> merged = assertSameRows("orders");
    // 101 rows, 10 deleted; the merge deletes 96, 98, 100, updates 95..101 odd, inserts 102..110
    assertThat(merged).hasSize(101 - 10 - 3 + 9);
    assertThat(merged.stream().filter(r -> "merged".equals(r.get(1))).map(r -> r.get(0)))
        .containsExactly(95L, 97L, 99L, 101L);

    table.refresh();
    List<List<Object>> deleteFiles = new ArrayList<>();
    try (CloseableIterable<Row> rows =
        table
            .metadataTable(MetadataTableType.DELETE_FILES)
            .select("content", "file_format", "record_count")
            .rows()) {
      rows.forEach(r -> deleteFiles.add(Canonical.of(r)));
    }
    assertThat(deleteFiles).as("Trino's position delete files").isNotEmpty();
    assertThat(deleteFiles).allSatisfy(f -> assertThat(f.get(0)).isEqualTo(1));

    // every snapshot Trino made reads the same in both engines
    // CREATE TABLE commits an empty snapshot; UPDATE and MERGE are overwrites (deletes + rows)
    List<Snapshot> snapshots = table.snapshots();
    assertThat(snapshots.stream().map(Snapshot::operation))
        .containsExactly("append", "append", "append", "overwrite", "delete", "overwrite");
    for (Snapshot s : snapshots) {
      assertThat(Rows.floe(table.newScan().asOfSnapshot(s.snapshotId())))
          .as("snapshot %s (%s)", s.snapshotId(), s.operation())
          .isEqualTo(
              Rows.trino(
                  trino,
                  "SELECT * FROM orders FOR VERSION AS OF " + s.snapshotId() + " ORDER BY id"));
    }

    // Trino's metadata tables of its own table agree with Floe's: live data and delete files,
    // snapshots
    List<List<Object>> floeFiles = new ArrayList<>();
    try (CloseableIterable<Row> rows =
        table
            .metadataTable(MetadataTableType.FILES)
            .select("content", "file_path", "record_count", "file_size_in_bytes")
            .rows()) {
      rows.forEach(r -> floeFiles.add(Canonical.of(r)));
    }
    floeFiles.sort(java.util.Comparator.comparing(f -> (String) f.get(1)));
    assertThat(
            Rows.trino(
                trino,
                "SELECT content, file_path, record_count, file_size_in_bytes FROM"
                    + " \"orders$files\" ORDER BY file_path"))
        .isEqualTo(floeFiles)
        .anyMatch(f -> f.get(0).equals(1));
    assertThat(
            Rows.trino(
                trino,
                "SELECT snapshot_id, parent_id, operation FROM \"orders$snapshots\""
                    + " ORDER BY committed_at, snapshot_id"))
        .isEqualTo(
            snapshots.stream()
                .map(s -> Arrays.<Object>asList(s.snapshotId(), s.parentId(), s.operation()))
                .toList());

    // maintenance across engines: Floe compacts Trino's files applying Trino's position deletes,
    // then Trino's optimize rewrites Floe's files; both read the same rows after each
    table.maintenance().rewriteDataFiles().rewriteAll().applyDeletes().execute();
    assertThat(assertSameRows("orders")).isEqualTo(merged);
    assertThat(table.refresh().currentSnapshot().orElseThrow().operation()).isEqualTo("replace");
    Rows.execute(trino, "ALTER TABLE orders EXECUTE optimize");
    assertThat(assertSameRows("orders")).isEqualTo(merged);
  }

  @Test
  void floeReadsTrinosSchemaEvolutionAndAppendsToTrinosTable() throws Exception {
    Rows.execute(
        trino,
        "CREATE TABLE evolving WITH (partitioning = ARRAY['category']) AS"
            + " SELECT CAST(x AS bigint) AS id, CAST(x AS integer) AS n,"
            + " IF(x % 2 = 0, 'even', 'odd') AS category, 'v' || CAST(x AS varchar) AS old_name,"
            + " 'gone' AS dropped FROM UNNEST(sequence(1, 20)) AS s(x)");
    Rows.execute(trino, "ALTER TABLE evolving ADD COLUMN note varchar");
    Rows.execute(trino, "ALTER TABLE evolving RENAME COLUMN old_name TO label");
    Rows.execute(trino, "ALTER TABLE evolving DROP COLUMN dropped");
    Rows.execute(trino, "ALTER TABLE evolving ALTER COLUMN n SET DATA TYPE bigint");
    Rows.execute(trino, "INSERT INTO evolving VALUES (21, 21, 'odd', 'v21', 'added')");

    FloeTable table = floe.loadTable(NS + ".evolving");
    assertThat(table.schema().columns().stream().map(Types.NestedField::name))
        .containsExactly("id", "n", "category", "label", "note");
    assertThat(table.schema().findField("n").type()).isEqualTo(Types.LongType.get());
    List<List<Object>> rows = assertSameRows("evolving");
    assertThat(rows).hasSize(21);
    assertThat(rows.get(0)).isEqualTo(Arrays.asList(1L, 1L, "odd", "v1", null));
    assertThat(rows.get(20)).isEqualTo(List.of(21L, 21L, "odd", "v21", "added"));

    // Floe appends to the table Trino made, with Trino's partitioning; Trino reads it
    table
        .newAppend()
        .row(Map.of("id", 22L, "n", 22L, "category", "even", "label", "v22", "note", "floe"))
        .commit();
    assertThat(assertSameRows("evolving"))
        .hasSize(22)
        .last()
        .isEqualTo(List.of(22L, 22L, "even", "v22", "floe"));
    assertThat(
            Rows.trino(
                trino,
                "SELECT partition.category, record_count FROM \"evolving$partitions\""
                    + " ORDER BY 1"))
        .containsExactly(List.of("even", 11L), List.of("odd", 11L));
  }

  @Test
  void floeReadsTrinosOtherPartitionTransformsAndFileFormats() throws Exception {
    for (String format : List.of("PARQUET", "AVRO", "ORC")) {
      String name = "transforms_" + format.toLowerCase(java.util.Locale.ROOT);
      Rows.execute(
          trino,
          "CREATE TABLE "
              + name
              + " WITH (format = '"
              + format
              + "', partitioning = ARRAY['truncate(code, 2)', 'month(day)', 'hour(ts)',"
              + " 'year(local_ts)']) AS SELECT CAST(x AS bigint) AS id,"
              + " 'k' || CAST(x % 3 AS varchar) || 'x' AS code,"
              + " DATE '2025-11-20' + x * INTERVAL '5' DAY AS day,"
              + " TIMESTAMP '2026-01-01 00:00:00.000001 UTC' + x * INTERVAL '10' MINUTE AS ts,"
              + " TIMESTAMP '2024-12-31 23:00:00' + x * INTERVAL '30' DAY AS local_ts"
              + " FROM UNNEST(sequence(1, 20)) AS s(x)");
      FloeTable table = floe.loadTable(NS + "." + name);
      assertThat(table.spec().fields().stream().map(f -> f.transform().toString()))
          .as(format)
          .containsExactly("truncate[2]", "month", "hour", "year");
      if (format.equals("ORC")) {
        // Floe reads Parquet and Avro data files only: ORC is refused by name, not misread
        assertThatThrownBy(() -> Rows.floe(table.newScan()))
            .isInstanceOf(UnsupportedFeatureException.class)
            .hasMessageContaining("Cannot read ORC file")
            .hasMessageContaining(NS + "." + name);
        continue;
      }
      assertThat(assertSameRows(name)).as(format).hasSize(20);
      // filters on the transformed columns prune Trino's partitions in Floe's scan
      assertThat(
              Rows.floe(
                  table
                      .newScan()
                      .where(Expressions.startsWith("code", "k1"))
                      .where(Expressions.greaterThanOrEqual("day", "2026-01-01"))
                      .where(Expressions.lessThan("ts", "2026-01-01T02:00:00+00:00"))))
          .as(format)
          .isEqualTo(
              Rows.trino(
                  trino,
                  "SELECT * FROM "
                      + name
                      + " WHERE code LIKE 'k1%' AND day >= DATE '2026-01-01'"
                      + " AND ts < TIMESTAMP '2026-01-01 02:00:00 UTC' ORDER BY id"))
          .containsExactly(
              List.of(
                  10L,
                  "k1x",
                  LocalDate.of(2026, 1, 9),
                  Instant.parse("2026-01-01T01:40:00.000001Z"),
                  LocalDateTime.parse("2025-10-27T23:00:00")));
    }
  }

  /**
   * Trino 476 creates format v1 and v2 tables only. This test pins that limit (docs/interop.md):
   * when a Trino upgrade accepts v3 it fails, and becomes a v3 round trip.
   */
  @Test
  void trinoRefusesToCreateFormatVersion3Tables() {
    assertThatThrownBy(
            () ->
                Rows.execute(
                    trino, "CREATE TABLE v3 (id bigint, s varchar) WITH (format_version = 3)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("format_version must be between 1 and 2");
    assertThat(floe.tableExists(NS + ".v3")).isFalse();
  }
}
