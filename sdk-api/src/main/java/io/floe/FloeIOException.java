package io.floe;

import java.util.Optional;

/**
 * Thrown when reading or writing a file failed, or a file is corrupt. Names the operation and the
 * file's location (never a credential).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class FloeIOException extends FloeException {
  private static final long serialVersionUID = 1L;

  /** The operation that failed. */
  private final String operation;

  /**
   * Creates the exception.
   *
   * @param operation what Floe was doing, such as {@code "read"} or {@code "write"}
   * @param path the location of the file, or null when no single file is involved
   * @param message what went wrong
   * @param cause the underlying error, may be null
   */
  public FloeIOException(String operation, String path, String message, Throwable cause) {
    this(operation, null, path, message, cause);
  }

  /**
   * Creates the exception, naming the table the file belongs to.
   *
   * @param operation what Floe was doing, such as {@code "read"} or {@code "write"}
   * @param table the table's full name, or null when the file belongs to no table
   * @param path the location of the file, or null when no single file is involved
   * @param message what went wrong
   * @param cause the underlying error, may be null
   */
  public FloeIOException(
      String operation, String table, String path, String message, Throwable cause) {
    super(message, table, null, path, cause);
    this.operation = operation;
  }

  /**
   * What Floe was doing when the error happened.
   *
   * @return the operation, such as {@code "read"} or {@code "write"}
   */
  public String operation() {
    return operation;
  }

  /**
   * The file involved; the same as {@link #file()}.
   *
   * @return the file's location, or empty when no single file is involved
   */
  public Optional<String> path() {
    return file();
  }
}
