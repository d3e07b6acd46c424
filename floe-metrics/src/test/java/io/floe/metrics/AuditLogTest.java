package io.floe.metrics;

import static io.floe.metrics.FloeMetricsTest.append;
import static io.floe.metrics.FloeMetricsTest.config;
import static io.floe.metrics.FloeMetricsTest.create;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.Floe;
import io.floe.FloeTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's JSON lines for real commits, scans and maintenance on {@code Floe.local}. */
class AuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<JsonNode> parse(List<String> lines) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : lines) {
      assertThat(line).doesNotContain("\n");
      out.add(JSON.readTree(line));
    }
    return out;
  }

  @Test
  void commitsMaintenanceAndScansAreOneJsonLineEach() throws Exception {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    AuditLog audit = AuditLog.builder().scans().sink(lines::add).build();
    try (Floe floe = Floe.open(config(dir, "svc-ingest").withListener(audit))) {
      FloeTable table = create(floe);
      append(table, 1, 2, 3);
      long first = table.currentSnapshot().orElseThrow().snapshotId();
      append(table, 4);
      long second = table.currentSnapshot().orElseThrow().snapshotId();
      assertThat(table.newScan().select("v").where(equal("id", 4L)).rows().toList()).hasSize(1);
      table.maintenance().rewriteDataFiles().minInputFiles(2).execute();

      List<JsonNode> events = parse(lines);
      assertThat(events)
          .extracting(e -> e.get("event").asText())
          .containsExactly("commit", "commit", "scan", "commit", "maintenance");
      JsonNode commit = events.get(1);
      assertThat(Instant.parse(commit.get("time").asText())).isBeforeOrEqualTo(Instant.now());
      assertThat(commit.get("catalog").asText()).isEqualTo("local");
      assertThat(commit.get("table").asText()).isEqualTo("db.t");
      assertThat(commit.get("principal").asText()).isEqualTo("svc-ingest");
      assertThat(commit.get("operation").asText()).isEqualTo("append");
      assertThat(commit.get("snapshot_before").asLong()).isEqualTo(first);
      assertThat(commit.get("snapshot_after").asLong()).isEqualTo(second);
      assertThat(commit.get("added_rows").asLong()).isEqualTo(1);
      assertThat(commit.get("added_files").asLong()).isEqualTo(1);
      assertThat(commit.get("removed_rows").asLong()).isZero();
      assertThat(commit.get("outcome").asText()).isEqualTo("success");
      assertThat(commit.get("duration_ms").asDouble()).isPositive();
      assertThat(commit.has("failure")).isFalse();

      JsonNode scan = events.get(2);
      assertThat(scan.get("filter").asText()).contains("id").contains("4");
      assertThat(scan.get("columns").get(0).asText()).isEqualTo("v");
      assertThat(scan.get("rows").asLong()).isEqualTo(1);
      assertThat(scan.get("snapshot").asLong()).isEqualTo(second);

      JsonNode rewrite = events.get(4);
      assertThat(rewrite.get("operation").asText()).isEqualTo("rewrite-data-files");
      assertThat(rewrite.get("rewritten_files").asLong()).isEqualTo(2);
      assertThat(rewrite.get("added_files").asLong()).isEqualTo(1);
      assertThat(events.get(3).get("operation").asText()).isEqualTo("replace");
      assertThat(events.get(3).get("removed_files").asLong()).isEqualTo(2);
    }
  }

  @Test
  void withoutAPrincipalOrScansTheFieldAndTheScanLinesAreAbsent() throws Exception {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    try (Floe floe =
        Floe.open(config(dir, null).withListener(AuditLog.builder().sink(lines::add).build()))) {
      FloeTable table = create(floe);
      append(table, 1);
      assertThat(table.newScan().rows().toList()).hasSize(1);
    }
    List<JsonNode> events = parse(lines);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).has("principal")).isFalse();
    assertThat(events.get(0).get("event").asText()).isEqualTo("commit");
  }

  @Test
  void writesALinePerAccessDenial() throws Exception {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    AuditLog audit = AuditLog.builder().sink(lines::add).build();
    audit.onAccessDenied(
        new io.floe.events.AccessDeniedEvent(
            Instant.parse("2026-12-07T10:00:00Z"),
            "ann",
            "sales.orders",
            "card",
            "column",
            "Access denied: principal ann may not read column card of table sales.orders"));
    JsonNode line = parse(lines).get(0);
    assertThat(line.get("event").asText()).isEqualTo("access-denied");
    assertThat(line.get("principal").asText()).isEqualTo("ann");
    assertThat(line.get("table").asText()).isEqualTo("sales.orders");
    assertThat(line.get("column").asText()).isEqualTo("card");
    assertThat(line.get("operation").asText()).isEqualTo("column");
    assertThat(line.get("outcome").asText()).isEqualTo("denied");
  }
}
