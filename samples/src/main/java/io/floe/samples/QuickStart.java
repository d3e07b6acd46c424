package io.floe.samples;

import static org.apache.iceberg.expressions.Expressions.equal;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.types.Types;

/**
 * Floe's quick start on the embedded default (a local warehouse, no server): creates a table,
 * writes 1,000,000 rows, scans with a filter, time-travels, and prints counts and timings.
 *
 * <p>Run with {@code mvn -q -pl samples -am package exec:exec -DskipTests} (see the README); the
 * optional first argument is the warehouse folder and the second the row count.
 */
public final class QuickStart {
  private static final String[] CATEGORIES = {
    "books", "games", "music", "films", "garden", "toys", "food", "tools", "sport", "travel"
  };

  private QuickStart() {}

  /**
   * Runs the quick start.
   *
   * @param args optional warehouse folder and row count
   * @throws IOException when the warehouse cannot be prepared
   */
  public static void main(String[] args) throws IOException {
    Path warehouse = Path.of(args.length > 0 ? args[0] : "target/quickstart-warehouse");
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    run(warehouse, rows, System.out);
  }

  /**
   * What a run found, for tests.
   *
   * @param written rows written by the first append
   * @param books rows the filtered scan returned
   * @param total rows in the table after the first append
   * @param now rows after the second append
   * @param then rows at the first snapshot (time travel)
   */
  public record Summary(long written, long books, long total, long now, long then) {}

  /**
   * Runs the quick start in a fresh warehouse folder.
   *
   * @param warehouse the warehouse folder; deleted first if it exists
   * @param rows how many rows the first append writes
   * @param out where the figures are printed
   * @return the counts the run saw
   * @throws IOException when the warehouse cannot be prepared
   */
  public static Summary run(Path warehouse, int rows, java.io.PrintStream out) throws IOException {
    deleteRecursively(warehouse);

    try (Floe floe = Floe.local(warehouse)) {
      FloeTable events =
          floe.createTable("analytics.events")
              .column("id", Types.LongType.get())
              .required()
              .column("ts", Types.TimestampType.withZone())
              .column("category", Types.StringType.get())
              .column("value", Types.DoubleType.get())
              .partitionBy(p -> p.identity("category"))
              .create();

      long t0 = System.nanoTime();
      AppendResult first =
          events.newAppend().rows(generate(0, rows)).set("job", "quickstart").commit();
      long writeNanos = System.nanoTime() - t0;
      out.printf(
          "write:       %,d rows in %d files, %.1f MB, %,d ms (%,.0f rows/s)%n",
          first.addedRecords(),
          first.addedFiles(),
          first.addedBytes() / 1e6,
          writeNanos / 1_000_000,
          first.addedRecords() / (writeNanos / 1e9));

      long t1 = System.nanoTime();
      long books = 0;
      double sum = 0;
      try (RowStream hits =
          events.newScan().select("id", "value").where(equal("category", "books")).rows()) {
        for (Row row : hits) {
          books++;
          sum += row.get("value", Double.class);
        }
      }
      long scanNanos = System.nanoTime() - t1;
      out.printf(
          "scan:        category = 'books' -> %,d rows (sum of value %.1f), %,d ms%n",
          books, sum, scanNanos / 1_000_000);

      long t2 = System.nanoTime();
      long all = events.newScan().count();
      out.printf("count:       %,d rows, %,d ms%n", all, (System.nanoTime() - t2) / 1_000_000);

      long t3 = System.nanoTime();
      long full = 0;
      try (RowStream everything = events.newScan().rows()) {
        for (Row ignored : everything) {
          full++;
        }
      }
      long fullNanos = System.nanoTime() - t3;
      out.printf(
          "full scan:   %,d rows, %,d ms (%,.0f rows/s)%n",
          full, fullNanos / 1_000_000, full / (fullNanos / 1e9));

      events.newAppend().rows(generate(rows, 1000)).commit();
      long t4 = System.nanoTime();
      long now = events.newScan().count();
      long then = events.newScan().asOfSnapshot(first.snapshotId()).count();
      out.printf(
          "time travel: %,d rows now, %,d rows at snapshot %d, %,d ms%n",
          now, then, first.snapshotId(), (System.nanoTime() - t4) / 1_000_000);
      out.printf(
          "snapshots:   %d, warehouse %s%n", events.snapshots().size(), warehouse.toAbsolutePath());
      return new Summary(first.addedRecords(), books, all, now, then);
    }
  }

  /** Generates rows lazily, so memory stays flat however many rows are written. */
  private static List<Map<String, Object>> generate(int start, int count) {
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    return new AbstractList<>() {
      @Override
      public Map<String, Object> get(int index) {
        long id = start + (long) index;
        Map<String, Object> row = new HashMap<>(8);
        row.put("id", id);
        row.put("ts", base.plusSeconds(id));
        row.put("category", CATEGORIES[(int) (id % CATEGORIES.length)]);
        row.put("value", (id % 1000) / 10.0);
        return row;
      }

      @Override
      public int size() {
        return count;
      }
    };
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
