package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.impl.plan.Planner;
import io.floe.impl.spi.Internals;
import io.floe.impl.spi.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
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

  private Path warehouse;
  private Floe floe;
  private Table table;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    warehouse = Files.createTempDirectory("floe-jmh-plan");
    floe =
        Floe.open(
            FloeConfig.builder("bench")
                .property("type", FloeConfig.TYPE_LOCAL)
                .property("warehouse", warehouse.toString())
                .build());
    floe.createNamespace("db");
    table =
        Internals.icebergTable(
            floe.createTable("db.wide")
                .column("id", Types.LongType.get())
                .required()
                .column("day", Types.IntegerType.get())
                .partitionBy(p -> p.identity("day"))
                .property("commit.manifest-merge.enabled", "false")
                .create());
    PartitionSpec spec = table.spec();
    AppendFiles append = table.newFastAppend();
    for (int m = 0; m < manifests; m++) {
      ManifestWriter<DataFile> writer =
          ManifestFiles.write(
              spec, table.io().newOutputFile(table.location() + "/metadata/bench-m" + m + ".avro"));
      try (writer) {
        for (int f = 0; f < filesPerManifest; f++) {
          writer.add(
              DataFiles.builder(spec)
                  .withPath(table.location() + "/data/day=" + m + "/f" + f + ".parquet")
                  .withFormat(FileFormat.PARQUET)
                  .withPartitionPath("day=" + m)
                  .withFileSizeInBytes(1024)
                  .withRecordCount(100)
                  .build());
        }
      }
      ManifestFile manifest = writer.toManifestFile();
      append.appendManifest(manifest);
    }
    append.commit();
    table.refresh();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    floe.close();
    try (Stream<Path> files = Files.walk(warehouse)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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
      if (!Storage.dropDecodedManifests(table.io())) {
        throw new IllegalStateException("No metadata cache on " + table.io());
      }
    }
  }

  /** Cold: every manifest decoded again (from cached bytes), as on the first scan of a snapshot. */
  @Benchmark
  public long floePlannerColdDecode() throws IOException {
    return drain(Planner.planFiles(table.newScan()));
  }
}
