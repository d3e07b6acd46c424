package io.floe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table monitors on {@code Floe.local}: gauges, alerts that fire and resolve, a scheduled run. */
class TableMonitorTest {
  @TempDir Path dir;

  /** A clock that tests move. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.now();

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static double gauge(MeterRegistry r, String name, String... tags) {
    return r.get(name).tags(tags).gauge().value();
  }

  @Test
  void smallFilesFireOnceAndResolveAfterCompaction() {
    MeterRegistry registry = new SimpleMeterRegistry();
    List<TableAlert> alerts = new CopyOnWriteArrayList<>();
    try (Floe floe = Floe.open(FloeMetricsTest.config(dir, null))) {
      FloeTable t = FloeMetricsTest.create(floe);
      for (long i = 0; i < 12; i++) {
        FloeMetricsTest.append(t, i);
      }
      try (TableMonitor monitor =
          TableMonitor.builder(floe)
              .watch("db.t")
              .registry(registry)
              .listener(alerts::add)
              .build()) {
        TableStatus s = monitor.refresh().get(0);
        assertThat(s.health().dataFiles()).isEqualTo(12);
        assertThat(s.health().smallDataFiles()).isEqualTo(12);
        assertThat(s.partitions()).isEqualTo(1);
        assertThat(gauge(registry, "floe.table.files", "table", "db.t", "content", "data"))
            .isEqualTo(12);
        assertThat(gauge(registry, "floe.table.snapshots", "table", "db.t")).isEqualTo(12);
        assertThat(gauge(registry, "floe.table.records", "table", "db.t")).isEqualTo(12);
        assertThat(gauge(registry, "floe.table.small.files.ratio", "table", "db.t")).isEqualTo(1.0);
        assertThat(alerts).hasSize(1);
        TableAlert alert = alerts.get(0);
        assertThat(alert.kind()).isEqualTo(TableAlert.Kind.SMALL_FILES);
        assertThat(alert.state()).isEqualTo(TableAlert.State.FIRING);
        assertThat(alert.message())
            .isEqualTo("db.t: 12 of 12 data files under 384.0 MiB (100%), compaction recommended");
        assertThat(s.active()).containsExactly(alert);
        assertThat(gauge(registry, "floe.table.alerts", "table", "db.t")).isEqualTo(1);

        // unchanged table: no new alert, and the statistics are not recomputed
        monitor.refresh();
        monitor.refresh();
        assertThat(alerts).hasSize(1);
        assertThat(registry.get("floe.table.monitor.recomputes").counter().count()).isEqualTo(1);

        t.maintenance().rewriteDataFiles().execute();
        TableStatus after = monitor.refresh().get(0);
        assertThat(after.health().dataFiles()).isEqualTo(1);
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).kind()).isEqualTo(TableAlert.Kind.SMALL_FILES);
        assertThat(alerts.get(1).state()).isEqualTo(TableAlert.State.RESOLVED);
        assertThat(after.active()).isEmpty();
        assertThat(gauge(registry, "floe.table.files", "table", "db.t", "content", "data"))
            .isEqualTo(1);
        assertThat(registry.get("floe.table.monitor.recomputes").counter().count()).isEqualTo(2);
      }
      // closed: its meters are gone
      assertThat(registry.find("floe.table.files").gauges()).isEmpty();
    }
  }

  @Test
  void staleTablesSkewedPartitionsAndAnUnreadableTable() {
    MovableClock clock = new MovableClock();
    List<TableAlert> alerts = new CopyOnWriteArrayList<>();
    try (Floe floe = Floe.open(FloeMetricsTest.config(dir, null))) {
      FloeTable t =
          floe.createTable("db.p")
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .partitionBy(p -> p.identity("kind"))
              .create();
      var append = t.newAppend();
      for (long i = 0; i < 120; i++) {
        append.row(Map.of("id", i, "kind", i < 100 ? "big" : "k" + i));
      }
      append.commit();
      try (TableMonitor monitor =
          TableMonitor.builder(floe)
              .watch("db.p")
              .thresholds(
                  AlertThresholds.defaults()
                      .staleAfter(Duration.ofHours(1))
                      .smallFiles(1.0, 10)) // every file is small here: not this test's point
              .listener(alerts::add)
              .clock(clock)
              .build()) {
        clock.now = Instant.now();
        TableStatus s = monitor.refresh().get(0);
        assertThat(s.partitions()).isEqualTo(21);
        assertThat(s.largestPartitionRecords()).isEqualTo(100);
        assertThat(s.medianPartitionRecords()).isEqualTo(1);
        assertThat(s.partitionSkew()).isEqualTo(100.0);
        assertThat(alerts)
            .extracting(TableAlert::kind)
            .containsExactly(TableAlert.Kind.PARTITION_SKEW);
        assertThat(alerts.get(0).message())
            .isEqualTo(
                "db.p: the largest of 21 partitions holds 100 rows, 100.0x the median;"
                    + " consider a finer partitioning of its values");

        clock.now = Instant.now().plus(Duration.ofHours(3));
        monitor.refresh();
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).kind()).isEqualTo(TableAlert.Kind.STALE);
        assertThat(alerts.get(1).message())
            .startsWith("db.p: no commit for 3 h (more than 60 min)");
        assertThat(monitor.status("db.p").orElseThrow().freshness().orElseThrow())
            .isGreaterThan(Duration.ofHours(2));

        floe.dropTable("db.p");
        monitor.refresh();
        assertThat(alerts).hasSize(3);
        assertThat(alerts.get(2).kind()).isEqualTo(TableAlert.Kind.UNAVAILABLE);
        assertThat(alerts.get(2).message()).startsWith("db.p: cannot be read: ").contains("db.p");
        // the last good status stays, with the alerts still firing
        assertThat(monitor.status("db.p").orElseThrow().active())
            .extracting(TableAlert::kind)
            .containsExactlyInAnyOrder(
                TableAlert.Kind.PARTITION_SKEW, TableAlert.Kind.STALE, TableAlert.Kind.UNAVAILABLE);
        monitor.refresh();
        assertThat(alerts).hasSize(3);
      }
    }
  }

  @Test
  void aStartedMonitorRefreshesOnItsOwnAndSurvivesAFailingListener() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    try (Floe floe = Floe.open(FloeMetricsTest.config(dir, null))) {
      FloeTable t = FloeMetricsTest.create(floe);
      for (long i = 0; i < 3; i++) {
        FloeMetricsTest.append(t, i);
      }
      try (TableMonitor monitor =
          TableMonitor.builder(floe)
              .watch("db.t")
              .every(Duration.ofMillis(50))
              .thresholds(AlertThresholds.defaults().limits(2, 1000))
              .listener(
                  a -> {
                    fired.countDown();
                    throw new IllegalStateException("listener bug");
                  })
              .start()) {
        assertThat(fired.await(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (monitor.status("db.t").isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(monitor.status("db.t").orElseThrow().active())
            .extracting(TableAlert::kind)
            .containsExactly(TableAlert.Kind.SNAPSHOTS);
      }
    }
  }

  @Test
  void badConfigurationFailsAtTheBuilder() {
    try (Floe floe = Floe.open(FloeMetricsTest.config(dir, null))) {
      assertThatThrownBy(() -> TableMonitor.builder(floe).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Watch at least one table");
      assertThatThrownBy(() -> TableMonitor.builder(floe).every(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PT0S");
      assertThatThrownBy(() -> TableMonitor.builder(floe).watch("a.b", "a.b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a.b'");
      assertThatThrownBy(() -> AlertThresholds.defaults().smallFiles(-1, 1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
