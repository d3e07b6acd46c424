package io.floe.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import java.math.BigDecimal;
import java.nio.file.Files;
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
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;
import org.apache.iceberg.types.Types;

/**
 * Random {@code DELETE ... WHERE} predicates over random rows (nulls in every column, NaN,
 * infinities, -0.0, several files, copy-on-write and merge-on-read, format 2 and 3): the rows
 * {@code FloeSql.execute} leaves are exactly those DuckDB keeps with {@code SELECT ... WHERE NOT
 * COALESCE(predicate, false)} over the same rows, and every generated predicate (all of a supported
 * form) is accepted.
 */
class SqlDeleteProperties {
  private static final String[] COLUMNS = {"id", "i", "d", "f", "dec", "s", "dt", "b"};
  private static final String[] STRINGS = {"a", "ab", "b", "", "Z", "é"};
  private static final double[] DOUBLES = {
    0.0,
    -0.0,
    1.5,
    -2.25,
    0.1,
    1e300,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY
  };
  private static final float[] FLOATS = {0f, -0f, 1.5f, -2.25f, 0.5f, Float.NaN, 3e38f};
  private static final String[] DECIMALS = {"0.00", "1.25", "-3.50", "7.00", "0.01"};

  private final Floe floe;
  private final FloeSql sql;
  private int tables;

  SqlDeleteProperties() throws Exception {
    Path warehouse = Files.createTempDirectory("floe-sql-delete-props");
    floe = Floe.local(warehouse);
    sql = FloeSql.builder(floe).threads(2).memoryLimit("256MB").build();
  }

  @AfterProperty
  void close() {
    sql.close();
    floe.close();
  }

