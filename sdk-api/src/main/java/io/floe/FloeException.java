package io.floe;

/**
 * Root of every exception Floe throws for a failed operation.
 *
 * <p>Subtypes say what went wrong: {@link NotFoundException}, {@link AlreadyExistsException},
 * {@link ValidationException}, {@link UnsupportedFeatureException}, {@link
 * CommitConflictException}, {@link CommitStateUnknownException} and {@link FloeIOException}. Errors
 * from Iceberg, Parquet or Avro are translated at Floe's boundary and kept as the {@linkplain
 * #getCause() cause}. Programmer errors (a null argument, a call out of order) use the JDK's own
 * exception types instead.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class FloeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, why, and how to fix it
   */
  public FloeException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the error that caused it.
   *
   * @param message what went wrong, why, and how to fix it
   * @param cause the underlying error, may be null
   */
  public FloeException(String message, Throwable cause) {
    super(message, cause);
  }
}
