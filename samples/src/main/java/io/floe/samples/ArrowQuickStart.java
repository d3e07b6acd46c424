package io.floe.samples;

import static org.apache.iceberg.expressions.Expressions.equal;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.parquet.ArrowBatchReader;
import io.floe.parquet.ArrowBatches;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.types.Types;

/**
 * Reads scans as Arrow batches with {@code scan.arrow(...)}: a filtered table scan (vectorized) and
 * an incremental scan (rows copied into vectors), on a local warehouse.
 */
public final class ArrowQuickStart {
  private ArrowQuickStart() {}

  /**
   * Runs the sample.
   *
   * @param args the warehouse folder (optional)
   */
  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "target/arrow-warehouse"), System.out);
  }

  /**
   * Writes two appends and reads them as Arrow batches.
   *
   * @param warehouse the warehouse folder
   * @param out where the figures are printed
   * @return the sum of the ids of the books, read as Arrow
   */
  public static long run(Path warehouse, PrintStream out) {
    try (Floe floe = Floe.local(warehouse);
        BufferAllocator allocator = new RootAllocator()) {
      FloeTable events =
          floe.createTable("analytics.arrow_events")
              .column("id", Types.LongType.get())
              .required()
              .column("category", Types.StringType.get())
              .createOrLoad();
      long first = events.newAppend().rows(rows(0, 1000)).commit().snapshotId();
      events.newAppend().rows(rows(1000, 1500)).commit();

      long sum = 0;
      try (ArrowBatches batches =
          events
              .newScan()
              .select("id")
              .where(equal("category", "books"))
              .arrow(ArrowBatches.class, allocator)) {
        while (batches.hasNext()) {
          VectorSchemaRoot batch = batches.next(); // valid until the next batch
          BigIntVector id = (BigIntVector) batch.getVector("id");
          for (int i = 0; i < batch.getRowCount(); i++) {
            sum += id.get(i);
          }
        }
        out.printf("books: sum of ids %,d, %s%n", sum, batches.metrics());
      }

      long added = 0;
      try (ArrowBatchReader reader =
          events
              .newIncrementalScan()
              .fromSnapshotExclusive(first)
              .arrow(ArrowBatchReader.class, allocator, 256)) {
        while (reader.loadNextBatch()) {
          added += reader.getVectorSchemaRoot().getRowCount();
        }
      }
      out.printf("appended after snapshot %d: %,d rows%n", first, added);
      return sum;
    }
  }

  private static List<Map<String, Object>> rows(long from, long to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(Map.of("id", id, "category", id % 4 == 0 ? "books" : "games"));
    }
    return rows;
  }
}
