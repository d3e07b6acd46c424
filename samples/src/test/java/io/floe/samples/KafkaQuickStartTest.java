package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.kafka.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Kafka sample against a real KRaft broker (floe-kafka's test fixture, on 127.0.0.1). */
class KafkaQuickStartTest {
  @TempDir Path tmp;

  @Test
  void ordersLandOnceWithTheirOffsetsAndThePoisonRecordIsKept() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long rows =
        KafkaQuickStart.run(
            tmp, broker.bootstrapServers(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(rows).isEqualTo(1_001);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("shop.orders: 1001 rows, columns 4")
        .contains("offsets: {\"orders\":{\"0\":")
        .contains("schema changes: added coupon string")
        .contains("dead letter @")
        .contains("not a JSON object");
  }
}
