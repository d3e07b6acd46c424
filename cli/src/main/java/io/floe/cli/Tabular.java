package io.floe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.floe.Row;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows with named columns, or one record of named fields, printed as an aligned table, JSON or CSV
 * ({@link OutputFormat}). Every listing command builds one and prints it, so {@code --output} works
 * the same everywhere. Values are plain Java values: strings, numbers, booleans, maps, lists and
 * {@link Row}s (printed as JSON objects), byte buffers (hex). Mutable and not thread-safe.
 */
public final class Tabular {
  /** Jackson, loaded only when a command prints or reads JSON (it costs startup time). */
  static final class Json {
    static final ObjectMapper PRETTY =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper COMPACT = new ObjectMapper();

    private Json() {}
  }

  private final List<String> columns;
  private final List<List<Object>> rows = new ArrayList<>();
  private final boolean record;

  private Tabular(List<String> columns, boolean record) {
    this.columns = List.copyOf(columns);
    this.record = record;
  }

  /**
   * Starts rows with these columns.
   *
   * @param columns the column names
   * @return an empty table
   */
  public static Tabular of(String... columns) {
    return new Tabular(Arrays.asList(columns), false);
  }

  /**
   * Starts rows with these columns.
   *
   * @param columns the column names
   * @return an empty table
   */
  public static Tabular of(List<String> columns) {
    return new Tabular(columns, false);
  }

  /**
   * One record of named fields: printed as {@code field value} lines, one JSON object, or a CSV
   * header and one line.
   *
   * @param fields the fields in order
   * @return the record
   */
  public static Tabular record(Map<String, ?> fields) {
    Tabular t = new Tabular(new ArrayList<>(fields.keySet()), true);
    t.rows.add(new ArrayList<>(fields.values()));
    return t;
  }

  /**
   * Adds a row.
   *
   * @param values one value per column
   * @return this table
   * @throws IllegalArgumentException when the number of values differs from the columns'
   */
  public Tabular add(Object... values) {
    return add(Arrays.asList(values));
  }

