package io.floe;

import java.util.Map;
import org.apache.iceberg.StructLike;

/**
 * The ways rows are given to a write ({@link Append}, {@link Overwrite}, {@link Upsert}): maps,
 * positional Iceberg records, or Java records and POJOs.
 *
 * <p>Values may be given in Iceberg's Java representation (see {@link Row}) or in common
 * equivalents: any integral {@code Number} that fits, {@code Instant}, {@code ZonedDateTime} or
 * epoch-microsecond {@code long} for timestamps, {@code byte[]} for binary, {@code String} for
 * UUIDs, nested {@code Map}s, Java records or POJOs for structs. A row that does not fit the table
 * throws {@link ValidationException} at once and the write is aborted. Not thread-safe.
 *
 * <pre>{@code
 * table.newAppend().row(Map.of("id", 1L)).rows(moreRows).objects(events).commit();
 * }</pre>
 *
 * @param <S> the write's own type, returned for chaining
 */
public interface RowInput<S extends RowInput<S>> {

  /**
   * Adds one row given as a map from column name to value; missing columns are null.
   *
   * @param row the row
   * @return this write
   * @throws ValidationException when the row does not fit the table schema
   */
  S row(Map<String, ?> row);

  /**
   * Adds rows given as maps from column name to value.
   *
   * @param rows the rows
   * @return this write
   * @throws ValidationException when a row does not fit the table schema
   */
  S rows(Iterable<? extends Map<String, ?>> rows);

  /**
   * Adds one row given by position, such as an Iceberg {@code Record} of the table's schema.
   *
   * @param record the row, with values in schema order
   * @return this write
   * @throws ValidationException when the row does not fit the table schema
   */
  S record(StructLike record);

  /**
   * Adds rows given by position, such as Iceberg {@code Record}s of the table's schema.
   *
   * @param records the rows
   * @return this write
   * @throws ValidationException when a row does not fit the table schema
   */
  S records(Iterable<? extends StructLike> records);

  /**
   * Adds one Java record or POJO, mapped to columns by name: a component, getter or public field
   * named like the column (camelCase matches snake_case).
   *
   * @param object the object
   * @return this write
   * @throws ValidationException when the object does not fit the table schema
   */
  S object(Object object);

  /**
   * Adds Java records or POJOs, mapped to columns by name.
   *
   * @param objects the objects
   * @return this write
   * @throws ValidationException when an object does not fit the table schema
   */
  S objects(Iterable<?> objects);
}
