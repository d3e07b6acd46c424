package io.floe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.WriteMode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FloeSql.FileReads#ENGINE}: DuckDB reads the files Floe planned where that gives the same
 * rows, Floe's scan the others (delete files, NaN, nested types), and both give exactly what Floe's
 * own reading gives ({@link FloeSql.FileReads#FLOE}), through renames, added columns and time
 * travel.
 */
class EngineReadsTest {
  @TempDir Path tmp;
  private Floe floe;
  private FloeSql engine;
  private FloeSql floeReads;

  @BeforeEach
  void setUp() {
    floe = Floe.local(tmp.resolve("wh"));
    engine = FloeSql.builder(floe).threads(2).memoryLimit("256MB").build();
    floeReads =
        FloeSql.builder(floe)
            .threads(2)
            .memoryLimit("256MB")
            .fileReads(FloeSql.FileReads.FLOE)
            .build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
    floeReads.close();
    floe.close();
  }

  private static Map<String, Object> row(long id) {
    Map<String, Object> r = new HashMap<>();
    r.put("id", id);
    r.put("i", id % 7 == 0 ? null : (int) (id % 13) - 6);
    r.put("f", id % 5 == 0 ? null : (float) id / 4);
    r.put("d", id % 6 == 0 ? null : id % 3 == 0 ? Double.POSITIVE_INFINITY : id * -0.5);
    r.put("dec", BigDecimal.valueOf(id * 37 % 1000, 2));
    r.put("dt", LocalDate.of(2026, 1, 1).plusDays(id % 40));
    r.put("tm", LocalTime.of((int) (id % 24), (int) (id % 60)));
    r.put("ts", LocalDateTime.of(2026, 3, 1, 0, 0).plusMinutes(id * 7));
    r.put("tstz", OffsetDateTime.of(2026, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(id * 11));
    r.put("s", id % 4 == 0 ? null : "name-" + id % 17);
    r.put("b", ByteBuffer.wrap(new byte[] {(byte) (id % 3), (byte) id}));
    return r;
  }

  private FloeTable typedTable() {
    FloeTable t =
        floe.createTable("ns.t")
            .column("id", Types.LongType.get())
            .required()
            .column("i", Types.IntegerType.get())
            .column("f", Types.FloatType.get())
            .column("d", Types.DoubleType.get())
            .column("dec", Types.DecimalType.of(9, 2))
            .column("dt", Types.DateType.get())
            .column("tm", Types.TimeType.get())
            .column("ts", Types.TimestampType.withoutZone())
            .column("tstz", Types.TimestampType.withZone())
            .column("s", Types.StringType.get())
            .column("b", Types.BinaryType.get())
            .property("write.parquet.row-group-size-bytes", "2048")
            .create();
    for (int file = 0; file < 3; file++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id = file * 300L; id < file * 300L + 300; id++) {
        rows.add(row(id));
      }
      t.newAppend().rows(rows).commit();
    }
    return t;
  }

  private static List<Map<String, Object>> rows(FloeSql sql, String query, Object... params) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (SqlResult result = sql.query(query, params)) {
      for (Row r : result.rows()) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (Types.NestedField field : r.struct().fields()) {
          String name = field.name();
          Object v = r.get(name);
          m.put(name, v instanceof ByteBuffer bb ? List.of(bb.duplicate().array()) : v);
        }
        out.add(m);
      }
    }
    return out;
  }

  /** The query gives the same rows both ways; returns DuckDB's file count for the reference. */
  private int sameBothWays(String query, Object... params) {
    List<Map<String, Object>> expected = rows(floeReads, query, params);
    List<Map<String, Object>> actual = rows(engine, query, params);
    assertThat(actual).as(query).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).keySet()).as(query).isEqualTo(expected.get(i).keySet());
      for (String key : expected.get(i).keySet()) {
        Object e = expected.get(i).get(key);
        Object a = actual.get(i).get(key);
        if (e instanceof List<?> bytes) {
          assertThat((byte[]) ((List<?>) a).get(0)).as(query).isEqualTo((byte[]) bytes.get(0));
        } else {
          assertThat(a).as("%s: %s of row %s", query, key, i).isEqualTo(e);
        }
      }
    }
    SqlExplain explain = engine.explain(query, params);
    assertThat(floeReads.explain(query, params).scans())
        .allSatisfy(s -> assertThat(s.engineFiles()).isZero());
    return explain.scans().stream().mapToInt(ScannedTable::engineFiles).sum();
  }

  @Test
  void duckDbReadsThePlannedFilesAndGivesFloesRows() {
    typedTable();
    assertThat(sameBothWays("SELECT * FROM ns.t ORDER BY id")).isEqualTo(3);
    assertThat(
            sameBothWays(
                "SELECT count(*) AS n, sum(d) AS sd, sum(f) AS sf, sum(dec) AS sdec,"
                    + " min(ts) AS a, max(tstz) AS z, min(tm) AS mt, count(s) AS cs FROM ns.t"))
        .isEqualTo(3);
    // Floe's planning prunes files; DuckDB applies the WHERE to the rest
    assertThat(
            sameBothWays("SELECT id, s FROM ns.t WHERE id BETWEEN ? AND ? ORDER BY id", 10L, 20L))
        .isEqualTo(1);
    assertThat(sameBothWays("SELECT id FROM ns.t WHERE id > 10000")).isZero();
    assertThat(
            sameBothWays(
                "SELECT id, dec, b FROM ns.t WHERE dec > 5.5 AND s LIKE 'name-1%' AND"
                    + " d = 'Infinity'::DOUBLE ORDER BY id"))
        .isEqualTo(3);
    assertThat(
            sameBothWays(
                "SELECT dt, count(*) AS n FROM ns.t WHERE tstz < TIMESTAMPTZ '2026-03-01 01:00:00+00'"
                    + " OR i IS NULL GROUP BY dt ORDER BY dt"))
        .isPositive();
    // joins and a reference DuckDB's plan scans twice (planned through EXPLAIN)
    assertThat(
            sameBothWays(
                "SELECT a.id, b.s FROM ns.t a JOIN ns.t b ON a.id = b.id + 1"
                    + " WHERE a.i > 3 AND b.id < 400 ORDER BY a.id"))
        .isPositive();
    assertThat(
            sameBothWays(
                "WITH x AS NOT MATERIALIZED (SELECT id, s FROM ns.t WHERE id < 5)"
                    + " SELECT p.id AS a, q.id AS b FROM x p JOIN x q ON p.id + 1 = q.id ORDER BY a"))
        .isPositive();
  }

  @Test
  void filesWithDeletesAreFloesAndRenamedOrAddedColumnsMatchByFieldId() {
    FloeTable t = typedTable();
    long first = t.currentSnapshot().orElseThrow().snapshotId();
    t.newDelete().where(Expressions.lessThan("id", 50L)).mode(WriteMode.MERGE_ON_READ).commit();
    t.updateSchema().renameColumn("s", "name").addColumn("extra", Types.StringType.get()).commit();
    t = floe.loadTable("ns.t");
    Map<String, Object> late = row(5000L);
    late.put("name", late.remove("s"));
    late.put("extra", "late");
    t.newAppend().row(late).commit();

    // the file with deletes is read by Floe, the others by DuckDB, in one result
    SqlExplain mixed = engine.explain("SELECT id, name, extra FROM ns.t");
    assertThat(mixed.rows()).isEqualTo(900 - 50 + 1);
    assertThat(mixed.scans().get(0).engineFiles()).isEqualTo(3);
    assertThat(mixed.scans().get(0).metrics().dataFiles()).isEqualTo(1);
    assertThat(sameBothWays("SELECT id, name, extra FROM ns.t ORDER BY id")).isEqualTo(3);
    assertThat(sameBothWays("SELECT * FROM ns.t WHERE extra IS NULL AND id < 400 ORDER BY id"))
        .isEqualTo(1);
    assertThat(sameBothWays("SELECT name, count(*) AS n FROM ns.t GROUP BY name ORDER BY name"))
        .isEqualTo(3);
    // time travel before the delete and the rename: DuckDB reads all three files
    assertThat(sameBothWays("SELECT * FROM ns.t AT (VERSION => " + first + ") ORDER BY id"))
        .isEqualTo(3);
    assertThat(rows(engine, "SELECT count(*) AS n FROM ns.t AT (VERSION => " + first + ")"))
        .containsExactly(Map.of("n", 900L));
  }

  @Test
  void filesWithNaNAreFloesSoThatNoNaNRowIsPrunedAway() {
    FloeTable t =
        floe.createTable("ns.nan")
            .column("id", Types.LongType.get())
            .required()
            .column("x", Types.DoubleType.get())
            .property("write.parquet.row-group-size-bytes", "1024")
            .create();
    long nan = 0;
    long above = 0;
    for (int file = 0; file < 3; file++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id = file * 500L; id < file * 500L + 500; id++) {
        // files 0 and 2 hold NaN; every file's other values stay below 40
        double x = file != 1 && id % 10 == 0 ? Double.NaN : (id % 40);
        nan += Double.isNaN(x) ? 1 : 0;
        above += Double.isNaN(x) || x > 30 ? 1 : 0;
        Map<String, Object> r = new HashMap<>();
        r.put("id", id);
        r.put("x", x);
        rows.add(r);
      }
      t.newAppend().rows(rows).commit();
    }
    // DuckDB's row-group pruning reads Parquet's min/max, which leave NaN out: it returned 0 here
    assertThat(rows(engine, "SELECT count(*) AS n FROM ns.nan WHERE x = 'NaN'"))
        .containsExactly(Map.of("n", nan));
    assertThat(rows(engine, "SELECT count(*) AS n FROM ns.nan WHERE x > 30"))
        .containsExactly(Map.of("n", above));
    SqlExplain explain = engine.explain("SELECT count(*) AS n FROM ns.nan WHERE x > 30");
    assertThat(explain.scans().get(0).engineFiles()).isEqualTo(1);
    assertThat(explain.scans().get(0).metrics().dataFiles()).isEqualTo(2);
    // a query without the double column leaves every file to DuckDB
    assertThat(engine.explain("SELECT count(*) AS n FROM ns.nan WHERE id > 10").scans().get(0))
        .satisfies(s -> assertThat(s.engineFiles()).isEqualTo(3));
  }

  @Test
  void lookupsOnBloomFilteredColumnsAreFloes() {
    FloeTable t =
        floe.createTable("ns.b")
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .bloomFilter("id")
            .property("write.parquet.row-group-size-bytes", "1024")
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 2000; id++) {
      // shuffled ids: statistics cannot prune, Bloom filters can
      rows.add(Map.of("id", (id * 7919) % 2000, "v", "v" + id));
    }
    t.newAppend().rows(rows).commit();
    SqlExplain lookup = engine.explain("SELECT * FROM ns.b WHERE id = ?", 77L);
    assertThat(lookup.rows()).isEqualTo(1);
    assertThat(lookup.scans().get(0).engineFiles()).isZero();
    assertThat(lookup.scans().get(0).metrics().rowGroupsPrunedByBloomFilter()).isPositive();
    assertThat(engine.explain("SELECT * FROM ns.b WHERE id IN (1, 2) OR id = 3").scans().get(0))
        .satisfies(s -> assertThat(s.engineFiles()).isZero());
    // ranges and other columns: DuckDB's reading
    assertThat(engine.explain("SELECT * FROM ns.b WHERE id < ? OR v = 'x'", 10L).scans().get(0))
        .satisfies(s -> assertThat(s.engineFiles()).isEqualTo(1));
  }

  @Test
  void queriesStillCannotReadOtherFiles() throws Exception {
    typedTable();
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(outside.resolve("secret.csv"), "a,b\n1,2\n");
    String file;
    try (Stream<Path> files = Files.walk(tmp.resolve("wh"))) {
      file =
          files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow().toString();
    }
    for (String query :
        List.of(
            "SELECT * FROM read_csv('" + outside.resolve("secret.csv") + "')",
            "SELECT * FROM '" + outside.resolve("secret.csv") + "'",
            "SELECT * FROM read_text('/etc/hostname')")) {
      assertThatThrownBy(() -> rows(engine, query))
          .as(query)
          .isInstanceOf(FloeException.class)
          .hasMessageContaining("disabled");
    }
    // a table file Floe's handle reads anyway, and only through DuckDB's own reader
    assertThatThrownBy(() -> rows(floeReads, "SELECT count(*) FROM read_parquet('" + file + "')"))
        .isInstanceOf(FloeException.class)
        .hasMessageContaining("disabled");
    assertThat(rows(engine, "SELECT count(*) AS n FROM read_parquet('" + file + "')"))
        .containsExactly(Map.of("n", 300L));
  }
}
