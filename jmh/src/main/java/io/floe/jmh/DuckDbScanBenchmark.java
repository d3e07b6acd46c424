package io.floe.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * A physical reference for {@link ScanBenchmark}: DuckDB's {@code read_parquet} on one thread over
 * the same table's data files (same generator, same writer, same seed), aggregating every column so
 * that each is read and decoded ({@code allColumns}), or only {@code value} ({@code oneColumn}).
 * Not the same work as an Arrow scan: DuckDB decodes into its own vectors and aggregates them.
 */
public class DuckDbScanBenchmark extends TableScanBenchmark {
  private Connection connection;
  private String files;

  @Override
  BenchTables createTables() {
    return BenchTables.create(rows, 4, 0, false, 0);
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
    connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET threads = 1");
    }
  }

  @Override
  void closing() throws SQLException {
    connection.close();
  }

  private long query(String select) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(select + " FROM " + files)) {
      result.next();
      return result.getLong(1);
    }
  }

  @Benchmark
  public long allColumns() throws SQLException {
    return query("SELECT count(*), sum(id), max(ts), max(category), sum(value), max(payload)");
  }

  @Benchmark
  public long oneColumn() throws SQLException {
    return query("SELECT count(*), sum(value)");
  }
}
