package io.floe;

import java.util.Map;
import org.apache.iceberg.StructLike;

/**
 * Adds rows to a table in one commit: a pending operation, used once.
 *
 * <p>Rows are written to data files as they are given (memory stays bounded), routed to their
 * partitions, and published by {@link #commit()} as one snapshot. A bad row (unknown column, wrong
 * type, null in a required column) throws {@link ValidationException} at once; the files already
 * written are deleted and nothing is committed. {@link #abort()} discards a pending append. Not
 * thread-safe.
 *
 * <p>Values may be given in Iceberg's Java representation (see {@link Row}) or in common
 * equivalents: any integral {@code Number} that fits, {@code Instant}, {@code ZonedDateTime} or
 * epoch-microsecond {@code long} for timestamps, {@code byte[]} for binary, {@code String} for
 * UUIDs, nested {@code Map}s, Java records or POJOs for structs.
 *
 * <pre>{@code
 * CommitResult result = table.newAppend()
 *     .row(Map.of("id", 1L, "category", "books"))
 *     .set("source", "import-job-17")
 *     .commit();
 * }</pre>
 */
public interface Append {

  /**
   * Adds one row given as a map from column name to value; missing columns are null.
   *
   * @param row the row
   * @return this append
   * @throws ValidationException when the row does not fit the table schema
   */
  Append row(Map<String, ?> row);

  /**
   * Adds rows given as maps from column name to value.
   *
   * @param rows the rows
   * @return this append
   * @throws ValidationException when a row does not fit the table schema
   */
  Append rows(Iterable<? extends Map<String, ?>> rows);

  /**
   * Adds one row given by position, such as an Iceberg {@code Record} of the table's schema.
   *
   * @param record the row, with values in schema order
   * @return this append
   * @throws ValidationException when the row does not fit the table schema
   */
  Append record(StructLike record);

  /**
   * Adds rows given by position, such as Iceberg {@code Record}s of the table's schema.
   *
   * @param records the rows
   * @return this append
   * @throws ValidationException when a row does not fit the table schema
   */
  Append records(Iterable<? extends StructLike> records);

  /**
   * Adds one Java record or POJO, mapped to columns by name: a component, getter or public field
   * named like the column (camelCase matches snake_case).
   *
   * @param object the object
   * @return this append
   * @throws ValidationException when the object does not fit the table schema
   */
  Append object(Object object);

  /**
   * Adds Java records or POJOs, mapped to columns by name.
   *
   * @param objects the objects
   * @return this append
   * @throws ValidationException when an object does not fit the table schema
   */
  Append objects(Iterable<?> objects);

  /**
   * Adds a property to the snapshot summary of the commit.
   *
   * @param key the property key
   * @param value the property value
   * @return this append
   */
  Append set(String key, String value);

  /**
   * Commits to a branch instead of the main one.
   *
   * @param branch the branch name
   * @return this append
   */
  Append toBranch(String branch);

  /**
   * Publishes the rows as one new snapshot, retrying on concurrent commits.
   *
   * @return what the commit did
   * @throws CommitConflictException when retries are exhausted; nothing was committed
   * @throws CommitStateUnknownException when the outcome is unknown; no file was deleted
   * @throws IllegalStateException when the append was already committed or aborted
   */
  CommitResult commit();

  /**
   * Discards the append and deletes the files it wrote. Does nothing after a commit.
   */
  void abort();
}
