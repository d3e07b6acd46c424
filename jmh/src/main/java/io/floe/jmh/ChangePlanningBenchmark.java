package io.floe.jmh;

import static org.apache.iceberg.expressions.Expressions.equal;

import io.floe.ChangeResult;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.WriteMode;
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

  private Path warehouse;
  private Floe floe;
  private FloeTable floeTable;
  private Table table;
  private final Expression missing = equal("id", -5L);

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    warehouse = Files.createTempDirectory("floe-jmh-change");
    floe =
        Floe.open(
            FloeConfig.builder("bench")
                .property("type", FloeConfig.TYPE_LOCAL)
                .property("warehouse", warehouse.toString())
                .build());
    floe.createNamespace("db");
    floeTable =
        floe.createTable("db.change")
            .column("id", Types.LongType.get())
            .required()
            .column("day", Types.IntegerType.get())
            .partitionBy(p -> p.identity("day"))
            .property("commit.manifest-merge.enabled", "false")
            .create();
    table = Internals.icebergTable(floeTable);
    PartitionSpec spec = table.spec();
    AppendFiles append = table.newFastAppend();
    for (int m = 0; m < manifests; m++) {
      ManifestWriter<DataFile> writer =
          ManifestFiles.write(
              spec, table.io().newOutputFile(table.location() + "/metadata/chg-m" + m + ".avro"));
      try (writer) {
        for (int f = 0; f < FILES_PER_MANIFEST; f++) {
          long i = (long) m * FILES_PER_MANIFEST + f;
          ByteBuffer lower = Conversions.toByteBuffer(Types.LongType.get(), i * 100);
          ByteBuffer upper = Conversions.toByteBuffer(Types.LongType.get(), i * 100 + 99);
          writer.add(
              DataFiles.builder(spec)
                  .withPath(table.location() + "/data/day=" + m + "/f" + f + ".parquet")
                  .withFormat(FileFormat.PARQUET)
                  .withPartitionPath("day=" + m)
                  .withFileSizeInBytes(4096)
                  .withMetrics(
                      new Metrics(
                          100L,
                          Map.of(1, 800L),
                          Map.of(1, 100L),
                          Map.of(1, 0L),
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
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
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

  private static long check(ChangeResult result) {
    if (result.deletedRows() != 0) {
      throw new IllegalStateException("Deleted rows: " + result.deletedRows());
    }
    return result.snapshotId();
  }

  /** What the change planner ran before: Iceberg's default planning of the same filter. */
  @Benchmark
  public long icebergPlanFiles() throws IOException {
    long n = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(missing).planFiles()) {
      for (FileScanTask task : tasks) {
        n += task.file().recordCount();
      }
    }
    return n;
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
