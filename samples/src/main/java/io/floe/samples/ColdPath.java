package io.floe.samples;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.parquet.ArrowBatches;
import io.floe.parquet.write.ArrowAppend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.types.Types;

/**
 * What a short-lived process does (a command-line run, a serverless function, the quick start):
 * open the local warehouse, create a table, append rows, read them all back, exit. Prints the time
 * of each step, so that a fresh JVM's run can be compared with the same steps repeated in one warm
 * JVM ({@code jmh/cold-path.sh} does both and reports the ratio).
 *
 * <p>Arguments: {@code warehouse rows writer partition repeat}, where {@code writer} is {@code
 * rows} (maps through {@code newAppend().rows(...)}, read back with {@code rows()}) or {@code
 * arrow} (Arrow batches through {@code ArrowAppend}, read back as Arrow batches), {@code partition}
 * is {@code none} or {@code category}, and {@code repeat} is how many times the steps run in this
 * JVM (each time in a fresh warehouse). Defaults: {@code target/cold-path 1000000 arrow none 1}.
 */
public final class ColdPath {
  private static final String[] CATEGORIES = {
    "books", "games", "music", "films", "garden", "toys", "food", "tools", "sport", "travel"
  };
  private static final int BATCH = 65_536;
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private ColdPath() {}

  /**
   * Runs the steps {@code repeat} times and prints one line per run.
   *
   * @param args warehouse, rows, writer, partition, repeat (all optional)
   * @throws IOException when the warehouse cannot be prepared
   */
  public static void main(String[] args) throws IOException {
    Path warehouse = Path.of(args.length > 0 ? args[0] : "target/cold-path");
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    String writer = args.length > 2 ? args[2] : "arrow";
    String partition = args.length > 3 ? args[3] : "none";
    int repeat = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    for (int i = 1; i <= repeat; i++) {
      Times t = run(warehouse.resolve("run-" + i), rows, writer, partition);
      System.out.printf(
          "run %d: open+create %d ms, append %d ms, scan %d ms, total %d ms (%d rows read)%n",
          i, t.createMillis(), t.appendMillis(), t.scanMillis(), t.totalMillis(), t.rowsRead());
    }
  }

  /**
   * The time each step took in one run.
   *
   * @param createMillis opening the warehouse and creating the table
   * @param appendMillis the append (one commit)
   * @param scanMillis reading every row back
   * @param totalMillis all steps, closing included
   * @param rowsRead rows the scan returned
   */
  public record Times(
      long createMillis, long appendMillis, long scanMillis, long totalMillis, long rowsRead) {}

  /**
   * Runs the steps once in a fresh warehouse folder.
   *
   * @param warehouse the warehouse folder; deleted first if it exists
   * @param rows rows to append
   * @param writer {@code rows} or {@code arrow}
   * @param partition {@code none} or {@code category}
   * @return the time of each step
   * @throws IOException when the warehouse cannot be prepared
   */
  public static Times run(Path warehouse, int rows, String writer, String partition)
      throws IOException {
    if (!writer.equals("rows") && !writer.equals("arrow")) {
      throw new IllegalArgumentException("writer must be rows or arrow, was " + writer);
    }
    if (!partition.equals("none") && !partition.equals("category")) {
      throw new IllegalArgumentException("partition must be none or category, was " + partition);
    }
    QuickStart.deleteRecursively(warehouse);
    long start = System.nanoTime();
    long created;
    long appended;
    long read;
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table =
          floe.createTable("cold.events")
              .column("id", Types.LongType.get())
              .required()
              .column("ts", Types.TimestampType.withZone())
              .column("category", Types.StringType.get())
              .column("value", Types.DoubleType.get())
              .partitionBy(
                  p -> {
                    if (partition.equals("category")) {
                      p.identity("category");
                    }
                  })
              .create();
      created = System.nanoTime();
      if (writer.equals("rows")) {
        table.newAppend().rows(maps(rows)).commit();
      } else {
        appendArrow(table, rows);
      }
      appended = System.nanoTime();
      read = writer.equals("rows") ? scanRows(table) : scanArrow(table);
    }
    long end = System.nanoTime();
    return new Times(
        (created - start) / 1_000_000,
        (appended - created) / 1_000_000,
        (end - appended) / 1_000_000,
        (end - start) / 1_000_000,
        read);
  }

  private static void appendArrow(FloeTable table, int rows) {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowAppend append = ArrowAppend.to(table).expectedRows(rows)) {
      byte[][] names = new byte[CATEGORIES.length][];
      for (int c = 0; c < names.length; c++) {
        names[c] = CATEGORIES[c].getBytes(StandardCharsets.UTF_8);
      }
      for (int from = 0; from < rows; from += BATCH) {
        int n = Math.min(BATCH, rows - from);
        try (BigIntVector id = new BigIntVector("id", allocator);
            TimeStampMicroTZVector ts = new TimeStampMicroTZVector("ts", allocator, "UTC");
            VarCharVector category = new VarCharVector("category", allocator);
            Float8Vector value = new Float8Vector("value", allocator)) {
          id.allocateNew(n);
          ts.allocateNew(n);
          category.allocateNew(8L * n, n);
          value.allocateNew(n);
          long micros = BASE.getEpochSecond() * 1_000_000L;
          for (int i = 0; i < n; i++) {
            long row = from + (long) i;
            id.set(i, row);
            ts.set(i, micros + row * 1_000_000L);
            category.setSafe(i, names[(int) (mix(row) % names.length)]);
            value.set(i, (row % 1000) / 10.0);
          }
          VectorSchemaRoot batch = VectorSchemaRoot.of(id, ts, category, value);
          batch.setRowCount(n);
          append.batch(batch);
        }
      }
      append.commit();
    }
  }

  private static long scanRows(FloeTable table) {
    long count = 0;
    double sum = 0;
    try (RowStream rows = table.newScan().rows()) {
      for (Row row : rows) {
        count++;
        sum += row.get("value", Double.class);
      }
    }
    return sum < 0 ? -count : count;
  }

  private static long scanArrow(FloeTable table) {
    long count = 0;
    double sum = 0;
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = table.newScan().arrow(ArrowBatches.class, allocator)) {
      while (batches.hasNext()) {
        VectorSchemaRoot batch = batches.next();
        Float8Vector value = (Float8Vector) batch.getVector("value");
        for (int i = 0; i < batch.getRowCount(); i++) {
          sum += value.get(i);
        }
        count += batch.getRowCount();
      }
    }
    return sum < 0 ? -count : count;
  }

  /** Categories in a random-looking order, so a partitioned append sees them interleaved. */
  private static long mix(long row) {
    long x = row * 0x9E3779B97F4A7C15L;
    return (x ^ (x >>> 31)) & Long.MAX_VALUE;
  }

  private static List<Map<String, Object>> maps(int count) {
    return new AbstractList<>() {
      @Override
      public Map<String, Object> get(int index) {
        Map<String, Object> row = new HashMap<>(8);
        row.put("id", (long) index);
        row.put("ts", BASE.plusSeconds(index));
        row.put("category", CATEGORIES[(int) (mix(index) % CATEGORIES.length)]);
        row.put("value", (index % 1000) / 10.0);
        return row;
      }

      @Override
      public int size() {
        return count;
      }
    };
  }
}
