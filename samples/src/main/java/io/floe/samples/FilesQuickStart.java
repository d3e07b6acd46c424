package io.floe.samples;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.files.CsvOptions;
import io.floe.files.ExportResult;
import io.floe.files.FileExport;
import io.floe.files.FileImport;
import io.floe.files.ImportResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files in and out of Floe tables ({@code floe-files}): a folder of CSV and JSON lines files
 * imported into a table created from the inferred schema, a bad row set aside in a rejects file,
 * progress reports, and the table exported to Parquet and CSV with a filter and a projection.
 */
public final class FilesQuickStart {
  private FilesQuickStart() {}

  /**
   * Runs the sample.
   *
   * @param args the working folder (optional)
   */
  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "target/files-sample"), System.out);
  }

  /**
   * Writes input files, imports them, exports the table.
   *
   * @param folder the working folder (warehouse, inputs, outputs)
   * @param out where the results are printed
   * @return the rows exported to CSV
   */
  public static long run(Path folder, PrintStream out) {
    try {
      Path landing = folder.resolve("landing");
      Files.createDirectories(landing);
      StringBuilder csv = new StringBuilder("id;amount;ts\n");
      for (int i = 1; i <= 1000; i++) {
        csv.append(i)
            .append(';')
            .append(i % 100)
            .append(".25;2026-12-0")
            .append(1 + i % 7)
            .append(" 10:00:00\n");
      }
      csv.append("1001;lots;2026-12-01 10:00:00\n"); // a bad row: amount is not a number
      Files.writeString(landing.resolve("day-1.csv"), csv);
      Files.writeString(
          landing.resolve("day-2.jsonl"),
          "{\"id\": 2001, \"amount\": 9.5, \"ts\": \"2026-12-08 09:30:00\"}\n");

      try (Floe floe = Floe.local(folder.resolve("warehouse"))) {
        floe.createNamespace("shop");
        ImportResult imported =
            FileImport.into(floe, "shop.sales")
                .from(landing)
                .csv(CsvOptions.defaults().delimiter(';'))
                .createIfMissing()
                .inferenceSampleRows(500) // the schema from the first 500 records of day-1.csv
                .rejects(folder.resolve("rejects.jsonl"))
                .progress(
                    p -> out.printf("progress: %,d rows of %s%n", p.rowsDone(), p.currentFile()))
                .run();
        out.printf(
            "imported: %d rows, %d rejected, %d files, snapshot %d%n",
            imported.rowsWritten(),
            imported.rowsRejected(),
            imported.files().size(),
            imported.snapshotId().orElseThrow());
        out.println("rejected: " + Files.readString(folder.resolve("rejects.jsonl")).trim());

        FloeTable sales = floe.loadTable("shop.sales");
        out.println("schema: " + sales.schema().asStruct());
        ExportResult parquet = FileExport.from(sales).to(folder.resolve("out/sales.parquet")).run();
        ExportResult text =
            FileExport.from(sales.newScan().select("id", "amount").where("amount > 90"))
                .to(folder.resolve("out/big.csv"))
                .run();
        out.printf(
            "exported: %d rows to %s, %d rows to %s%n",
            parquet.rows(), parquet.path(), text.rows(), text.path());
        return text.rows();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
