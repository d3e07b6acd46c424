package io.floe.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The summary format of a sink's offsets, and how rows are fitted to a table's columns. */
class SinkOffsetsProperties {

  @Provide
  Arbitrary<Map<TopicPartition, Long>> offsets() {
    Arbitrary<String> topics =
        Arbitraries.strings()
            .withChars("abcxyz.-_0123456789ÄÖ\"\\/")
            .ofMinLength(1)
            .ofMaxLength(20);
    Arbitrary<TopicPartition> partitions =
        Combinators.combine(topics, Arbitraries.integers().between(0, 10_000))
            .as(TopicPartition::new);
    return Arbitraries.maps(partitions, Arbitraries.longs().between(0, Long.MAX_VALUE))
        .ofMaxSize(30);
  }

  @Property
  void offsetsSurviveTheSnapshotSummary(@ForAll("offsets") Map<TopicPartition, Long> offsets) {
    assertThat(SinkOffsets.parse(SinkOffsets.format(offsets))).isEqualTo(offsets);
  }

  @Test
  void theSummaryValueIsReadableJson() {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    offsets.put(new TopicPartition("orders", 1), 1180L);
    offsets.put(new TopicPartition("orders", 0), 1200L);
    assertThat(SinkOffsets.format(offsets)).isEqualTo("{\"orders\":{\"0\":1200,\"1\":1180}}");
    assertThat(SinkOffsets.key("orders-to-lake")).isEqualTo("floe.kafka.offsets.orders-to-lake");
  }

  @Test
  void damagedOffsetsAreAnErrorNotAFreshStart() {
    assertThatThrownBy(() -> SinkOffsets.parse("{\"orders\":"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Unreadable sink offsets");
  }

  @Test
  void inferredTypesOfNewFields() {
    assertThat(TableState.inferType(1).toString()).isEqualTo("long");
    assertThat(TableState.inferType(1L << 40).toString()).isEqualTo("long");
    assertThat(TableState.inferType(1.5).toString()).isEqualTo("double");
    assertThat(TableState.inferType(true).toString()).isEqualTo("boolean");
    assertThat(TableState.inferType("x").toString()).isEqualTo("string");
    assertThat(TableState.inferType(new byte[1]).toString()).isEqualTo("binary");
    assertThat(TableState.inferType(Map.of("k", 1)).toString()).isEqualTo("string");
    assertThat(TableState.inferType(List.of(1)).toString()).isEqualTo("string");
    assertThat(TableState.inferType(new java.math.BigInteger("1" + "0".repeat(30))).toString())
        .isEqualTo("decimal(38, 0)");
  }

  @Test
  void sinkIdsAreChecked() {
    try (io.floe.Floe floe = io.floe.Floe.inMemory()) {
      assertThatThrownBy(() -> KafkaSink.builder(floe).sinkId("a b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a b'");
      assertThatThrownBy(
              () -> KafkaSink.builder(floe).commitEvery(0, java.time.Duration.ofSeconds(1), 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 1");
      assertThatThrownBy(() -> KafkaSink.builder(floe).topics("t").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("bootstrap servers");
    }
  }
}
