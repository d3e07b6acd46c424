package io.floe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * Lists how a table is partitioned: by column values ({@link #identity(String)}), hash buckets,
 * truncated values, or the year, month, day or hour of a date or timestamp.
 *
 * <p>Mutable and not thread-safe; given to the function passed to {@link
 * TableCreator#partitionBy(Consumer)}.
 *
 * <pre>{@code
 * floe.createTable("analytics.events")
 *     .column("id", Types.LongType.get()).required()
 *     .column("ts", Types.TimestampType.withZone())
 *     .partitionBy(p -> p.day("ts").bucket("id", 16))
 *     .create();
 * }</pre>
 */
public final class PartitionFields {
  private final List<Consumer<PartitionSpec.Builder>> steps = new ArrayList<>();

  private PartitionFields() {}

  /**
   * Starts an empty (unpartitioned) list.
   *
   * @return a new list of partition fields
   */
  public static PartitionFields create() {
    return new PartitionFields();
  }

  /**
   * Partitions by the column's value.
   *
   * @param column the source column
   * @return this
   */
  public PartitionFields identity(String column) {
    Objects.requireNonNull(column, "column");
    steps.add(b -> b.identity(column));
    return this;
  }

  /**
   * Partitions by a hash of the column into a number of buckets.
   *
   * @param column the source column
   * @param buckets the number of buckets, at least 1
   * @return this
   * @throws IllegalArgumentException when buckets is below 1
   */
  public PartitionFields bucket(String column, int buckets) {
    Objects.requireNonNull(column, "column");
    if (buckets < 1) {
      throw new IllegalArgumentException(
          "Bucket count for " + column + " must be at least 1: " + buckets);
    }
    steps.add(b -> b.bucket(column, buckets));
    return this;
  }

  /**
   * Partitions by the column's value truncated to a width (string prefix or integer range).
   *
   * @param column the source column
   * @param width the truncation width, at least 1
   * @return this
   * @throws IllegalArgumentException when width is below 1
   */
  public PartitionFields truncate(String column, int width) {
    Objects.requireNonNull(column, "column");
    if (width < 1) {
      throw new IllegalArgumentException(
          "Truncate width for " + column + " must be at least 1: " + width);
    }
    steps.add(b -> b.truncate(column, width));
    return this;
  }

  /**
   * Partitions by the year of a date or timestamp column.
   *
   * @param column the source column
   * @return this
   */
  public PartitionFields year(String column) {
    Objects.requireNonNull(column, "column");
    steps.add(b -> b.year(column));
    return this;
  }

  /**
   * Partitions by the month of a date or timestamp column.
   *
   * @param column the source column
   * @return this
   */
  public PartitionFields month(String column) {
    Objects.requireNonNull(column, "column");
    steps.add(b -> b.month(column));
    return this;
  }

  /**
   * Partitions by the day of a date or timestamp column.
   *
   * @param column the source column
   * @return this
   */
  public PartitionFields day(String column) {
    Objects.requireNonNull(column, "column");
    steps.add(b -> b.day(column));
    return this;
  }

  /**
   * Partitions by the hour of a timestamp column.
   *
   * @param column the source column
   * @return this
   */
  public PartitionFields hour(String column) {
    Objects.requireNonNull(column, "column");
    steps.add(b -> b.hour(column));
    return this;
  }

  /**
   * Builds the partition spec against a schema.
   *
   * @param schema the table schema the source columns are looked up in
   * @return the partition spec; unpartitioned when no field was added
   * @throws IllegalArgumentException when a column is unknown or its type does not suit the
   *     transform
   */
  public PartitionSpec toSpec(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    steps.forEach(step -> step.accept(builder));
    return builder.build();
  }
}
