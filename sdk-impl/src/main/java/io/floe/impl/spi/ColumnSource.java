package io.floe.impl.spi;

import org.apache.parquet.column.ColumnWriter;

/**
 * Writes the values of one column for some rows of the caller's current batch, into a {@link
 * ColumnAppender}: how sdk-parquet's Arrow append hands its vectors to Floe's Parquet writer.
 */
public interface ColumnSource {
  /**
   * Writes the values of column {@code column} for rows {@code from..to-1} (or, when {@code rows}
   * is not null, for rows {@code rows[from..to-1]}) of the current batch.
   *
   * @param column the top-level column position
   * @param writer the column's Parquet writer
   * @param metrics the column's float or double metrics builder of this file, or null
   * @param rows a selection of batch rows, or null for the range itself
   * @param from first index
   * @param to end index (exclusive)
   */
  void write(int column, ColumnWriter writer, Object metrics, int[] rows, int from, int to);
}
