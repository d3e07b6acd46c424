package io.floe.metrics;

import java.time.Instant;
import java.util.Objects;

/**
 * A threshold of a {@link TableMonitor} crossed by a watched table ({@link State#FIRING}), or no
 * longer crossed ({@link State#RESOLVED}). An alert fires once when its condition starts and
 * resolves once when it ends; it is not repeated at every refresh in between. Immutable.
 *
 * <pre>{@code
 * TableMonitor.builder(floe).watch("analytics.events").listener(alert -> log.warn(alert.message()))
 * }</pre>
 *
 * @param table the table's full name
 * @param kind the condition
 * @param state whether it starts or ends
 * @param message what is wrong and what to do, for people, such as {@code "analytics.events: 1240
 *     of 2000 data files under 384.0 MiB (62%), compaction recommended"}
 * @param value the measured value (ratio, count, seconds or bytes, as the kind says)
 * @param threshold the threshold it was compared with
 * @param at when the refresh that noticed it ran
 */
public record TableAlert(
    String table,
    Kind kind,
    State state,
    String message,
    double value,
    double threshold,
    Instant at) {

  /** The conditions a monitor watches. */
  public enum Kind {
    /** No commit for longer than {@link AlertThresholds#staleAfter()}; value in seconds. */
    STALE,
    /** The share of small data files is above {@link AlertThresholds#smallFileRatio()}. */
    SMALL_FILES,
    /** Delete files per data file is above {@link AlertThresholds#deleteFileRatio()}. */
    DELETE_FILES,
    /**
     * The largest partition holds more than {@link AlertThresholds#partitionSkew()} x the median.
     */
    PARTITION_SKEW,
    /** More snapshots than {@link AlertThresholds#maxSnapshots()}. */
    SNAPSHOTS,
    /** More manifests than {@link AlertThresholds#maxManifests()}. */
    MANIFESTS,
    /** The table could not be read (dropped, catalog down); value 0. */
    UNAVAILABLE
  }

  /** Whether the condition starts or ends. */
  public enum State {
    /** The condition started at this refresh. */
    FIRING,
    /** The condition ended at this refresh. */
    RESOLVED
  }

  /**
   * Checks the values.
   *
   * @param table the table's full name
   * @param kind the condition
   * @param state whether it starts or ends
   * @param message what is wrong and what to do
   * @param value the measured value
   * @param threshold the threshold
   * @param at when it was noticed
   * @throws NullPointerException when an object component is null
   */
  public TableAlert {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }
}
