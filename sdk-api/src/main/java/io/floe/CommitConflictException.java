package io.floe;

/**
 * Thrown when a commit lost to concurrent commits on the same table more times than its retries
 * allow, or when a concurrent commit made it invalid. Nothing was committed and the files it wrote
 * were cleaned up, so it is safe to run the whole operation again.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class CommitConflictException extends FloeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the table and the conflict
   * @param cause the underlying error, may be null
   */
  public CommitConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception, naming the table, column and file it is about.
   *
   * @param message names the table and the conflict
   * @param table the table's full name, or null when the error is not about one table
   * @param column the column's dotted name, or null when the error is not about one column
   * @param file the file's location, or null when the error is not about one file
   * @param cause the underlying error, may be null
   */
  public CommitConflictException(
      String message, String table, String column, String file, Throwable cause) {
    super(message, table, column, file, cause);
  }
}
