package io.floe.impl.write;

import io.floe.FloeIOException;
import io.floe.UnsupportedFeatureException;
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

  /** A data file of a format whose rows Floe cannot rewrite or delete. */
  static UnsupportedFeatureException cannotChangeRows(String table, Object format, String file) {
    return new UnsupportedFeatureException(
        "Cannot change rows of "
            + format
            + " file "
            + file
            + " of table "
            + table
            + ": Floe rewrites and deletes rows in Parquet and Avro data files",
        table,
        null,
        file,
        null);
  }

  /** Rows of a clustered write that are not grouped by partition. */
  static ValidationException notClustered(String table, String partition, RuntimeException e) {
    return new ValidationException(
        "Rows for table "
            + table
            + " are not grouped by partition "
            + "(partition "
            + partition
            + " came back after others): "
            + "sort the input by partition or do not ask for a clustered write",
        table,
        null,
        e);
  }

  /** An add-files call that found no file. */
  static ValidationException noFilesGiven(String table, Collection<String> directories) {
    return new ValidationException(
        "Adding files to table "
            + table
            + ": no file was given"
            + (directories.isEmpty() ? "" : " and " + directories + " holds no Parquet file")
            + "; nothing was committed",
        table,
        null,
        null);
  }

  /** A folder to add files from that the table's file IO cannot list. */
  static UnsupportedFeatureException cannotListFolder(String table, String folder, String io) {
    return new UnsupportedFeatureException(
        "Cannot list "
            + folder
            + " to add its files to table "
            + table
            + ": the table's file IO "
            + io
            + " cannot list folders; give the files one by one",
        table,
        null,
        folder,
        null);
  }

  /** A file to add that cannot be read. */
  static FloeIOException cannotReadAddedFile(String table, String file, RuntimeException e) {
    return new FloeIOException(
        "read",
        table,
        file,
        "Cannot read file " + file + " to add it to table " + table + ": " + e.getMessage(),
        e);
  }

  /** A file to add whose Parquet footer cannot be read. */
  static FloeIOException cannotReadFooter(String table, String file, String message, Exception e) {
    return new FloeIOException(
        "read",
        table,
        file,
        "Cannot read the Parquet footer of "
            + file
            + " to add it to table "
            + table
            + ": "
            + message,
        e);
  }
}
