package io.floe.kafka;

import io.floe.impl.spi.ForwardingTableOperations;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.kafka.common.TopicPartition;

/**
 * Table operations that refuse a sink's commit when the table's offsets for the commit's partitions
 * are no longer the ones the sink started from: another consumer (a new owner after a rebalance, or
 * a zombie) committed those records already. The check runs on the metadata each attempt commits
 * over, inside the catalog's compare-and-swap, so a retried commit is checked again and no other
 * commit can slip in between the check and the swap. Used by one sink thread.
 */
final class OffsetCheckingOps extends ForwardingTableOperations {
  private final String table;
  private final String sinkId;
  private Map<TopicPartition, Long> expected = Map.of();
  private String refusal;

  OffsetCheckingOps(TableOperations delegate, String table, String sinkId) {
    super(delegate);
    this.table = table;
    this.sinkId = sinkId;
  }

  /** Sets the offsets the next commit expects to find (null: the table has none for it). */
  void expect(Map<TopicPartition, Long> offsets) {
    this.expected = new HashMap<>(offsets);
    this.refusal = null;
  }

  /** Why the last commit was refused, or null when it was not. */
  String refusal() {
    return refusal;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    Map<TopicPartition, Long> found = SinkOffsets.latest(base, sinkId, expected.keySet());
    for (Map.Entry<TopicPartition, Long> e : expected.entrySet()) {
      Long now = found.get(e.getKey());
      if (!Objects.equals(now, e.getValue())) {
        refusal =
            "Kafka sink "
                + sinkId
                + " will not commit to "
                + table
                + ": partition "
                + e.getKey()
                + " is at offset "
                + now
                + " in the table, not "
                + e.getValue()
                + " as this consumer read it; another consumer committed those records";
        throw new ValidationException("%s", refusal);
      }
    }
    super.commit(base, metadata);
  }
}
