package io.floe.kafka;

import static io.floe.kafka.KafkaTestSupport.json;
import static io.floe.kafka.KafkaTestSupport.order;
import static io.floe.kafka.KafkaTestSupport.produce;
import static io.floe.kafka.KafkaTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ValidationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink against a real KRaft broker and a real local warehouse (SQLite catalog, Parquet). */
class KafkaSinkIT {
  static KafkaBroker broker;

  @TempDir Path warehouse;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
  }

  static FloeTable createOrders(Floe floe, String name) {
    if (!floe.namespaceExists("db")) {
      floe.createNamespace("db");
    }
    return floe.createTable(name)
        .column("id", Types.LongType.get())
        .column("customer", Types.StringType.get())
        .column("amount", Types.DoubleType.get())
        .column("paid", Types.BooleanType.get())
        .create();
  }

  static KafkaSink.Builder sink(Floe floe, String topic, String sinkId) {
    return KafkaSink.builder(floe)
        .bootstrapServers(broker.bootstrapServers())
        .topics(topic)
        .sinkId(sinkId)
        .consumerProperty("session.timeout.ms", 10_000)
        .consumerProperty("heartbeat.interval.ms", 1_000);
  }

  static void pollUntil(KafkaSink sink, BooleanSupplier done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime())
          .as("sink did not finish in %s: %s", timeout, sink.stats())
          .isLessThan(deadline);
      sink.pollOnce(Duration.ofMillis(100));
    }
  }

  static Map<TopicPartition, Long> endOffsets(String topic, int partitions) throws Exception {
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
  }

  @Test
  void recordsLandExactlyWithTheirOffsetsInTheSnapshotSummary() throws Exception {
    String topic = "orders-exact";
    broker.createTopic(topic, 3);
    int n = 20_000;
    produce(broker, topic, 0, n, KafkaTestSupport::order);
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = createOrders(floe, "db.orders");
      try (KafkaSink sink =
          sink(floe, topic, "exact")
              .table("db.orders")
              .commitEvery(5_000, Duration.ofSeconds(30), 64 << 20)
              .build()) {
        pollUntil(sink, () -> sink.stats().records() == n, Duration.ofSeconds(60));
        sink.flush();
        assertThat(sink.stats().deadLetters()).isZero();
        assertThat(sink.stats().commits()).isGreaterThanOrEqualTo(4);
      }
      List<Map<String, Object>> rows = rows(table);
      assertThat(rows).hasSize(n);
      for (Map<String, Object> row : rows) {
        int id = ((Long) row.get("id")).intValue();
        assertThat(row)
            .containsEntry("customer", "c" + (id % 97))
            .containsEntry("amount", (id % 1000) / 10.0)
            .containsEntry("paid", id % 3 == 0);
      }
      assertThat(rows.stream().map(r -> r.get("id")).collect(Collectors.toSet())).hasSize(n);
      Snapshot current = table.refresh().currentSnapshot().orElseThrow();
      assertThat(current.summary()).containsEntry("floe.kafka.sink-id", "exact");
      Map<TopicPartition, Long> stored =
          SinkOffsets.parse(current.summary().get("floe.kafka.offsets.exact"));
      assertThat(stored).isEqualTo(endOffsets(topic, 3));
    }
  }

  @Test
  void aRestartResumesFromTheTableNotFromKafkasCommittedOffsets() throws Exception {
    String topic = "orders-restart";
    broker.createTopic(topic, 2);
    produce(broker, topic, 0, 3_000, KafkaTestSupport::order);
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = createOrders(floe, "db.orders");
      try (KafkaSink sink = sink(floe, topic, "restart").table("db.orders").build()) {
        pollUntil(sink, () -> sink.stats().records() == 3_000, Duration.ofSeconds(60));
      } // close commits
      produce(broker, topic, 3_000, 5_000, KafkaTestSupport::order);
      // a new consumer group has no committed offsets in Kafka: it would read from the beginning
      try (KafkaSink sink =
          sink(floe, topic, "restart").groupId("restart-new-group").table("db.orders").build()) {
        pollUntil(sink, () -> sink.stats().records() == 2_000, Duration.ofSeconds(60));
        sink.pollOnce(Duration.ofMillis(300));
        assertThat(sink.stats().records()).isEqualTo(2_000);
        assertThat(sink.stats().skipped()).isZero(); // it sought to the table's offsets
      }
      List<Map<String, Object>> rows = rows(table);
      assertThat(rows).hasSize(5_000);
      assertThat(rows.stream().map(r -> r.get("id")).collect(Collectors.toSet())).hasSize(5_000);
    }
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTableAndNothingIsDropped() throws Exception {
    String topic = "orders-poison";
    broker.createTopic(topic, 1);
    produce(
        broker,
        topic,
        0,
        1_000,
        id ->
            switch (id) {
              case 100 -> json("{not json");
              case 200 -> json("{\"id\":200,\"amount\":\"lots\"}");
              case 300 -> json("{\"id\":300,\"coupon\":\"X\"}"); // unknown field, policy FAIL
              default -> order(id);
            });
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = createOrders(floe, "db.orders");
      try (KafkaSink sink =
          sink(floe, topic, "poison").table("db.orders").deadLetterTable("db.dead").build()) {
        pollUntil(
            sink,
            () -> sink.stats().records() + sink.stats().deadLetters() == 1_000,
            Duration.ofSeconds(60));
        sink.flush();
        assertThat(sink.stats().deadLetters()).isEqualTo(3);
      }
      assertThat(rows(table)).hasSize(997);
      FloeTable dead = floe.loadTable("db.dead");
      List<Map<String, Object>> letters = rows(dead);
      assertThat(letters).hasSize(3);
      Map<Long, Map<String, Object>> byOffset =
          letters.stream().collect(Collectors.toMap(r -> (Long) r.get("offset"), r -> r));
      assertThat(byOffset.keySet()).containsExactlyInAnyOrder(100L, 200L, 300L);
      assertThat(byOffset.get(100L))
          .containsEntry("topic", topic)
          .containsEntry("partition", 0)
          .containsEntry("target_table", null);
      assertThat((String) byOffset.get(100L).get("error")).contains("not a JSON object");
      assertThat(text(byOffset.get(100L).get("value"))).isEqualTo("{not json");
      assertThat(text(byOffset.get(100L).get("key"))).isEqualTo("100");
      assertThat((String) byOffset.get(200L).get("error")).contains("amount");
      assertThat(byOffset.get(200L)).containsEntry("target_table", "db.orders");
      assertThat((String) byOffset.get(300L).get("error")).contains("coupon").contains("FAIL");
      assertThat(dead.currentSnapshot().orElseThrow().summary())
          .containsEntry("floe.kafka.dead-letters", "3")
          .containsKey("floe.kafka.offsets.poison");
    }
  }

  /**
   * 200 orders through a sink into a table whose rule {@code amount <= 10} breaks for 99 of them
   * (amount = (id % 1000) / 10.0: ids 101..199).
   */
  private FloeTable sinkWithRule(
      Floe floe, String topic, io.floe.quality.QualityMode mode, String deadLetters)
      throws Exception {
    broker.createTopic(topic, 1);
    produce(broker, topic, 0, 200, KafkaTestSupport::order);
    FloeTable table = createOrders(floe, "db.orders");
    table
        .updateConstraints()
        .add(io.floe.quality.Constraint.atMost("amount", 10.0))
        .mode(mode)
        .commit();
    KafkaSink.Builder builder = sink(floe, topic, topic).table("db.orders");
    if (deadLetters != null) {
      builder.deadLetterTable(deadLetters);
    }
    try (KafkaSink sink = builder.build()) {
      pollUntil(
          sink,
          () -> sink.stats().records() + sink.stats().deadLetters() == 200,
          Duration.ofSeconds(60));
      sink.flush();
    }
    return table.refresh();
  }

  @Test
  void theTablesQualityRulesHoldOnTheSinkPathQuarantineMode() throws Exception {
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table =
          sinkWithRule(floe, "orders-quality-q", io.floe.quality.QualityMode.QUARANTINE, null);
      List<Map<String, Object>> good = rows(table);
      assertThat(good).hasSize(101).allMatch(r -> (Double) r.get("amount") <= 10.0);
      List<Map<String, Object>> bad = rows(floe.loadTable("db.orders__quarantine"));
      assertThat(bad).hasSize(99).allMatch(r -> (Double) r.get("amount") > 10.0);
      assertThat(table.currentSnapshot().orElseThrow().summary())
          .containsEntry(io.floe.quality.QualitySummary.CHECKED, "200")
          .containsEntry(io.floe.quality.QualitySummary.QUARANTINED, "99")
          .containsKey("floe.kafka.offsets.orders-quality-q");
    }
  }

  @Test
  void theTablesQualityRulesHoldOnTheSinkPathRejectModeDeadLetters() throws Exception {
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table =
          sinkWithRule(floe, "orders-quality-r", io.floe.quality.QualityMode.REJECT, "db.dead");
      assertThat(rows(table)).hasSize(101);
      List<Map<String, Object>> letters = rows(floe.loadTable("db.dead"));
      assertThat(letters).hasSize(99);
      assertThat(letters)
          .allMatch(r -> ((Long) r.get("offset")) > 100)
          .allMatch(r -> ((String) r.get("error")).contains("amount"));
    }
  }

  static String text(Object value) {
    if (value instanceof java.nio.ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return new String((byte[]) value, StandardCharsets.UTF_8);
  }

  @Test
  void withoutADeadLetterTableAPoisonRecordStopsTheSinkAtItsLastCommit() throws Exception {
    String topic = "orders-stop";
    broker.createTopic(topic, 1);
    produce(
        broker, topic, 0, 50, id -> id == 42 ? json("{\"id\":42,\"amount\":\"x\"}") : order(id));
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = createOrders(floe, "db.orders");
      KafkaSink sink = sink(floe, topic, "stop").table("db.orders").build();
      assertThatThrownBy(
              () -> pollUntil(sink, () -> sink.stats().records() >= 50, Duration.ofSeconds(60)))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(topic + "-0@42")
          .hasMessageContaining("db.orders")
          .hasMessageContaining("dead-letter");
      assertThat(table.refresh().currentSnapshot()).isEmpty();
      assertThatThrownBy(() -> sink.pollOnce(Duration.ofMillis(10)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("build a new one");
      sink.close(); // commits the 42 records before the poison one, and its offset: 42
      assertThat(rows(table)).hasSize(42);
      assertThat(
              SinkOffsets.parse(
                  table.currentSnapshot().orElseThrow().summary().get("floe.kafka.offsets.stop")))
          .containsEntry(new TopicPartition(topic, 0), 42L);
    }
  }

  @Test
  void aFieldAddedMidStreamAddsAColumnAndAWiderValueWidensIt() throws Exception {
    String topic = "events-evolve";
    broker.createTopic(topic, 1);
    produce(
        broker,
        topic,
        0,
        2_000,
        id ->
            id < 1_000
                ? json("{\"id\":" + id + ",\"n\":" + id + "}")
                : json(
                    "{\"id\":"
                        + id
                        + ",\"n\":"
                        + (id == 1_500 ? 5_000_000_000L : id)
                        + ",\"source\":\"s"
                        + id
                        + "\",\"meta\":{\"k\":"
                        + id
                        + "}}"));
    try (Floe floe = Floe.local(warehouse)) {
      floe.createNamespace("db");
      FloeTable table =
          floe.createTable("db.events")
              .column("id", Types.LongType.get())
              .column("n", Types.IntegerType.get())
              .create();
      try (KafkaSink sink =
          sink(floe, topic, "evolve")
              .table("db.events")
              .schemaPolicy(SchemaPolicy.EVOLVE)
              .deadLetterTable("db.dead")
              .build()) {
        pollUntil(sink, () -> sink.stats().records() == 2_000, Duration.ofSeconds(60));
        sink.flush();
        assertThat(sink.stats().deadLetters()).isZero();
      }
      table.refresh();
      assertThat(table.schema().findField("source").type()).isEqualTo(Types.StringType.get());
      assertThat(table.schema().findField("meta").type()).isEqualTo(Types.StringType.get());
      assertThat(table.schema().findField("n").type()).isEqualTo(Types.LongType.get());
      String changes =
          table.snapshots().stream()
              .map(s -> s.summary().getOrDefault("floe.kafka.schema-changes", ""))
              .collect(Collectors.joining("; "));
      assertThat(changes).contains("added source string", "added meta string", "widened n to long");
      Map<Long, Map<String, Object>> byId =
          rows(table).stream().collect(Collectors.toMap(r -> (Long) r.get("id"), r -> r));
      assertThat(byId).hasSize(2_000);
      assertThat(byId.get(5L)).containsEntry("source", null).containsEntry("n", 5L);
      assertThat(byId.get(1_200L))
          .containsEntry("source", "s1200")
          .containsEntry("meta", "{\"k\":1200}");
      assertThat(byId.get(1_500L)).containsEntry("n", 5_000_000_000L);
    }
  }

  @Test
  void aColumnAnotherWriterAddedMeanwhileIsUsedNotDeadLettered() throws Exception {
    String topic = "events-raced";
    broker.createTopic(topic, 1);
    try (Floe floe = Floe.local(warehouse);
        Floe other = Floe.local(warehouse)) {
      floe.createNamespace("db");
      FloeTable table = floe.createTable("db.events").column("id", Types.LongType.get()).create();
      try (KafkaSink sink =
          sink(floe, topic, "raced")
              .table("db.events")
              .schemaPolicy(SchemaPolicy.EVOLVE)
              .deadLetterTable("db.dead")
              .build()) {
        sink.pollOnce(Duration.ofMillis(500)); // assigned: the sink read the table's schema
        // a second consumer of the group (another JVM) evolved the table first
        other
            .loadTable("db.events")
            .updateSchema()
            .addColumn("source", Types.StringType.get())
            .commit();
        produce(broker, topic, 0, 100, id -> json("{\"id\":" + id + ",\"source\":\"s\"}"));
        pollUntil(
            sink,
            () -> sink.stats().records() + sink.stats().deadLetters() == 100,
            Duration.ofSeconds(60));
        assertThat(sink.stats().deadLetters()).isZero();
      }
      assertThat(rows(table))
          .hasSize(100)
          .allSatisfy(r -> assertThat(r).containsEntry("source", "s"));
    }
  }

  @Test
  void offsetsExpiredWithOldSnapshotsStopTheSinkInsteadOfWritingTwice() throws Exception {
    String topic = "orders-expired";
    broker.createTopic(topic, 1);
    produce(broker, topic, 0, 500, KafkaTestSupport::order);
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = createOrders(floe, "db.orders");
      try (KafkaSink sink = sink(floe, topic, "expired").table("db.orders").build()) {
        pollUntil(sink, () -> sink.stats().records() == 500, Duration.ofSeconds(60));
      }
      // another writer appends, then maintenance keeps only the newest snapshot
      table.newAppend().row(Map.of("id", -1L)).commit();
      table
          .maintenance()
          .expireSnapshots()
          .olderThan(java.time.Instant.now().plusSeconds(60))
          .retainLast(1)
          .execute();
      assertThat(table.refresh().snapshots()).hasSize(1);
      try (KafkaSink sink = sink(floe, topic, "expired").table("db.orders").build()) {
        assertThatThrownBy(() -> sink.pollOnce(Duration.ofSeconds(5)))
            .isInstanceOf(ValidationException.class)
            .hasMessageContaining("db.orders")
            .hasMessageContaining(topic + "-0")
            .hasMessageContaining("expired")
            .hasMessageContaining("floe.kafka.offsets.expired");
      }
      assertThat(rows(table)).hasSize(501); // nothing written twice
      // the way out the message gives: commit the offsets to the table
      table
          .newAppend()
          .set("floe.kafka.offsets.expired", "{\"" + topic + "\":{\"0\":500}}")
          .commit();
      produce(broker, topic, 500, 600, KafkaTestSupport::order);
      try (KafkaSink sink = sink(floe, topic, "expired").table("db.orders").build()) {
        pollUntil(sink, () -> sink.stats().records() == 100, Duration.ofSeconds(60));
      }
      List<Map<String, Object>> rows = rows(table);
      assertThat(rows).hasSize(601);
      assertThat(rows.stream().map(r -> r.get("id")).collect(Collectors.toSet())).hasSize(601);
    }
  }

  @Test
  void recordsOfAbortedProducerTransactionsNeverLand() throws Exception {
    String topic = "orders-transactional";
    broker.createTopic(topic, 1);
    Map<String, Object> config = new java.util.HashMap<>(broker.producerConfig());
    config.put("transactional.id", "orders-tx");
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
            config,
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.initTransactions();
      for (int batch = 0; batch < 4; batch++) {
        producer.beginTransaction();
        for (int id = batch * 100; id < batch * 100 + 100; id++) {
          producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, order(id)));
        }
        if (batch % 2 == 0) {
          producer.commitTransaction();
        } else {
          producer.abortTransaction();
        }
      }
    }
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = createOrders(floe, "db.orders");
      try (KafkaSink sink = sink(floe, topic, "transactional").table("db.orders").build()) {
        pollUntil(sink, () -> sink.stats().records() == 200, Duration.ofSeconds(60));
        sink.pollOnce(Duration.ofMillis(500));
        assertThat(sink.stats().records()).isEqualTo(200);
      }
      Set<Long> ids = rows(table).stream().map(r -> (Long) r.get("id")).collect(Collectors.toSet());
      assertThat(ids).hasSize(200).allMatch(id -> id < 100 || (id >= 200 && id < 300));
      // the offsets cover the transaction markers too: a restart reads nothing again
      assertThat(
              SinkOffsets.parse(
                  table
                      .currentSnapshot()
                      .orElseThrow()
                      .summary()
                      .get("floe.kafka.offsets.transactional")))
          .isEqualTo(endOffsets(topic, 1));
    }
  }

  @Test
  void ignorePolicyDropsUnknownFields() throws Exception {
    String topic = "orders-ignore";
    broker.createTopic(topic, 1);
    produce(broker, topic, 0, 10, id -> json("{\"id\":" + id + ",\"extra\":true}"));
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = createOrders(floe, "db.orders");
      try (KafkaSink sink =
          sink(floe, topic, "ignore")
              .table("db.orders")
              .schemaPolicy(SchemaPolicy.IGNORE)
              .build()) {
        pollUntil(sink, () -> sink.stats().records() == 10, Duration.ofSeconds(60));
      }
      assertThat(rows(table)).hasSize(10);
      assertThat(table.refresh().schema().findField("extra")).isNull();
    }
  }

  @Test
  void routesRecordsToTablesByAField() throws Exception {
    String topic = "web-routed";
    broker.createTopic(topic, 2);
    String[] types = {"click", "view", "other"};
    produce(
        broker,
        topic,
        0,
        3_000,
        id -> json("{\"id\":" + id + ",\"type\":\"" + types[id % 3] + "\"}"));
    try (Floe floe = Floe.local(warehouse)) {
      floe.createNamespace("web");
      for (String name : List.of("web.clicks", "web.views")) {
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .column("type", Types.StringType.get())
            .create();
      }
      try (KafkaSink sink =
          sink(floe, topic, "routed")
              .routeBy("type", Map.of("click", "web.clicks", "view", "web.views"))
              .deadLetterTable("web.dead")
              .build()) {
        pollUntil(
            sink,
            () -> sink.stats().records() + sink.stats().deadLetters() == 3_000,
            Duration.ofSeconds(60));
      }
      List<Map<String, Object>> clicks = rows(floe.loadTable("web.clicks"));
      assertThat(clicks)
          .hasSize(1_000)
          .allSatisfy(r -> assertThat(r).containsEntry("type", "click"));
      assertThat(rows(floe.loadTable("web.views"))).hasSize(1_000);
      List<Map<String, Object>> dead = rows(floe.loadTable("web.dead"));
      assertThat(dead).hasSize(1_000);
      assertThat((String) dead.get(0).get("error")).contains("no route for type=other");
      // each table holds the sink's offsets for both partitions
      for (String name : List.of("web.clicks", "web.views", "web.dead")) {
        Snapshot s = floe.loadTable(name).currentSnapshot().orElseThrow();
        assertThat(SinkOffsets.parse(s.summary().get("floe.kafka.offsets.routed")))
            .isEqualTo(endOffsets(topic, 2));
      }
    }
  }

  @Test
  void aCommitIsRefusedWhenAnotherConsumerCommittedTheSamePartitionFirst() throws Exception {
    String topic = "orders-zombie";
    broker.createTopic(topic, 1);
    produce(broker, topic, 0, 1_000, KafkaTestSupport::order);
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = createOrders(floe, "db.orders");
      try (KafkaSink zombie =
          sink(floe, topic, "zombie")
              .table("db.orders")
              .commitEvery(1_000_000, Duration.ofMinutes(10), 1L << 40)
              .build()) {
        pollUntil(zombie, () -> zombie.stats().records() == 1_000, Duration.ofSeconds(60));
        // meanwhile the partition's new owner committed records 0..599 of the same partition
        table
            .newAppend()
            .rows(
                java.util.stream.IntStream.range(0, 600)
                    .mapToObj(id -> Map.<String, Object>of("id", (long) id))
                    .toList())
            .set("floe.kafka.sink-id", "zombie")
            .set("floe.kafka.offsets.zombie", "{\"" + topic + "\":{\"0\":600}}")
            .commit();
        zombie.flush(); // refused: the table moved to 600 since the zombie read it (no offset)
        assertThat(zombie.stats().refusedCommits()).isEqualTo(1);
        assertThat(rows(table)).hasSize(600);
        // it sought to 600 and writes the rest exactly once
        pollUntil(zombie, () -> zombie.stats().records() == 1_400, Duration.ofSeconds(60));
        zombie.flush();
      }
      List<Map<String, Object>> rows = rows(table);
      assertThat(rows).hasSize(1_000);
      Set<Object> ids = new HashSet<>();
      rows.forEach(r -> ids.add(r.get("id")));
      assertThat(ids).hasSize(1_000);
    }
  }
}
