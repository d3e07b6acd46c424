package io.floe.jmh;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;

import io.floe.FloeTable;
import io.floe.impl.plan.Planner;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
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
  private static final long ROWS_PER_FILE = ManifestTables.ROWS_PER_FILE;

  private ManifestTables tables;
  private FloeTable floeTable;
  private Table table;
  private Expression byDay;
  private Expression byId;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    tables =
        ManifestTables.create(
            "large", files, filesPerManifest, i -> i % DAYS, true, cacheMiB << 20);
    floeTable = tables.floeTable;
    table = tables.table;
    byDay = equal("day", 500);
    // ~11 files by their id bounds, spread over every manifest's range of days
    long from = (files / 2L) * ROWS_PER_FILE;
    byId = and(greaterThanOrEqual("id", from), lessThan("id", from + 1_000));
    System.err.printf(
        "%n[large] %d files in %d manifests; warm decoded cache holds ~%d MiB of heap%n",
        files, tables.manifests, retainedByDecodedCache() >> 20);
  }

  /**
   * Heap held by the decoded manifests of a full warm plan (used heap after GC, with - without).
   */
  private long retainedByDecodedCache() throws IOException {
    tables.dropDecodedManifests();
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
    System.err.printf("%n[large] cache after the trial: %s%n", tables.floe.cacheStats());
    tables.close();
  }

  /** Drops the decoded manifests (their bytes stay cached) before each cold plan. */
  @Setup(Level.Invocation)
  public void dropDecoded(BenchmarkParams params) {
    if (params.getBenchmark().contains("Cold")) {
      tables.dropDecodedManifests();
    }
  }

  private static long drain(CloseableIterable<FileScanTask> tasks) throws IOException {
    return ManifestTables.drain(tasks);
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
