package io.floe.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.WriteMode;
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
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Random filters over random tables (nulls, NaN, infinities, -0.0, several files, small row groups,
 * merge-on-read deletes): the ids {@code floe.sql} returns, with its pushdown, equal the ids DuckDB
 * returns for the same filter over the rows of Floe's own scan loaded into a plain DuckDB table (no
 * pushdown).
 */
class SqlFilterProperties {
  private static final String[] STRINGS = {"a", "ab", "abc", "b", "ba", "", "Z", "é"};
  private static final double[] DOUBLES = {
    0.0,
    -0.0,
    1.5,
    -2.25,
    0.1,
    0.30000000000000004,
    1e300,
    Double.NEGATIVE_INFINITY,
    Double.POSITIVE_INFINITY,
    Double.NaN
  };

  private final Path warehouse;
  private final Floe floe;
  private final FloeSql sql;
  private int tables;

  SqlFilterProperties() throws Exception {
    warehouse = Files.createTempDirectory("floe-sql-props");
    floe = Floe.local(warehouse);
    sql = FloeSql.builder(floe).threads(2).memoryLimit("256MB").build();
  }

  @AfterProperty
  void close() {
    sql.close();
    floe.close();
  }

  @Property(tries = 20)
  void pushdownNeverChangesTheResult(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    String name = "p.t" + tables++;
    FloeTable table =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("i", Types.IntegerType.get())
            .column("d", Types.DoubleType.get())
            .column("s", Types.StringType.get())
            .column("dt", Types.DateType.get())
            .property("write.parquet.row-group-size-bytes", "1024")
            .formatVersion(random.nextBoolean() ? 2 : 3)
            .create();
    // without NaN, DuckDB reads the files itself (FileReads.ENGINE); with NaN, Floe's scan does
    int doubles = random.nextBoolean() ? DOUBLES.length : DOUBLES.length - 1;
    long id = 0;
    int files = 1 + random.nextInt(3);
    for (int f = 0; f < files; f++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int n = random.nextInt(200);
      for (int r = 0; r < n; r++) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id++);
        row.put("i", random.nextInt(5) == 0 ? null : random.nextInt(21) - 10);
        row.put("d", random.nextInt(5) == 0 ? null : DOUBLES[random.nextInt(doubles)]);
        row.put("s", random.nextInt(5) == 0 ? null : STRINGS[random.nextInt(STRINGS.length)]);
        row.put(
            "dt",
            random.nextInt(5) == 0 ? null : LocalDate.of(2026, 1, 1).plusDays(random.nextInt(10)));
        rows.add(row);
      }
      if (!rows.isEmpty()) {
        table.newAppend().rows(rows).commit();
      }
    }
    if (id > 0 && random.nextBoolean()) {
      table
          .newDelete()
          .where(Expressions.equal("i", random.nextInt(21) - 10))
          .mode(WriteMode.MERGE_ON_READ)
          .commit();
    }

    try (Connection reference = DriverManager.getConnection("jdbc:duckdb:")) {
      load(table, reference);
      for (int q = 0; q < 4; q++) {
        String filter = predicate(random, 3);
        List<Long> expected = ids(reference, filter);
        List<Long> actual;
        try (SqlResult result =
            sql.query("SELECT id FROM " + name + " WHERE " + filter + " ORDER BY id")) {
          actual = result.rows().stream().map(r -> r.get("id", Long.class)).toList();
        }
        assertThat(actual).as("filter %s", filter).isEqualTo(expected);
      }
    }
  }

  private static void load(FloeTable table, Connection reference) throws Exception {
    try (Statement s = reference.createStatement()) {
      s.execute("CREATE TABLE ref (id BIGINT, i INTEGER, d DOUBLE, s VARCHAR, dt DATE)");
    }
    try (RowStream rows = table.newScan().rows();
        PreparedStatement insert =
            reference.prepareStatement("INSERT INTO ref VALUES (?, ?, ?, ?, ?)")) {
      for (Row row : rows) {
        insert.setObject(1, row.get("id"));
        insert.setObject(2, row.get("i"));
        insert.setObject(3, row.get("d"));
        insert.setObject(4, row.get("s"));
        insert.setObject(5, row.get("dt"));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static List<Long> ids(Connection reference, String filter) throws Exception {
    List<Long> out = new ArrayList<>();
    try (Statement s = reference.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM ref WHERE " + filter + " ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  private static String predicate(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 7 : 4);
    switch (kind) {
      case 0:
      case 1:
        return comparison(random);
      case 2:
        {
          String column = column(random);
          return column + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
        }
      case 3:
        {
          String column = column(random);
          String values =
              java.util.stream.IntStream.range(0, 1 + random.nextInt(3))
                  .mapToObj(k -> literal(random, column))
                  .collect(Collectors.joining(", "));
          return column + (random.nextBoolean() ? " IN (" : " NOT IN (") + values + ")";
        }
      case 4:
        return "NOT (" + predicate(random, depth - 1) + ")";
      case 5:
        return "(" + predicate(random, depth - 1) + " AND " + predicate(random, depth - 1) + ")";
      default:
        return "(" + predicate(random, depth - 1) + " OR " + predicate(random, depth - 1) + ")";
    }
  }

  private static String comparison(Random random) {
    String column = column(random);
    if (column.equals("s") && random.nextInt(4) == 0) {
      return "s LIKE '" + STRINGS[random.nextInt(STRINGS.length)] + "%'";
    }
    if (random.nextInt(5) == 0) {
      return column + " BETWEEN " + literal(random, column) + " AND " + literal(random, column);
    }
    String[] ops = {"=", "<>", "<", "<=", ">", ">="};
    return column + " " + ops[random.nextInt(ops.length)] + " " + literal(random, column);
  }

  private static String column(Random random) {
    String[] columns = {"id", "i", "d", "s", "dt"};
    return columns[random.nextInt(columns.length)];
  }

  private static String literal(Random random, String column) {
    switch (column) {
      case "id":
        return Integer.toString(random.nextInt(700) - 50);
      case "i":
        return Integer.toString(random.nextInt(25) - 12);
      case "d":
        {
          double d = DOUBLES[random.nextInt(DOUBLES.length)];
          return "'" + d + "'::DOUBLE";
        }
      case "s":
        return "'" + STRINGS[random.nextInt(STRINGS.length)] + "'";
      default:
        return "DATE '" + LocalDate.of(2026, 1, 1).plusDays(random.nextInt(12) - 1) + "'";
    }
  }
}
