package io.floe.impl.spi;

import org.apache.iceberg.io.FileAppender;

/**
 * One Parquet data file written column by column, in Floe's layout (Iceberg's schema with field
 * ids, {@code iceberg.schema} footer entry, row group sizing and metrics from the footer): a {@link
 * FileAppender} that Iceberg's {@code DataWriter} turns into a data file once closed. Opened by
 * {@link ColumnFiles#open}. Not thread-safe: one caller at a time.
 */
public interface ColumnAppender extends FileAppender<Void> {
  /**
   * Writes rows of the caller's current batch, column by column.
   *
   * @param source writes one column's values
   * @param rows a selection of batch rows, or null for the range itself
   * @param from first index
   * @param to end index (exclusive)
   */
  void addColumns(ColumnSource source, int[] rows, int from, int to);

  /**
   * Row by row writes are not supported: use {@link #addColumns}.
   *
   * @param row ignored
   * @throws IllegalStateException always
   */
  @Override
  void add(Void row);
}
