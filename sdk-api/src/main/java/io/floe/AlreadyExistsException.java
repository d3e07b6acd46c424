package io.floe;

/**
 * Thrown when creating a namespace, table, branch or tag whose name is already taken.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class AlreadyExistsException extends FloeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names what already exists
   * @param cause the underlying error, may be null
   */
  public AlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception, naming the table, column and file it is about.
   *
   * @param message names what already exists
   * @param table the table's full name, or null when the error is not about one table
   * @param column the column's dotted name, or null when the error is not about one column
   * @param file the file's location, or null when the error is not about one file
   * @param cause the underlying error, may be null
   */
  public AlreadyExistsException(
      String message, String table, String column, String file, Throwable cause) {
    super(message, table, column, file, cause);
  }
}
