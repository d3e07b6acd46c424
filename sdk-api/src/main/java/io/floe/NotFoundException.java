package io.floe;

/**
 * Thrown when a namespace, table, snapshot, branch or tag that an operation names does not exist.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class NotFoundException extends FloeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names what was not found and where it was looked for
   * @param cause the underlying error, may be null
   */
  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception, naming the table, column and file it is about.
   *
   * @param message names what was not found and where it was looked for
   * @param table the table's full name, or null when the error is not about one table
   * @param column the column's dotted name, or null when the error is not about one column
   * @param file the file's location, or null when the error is not about one file
   * @param cause the underlying error, may be null
   */
  public NotFoundException(
      String message, String table, String column, String file, Throwable cause) {
    super(message, table, column, file, cause);
  }
}
