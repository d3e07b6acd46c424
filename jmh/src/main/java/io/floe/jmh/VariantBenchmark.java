package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.iceberg.expressions.Expressions;
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
 * Variant columns on {@code Floe.local}: {@code rows} JSON event documents (a user string, a long
 * counter, a decimal price, a boolean, a list of 3 tags and a nested object; ~150 bytes of JSON)
 * written and read as a {@code variant} column ({@code variant}), a variant column with the user,
 * counter and price shredded ({@code shredded}), or the same JSON text in a {@code string} column
 * ({@code string}, the baseline). {@code write}: one append + commit of all rows from JSON text
 * (parsing included). {@code readRows}: a row scan that reads the counter of every row ({@code
 * get("n")} on the variant, Jackson is not used for strings: only the text's length). {@code
 * readArrow}: an Arrow scan of the column. {@code filter}: the rows whose counter is in its lowest
 * 1% (the counter grows with the row number; the table written in 10 appends, so 10 files of
 * disjoint counter ranges): {@code where(lessThan(extract("payload", "$.n", "long"), cut))} in an
 * Arrow scan for the variant columns (shredded: the typed column's statistics prune 9 files of 10),
 * an Arrow scan of every row parsing the JSON text's counter with Jackson for {@code string}.
 * rows/s = rows / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VariantBenchmark {
  @Param({"100000"})
  public int rows;

  @Param({"variant", "shredded", "string"})
  public String column;

  private final AtomicInteger tables = new AtomicInteger();
  private Path dir;
  private Floe floe;
  private List<Map<String, Object>> input;
  private FloeTable readTable;
  private FloeTable filterTable;
  private long cut;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("floe-variant-bench");
    floe = Floe.local(dir);
    SplittableRandom random = new SplittableRandom(42);
    input = new ArrayList<>(rows);
    for (long i = 0; i < rows; i++) {
      String json =
          "{\"user\":\"user-"
              + random.nextInt(10_000)
              + "\",\"n\":"
              + (i * 10_000 + random.nextLong(10_000))
              + ",\"price\":"
              + random.nextInt(100_000) / 100
              + "."
              + (10 + random.nextInt(90))
              + ",\"ok\":"
              + random.nextBoolean()
              + ",\"tags\":[\"a\",\"b"
              + random.nextInt(50)
              + "\",\"c\"],\"geo\":{\"lat\":"
              + random.nextDouble()
              + ",\"lon\":"
              + random.nextDouble()
              + "}}";
      Map<String, Object> row = new HashMap<>();
      row.put("id", i);
      row.put("payload", json);
      input.add(row);
    }
    readTable = createAndWrite();
    filterTable = createAndWrite(10);
    cut = rows * 10_000L / 100;
  }

  private FloeTable createAndWrite() {
    return createAndWrite(1);
  }

  private FloeTable createAndWrite(int appends) {
    FloeTable table =
        floe.createTable("bench.v" + tables.incrementAndGet())
            .columns(
                c -> {
                  c.column("id", Types.LongType.get()).required();
                  if (column.equals("string")) {
                    c.column("payload", Types.StringType.get());
                  } else {
                    c.variant("payload");
                  }
                })
            .properties(
                column.equals("shredded")
                    ? Map.of(
                        "floe.variant.shredded-fields.payload",
                        "user:string, n:long, price:decimal(9,2)")
                    : Map.of())
            .create();
    for (int a = 0; a < appends; a++) {
      table
          .newAppend()
          .rows(input.subList(a * input.size() / appends, (a + 1) * input.size() / appends))
          .commit();
    }
    return table;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    floe.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One append + commit of every row, from JSON text. */
  @Benchmark
  public FloeTable write() {
    return createAndWrite();
  }

  /** A row scan reading the counter (variant) or the text length (string) of every row. */
  @Benchmark
  public long readRows() {
    long sum = 0;
    try (RowStream scan = readTable.newScan().rows()) {
      for (Row row : scan) {
        Object v = row.get("payload");
        sum +=
            v instanceof Variant variant ? variant.get("n").get().asLong() : ((String) v).length();
      }
    }
    return sum;
  }

  /** An Arrow scan of the table: batches of the id and the column. */
  @Benchmark
  public long readArrow() throws Exception {
    long count = 0;
    try (RootAllocator allocator = new RootAllocator();
        ArrowReader reader = readTable.newScan().arrow(ArrowReader.class, allocator)) {
      while (reader.loadNextBatch()) {
        count += reader.getVectorSchemaRoot().getRowCount();
      }
    }
    return count;
  }

  /**
   * The rows whose counter is below the cut: a variant path filter (pruned by the shredded column's
   * statistics when shredded), or every JSON text parsed for {@code string}.
   */
  @Benchmark
  public long filter() throws Exception {
    long count = 0;
    try (RootAllocator allocator = new RootAllocator()) {
      if (column.equals("string")) {
        try (ArrowReader reader = filterTable.newScan().arrow(ArrowReader.class, allocator)) {
          while (reader.loadNextBatch()) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            VarCharVector payload = (VarCharVector) root.getVector("payload");
            for (int i = 0; i < root.getRowCount(); i++) {
              com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(payload.get(i)).get("n");
              if (n != null && n.isIntegralNumber() && n.asLong() < cut) {
                count++;
              }
            }
          }
        }
      } else {
        try (ArrowReader reader =
            filterTable
                .newScan()
                .where(Expressions.lessThan(Expressions.extract("payload", "$.n", "long"), cut))
                .arrow(ArrowReader.class, allocator)) {
          while (reader.loadNextBatch()) {
            count += reader.getVectorSchemaRoot().getRowCount();
          }
        }
      }
    }
    if (count != rows / 100) {
      throw new IllegalStateException("Expected " + rows / 100 + " rows, got " + count);
    }
    return count;
  }
}
