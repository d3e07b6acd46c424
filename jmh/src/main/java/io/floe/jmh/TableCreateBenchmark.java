package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeTable;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.types.Types;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Creating a table on the embedded default ({@code Floe.local}: SQLite catalog, local files), warm:
 * five columns, partitioned by day of {@code ts} or not, each invocation a new name in one
 * namespace (the metadata file written, the catalog row inserted). The tables are dropped at the
 * end of each trial, outside the timed part.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar TableCreateBenchmark -f 1 -wi 3 -i 5 -w 2s -r
 * 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TableCreateBenchmark {
  static {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  /** {@code none} or {@code day}: partitioned by the day of {@code ts}. */
  @Param({"none", "day"})
  public String partition;

  /** {@code floe.local.fsync}: the metadata file synced to the disk (the default) or not. */
  @Param({"true", "false"})
  public String fsync;

  private Path dir;
  private Floe floe;
  private int tables;

  @Setup
  public void setUp() {
    dir = BenchData.tempDir("floe-create-bench");
    floe = BenchData.open(dir, fsync);
  }

  @Benchmark
  public FloeTable create() {
    var creator =
        floe.createTable("bench.t" + tables++)
            .column("id", Types.LongType.get())
            .required()
            .column("ts", Types.TimestampType.withZone())
            .column("category", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .column("payload", Types.StringType.get());
    if (partition.equals("day")) {
      creator.partitionBy(p -> p.day("ts"));
    }
    return creator.create();
  }

  @TearDown
  public void tearDown() {
    floe.close();
    BenchData.delete(dir);
  }
}
