package io.floe.interop.trino;

import io.floe.FloeTable;
import io.floe.Row;
import io.floe.Scan;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Rows as Trino, Floe and Iceberg's generic reader return them, in {@link Canonical} form. */
final class Rows {
  private Rows() {}

  /** The rows of a Trino query, in the query's order. */
  static List<List<Object>> trino(Connection trino, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement st = trino.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(Canonical.of(rs));
      }
    }
    return out;
  }

  /** The single long a Trino query returns (a count). */
  static long trinoLong(Connection trino, String sql) throws SQLException {
    try (Statement st = trino.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      if (!rs.next()) {
        throw new AssertionError("no row from " + sql);
      }
      return rs.getLong(1);
    }
  }

  /** Runs a Trino statement; returns the update count (rows written). */
  static long execute(Connection trino, String sql) throws SQLException {
    try (Statement st = trino.createStatement()) {
      st.execute(sql);
      return st.getLargeUpdateCount();
    }
  }

  /** The rows sorted by their first column, a long id. */
  static List<List<Object>> sortedById(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(r -> ((Number) r.get(0)).longValue()));
    return out;
  }

  /** The rows a Floe scan returns, sorted by id. */
  static List<List<Object>> floe(Scan scan) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    try (CloseableIterable<Row> rows = scan.rows()) {
      rows.forEach(r -> out.add(Canonical.of(r)));
    }
    return sortedById(out);
  }

  /** The rows of the table's current snapshot as Iceberg's generic reader returns them, by id. */
  static List<List<Object>> generic(FloeTable table) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    int width = table.schema().columns().size();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(Internals.icebergTable(table)).build()) {
      // the generic reader appends _pos to rows of files that have position deletes: drop it
      records.forEach(r -> out.add(Canonical.of(r).subList(0, width)));
    }
    return sortedById(out);
  }
}
