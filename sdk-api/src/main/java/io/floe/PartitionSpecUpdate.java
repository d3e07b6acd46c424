package io.floe;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.expressions.Term;

/**
 * Evolves a table's partition spec in one commit: a pending operation, used once.
 *
 * <p>Existing data files keep the spec they were written with; new writes use the new spec and
 * scans prune both. Transforms are given as Iceberg terms ({@code Expressions.bucket("id", 16)},
 * {@code Expressions.day("ts")}) or a column name for identity. Not thread-safe.
 *
 * <pre>{@code
 * table.updateSpec()
 *     .addField(Expressions.bucket("id", 8))
 *     .removeField("category")
 *     .commit();
 * }</pre>
 */
public interface PartitionSpecUpdate {

  /**
   * Adds an identity partition field on a column.
   *
   * @param sourceColumn the column
   * @return this update
   * @throws ValidationException when the column does not exist or is already partitioned so
   */
  PartitionSpecUpdate addField(String sourceColumn);

  /**
   * Adds a partition field with a transform, named by Iceberg's convention.
   *
   * @param transform the transform term, such as {@code Expressions.hour("ts")}
   * @return this update
   * @throws ValidationException when the transform does not fit the column or already exists
   */
  PartitionSpecUpdate addField(Term transform);

  /**
   * Adds a partition field with a transform and an explicit name.
   *
   * @param name the partition field's name
   * @param transform the transform term
   * @return this update
   * @throws ValidationException when the name is taken or the transform already exists
   */
  PartitionSpecUpdate addField(String name, Term transform);

  /**
   * Removes a partition field by name.
   *
   * @param name the partition field's name
   * @return this update
   * @throws ValidationException when the spec has no such field
   */
  PartitionSpecUpdate removeField(String name);

  /**
   * Removes the partition field with a transform.
   *
   * @param transform the transform term
   * @return this update
   * @throws ValidationException when the spec has no such field
   */
  PartitionSpecUpdate removeField(Term transform);

  /**
   * Renames a partition field.
   *
   * @param name the current name
   * @param newName the new name
   * @return this update
   * @throws ValidationException when the field does not exist or the new name is taken
   */
  PartitionSpecUpdate renameField(String name, String newName);

  /**
   * Previews the spec the update would commit.
   *
   * @return the new spec
   * @throws ValidationException when the changes are invalid
   */
  PartitionSpec apply();

  /**
   * Commits the new spec as the table's default.
   *
   * @return what the commit did; {@link UpdateResult#spec()} is the table's new spec
   * @throws ValidationException when the changes are invalid; nothing was committed
   * @throws CommitConflictException when retries are exhausted
   * @throws IllegalStateException when the update was already committed
   */
  UpdateResult commit();
}
