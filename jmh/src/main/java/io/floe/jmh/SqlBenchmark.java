package io.floe.jmh;

import io.floe.sql.FloeSql;
import io.floe.sql.SqlResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Issue 18, first round: the same SQL through {@code floe-sdk-sql} ({@code FloeSql}: DuckDB fed
 * Floe's pruned Arrow batches) and through DuckDB's own {@code read_parquet} over the same data
 * files, with the same DuckDB thread count. The table is {@link BenchTables}' (4 files, about 40
 * row groups, zstd; {@code ts} grows with the row number, so a range of {@code ts} selects a few
 * row groups by their statistics). {@code aggregate*}: a group-by over two columns of every row;
 * {@code selective*}: a 1% {@code ts} range, where both prune row groups by statistics.
 */
public class SqlBenchmark extends TableScanBenchmark {
  private static final OffsetDateTime BASE =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final String AGGREGATE =
      "SELECT category, count(*) AS n, sum(value) AS total FROM %s GROUP BY category";
  private static final String SELECTIVE =
      "SELECT count(*) AS n, sum(value) AS total FROM %s WHERE ts >= ? AND ts < ?";

  /** DuckDB's worker threads, the same for both engines. */
  @Param("2")
  public int threads;

  private FloeSql sql;
  private Connection duck;
  private String files;

  @Override
  BenchTables createTables() {
    return BenchTables.create(rows, 4, 40, false, 0);
  }

  @Override
  void opened() throws SQLException {
    List<String> paths = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = tables.table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        paths.add("'" + io.floe.impl.spi.Storage.localPath(task.file().location()) + "'");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files = "read_parquet([" + String.join(", ", paths) + "])";
    sql = FloeSql.builder(tables.floe).threads(threads).build();
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = duck.createStatement()) {
      statement.execute("SET threads = " + threads);
      statement.execute("SET TimeZone = 'UTC'");
    }
  }

  @Override
  void closing() throws SQLException {
    sql.close();
    duck.close();
  }

  private Object[] range() {
    long from = rows / 2;
    return new Object[] {BASE.plusSeconds(from), BASE.plusSeconds(from + rows / 100)};
  }

  private static long drain(ResultSet rs) throws SQLException {
    long hash = 0;
    while (rs.next()) {
      hash = hash * 31 + rs.getLong("n") + (long) rs.getDouble("total");
    }
    return hash;
  }

  private long floe(String query, Object... params) throws SQLException {
    try (SqlResult result = sql.query(String.format(query, "bench.events"), params)) {
      return drain(result.resultSet());
    }
  }

  private long duckDb(String query, Object... params) throws SQLException {
    try (PreparedStatement ps = duck.prepareStatement(String.format(query, files))) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return drain(rs);
      }
    }
  }

  @Benchmark
  public long aggregateFloeSql() throws SQLException {
    return floe(AGGREGATE);
  }

  @Benchmark
  public long aggregateDuckDb() throws SQLException {
    return duckDb(AGGREGATE);
  }

  @Benchmark
  public long selectiveFloeSql() throws SQLException {
    return floe(SELECTIVE, range());
  }

  @Benchmark
  public long selectiveDuckDb() throws SQLException {
    return duckDb(SELECTIVE, range());
  }
}
