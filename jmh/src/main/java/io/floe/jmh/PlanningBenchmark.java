package io.floe.jmh;

import io.floe.impl.plan.Planner;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
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

/**
 * planFiles over a snapshot with many manifests: Floe's planner (bounded executor, blocking on
 * futures) against Iceberg's default planning (worker pool behind {@code ParallelIterable}, which
 * sleeps 10 ms per empty poll). Both read the same table through the same file IO.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar PlanningBenchmark -f 1 -wi 2 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlanningBenchmark {
  /** Manifests in the snapshot. */
  @Param({"200", "2000"})
  public int manifests;

  /** Data files listed by each manifest. */
  @Param({"4"})
  public int filesPerManifest;

  private ManifestTables tables;
  private Table table;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    int perManifest = filesPerManifest;
    tables =
        ManifestTables.create(
            "wide", manifests * perManifest, perManifest, i -> i / perManifest, false, 0);
    table = tables.table;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    tables.close();
  }

  private static long drain(CloseableIterable<FileScanTask> tasks) throws IOException {
    return ManifestTables.drain(tasks);
  }

  @Benchmark
  public long icebergDefault() throws IOException {
    return drain(table.newScan().planFiles());
  }

  /** Warm: manifests decoded by an earlier plan, pruned from the metadata cache. */
  @Benchmark
  public long floePlanner() throws IOException {
    return drain(Planner.planFiles(table.newScan()));
  }

  /** Drops the decoded manifests (their bytes stay cached) before each cold plan. */
  @Setup(Level.Invocation)
  public void dropDecoded(org.openjdk.jmh.infra.BenchmarkParams params) {
    if (params.getBenchmark().endsWith("floePlannerColdDecode")) {
      tables.dropDecodedManifests();
    }
  }

  /** Cold: every manifest decoded again (from cached bytes), as on the first scan of a snapshot. */
  @Benchmark
  public long floePlannerColdDecode() throws IOException {
    return drain(Planner.planFiles(table.newScan()));
  }
}
