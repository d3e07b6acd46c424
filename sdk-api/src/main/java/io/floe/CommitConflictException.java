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
}
