package io.floe.jmh;

import io.floe.maintenance.VerifyTable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.FileScanTask;
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
 * {@code maintenance().verifyTable().metadataOnly()} on a table of {@code files} data files (100
 * per manifest; each a real 4 KiB file on local disk, so every check passes): the manifest walk
 * from storage plus one length check per file, on {@code threads} threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VerifyBenchmark {
  /** Data files in the table. */
  @Param({"10000"})
  public int files;

  /** Threads checking files. */
  @Param({"4"})
  public int threads;

  private ManifestTables tables;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    tables = ManifestTables.create("verified", files, 100, i -> i % 1000, true, 0);
    byte[] bytes = new byte[4096];
    try (CloseableIterable<FileScanTask> tasks = tables.table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        String location = task.file().location();
        Path path =
            location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        Files.createDirectories(path.getParent());
        Files.write(path, bytes);
      }
    }
    VerifyTable.Result r = run();
    if (!r.intact() || r.files() != files) {
      throw new IllegalStateException(
          "set-up: " + r.files() + " files, " + r.problems().size() + " problems");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    tables.close();
  }

  private VerifyTable.Result run() {
    return tables
        .floeTable
        .maintenance()
        .verifyTable()
        .metadataOnly()
        .parallelism(threads)
        .execute();
  }

  @Benchmark
  public VerifyTable.Result metadataOnly() {
    return run();
  }
}
