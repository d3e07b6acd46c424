package io.floe.impl;

import io.floe.Scan;
import io.floe.impl.read.ScanImpl;
import org.apache.iceberg.TableScan;

/**
 * Bridges from a Floe scan to the Iceberg scan behind it, for sdk-parquet's Arrow reader. Not part
 * of the public API; the other bridges are in {@link io.floe.impl.spi.Internals}.
 */
public final class FloeInternals {
  private FloeInternals() {}

  /**
   * The Iceberg scan a Floe scan is configured as (projection, filter, snapshot or ref, case
   * sensitivity); the limit is not part of it, see {@link #limit(Scan)}.
   *
   * @param scan a scan from Floe's implementation
   * @return the configured Iceberg scan
   */
  public static TableScan icebergScan(Scan scan) {
    return asImpl(scan).icebergScan();
  }

  /**
   * The table name a scan reads, for messages.
   *
   * @param scan a scan from Floe's implementation
   * @return the table's full name
   */
  public static String tableName(Scan scan) {
    return asImpl(scan).tableName();
  }

  /**
   * The row limit of a scan.
   *
   * @param scan a scan from Floe's implementation
   * @return the limit, or {@code Long.MAX_VALUE} when none
   */
  public static long limit(Scan scan) {
    return asImpl(scan).limitValue();
  }

  /**
   * Plans the files of a scan on Floe's bounded planning executor (no sleep-polling), in manifest
   * order; use it instead of {@code icebergScan(scan).planFiles()}.
   *
   * @param scan a scan from Floe's implementation
   * @return the file tasks; close it when done
   */
  public static org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.FileScanTask> planFiles(
      Scan scan) {
    return io.floe.impl.plan.Planner.planFiles(icebergScan(scan));
  }

  /**
   * Whether a scan reads a metadata table ({@link io.floe.FloeTable#metadataTable}).
   *
   * @param scan a scan from Floe's implementation
   * @return true for a metadata-table scan
   */
  public static boolean isMetadataScan(Scan scan) {
    return scan instanceof io.floe.impl.evolve.MetadataScanImpl;
  }

  private static ScanImpl asImpl(Scan scan) {
    if (scan instanceof ScanImpl impl) {
      return impl;
    }
    throw new IllegalArgumentException("Not a scan of Floe's implementation: " + scan);
  }
}
