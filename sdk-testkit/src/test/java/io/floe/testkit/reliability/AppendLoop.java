package io.floe.testkit.reliability;

import io.floe.Floe;
import io.floe.FloeTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;

/**
 * A writer process for {@link KillDashNineTest}: appends batches of rows to a local table forever,
 * printing {@code BEGIN n} before and {@code DONE n} after each commit.
 */
public final class AppendLoop {
  static final int ROWS_PER_BATCH = 200;

  private AppendLoop() {}

  public static void main(String[] args) {
    Path warehouse = Path.of(args[0]);
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = floe.createTable("db.killed")
          .column("batch", Types.IntegerType.get()).required()
          .column("row", Types.IntegerType.get()).required()
          .column("payload", Types.StringType.get())
          .createOrLoad();
      int batch = (int) (table.newScan().count() / ROWS_PER_BATCH);
      while (true) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < ROWS_PER_BATCH; r++) {
          rows.add(Map.of("batch", batch, "row", r, "payload", "batch " + batch + " row " + r));
        }
        System.out.println("BEGIN " + batch);
        System.out.flush();
        table.newAppend().rows(rows).commit();
        System.out.println("DONE " + batch);
        System.out.flush();
        batch++;
      }
    }
  }
}
