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
}
