package io.floe.jmh;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.impl.plan.Planner;
import io.floe.impl.spi.Internals;
import io.floe.impl.spi.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Planning a table of 100,000 data files (metadata only: {@code files / filesPerManifest} manifests
 * written directly and appended in one commit, each file with {@code id} bounds and a {@code day}
 * partition; 1,000 days, 100 files each): a full plan, a plan filtered on the partition column and
 * one filtered on {@code id} (column statistics only, every manifest read). Iceberg's default
 * {@code planFiles()} against Floe's planner (cold: decoded manifests dropped before each call;
 * warm: pruned from the metadata cache) and Floe's public {@code planTasks()}.
 *
 * <p>Run with {@code -prof gc} for the allocation per plan; the heap the warm cache holds is
 * printed at set-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LargeTableBenchmark {
  /** Data files in the table. */
  @Param({"100000"})
  public int files;

  /** Data files per manifest. */
  @Param({"1000"})
  public int filesPerManifest;

  /** The metadata cache's byte bound in MiB ({@code floe.cache.max-bytes}); 0 = Floe's default. */
  @Param({"0"})
  public long cacheMiB;

  private static final int DAYS = 1000;
  private static final long ROWS_PER_FILE = 100;

  private Path warehouse;
  private Floe floe;
  private FloeTable floeTable;
  private Table table;
  private Expression byDay;
  private Expression byId;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    warehouse = Files.createTempDirectory("floe-jmh-large");
    FloeConfig.Builder config =
        FloeConfig.builder("bench")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", warehouse.toString());
    if (cacheMiB > 0) {
      config.property("floe.cache.max-bytes", Long.toString(cacheMiB << 20));
    }
    floe = Floe.open(config.build());
    floe.createNamespace("db");
    floeTable =
        floe.createTable("db.large")
            .column("id", Types.LongType.get())
            .required()
            .column("day", Types.IntegerType.get())
            .partitionBy(p -> p.identity("day"))
            .property("commit.manifest-merge.enabled", "false")
            .create();
    table = Internals.icebergTable(floeTable);
    PartitionSpec spec = table.spec();
    AppendFiles append = table.newFastAppend();
    int manifests = (files + filesPerManifest - 1) / filesPerManifest;
    for (int m = 0; m < manifests; m++) {
      ManifestWriter<DataFile> writer =
          ManifestFiles.write(
              spec, table.io().newOutputFile(table.location() + "/metadata/large-m" + m + ".avro"));
      try (writer) {
        for (int f = 0; f < filesPerManifest && m * filesPerManifest + f < files; f++) {
          long i = (long) m * filesPerManifest + f;
          int day = (int) (i % DAYS);
          ByteBuffer lower = Conversions.toByteBuffer(Types.LongType.get(), i * ROWS_PER_FILE);
          ByteBuffer upper =
              Conversions.toByteBuffer(Types.LongType.get(), i * ROWS_PER_FILE + ROWS_PER_FILE - 1);
          writer.add(
              DataFiles.builder(spec)
                  .withPath(table.location() + "/data/day=" + day + "/f" + i + ".parquet")
                  .withFormat(FileFormat.PARQUET)
                  .withPartitionPath("day=" + day)
                  .withFileSizeInBytes(4096)
                  .withMetrics(
                      new Metrics(
                          ROWS_PER_FILE,
                          Map.of(1, 800L, 2, 40L),
                          Map.of(1, ROWS_PER_FILE, 2, ROWS_PER_FILE),
                          Map.of(1, 0L, 2, 0L),
                          null,
                          Map.of(1, lower),
                          Map.of(1, upper)))
                  .build());
        }
      }
      append.appendManifest(writer.toManifestFile());
    }
    append.commit();
    table.refresh();
    byDay = equal("day", 500);
    // ~11 files by their id bounds, spread over every manifest's range of days
    long from = (files / 2L) * ROWS_PER_FILE;
    byId = and(greaterThanOrEqual("id", from), lessThan("id", from + 1_000));
    System.err.printf(
        "%n[large] %d files in %d manifests; warm decoded cache holds ~%d MiB of heap%n",
        files, manifests, retainedByDecodedCache() >> 20);
  }

  /**
   * Heap held by the decoded manifests of a full warm plan (used heap after GC, with - without).
   */
  private long retainedByDecodedCache() throws IOException {
    Storage.dropDecodedManifests(table.io());
    long without = usedAfterGc();
    drain(Planner.planFiles(table.newScan()));
    long with = usedAfterGc();
    return Math.max(0, with - without);
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    System.err.printf("%n[large] cache after the trial: %s%n", floe.cacheStats());
    floe.close();
    try (Stream<Path> all = Files.walk(warehouse)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Drops the decoded manifests (their bytes stay cached) before each cold plan. */
  @Setup(Level.Invocation)
  public void dropDecoded(BenchmarkParams params) {
    if (params.getBenchmark().contains("Cold")) {
      if (!Storage.dropDecodedManifests(table.io())) {
        throw new IllegalStateException("No metadata cache on " + table.io());
      }
    }
  }

  private static long drain(CloseableIterable<FileScanTask> tasks) throws IOException {
    long n = 0;
    try (tasks) {
      for (FileScanTask task : tasks) {
        n += task.file().recordCount();
      }
    }
    return n;
  }

  @Benchmark
  public long icebergFull() throws IOException {
    return drain(table.newScan().planFiles());
  }

  @Benchmark
  public long floeFullCold() throws IOException {
    return drain(Planner.planFiles(table.newScan()));
  }

  @Benchmark
  public long floeFullWarm() throws IOException {
    return drain(Planner.planFiles(table.newScan()));
  }

  @Benchmark
  public long icebergByDay() throws IOException {
    return drain(table.newScan().filter(byDay).planFiles());
  }

  @Benchmark
  public long floeByDayCold() throws IOException {
    return drain(Planner.planFiles(table.newScan().filter(byDay)));
  }

  @Benchmark
  public long floeByDayWarm() throws IOException {
    return drain(Planner.planFiles(table.newScan().filter(byDay)));
  }

  @Benchmark
  public long icebergById() throws IOException {
    return drain(table.newScan().filter(byId).planFiles());
  }

  @Benchmark
  public long floeByIdCold() throws IOException {
    return drain(Planner.planFiles(table.newScan().filter(byId)));
  }

  @Benchmark
  public long floeByIdWarm() throws IOException {
    return drain(Planner.planFiles(table.newScan().filter(byId)));
  }

  /** The public API: read tasks of the whole table (split planning included), warm. */
  @Benchmark
  public int floePlanTasksWarm() {
    return floeTable.newScan().planTasks().size();
  }

  /** The public API: a count decided by metadata alone (no filter), warm. */
  @Benchmark
  public long floeCountWarm() {
    return floeTable.newScan().count();
  }
}
