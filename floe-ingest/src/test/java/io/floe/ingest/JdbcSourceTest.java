package io.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.ValidationException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC source on SQLite (fast); {@code JdbcSourcePostgresTest} covers PostgreSQL's types. */
class JdbcSourceTest {
  @TempDir Path tmp;

  private String url() {
    return "jdbc:sqlite:" + tmp.resolve("src.db");
  }

  static void orders(Connection c, int from, int to) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS orders (id BIGINT NOT NULL, customer VARCHAR(20),"
              + " amount DOUBLE, version BIGINT NOT NULL)");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)")) {
      for (int i = from; i < to; i++) {
        ps.setLong(1, i);
        ps.setString(2, "c" + (i % 7));
        ps.setDouble(3, i * 1.5);
        ps.setLong(4, i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static Map<Long, String> customers(FloeTable table) {
    Map<Long, String> out = new TreeMap<>();
    table.refresh();
    try (RowStream rows = table.newScan().select("id", "customer").rows()) {
      for (Row row : rows) {
        String before = out.put((Long) row.get("id"), (String) row.get("customer"));
        assertThat(before).as("id %s twice", row.get("id")).isNull();
      }
    }
    return out;
  }

  private JdbcSource.Builder source(Floe floe) {
    return JdbcSource.builder(floe, "db.orders")
        .connector(() -> DriverManager.getConnection(url()))
        .sourceTable("orders");
  }

  @Test
  void copiesInFullThenIncrementallyByAMonotonicColumnAndResumesFromTheSummary() throws Exception {
    try (Connection c = DriverManager.getConnection(url())) {
      orders(c, 1, 251);
    }
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      try (JdbcSource source =
          source(floe).incrementalBy("id").batchRows(100).createIfMissing().build()) {
        JdbcSource.Sync first = source.syncOnce();
        assertThat(first.rows()).isEqualTo(250);
        assertThat(first.commits()).isEqualTo(3);
        assertThat(source.watermark()).contains("250");
        assertThat(source.syncOnce().rows()).isZero();
        try (Connection c = DriverManager.getConnection(url())) {
          orders(c, 251, 301);
        }
        assertThat(source.syncOnce().rows()).isEqualTo(50);
      }
      FloeTable table = floe.loadTable("db.orders");
      assertThat(table.schema().findField("id").type()).isEqualTo(Types.LongType.get());
      assertThat(table.schema().findField("id").isRequired()).isTrue();
      assertThat(table.schema().findField("customer").type()).isEqualTo(Types.StringType.get());
      assertThat(table.schema().findField("amount").type()).isEqualTo(Types.DoubleType.get());
      assertThat(customers(table)).hasSize(300).containsEntry(300L, "c6");
      assertThat(table.currentSnapshot().orElseThrow().summary().get("floe.ingest.jdbc.orders"))
          .contains("\"watermark\":\"300\"");
    }
    // another process: the watermark comes from the table
    try (Floe floe = Floe.local(tmp.resolve("wh"));
        JdbcSource source = source(floe).incrementalBy("id").build()) {
      assertThat(source.watermark()).contains("300");
      try (Connection c = DriverManager.getConnection(url())) {
        orders(c, 301, 311);
      }
      assertThat(source.syncOnce().rows()).isEqualTo(10);
      assertThat(customers(floe.loadTable("db.orders"))).hasSize(310);
    }
  }

  @Test
  void upsertsChangedRowsOnAKey() throws Exception {
    try (Connection c = DriverManager.getConnection(url())) {
      orders(c, 1, 101);
    }
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      try (JdbcSource source =
          source(floe).incrementalBy("version").upsertOn("id").createIfMissing().build()) {
        assertThat(source.syncOnce().rows()).isEqualTo(100);
        try (Connection c = DriverManager.getConnection(url());
            Statement s = c.createStatement()) {
          s.executeUpdate(
              "UPDATE orders SET customer = 'changed', version = 1000 + id WHERE id % 10 = 0");
        }
        try (Connection c = DriverManager.getConnection(url())) {
          orders(c, 101, 106);
        }
        JdbcSource.Sync sync = source.syncOnce();
        assertThat(sync.rows()).isEqualTo(15);
        assertThat(source.watermark()).contains("1100");
      }
      Map<Long, String> rows = customers(floe.loadTable("db.orders"));
      assertThat(rows).hasSize(105);
      assertThat(rows.get(10L)).isEqualTo("changed");
      assertThat(rows.get(11L)).isEqualTo("c4");
      assertThat(rows.get(105L)).isEqualTo("c0");
    }
  }

  @Test
  void anotherProcessOfTheSameSourceIsRefusedAtCommit() throws Exception {
    try (Connection c = DriverManager.getConnection(url())) {
      orders(c, 1, 51);
    }
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      try (JdbcSource a = source(floe).incrementalBy("id").createIfMissing().build();
          JdbcSource b = source(floe).incrementalBy("id").build()) {
        assertThat(a.watermark()).isEmpty(); // creates the table
        assertThat(b.watermark()).isEmpty(); // b read the table's state now
        assertThat(a.syncOnce().rows()).isEqualTo(50);
        assertThatThrownBy(b::syncOnce)
            .isInstanceOf(ValidationException.class)
            .hasMessageContaining("db.orders")
            .hasMessageContaining("another process running the same source");
        // b re-reads the table's state and goes on from a's watermark
        assertThat(b.syncOnce().rows()).isZero();
      }
      assertThat(customers(floe.loadTable("db.orders"))).hasSize(50);
    }
  }

  @Test
  void aRestartAfterACrashInACommitCopiesEachRowOnce() throws Exception {
    Path db = tmp.resolve("src.db");
    try (Connection c = DriverManager.getConnection(url())) {
      orders(c, 1, 501);
    }
    Path warehouse = tmp.resolve("wh");
    List<Integer> exits = new ArrayList<>();
    exits.add(
        FolderSourceCrashTest.child(JdbcProcess.class, warehouse, db.toString(), "before", 3));
    try (Floe floe = Floe.local(warehouse)) {
      assertThat(customers(floe.loadTable("db.orders"))).hasSize(200);
    }
    exits.add(FolderSourceCrashTest.child(JdbcProcess.class, warehouse, db.toString(), "after", 2));
    try (Floe floe = Floe.local(warehouse)) {
      assertThat(customers(floe.loadTable("db.orders"))).hasSize(400);
    }
    exits.add(FolderSourceCrashTest.child(JdbcProcess.class, warehouse, db.toString(), "none", 0));
    assertThat(exits).containsExactly(FolderProcess.HALT_BEFORE, FolderProcess.HALT_AFTER, 0);
    try (Floe floe = Floe.local(warehouse)) {
      Map<Long, String> rows = customers(floe.loadTable("db.orders"));
      assertThat(rows).hasSize(500);
      assertThat(rows.keySet()).first().isEqualTo(1L);
    }
  }

  @Test
  void aMonotonicColumnWithAnAwkwardNameIsQuotedNotSpliced() throws Exception {
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events (id BIGINT NOT NULL, \"Seen At\" BIGINT NOT NULL)");
      s.execute("INSERT INTO events VALUES (1, 10), (2, 20), (3, 30)");
    }
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      try (JdbcSource source =
          JdbcSource.builder(floe, "db.events")
              .connector(() -> DriverManager.getConnection(url()))
              .sourceTable("events")
              .incrementalBy("Seen At")
              .createIfMissing()
              .build()) {
        assertThat(source.syncOnce().rows()).isEqualTo(3);
        try (Connection c = DriverManager.getConnection(url());
            Statement s = c.createStatement()) {
          s.execute("INSERT INTO events VALUES (4, 40)");
        }
        assertThat(source.syncOnce().rows()).isEqualTo(1);
        assertThat(source.watermark()).contains("40");
      }
    }
  }
}
