package io.floe.jmh;

import io.floe.parquet.ArrowScan;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * Issue 18, point query: {@code SELECT * FROM t WHERE id = ?} through {@code FloeSql} on a
 * Bloom-filtered table ({@code bloomFilter("id")}, ids shuffled so that column statistics cannot
 * prune, 64 KiB pages, zstd), hitting an existing id each time; beside it the same lookup through
 * Floe's Arrow scan (no SQL: the floor {@code FloeSql} adds its per-query cost to) and through
 * DuckDB's {@code read_parquet} over the same files. The table is written once per trial ({@code
 * rows}, 10 M in the issue; the CI smoke uses 20,000). Sample mode: the median (p50) is the figure.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SqlPointQueryBenchmark extends TableScanBenchmark {
  private static final String QUERY = "SELECT * FROM %s WHERE id = ?";

  /** DuckDB's worker threads, the same for both engines. */
  @Param("2")
  public int threads;

  private FloeSql sql;
  private Connection duck;
  private String files;
  private int next;

  @Override
  BenchTables createTables() {
    // files of 1.25 M rows; row groups of about 20,000 rows (as a table tuned for lookups would
    // have: a hit reads and decodes one row group), so 500 row groups over 10 M rows
    return BenchTables.create(
        rows,
        Math.max(1, rows / 1_250_000),
        Math.max(1, rows / 20_000),
        true,
        0,
        Map.of("write.parquet.page-size-bytes", "65536"));
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
    System.out.println(
        "rows: " + rows + ", files: " + paths.size() + ", row groups: " + tables.rowGroups());
  }

  @Override
  void closing() throws SQLException {
    sql.close();
    duck.close();
  }

  private long nextId() {
    next = (next + 7919) % tables.rows;
    return tables.ids[next];
  }

  private static long drain(ResultSet rs) throws SQLException {
    long n = 0;
    while (rs.next()) {
      n += rs.getLong("id") + rs.getString("payload").length();
    }
    return n;
  }

  @Benchmark
  public long floeSql() throws SQLException {
    try (SqlResult result = sql.query(String.format(QUERY, "bench.events"), nextId())) {
      return drain(result.resultSet());
    }
  }

  @Benchmark
  public long duckDbReadParquet() throws SQLException {
    try (PreparedStatement ps = duck.prepareStatement(String.format(QUERY, files))) {
      ps.setLong(1, nextId());
      try (ResultSet rs = ps.executeQuery()) {
        return drain(rs);
      }
    }
  }

  @Benchmark
  public long floeArrowScan() {
    return arrowRows(
        ArrowScan.of(tables.table.newScan().filter(Expressions.equal("id", nextId())))
            .parallelism(1));
  }
}
