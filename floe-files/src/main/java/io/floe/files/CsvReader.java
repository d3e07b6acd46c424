package io.floe.files;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * CSV records through Jackson's streaming CSV parser: the header (when there is one) maps fields to
 * columns by name, else fields map by position; each field converts from text ({@link Values}).
 */
final class CsvReader implements RecordReader {
  static final CsvFactory FACTORY = new CsvFactory();

  private final CsvOptions options;
  private final CountingStream counting;
  private final CsvParser parser;
  private final List<Types.NestedField> columns;

  /** The column each field goes to, or null until the header (or first record) is read. */
  private int[] target;

  private final List<String> fields = new ArrayList<>();
  private long line;

  CsvReader(Path path, Schema schema, CsvOptions options) throws IOException {
    this.options = options;
    this.columns = schema.columns();
    this.counting = new CountingStream(Files.newInputStream(path));
    this.parser = parser(new BufferedInputStream(counting, 1 << 16), options);
    if (options.header()) {
      if (readFields()) {
        target = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
          String name = fields.get(i).trim();
          Types.NestedField field = schema.caseInsensitiveFindField(name);
          if (field == null || !columns.contains(field)) {
            throw new BadValue(
                "the header names column '" + name + "', which the table does not have",
                name,
                name);
          }
          target[i] = columns.indexOf(field);
          for (int j = 0; j < i; j++) {
            if (target[j] == target[i]) {
              throw new BadValue("the header names column '" + name + "' twice", name, name);
            }
          }
        }
      } else {
        target = new int[0];
      }
    } else {
      target = new int[columns.size()];
      for (int i = 0; i < target.length; i++) {
        target[i] = i;
      }
    }
  }

  /** Reads the next record's fields into {@link #fields}; false at the end. */
  private boolean readFields() throws IOException {
    return readRecord(parser, fields, this);
  }

  /**
   * Reads the next record's fields of a parser set up by {@link #parser}: Jackson exposes the file
   * as an array of records, each an array of strings.
   *
   * @return false at the end
   */
  static boolean readRecord(CsvParser parser, List<String> fields, CsvReader lines)
      throws IOException {
    fields.clear();
    JsonToken token = parser.nextToken();
    if (token == JsonToken.START_ARRAY && parser.getParsingContext().getParent().inRoot()) {
      token = parser.nextToken(); // the array of all records
    }
    if (token != JsonToken.START_ARRAY) {
      return false;
    }
    boolean first = true;
    for (token = parser.nextToken();
        token != null && token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (first && lines != null) {
        lines.line = parser.currentTokenLocation().getLineNr();
        first = false;
      }
      fields.add(parser.getText());
    }
    return true;
  }

  /** A parser of CSV text as arrays of strings, in the options' dialect. */
  static CsvParser parser(java.io.InputStream in, CsvOptions options) throws IOException {
    CsvParser parser = FACTORY.createParser(in);
    parser.setSchema(
        CsvSchema.emptySchema()
            .withColumnSeparator(options.delimiter())
            .withQuoteChar(options.quote())
            .withoutHeader());
    parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    return parser;
  }

  @Override
  public boolean next(Object[] row) throws IOException {
    if (!readFields()) {
      return false;
    }
    if (fields.size() != target.length) {
      throw new BadValue(
          "the record has "
              + fields.size()
              + " fields, "
              + (options.header() ? "the header has " : "the table has ")
              + target.length,
          null);
    }
    java.util.Arrays.fill(row, null);
    String nullString = options.nullString();
    for (int i = 0; i < target.length; i++) {
      String text = fields.get(i);
      int column = target[i];
      Types.NestedField field = columns.get(column);
      if (text.equals(nullString)) {
        continue;
      }
      try {
        row[column] = Values.fromText(field.type(), text);
      } catch (BadValue e) {
        throw e.in(field.name());
      }
    }
    for (int i = 0; i < row.length; i++) {
      if (row[i] == null && columns.get(i).isRequired()) {
        throw new BadValue("null where the column is required", columns.get(i).name(), null);
      }
    }
    return true;
  }

  @Override
  public long line() {
    return line;
  }

  @Override
  public String raw() {
    StringBuilder text = new StringBuilder();
    char quote = options.quote();
    String q = String.valueOf(quote);
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        text.append(options.delimiter());
      }
      String field = fields.get(i);
      if (field.indexOf(options.delimiter()) >= 0
          || field.indexOf(quote) >= 0
          || field.indexOf('\n') >= 0
          || field.indexOf('\r') >= 0) {
        text.append(quote).append(field.replace(q, q + q)).append(quote);
      } else {
        text.append(field);
      }
    }
    return text.toString();
  }

  @Override
  public long bytesRead() {
    return counting.count;
  }

  @Override
  public void close() throws IOException {
    parser.close();
    counting.close();
  }
}
