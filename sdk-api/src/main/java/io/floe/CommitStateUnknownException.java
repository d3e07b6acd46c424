package io.floe;

/**
 * Thrown when a commit was sent but its outcome could not be learned (for example the catalog
 * connection failed after the request). The commit may or may not have landed: Floe keeps every
 * file it wrote, because deleting them could corrupt a table whose commit did succeed. Reload the
 * table and check its snapshots before retrying.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class CommitStateUnknownException extends FloeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the table and what is known of the commit
   * @param cause the underlying error, may be null
   */
  public CommitStateUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
