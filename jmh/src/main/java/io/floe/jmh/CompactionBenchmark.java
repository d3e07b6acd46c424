package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.DataWrites;
import io.floe.impl.spi.Internals;
import io.floe.impl.spi.RecordWriter;
import io.floe.maintenance.RewriteDataFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Compaction of many small files into files of the target size, in process: {@code files} data
 * files of {@code rowsPerFile} rows each (one commit) are bin-packed by {@code
 * maintenance().rewriteDataFiles()}. Each iteration compacts a fresh table (single shot); the
 * auxiliary counters give input files and megabytes per second of the measured run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompactionBenchmark {
  @Param({"1000"})
  public int files;

  @Param({"200"})
  public int rowsPerFile;

  @Param({"2"})
  public int parallelism;

  private Path warehouse;
  private Floe floe;
  private FloeTable table;
  private long inputBytes;

  /** Rates of the measured compaction, reported next to the time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Rates {
    /** Input files compacted per second. */
    public double filesPerSecond;

    /** Input megabytes (MiB) compacted per second. */
    public double mbPerSecond;
  }

  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    warehouse = Files.createTempDirectory("floe-compaction");
    floe = Floe.local(warehouse);
    table =
        floe.createTable("bench.small_files")
            .column("id", Types.LongType.get())
            .required()
            .column("name", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .create();
    Table iceberg = Internals.icebergTable(table);
    AppendFiles append = iceberg.newAppend();
    inputBytes = 0;
    long id = 0;
    for (int f = 0; f < files; f++) {
      RecordWriter writer = DataWrites.recordWriter(iceberg);
      for (int r = 0; r < rowsPerFile; r++, id++) {
        GenericRecord record = GenericRecord.create(iceberg.schema());
        record.set(0, id);
        record.set(1, "name-" + (id * 7919 % 100_000));
        record.set(2, id * 0.5);
        writer.write(record);
      }
      for (DataFile file : writer.finish()) {
        append.appendFile(file);
        inputBytes += file.fileSizeInBytes();
      }
    }
    append.commit();
    table.refresh();
  }

  @Benchmark
  public RewriteDataFiles.Result compact(Rates rates) {
    long start = System.nanoTime();
    RewriteDataFiles.Result result =
        table
            .maintenance()
            .rewriteDataFiles()
            .targetFileSize(128L << 20)
            .parallelism(parallelism)
            .execute();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (result.rewrittenDataFiles() != files) {
      throw new IllegalStateException("Expected " + files + " files rewritten but got " + result);
    }
    rates.filesPerSecond = result.rewrittenDataFiles() / seconds;
    rates.mbPerSecond = inputBytes / (1024.0 * 1024.0) / seconds;
    return result;
  }

  @TearDown(Level.Iteration)
  public void tearDown() throws Exception {
    floe.close();
    try (Stream<Path> walk = Files.walk(warehouse)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
