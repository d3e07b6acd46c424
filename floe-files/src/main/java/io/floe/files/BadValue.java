package io.floe.files;

/**
 * A value or record that does not fit the table (internal, no stack trace): what is wrong, the
 * column and the value, filled in as it travels up from the value to the record.
 */
final class BadValue extends RuntimeException {
  private static final long serialVersionUID = 1L;

  String column;
  final String value;

  BadValue(String reason, String column, String value) {
    super(reason, null, false, false);
    this.column = column;
    this.value = value;
  }

  BadValue(String reason, String value) {
    this(reason, null, value);
  }

  /** Prefixes the column with its parent's name as the error travels out of a nested value. */
  BadValue in(String parent) {
    column = column == null ? parent : parent + "." + column;
    return this;
  }

  String reason() {
    return getMessage();
  }
}
