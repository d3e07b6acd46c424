package io.floe.jmh;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.parquet.write.ArrowAppend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Appends {@code rows} rows of 5 columns to a fresh table (unpartitioned, or by category): Iceberg
 * records through {@code newAppend().records(...)} vs Arrow batches through {@link ArrowAppend} on
 * the caller's thread ({@code arrow}) or with columns encoded on two threads ({@code arrow2}), with
 * and without a Bloom filter on {@code id}. Two datasets: {@code names} (id, ts, category of 8,
 * value = 1.5, name "user-N": compresses to ~5.5 bytes/row) and {@code standard} (issue 3's: id
 * unique and shuffled, ts, category of 20, value random double, payload of 32 random characters).
 * One invocation = one complete append + commit; rows/s = rows / time. The data file bytes of the
 * last table are printed at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WriteBenchmark {
  @Param({"1000000"})
  public int rows;

  @Param({"records", "arrow", "arrow2"})
  public String input;

  @Param({"none", "bloom"})
  public String filter;

  @Param({"names", "standard"})
  public String dataset;

  /**
   * {@code none}: an unpartitioned table; {@code category}: partitioned by identity on {@code
   * category}, whose value changes from every row to the next in both datasets (the worst case for
   * grouping a batch's rows by partition).
   */
  @Param({"none", "category"})
  public String partition;

  /** {@code floe.local.fsync}: files synced to the disk before the commit (the default) or not. */
  @Param({"true", "false"})
  public String fsync;

  private static final String[] CATEGORIES_20 = {
    "books", "music", "games", "garden", "tools", "toys", "food", "sport", "auto", "baby", "beauty",
    "health", "home", "jewelry", "kitchen", "office", "outdoor", "pets", "shoes", "travel"
  };
  private static final char[] ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private long[] ids;
  private double[] values;
  private String[] payloads;

  private static final int BATCH = 65_536;
  private final AtomicInteger tables = new AtomicInteger();
  private Path dir;
  private Floe floe;
  private BufferAllocator allocator;
  private List<Record> records;
  private List<VectorSchemaRoot> batches;
  private long lastBytes;

  /** Process CPU time (every thread: the writer's, GC, JIT) of each measured invocation. */
  private final List<Long> cpuNanos = new ArrayList<>();

  private long cpuStart;
  private long cpuLast;

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  @Setup(Level.Invocation)
  public void startCpu() {
    cpuStart = processCpuNanos();
  }

  @TearDown(Level.Invocation)
  public void stopCpu() {
    cpuLast = processCpuNanos() - cpuStart;
  }

  /**
   * Keeps the CPU time of measured invocations: on a loaded shared machine the wall time of a
   * single-threaded write depends on how much CPU it got, its CPU time much less.
   *
   * @param iteration the iteration ending
   */
  @TearDown(Level.Iteration)
  public void iterationDone(IterationParams iteration) {
    if (iteration.getType() == IterationType.MEASUREMENT) {
      cpuNanos.add(cpuLast);
    }
  }

  @Setup
  public void setup() {
    dir = BenchData.tempDir("floe-write-bench");
    floe = BenchData.open(dir, fsync);
    Schema schema = newTable().schema();
    if (dataset.equals("standard")) {
      generateStandard();
    }
    if (input.equals("records")) {
      records = new ArrayList<>(rows);
      if (dataset.equals("standard")) {
        for (int i = 0; i < rows; i++) {
          records.add(standardRecord(schema, i));
        }
      } else {
        BenchData.range(schema, 0, rows, 1.5).forEach(records::add);
      }
    } else {
      allocator = new RootAllocator();
      batches = new ArrayList<>();
      for (int from = 0; from < rows; from += BATCH) {
        batches.add(batch(from, Math.min(BATCH, rows - from)));
      }
    }
  }

  /** Issue 3's dataset: ids 0..rows-1 shuffled, random doubles, 32-character random payloads. */
  private void generateStandard() {
    SplittableRandom random = new SplittableRandom(42);
    ids = new long[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    values = new double[rows];
    payloads = new String[rows];
    char[] chars = new char[32];
    for (int i = 0; i < rows; i++) {
      values[i] = random.nextDouble() * 1000;
      for (int c = 0; c < chars.length; c++) {
        chars[c] = ALPHABET[random.nextInt(ALPHABET.length)];
      }
      payloads[i] = new String(chars);
    }
  }

  private Record standardRecord(Schema schema, int i) {
    GenericRecord r = GenericRecord.create(schema);
    r.set(0, ids[i]);
    r.set(1, BenchData.EPOCH.plusSeconds(i));
    r.set(2, CATEGORIES_20[i % CATEGORIES_20.length]);
    r.set(3, values[i]);
    r.set(4, payloads[i]);
    return r;
  }

  private VectorSchemaRoot standardBatch(int from, int n) {
    BigIntVector id = new BigIntVector("id", allocator);
    TimeStampMicroTZVector ts = new TimeStampMicroTZVector("ts", allocator, "UTC");
    VarCharVector category = new VarCharVector("category", allocator);
    Float8Vector value = new Float8Vector("value", allocator);
    VarCharVector payload = new VarCharVector("payload", allocator);
    id.allocateNew(n);
    ts.allocateNew(n);
    category.allocateNew(n);
    value.allocateNew(n);
    payload.allocateNew(n);
    long epochMicros = BenchData.EPOCH.toEpochSecond() * 1_000_000L;
    for (int k = 0; k < n; k++) {
      int i = from + k;
      id.set(k, ids[i]);
      ts.set(k, epochMicros + i * 1_000_000L);
      category.setSafe(k, CATEGORIES_20[i % CATEGORIES_20.length].getBytes(StandardCharsets.UTF_8));
      value.set(k, values[i]);
      payload.setSafe(k, payloads[i].getBytes(StandardCharsets.UTF_8));
    }
    VectorSchemaRoot root = VectorSchemaRoot.of(id, ts, category, value, payload);
    root.setRowCount(n);
    return root;
  }

  private VectorSchemaRoot batch(long from, int n) {
    if (dataset.equals("standard")) {
      return standardBatch((int) from, n);
    }
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
      category.setSafe(
          i,
          BenchData.CATEGORIES[(int) (v % BenchData.CATEGORIES.length)].getBytes(
              StandardCharsets.UTF_8));
      value.set(i, 1.5);
      name.setSafe(i, ("user-" + (v * 7919 % 1_000_003)).getBytes(StandardCharsets.UTF_8));
    }
    VectorSchemaRoot root = VectorSchemaRoot.of(id, ts, category, value, name);
    root.setRowCount(n);
    return root;
  }

  private FloeTable newTable() {
    var creator = floe.createTable("bench.t" + tables.incrementAndGet());
    if (dataset.equals("standard")) {
      creator
          .column("id", Types.LongType.get())
          .required()
          .column("ts", Types.TimestampType.withZone())
          .column("category", Types.StringType.get())
          .column("value", Types.DoubleType.get())
          .column("payload", Types.StringType.get());
    } else {
      BenchData.columns(creator);
    }
    if (filter.equals("bloom")) {
      creator.bloomFilter("id");
    }
    if (partition.equals("category")) {
      creator.partitionBy(p -> p.identity("category"));
    }
    return creator.create();
  }

  @Benchmark
  public long append() {
    FloeTable table = newTable();
    AppendResult result;
    if (input.equals("records")) {
      result = table.newAppend().records(records).commit();
    } else {
      try (ArrowAppend append =
          ArrowAppend.to(table).expectedRows(rows).parallelism(input.equals("arrow2") ? 2 : 1)) {
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
    System.out.println(
        "# data file bytes ("
            + dataset
            + ", "
            + input
            + ", "
            + filter
            + ", "
            + partition
            + ", "
            + rows
            + " rows): "
            + lastBytes);
    if (!cpuNanos.isEmpty()) {
      List<Long> sorted = new ArrayList<>(cpuNanos);
      java.util.Collections.sort(sorted);
      System.out.println(
          "# process CPU ms per invocation (median of "
              + sorted.size()
              + "): "
              + sorted.get(sorted.size() / 2) / 1_000_000
              + " "
              + sorted.stream().map(n -> n / 1_000_000).toList());
    }
    if (batches != null) {
      batches.forEach(VectorSchemaRoot::close);
      allocator.close();
    }
    floe.close();
    BenchData.delete(dir);
  }
}
