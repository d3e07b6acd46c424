package io.floe.samples;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.kafka.KafkaSink;
import io.floe.kafka.RecordFormat;
import io.floe.kafka.SchemaPolicy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka into a Floe table, exactly once ({@code floe-kafka}): produces 1 000 JSON orders, one that
 * is not JSON and one with a new field, then runs a sink that writes them to {@code shop.orders}
 * (the new field becomes a column), keeps the poison record in {@code shop.dead_letters}, and
 * records the consumed offsets in the snapshot summary.
 *
 * <p>Arguments: {@code warehouse bootstrap-servers}, e.g. {@code target/kafka-warehouse
 * 127.0.0.1:9092}. It needs a running broker; the samples' test starts a real KRaft broker for it.
 */
public final class KafkaQuickStart {
  private KafkaQuickStart() {}

  /**
   * Runs the sample.
   *
   * @param args warehouse folder and bootstrap servers
   */
  public static void main(String[] args) {
    run(Path.of(args[0]), args[1], System.out);
  }

  /**
   * Produces the orders, runs the sink until they are in the table, and prints what landed.
   *
   * @param warehouse the warehouse folder
   * @param bootstrap the Kafka bootstrap servers
   * @param out where to print
   * @return the number of rows in {@code shop.orders}
   */
  public static long run(Path warehouse, String bootstrap, PrintStream out) {
    produce(bootstrap, "orders");
    try (Floe floe = Floe.local(warehouse)) {
      floe.createNamespace("shop");
      FloeTable orders =
          floe.createTable("shop.orders")
              .column("id", Types.LongType.get())
              .column("customer", Types.StringType.get())
              .column("amount", Types.DoubleType.get())
              .create();
      try (KafkaSink sink =
          KafkaSink.builder(floe)
              .bootstrapServers(bootstrap)
              .topics("orders")
              .sinkId("orders-to-lake")
              .table("shop.orders")
              .format(RecordFormat.json())
              .schemaPolicy(SchemaPolicy.EVOLVE)
              .deadLetterTable("shop.dead_letters")
              .commitEvery(500, Duration.ofSeconds(10), 64 << 20)
              .build()) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sink.stats().records() + sink.stats().deadLetters() < 1_002
            && System.nanoTime() < deadline) {
          sink.pollOnce(Duration.ofMillis(200));
        }
        sink.flush();
        out.println("sink: " + sink.stats());
      }
      orders.refresh();
      long rows = orders.newScan().count();
      out.println("shop.orders: " + rows + " rows, columns " + orders.schema().columns().size());
      Map<String, String> summary = orders.currentSnapshot().orElseThrow().summary();
      out.println("offsets: " + summary.get("floe.kafka.offsets.orders-to-lake"));
      out.println("schema changes: " + summary.get("floe.kafka.schema-changes"));
      FloeTable dead = floe.loadTable("shop.dead_letters");
      dead.newScan()
          .select("offset", "error")
          .rows()
          .forEach(r -> out.println("dead letter @" + r.get("offset") + ": " + r.get("error")));
      return rows;
    }
  }

  private static void produce(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + topic, e);
    }
    props.put("acks", "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int id = 1; id <= 1_000; id++) {
        String json =
            "{\"id\":" + id + ",\"customer\":\"c" + id % 10 + "\",\"amount\":" + id * 1.5 + "}";
        producer.send(new ProducerRecord<>(topic, Integer.toString(id), json));
      }
      producer.send(new ProducerRecord<>(topic, "poison", "this is not JSON"));
      producer.send(
          new ProducerRecord<>(
              topic,
              "1001",
              "{\"id\":1001,\"customer\":\"c1\",\"amount\":2.5,\"coupon\":\"XMAS\"}"));
      producer.flush();
    }
  }
}
