package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.parquet.write.ArrowAppend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.types.Types;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
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

/**
 * Floe's Arrow append against DuckDB writing the same rows to zstd Parquet with {@code COPY ... TO
 * (FORMAT parquet, COMPRESSION zstd)}, at the same thread count ({@code SET threads} vs {@link
 * ArrowAppend#parallelism(int)}), unpartitioned or partitioned by {@code category} ({@code
 * PARTITION_BY (category)} vs an identity partition), whose 20 values come in random order.
 *
 * <p>The rows are issue 3's standard dataset (id unique and shuffled, ts, category, value random
 * double, payload of 32 random characters), generated once: as Arrow batches of 65,536 rows for
 * Floe, and loaded into a DuckDB in-memory table for DuckDB (through its appender, in the trial's
 * setup). Timed: {@code floe} = one {@link ArrowAppend} of all batches + its commit to a table
 * created before the invocation (local catalog, fsync off: DuckDB does not sync either); {@code
 * duckdb} = the {@code COPY} of the in-memory table only. Both read columnar data already in memory
 * and write zstd Parquet; Floe also writes Iceberg metadata and commits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DuckDbWriteBenchmark {
  @Param({"1000000"})
  public int rows;

  @Param({"none", "category"})
  public String partition;

  /** Threads for both: DuckDB's {@code SET threads}, Floe's append parallelism. */
  @Param({"1"})
  public int threads;

  private static final String[] CATEGORIES_20 = {
    "books", "music", "games", "garden", "tools", "toys", "food", "sport", "auto", "baby", "beauty",
    "health", "home", "jewelry", "kitchen", "office", "outdoor", "pets", "shoes", "travel"
  };
  private static final char[] ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final int BATCH = 65_536;

  private final AtomicInteger runs = new AtomicInteger();
  private Path dir;
  private Floe floe;
  private BufferAllocator allocator;
  private List<VectorSchemaRoot> batches;
  private Connection duckdb;
  private FloeTable table;
  private Path output;

  /**
   * Process CPU time (all threads: the writer's, DuckDB's, GC, JIT) of each measured invocation.
   */
  private final List<Long> cpuNanos = new ArrayList<>();

  private long cpuStart;
  private long cpuLast;

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  @Setup(Level.Trial)
  public void setup() throws SQLException {
    dir = BenchData.tempDir("floe-duckdb-write");
    floe = BenchData.open(dir.resolve("warehouse"), "false");
    long[] ids = new long[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = i;
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    long epochMicros = BenchData.EPOCH.toEpochSecond() * 1_000_000L;
    long[] ts = new long[rows];
    int[] categories = new int[rows];
    double[] values = new double[rows];
    String[] payloads = new String[rows];
    char[] chars = new char[32];
    for (int i = 0; i < rows; i++) {
      ts[i] = epochMicros + i * 1_000_000L;
      categories[i] = random.nextInt(CATEGORIES_20.length);
      values[i] = random.nextDouble() * 1000;
      for (int c = 0; c < chars.length; c++) {
        chars[c] = ALPHABET[random.nextInt(ALPHABET.length)];
      }
      payloads[i] = new String(chars);
    }

    allocator = new RootAllocator();
    batches = new ArrayList<>();
    for (int from = 0; from < rows; from += BATCH) {
      int n = Math.min(BATCH, rows - from);
      BigIntVector id = new BigIntVector("id", allocator);
      TimeStampMicroVector t = new TimeStampMicroVector("ts", allocator);
      VarCharVector category = new VarCharVector("category", allocator);
      Float8Vector value = new Float8Vector("value", allocator);
      VarCharVector payload = new VarCharVector("payload", allocator);
      id.allocateNew(n);
      t.allocateNew(n);
      category.allocateNew(n);
      value.allocateNew(n);
      payload.allocateNew(n);
      for (int k = 0; k < n; k++) {
        int i = from + k;
        id.set(k, ids[i]);
        t.set(k, ts[i]);
        category.setSafe(k, CATEGORIES_20[categories[i]].getBytes(StandardCharsets.UTF_8));
        value.set(k, values[i]);
        payload.setSafe(k, payloads[i].getBytes(StandardCharsets.UTF_8));
      }
      VectorSchemaRoot root = VectorSchemaRoot.of(id, t, category, value, payload);
      root.setRowCount(n);
      batches.add(root);
    }

    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = duckdb.createStatement()) {
      statement.execute("SET threads = " + threads);
      statement.execute(
          "CREATE TABLE staged (id BIGINT, ts BIGINT, category VARCHAR, value DOUBLE,"
              + " payload VARCHAR)");
      try (DuckDBAppender appender =
          duckdb.unwrap(DuckDBConnection.class).createAppender("main", "staged")) {
        for (int i = 0; i < rows; i++) {
          appender
              .beginRow()
              .append(ids[i])
              .append(ts[i])
              .append(CATEGORIES_20[categories[i]])
              .append(values[i])
              .append(payloads[i])
              .endRow();
        }
      }
      // the same logical types as the Iceberg table: timestamp (micros), strings, long, double
      statement.execute(
          "CREATE TABLE t AS SELECT id, make_timestamp(ts) AS ts, category, value, payload"
              + " FROM staged");
      statement.execute("DROP TABLE staged");
    }
  }

  @Setup(Level.Invocation)
  public void prepare() {
    int run = runs.incrementAndGet();
    var creator =
        floe.createTable("bench.t" + run)
            .column("id", Types.LongType.get())
            .required()
            .column("ts", Types.TimestampType.withoutZone())
            .column("category", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .column("payload", Types.StringType.get());
    if (partition.equals("category")) {
      creator.partitionBy(p -> p.identity("category"));
    }
    table = creator.create();
    output = dir.resolve("duckdb-" + run + (partition.equals("category") ? "" : ".parquet"));
    cpuStart = processCpuNanos();
  }

  @Benchmark
  public long floe() {
    try (ArrowAppend append = ArrowAppend.to(table).expectedRows(rows).parallelism(threads)) {
      for (VectorSchemaRoot batch : batches) {
        append.batch(batch);
      }
      return append.commit().addedRecords();
    }
  }

  @Benchmark
  public long duckdb() throws SQLException {
    String options =
        partition.equals("category")
            ? "(FORMAT parquet, COMPRESSION zstd, PARTITION_BY (category))"
            : "(FORMAT parquet, COMPRESSION zstd)";
    try (Statement statement = duckdb.createStatement()) {
      return statement.executeUpdate("COPY t TO '" + output + "' " + options);
    }
  }

  @TearDown(Level.Invocation)
  public void cleanUp() {
    cpuLast = processCpuNanos() - cpuStart;
    floe.dropTable(table.name());
    delete(output);
  }

  private static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Keeps the CPU time of measured invocations: on a loaded shared machine the wall time of a
   * single-threaded write depends on how much CPU it got, its CPU time much less.
   *
   * @param iteration the iteration ending
   */
  @TearDown(Level.Iteration)
  public void iterationDone(org.openjdk.jmh.infra.IterationParams iteration) {
    if (iteration.getType() == org.openjdk.jmh.runner.IterationType.MEASUREMENT) {
      cpuNanos.add(cpuLast);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    if (!cpuNanos.isEmpty()) {
      List<Long> sorted = new ArrayList<>(cpuNanos);
      java.util.Collections.sort(sorted);
      System.out.println();
      System.out.println(
          "# process CPU ms per invocation (median of "
              + sorted.size()
              + ", partition="
              + partition
              + ", threads="
              + threads
              + "): "
              + sorted.get(sorted.size() / 2) / 1_000_000
              + " "
              + sorted.stream().map(n -> n / 1_000_000).toList());
    }
    duckdb.close();
    batches.forEach(VectorSchemaRoot::close);
    allocator.close();
    floe.close();
    BenchData.delete(dir);
  }
}
