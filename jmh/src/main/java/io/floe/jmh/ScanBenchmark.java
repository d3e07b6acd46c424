package io.floe.jmh;

import io.floe.parquet.ArrowScan;
import java.io.IOException;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.arrow.vectorized.ArrowReader;
import org.apache.iceberg.arrow.vectorized.ColumnarBatch;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;

/**
 * Full scans of a 1M-row, 4-file zstd table: Floe's Arrow scan vs iceberg-arrow's ArrowReader vs
 * Iceberg's generic row reader, all five columns and one column. Returns rows read.
 */
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "-XX:+AlwaysPreTouch",
      "-Xms3g",
      "-Xmx3g"
    })
public class ScanBenchmark extends TableScanBenchmark {
  private static final int BATCH = 8192;

  @Override
  BenchTables createTables() {
    return BenchTables.create(rows, 4, 0, false, 0);
  }

  private long floe(TableScan scan, int threads) {
    return arrowRows(ArrowScan.of(scan).batchSize(BATCH).parallelism(threads));
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
