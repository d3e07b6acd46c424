package io.floe.impl.write;

import io.floe.ValidationException;
import java.util.Collection;
import java.util.List;

/**
 * The errors of writes (appends, overwrites, upserts, added files) that belong to no other area,
 * one factory per condition; each names the table and, where one is at fault, the column, in the
 * message and as fields of the exception. Conditions shared with other areas are in {@link
 * io.floe.impl.spi.Errors}. Stateless.
 */
final class WriteErrors {
  private WriteErrors() {}

  /** An upsert without a key: none given and the table has no identifier fields. */
  static ValidationException upsertWithoutKey(String table) {
    return new ValidationException(
        "Upsert to " + table + " needs a key: call key(\"id\") or give the table identifier fields",
        table,
        null,
        null);
  }

  /** An upsert key column that is not a top-level column of the table. */
  static ValidationException keyNotTopLevel(String table, String column, List<String> columns) {
    return new ValidationException(
        "Upsert key column '"
            + column
            + "' is not a top-level column of table "
            + table
            + "; columns are "
            + columns,
        table,
        column,
        null);
  }

  /** An upsert key column of a nested type. */
  static ValidationException keyNotPrimitive(String table, String column, Object type) {
    return new ValidationException(
        "Upsert key column '"
            + column
            + "' of table "
            + table
            + " has type "
            + type
            + "; keys must be primitive",
        table,
        column,
        null);
  }

  /** An upsert row without a value for a key column. */
  static ValidationException nullKey(String table, String column) {
    return new ValidationException(
        "Upsert to "
            + table
            + ": a row has a null key in column '"
            + column
            + "'; every row needs its key; nothing was committed",
        table,
        column,
        null);
  }

  /** An upsert input with the same key twice. */
  static ValidationException duplicateKey(
      String table, Object key, Collection<String> keyColumns, String firstColumn) {
    return new ValidationException(
        "Upsert to "
            + table
            + ": key "
            + key
            + " (columns "
            + keyColumns
            + ") appears more than once in the input; give each key once; nothing was committed",
        table,
        firstColumn,
        null);
  }

  /** An overwrite that says neither which rows it replaces nor that it replaces partitions. */
  static ValidationException overwriteWithoutFilter(String table) {
    return new ValidationException(
        "Overwrite of "
            + table
            + " needs where(filter) or replacePartitions(); nothing was committed",
        table,
        null,
        null);
  }
}
