package io.floe;

import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;

/**
 * Changes a table's schema in one commit: a pending operation, used once.
 *
 * <p>Columns are named by their dotted path ({@code address.city}); nested columns are added under
 * their parent struct. Only compatible changes are allowed, so existing data files stay readable:
 * adding optional columns, dropping, renaming and reordering, widening {@code int} to {@code long},
 * {@code float} to {@code double} or a decimal's precision, making a required column optional, and
 * docs. An incompatible change (narrowing a type, renaming onto an existing name, dropping an
 * identifier or partition source column) throws {@link ValidationException} naming the column, at
 * the call or at {@link #commit()}; the table is left as it was. Not thread-safe.
 *
 * <pre>{@code
 * Schema schema = table.updateSchema()
 *     .addColumn("region", Types.StringType.get(), "sales region")
 *     .renameColumn("category", "kind")
 *     .updateColumn("count", Types.LongType.get())
 *     .commit()
 *     .schema();
 * }</pre>
 */
public interface SchemaUpdate {

  /**
   * Adds an optional top-level column at the end of the schema.
   *
   * @param name the new column's name
   * @param type its type; structs, lists and maps may nest
   * @return this update
   * @throws ValidationException when a column of that name exists
   */
  SchemaUpdate addColumn(String name, Type type);

  /**
   * Adds an optional top-level column with a doc string.
   *
   * @param name the new column's name
   * @param type its type
   * @param doc its documentation
   * @return this update
   * @throws ValidationException when a column of that name exists
   */
  SchemaUpdate addColumn(String name, Type type, String doc);

  /**
   * Adds an optional column inside a struct column (or the struct of a list's elements or a map's
   * values).
   *
   * @param parent the dotted name of the parent struct
   * @param name the new column's name within the parent
   * @param type its type
   * @return this update
   * @throws ValidationException when the parent is not a struct or the name exists in it
   */
  SchemaUpdate addColumn(String parent, String name, Type type);

  /**
   * Drops a column; its data stays in existing files but is no longer read.
   *
   * @param name the dotted column name
   * @return this update
   * @throws ValidationException when the column does not exist or is an identifier column
   */
  SchemaUpdate deleteColumn(String name);

  /**
   * Renames a column; data files are matched by field id, so no data is rewritten.
   *
   * @param name the dotted column name
   * @param newName the new name (the last part only, for nested columns)
   * @return this update
   * @throws ValidationException when the column does not exist or the new name is taken
   */
  SchemaUpdate renameColumn(String name, String newName);

  /**
   * Widens a column's primitive type ({@code int} to {@code long}, {@code float} to {@code double},
   * a decimal to a larger precision).
   *
   * @param name the dotted column name
   * @param newType the wider type
   * @return this update
   * @throws ValidationException when the change is not a safe widening
   */
  SchemaUpdate updateColumn(String name, Type.PrimitiveType newType);

  /**
   * Makes a required column optional.
   *
   * @param name the dotted column name
   * @return this update
   * @throws ValidationException when the column does not exist
   */
  SchemaUpdate makeColumnOptional(String name);

  /**
   * Sets or replaces a column's documentation.
   *
   * @param name the dotted column name
   * @param doc the documentation
   * @return this update
   * @throws ValidationException when the column does not exist
   */
  SchemaUpdate updateColumnDoc(String name, String doc);

  /**
   * Moves a column to the first position of its struct.
   *
   * @param name the dotted column name
   * @return this update
   * @throws ValidationException when the column does not exist
   */
  SchemaUpdate moveFirst(String name);

  /**
   * Moves a column just before another column of the same struct.
   *
   * @param name the dotted column name
   * @param beforeName the column it goes before
   * @return this update
   * @throws ValidationException when either column does not exist or they are in different structs
   */
  SchemaUpdate moveBefore(String name, String beforeName);

  /**
   * Moves a column just after another column of the same struct.
   *
   * @param name the dotted column name
   * @param afterName the column it goes after
   * @return this update
   * @throws ValidationException when either column does not exist or they are in different structs
   */
  SchemaUpdate moveAfter(String name, String afterName);

  /**
   * Merges another schema into this one by column name: missing columns are added (optional), types
   * are widened where the other schema's are wider, required columns become optional where the
   * other schema's are; nothing is dropped.
   *
   * @param other the schema to merge, such as one derived from incoming records
   * @return this update
   * @throws ValidationException when a column's types cannot be reconciled
   */
  SchemaUpdate unionByNameWith(Schema other);

  /**
   * Replaces the identifier columns (the row key used by upserts and change data).
   *
   * @param names the dotted names of required primitive columns; none to clear them
   * @return this update
   */
  SchemaUpdate identifierFields(String... names);

  /**
   * Previews the schema the update would commit, without committing.
   *
   * @return the new schema
   * @throws ValidationException when the changes are incompatible
   */
  Schema apply();

  /**
   * Commits the new schema, retrying on concurrent commits.
   *
   * @return what the commit did; {@link UpdateResult#schema()} is the table's new schema
   * @throws ValidationException when the changes are incompatible; nothing was committed
   * @throws CommitConflictException when retries are exhausted
   * @throws IllegalStateException when the update was already committed
   */
  UpdateResult commit();
}
