package io.floe.jmh;

import io.floe.metrics.TableMonitor;
import io.floe.metrics.TableStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The cost of a {@code TableMonitor} refresh on a table of {@code files} data files (metadata only,
 * 100 files per manifest, 1,000 day partitions): {@code unchanged} is the every-minute case (the
 * table did not change: a metadata check), {@code changed} recomputes the statistics from every
 * manifest (a new monitor each time: what a refresh after a commit costs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TableMonitorBenchmark {
  /** Data files in the table. */
  @Param({"10000"})
  public int files;

  private ManifestTables tables;
  private TableMonitor warm;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    tables = ManifestTables.create("monitored", files, 100, i -> i % 1000, true, 0);
    warm =
        TableMonitor.builder(tables.floe)
            .watch(tables.floeTable.name())
            .registry(new SimpleMeterRegistry())
            .build();
    warm.refresh();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    warm.close();
    tables.close();
  }

  @Benchmark
  public List<TableStatus> unchanged() {
    return warm.refresh();
  }

  @Benchmark
  public List<TableStatus> changed() {
    try (TableMonitor monitor =
        TableMonitor.builder(tables.floe).watch(tables.floeTable.name()).build()) {
      return monitor.refresh();
    }
  }
}
