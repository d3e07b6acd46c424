package io.floe.metrics;

import static io.floe.metrics.FloeMetricsTest.append;
import static io.floe.metrics.FloeMetricsTest.config;
import static io.floe.metrics.FloeMetricsTest.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuditTable} on {@code Floe.local}: audit events land in an Iceberg table, in batches. */
class AuditTableTest {
  @TempDir Path dir;

  private static List<Map<String, Object>> rows(FloeTable t) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (RowStream rows = t.refresh().newScan().rows()) {
      for (Row r : rows) {
        out.add(r.toMap());
      }
    }
    return out;
  }

  @Test
  void commitsAndMaintenanceLandInTheAuditTableButNotItsOwnCommits() {
    AuditTable sink =
        AuditTable.builder("floe_audit.events").flushInterval(Duration.ofHours(1)).build();
    long appendSnapshot;
    try (Floe floe =
            Floe.open(
                config(dir, "svc-ingest").withListener(AuditLog.builder().sink(sink).build()));
        sink) {
      floe.createNamespace("db");
      FloeTable t = create(floe); // before start: kept and written by the first flush
      sink.start(floe);
      append(t, 1, 2);
      append(t, 3);
      appendSnapshot = t.currentSnapshot().orElseThrow().snapshotId();
      t.maintenance().rewriteDataFiles().execute();
      assertThat(sink.flush()).isGreaterThanOrEqualTo(3);
      int flushed = sink.flush(); // the first flush's own commit is not audited
      assertThat(flushed).isZero();

      FloeTable audit = floe.loadTable("floe_audit.events");
      List<Map<String, Object>> events = rows(audit);
      assertThat(events).allMatch(e -> "db.t".equals(e.get("table")));
      assertThat(events)
          .anyMatch(
              e ->
                  "commit".equals(e.get("event"))
                      && "append".equals(e.get("operation"))
                      && Long.valueOf(appendSnapshot).equals(e.get("snapshot_after"))
                      && "svc-ingest".equals(e.get("principal"))
                      && "success".equals(e.get("outcome")));
      assertThat(events).anyMatch(e -> "maintenance".equals(e.get("event")));
      assertThat(events)
          .allMatch(e -> ((String) e.get("line")).startsWith("{\"time\":"))
          .allMatch(e -> e.get("time") != null);

      append(t, 4); // written by close()
    }
    try (Floe floe = Floe.open(config(dir, null))) {
      List<Map<String, Object>> events = rows(floe.loadTable("floe_audit.events"));
      assertThat(events).filteredOn(e -> "append".equals(e.get("operation"))).hasSize(3);
      assertThat(sink.written()).isEqualTo(events.size());
      assertThat(sink.dropped()).isZero();
    }
  }

  @Test
  void aFullBatchIsWrittenWithoutWaitingForTheInterval() throws Exception {
    AuditTable sink =
        AuditTable.builder("floe_audit.events")
            .batchRows(2)
            .flushInterval(Duration.ofHours(1))
            .build();
    try (Floe floe =
            Floe.open(config(dir, null).withListener(AuditLog.builder().sink(sink).build()));
        sink) {
      floe.createNamespace("db");
      sink.start(floe);
      FloeTable t = create(floe);
      append(t, 1);
      append(t, 2);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (sink.written() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(sink.written()).isGreaterThanOrEqualTo(2);
      assertThat(rows(floe.loadTable("floe_audit.events"))).hasSizeGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void beyondTheBufferTheOldestEventsAreDroppedAndCounted() {
    AuditTable sink = AuditTable.builder("floe_audit.events").maxBufferedRows(2).build();
    for (int i = 0; i < 5; i++) {
      sink.accept(
          "{\"time\":\""
              + Instant.now()
              + "\",\"event\":\"commit\",\"table\":\"db.t\",\"operation\":\"append\"}");
    }
    sink.accept("not json");
    assertThat(sink.dropped()).isEqualTo(3);
    sink.close(); // never started: nothing to write, no error
  }
}
