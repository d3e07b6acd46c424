/**
 * Kafka topics into Floe tables, exactly once, in one JVM: {@link io.floe.kafka.KafkaSink}.
 *
 * <p>The consumed offsets are stored in the snapshot summary of the commit that holds the records
 * and read back from the tables on every start and partition assignment; see {@code
 * docs/ingestion.md}.
 */
package io.floe.kafka;
