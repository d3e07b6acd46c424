package io.floe.testkit.reliability;

import io.floe.FloeTable;
import io.floe.testkit.Faults;
import io.floe.testkit.FileOperation;
import io.floe.testkit.FloeTestKit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;

/**
 * A writer process for {@link KillDashNineTest}: appends batches of rows to a local table (the test
 * kit's local backend, which is what {@code Floe.local} opens), printing {@code BEGIN n} before and
 * {@code DONE n} after each commit. From the batch named by its third argument on, it stops inside
 * the commit at the point its second argument names, prints {@code INSIDE n point} and waits there
 * to be killed.
 */
public final class AppendLoop {
  static final int ROWS_PER_BATCH = 200;

  /** Where in a commit the writer stops, and the fault rule that stops it there. */
  enum Point {
    /** Writing a data file: part of it is on disk. */
    DATA_FILE,
    /** The new manifest written, before it is closed (published). */
    MANIFEST,
    /** Writing the new metadata file. */
    METADATA,
    /** Every file written, just before the catalog swaps the metadata pointer. */
    CATALOG_SWAP;

    void stopAt(Faults faults, Runnable stop) {
      switch (this) {
        case DATA_FILE -> faults.onFile(FileOperation.WRITE).path("*.parquet").nth(1).run(stop);
        case MANIFEST -> faults.onFile(FileOperation.CLOSE).path("*-m*.avro").nth(1).run(stop);
        case METADATA ->
            faults.onFile(FileOperation.WRITE).path("*.metadata.json").nth(1).run(stop);
        default -> faults.onCommit().nth(1).run(stop);
      }
    }
  }

  private AppendLoop() {}

  public static void main(String[] args) {
    Path warehouse = Path.of(args[0]);
    Point point = Point.valueOf(args[1]);
    int stopAfter = Integer.parseInt(args[2]);
    try (FloeTestKit kit = FloeTestKit.local(warehouse)) {
      FloeTable table =
          kit.floe()
              .createTable("db.killed")
              .column("batch", Types.IntegerType.get())
              .required()
              .column("row", Types.IntegerType.get())
              .required()
              .column("payload", Types.StringType.get())
              .createOrLoad();
      int batch = (int) (table.newScan().count() / ROWS_PER_BATCH);
      for (int done = 0; ; done++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < ROWS_PER_BATCH; r++) {
          rows.add(Map.of("batch", batch, "row", r, "payload", "batch " + batch + " row " + r));
        }
        System.out.println("BEGIN " + batch);
        System.out.flush();
        if (done == stopAfter) {
          int inFlight = batch;
          point.stopAt(
              kit.faults(),
              () -> {
                System.out.println("INSIDE " + inFlight + " " + point);
                System.out.flush();
                try {
                  Thread.sleep(120_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                System.out.println("NOT KILLED " + inFlight);
                System.exit(3);
              });
        }
        table.newAppend().rows(rows).commit();
        System.out.println("DONE " + batch);
        System.out.flush();
        batch++;
      }
    }
  }
}
