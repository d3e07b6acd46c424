package io.floe.avro;

/**
 * Which schema changes a subject accepts, with the names and meanings Confluent-compatible schema
 * registries use.
 *
 * <p>"Backward" means consumers using the new schema can read data written with the previous one;
 * "forward" means consumers still on the previous schema can read data written with the new one;
 * "full" means both. The transitive forms check against every earlier version, not only the latest.
 *
 * <pre>{@code
 * CompatibilityReport report = AvroCompatibility.check(CompatibilityLevel.BACKWARD, candidate, history);
 * }</pre>
 */
public enum CompatibilityLevel {
  /** No check: every schema is accepted. */
  NONE,
  /** The new schema can read data written with the latest one. */
  BACKWARD,
  /** The new schema can read data written with every earlier one. */
  BACKWARD_TRANSITIVE,
  /** The latest schema can read data written with the new one. */
  FORWARD,
  /** Every earlier schema can read data written with the new one. */
  FORWARD_TRANSITIVE,
  /** Both {@link #BACKWARD} and {@link #FORWARD}. */
  FULL,
  /** Both {@link #BACKWARD_TRANSITIVE} and {@link #FORWARD_TRANSITIVE}. */
  FULL_TRANSITIVE;

  boolean backward() {
    return this == BACKWARD
        || this == BACKWARD_TRANSITIVE
        || this == FULL
        || this == FULL_TRANSITIVE;
  }

  boolean forward() {
    return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
  }

  boolean transitive() {
    return this == BACKWARD_TRANSITIVE || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
  }
}
