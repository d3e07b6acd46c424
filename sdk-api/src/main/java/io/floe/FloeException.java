package io.floe;

import java.util.Optional;

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
 * <p>Besides its message, an exception names what it is about where Floe knows it: the {@link
 * #table()}, the {@link #column()} and the {@link #file()}, so a caller can act on them without
 * parsing the message.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * <pre>{@code
 * try {
 *   table.newAppend().row(Map.of("id", 1L, "colour", "red")).commit();
 * } catch (ValidationException e) {
 *   String table = e.table().orElseThrow(); // the table the row was for
 *   Optional<String> column = e.column(); // "colour": the column the table does not have
 * }
 * }</pre>
 */
public class FloeException extends RuntimeException {
  private static final long serialVersionUID = 2L;

  /** The table the error is about, or null. */
  private final String table;

  /** The column the error is about, or null. */
  private final String column;

  /** The file the error is about, or null. */
  private final String file;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, why, and how to fix it
   */
  public FloeException(String message) {
    this(message, null, null, null, null);
  }

  /**
   * Creates an exception with a message and the error that caused it.
   *
   * @param message what went wrong, why, and how to fix it
   * @param cause the underlying error, may be null
   */
  public FloeException(String message, Throwable cause) {
    this(message, null, null, null, cause);
  }

  /**
   * Creates an exception that names the table, column and file it is about.
   *
   * @param message what went wrong, why, and how to fix it
   * @param table the table's full name, or null when the error is not about one table
   * @param column the column's dotted name, or null when the error is not about one column
   * @param file the file's location, or null when the error is not about one file
   * @param cause the underlying error, may be null
   */
  public FloeException(String message, String table, String column, String file, Throwable cause) {
    super(message, cause);
    this.table = table;
    this.column = column;
    this.file = file;
  }

  /**
   * The table the error is about.
   *
   * @return the table's full name as the caller addressed it, or empty when the error is not about
   *     one table
   */
  public Optional<String> table() {
    return Optional.ofNullable(table);
  }

  /**
   * The column the error is about.
   *
   * @return the column's dotted name, or empty when the error is not about one column
   */
  public Optional<String> column() {
    return Optional.ofNullable(column);
  }

  /**
   * The file the error is about.
   *
   * @return the file's location, or empty when the error is not about one file
   */
  public Optional<String> file() {
    return Optional.ofNullable(file);
  }
}
