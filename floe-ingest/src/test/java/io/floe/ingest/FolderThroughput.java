package io.floe.ingest;

import io.floe.Floe;
import io.floe.files.FileImport;
import io.floe.files.ImportResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A measured harness (not a test): files/s and rows/s of {@link FolderSource} against a plain
 * {@link FileImport} of the same CSV files, each into an empty table of its own, alternating, best
 * of 3. {@code FolderThroughput <tmp> <files> <rows-per-file>}.
 */
public final class FolderThroughput {
  private FolderThroughput() {}

  /**
   * Runs the measurement.
   *
   * @param args temp folder, number of files, rows per file
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path tmp = Path.of(args[0]);
    int files = Integer.parseInt(args[1]);
    int rows = Integer.parseInt(args[2]);
    Path landing = tmp.resolve("landing");
    for (int f = 0; f < files; f++) {
      FolderSourceTest.csv(
          landing.resolve(String.format("f%05d.csv", f)), f * rows, f * rows + rows);
    }
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      floe.createNamespace("db");
      for (int round = 0; round < 4; round++) {
        String[] names = {"imp" + round, "src" + round, "small" + round};
        for (String n : names) {
          floe.createTable("db." + n)
              .column("id", org.apache.iceberg.types.Types.LongType.get())
              .column("name", org.apache.iceberg.types.Types.StringType.get())
              .create();
        }
        long t0 = System.nanoTime();
        ImportResult r = FileImport.into(floe.loadTable("db." + names[0])).from(landing).run();
        long t1 = System.nanoTime();
        FolderSource.Cycle c;
        try (FolderSource s =
            FolderSource.builder(floe, "db." + names[1], landing.toString()).build()) {
          c = s.ingestOnce();
        }
        long t2 = System.nanoTime();
        FolderSource.Cycle c10;
        try (FolderSource s =
            FolderSource.builder(floe, "db." + names[2], landing.toString())
                .maxFilesPerCommit(10)
                .build()) {
          c10 = s.ingestOnce();
        }
        long t3 = System.nanoTime();
        if (r.rowsWritten() != (long) files * rows
            || c.rows() != r.rowsWritten()
            || c10.rows() != r.rowsWritten()) {
          throw new IllegalStateException("row counts differ: " + r + " " + c + " " + c10);
        }
        if (round > 0) { // the first round warms up
          best[0] = Math.min(best[0], (t1 - t0) / 1e9);
          best[1] = Math.min(best[1], (t2 - t1) / 1e9);
          best[2] = Math.min(best[2], (t3 - t2) / 1e9);
        }
      }
    }
    String[] labels = {
      "FileImport (1 commit)", "FolderSource (1 commit)", "FolderSource (10 files/commit)"
    };
    for (int i = 0; i < 3; i++) {
      System.out.printf(
          "%-32s %6.2f s  %8.0f files/s  %,12.0f rows/s%n",
          labels[i], best[i], files / best[i], (double) files * rows / best[i]);
    }
    Files.walk(tmp).count();
  }
}
