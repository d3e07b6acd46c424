package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.DataWrites;
import io.floe.impl.spi.Internals;
import io.floe.impl.spi.RecordWriter;
import io.floe.maintenance.RewritePositionDeletes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.OutputFileFactory;
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
 * Compaction of position deletes, in process: {@code dataFiles} data files of {@code rowsPerFile}
 * rows each carry {@code deletesPerFile} small position-delete files (one deleted row each, as a
 * streaming job's merge-on-read deletes leave them), then {@code
 * maintenance().rewritePositionDeletes()} merges them into one delete file per data file (format 2)
 * or into deletion vectors (format 3). Each iteration rewrites a fresh table (single shot); the
 * auxiliary counters give replaced delete files per second of the measured run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PositionDeleteRewriteBenchmark {
  @Param({"100"})
  public int dataFiles;

  @Param({"10"})
  public int deletesPerFile;

  @Param({"1000"})
  public int rowsPerFile;

  @Param({"2", "3"})
  public int formatVersion;

  @Param({"2"})
  public int parallelism;

  private Path warehouse;
  private Floe floe;
  private FloeTable table;

  /** Rates of the measured rewrite, reported next to the time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Rates {
    /** Input delete files replaced per second. */
    public double deleteFilesPerSecond;
  }

  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    warehouse = Files.createTempDirectory("floe-position-deletes");
    floe = Floe.local(warehouse);
    // written as v2 (v3 forbids new position-delete files), upgraded below for the DV variant
    table =
        floe.createTable("bench.deletes")
            .column("id", Types.LongType.get())
            .required()
            .column("name", Types.StringType.get())
            .formatVersion(2)
            .create();
    Table iceberg = Internals.icebergTable(table);
    AppendFiles append = iceberg.newAppend();
    List<DataFile> written = new ArrayList<>();
    long id = 0;
    for (int f = 0; f < dataFiles; f++) {
      RecordWriter writer = DataWrites.recordWriter(iceberg);
      for (int r = 0; r < rowsPerFile; r++, id++) {
        GenericRecord record = GenericRecord.create(iceberg.schema());
        record.set(0, id);
        record.set(1, "name-" + id);
        writer.write(record);
      }
      written.addAll(writer.finish());
    }
    written.forEach(append::appendFile);
    append.commit();
    RowDelta deletes = iceberg.newRowDelta();
    GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(iceberg).build();
    OutputFileFactory outputs = OutputFileFactory.builderFor(iceberg, 1, 1).build();
    PartitionSpec spec = iceberg.spec();
    PositionDelete<Record> delete = PositionDelete.create();
    for (DataFile file : written) {
      for (int d = 0; d < deletesPerFile; d++) {
        PositionDeleteWriter<Record> writer =
            writers.newPositionDeleteWriter(
                outputs.newOutputFile(spec, file.partition()), spec, file.partition());
        try (writer) {
          writer.write(delete.set(file.location(), (long) d * 7 % file.recordCount()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        DeleteFile deleteFile = writer.toDeleteFile();
        deletes.addDeletes(deleteFile);
      }
    }
    deletes.commit();
    if (formatVersion == 3) {
      iceberg.updateProperties().set("format-version", "3").commit();
    }
    table.refresh();
  }

  @Benchmark
  public RewritePositionDeletes.Result rewrite(Rates rates) {
    long start = System.nanoTime();
    RewritePositionDeletes.Result result =
        table.maintenance().rewritePositionDeletes().parallelism(parallelism).execute();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (result.rewrittenDeleteFiles() != (long) dataFiles * deletesPerFile
        || result.addedDeleteFiles() != dataFiles) {
      throw new IllegalStateException(
          "Expected "
              + dataFiles * deletesPerFile
              + " delete files replaced by "
              + dataFiles
              + " but got "
              + result);
    }
    rates.deleteFilesPerSecond = result.rewrittenDeleteFiles() / seconds;
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
