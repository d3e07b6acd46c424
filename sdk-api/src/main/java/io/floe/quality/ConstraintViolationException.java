package io.floe.quality;

import io.floe.ValidationException;

/**
 * A row broke one of a table's constraints in a write in {@link QualityMode#REJECT} mode; nothing
 * was committed. Names the table, the rule, its column (when it has one), the row's position in the
 * write (0-based, in the order the rows were given) and the value, truncated or masked as the
 * table's constraints say.
 */
public class ConstraintViolationException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /** The name of the rule the row broke. */
  private final String rule;

  /** The row's 0-based position in the write. */
  private final long row;

  /** The value as messages show it. */
  private final String value;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and how to fix it
   * @param table the table's full name
   * @param column the column the rule is on, or null for a rule over several columns
   * @param rule the name of the rule the row broke
   * @param row the row's 0-based position in the write
   * @param value the value as shown in messages (truncated or masked), or null when not shown
   */
  public ConstraintViolationException(
      String message, String table, String column, String rule, long row, String value) {
    super(message, table, column, null);
    this.rule = rule;
    this.row = row;
    this.value = value;
  }

  /**
   * The name of the rule the row broke.
   *
   * @return the rule's name
   */
  public String rule() {
    return rule;
  }

  /**
   * The position of the bad row in the write: 0 for the first row given to it.
   *
   * @return the 0-based position
   */
  public long row() {
    return row;
  }

  /**
   * The bad value as the message shows it: truncated to the table's limit, or {@code "***"} when
   * the table masks values.
   *
   * @return the value as shown, or {@code "null"} for a missing value
   */
  public String value() {
    return value;
  }
}
