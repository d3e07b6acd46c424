package io.floe;

import java.util.Optional;

/**
 * Thrown when input is rejected before anything is committed: an unknown column, a value of the
 * wrong type, a null in a required column, an invalid schema or partition change, an invalid
 * filter. The table stays at its last good snapshot.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class ValidationException extends FloeException {
  private static final long serialVersionUID = 1L;

  /** The table the input was for, or null. */
  private final String table;

  /** The column at fault, or null. */
  private final String column;

  /**
   * Creates the exception.
   *
   * @param message what was wrong with the input and how to fix it; names the table and column
   * @param table the table the input was meant for, or null if none
   * @param column the column at fault, or null if the fault is not in one column
   * @param cause the underlying error, may be null
   */
  public ValidationException(String message, String table, String column, Throwable cause) {
    super(message, cause);
    this.table = table;
    this.column = column;
  }

  /**
   * Creates the exception for input not tied to one table or column.
   *
   * @param message what was wrong with the input and how to fix it
   */
  public ValidationException(String message) {
    this(message, null, null, null);
  }

  /**
   * The table the rejected input was meant for.
   *
   * @return the table's full name, or empty when the input was not for a table
   */
  public Optional<String> table() {
    return Optional.ofNullable(table);
  }

  /**
   * The column at fault.
   *
   * @return the column's dotted name, or empty when the fault is not in one column
   */
  public Optional<String> column() {
    return Optional.ofNullable(column);
  }
}
