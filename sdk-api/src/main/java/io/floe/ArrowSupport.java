package io.floe;

import io.floe.spi.ArrowProvider;
import java.util.ServiceLoader;

/** Finds the {@link ArrowProvider} behind the scans' {@code arrow(...)} methods, once. */
final class ArrowSupport {
  /** Rows per Arrow batch unless the caller says otherwise. */
  static final int DEFAULT_BATCH_SIZE = 8192;

  private ArrowSupport() {}

  /** Loaded on first use; null when no provider is on the class path. */
  private static final class Holder {
    static final ArrowProvider PROVIDER =
        ServiceLoader.load(ArrowProvider.class, ArrowSupport.class.getClassLoader())
            .findFirst()
            .orElse(null);
  }

  /**
   * The provider on the class path.
   *
   * @param scan the scan to read, for the message
   * @return the provider
   * @throws UnsupportedFeatureException when none is on the class path
   */
  static ArrowProvider provider(Object scan) {
    ArrowProvider provider = Holder.PROVIDER;
    if (provider == null) {
      throw new UnsupportedFeatureException(
          "Cannot read "
              + scan
              + " as Arrow batches: no Arrow reader on the class path. Add the dependency "
              + "io.floe:floe-sdk-parquet (it provides the vectorized Arrow reader), or read rows with rows()",
          null);
    }
    return provider;
  }

  /**
   * Opens a scan's Arrow batches with the provider's method for its kind of scan.
   *
   * @param scan the scan to read
   * @param type the result type
   * @param allocator the Arrow allocator
   * @param batchSize the most rows per batch
   * @param <T> the result type
   * @return the open batches
   * @throws UnsupportedFeatureException when no provider is on the class path
   */
  static <T> T open(ArrowReadable scan, Class<T> type, Object allocator, int batchSize) {
    ArrowProvider provider = provider(scan);
    if (scan instanceof Scan table) {
      return provider.open(table, type, allocator, batchSize);
    } else if (scan instanceof IncrementalScan incremental) {
      return provider.open(incremental, type, allocator, batchSize);
    } else {
      return provider.open((ChangelogScan) scan, type, allocator, batchSize);
    }
  }
}
