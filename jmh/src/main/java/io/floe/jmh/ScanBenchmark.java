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
 * Iceberg's generic row reader vs Floe's row scan ({@code rows()}, which reads every value), all
 * five columns and one column. Returns rows read.
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

  /**
   * Every value of every row read through {@code rows()} (Floe's row scan, over its Arrow decoder
   * when sdk-parquet is on the class path); returns rows read plus a hash of the values, so that
   * nothing is optimized away.
   */
  private long floeRows(io.floe.Scan scan) {
    long n = 0;
    long hash = 0;
    try (io.floe.RowStream rows = scan.rows()) {
      for (io.floe.Row row : rows) {
        for (int i = 0, size = row.size(); i < size; i++) {
          Object value = row.get(i);
          hash += value == null ? 0 : value.hashCode();
        }
        n++;
      }
    }
    return n + (hash & 1);
  }

  /** Every value of every generic record, as {@link #floeRows} reads them. */
  private static long genericValues(CloseableIterable<Record> records) throws IOException {
    long n = 0;
    long hash = 0;
    try (CloseableIterable<Record> r = records) {
      for (Record record : r) {
        for (int i = 0, size = record.size(); i < size; i++) {
          Object value = record.get(i);
          hash += value == null ? 0 : value.hashCode();
        }
        n++;
      }
    }
    return n + (hash & 1);
  }

  @Benchmark
  public long floeRowsAllColumns() {
    return floeRows(tables.floe.loadTable("bench.events").newScan());
  }

  @Benchmark
  public long floeRowsOneColumn() {
    return floeRows(tables.floe.loadTable("bench.events").newScan().select("value"));
  }

  @Benchmark
  public long genericValuesAllColumns() throws IOException {
    return genericValues(IcebergGenerics.read(tables.table).build());
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
