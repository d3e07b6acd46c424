package io.floe.ingest;

import io.floe.Floe;
import java.nio.file.Path;
import java.sql.DriverManager;

/**
 * A JDBC source in its own JVM for the crash test: {@code JdbcProcess <warehouse> <sqlite-file>
 * <before|after|none> <n>}, halting inside its n-th commit as {@link FolderProcess} does.
 */
public final class JdbcProcess {
  private JdbcProcess() {}

  /**
   * Runs the source.
   *
   * @param args warehouse, SQLite database file, crash point, commit number
   */
  public static void main(String[] args) {
    Path warehouse = Path.of(args[0]);
    try (Floe floe =
            FolderProcess.halting(
                warehouse, "floe.ingest.jdbc.", args[2], Integer.parseInt(args[3]));
        JdbcSource source =
            JdbcSource.builder(floe, "db.orders")
                .connector(() -> DriverManager.getConnection("jdbc:sqlite:" + args[1]))
                .sourceTable("orders")
                .incrementalBy("id")
                .batchRows(100)
                .createIfMissing()
                .build()) {
      System.out.println("DONE " + source.syncOnce());
    }
  }
}
