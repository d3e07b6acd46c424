package io.floe;

/**
 * Thrown when an existing file offered to a table is rejected before anything is committed: it is
 * not Parquet, its columns do not match the table's (by field id or by name), its field ids
 * conflict with the table's, the table references it already, or its partition cannot be told from
 * its statistics. Names the file ({@link #file()}, always present), the table and, where one is at
 * fault, the column. The table stays at its last good snapshot.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class InvalidFileException extends ValidationException {
  private static final long serialVersionUID = 2L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the file and how to fix it; names the file, table and column
   * @param table the table the file was offered to
   * @param file the file's location
   * @param column the column at fault, or null if the fault is not in one column
   * @param cause the underlying error, may be null
   */
  public InvalidFileException(
      String message, String table, String file, String column, Throwable cause) {
    super(message, table, column, file, cause);
  }
}
