package io.floe.parquet.internal;

import io.floe.FloeIOException;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.io.IOException;

/**
 * The errors of Arrow reads of Parquet data files, one named factory per condition (see {@link
 * io.floe.impl.spi.Errors} for those shared across areas); each sets the table, column and file it
 * is about. Stateless.
 */
final class ReadErrors {
  private ReadErrors() {}

  /**
   * The error for equality deletes that use a nested column outside the projection.
   *
   * @param table the table
   * @param file the data file
   * @return the exception to throw
   */
  static UnsupportedFeatureException deletesOutsideProjection(String table, String file) {
    return new UnsupportedFeatureException(
        "Equality deletes of "
            + file
            + " use a nested column outside the projection; "
            + "select the whole top-level column to read with deletes.",
        table,
        null,
        file,
        null);
  }

  /**
   * The error for a column with an initial default that a data file does not store.
   *
   * @param table the table
   * @param column the column
   * @param file the data file
   * @return the exception to throw
   */
  static UnsupportedFeatureException defaultNotFilled(String table, String column, String file) {
    return new UnsupportedFeatureException(
        "Column '"
            + column
            + "' of table "
            + table
            + " has an initial default and is "
            + "missing from "
            + file
            + "; Arrow scans do not fill defaults yet. Use the row scan.",
        table,
        column,
        file,
        null);
  }

  /**
   * The error for a column whose Parquet type does not match the table's type.
   *
   * @param table the table
   * @param column the column
   * @param file the data file
   * @param e the mismatch
   * @return the exception to throw
   */
  static ValidationException columnMismatch(
      String table, String column, String file, RuntimeException e) {
    return new ValidationException(
        "Column '"
            + column
            + "' of table "
            + table
            + " cannot be read from "
            + file
            + ": "
            + e.getMessage()
            + ". The file does not match the table's schema.",
        table,
        column,
        file,
        e);
  }

  /**
   * The error for a value of a data file that does not match the table's type.
   *
   * @param table the table
   * @param file the data file
   * @param e the mismatch
   * @return the exception to throw
   */
  static ValidationException valueMismatch(String table, String file, RuntimeException e) {
    return new ValidationException(e.getMessage() + " (file " + file + ")", table, null, file, e);
  }

  /**
   * The error for a data file using a Parquet feature the Arrow reader does not support.
   *
   * @param table the table
   * @param file the data file
   * @param e the reader's error
   * @return the exception to throw
   */
  static UnsupportedFeatureException unsupportedInFile(
      String table, String file, UnsupportedOperationException e) {
    return new UnsupportedFeatureException(
        "Cannot read data file "
            + file
            + " of table "
            + table
            + ": "
            + e.getMessage()
            + ". Use the row scan.",
        table,
        null,
        file,
        e);
  }

  /**
   * The error for a data file that cannot be closed.
   *
   * @param table the table
   * @param file the data file
   * @param e the I/O error
   * @return the exception to throw
   */
  static FloeIOException cannotClose(String table, String file, IOException e) {
    return new FloeIOException(
        "close", table, file, "Cannot close data file " + file + ": " + e.getMessage(), e);
  }
}
