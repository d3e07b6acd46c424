package io.floe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DELETE FROM ... WHERE ...} over a local warehouse ({@code Floe.local}): the rows left are
 * exactly those where DuckDB finds the predicate not TRUE, one commit per statement, and predicates
 * without an exact Floe filter are refused with the table untouched.
 */
class FloeSqlDeleteTest {
  private static final double[] DOUBLES = {1.5, -0.0, 0.0, 2.5, Double.NaN, 7.25};
  private static final String[] STRINGS = {"a", "ab", "b", "é", ""};

  @TempDir Path tmp;
  private Floe floe;
  private FloeSql sql;
  private Connection reference;

  @BeforeEach
  void setUp() throws Exception {
    floe = Floe.local(tmp.resolve("wh"));
    sql = FloeSql.builder(floe).memoryLimit("256MB").threads(2).build();
    reference = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void tearDown() throws Exception {
    reference.close();
    sql.close();
    floe.close();
  }

  /** 60 rows over two files: every column null in some rows, NaN and -0.0 among the doubles. */
  private FloeTable table(String name) {
    FloeTable table =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("i", Types.IntegerType.get())
            .column("d", Types.DoubleType.get())
            .column("s", Types.StringType.get())
            .column("dt", Types.DateType.get())
            .column("b", Types.BooleanType.get())
            .create();
    for (int file = 0; file < 2; file++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int k = 0; k < 30; k++) {
        int id = file * 30 + k;
        Map<String, Object> row = new HashMap<>();
        row.put("id", (long) id);
        row.put("i", id % 7 == 0 ? null : id % 5);
        row.put("d", id % 9 == 0 ? null : DOUBLES[id % DOUBLES.length]);
        row.put("s", id % 8 == 0 ? null : STRINGS[id % STRINGS.length]);
        row.put("dt", id % 11 == 0 ? null : LocalDate.of(2026, 1, 1).plusDays(id % 10));
        row.put("b", id % 6 == 0 ? null : id % 2 == 0);
        rows.add(row);
      }
      table.newAppend().rows(rows).commit();
    }
    return table;
  }

