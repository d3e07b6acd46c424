package io.floe.impl.read;

import io.floe.FloeException;
import io.floe.NotFoundException;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.util.Collection;

/**
 * The errors of reads, one named factory per condition (see {@link io.floe.impl.spi.Errors} for
 * those shared across areas); each sets the table, column and file it is about. Stateless.
 */
final class ReadErrors {
  private ReadErrors() {}

  /**
   * The error for a scan Iceberg rejects (a filter or literal that does not fit the table).
   *
   * @param table the table
   * @param column the column the problem names, or null
   * @param columns the table's top-level column names, named in the message when column is set
   * @param e Iceberg's error
   * @return the exception to throw
   */
  static ValidationException invalidScan(
      String table, String column, Collection<String> columns, RuntimeException e) {
    return new ValidationException(
        "Invalid scan of table "
            + table
            + ": "
            + e.getMessage()
            + (column == null ? "" : "; columns are " + columns),
        table,
        column,
        e);
  }

  /**
   * The error for a snapshot id a time-travelling scan asks for that the table does not have.
   *
   * @param table the table
   * @param snapshotId the id asked for
   * @return the exception to throw
   */
  static NotFoundException noSnapshot(String table, long snapshotId) {
    return new NotFoundException(
        "Table " + table + " has no snapshot " + snapshotId, table, null, null, null);
  }

  /**
   * The error for a branch or tag a scan asks for that the table does not have.
   *
   * @param table the table
   * @param ref the branch or tag asked for
   * @return the exception to throw
   */
  static NotFoundException noBranchOrTag(String table, String ref) {
    return new NotFoundException(
        "Table " + table + " has no branch or tag '" + ref + "'", table, null, null, null);
  }

  /**
   * The error for a time-travel Iceberg cannot resolve (no snapshot at that time).
   *
   * @param table the table
   * @param e Iceberg's error
   * @return the exception to throw
   */
  static NotFoundException cannotTimeTravel(String table, IllegalArgumentException e) {
    return new NotFoundException(
        "Cannot time-travel table " + table + ": " + e.getMessage(), table, null, null, e);
  }

  /**
   * The error for a row that does not fit the class rows are read as.
   *
   * @param table the table
   * @param type the class asked for
   * @param column the column the problem is about, or null
   * @param problem what does not fit
   * @return the exception to throw
   */
  static ValidationException cannotReadAs(
      String table, Class<?> type, String column, String problem) {
    return new ValidationException(
        "Cannot read table " + table + " as " + type.getName() + ": " + problem,
        table,
        column,
        null);
  }

  /**
   * The error for a row the class's constructor or setter refused.
   *
   * @param table the table
   * @param type the class asked for
   * @param cls the class (or nested class) whose code threw
   * @param cause what it threw
   * @return the exception to throw
   */
  static ValidationException rowRefused(
      String table, Class<?> type, Class<?> cls, Throwable cause) {
    return new ValidationException(
        "Cannot read table "
            + table
            + " as "
            + type.getName()
            + ": "
            + cls.getName()
            + " refused a row: "
            + cause,
        table,
        null,
        cause);
  }

  /**
   * The error for a class Floe cannot instantiate reflectively for a row.
   *
   * @param table the table
   * @param cls the class
   * @param e the reflection error
   * @return the exception to throw
   */
  static FloeException cannotCreate(String table, Class<?> cls, ReflectiveOperationException e) {
    return new FloeException(
        "Cannot create " + cls.getName() + " for a row of table " + table + ": " + e,
        table,
        null,
        null,
        e);
  }

  /**
   * The error for a data file in a format Floe does not read.
   *
   * @param table the table
   * @param format the file's format
   * @param file the file's location
   * @return the exception to throw
   */
  static UnsupportedFeatureException unsupportedFileFormat(
      String table, Object format, String file) {
    return new UnsupportedFeatureException(
        "Cannot read "
            + format
            + " file "
            + file
            + " of table "
            + table
            + ": Floe reads Parquet and Avro data files",
        table,
        null,
        file,
        null);
  }

  /**
   * The error for a filter string that does not parse: shows the filter with a caret under the
   * unexpected token.
   *
   * @param table the table the filter is for, or null
   * @param source the filter as given
   * @param start the token's offset in it
   * @param token the token as shown in the message
   * @param problem what was expected instead
   * @return the exception to throw
   */
  static ValidationException filterSyntax(
      String table, String source, int start, String token, String problem) {
    String message =
        "Invalid filter"
            + (table == null ? "" : " for table " + table)
            + " at position "
            + (start + 1)
            + ": unexpected "
            + token
            + "; "
            + problem
            + "\n  "
            + source.replace('\n', ' ').replace('\t', ' ')
            + "\n  "
            + " ".repeat(start)
            + "^";
    return new ValidationException(message, table, null, null);
  }

  /**
   * The error for a Parquet file no reader on the class path can read: Floe's (sdk-parquet) is
   * absent or declined the file, and Iceberg's generic reader, the fallback, needs Hadoop, which is
   * absent too.
   *
   * @param table the table
   * @param file the file's location
   * @param declined true when Floe's reader is present but cannot read this file
   * @return the exception to throw
   */
  static UnsupportedFeatureException noParquetReader(String table, String file, boolean declined) {
    String why =
        declined
            ? "Floe's Parquet reader cannot read this file (a type or Parquet feature it does not"
                + " decode), and Iceberg's generic reader, the fallback, needs Hadoop, which is not"
                + " on the class path. Add org.apache.hadoop:hadoop-common and"
                + " org.apache.hadoop:hadoop-mapreduce-client-core to read it."
            : "Floe's Parquet reader (io.floe:floe-sdk-parquet) is not on the class path, and"
                + " Iceberg's generic reader, the fallback, needs Hadoop, which is not either. Add"
                + " io.floe:floe-sdk-parquet (recommended), or org.apache.hadoop:hadoop-common and"
                + " org.apache.hadoop:hadoop-mapreduce-client-core.";
    return new UnsupportedFeatureException(
        "Cannot read Parquet file " + file + " of table " + table + ": " + why,
        table,
        null,
        file,
        null);
  }
}
