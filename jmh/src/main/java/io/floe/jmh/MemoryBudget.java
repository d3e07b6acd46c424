package io.floe.jmh;

import io.floe.ChangeResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.WriteMode;
import io.floe.parquet.ArrowBatches;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;

/**
 * Memory bounds of the large steps, run as a plain program under a small heap (see {@code
 * jmh/memory-budget.sh}): append {@code tableRows} rows, read them all as Arrow batches, upsert
 * {@code tableRows / 10} keys into the table (half existing, spread over every file, half new), and
 * read every row back through {@code rows()}. Prints each step's time, the peak of the heap pools
 * and of direct memory after each step, and the Arrow allocator's peak; the process's peak RSS is
 * measured from outside ({@code /usr/bin/time}). Not a JMH benchmark: JMH forks would hide the
 * process-wide peaks this is about.
 *
 * <p>Arguments: {@code tableRows} (default 10,000,000), {@code mode} ({@code MERGE_ON_READ} or
 * {@code COPY_ON_WRITE}, default merge-on-read).
 */
public final class MemoryBudget {
  private MemoryBudget() {}

  /**
   * Runs the steps.
   *
   * @param args table rows and write mode, optional
   */
  public static void main(String[] args) {
    long tableRows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    WriteMode mode = args.length > 1 ? WriteMode.valueOf(args[1]) : WriteMode.MERGE_ON_READ;
    Path dir = BenchData.tempDir("floe-memory-budget");
    System.out.printf(
        "max heap %d MiB, %,d rows, upsert of %,d keys (%s)%n",
        Runtime.getRuntime().maxMemory() >> 20, tableRows, tableRows / 10, mode);
    try (Floe floe = BenchData.open(dir, "false");
        BufferAllocator allocator = new RootAllocator()) {
      FloeTable table = BenchData.columns(floe.createTable("bench.memory")).create();
      Schema schema = table.schema();

      long t = System.nanoTime();
      table
          .newAppend()
          .expectedRows(tableRows)
          .records(BenchData.range(schema, 0, tableRows, 1.0))
          .commit();
      report("append", t);

      t = System.nanoTime();
      long count = 0;
      double sum = 0;
      try (ArrowBatches batches = table.newScan().arrow(ArrowBatches.class, allocator)) {
        while (batches.hasNext()) {
          VectorSchemaRoot batch = batches.next();
          Float8Vector value = (Float8Vector) batch.getVector("value");
          for (int i = 0; i < batch.getRowCount(); i++) {
            sum += value.get(i);
          }
          count += batch.getRowCount();
        }
      }
      check(count == tableRows && sum == tableRows, "Arrow scan read " + count + " rows");
      report("arrow scan", t);

      t = System.nanoTime();
      long keys = tableRows / 10;
      List<Record> input = new ArrayList<>((int) keys);
      for (long i = 0; i < keys / 2; i++) {
        input.add(BenchData.record(schema, i * 20, 2.0)); // existing, spread over all files
      }
      for (long i = 0; i < keys - keys / 2; i++) {
        input.add(BenchData.record(schema, tableRows + i, 2.0)); // new
      }
      ChangeResult upsert = table.newUpsert().key("id").mode(mode).records(input).commit();
      input = null;
      report("upsert", t);

      t = System.nanoTime();
      long rows = 0;
      double values = 0;
      try (RowStream all = table.newScan().select("value").rows()) {
        for (Row row : all) {
          rows++;
          values += (Double) row.get(0);
        }
      }
      long expectedRows = tableRows + (keys - keys / 2);
      check(
          rows == expectedRows && values == tableRows + keys / 2 + 2.0 * (keys - keys / 2),
          "row scan after the upsert read " + rows + " rows, sum " + values + "; " + upsert);
      report("row scan", t);
      System.out.printf("arrow allocator peak %d KiB%n", allocator.getPeakMemoryAllocation() >> 10);
    } finally {
      BenchData.delete(dir);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("Wrong result: " + what);
    }
  }

  private static void report(String step, long start) {
    long heapPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPeak += pool.getPeakUsage().getUsed();
        pool.resetPeakUsage();
      }
    }
    long direct = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        direct = pool.getMemoryUsed();
      }
    }
    System.out.printf(
        "%-11s %,8d ms   heap pools peak (sum) %4d MiB   direct buffers now %4d MiB%n",
        step, (System.nanoTime() - start) / 1_000_000, heapPeak >> 20, direct >> 20);
  }
}