  private void loadReference(String name) throws Exception {
    try (Statement s = reference.createStatement()) {
      s.execute("DROP TABLE IF EXISTS ref");
      s.execute("CREATE TABLE ref (id BIGINT, i INTEGER, d DOUBLE, s VARCHAR, dt DATE, b BOOLEAN)");
    }
    try (RowStream rows = floe.loadTable(name).newScan().rows();
        PreparedStatement insert =
            reference.prepareStatement("INSERT INTO ref VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Row row : rows) {
        for (int c = 0; c < 6; c++) {
          insert.setObject(c + 1, row.get(List.of("id", "i", "d", "s", "dt", "b").get(c)));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The ids DuckDB keeps for {@code DELETE ... WHERE predicate}: those where it is not TRUE. */
  private List<Long> kept(String predicate, Object... params) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps =
        reference.prepareStatement(
            "SELECT id FROM ref WHERE NOT COALESCE((" + predicate + "), false) ORDER BY id")) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  private List<Long> ids(String name) {
    try (RowStream rows = floe.loadTable(name).newScan().select("id").rows()) {
      return rows.stream().map(r -> r.get("id", Long.class)).sorted().toList();
    }
  }

  private int snapshots(String name) {
    List<Snapshot> all = new ArrayList<>();
    floe.loadTable(name).snapshots().forEach(all::add);
    return all.size();
  }

  /** Runs the delete and checks it against DuckDB; returns the rows deleted. */
  private long deleteExactly(String name, String predicate, Object... params) throws Exception {
    loadReference(name);
    List<Long> expected = kept(predicate.replace(name + ".", "").replace("t.", ""), params);
    List<Long> before = ids(name);
    int snapshotsBefore = snapshots(name);
    long deleted = sql.execute("DELETE FROM " + name + " WHERE " + predicate, params);
    assertThat(ids(name)).as("rows left after WHERE %s", predicate).isEqualTo(expected);
    assertThat(deleted).isEqualTo(before.size() - expected.size());
    assertThat(snapshots(name)).isEqualTo(snapshotsBefore + (deleted > 0 ? 1 : 0));
    return deleted;
  }

  @Test
  void deletesExactlyTheRowsWherePredicateIsTrue() throws Exception {
    // each on a fresh table, so that every predicate meets nulls, NaN and -0.0
    String[] predicates = {
      "NOT (i = 1)", // i NULL stays
      "d > 1.5", // NaN is above every number in DuckDB: deleted
      "d < 2.5 OR d IS NULL",
      "d = 'NaN'::DOUBLE",
      "NOT (d <> 'NaN'::DOUBLE)",
      "d = 0", // -0.0 too
      "s IN ('a', 'é')",
      "NOT (s IN ('a', NULL))", // never TRUE: nothing deleted, no commit
      "s NOT IN ('b')",
      "dt BETWEEN DATE '2026-01-03' AND '2026-01-05'",
      "NOT (dt NOT BETWEEN DATE '2026-01-03' AND DATE '2026-01-05') AND b",
      "NOT b OR (i >= 3 AND s <> 'ab')",
      "i IS NOT NULL AND NOT (d IS NULL OR d >= 2.5)",
      "shop.t.i = 4 OR t.s = ''",
    };
    int n = 0;
    for (String predicate : predicates) {
      String name = "shop.t" + (n++ == predicates.length - 1 ? "" : Integer.toString(n));
      table(name);
      deleteExactly(name, predicate);
    }
  }

  @Test
  void parametersAreBoundNotSpliced() throws Exception {
    table("shop.t");
    assertThat(deleteExactly("shop.t", "i BETWEEN ? AND ? AND s <> ?", 1, 3L, "x' OR '1'='1"))
        .isPositive();
    assertThat(
            deleteExactly(
                "shop.t", "d IN (?, ?) OR dt = ?", 7.25, Double.NaN, LocalDate.of(2026, 1, 9)))
        .isPositive();
    assertThat(deleteExactly("shop.t", "i = ?", (Object) null)).isZero();
    // a value that is not exactly one of the column's type is refused, not rounded
    assertThatThrownBy(() -> sql.execute("DELETE FROM shop.t WHERE i = ?", 2.5))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("parameter 1 (Double 2.5)")
        .hasMessageContaining("column i");
    assertThatThrownBy(() -> sql.execute("DELETE FROM shop.t WHERE i = ? AND s = ?", 1))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("parameter 2");
  }

  @Test
  void deleteWithoutWhereDeletesEverythingInOneCommit() {
    table("shop.t");
    assertThat(sql.execute("DELETE FROM shop.t")).isEqualTo(60);
    assertThat(ids("shop.t")).isEmpty();
    assertThat(snapshots("shop.t")).isEqualTo(3);
    assertThat(sql.execute("DELETE FROM shop.t AS x WHERE x.i = 1")).isZero();
    assertThat(snapshots("shop.t")).isEqualTo(3);
  }

  @Test
  void refusesWhatHasNoExactFilterAndLeavesTheTable() {
    table("shop.t");
    long snapshot = floe.loadTable("shop.t").currentSnapshot().orElseThrow().snapshotId();
    String[][] refused = {
      {"DELETE FROM shop.t WHERE i + 1 = 2", "i + 1", "function +"},
      {"DELETE FROM shop.t WHERE id > 3 AND lower(s) = 'a'", "lower(s)", "function lower"},
      {"DELETE FROM shop.t WHERE s LIKE 'a%'", "s LIKE", "~~"},
      {"DELETE FROM shop.t WHERE i = id", "i = id", "two columns"},
      {"DELETE FROM shop.t WHERE i = 2.5", "2.5", "not exactly"},
      {"DELETE FROM shop.t WHERE d = 0.1::FLOAT", "0.1::FLOAT", "cast to FLOAT"},
      {"DELETE FROM shop.t WHERE id IN (SELECT 1)", "id IN", "subquery"},
      {"DELETE FROM shop.t WHERE i IS DISTINCT FROM 2", "i IS DISTINCT", "distinct from"},
    };
    for (String[] r : refused) {
      int position = r[0].indexOf(r[1]);
      assertThatThrownBy(() -> sql.execute(r[0]))
          .as(r[0])
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("shop.t")
          .hasMessageContaining(r[2])
          .hasMessageContaining("(position " + position + ")")
          .hasMessageContaining("statement: " + r[0]);
    }
    assertThatThrownBy(() -> sql.execute("DELETE FROM shop.t WHERE nope = 1"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("column nope")
        .hasMessageContaining("(position 25)");
    assertThatThrownBy(() -> sql.execute("DELETE FROM shop.t WHERE i = 1 RETURNING *"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("RETURNING")
        .hasMessageContaining("(position 31)");
    assertThatThrownBy(() -> sql.execute("DELETE FROM shop.t WHERE i = 1 ORDER BY id"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("nothing after it");
    assertThatThrownBy(() -> sql.execute("DELETE FROM shop.t USING shop.u WHERE i = 1"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("(position 19)");
    assertThatThrownBy(() -> sql.execute("DELETE FROM shop.missing WHERE i = 1"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("shop.missing");
    assertThat(floe.loadTable("shop.t").currentSnapshot().orElseThrow().snapshotId())
        .isEqualTo(snapshot);
    assertThat(ids("shop.t")).hasSize(60);
  }
}
