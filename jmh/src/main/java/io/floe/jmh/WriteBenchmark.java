package io.floe.jmh;

import io.floe.CommitResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.parquet.write.ArrowAppend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appends {@code rows} rows of 5 columns to a fresh unpartitioned table: Iceberg records through
 * {@code newAppend().records(...)} vs Arrow batches through {@link ArrowAppend}, with and without
 * a Bloom filter on {@code id}. One invocation = one complete append + commit; rows/s = rows /
 * time. The data file bytes of the last table are printed at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WriteBenchmark {
  @Param({"1000000"})
  public int rows;

  @Param({"records", "arrow"})
  public String input;

  @Param({"none", "bloom"})
  public String filter;

  private static final int BATCH = 65_536;
  private final AtomicInteger tables = new AtomicInteger();
  private Path dir;
  private Floe floe;
  private BufferAllocator allocator;
  private List<Record> records;
  private List<VectorSchemaRoot> batches;
  private long lastBytes;

  @Setup
  public void setup() {
    dir = BenchData.tempDir("floe-write-bench");
    floe = BenchData.open(dir);
    Schema schema = newTable().schema();
    if (input.equals("records")) {
      records = new ArrayList<>(rows);
      BenchData.range(schema, 0, rows, 1.5).forEach(records::add);
    } else {
      allocator = new RootAllocator();
      batches = new ArrayList<>();
      for (int from = 0; from < rows; from += BATCH) {
        batches.add(batch(from, Math.min(BATCH, rows - from)));
      }
    }
  }

  private VectorSchemaRoot batch(long from, int n) {
    BigIntVector id = new BigIntVector("id", allocator);
    TimeStampMicroTZVector ts = new TimeStampMicroTZVector("ts", allocator, "UTC");
    VarCharVector category = new VarCharVector("category", allocator);
    Float8Vector value = new Float8Vector("value", allocator);
    VarCharVector name = new VarCharVector("name", allocator);
    id.allocateNew(n);
    ts.allocateNew(n);
    category.allocateNew(n);
    value.allocateNew(n);
    name.allocateNew(n);
    long epochMicros = BenchData.EPOCH.toEpochSecond() * 1_000_000L;
    for (int i = 0; i < n; i++) {
      long v = from + i;
      id.set(i, v);
      ts.set(i, epochMicros + v * 1_000_000L);
      category.setSafe(i, BenchData.CATEGORIES[(int) (v % BenchData.CATEGORIES.length)].getBytes(StandardCharsets.UTF_8));
      value.set(i, 1.5);
      name.setSafe(i, ("user-" + (v * 7919 % 1_000_003)).getBytes(StandardCharsets.UTF_8));
    }
    VectorSchemaRoot root = VectorSchemaRoot.of(id, ts, category, value, name);
    root.setRowCount(n);
    return root;
  }

  private FloeTable newTable() {
    var creator = BenchData.columns(floe.createTable("bench.t" + tables.incrementAndGet()));
    if (filter.equals("bloom")) {
      creator.bloomFilter("id");
    }
    return creator.create();
  }

  @Benchmark
  public long append() {
    FloeTable table = newTable();
    CommitResult result;
    if (input.equals("records")) {
      result = table.newAppend().records(records).commit();
    } else {
      try (ArrowAppend append = ArrowAppend.to(table).expectedRows(rows)) {
        for (VectorSchemaRoot batch : batches) {
          append.batch(batch);
        }
        result = append.commit();
      }
    }
    lastBytes = result.addedBytes();
    floe.dropTable(table.name());
    return result.addedRecords();
  }

  @TearDown
  public void tearDown() {
    System.out.println();
    System.out.println("# data file bytes (" + input + ", " + filter + ", " + rows + " rows): " + lastBytes);
    if (batches != null) {
      batches.forEach(VectorSchemaRoot::close);
      allocator.close();
    }
    floe.close();
    BenchData.delete(dir);
  }
}
