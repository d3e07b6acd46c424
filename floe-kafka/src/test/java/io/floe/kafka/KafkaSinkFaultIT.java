package io.floe.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.testkit.Faults;
import io.floe.testkit.FloeTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits whose outcome is unknown, injected by the test kit's faulty catalog over a real local
 * warehouse: the sink reads the table back (never writes blindly again), keeps every file of the
 * unknown commit, and the table ends with each record once.
 */
class KafkaSinkFaultIT {
  @TempDir Path warehouse;

  @BeforeAll
  static void startBroker() throws Exception {
    KafkaSinkIT.broker = KafkaBroker.shared();
  }

  private KafkaSink.Stats exactlyOnceDespite(String topic, Function<Faults, Object> fault)
      throws Exception {
    KafkaSink.Stats stats;
    KafkaSinkIT.broker.createTopic(topic, 2);
    KafkaTestSupport.produce(KafkaSinkIT.broker, topic, 0, 4_000, KafkaTestSupport::order);
    Faults faults = Faults.create();
    try (FloeTestKit kit = FloeTestKit.builder().local(warehouse).faults(faults).build()) {
      Floe floe = kit.floe();
      FloeTable table = KafkaSinkIT.createOrders(floe, "db.orders");
      fault.apply(faults);
      try (KafkaSink sink =
          KafkaSinkIT.sink(floe, topic, "faulty")
              .table("db.orders")
              .consumerProperty("max.poll.records", 500)
              .commitEvery(1_000, Duration.ofSeconds(30), 1L << 30)
              .build()) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (table.refresh().newScan().count() < 4_000 && System.nanoTime() < deadline) {
          for (int i = 0; i < 5; i++) {
            sink.pollOnce(Duration.ofMillis(100));
          }
          sink.flush();
        }
        stats = sink.stats();
      }
      assertThat(faults.injected()).hasSize(1);
      List<Map<String, Object>> rows = KafkaTestSupport.rows(table);
      assertThat(rows.stream().map(r -> r.get("id")).collect(Collectors.toSet())).hasSize(4_000);
      assertThat(rows).hasSize(4_000);
    }
    return stats;
  }

  @Test
  void anUnknownCommitThatDidNotLandIsWrittenAgainAfterReadingTheTable() throws Exception {
    KafkaSink.Stats stats =
        exactlyOnceDespite(
            "orders-unknown", f -> f.onCommit().table("db.orders").nth(2).stateUnknown());
    assertThat(stats.unknownCommits()).isEqualTo(1);
    assertThat(stats.skipped()).isZero(); // it sought back to the table's offsets
  }

  @Test
  void anUnknownCommitThatLandedIsNotWrittenAgain() throws Exception {
    exactlyOnceDespite(
        "orders-unknown-applied",
        f -> f.onCommit().table("db.orders").nth(2).stateUnknownAfterApply());
  }

  @Test
  void aConflictingConcurrentCommitIsRetriedWithTheOffsetsCheckedAgain() throws Exception {
    exactlyOnceDespite("orders-conflict", f -> f.onCommit().table("db.orders").nth(2).conflict());
  }
}
