package io.floe.metrics;

import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.CommitConflictException;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.events.Outcome;
import io.floe.events.ScanEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meters from real appends, scans, a conflict and maintenance on {@code Floe.local}'s stack. */
class FloeMetricsTest {
  @TempDir Path dir;

  static FloeConfig config(Path dir, String principal) {
    FloeConfig.Builder b =
        FloeConfig.builder("local")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", dir.toString())
            .property(FloeConfig.LOCAL_FSYNC, "false");
    if (principal != null) {
      b.property(FloeConfig.PRINCIPAL, principal);
    }
    return b.build();
  }

  static FloeTable create(Floe floe) {
    return floe.createTable("db.t")
        .column("id", Types.LongType.get())
        .column("v", Types.StringType.get())
        .create();
  }

  static void append(FloeTable table, long... ids) {
    var append = table.newAppend();
    for (long id : ids) {
      append.row(Map.of("id", id, "v", "x" + id));
    }
    append.commit();
  }

  @Test
  void appendsScansAConflictAndMaintenanceBecomeMeters() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    FloeMetrics metrics = FloeMetrics.bindTo(registry);
    AtomicReference<Runnable> meanwhile = new AtomicReference<>();
    try (Floe other = Floe.open(config(dir, null))) {
      create(other);
      try (Floe floe = Racing.open(config(dir, null).withListener(metrics), meanwhile)) {
        metrics.bindCache(floe);
        FloeTable table = floe.loadTable("db.t");
        append(table, 1, 2, 3);
        append(table, 4, 5);
        assertThat(table.newScan().where(greaterThanOrEqual("id", 4L)).rows().toList()).hasSize(2);

        // another handle commits between this attempt's refresh and its swap: a conflict, retried
        meanwhile.set(() -> append(other.loadTable("db.t"), 6));
        append(table, 7);
        // no retries left: the conflict ends the commit
        table.updateProperties().set("commit.retry.num-retries", "0").commit();
        meanwhile.set(() -> append(other.loadTable("db.t"), 8));
        assertThatThrownBy(() -> append(table, 9)).isInstanceOf(CommitConflictException.class);

        table.maintenance().rewriteDataFiles().minInputFiles(2).execute();

        Timer appends =
            registry
                .get("floe.commit.duration")
                .tags("catalog", "local", "table", "db.t", "operation", "append")
                .tag("outcome", "success")
                .timer();
        assertThat(appends.count()).isEqualTo(3);
        assertThat(
                registry
                    .get("floe.commit.duration")
                    .tags("table", "db.t", "operation", "append", "outcome", "conflict")
                    .timer()
                    .count())
            .isEqualTo(2);
        // the retried append took two attempts, the others one
        var attempts =
            registry
                .get("floe.commit.attempts")
                .tags("table", "db.t", "operation", "append")
                .summary();
        assertThat(attempts.count()).isEqualTo(3);
        assertThat(attempts.totalAmount()).isEqualTo(4);
        assertThat(attempts.max()).isEqualTo(2);
        assertThat(
                registry
                    .get("floe.commit.rows")
                    .tags("table", "db.t", "operation", "append", "change", "added")
                    .counter()
                    .count())
            .isEqualTo(6);
        assertThat(
                registry
                    .get("floe.commit.duration")
                    .tags("operation", "metadata", "outcome", "success")
                    .timer()
                    .count())
            .isEqualTo(1);

        assertThat(
                registry
                    .get("floe.scan.duration")
                    .tags("catalog", "local", "table", "db.t", "outcome", "success")
                    .timer()
                    .count())
            .isEqualTo(1);
        assertThat(registry.get("floe.scan.rows").tags("table", "db.t").counter().count())
            .isEqualTo(2);
        assertThat(
                registry
                    .get("floe.scan.files")
                    .tags("table", "db.t", "result", "read")
                    .counter()
                    .count())
            .isEqualTo(1);
        assertThat(
                registry
                    .get("floe.scan.files")
                    .tags("table", "db.t", "result", "pruned")
                    .counter()
                    .count())
            .isEqualTo(1);
        assertThat(registry.get("floe.scan.planning").tags("table", "db.t").timer().count())
            .isEqualTo(1);

        // data files now: 1+2+3 (own appends, 3 files) and two of the other handle's = 5
        assertThat(
                registry
                    .get("floe.maintenance.duration")
                    .tags("table", "db.t", "operation", "rewrite-data-files", "outcome", "success")
                    .timer()
                    .count())
            .isEqualTo(1);
        assertThat(
                registry
                    .get("floe.maintenance.files")
                    .tags("operation", "rewrite-data-files", "change", "rewritten")
                    .counter()
                    .count())
            .isEqualTo(5);
        assertThat(
                registry
                    .get("floe.maintenance.files")
                    .tags("operation", "rewrite-data-files", "change", "added")
                    .counter()
                    .count())
            .isEqualTo(1);
        assertThat(
                registry
                    .get("floe.commit.files")
                    .tags("operation", "replace", "change", "removed")
                    .counter()
                    .count())
            .isEqualTo(5);

        // the metadata cache, read when polled
        double hits =
            registry
                    .get("floe.cache.gets")
                    .tags("cache", "table", "result", "hit")
                    .functionCounter()
                    .count()
                + registry
                    .get("floe.cache.gets")
                    .tags("cache", "file", "result", "hit")
                    .functionCounter()
                    .count();
        assertThat(hits).isPositive();
        assertThat(registry.get("floe.cache.bytes").tags("catalog", "local").gauge().value())
            .isPositive();
      }
    }
  }

  @Test
  void theTableTagIsBounded() {
    MeterRegistry registry = new SimpleMeterRegistry();
    FloeMetrics two = FloeMetrics.builder(registry).maxTables(2).build();
    for (String table : List.of("a.t1", "a.t2", "a.t3", "a.t4", "a.t1")) {
      two.onScan(scan(table));
    }
    assertThat(registry.get("floe.scan.duration").tag("table", "a.t1").timer().count())
        .isEqualTo(2);
    assertThat(registry.get("floe.scan.duration").tag("table", "a.t2").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("floe.scan.duration").tag("table", "other").timer().count())
        .isEqualTo(2);
    assertThat(registry.find("floe.scan.duration").tag("table", "a.t3").timer()).isNull();

    MeterRegistry named = new SimpleMeterRegistry();
    FloeMetrics allow = FloeMetrics.builder(named).tables(Set.of("a.t3")).build();
    for (String table : List.of("a.t1", "a.t3")) {
      allow.onScan(scan(table));
    }
    assertThat(named.get("floe.scan.duration").tag("table", "a.t3").timer().count()).isEqualTo(1);
    assertThat(named.get("floe.scan.duration").tag("table", "other").timer().count()).isEqualTo(1);
    assertThatThrownBy(() -> FloeMetrics.builder(named).maxTables(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  private static ScanEvent scan(String table) {
    return new ScanEvent(
        Instant.now(),
        "c",
        table,
        "",
        1,
        "true",
        List.of("id"),
        Duration.ofMillis(1),
        1,
        0,
        -1,
        -1,
        10,
        100,
        Duration.ofMillis(2),
        Outcome.SUCCESS,
        "");
  }
}