  @Property(tries = 100)
  void deleteKeepsExactlyTheRowsWherePredicateIsNotTrue(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    String name = "p.t" + tables++;
    FloeTable table =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("i", Types.IntegerType.get())
            .column("d", Types.DoubleType.get())
            .column("f", Types.FloatType.get())
            .column("dec", Types.DecimalType.of(6, 2))
            .column("s", Types.StringType.get())
            .column("dt", Types.DateType.get())
            .column("b", Types.BooleanType.get())
            .property("write.delete.mode", random.nextBoolean() ? "copy-on-write" : "merge-on-read")
            .formatVersion(random.nextBoolean() ? 2 : 3)
            .create();
    long id = 0;
    for (int file = 1 + random.nextInt(2); file > 0; file--) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int n = random.nextInt(40); n > 0; n--) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id++);
        row.put("i", nullOr(random, random.nextInt(9) - 4));
        row.put("d", nullOr(random, DOUBLES[random.nextInt(DOUBLES.length)]));
        row.put("f", nullOr(random, FLOATS[random.nextInt(FLOATS.length)]));
        row.put("dec", nullOr(random, new BigDecimal(DECIMALS[random.nextInt(DECIMALS.length)])));
        row.put("s", nullOr(random, STRINGS[random.nextInt(STRINGS.length)]));
        row.put("dt", nullOr(random, LocalDate.of(2026, 1, 1).plusDays(random.nextInt(6))));
        row.put("b", nullOr(random, random.nextBoolean()));
        rows.add(row);
      }
      if (!rows.isEmpty()) {
        table.newAppend().rows(rows).commit();
      }
    }
    if (id > 0 && random.nextInt(3) == 0) { // an earlier delete: files with deletes to honour
      table.newDelete().where("i = " + (random.nextInt(9) - 4)).commit();
    }
    List<Object> params = new ArrayList<>();
    String predicate = predicate(random, 3, params);
    try (Connection reference = DriverManager.getConnection("jdbc:duckdb:")) {
      load(table, reference);
      List<Long> expected = kept(reference, predicate, params);
      List<Long> before = ids(name);
      long deleted = sql.execute("DELETE FROM " + name + " WHERE " + predicate, params.toArray());
      assertThat(ids(name))
          .as("rows left after WHERE %s %s", predicate, params)
          .isEqualTo(expected);
      assertThat(deleted).isEqualTo(before.size() - expected.size());
    }
  }

  private static Object nullOr(Random random, Object value) {
    return random.nextInt(5) == 0 ? null : value;
  }

  private List<Long> ids(String name) {
    try (RowStream rows = floe.loadTable(name).newScan().select("id").rows()) {
      return rows.stream().map(r -> r.get("id", Long.class)).sorted().toList();
    }
  }

  private static void load(FloeTable table, Connection reference) throws Exception {
    try (Statement s = reference.createStatement()) {
      s.execute(
          "CREATE TABLE ref (id BIGINT, i INTEGER, d DOUBLE, f FLOAT, dec DECIMAL(6, 2),"
              + " s VARCHAR, dt DATE, b BOOLEAN)");
    }
    try (RowStream rows = table.newScan().rows();
        PreparedStatement insert =
            reference.prepareStatement("INSERT INTO ref VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Row row : rows) {
        for (int c = 0; c < COLUMNS.length; c++) {
          insert.setObject(c + 1, row.get(COLUMNS[c]));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static List<Long> kept(Connection reference, String predicate, List<Object> params)
      throws Exception {
    List<Long> out = new ArrayList<>();
    try (PreparedStatement ps =
        reference.prepareStatement(
            "SELECT id FROM ref WHERE NOT COALESCE((" + predicate + "), false) ORDER BY id")) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  private static String predicate(Random random, int depth, List<Object> params) {
    switch (random.nextInt(depth > 0 ? 9 : 5)) {
      case 0:
      case 1:
        return comparison(random, params);
      case 2:
        return COLUMNS[random.nextInt(COLUMNS.length)]
            + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      case 3:
        {
          String column = COLUMNS[random.nextInt(COLUMNS.length)];
          StringBuilder values = new StringBuilder();
          for (int k = 1 + random.nextInt(3); k > 0; k--) {
            values.append(values.length() > 0 ? ", " : "");
            values.append(random.nextInt(6) == 0 ? "NULL" : literal(random, column, params));
          }
          return column + (random.nextBoolean() ? " IN (" : " NOT IN (") + values + ")";
        }
      case 4:
        return random.nextBoolean() ? "b" : "NOT b";
      case 5:
        return "NOT (" + predicate(random, depth - 1, params) + ")";
      case 6:
      case 7:
        return "("
            + predicate(random, depth - 1, params)
            + " AND "
            + predicate(random, depth - 1, params)
            + ")";
      default:
        return "("
            + predicate(random, depth - 1, params)
            + " OR "
            + predicate(random, depth - 1, params)
            + ")";
    }
  }

  private static String comparison(Random random, List<Object> params) {
    String column = COLUMNS[random.nextInt(COLUMNS.length)];
    if (random.nextInt(6) == 0) {
      return column
          + (random.nextBoolean() ? " BETWEEN " : " NOT BETWEEN ")
          + literal(random, column, params)
          + " AND "
          + literal(random, column, params);
    }
    String[] ops = {"=", "<>", "<", "<=", ">", ">="};
    String op = ops[random.nextInt(ops.length)];
    if (random.nextInt(15) == 0) {
      return column + " " + op + " NULL";
    }
    if (random.nextInt(5) == 0) { // the constant on the left
      return literal(random, column, params) + " " + op + " " + column;
    }
    return column + " " + op + " " + literal(random, column, params);
  }

  /** A constant for a column, written as a literal or bound as a {@code ?} parameter. */
  private static String literal(Random random, String column, List<Object> params) {
    boolean param = random.nextInt(4) == 0;
    switch (column) {
      case "id":
      case "i":
        {
          int v = random.nextInt(column.equals("id") ? 90 : 11) - 5;
          if (param) {
            params.add(random.nextBoolean() ? (Object) v : (Object) (long) v);
            return "?";
          }
          return Integer.toString(v);
        }
      case "d":
        {
          double v = DOUBLES[random.nextInt(DOUBLES.length)];
          if (param) {
            params.add(v);
            return "?";
          }
          return random.nextBoolean() || Double.isNaN(v) || Double.isInfinite(v)
              ? "'" + v + "'::DOUBLE"
              : Double.toString(v);
        }
      case "f":
        {
          float v = FLOATS[random.nextInt(FLOATS.length)];
          if (param) {
            params.add(v);
            return "?";
          }
          return "'" + v + "'::FLOAT";
        }
      case "dec":
        {
          String v = DECIMALS[random.nextInt(DECIMALS.length)];
          if (param) {
            params.add(new BigDecimal(v));
            return "?";
          }
          return random.nextBoolean() ? v : v.substring(0, v.length() - 1);
        }
      case "s":
        {
          String v = STRINGS[random.nextInt(STRINGS.length)];
          if (param) {
            params.add(v);
            return "?";
          }
          return "'" + v + "'";
        }
      case "dt":
        {
          LocalDate v = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(8) - 1);
          if (param) {
            params.add(v);
            return "?";
          }
          return random.nextBoolean() ? "DATE '" + v + "'" : "'" + v + "'";
        }
      default:
        {
          boolean v = random.nextBoolean();
          if (param) {
            params.add(v);
            return "?";
          }
          return Boolean.toString(v);
        }
    }
  }
}
