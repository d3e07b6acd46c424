package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.DataWrites;
import io.floe.impl.spi.Internals;
import io.floe.impl.spi.RecordWriter;
import io.floe.testkit.FloeTestKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
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
 * The commit of a small append, without the writing of its data: one data file of a few rows
 * (written once) is committed again and again, by Floe's append ({@code DataWrites.commitAppend}:
 * the manifest written in the calling thread, commit-file tracking, the snapshot found by its
 * commit id) and by Iceberg's own {@code AppendFiles} on the same kind of table. A table takes
 * {@code snapshots} commits, then the next invocation gets a fresh one (outside the timed part):
 * both sides commit to tables of 0 to {@code snapshots - 1} snapshots, not to one table whose
 * metadata grows through the run. Backends: the embedded default ({@code Floe.local}: SQLite
 * catalog, local files) and the test kit in memory.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar AppendCommitBenchmark -f 1 -wi 3 -i 5 -w 2s -r
 * 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AppendCommitBenchmark {
  static {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  /** Where the table lives. */
  @Param({"LOCAL", "MEMORY"})
  public String backend;

  /**
   * {@code floe.local.fsync} on {@code LOCAL}: files synced to the disk before the commit (default)
   * or not.
   */
  @Param({"true", "false"})
  public String fsync;

  /** Commits a table takes before the next invocation gets a fresh table. */
  @Param({"20"})
  public int snapshots;

  private Path warehouse;
  private Floe floe;
  private FloeTestKit kit;
  private Table iceberg;
  private String name;
  private DataFile file;
  private int tables;
  private int commits;

  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    if (backend.equals("LOCAL")) {
      warehouse = Files.createTempDirectory("floe-commit");
      floe = BenchData.open(warehouse, fsync);
    } else {
      kit = FloeTestKit.inMemory();
      floe = kit.floe();
    }
    newTable();
  }

  /** Every {@code snapshots} commits the next one goes to a fresh table. */
  @Setup(Level.Invocation)
  public void rotate() {
    if (++commits % snapshots == 0) {
      newTable();
    }
  }

  private void newTable() {
    name = "bench.commits" + tables++;
    FloeTable table =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("category", Types.StringType.get())
            .create();
    iceberg = Internals.icebergTable(table);
    RecordWriter writer = DataWrites.recordWriter(iceberg);
    for (long id = 0; id < 10; id++) {
      GenericRecord record = GenericRecord.create(iceberg.schema());
      record.setField("id", id);
      record.setField("category", "c" + id % 3);
      writer.write(record);
    }
    List<DataFile> files = writer.finish();
    file = files.get(0);
  }

  @TearDown(Level.Iteration)
  public void tearDown() throws IOException {
    if (kit != null) {
      kit.close();
      kit = null;
    } else {
      floe.close();
      try (Stream<Path> files = Files.walk(warehouse)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (UncheckedIOException e) {
        // best effort
      }
    }
  }

  /** Floe's append commit of one data file. */
  @Benchmark
  public long floeAppendCommit() {
    return DataWrites.commitAppend(name, iceberg, List.of(file), Map.of(), null).snapshotId();
  }

  /** Iceberg's own {@code AppendFiles} commit of the same data file. */
  @Benchmark
  public long icebergAppendCommit() {
    iceberg.newAppend().appendFile(file).commit();
    return iceberg.currentSnapshot().snapshotId();
  }
}
