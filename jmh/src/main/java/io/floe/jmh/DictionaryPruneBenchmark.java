package io.floe.jmh;

import io.floe.parquet.ArrowBatches;
import io.floe.parquet.ArrowScan;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
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
 * {@code category == 'cat07x'} on the ~72-row-group table where that value sits in two row groups
 * and sorts between common values, so statistics cannot prune but dictionaries can: Floe's Arrow
 * scan (all columns) vs Iceberg's generic reader (which prunes with the same dictionary filter).
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
public class DictionaryPruneBenchmark {
  @Param("1000000")
  public int rows;

  private BenchTables tables;
  private BufferAllocator allocator;

  @Setup(Level.Trial)
  public void setup() {
    tables = BenchTables.create(rows, 4, 72, false, 200);
    allocator = new RootAllocator();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    allocator.close();
    tables.close();
  }

  @Benchmark
  public long floeRareCategory() {
    long n = 0;
    try (ArrowBatches batches =
        ArrowScan.of(tables.table.newScan().filter(Expressions.equal("category", BenchTables.RARE)))
            .parallelism(1)
            .open(allocator)) {
      while (batches.hasNext()) {
        n += batches.next().getRowCount();
      }
    }
    return n;
  }

  @Benchmark
  public long genericRareCategory() throws IOException {
    long n = 0;
    try (CloseableIterable<Record> r =
        IcebergGenerics.read(tables.table)
            .where(Expressions.equal("category", BenchTables.RARE))
            .build()) {
      for (Record ignored : r) {
        n++;
      }
    }
    return n;
  }
}
