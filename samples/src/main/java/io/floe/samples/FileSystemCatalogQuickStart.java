package io.floe.samples;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;

/**
 * The file-system catalog ({@code type: filesystem}): no database, no server; tables are folders in
 * the layout of Iceberg's {@code HadoopCatalog}, which Spark opens as a {@code hadoop} catalog on
 * the same folder.
 */
public final class FileSystemCatalogQuickStart {
  private FileSystemCatalogQuickStart() {}

  /**
   * Runs the sample.
   *
   * @param args the warehouse folder (optional)
   */
  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "target/filesystem-sample"), System.out);
  }

  /**
   * Creates a table, appends twice, evolves the schema and prints what the folder holds.
   *
   * @param warehouse the warehouse folder
   * @param out where the results are printed
   * @return the number of rows in the table
   */
  public static long run(Path warehouse, PrintStream out) {
    FloeConfig config =
        FloeConfig.builder("lake")
            .property("type", FloeConfig.TYPE_FILESYSTEM)
            .property("warehouse", warehouse.toString())
            .build();
    try (Floe floe = Floe.open(config)) {
      floe.createNamespace("web");
      FloeTable visits =
          floe.createTable("web.visits")
              .column("id", Types.LongType.get())
              .required()
              .column("page", Types.StringType.get())
              .create();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id = 0; id < 100; id++) {
        rows.add(Map.of("id", id, "page", "/p" + id % 7));
      }
      visits.newAppend().rows(rows).commit();
      visits.updateSchema().addColumn("referrer", Types.StringType.get()).commit();
      visits.newAppend().row(Map.of("id", 100L, "page", "/", "referrer", "search")).commit();
      out.println("table folder: " + visits.location());
      out.println("snapshots: " + visits.snapshots().size());
      long count = floe.loadTable("web.visits").newScan().count();
      out.println("rows: " + count);
      return count;
    }
  }
}
