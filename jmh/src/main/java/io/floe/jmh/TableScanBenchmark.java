package io.floe.jmh;

import io.floe.parquet.ArrowBatches;
import io.floe.parquet.ArrowScan;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
 * The set-up the scan benchmarks share: a {@link BenchTables} table of {@code rows} rows and an
 * Arrow allocator, made once per trial and closed after it, measured as average time in one fork
 * with a pre-touched 2 GiB heap. JMH inherits these annotations; a subclass may override them (its
 * own {@code @Fork} or {@code @OutputTimeUnit}) and says which table it reads in {@link
 * #createTables()}.
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
public abstract class TableScanBenchmark {
  @Param("1000000")
  public int rows;

  BenchTables tables;
  BufferAllocator allocator;

  /** The table this benchmark reads, of {@link #rows} rows. */
  abstract BenchTables createTables();

  /** Runs after the table is written, before the first measurement; nothing by default. */
  void opened() throws Exception {}

  /** Runs before the table is closed; nothing by default. */
  void closing() throws Exception {}

  /** Reads an Arrow scan into {@link #allocator} and returns the rows it read. */
  long arrowRows(ArrowScan scan) {
    long n = 0;
    try (ArrowBatches batches = scan.open(allocator)) {
      while (batches.hasNext()) {
        n += batches.next().getRowCount();
      }
    }
    return n;
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    tables = createTables();
    allocator = new RootAllocator();
    opened();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    closing();
    allocator.close();
    tables.close();
  }
}