  /**
   * Adds a row.
   *
   * @param values one value per column
   * @return this table
   * @throws IllegalArgumentException when the number of values differs from the columns'
   */
  public Tabular add(List<?> values) {
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException(
          "Row of " + values.size() + " values for " + columns.size() + " columns " + columns);
    }
    rows.add(new ArrayList<>(values));
    return this;
  }

  /**
   * The column names.
   *
   * @return the columns
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * The number of rows.
   *
   * @return the row count
   */
  public int size() {
    return rows.size();
  }

  /**
   * Prints the rows.
   *
   * @param out where to print
   * @param format how
   */
  public void print(PrintWriter out, OutputFormat format) {
    switch (format) {
      case JSON -> printJson(out);
      case CSV -> printCsv(out);
      default -> printTable(out);
    }
    out.flush();
  }

  private void printJson(PrintWriter out) {
    Object value;
    if (record) {
      value = rowMap(rows.get(0));
    } else {
      List<Object> list = new ArrayList<>(rows.size());
      rows.forEach(r -> list.add(rowMap(r)));
      value = list;
    }
    try {
      out.println(Json.PRETTY.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
    }
  }

  /**
   * A printer of rows as they come, for reads of any size: JSON and CSV are written row by row
   * (memory bounded); the table format keeps the rows to align the columns and prints them at
   * {@link Printer#close()}. The output is the same as {@link #print(PrintWriter, OutputFormat)}'s.
   *
   * @param out where to print; not closed
   * @param format how
   * @param columns the column names
   * @return the printer; close it to end the output
   */
  public static Printer printer(PrintWriter out, OutputFormat format, List<String> columns) {
    return switch (format) {
      case JSON -> new JsonPrinter(out, columns);
      case CSV -> new CsvPrinter(out, columns);
      default -> new TablePrinter(out, columns);
    };
  }

  /** Prints rows as they are added; see {@link #printer(PrintWriter, OutputFormat, List)}. */
  public interface Printer extends AutoCloseable {
    /**
     * Prints (or, in table format, keeps) a row.
     *
     * @param values one value per column
     */
    void add(List<?> values);

    /** Ends the output (in table format: prints the rows). */
    @Override
    void close();
  }

  private static final class TablePrinter implements Printer {
    private final PrintWriter out;
    private final Tabular rows;

    TablePrinter(PrintWriter out, List<String> columns) {
      this.out = out;
      this.rows = of(columns);
    }

    @Override
    public void add(List<?> values) {
      rows.add(values);
    }

    @Override
    public void close() {
      rows.print(out, OutputFormat.TABLE);
    }
  }

  private static final class CsvPrinter implements Printer {
    private final PrintWriter out;
    private final int width;

    CsvPrinter(PrintWriter out, List<String> columns) {
      this.out = out;
      this.width = columns.size();
      out.println(csvLine(new ArrayList<>(columns)));
    }

    @Override
    public void add(List<?> values) {
      if (values.size() != width) {
        throw new IllegalArgumentException("Row of " + values.size() + " values for " + width);
      }
      List<String> cells = new ArrayList<>(values.size());
      values.forEach(v -> cells.add(text(v)));
      out.println(csvLine(cells));
    }

    @Override
    public void close() {
      out.flush();
    }
  }

  private static final class JsonPrinter implements Printer {
    private final PrintWriter out;
    private final List<String> columns;
    private final com.fasterxml.jackson.core.JsonGenerator json;

    JsonPrinter(PrintWriter out, List<String> columns) {
      this.out = out;
      this.columns = List.copyOf(columns);
      try {
        this.json =
            Json.PRETTY
                .getFactory()
                .createGenerator(out)
                .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .useDefaultPrettyPrinter();
        json.writeStartArray();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void add(List<?> values) {
      if (values.size() != columns.size()) {
        throw new IllegalArgumentException(
            "Row of " + values.size() + " values for " + columns.size());
      }
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        map.put(columns.get(i), plain(values.get(i)));
      }
      try {
        Json.PRETTY.writeValue(json, map);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        json.writeEndArray();
        json.close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      out.println();
      out.flush();
    }
  }

  private Map<String, Object> rowMap(List<Object> row) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      map.put(columns.get(i), plain(row.get(i)));
    }
    return map;
  }

  private void printCsv(PrintWriter out) {
    out.println(csvLine(new ArrayList<>(columns)));
    for (List<Object> row : rows) {
      List<String> cells = new ArrayList<>(row.size());
      row.forEach(v -> cells.add(text(v)));
      out.println(csvLine(cells));
    }
  }

  private static String csvLine(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String c = cells.get(i);
      if (c.indexOf(',') >= 0
          || c.indexOf('"') >= 0
          || c.indexOf('\n') >= 0
          || c.indexOf('\r') >= 0) {
        sb.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private void printTable(PrintWriter out) {
    if (record) {
      int width = columns.stream().mapToInt(String::length).max().orElse(0);
      List<Object> row = rows.get(0);
      for (int i = 0; i < columns.size(); i++) {
        out.println(pad(columns.get(i), width) + "  " + text(row.get(i)));
      }
      return;
    }
    List<List<String>> cells = new ArrayList<>();
    cells.add(new ArrayList<>(columns));
    for (List<Object> row : rows) {
      List<String> line = new ArrayList<>(row.size());
      row.forEach(v -> line.add(text(v).replace('\n', ' ')));
      cells.add(line);
    }
    int[] widths = new int[columns.size()];
    for (List<String> line : cells) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    for (List<String> line : cells) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        if (i > 0) {
          sb.append("  ");
        }
        sb.append(i == line.size() - 1 ? line.get(i) : pad(line.get(i), widths[i]));
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /**
   * A value as text for tables and CSV: empty for null, compact JSON for maps, lists and rows.
   *
   * @param value the value
   * @return its text
   */
  static String text(Object value) {
    Object plain = plain(value);
    if (plain == null) {
      return "";
    }
    if (plain instanceof Map || plain instanceof List) {
      try {
        return Json.COMPACT.writeValueAsString(plain);
      } catch (JsonProcessingException e) {
        return plain.toString();
      }
    }
    return plain.toString();
  }

  /**
   * A value as plain JSON-able Java: rows become maps, char sequences strings, byte buffers hex,
   * numbers and booleans stay, anything else its {@code toString()}.
   *
   * @param value the value
   * @return the plain value
   */
  static Object plain(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Row row) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < row.size(); i++) {
        map.put(row.struct().fields().get(i).name(), plain(row.get(i)));
      }
      return map;
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> map = new LinkedHashMap<>();
      m.forEach((k, v) -> map.put(Objects.toString(k), plain(v)));
      return map;
    }
    if (value instanceof Collection<?> c) {
      List<Object> list = new ArrayList<>(c.size());
      c.forEach(v -> list.add(plain(v)));
      return list;
    }
    if (value instanceof ByteBuffer b) {
      ByteBuffer copy = b.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return HexFormat.of().formatHex(bytes);
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    // ISO-8601 with seconds always shown (toString() drops ":00" seconds)
    if (value instanceof OffsetDateTime t) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
    if (value instanceof LocalDateTime t) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
    }
    if (value instanceof LocalTime t) {
      return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
    }
    return value.toString();
  }
}
