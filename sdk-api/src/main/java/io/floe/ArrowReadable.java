package io.floe;

/**
 * A read whose rows can also be had as Arrow batches: the {@code arrow(...)} methods {@link Scan},
 * {@link IncrementalScan} and {@link ChangelogScan} share. Table scans decode Parquet straight into
 * Arrow vectors (sdk-parquet's {@code ArrowScan}: the same pruning, filters, deletes, time travel
 * and limit as rows, up to one file per core at once, so batches of different files interleave) and
 * report what they did in {@code ArrowBatches.metrics()}; metadata-table, incremental and changelog
 * scans have no vectorized reader: the rows their {@code rows()} returns (for changelog scans with
 * the change columns) are copied into the vectors, in order, and {@code ArrowBatches.metrics()}
 * stays at zero. Each batch is valid until the next one is read. The API module names no Arrow
 * type, hence the class token and the {@code Object} allocator; the reader comes from {@code
 * io.floe:floe-sdk-parquet}, found on the class path. Implementations are immutable and
 * thread-safe, as the scans are.
 *
 * <pre>{@code
 * try (BufferAllocator allocator = new RootAllocator();
 *     ArrowBatches batches = table.newScan().select("id").arrow(ArrowBatches.class, allocator)) {
 *   while (batches.hasNext()) {
 *     VectorSchemaRoot batch = batches.next();
 *   }
 * }
 * }</pre>
 */
public sealed interface ArrowReadable permits Scan, IncrementalScan, ChangelogScan {

  /**
   * Reads the rows as Arrow batches of up to 8,192 rows; see {@link #arrow(Class, Object, int)}.
   *
   * <pre>{@code
   * try (BufferAllocator allocator = new RootAllocator();
   *     ArrowBatches batches = table.newChangelogScan().fromSnapshotExclusive(last).arrow(ArrowBatches.class, allocator)) {
   *   while (batches.hasNext()) {
   *     VectorSchemaRoot batch = batches.next();
   *   }
   * }
   * }</pre>
   *
   * @param type {@code io.floe.parquet.ArrowBatches} (or a supertype such as {@code
   *     AutoCloseable}), {@code io.floe.parquet.ArrowBatchReader} or Arrow's {@code ArrowReader}
   * @param allocator the Arrow {@code BufferAllocator} the batches are allocated from; never closed
   *     by the scan, and must outlive the result
   * @param <T> the result type
   * @return the open batches; close them to release their memory and files
   * @throws UnsupportedFeatureException when {@code io.floe:floe-sdk-parquet} is not on the class
   *     path, or a column's type has no Arrow mapping
   * @throws IllegalArgumentException when the type is not one of those, or the allocator is not a
   *     {@code BufferAllocator}
   * @throws ValidationException when a column or filter does not fit the table
   * @throws NotFoundException when a snapshot, ref or branch does not exist
   */
  default <T> T arrow(Class<T> type, Object allocator) {
    return arrow(type, allocator, ArrowSupport.DEFAULT_BATCH_SIZE);
  }

  /**
   * Reads the rows as Arrow batches (Arrow's {@code VectorSchemaRoot}) holding the rows {@code
   * rows()} returns, decoded or copied as the {@linkplain ArrowReadable type's description} says.
   *
   * <pre>{@code
   * try (BufferAllocator allocator = new RootAllocator();
   *     ArrowBatchReader reader = table.newIncrementalScan().fromSnapshotExclusive(last).arrow(ArrowBatchReader.class, allocator, 65_536)) {
   *   while (reader.loadNextBatch()) {
   *     rows += reader.getVectorSchemaRoot().getRowCount();
   *   }
   * }
   * }</pre>
   *
   * @param type {@code io.floe.parquet.ArrowBatches} (or a supertype such as {@code
   *     AutoCloseable}), {@code io.floe.parquet.ArrowBatchReader} or Arrow's {@code ArrowReader}
   * @param allocator the Arrow {@code BufferAllocator} the batches are allocated from; never closed
   *     by the scan, and must outlive the result
   * @param batchSize the most rows per batch, from 1 to 1,048,576
   * @param <T> the result type
   * @return the open batches; close them to release their memory and files
   * @throws UnsupportedFeatureException when {@code io.floe:floe-sdk-parquet} is not on the class
   *     path, or a column's type has no Arrow mapping
   * @throws IllegalArgumentException when the type is not one of those, the allocator is not a
   *     {@code BufferAllocator} or the batch size is out of range
   * @throws ValidationException when a column or filter does not fit the table
   * @throws NotFoundException when a snapshot, ref or branch does not exist
   */
  default <T> T arrow(Class<T> type, Object allocator, int batchSize) {
    java.util.Objects.requireNonNull(type, "type");
    java.util.Objects.requireNonNull(allocator, "allocator");
    return ArrowSupport.open(this, type, allocator, batchSize);
  }
}
