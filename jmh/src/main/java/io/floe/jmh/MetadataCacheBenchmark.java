package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * loadTable and scan planning on a local (SQLite + files) table with many snapshots, each adding
 * one manifest, through a Floe with the metadata cache and one without it.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar MetadataCacheBenchmark -f 1 -wi 2 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetadataCacheBenchmark {
  /** Snapshots (and manifests) in the table; CI smoke runs use a small number. */
  @Param({"200"})
  public int snapshots;

  private Path warehouse;
  private Floe cached;
  private Floe uncached;

  private FloeConfig config(boolean cache) {
    return FloeConfig.builder("bench")
        .property("type", FloeConfig.TYPE_LOCAL)
        .property("warehouse", warehouse.toString())
        .property("floe.cache.enabled", String.valueOf(cache))
        .property("floe.cache.revalidate-after-ms", "60000")
        .build();
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    warehouse = Files.createTempDirectory("floe-jmh-cache");
    try (Floe floe = Floe.open(config(false))) {
      floe.createNamespace("db");
      FloeTable table =
          floe.createTable("db.events")
              .column("id", Types.LongType.get())
              .required()
              .column("category", Types.StringType.get())
              .property("commit.manifest-merge.enabled", "false")
              .create();
      for (int i = 0; i < snapshots; i++) {
        table.newAppend().row(Map.of("id", (long) i, "category", "c" + (i % 7))).commit();
      }
    }
    cached = Floe.open(config(true));
    uncached = Floe.open(config(false));
    cached.loadTable("db.events").newScan().count();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cached.close();
    uncached.close();
    try (Stream<Path> files = Files.walk(warehouse)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public FloeTable loadTableCached() {
    return cached.loadTable("db.events");
  }

  @Benchmark
  public FloeTable loadTableUncached() {
    return uncached.loadTable("db.events");
  }

  @Benchmark
  public long loadAndPlanCached() {
    return cached.loadTable("db.events").newScan().count();
  }

  @Benchmark
  public long loadAndPlanUncached() {
    return uncached.loadTable("db.events").newScan().count();
  }
}
