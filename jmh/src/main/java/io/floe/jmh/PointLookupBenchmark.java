package io.floe.jmh;

import io.floe.parquet.ArrowBatches;
import io.floe.parquet.ArrowScan;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.expressions.Expressions;
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
 * {@code id == X} on a 1M-row table of about 72 row groups whose ids are shuffled (so column
 * statistics cannot prune), with and without ~64 KiB Bloom filters on id; hits are existing (even)
 * ids, misses odd ids inside the range. Returns rows found.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-XX:+AlwaysPreTouch", "-Xms2g", "-Xmx2g"})
public class PointLookupBenchmark {
  @Param("1000000")
  public int rows;

  @Param({"true", "false"})
  public boolean bloom;

  private BenchTables tables;
  private BufferAllocator allocator;
  private int next;

  @Setup(Level.Trial)
  public void setup() {
    tables = BenchTables.create(rows, 4, 72, bloom, 0);
    allocator = new RootAllocator();
    System.out.println("row groups: " + tables.rowGroups());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    allocator.close();
    tables.close();
  }

  private long lookup(long id) {
    long n = 0;
    try (ArrowBatches batches = ArrowScan.of(tables.table.newScan().filter(Expressions.equal("id", id)))
        .parallelism(1)
        .open(allocator)) {
      while (batches.hasNext()) {
        n += batches.next().getRowCount();
      }
    }
    return n;
  }

  @Benchmark
  public long hit() {
    next = (next + 7919) % tables.rows;
    return lookup(tables.ids[next]);
  }

  @Benchmark
  public long miss() {
    next = (next + 7919) % tables.rows;
    return lookup(tables.ids[next] + 1);
  }
}
