package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.events.FloeListener;
import io.floe.metrics.AuditLog;
import io.floe.metrics.FloeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.types.Types;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What Floe's events cost ({@code io.floe.events}, issue 20): a small append's commit and a full
 * row scan on {@code Floe.local} (fsync off), with no listener ({@code none}: the events are not
 * built at all), a listener that does nothing ({@code noop}: events built and delivered), and
 * floe-metrics' {@code FloeMetrics} plus {@code AuditLog} ({@code metrics}: Micrometer meters in a
 * {@code SimpleMeterRegistry} and a JSON line per commit to SLF4J). Each iteration starts on a
 * fresh table, so every variant commits to tables of the same sizes.
 *
 * <p>Run: {@code java -Djmh.ignoreLock=true -jar jmh/target/benchmarks.jar EventOverheadBenchmark
 * -f 1 -wi 2 -i 5 -w 1s -r 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class EventOverheadBenchmark {
  static {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  /** Which listeners the handle has. */
  @Param({"none", "noop", "metrics"})
  public String listener;

  /** Rows of the scanned table. */
  @Param({"100000"})
  public int rows;

  private Path warehouse;
  private Floe floe;
  private FloeTable appended;
  private FloeTable scanned;
  private List<Map<String, Object>> small;
  private int iteration;

  @Setup(Level.Trial)
  public void open() throws IOException {
    warehouse = Files.createTempDirectory("floe-events");
    FloeConfig config =
        FloeConfig.builder("local")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", warehouse.toString())
            .property(FloeConfig.LOCAL_FSYNC, "false")
            .build();
    if (listener.equals("noop")) {
      config = config.withListener(new FloeListener() {});
    } else if (listener.equals("metrics")) {
      config =
          config
              .withListener(FloeMetrics.bindTo(new SimpleMeterRegistry()))
              .withListener(AuditLog.create());
    }
    floe = Floe.open(config);
    scanned =
        floe.createTable("bench.scanned")
            .column("id", Types.LongType.get())
            .column("v", Types.StringType.get())
            .create();
    List<Map<String, Object>> all = new ArrayList<>(rows);
    for (long i = 0; i < rows; i++) {
      all.add(Map.of("id", i, "v", "value-" + (i % 1000)));
    }
    scanned.newAppend().rows(all).commit();
    small = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      small.add(Map.of("id", i, "v", "v" + i));
    }
  }

  @Setup(Level.Iteration)
  public void freshTable() {
    appended =
        floe.createTable("bench.appended" + iteration++)
            .column("id", Types.LongType.get())
            .column("v", Types.StringType.get())
            .create();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    floe.close();
    try (Stream<Path> files = Files.walk(warehouse)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Appends ten rows (a data file and a commit).
   *
   * @return the new snapshot's id
   */
  @Benchmark
  public long append() {
    appended.newAppend().rows(small).commit();
    return appended.currentSnapshot().orElseThrow().snapshotId();
  }

  /**
   * Reads every row of the scanned table.
   *
   * @return the sum of the ids
   */
  @Benchmark
  public long scan() {
    long sum = 0;
    try (RowStream stream = scanned.newScan().rows()) {
      for (Row row : stream) {
        sum += (Long) row.get("id");
      }
    }
    return sum;
  }
}
