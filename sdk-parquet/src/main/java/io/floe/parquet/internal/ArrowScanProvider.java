package io.floe.parquet.internal;

import io.floe.ChangelogScan;
import io.floe.IncrementalScan;
import io.floe.Scan;
import io.floe.parquet.ArrowBatchReader;
import io.floe.parquet.ArrowBatches;
import io.floe.parquet.ArrowScan;
import io.floe.spi.ArrowProvider;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The {@link ArrowProvider} behind the scans' {@code arrow(type, allocator)} methods: opens an
 * {@link ArrowScan} of the scan as {@link ArrowBatches}, or as an {@link ArrowBatchReader} for a
 * type that one is (Arrow's {@code ArrowReader}). Found with {@link java.util.ServiceLoader};
 * stateless and thread-safe.
 */
public final class ArrowScanProvider implements ArrowProvider {

  /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
  public ArrowScanProvider() {}

  @Override
  public <T> T open(Scan scan, Class<T> type, Object allocator, int batchSize) {
    return open(ArrowScan.of(Objects.requireNonNull(scan, "scan")), type, allocator, batchSize);
  }

  @Override
  public <T> T open(IncrementalScan scan, Class<T> type, Object allocator, int batchSize) {
    return open(ArrowScan.of(Objects.requireNonNull(scan, "scan")), type, allocator, batchSize);
  }

  @Override
  public <T> T open(ChangelogScan scan, Class<T> type, Object allocator, int batchSize) {
    return open(ArrowScan.of(Objects.requireNonNull(scan, "scan")), type, allocator, batchSize);
  }

  private static <T> T open(ArrowScan scan, Class<T> type, Object allocator, int batchSize) {
    Objects.requireNonNull(type, "type");
    if (!(allocator instanceof BufferAllocator arrowAllocator)) {
      throw new IllegalArgumentException(
          "The allocator of an Arrow read must be an Arrow "
              + BufferAllocator.class.getName()
              + ", was "
              + (allocator == null ? "null" : allocator.getClass().getName()));
    }
    boolean batches = type.isAssignableFrom(ArrowBatches.class);
    if (!batches && !type.isAssignableFrom(ArrowBatchReader.class)) {
      throw new IllegalArgumentException(
          "Cannot read a scan as "
              + type.getName()
              + "; ask for "
              + ArrowBatches.class.getName()
              + ", "
              + ArrowBatchReader.class.getName()
              + " or Arrow's ArrowReader");
    }
    ArrowScan sized = scan.batchSize(batchSize);
    return type.cast(
        batches ? sized.open(arrowAllocator) : ArrowBatchReader.of(sized, arrowAllocator));
  }
}
