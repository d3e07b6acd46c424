package io.floe;

import org.apache.iceberg.NullOrder;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.expressions.Term;

/**
 * Replaces a table's sort order in one commit: a pending operation, used once.
 *
 * <p>The order applies to files written afterwards and to sorting compaction; existing files are
 * not rewritten. Committing without any field makes the table unsorted. Nulls go first in ascending
 * and last in descending order unless told otherwise. Not thread-safe.
 *
 * <pre>{@code
 * table.replaceSortOrder().asc("category").desc("ts").commit();
 * }</pre>
 */
public interface SortOrderUpdate {

  /**
   * Sorts by a column ascending, nulls first.
   *
   * @param column the dotted column name
   * @return this update
   * @throws ValidationException when the column does not exist
   */
  SortOrderUpdate asc(String column);

  /**
   * Sorts by a column or transform ascending.
   *
   * @param term the column reference or transform, such as {@code Expressions.bucket("id", 8)}
   * @param nullOrder where nulls go
   * @return this update
   * @throws ValidationException when the term does not fit the schema
   */
  SortOrderUpdate asc(Term term, NullOrder nullOrder);

  /**
   * Sorts by a column descending, nulls last.
   *
   * @param column the dotted column name
   * @return this update
   * @throws ValidationException when the column does not exist
   */
  SortOrderUpdate desc(String column);

  /**
   * Sorts by a column or transform descending.
   *
   * @param term the column reference or transform
   * @param nullOrder where nulls go
   * @return this update
   * @throws ValidationException when the term does not fit the schema
   */
  SortOrderUpdate desc(Term term, NullOrder nullOrder);

  /**
   * Previews the sort order the update would commit.
   *
   * @return the new sort order
   */
  SortOrder apply();

  /**
   * Commits the new sort order.
   *
   * @return what the commit did; {@link UpdateResult#sortOrder()} is the table's new sort order
   * @throws CommitConflictException when retries are exhausted
   * @throws IllegalStateException when the update was already committed
   */
  UpdateResult commit();
}
