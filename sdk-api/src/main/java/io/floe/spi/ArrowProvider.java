package io.floe.spi;

import io.floe.ChangelogScan;
import io.floe.IncrementalScan;
import io.floe.Scan;

/**
 * Service interface through which {@link Scan#arrow(Class, Object, int)}, {@link
 * IncrementalScan#arrow(Class, Object, int)} and {@link ChangelogScan#arrow(Class, Object, int)}
 * read a scan as Arrow batches, found with {@link java.util.ServiceLoader} so that the API module
 * needs no Arrow dependency; {@code io.floe:floe-sdk-parquet} provides it. Users do not call it;
 * implementations must be thread-safe.
 *
 * <p>The allocator is typed {@code Object} and the result is chosen by a class token because the
 * API module's signatures name no Arrow type; implementations check both and throw {@code
 * IllegalArgumentException} naming what they accept.
 *
 * <pre>{@code
 * // META-INF/services/io.floe.spi.ArrowProvider names the implementation class
 * ArrowBatches batches = provider.open(scan, ArrowBatches.class, allocator, 8192);
 * }</pre>
 */
public interface ArrowProvider {

  /**
   * Opens a table or metadata-table scan as Arrow batches.
   *
   * @param scan the scan
   * @param type the result type, such as sdk-parquet's {@code ArrowBatches} or Arrow's {@code
   *     ArrowReader}
   * @param allocator an Arrow {@code BufferAllocator}; not closed by the result
   * @param batchSize the most rows per batch
   * @param <T> the result type
   * @return the open result; the caller closes it
   * @throws IllegalArgumentException when the type, allocator or batch size is not accepted
   */
  <T> T open(Scan scan, Class<T> type, Object allocator, int batchSize);

  /**
   * Opens an incremental scan as Arrow batches.
   *
   * @param scan the scan
   * @param type the result type
   * @param allocator an Arrow {@code BufferAllocator}; not closed by the result
   * @param batchSize the most rows per batch
   * @param <T> the result type
   * @return the open result; the caller closes it
   * @throws IllegalArgumentException when the type, allocator or batch size is not accepted
   */
  <T> T open(IncrementalScan scan, Class<T> type, Object allocator, int batchSize);

  /**
   * Opens a changelog scan as Arrow batches.
   *
   * @param scan the scan
   * @param type the result type
   * @param allocator an Arrow {@code BufferAllocator}; not closed by the result
   * @param batchSize the most rows per batch
   * @param <T> the result type
   * @return the open result; the caller closes it
   * @throws IllegalArgumentException when the type, allocator or batch size is not accepted
   */
  <T> T open(ChangelogScan scan, Class<T> type, Object allocator, int batchSize);
}
