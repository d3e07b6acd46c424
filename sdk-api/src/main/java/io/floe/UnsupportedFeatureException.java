package io.floe;

/**
 * Thrown when a table uses a feature this version of Floe cannot handle, such as an unknown file
 * format or a newer table format version.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class UnsupportedFeatureException extends FloeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the feature, the table, and what to do instead
   * @param cause the underlying error, may be null
   */
  public UnsupportedFeatureException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception, naming the table, column and file it is about.
   *
   * @param message names the feature, the table, and what to do instead
   * @param table the table's full name, or null when the error is not about one table
   * @param column the column's dotted name, or null when the error is not about one column
   * @param file the file's location, or null when the error is not about one file
   * @param cause the underlying error, may be null
   */
  public UnsupportedFeatureException(
      String message, String table, String column, String file, Throwable cause) {
    super(message, table, column, file, cause);
  }
}
