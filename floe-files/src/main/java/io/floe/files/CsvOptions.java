package io.floe.files;

import java.util.Objects;

/**
 * How CSV text is read and written: header line, delimiter, quote character and the text that
 * stands for null. Immutable and thread-safe; every method returns a new instance.
 *
 * <p>The defaults: a header line naming the columns, {@code ,} as delimiter, {@code "} as quote (a
 * quote inside a quoted field is doubled, as RFC 4180 says), and the empty field as null. With the
 * empty string as null text, an empty string cannot be told from a null; choose another null text
 * (such as {@code \N}) when that matters.
 *
 * <pre>{@code
 * CsvOptions tsv = CsvOptions.defaults().delimiter('\t').nullString("\\N");
 * }</pre>
 */
public final class CsvOptions {
  private static final CsvOptions DEFAULTS = new CsvOptions(true, ',', '"', "");

  private final boolean header;
  private final char delimiter;
  private final char quote;
  private final String nullString;

  private CsvOptions(boolean header, char delimiter, char quote, String nullString) {
    this.header = header;
    this.delimiter = delimiter;
    this.quote = quote;
    this.nullString = nullString;
  }

  /**
   * The default options: a header line, comma, double quote, empty field as null.
   *
   * @return the options
   */
  public static CsvOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Options for files without a header line: fields map to the table's columns by position.
   *
   * @return new options
   */
  public CsvOptions withoutHeader() {
    return new CsvOptions(false, delimiter, quote, nullString);
  }

  /**
   * Options for files whose first line names the columns (the default).
   *
   * @return new options
   */
  public CsvOptions withHeader() {
    return new CsvOptions(true, delimiter, quote, nullString);
  }

  /**
   * Sets the field delimiter.
   *
   * @param delimiter the delimiter, such as {@code ';'} or {@code '\t'}
   * @return new options
   * @throws IllegalArgumentException when the delimiter is a line break or the quote character
   */
  public CsvOptions delimiter(char delimiter) {
    if (delimiter == '\n' || delimiter == '\r' || delimiter == quote) {
      throw new IllegalArgumentException(
          "The CSV delimiter cannot be a line break or the quote character, got '"
              + delimiter
              + "'");
    }
    return new CsvOptions(header, delimiter, quote, nullString);
  }

  /**
   * Sets the quote character.
   *
   * @param quote the quote character
   * @return new options
   * @throws IllegalArgumentException when the quote is a line break or the delimiter
   */
  public CsvOptions quote(char quote) {
    if (quote == '\n' || quote == '\r' || quote == delimiter) {
      throw new IllegalArgumentException(
          "The CSV quote cannot be a line break or the delimiter, got '" + quote + "'");
    }
    return new CsvOptions(header, delimiter, quote, nullString);
  }

  /**
   * Sets the text that stands for null (read: a field equal to it is null; written: nulls are
   * written as it).
   *
   * @param nullString the null text, such as {@code ""} (the default) or {@code "\\N"}
   * @return new options
   */
  public CsvOptions nullString(String nullString) {
    return new CsvOptions(
        header, delimiter, quote, Objects.requireNonNull(nullString, "nullString"));
  }

  /**
   * Whether the first line names the columns.
   *
   * @return true when there is a header line
   */
  public boolean header() {
    return header;
  }

  /**
   * The field delimiter.
   *
   * @return the delimiter
   */
  public char delimiter() {
    return delimiter;
  }

  /**
   * The quote character.
   *
   * @return the quote
   */
  public char quote() {
    return quote;
  }

  /**
   * The text that stands for null.
   *
   * @return the null text
   */
  public String nullString() {
    return nullString;
  }

  @Override
  public String toString() {
    return "CsvOptions{header="
        + header
        + ", delimiter='"
        + delimiter
        + "', quote='"
        + quote
        + "', null='"
        + nullString
        + "'}";
  }
}
