package io.floe.kafka;

/**
 * What a {@link KafkaSink} does with a record field the target table has no column for, or with a
 * value too wide for its column.
 *
 * <pre>{@code
 * KafkaSink.builder(floe).schemaPolicy(SchemaPolicy.EVOLVE);
 * }</pre>
 */
public enum SchemaPolicy {
  /**
   * Adds a column for a new field (its type inferred from the value: long, double, boolean, string,
   * or string holding the JSON text of a nested value) and widens int to long and float to double
   * when a value needs it. Each change is its own schema commit, and the data commit that follows
   * names it in its snapshot summary ({@code floe.kafka.schema-changes}).
   */
  EVOLVE,
  /**
   * A record with an unknown field fails conversion: it goes to the dead-letter table (or stops the
   * sink when none is configured). The default.
   */
  FAIL,
  /** Unknown fields are dropped; the known ones are written. */
  IGNORE
}
