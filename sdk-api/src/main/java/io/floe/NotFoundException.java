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
}
