package io.floe.jmh;

import static org.apache.iceberg.expressions.Expressions.equal;

import io.floe.ChangeResult;
import io.floe.FloeTable;
import io.floe.WriteMode;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
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
 * The planning part of a row-level change: {@code newDelete().where(id = -5)} (copy-on-write and
 * merge-on-read) on a table of {@code manifests × 4} data files (metadata only, each file with
 * {@code id} bounds that exclude the key), so every manifest is read and every file pruned by its
 * statistics and no data file is opened; the delete matches nothing and commits nothing. Baseline:
 * Iceberg's default {@code planFiles()} with the same filter, which is what the change planner ran
 * before (worker pool behind {@code ParallelIterable}). Cold variants drop the decoded manifests
 * before each call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ChangePlanningBenchmark {
  /** Manifests in the snapshot. */
  @Param({"200"})
  public int manifests;

  private static final int FILES_PER_MANIFEST = 4;

  private ManifestTables tables;
  private FloeTable floeTable;
  private Table table;
  private final Expression missing = equal("id", -5L);

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    tables =
        ManifestTables.create(
            "change",
            manifests * FILES_PER_MANIFEST,
            FILES_PER_MANIFEST,
            i -> i / FILES_PER_MANIFEST,
            true,
            0);
    floeTable = tables.floeTable;
    table = tables.table;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    tables.close();
  }

  /** Drops the decoded manifests (their bytes stay cached) before each cold plan. */
  @Setup(Level.Invocation)
  public void dropDecoded(BenchmarkParams params) {
    if (params.getBenchmark().contains("Cold")) {
      tables.dropDecodedManifests();
    }
  }

  private static long check(ChangeResult result) {
    if (result.deletedRows() != 0) {
      throw new IllegalStateException("Deleted rows: " + result.deletedRows());
    }
    return result.snapshotId();
  }

  /** What the change planner ran before: Iceberg's default planning of the same filter. */
  @Benchmark
  public long icebergPlanFiles() throws IOException {
    return ManifestTables.drain(table.newScan().filter(missing).planFiles());
  }

  @Benchmark
  public long deleteCopyOnWrite() {
    return check(floeTable.newDelete().where(missing).mode(WriteMode.COPY_ON_WRITE).commit());
  }

  @Benchmark
  public long deleteMergeOnRead() {
    return check(floeTable.newDelete().where(missing).mode(WriteMode.MERGE_ON_READ).commit());
  }

  @Benchmark
  public long deleteCopyOnWriteCold() {
    return check(floeTable.newDelete().where(missing).mode(WriteMode.COPY_ON_WRITE).commit());
  }
}
