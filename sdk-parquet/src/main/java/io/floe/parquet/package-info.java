/**
 * Floe's vectorized Iceberg reader: Parquet pages decoded straight into Apache Arrow batches, with
 * deletes, schema evolution and filters applied.
 *
 * <p>Start with {@link io.floe.parquet.ArrowScan}; iterate {@link io.floe.parquet.ArrowBatches}, or
 * hand an {@link io.floe.parquet.ArrowBatchReader} to an Arrow consumer. Arrow on Java 17 needs
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED}.
 */
package io.floe.parquet;
