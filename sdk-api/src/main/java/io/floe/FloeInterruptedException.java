package io.floe;

/**
 * Thrown when the thread running a Floe operation (planning a scan, reading, matching rows for a
 * delete or upsert, writing files) was interrupted while it waited. The thread's interrupt flag is
 * set again before this is thrown, so the caller's own interruption handling still sees it.
 *
 * <p>Nothing is committed by an interrupted operation: files it had written are removed (unless the
 * commit itself was already under way, in which case a {@link CommitStateUnknownException} is
 * thrown instead).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class FloeInterruptedException extends FloeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was interrupted, naming the table
   * @param cause the interruption
   */
  public FloeInterruptedException(String message, InterruptedException cause) {
    super(message, cause);
  }

  /**
   * Creates the exception, naming the table whose operation was interrupted.
   *
   * @param message what was interrupted, naming the table
   * @param table the table's full name, or null when the operation was not on one table
   * @param cause the interruption
   */
  public FloeInterruptedException(String message, String table, InterruptedException cause) {
    super(message, table, null, null, cause);
  }
}
