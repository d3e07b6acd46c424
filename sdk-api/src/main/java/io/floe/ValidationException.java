package io.floe;

/**
 * Thrown when input is rejected before anything is committed: an unknown column, a value of the
 * wrong type, a null in a required column, an invalid schema or partition change, an invalid
 * filter. The table stays at its last good snapshot. {@link #table()} and {@link #column()} name
 * the table the input was meant for and the column at fault, where there is one.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class ValidationException extends FloeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong with the input and how to fix it; names the table and column
   * @param table the table the input was meant for, or null if none
   * @param column the column at fault, or null if the fault is not in one column
   * @param cause the underlying error, may be null
   */
  public ValidationException(String message, String table, String column, Throwable cause) {
    this(message, table, column, null, cause);
  }

  /**
   * Creates the exception, naming the file at fault too.
   *
   * @param message what was wrong with the input and how to fix it; names the table, column and
   *     file
   * @param table the table the input was meant for, or null if none
   * @param column the column at fault, or null if the fault is not in one column
   * @param file the file at fault, or null if the fault is not in one file
   * @param cause the underlying error, may be null
   */
  public ValidationException(
      String message, String table, String column, String file, Throwable cause) {
    super(message, table, column, file, cause);
  }

  /**
   * Creates the exception for input not tied to one table or column.
   *
   * @param message what was wrong with the input and how to fix it
   */
  public ValidationException(String message) {
    this(message, null, null, null, null);
  }
}
