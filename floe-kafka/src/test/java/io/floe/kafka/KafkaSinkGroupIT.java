package io.floe.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.avro.RegistrySerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two consumers of one group on one table, and Avro through the registry's wire format. */
class KafkaSinkGroupIT {
  static KafkaBroker broker;

  @TempDir Path warehouse;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
    KafkaSinkIT.broker = broker; // its sink(...) helper connects to the shared broker
  }

  @Test
  void twoConsumersOfOneGroupWriteOneTableWithoutDuplicates() throws Exception {
    String topic = "orders-group";
    broker.createTopic(topic, 4);
    int n = 20_000;
    KafkaTestSupport.produce(broker, topic, 0, n / 2, KafkaTestSupport::order);
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = KafkaSinkIT.createOrders(floe, "db.orders");
      List<KafkaSink> sinks = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      for (int i = 0; i < 2; i++) {
        KafkaSink sink =
            KafkaSinkIT.sink(floe, topic, "group")
                .table("db.orders")
                .commitEvery(2_000, Duration.ofMillis(500), 1L << 30)
                .build();
        sinks.add(sink);
        Thread thread = new Thread(sink::run, "sink-" + i);
        thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        threads.add(thread);
        thread.start();
        Thread.sleep(1_500); // the second joins while the first writes: a rebalance
      }
      KafkaTestSupport.produce(broker, topic, n / 2, n, KafkaTestSupport::order);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (table.refresh().newScan().count() < n && System.nanoTime() < deadline) {
        assertThat(failure.get()).isNull();
        Thread.sleep(300);
      }
      for (KafkaSink sink : sinks) {
        sink.close();
      }
      for (Thread thread : threads) {
        thread.join(30_000);
      }
      assertThat(failure.get()).isNull();
      List<Map<String, Object>> rows = KafkaTestSupport.rows(table);
      assertThat(rows.stream().map(r -> r.get("id")).collect(Collectors.toSet())).hasSize(n);
      assertThat(rows).hasSize(n);
      assertThat(sinks.get(0).stats().records()).isPositive();
      assertThat(sinks.get(1).stats().records()).isPositive();
    }
  }

  @Test
  void avroRecordsThroughTheRegistryWireFormatEvolveTheTable() throws Exception {
    String topic = "users-avro";
    broker.createTopic(topic, 1);
    Schema v1 =
        SchemaBuilder.record("User").fields().requiredLong("id").requiredString("name").endRecord();
    Schema v2 =
        SchemaBuilder.record("User")
            .fields()
            .requiredLong("id")
            .requiredString("name")
            .optionalDouble("score")
            .endRecord();
    MemoryRegistry registry = new MemoryRegistry();
    RegistrySerde serde = RegistrySerde.of(registry);
    KafkaTestSupport.produce(
        broker,
        topic,
        0,
        1_000,
        id -> {
          Schema schema = id < 500 ? v1 : v2;
          GenericData.Record record = new GenericData.Record(schema);
          record.put("id", (long) id);
          record.put("name", "user-" + id);
          if (id >= 500) {
            record.put("score", id % 2 == 0 ? null : id / 4.0);
          }
          return serde.serialize("users-avro-value", record);
        });
    try (Floe floe = Floe.local(warehouse)) {
      floe.createNamespace("db");
      FloeTable table =
          floe.createTable("db.users")
              .column("id", Types.LongType.get())
              .column("name", Types.StringType.get())
              .create();
      try (KafkaSink sink =
          KafkaSinkIT.sink(floe, topic, "avro")
              .table("db.users")
              .format(RecordFormat.avro(registry))
              .schemaPolicy(SchemaPolicy.EVOLVE)
              .build()) {
        KafkaSinkIT.pollUntil(sink, () -> sink.stats().records() == 1_000, Duration.ofSeconds(60));
      }
      table.refresh();
      assertThat(table.schema().findField("score").type()).isEqualTo(Types.DoubleType.get());
      Map<Long, Map<String, Object>> byId =
          KafkaTestSupport.rows(table).stream()
              .collect(Collectors.toMap(r -> (Long) r.get("id"), r -> r));
      assertThat(byId).hasSize(1_000);
      assertThat(byId.get(7L)).containsEntry("name", "user-7").containsEntry("score", null);
      assertThat(byId.get(501L)).containsEntry("score", 501 / 4.0);
      assertThat(byId.get(502L)).containsEntry("score", null);
    }
  }
}
