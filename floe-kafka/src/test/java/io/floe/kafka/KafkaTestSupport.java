package io.floe.kafka;

import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producing test records and reading tables back. */
final class KafkaTestSupport {
  private KafkaTestSupport() {}

  static KafkaProducer<byte[], byte[]> producer(KafkaBroker broker) {
    Map<String, Object> config = new HashMap<>(broker.producerConfig());
    config.put("enable.idempotence", "true");
    config.put("max.in.flight.requests.per.connection", "1");
    config.put("delivery.timeout.ms", "60000");
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends values id from..to-1 (keyed by id, so spread over partitions), and waits for them. */
  static void produce(KafkaBroker broker, String topic, int from, int to, IntFunction<byte[]> value)
      throws Exception {
    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
      for (int id = from; id < to; id++) {
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    topic,
                    Integer.toString(id).getBytes(StandardCharsets.UTF_8),
                    value.apply(id))));
      }
      producer.flush();
    }
    for (java.util.concurrent.Future<?> future : sent) {
      future.get(); // every record is in the topic, or the test stops here
    }
  }

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] order(int id) {
    return json(
        "{\"id\":"
            + id
            + ",\"customer\":\"c"
            + (id % 97)
            + "\",\"amount\":"
            + (id % 1000) / 10.0
            + ",\"paid\":"
            + (id % 3 == 0)
            + "}");
  }

  static List<Map<String, Object>> rows(FloeTable table) {
    table.refresh();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (RowStream stream = table.newScan().rows()) {
      for (Row row : stream) {
        rows.add(row.toMap());
      }
    }
    return rows;
  }
}
