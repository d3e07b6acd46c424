package io.floe.jmh;

import io.floe.ChangeResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
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
 * Upserts {@code tableRows / 10} keys into a {@code tableRows}-row table: half of them existing
 * keys spread over the whole table (every 20th id, so every data file is touched), half new keys.
 * {@code upsert} measures the upsert + commit; {@code readAfterUpsert} measures a full row scan of
 * the table right after such an upsert (merge-on-read pays for its deletes here). Each iteration
 * starts from the same base snapshot (rolled back in setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UpsertBenchmark {
  @Param({"10000000"})
  public long tableRows;

  @Param({"MERGE_ON_READ", "COPY_ON_WRITE"})
  public WriteMode mode;

  private Path dir;
  private Floe floe;
  private FloeTable table;
  private long baseSnapshot;
  private List<Record> input;

  @Setup(Level.Trial)
  public void createTable() {
    dir = BenchData.tempDir("floe-upsert-bench");
    floe = BenchData.open(dir);
    table = BenchData.columns(floe.createTable("bench.upsert")).create();
    Schema schema = table.schema();
    table
        .newAppend()
        .expectedRows(tableRows)
        .records(BenchData.range(schema, 0, tableRows, 1.0))
        .commit();
    baseSnapshot = table.currentSnapshot().orElseThrow().snapshotId();
    long keys = Math.max(2, tableRows / 10);
    input = new ArrayList<>((int) keys);
    for (long i = 0; i < keys / 2; i++) {
      input.add(BenchData.record(schema, i * 20, 2.0)); // existing, spread over all files
    }
    for (long i = 0; i < keys - keys / 2; i++) {
      input.add(BenchData.record(schema, tableRows + i, 2.0)); // new
    }
  }

  @Setup(Level.Iteration)
  public void rollBack() {
    Internals.icebergTable(table).manageSnapshots().rollbackTo(baseSnapshot).commit();
    table.refresh();
  }

  private ChangeResult doUpsert() {
    return table.newUpsert().key("id").mode(mode).records(input).commit();
  }

  @Benchmark
  public ChangeResult upsert() {
    ChangeResult result = doUpsert();
    if (result.updatedRows() != input.size() / 2) {
      throw new IllegalStateException("expected " + input.size() / 2 + " updated rows: " + result);
    }
    return result;
  }

  /** Holds the table after an (unmeasured) upsert for {@link #readAfterUpsert}. */
  @State(Scope.Benchmark)
  public static class Upserted {
    @Setup(Level.Iteration)
    public void upsert(UpsertBenchmark bench) {
      bench.rollBack();
      bench.doUpsert();
    }
  }

  @Benchmark
  public long readAfterUpsert(Upserted upserted) throws Exception {
    long rows = 0;
    try (CloseableIterable<Row> all = table.newScan().select("id", "value").rows()) {
      for (Row row : all) {
        rows += row.size();
      }
    }
    long expected = 2 * (tableRows + input.size() / 2);
    if (rows != expected) {
      throw new IllegalStateException("read " + rows / 2 + " rows, expected " + expected / 2);
    }
    return rows;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    floe.close();
    BenchData.delete(dir);
  }
}
