package io.floe.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds rows for appends and expected rows for assertions, as ordered maps that may hold nulls.
 *
 * <p>Stateless and thread-safe; the maps it returns are unmodifiable.
 *
 * <pre>{@code
 * table.newAppend().row(Rows.row("id", 1L, "category", "books")).commit();
 * assertThat(table).containsExactlyRows(Rows.row("id", 1L, "category", "books"));
 * }</pre>
 */
public final class Rows {
  private Rows() {}

  /**
   * A row from alternating column names and values.
   *
   * @param namesAndValues {@code name1, value1, name2, value2, ...}; values may be null
   * @return an unmodifiable ordered map
   * @throws IllegalArgumentException when the count is odd, a name is not a String, or a name
   *     repeats
   */
  public static Map<String, Object> row(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "row(...) takes names and values in pairs; got " + namesAndValues.length + " arguments");
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (!(namesAndValues[i] instanceof String name)) {
        throw new IllegalArgumentException(
            "Argument " + i + " of row(...) must be a column name, got " + namesAndValues[i]);
      }
      if (row.containsKey(name)) {
        throw new IllegalArgumentException("Column " + name + " appears twice in row(...)");
      }
      row.put(name, namesAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(row);
  }
}
