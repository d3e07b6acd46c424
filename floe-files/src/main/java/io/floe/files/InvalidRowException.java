package io.floe.files;

import io.floe.ValidationException;
import java.util.Optional;

/**
 * Thrown when a row of an input file does not fit the table and the import stops (no rejects file
 * was given): names the file ({@link #file()}), the line ({@link #line()}), the column ({@link
 * #column()}) and the value at fault. Nothing was committed: the files the import wrote are deleted
 * and the table stays at its last snapshot. Immutable and thread-safe.
 *
 * <pre>{@code
 * try {
 *   FileImport.into(table).from(Path.of("events.csv")).run();
 * } catch (InvalidRowException e) {
 *   System.err.println(e.file().orElseThrow() + ":" + e.line() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class InvalidRowException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /** The row's line (or record number) in its file. */
  private final long line;

  /** The value at fault, or null. */
  private final String value;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the row and how to fix it; names the file, line and column
   * @param table the table the row was meant for
   * @param file the input file
   * @param line the row's line in the file (1-based; the record number for Avro and Parquet)
   * @param column the column at fault, or null when the fault is not in one column
   * @param value the value at fault, or null
   * @param cause the underlying error, may be null
   */
  public InvalidRowException(
      String message,
      String table,
      String file,
      long line,
      String column,
      String value,
      Throwable cause) {
    super(message, table, column, file, cause);
    this.line = line;
    this.value = value;
  }

  /**
   * The row's line in its file: 1-based, counting the header line; for Avro and Parquet files the
   * record number (1-based).
   *
   * @return the line
   */
  public long line() {
    return line;
  }

  /**
   * The value at fault, as the file gave it.
   *
   * @return the value, or empty when the fault is not one value (a missing or extra field)
   */
  public Optional<String> value() {
    return Optional.ofNullable(value);
  }
}
