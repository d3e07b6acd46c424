package io.floe;

import java.util.Map;
import org.apache.iceberg.types.Types;

/**
 * One row read from a table. Values have the same Java class on every read path (table scans, read
 * tasks, incremental, changelog and metadata-table scans), whatever the data file format:
 *
 * <table>
 *   <caption>Java class of each Iceberg type</caption>
 *   <tr><th>Iceberg type</th><th>Java class</th></tr>
 *   <tr><td>{@code boolean}</td><td>{@code Boolean}</td></tr>
 *   <tr><td>{@code int}</td><td>{@code Integer}</td></tr>
 *   <tr><td>{@code long}</td><td>{@code Long}</td></tr>
 *   <tr><td>{@code float}</td><td>{@code Float}</td></tr>
 *   <tr><td>{@code double}</td><td>{@code Double}</td></tr>
 *   <tr><td>{@code decimal(P, S)}</td><td>{@code java.math.BigDecimal} (scale S)</td></tr>
 *   <tr><td>{@code date}</td><td>{@code java.time.LocalDate}</td></tr>
 *   <tr><td>{@code time}</td><td>{@code java.time.LocalTime}</td></tr>
 *   <tr><td>{@code timestamp}, {@code timestamp_ns}</td><td>{@code java.time.LocalDateTime}</td></tr>
 *   <tr><td>{@code timestamptz}, {@code timestamptz_ns}</td>
 *       <td>{@code java.time.OffsetDateTime} (in UTC)</td></tr>
 *   <tr><td>{@code string}</td><td>{@code String}</td></tr>
 *   <tr><td>{@code uuid}</td><td>{@code java.util.UUID}</td></tr>
 *   <tr><td>{@code fixed(L)}, {@code binary}</td><td>{@code java.nio.ByteBuffer}</td></tr>
 *   <tr><td>{@code struct}</td><td>{@code Row}, at the top level and inside lists and maps</td></tr>
 *   <tr><td>{@code list}</td><td>{@code java.util.List} of the element type's class</td></tr>
 *   <tr><td>{@code map}</td><td>{@code java.util.Map} of the key and value types' classes</td></tr>
 *   <tr><td>{@code variant}</td><td>{@link Variant}</td></tr>
 * </table>
 *
 * <p>A null value is {@code null}. Compare {@code ByteBuffer}s with {@code equals} (it compares
 * their remaining bytes); read one through {@code duplicate()} to leave the row's value as it is.
 *
 * <p>A row is a read-only view; it is not safe to use from several threads while its scan is still
 * being iterated. Copy what you need with {@link #toMap()} to keep it.
 *
 * <pre>{@code
 * try (RowStream rows = table.newScan().select("id", "category").rows()) {
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
