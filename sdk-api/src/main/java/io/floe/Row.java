package io.floe;

import java.util.Map;
import org.apache.iceberg.types.Types;

/**
 * One row read from a table, with values in Iceberg's Java representation: {@code Integer},
 * {@code Long}, {@code Float}, {@code Double}, {@code Boolean}, {@code String}, {@code BigDecimal},
 * {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime} (timestamp), {@code OffsetDateTime}
 * (timestamptz), {@code UUID}, {@code ByteBuffer} (binary and fixed), {@code List}, {@code Map}, and
 * {@code Row} for nested structs.
 *
 * <p>A row is a read-only view; it is not safe to use from several threads while its scan is
 * still being iterated. Copy what you need with {@link #toMap()} to keep it.
 *
 * <pre>{@code
 * try (CloseableIterable<Row> rows = table.newScan().select("id", "category").rows()) {
 *   for (Row row : rows) {
 *     long id = row.get("id", Long.class);
 *   }
 * }
 * }</pre>
 */
public interface Row {

  /**
   * The row's type: the projected columns, in order.
   *
   * @return the struct type of this row
   */
  Types.StructType struct();

  /**
   * The number of columns in the row.
   *
   * @return the column count
   */
  int size();

  /**
   * The value at a position.
   *
   * @param position the column's position in {@link #struct()}, from 0
   * @return the value, or null
   * @throws IndexOutOfBoundsException when the position is not in the row
   */
  Object get(int position);

  /**
   * The value of a column.
   *
   * @param column the column's name in {@link #struct()}
   * @return the value, or null
   * @throws IllegalArgumentException when the row has no such column
   */
  Object get(String column);

  /**
   * The value of a column, cast to a type.
   *
   * @param column the column's name in {@link #struct()}
   * @param type the expected Java type
   * @param <T> the expected Java type
   * @return the value, or null
   * @throws IllegalArgumentException when the row has no such column
   * @throws ClassCastException when the value is not of the given type
   */
  <T> T get(String column, Class<T> type);

  /**
   * A copy of this row as an ordered map from column name to value; nested rows become maps too.
   *
   * @return a new, independent map
   */
  Map<String, Object> toMap();
}
