package io.floe.jmh;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.parquet.write.ArrowAppend;
import io.floe.quality.Constraint;
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
 * The cost of data quality rules on writes (issue 21): {@link WriteBenchmark}'s {@code standard}
 * dataset (id unique and shuffled, ts, category of 20, value random double in [0, 1000), payload of
 * 32 random letters and digits) appended to a fresh unpartitioned table without rules ({@code
 * none}) or with five typical ones ({@code five}: category not null, category among its 20 values,
 * value between 0 and 1000, payload matching {@code [A-Za-z0-9]{32}}, id unique within the write),
 * in quarantine mode; every row passes, so the figure is the checking cost. Rows as Iceberg records
 * ({@code records}) or Arrow batches ({@code arrow}). One invocation = one append + commit; compare
 * {@code five} with {@code none} within one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConstraintWriteBenchmark {
  @Param({"1000000"})
  public int rows;

  @Param({"records", "arrow"})
  public String input;

  /**
   * {@code none}, {@code five} (all five rules below), or one of them alone for a breakdown: {@code
   * not_null}, {@code allowed}, {@code range}, {@code pattern}, {@code unique}.
   */
  @Param({"none", "five"})
  public String constraints;

  private static final String[] CATEGORIES = {
    "books", "music", "games", "garden", "tools", "toys", "food", "sport", "auto", "baby", "beauty",
    "health", "home", "jewelry", "kitchen", "office", "outdoor", "pets", "shoes", "travel"
  };
  private static final char[] ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final int BATCH = 65_536;

  private final AtomicInteger tables = new AtomicInteger();
  private Path dir;
  private Floe floe;
  private BufferAllocator allocator;
  private List<Record> records;
  private List<VectorSchemaRoot> batches;
  private long[] ids;
  private double[] values;
  private String[] payloads;

  /**
   * Process CPU time (all threads) of each measured invocation: steadier than wall time under load.
   */
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

  @TearDown(Level.Iteration)
  public void iterationDone(IterationParams iteration) {
    if (iteration.getType() == IterationType.MEASUREMENT) {
      cpuNanos.add(cpuLast);
    }
  }

  @Setup
  public void setup() {
    dir = BenchData.tempDir("floe-constraint-bench");
    floe = BenchData.open(dir, "false");
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
    FloeTable probe = newTable();
    Schema schema = probe.schema();
    floe.dropTable(probe.name());
    if (input.equals("records")) {
      records = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        GenericRecord r = GenericRecord.create(schema);
        r.set(0, ids[i]);
        r.set(1, BenchData.EPOCH.plusSeconds(i));
        r.set(2, CATEGORIES[i % CATEGORIES.length]);
        r.set(3, values[i]);
        r.set(4, payloads[i]);
        records.add(r);
      }
    } else {
      allocator = new RootAllocator();
      batches = new ArrayList<>();
      for (int from = 0; from < rows; from += BATCH) {
        batches.add(batch(from, Math.min(BATCH, rows - from)));
      }
    }
  }

  private VectorSchemaRoot batch(int from, int n) {
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
      category.setSafe(k, CATEGORIES[i % CATEGORIES.length].getBytes(StandardCharsets.UTF_8));
      value.set(k, values[i]);
      payload.setSafe(k, payloads[i].getBytes(StandardCharsets.UTF_8));
    }
    VectorSchemaRoot root = VectorSchemaRoot.of(id, ts, category, value, payload);
    root.setRowCount(n);
    return root;
  }

  private FloeTable newTable() {
    FloeTable table =
        floe.createTable("bench.q" + tables.incrementAndGet())
            .column("id", Types.LongType.get())
            .required()
            .column("ts", Types.TimestampType.withZone())
            .column("category", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .column("payload", Types.StringType.get())
            .create();
    if (!constraints.equals("none")) {
      io.floe.quality.ConstraintsUpdate update = table.updateConstraints();
      boolean all = constraints.equals("five");
      if (all || constraints.equals("not_null")) {
        update.add(Constraint.notNull("category"));
      }
      if (all || constraints.equals("allowed")) {
        update.add(Constraint.allowedValues("category", (Object[]) CATEGORIES));
      }
      if (all || constraints.equals("range")) {
        update.add(Constraint.between("value", 0.0, 1000.0));
      }
      if (all || constraints.equals("pattern")) {
        update.add(Constraint.matches("payload", "[A-Za-z0-9]{32}"));
      }
      if (all || constraints.equals("unique")) {
        update.add(Constraint.unique("id"));
      }
      update.mode(io.floe.quality.QualityMode.QUARANTINE).commit();
    }
    return table;
  }

  @Benchmark
  public long append() {
    FloeTable table = newTable();
    AppendResult result;
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
    floe.dropTable(table.name());
    if (result.addedRecords() != rows) {
      throw new IllegalStateException("rows lost: " + result.addedRecords());
    }
    return result.addedRecords();
  }

  @TearDown
  public void tearDown() {
    if (!cpuNanos.isEmpty()) {
      List<Long> sorted = new ArrayList<>(cpuNanos);
      java.util.Collections.sort(sorted);
      System.out.println();
      System.out.println(
          "# process CPU ms per invocation ("
              + constraints
              + ", "
              + input
              + "), median of "
              + sorted.size()
              + ": "
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
