package io.floe.profile;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What Iceberg's metadata says about one top-level column of a table at one snapshot. Immutable and
 * thread-safe.
 *
 * <p>Counts are sums over the live data files' column metrics; a count is empty when some file has
 * no metrics for the column (metrics mode {@code none}, or files added without them). Rows removed
 * by delete files are still counted (see {@link TableProfile#exact()}). Bounds are Iceberg's lower
 * and upper bounds: every value lies between them, but for strings and binaries they may be
 * truncated (metrics mode {@code truncate(16)} by default), so the true minimum or maximum can be
 * longer.
 *
 * @param name the column's name
 * @param fieldId the column's Iceberg field id
 * @param type the column's Iceberg type, as Iceberg prints it (such as {@code long})
 * @param valueCount values, nulls included, or -1 when unknown
 * @param nullCount nulls, or -1 when unknown
 * @param nanCount NaN values (float and double columns), or -1 when unknown or not applicable
 * @param lowerBound the smallest lower bound over the files, as text, or null when unknown
 * @param upperBound the largest upper bound over the files, as text, or null when unknown
 * @param distinctCount the estimated number of distinct values from the table's theta sketch
 *     statistics for this snapshot, or -1 when none was computed
 */
public record ColumnProfile(
    String name,
    int fieldId,
    String type,
    long valueCount,
    long nullCount,
    long nanCount,
    String lowerBound,
    String upperBound,
    long distinctCount) {

  /**
   * Checks the values.
   *
   * @param name the column's name
   * @param fieldId the field id
   * @param type the type
   * @param valueCount values or -1
   * @param nullCount nulls or -1
   * @param nanCount NaNs or -1
   * @param lowerBound lower bound or null
   * @param upperBound upper bound or null
   * @param distinctCount distinct values or -1
   * @throws NullPointerException when name or type is null
   */
  public ColumnProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /**
   * The number of distinct values when a theta sketch was computed for this snapshot.
   *
   * @return the estimate, or empty
   */
  public OptionalLong distinct() {
    return distinctCount < 0 ? OptionalLong.empty() : OptionalLong.of(distinctCount);
  }

  /**
   * The share of nulls among the values.
   *
   * @return nulls / values, or empty when either is unknown or there are no values
   */
  public java.util.OptionalDouble nullFraction() {
    return valueCount <= 0 || nullCount < 0
        ? java.util.OptionalDouble.empty()
        : java.util.OptionalDouble.of((double) nullCount / valueCount);
  }
}
