package io.floe.jmh;

import io.floe.Append;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.files.FileImport;
import io.floe.files.ImportResult;
import io.floe.parquet.write.ArrowAppend;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
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
 * floe-files' CSV import ({@code FileImport}: Jackson's CSV parser, text to typed values, Arrow
 * vectors, Floe's Arrow append, one commit) of a 1 M-row, 6-column file (long, int, decimal(12,2),
 * date, timestamptz, string; 10% nulls in two columns, 9% quoted fields: the rows of floe-files'
 * {@code MillionRowRoundTripTest}), against writing the same rows already in memory: {@code
 * arrowAppend} = Floe's {@code ArrowAppend} of Arrow batches of 65,536 rows (the ceiling of the
 * import's write half), {@code rowAppend} = Floe's row append ({@code newAppend().records(...)}) of
 * Iceberg records. The difference between {@code csvImport} and {@code arrowAppend} is the cost of
 * parsing and converting the text; the one between the two appends says which write path an import
 * should feed. Each invocation writes to a table created before it (local catalog, fsync off);
 * single shot, so the figure is ms per 1 M rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "-XX:+AlwaysPreTouch",
      "-Xms3g",
      "-Xmx3g"
    })
public class CsvImportBenchmark {
  @Param({"1000000"})
  public int rows;

  private static final int BATCH = 65_536;
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "n", Types.IntegerType.get()),
          Types.NestedField.optional(3, "price", Types.DecimalType.of(12, 2)),
          Types.NestedField.optional(4, "day", Types.DateType.get()),
          Types.NestedField.optional(5, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(6, "name", Types.StringType.get()));

  private final AtomicInteger runs = new AtomicInteger();
  private Path dir;
  private Path csv;
  private Floe floe;
  private BufferAllocator allocator;
  private List<VectorSchemaRoot> batches;
  private FloeTable table;

  static Long n(int i) {
    return i % 10 != 3 ? (long) (i % 1000 - 500) : null;
  }

  static BigDecimal price(int i) {
    return BigDecimal.valueOf(i * 7L % 100_000, 2);
  }

  static LocalDate day(int i) {
    return LocalDate.of(2020, 1, 1).plusDays(i % 2000);
  }

  static OffsetDateTime ts(int i) {
    return i % 17 != 0
        ? OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
            .plusSeconds(i * 13L)
            .plusNanos((i % 1000) * 1000L)
        : null;
  }

  static String name(int i) {
    return i % 11 == 0 ? "name, " + i : "name-" + (i % 5000);
  }

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = BenchData.tempDir("floe-csv-import");
    floe = BenchData.open(dir.resolve("warehouse"), "false");
    floe.createNamespace("bench");
    csv = dir.resolve("in.csv");
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("id,n,price,day,ts,name\n");
      for (int i = 0; i < rows; i++) {
        Long n = n(i);
        OffsetDateTime ts = ts(i);
        String name = name(i);
        out.write(
            i
                + ","
                + (n == null ? "" : n)
                + ","
                + price(i).toPlainString()
                + ","
                + day(i)
                + ","
                + (ts == null ? "" : ts)
                + ","
                + (name.indexOf(',') >= 0 ? "\"" + name + "\"" : name)
                + "\n");
      }
    }
    allocator = new RootAllocator();
    batches = new ArrayList<>();
    for (int from = 0; from < rows; from += BATCH) {
      int count = Math.min(BATCH, rows - from);
      BigIntVector id = new BigIntVector("id", allocator);
      IntVector n = new IntVector("n", allocator);
      DecimalVector price = new DecimalVector("price", allocator, 12, 2);
      DateDayVector day = new DateDayVector("day", allocator);
      TimeStampMicroTZVector ts = new TimeStampMicroTZVector("ts", allocator, "UTC");
      VarCharVector name = new VarCharVector("name", allocator);
      for (int k = 0; k < count; k++) {
        int i = from + k;
        id.setSafe(k, i);
        Long nv = n(i);
        if (nv == null) {
          n.setNull(k);
        } else {
          n.setSafe(k, nv.intValue());
        }
        price.setSafe(k, price(i));
        day.setSafe(k, (int) day(i).toEpochDay());
        OffsetDateTime t = ts(i);
        if (t == null) {
          ts.setNull(k);
        } else {
          ts.setSafe(k, t.toEpochSecond() * 1_000_000L + t.getNano() / 1000);
        }
        name.setSafe(k, name(i).getBytes(StandardCharsets.UTF_8));
      }
      VectorSchemaRoot root = VectorSchemaRoot.of(id, n, price, day, ts, name);
      root.setRowCount(count);
      batches.add(root);
    }
  }

  @Setup(Level.Invocation)
  public void newTable() {
    table = floe.createTable("bench.t" + runs.incrementAndGet()).schema(SCHEMA).create();
  }

  @Benchmark
  public long csvImport() {
    ImportResult result = FileImport.into(table).from(csv).run();
    return result.rowsWritten();
  }

  @Benchmark
  public long arrowAppend() {
    try (ArrowAppend append = ArrowAppend.to(table).expectedRows(rows)) {
      for (VectorSchemaRoot batch : batches) {
        append.batch(batch);
      }
      return append.commit().addedRecords();
    }
  }

  /**
   * The rows as Iceberg records, made only for {@code rowAppend}: a million live records would slow
   * the other benchmarks' garbage collection.
   */
  @State(Scope.Benchmark)
  public static class Records {
    List<Record> records;

    @Setup(Level.Trial)
    public void setup(CsvImportBenchmark bench) {
      records = new ArrayList<>(bench.rows);
      for (int i = 0; i < bench.rows; i++) {
        Long nv = n(i);
        GenericRecord record = GenericRecord.create(SCHEMA);
        record.set(0, (long) i);
        record.set(1, nv == null ? null : nv.intValue());
        record.set(2, price(i));
        record.set(3, day(i));
        record.set(4, ts(i));
        record.set(5, name(i));
        records.add(record);
      }
    }
  }

  @Benchmark
  public long rowAppend(Records records) {
    try (Append append = table.newAppend().expectedRows(rows)) {
      return append.records(records.records).commit().addedRecords();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    batches.forEach(VectorSchemaRoot::close);
    allocator.close();
    floe.close();
    BenchData.delete(dir);
  }
}
