/**
 * Floe's internal SPI between its own modules: the only {@code io.floe.impl} types that
 * sdk-parquet, sdk-avro, sdk-testkit and floe-delta use. It is not public API: it carries no
 * compatibility promise to users and is versioned with the project (all Floe modules of one release
 * use the same SPI); users program against {@code sdk-api}.
 *
 * <p>A read goes through one {@link io.floe.impl.spi.ScanPlan}: table, metadata-table, incremental
 * and changelog scans produce it, and the row reader, read tasks and the Arrow reader consume it.
 */
package io.floe.impl.spi;
