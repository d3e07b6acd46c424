package io.floe.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds a {@link TableMonitor} raises {@link TableAlert}s at. Immutable: each {@code with}
 * method returns a copy; {@link #defaults()} are the values below.
 *
 * <pre>{@code
 * AlertThresholds t = AlertThresholds.defaults().staleAfter(Duration.ofMinutes(10));
 * }</pre>
 *
 * @param staleAfter alert when the last commit is older than this; null for never
 * @param smallFileRatio alert when more than this share of data files is small (default 0.5)
 * @param minSmallFiles ... and there are at least this many small files (default 10), so that a
 *     table of three small files does not alert
 * @param deleteFileRatio alert when there are more delete files per data file than this (default
 *     0.5)
 * @param partitionSkew alert when the largest partition holds more rows than this many times the
 *     median partition (default 10)
 * @param maxSnapshots alert above this many snapshots (default 500)
 * @param maxManifests alert above this many manifests in the current snapshot (default 1000)
 */
public record AlertThresholds(
    Duration staleAfter,
    double smallFileRatio,
    long minSmallFiles,
    double deleteFileRatio,
    double partitionSkew,
    long maxSnapshots,
    long maxManifests) {

  /**
   * Checks the values.
   *
   * @param staleAfter alert when the last commit is older; null for never
   * @param smallFileRatio the small-file share
   * @param minSmallFiles the fewest small files that alert
   * @param deleteFileRatio delete files per data file
   * @param partitionSkew largest over median partition rows
   * @param maxSnapshots the most snapshots
   * @param maxManifests the most manifests
   * @throws IllegalArgumentException when a ratio or count is negative, or staleAfter is not
   *     positive
   */
  public AlertThresholds {
    if (staleAfter != null && (staleAfter.isNegative() || staleAfter.isZero())) {
      throw new IllegalArgumentException("staleAfter must be positive: " + staleAfter);
    }
    if (smallFileRatio < 0
        || minSmallFiles < 0
        || deleteFileRatio < 0
        || partitionSkew < 0
        || maxSnapshots < 0
        || maxManifests < 0) {
      throw new IllegalArgumentException("Alert thresholds must not be negative");
    }
  }

  /**
   * The default thresholds: not stale-checked, small files above 50% (at least 10), 0.5 delete
   * files per data file, skew 10x, 500 snapshots, 1000 manifests.
   *
   * @return the defaults
   */
  public static AlertThresholds defaults() {
    return new AlertThresholds(null, 0.5, 10, 0.5, 10, 500, 1000);
  }

  /**
   * A copy that alerts when the last commit is older than {@code age}.
   *
   * @param age the age
   * @return the copy
   */
  public AlertThresholds staleAfter(Duration age) {
    Objects.requireNonNull(age, "age");
    return new AlertThresholds(
        age,
        smallFileRatio,
        minSmallFiles,
        deleteFileRatio,
        partitionSkew,
        maxSnapshots,
        maxManifests);
  }

  /**
   * A copy with another small-file threshold.
   *
   * @param ratio the share of small data files above which to alert
   * @param minFiles the fewest small files that alert
   * @return the copy
   */
  public AlertThresholds smallFiles(double ratio, long minFiles) {
    return new AlertThresholds(
        staleAfter, ratio, minFiles, deleteFileRatio, partitionSkew, maxSnapshots, maxManifests);
  }

  /**
   * A copy with another delete-file threshold.
   *
   * @param ratio delete files per data file above which to alert
   * @return the copy
   */
  public AlertThresholds deleteFiles(double ratio) {
    return new AlertThresholds(
        staleAfter,
        smallFileRatio,
        minSmallFiles,
        ratio,
        partitionSkew,
        maxSnapshots,
        maxManifests);
  }

  /**
   * A copy with another skew threshold.
   *
   * @param ratio largest over median partition rows above which to alert
   * @return the copy
   */
  public AlertThresholds skew(double ratio) {
    return new AlertThresholds(
        staleAfter,
        smallFileRatio,
        minSmallFiles,
        deleteFileRatio,
        ratio,
        maxSnapshots,
        maxManifests);
  }

  /**
   * A copy with other snapshot and manifest limits.
   *
   * @param snapshots the most snapshots before alerting
   * @param manifests the most manifests before alerting
   * @return the copy
   */
  public AlertThresholds limits(long snapshots, long manifests) {
    return new AlertThresholds(
        staleAfter,
        smallFileRatio,
        minSmallFiles,
        deleteFileRatio,
        partitionSkew,
        snapshots,
        manifests);
  }
}
