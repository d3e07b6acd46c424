package io.floe.sql;

import io.floe.FloeException;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import io.floe.sql.internal.SqlText;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The exceptions of Floe's SQL, each naming the statement (and the position DuckDB gives). */
final class SqlErrors {
  private static final Pattern LINE =
      Pattern.compile("\\n*LINE (\\d+): ([^\\n]*)\\n( *)\\^.*", Pattern.DOTALL);

  private SqlErrors() {}

  static ValidationException syntax(String sql, String message, int position) {
    return new ValidationException(
        "SQL error at "
            + SqlText.lineAndColumn(sql, position)
            + " (position "
            + position
            + "): "
            + message
            + "; statement: "
            + sql);
  }

  static UnsupportedFeatureException notSelect(String sql) {
    return new UnsupportedFeatureException(
        "FloeSql.query runs one SELECT query per call (run INSERT INTO, CREATE TABLE ... AS and"
            + " DELETE FROM with FloeSql.execute); statement: "
            + sql,
        null);
  }

  static UnsupportedFeatureException notWrite(String sql) {
    return new UnsupportedFeatureException(
        "FloeSql.execute runs one INSERT INTO ns.t [(columns)] SELECT/VALUES ..., CREATE TABLE"
            + " ns.t AS SELECT ... or DELETE FROM ns.t [WHERE ...] (run SELECT with FloeSql.query;"
            + " UPDATE, OR REPLACE, IF NOT EXISTS and ON CONFLICT are not supported); statement: "
            + sql,
        null);
  }

  static UnsupportedFeatureException unsupported(String sql, String what) {
    return new UnsupportedFeatureException(what + "; statement: " + sql, null);
  }

  static UnsupportedFeatureException tableReference(String sql, String table, int position) {
    return new UnsupportedFeatureException(
        "Cannot read the reference to table "
            + table
            + " at "
            + SqlText.lineAndColumn(sql, position)
            + ": write it as ns.table, catalog.ns.table, or with \"quoted\" identifiers, optionally"
            + " followed by an alias and AT (VERSION => ...) or AT (TIMESTAMP => ...); statement: "
            + sql,
        null);
  }

  /**
   * DuckDB refused a table's rows (its columns' types, or the Arrow stream that carries them).
   *
   * @param table the table's name
   * @param e DuckDB's error
   * @return the exception naming the table
   */
  static FloeException present(String table, Exception e) {
    return new FloeException(
        "Cannot present table " + table + " to DuckDB: " + e.getMessage(), table, null, null, e);
  }

  /**
   * DuckDB's error for the rewritten statement, with placeholder names replaced by the tables'
   * names and the position mapped back to the user's statement.
   */
  static FloeException query(
      String sql,
      String rewritten,
      List<SqlText.Edit> edits,
      Map<String, String> names,
      SQLException e) {
    String message = String.valueOf(e.getMessage());
    String where = "";
    Matcher m = LINE.matcher(message);
    if (m.find()) {
      int lineNo = Integer.parseInt(m.group(1));
      String shown = m.group(2);
      int caret = m.group(3).length() - ("LINE " + m.group(1) + ": ").length();
      int lineStart = 0;
      for (int i = 1; i < lineNo; i++) {
        lineStart = rewritten.indexOf('\n', lineStart) + 1;
      }
      int cut = 0;
      if (shown.startsWith(Query.EXPLAIN)) { // an error found while planning the pushdown
        shown = shown.substring(Query.EXPLAIN.length());
        cut = Query.EXPLAIN.length();
      }
      if (shown.startsWith("...")) {
        shown = shown.substring(3);
        cut += 3;
      }
      if (shown.endsWith("...")) {
        shown = shown.substring(0, shown.length() - 3);
      }
      int offset = rewritten.indexOf(shown, lineStart);
      if (offset >= 0 && caret - cut >= 0) {
        int original = SqlText.originalPosition(edits, offset + caret - cut);
        where = " at " + SqlText.lineAndColumn(sql, original) + " (position " + original + ")";
      }
      message = message.substring(0, m.start());
    }
    for (Map.Entry<String, String> n : names.entrySet()) {
      message =
          message.replaceAll(
              "\\b" + Pattern.quote(n.getKey()) + "\\b", Matcher.quoteReplacement(n.getValue()));
    }
    String text = "SQL error" + where + ": " + message.trim() + "; statement: " + sql;
    String kind = message.contains(":") ? message.substring(0, message.indexOf(':')) : "";
    if (kind.contains("Binder")
        || kind.contains("Parser")
        || kind.contains("Conversion")
        || kind.contains("Catalog")
        || kind.contains("Invalid Input")) {
      return new ValidationException(text, null, null, e);
    }
    if (kind.contains("Not implemented")) {
      return new UnsupportedFeatureException(text, e);
    }
    return new FloeException(text, e);
  }
}
