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
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A physical reference for {@link ScanBenchmark}: DuckDB's {@code read_parquet} on one thread over
 * the same table's data files (same generator, same writer, same seed), aggregating every column so
 * that each is read and decoded ({@code allColumns}), or only {@code value} ({@code oneColumn}).
 * Not the same work as an Arrow scan: DuckDB decodes into its own vectors and aggregates them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "-XX:+AlwaysPreTouch",
      "-Xms2g",
      "-Xmx2g"
    })
public class DuckDbScanBenchmark {
  @Param("1000000")
  public int rows;

  private BenchTables tables;
  private Connection connection;
  private String files;

  @Setup(Level.Trial)
  public void setup() throws SQLException {
    tables = BenchTables.create(rows, 4, 0, false, 0);
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

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    connection.close();
    tables.close();
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
