package io.floe.jmh;

import io.floe.parquet.ArrowBatches;
import io.floe.parquet.ArrowScan;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.arrow.vectorized.ArrowReader;
import org.apache.iceberg.arrow.vectorized.ColumnarBatch;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
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
 * Full scans of a 1M-row, 4-file zstd table: Floe's Arrow scan vs iceberg-arrow's ArrowReader vs
 * Iceberg's generic row reader, all five columns and one column. Returns rows read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "-XX:+AlwaysPreTouch",
      "-Xms3g",
      "-Xmx3g"
    })
public class ScanBenchmark {
  private static final int BATCH = 8192;

  @Param("1000000")
  public int rows;

  private BenchTables tables;
  private BufferAllocator allocator;

  @Setup(Level.Trial)
  public void setup() {
    tables = BenchTables.create(rows, 4, 0, false, 0);
    allocator = new RootAllocator();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    allocator.close();
    tables.close();
  }

  private long floe(TableScan scan, int threads) {
    long n = 0;
    try (ArrowBatches batches =
        ArrowScan.of(scan).batchSize(BATCH).parallelism(threads).open(allocator)) {
      while (batches.hasNext()) {
        n += batches.next().getRowCount();
      }
    }
    return n;
  }

  private static long arrowReader(TableScan scan) throws IOException {
    long n = 0;
    try (ArrowReader reader = new ArrowReader(scan, BATCH, true);
        CloseableIterator<ColumnarBatch> it = reader.open(scan.planTasks())) {
      while (it.hasNext()) {
        n += it.next().numRows();
      }
    }
    return n;
  }

  private static long generic(CloseableIterable<Record> records) throws IOException {
    long n = 0;
    try (CloseableIterable<Record> r = records) {
      for (Record ignored : r) {
        n++;
      }
    }
    return n;
  }

  @Benchmark
  public long floeAllColumns() {
    return floe(tables.table.newScan(), 1);
  }

  @Benchmark
  public long floeAllColumns2Threads() {
    return floe(tables.table.newScan(), 2);
  }

  @Benchmark
  public long floeOneColumn() {
    return floe(tables.table.newScan().select("value"), 1);
  }

  @Benchmark
  public long arrowReaderAllColumns() throws IOException {
    return arrowReader(tables.table.newScan());
  }

  @Benchmark
  public long arrowReaderOneColumn() throws IOException {
    return arrowReader(tables.table.newScan().select("value"));
  }

  @Benchmark
  public long genericAllColumns() throws IOException {
    return generic(IcebergGenerics.read(tables.table).build());
  }

  @Benchmark
  public long genericOneColumn() throws IOException {
    return generic(IcebergGenerics.read(tables.table).select("value").build());
  }
}
