package io.floe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AlreadyExistsException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code INSERT INTO} and {@code CREATE TABLE ... AS} over a local warehouse ({@code Floe.local}).
 */
class FloeSqlWriteTest {
  private static final int SOURCE_ROWS = 20_000;

  @TempDir Path tmp;
  private Floe floe;
  private FloeSql sql;

  @BeforeEach
  void setUp() {
    floe = Floe.local(tmp.resolve("wh"));
    sql = FloeSql.builder(floe).memoryLimit("256MB").threads(2).build();
    FloeTable src = table("shop.src");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long i = 0; i < SOURCE_ROWS; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", i);
      row.put("name", "n" + (i % 10));
      row.put("amount", i % 7 == 0 ? null : i * 0.5);
      rows.add(row);
    }
    src.newAppend().rows(rows).commit();
    table("shop.dst");
  }

  private FloeTable table(String name) {
    return floe.createTable(name)
        .column("id", Types.LongType.get())
        .required()
        .column("name", Types.StringType.get())
        .column("amount", Types.DoubleType.get())
        .create();
  }

  @AfterEach
  void tearDown() {
    sql.close();
    floe.close();
  }

  private List<Map<String, Object>> rows(String statement, Object... params) {
    try (SqlResult result = sql.query(statement, params)) {
      return result.rows().stream().map(Row::toMap).collect(Collectors.toList());
    }
  }

  private long count(String table) {
    return (Long) rows("SELECT count(*) AS n FROM " + table).get(0).get("n");
  }

  private Long snapshot(String table) {
    return floe.loadTable(table).currentSnapshot().map(Snapshot::snapshotId).orElse(null);
  }

  private long parquetFiles() throws java.io.IOException {
    try (var files = java.nio.file.Files.walk(tmp.resolve("wh"))) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  private static void names(Throwable e, String table, String column) {
    assertThat(((io.floe.FloeException) e).table()).contains(table);
    assertThat(((io.floe.FloeException) e).column()).contains(column);
  }

  private int snapshots(String table) {
    List<Snapshot> all = new ArrayList<>();
    floe.loadTable(table).snapshots().forEach(all::add);
    return all.size();
  }

  @Test
  void insertSelectAcrossTablesInOneCommit() {
    long inserted =
        sql.execute(
            "INSERT INTO shop.dst SELECT id, upper(name), amount FROM shop.src WHERE id < 5000");
    assertThat(inserted).isEqualTo(5000);
    assertThat(snapshots("shop.dst")).isEqualTo(1);
    assertThat(rows("SELECT count(*) AS n, sum(id) AS s, count(amount) AS a FROM shop.dst"))
        .containsExactly(
            Map.of("n", 5000L, "s", new java.math.BigDecimal(4999L * 5000 / 2), "a", 5000L - 715));
    assertThat(rows("SELECT id, name, amount FROM shop.dst WHERE id IN (3, 7) ORDER BY id"))
        .containsExactly(
            Map.of("id", 3L, "name", "N3", "amount", 1.5),
            new HashMap<>() {
              {
                put("id", 7L);
                put("name", "N7");
                put("amount", null);
              }
            });
  }

  @Test
  void insertValuesWithColumnListAndParameters() {
    String hostile = "x'); DROP TABLE shop.dst; --";
    assertThat(sql.execute("INSERT INTO shop.dst (name, id) VALUES ('a', 1), (?, ?)", hostile, 2L))
        .isEqualTo(2);
    assertThat(
            sql.execute(
                "INSERT INTO shop.dst SELECT id, name, amount FROM shop.src WHERE id < ? AND name"
                    + " = ?",
                100L,
                "n3"))
        .isEqualTo(10);
    assertThat(rows("SELECT id, name, amount FROM shop.dst WHERE id <= 2 ORDER BY id"))
        .containsExactly(nullAmount(1L, "a"), nullAmount(2L, hostile));
    assertThat(count("shop.dst")).isEqualTo(12);
    assertThat(snapshots("shop.dst")).isEqualTo(2);
  }

  private static Map<String, Object> nullAmount(long id, String name) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("name", name);
    row.put("amount", null);
    return row;
  }

  @Test
  void createTableAsSelect() {
    long written =
        sql.execute(
            "CREATE TABLE shop.summary AS SELECT name, count(*) AS n, sum(amount) AS total,"
                + " CAST(min(id) AS INTEGER) AS first, DATE '2026-12-07' AS day"
                + " FROM shop.src WHERE id >= ? GROUP BY name",
            10_000L);
    assertThat(written).isEqualTo(10);
    FloeTable summary = floe.loadTable("shop.summary");
    assertThat(summary.schema().asStruct())
        .isEqualTo(
            new org.apache.iceberg.Schema(
                    Types.NestedField.optional(1, "name", Types.StringType.get()),
                    Types.NestedField.optional(2, "n", Types.LongType.get()),
                    Types.NestedField.optional(3, "total", Types.DoubleType.get()),
                    Types.NestedField.optional(4, "first", Types.IntegerType.get()),
                    Types.NestedField.optional(5, "day", Types.DateType.get()))
                .asStruct());
    assertThat(snapshots("shop.summary")).isEqualTo(1);
    assertThat(
            rows("SELECT n, first, CAST(day AS VARCHAR) AS d FROM shop.summary WHERE name = 'n4'"))
        .containsExactly(Map.of("n", 1000L, "first", 10_004, "d", "2026-12-07"));
    assertThatThrownBy(() -> sql.execute("CREATE TABLE shop.summary AS SELECT 1 AS x"))
        .isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void typesTheArrowAppendAcceptsRoundTrip() {
    floe.createTable("shop.typed")
        .column("b", Types.BooleanType.get())
        .column("i", Types.IntegerType.get())
        .column("l", Types.LongType.get())
        .column("f", Types.FloatType.get())
        .column("d", Types.DoubleType.get())
        .column("dec", Types.DecimalType.of(10, 2))
        .column("s", Types.StringType.get())
        .column("day", Types.DateType.get())
        .column("ts", Types.TimestampType.withoutZone())
        .column("tz", Types.TimestampType.withZone())
        .create();
    // narrower integers widen (SMALLINT to int, INTEGER to long), decimal(3, 2) to decimal(10, 2)
    assertThat(
            sql.execute(
                "INSERT INTO shop.typed VALUES (true, 7::SMALLINT, 8, 1.5::FLOAT, 2.25::DOUBLE,"
                    + " 3.75, 'x', DATE '2026-12-07', TIMESTAMP '2026-12-07 01:02:03.456789',"
                    + " TIMESTAMPTZ '2026-12-07 01:02:03+00'), (NULL, NULL, NULL, NULL, NULL,"
                    + " NULL, NULL, NULL, NULL, NULL)"))
        .isEqualTo(2);
    assertThat(
            rows(
                "SELECT b, i, l, f, d, dec, s, CAST(day AS VARCHAR) AS day, CAST(ts AS VARCHAR)"
                    + " AS ts, epoch_us(tz) AS tz FROM shop.typed WHERE b"))
        .containsExactly(
            Map.of(
                "b",
                true,
                "i",
                7,
                "l",
                8L,
                "f",
                1.5f,
                "d",
                2.25,
                "dec",
                new java.math.BigDecimal("3.75"),
                "s",
                "x",
                "day",
                "2026-12-07",
                "ts",
                "2026-12-07 01:02:03.456789",
                "tz",
                java.time.Instant.parse("2026-12-07T01:02:03Z").toEpochMilli() * 1000));
    assertThat(count("shop.typed")).isEqualTo(2);
    // a decimal of another scale is refused (cast it in the query)
    assertThatThrownBy(() -> sql.execute("INSERT INTO shop.typed (dec) VALUES (3.755)"))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> names(e, "shop.typed", "dec"));
    // nanoseconds would be truncated by the Arrow append: refused
    assertThatThrownBy(
            () ->
                sql.execute(
                    "INSERT INTO shop.typed (ts) VALUES (TIMESTAMP_NS '2026-12-07"
                        + " 01:02:03.123456789')"))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> names(e, "shop.typed", "ts"));
    assertThat(count("shop.typed")).isEqualTo(2);
    // CTAS copies the types
    assertThat(sql.execute("CREATE TABLE shop.typed2 AS SELECT * FROM shop.typed")).isEqualTo(2);
    assertThat(floe.loadTable("shop.typed2").schema().asStruct().fields())
        .extracting(f -> f.type())
        .isEqualTo(
            floe.loadTable("shop.typed").schema().asStruct().fields().stream()
                .map(f -> f.type())
                .toList());
  }

  @Test
  void createTableAsSelectRefusesUnmappableTypesBeforeCreating() {
    assertThatThrownBy(
            () -> sql.execute("CREATE TABLE shop.bad AS SELECT id, [id, id] AS pair FROM shop.src"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("shop.bad")
        .hasMessageContaining("pair");
    assertThat(floe.tableExists("shop.bad")).isFalse();
  }

  @Test
  void createTableAsSelectDropsTheTableWhenTheQueryFailsMidway() {
    assertThatThrownBy(
            () ->
                sql.execute(
                    "CREATE TABLE shop.half AS SELECT CASE WHEN id = 19000 THEN error('boom')"
                        + " ELSE id END AS id FROM shop.src"))
        .isInstanceOf(io.floe.FloeException.class)
        .hasMessageContaining("boom");
    assertThat(floe.tableExists("shop.half")).isFalse();
  }

  @Test
  void aFailedCreateTableAsKeepsATableAnotherWriterCommittedTo() {
    // the table CREATE TABLE AS made is visible at once; another writer's rows in it are kept
    FloeTable created = floe.createTable("shop.shared").column("id", Types.LongType.get()).create();
    created.newAppend().rows(List.of(Map.of("id", 7L))).commit();
    RuntimeException failure = new RuntimeException("the CTAS query failed");
    Write.discardCreated(floe, "shop.shared", failure);
    assertThat(floe.loadTable("shop.shared").newScan().count()).isEqualTo(1);
    assertThat(failure.getSuppressed())
        .singleElement()
        .satisfies(e -> assertThat(e).hasMessageContaining("Kept table shop.shared"));
    // without another writer's snapshot the table goes
    floe.createTable("shop.alone").column("id", Types.LongType.get()).create();
    Write.discardCreated(floe, "shop.alone", new RuntimeException("failed"));
    assertThat(floe.tableExists("shop.alone")).isFalse();
  }

  @Test
  void typeErrorsLeaveTheTableAtItsSnapshot() throws Exception {
    sql.execute("INSERT INTO shop.dst VALUES (1, 'one', 1.0::DOUBLE)");
    Long before = snapshot("shop.dst");
    long files = parquetFiles();
    // a double into a long column: lossy, refused
    assertThatThrownBy(
            () -> sql.execute("INSERT INTO shop.dst SELECT amount, name, amount FROM shop.src"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("shop.dst")
        .satisfies(e -> names(e, "shop.dst", "id"));
    // a string into a double column: impossible, refused
    assertThatThrownBy(() -> sql.execute("INSERT INTO shop.dst VALUES (2, 'two', 'x')"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("shop.dst")
        .satisfies(e -> names(e, "shop.dst", "amount"));
    // column count and unknown columns
    assertThatThrownBy(() -> sql.execute("INSERT INTO shop.dst VALUES (2, 'two')"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("shop.dst");
    assertThatThrownBy(() -> sql.execute("INSERT INTO shop.dst (id, nope) VALUES (2, 'two')"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> sql.execute("INSERT INTO shop.missing VALUES (1)"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> sql.execute("SELECT 1"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("query");
    assertThatThrownBy(() -> sql.query("INSERT INTO shop.dst VALUES (2, 'two', 2.0::DOUBLE)"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("execute");
    assertThat(snapshot("shop.dst")).isEqualTo(before);
    assertThat(count("shop.dst")).isEqualTo(1);
    assertThat(parquetFiles()).isEqualTo(files);
  }

  @Test
  void nullIntoRequiredColumnLeavesTheTableAtItsSnapshot() throws Exception {
    Long before = snapshot("shop.src");
    long files = parquetFiles();
    // the null comes in the third Arrow batch: the first batches' files are written, then dropped
    assertThatThrownBy(
            () ->
                sql.execute(
                    "INSERT INTO shop.src SELECT CASE WHEN id = 19000 THEN NULL ELSE id END,"
                        + " name, amount FROM shop.src"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("shop.src")
        .satisfies(e -> names(e, "shop.src", "id"));
    assertThatThrownBy(() -> sql.execute("INSERT INTO shop.src (name) VALUES ('x')"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("shop.src")
        .satisfies(e -> names(e, "shop.src", "id"));
    assertThat(snapshot("shop.src")).isEqualTo(before);
    assertThat(parquetFiles()).isEqualTo(files); // the aborted append deleted what it wrote
    assertThat(count("shop.src")).isEqualTo(SOURCE_ROWS);
  }

  @Test
  void insertReadingItsOwnTargetReadsTheSnapshotBeforeTheInsert() {
    long inserted =
        sql.execute("INSERT INTO shop.src SELECT id + ?, name, amount FROM shop.src", SOURCE_ROWS);
    assertThat(inserted).isEqualTo(SOURCE_ROWS);
    assertThat(rows("SELECT count(*) AS n, count(DISTINCT id) AS d, max(id) AS m FROM shop.src"))
        .containsExactly(
            Map.of("n", 2L * SOURCE_ROWS, "d", 2L * SOURCE_ROWS, "m", 2L * SOURCE_ROWS - 1));
  }

  @Test
  void concurrentInsertsIntoOneTableAllLand() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int thread = 0; thread < 2; thread++) {
        long base = thread * 1000L;
        Callable<Long> inserts =
            () -> {
              long n = 0;
              for (int i = 0; i < 5; i++) {
                n +=
                    sql.execute(
                        "INSERT INTO shop.dst SELECT id + ?, name, amount FROM shop.src WHERE id"
                            + " < 10",
                        base + i * 10);
              }
              return n;
            };
        done.add(pool.submit(inserts));
      }
      for (Future<Long> f : done) {
        assertThat(f.get()).isEqualTo(50);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(rows("SELECT count(*) AS n, count(DISTINCT id) AS d FROM shop.dst"))
        .containsExactly(Map.of("n", 100L, "d", 100L));
    assertThat(snapshots("shop.dst")).isEqualTo(10);
  }
}
