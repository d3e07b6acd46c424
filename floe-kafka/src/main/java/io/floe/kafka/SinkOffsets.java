package io.floe.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumed offsets a sink keeps in the snapshot summaries of its commits, as Iceberg's Kafka
 * Connect sink does ({@code kafka.connect.offsets.<topic>.<group>}): key {@code
 * floe.kafka.offsets.<sink-id>}, value JSON {@code {"topic":{"0":1200,"1":1180}}}, each offset the
 * next one to consume (all records before it are in the table). A commit holds the offsets of the
 * partitions its sink owned; a partition's offset is the one of the newest snapshot in the current
 * snapshot's ancestry that names it.
 */
final class SinkOffsets {
  static final String PREFIX = "floe.kafka.offsets.";
  static final String SINK_ID = "floe.kafka.sink-id";
  static final String RECORDS = "floe.kafka.records";
  static final String DEAD_LETTERS = "floe.kafka.dead-letters";
  static final String SCHEMA_CHANGES = "floe.kafka.schema-changes";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, TreeMap<Integer, Long>>> TYPE =
      new TypeReference<>() {};

  private SinkOffsets() {}

  static String key(String sinkId) {
    return PREFIX + sinkId;
  }

  static String format(Map<TopicPartition, Long> offsets) {
    Map<String, Map<Integer, Long>> byTopic = new TreeMap<>();
    offsets.forEach(
        (tp, offset) ->
            byTopic.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).put(tp.partition(), offset));
    try {
      return JSON.writeValueAsString(byTopic);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<TopicPartition, Long> parse(String value) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    try {
      JSON.readValue(value, TYPE)
          .forEach(
              (topic, partitions) ->
                  partitions.forEach((p, o) -> offsets.put(new TopicPartition(topic, p), o)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable sink offsets in a snapshot summary: " + value, e);
    }
    return offsets;
  }

  /**
   * The newest offsets of a sink for some partitions, walking back from the current snapshot;
   * partitions never committed are absent.
   */
  static Map<TopicPartition, Long> latest(
      TableMetadata metadata, String sinkId, Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> found = new HashMap<>();
    if (metadata == null) {
      return found;
    }
    Set<TopicPartition> wanted = new HashSet<>(partitions);
    String key = key(sinkId);
    Snapshot snapshot = metadata.currentSnapshot();
    while (snapshot != null && !wanted.isEmpty()) {
      String value = snapshot.summary() == null ? null : snapshot.summary().get(key);
      if (value != null) {
        Map<TopicPartition, Long> offsets = parse(value);
        for (var it = wanted.iterator(); it.hasNext(); ) {
          TopicPartition tp = it.next();
          Long offset = offsets.get(tp);
          if (offset != null) {
            found.put(tp, offset);
            it.remove();
          }
        }
      }
      Long parent = snapshot.parentId();
      snapshot = parent == null ? null : metadata.snapshot(parent);
    }
    return found;
  }

  /**
   * Whether the current snapshot's ancestry was cut by snapshot expiry: its oldest retained
   * snapshot names a parent the table no longer holds, so offsets may have been expired with it.
   */
  static boolean historyExpired(TableMetadata metadata) {
    Snapshot snapshot = metadata == null ? null : metadata.currentSnapshot();
    while (snapshot != null) {
      Long parent = snapshot.parentId();
      if (parent == null) {
        return false;
      }
      Snapshot next = metadata.snapshot(parent);
      if (next == null) {
        return true;
      }
      snapshot = next;
    }
    return false;
  }
}
