package io.floe.sql.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small lexer over SQL text: finds the extent of a table reference (its qualified name and its
 * {@code AT (...)} clause) at the position DuckDB's parser reports, splits DuckDB's printed table
 * filters into conjuncts, and maps positions between the user's statement and the rewritten one. It
 * knows quotes ({@code '...'}, {@code "..."}), comments and parentheses, nothing more: what it
 * finds is checked against DuckDB's own parse tree by the caller.
 */
public final class SqlText {
  private SqlText() {}

  /** A replaced span: [start, end) of the original text, and its replacement. */
  public record Edit(int start, int end, String replacement) {}

  /** Where a table reference's name and {@code AT} clause are in the original text. */
  public record TableSpan(
      int nameStart, int nameEnd, List<String> parts, int atStart, int atEnd, String atBody) {}

  /**
   * The character index of a UTF-8 byte offset into {@code text} (DuckDB reports byte offsets).
   *
   * @param text the text
   * @param byteOffset the byte offset
   * @return the character index, or the length when the offset is past the end
   */
  public static int charIndex(String text, long byteOffset) {
    long bytes = 0;
    for (int i = 0; i < text.length(); ) {
      if (bytes >= byteOffset) {
        return i;
      }
      int cp = text.codePointAt(i);
      bytes += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      i += Character.charCount(cp);
    }
    return text.length();
  }

  /**
   * Reads the table reference starting at {@code start}: a name of one to three identifiers, then
   * when {@code hasAt} an optional alias and the {@code AT ( ... )} clause.
   *
   * @param sql the statement
   * @param start where the name starts
   * @param hasAt whether DuckDB's parse tree has an {@code AT} clause on this reference
   * @return the spans, or null when the text does not look like a table reference there
   */
  public static TableSpan tableAt(String sql, int start, boolean hasAt) {
    List<String> parts = new ArrayList<>();
    int i = start;
    while (true) {
      int[] end = new int[1];
      String ident = identifier(sql, i, end);
      if (ident == null) {
        return null;
      }
      parts.add(ident);
      i = end[0];
      int next = skipSpace(sql, i);
      if (next < sql.length() && sql.charAt(next) == '.' && parts.size() < 3) {
        i = skipSpace(sql, next + 1);
      } else {
        break;
      }
    }
    int nameEnd = i;
    if (!hasAt) {
      return new TableSpan(start, nameEnd, parts, -1, -1, null);
    }
    int j = skipSpace(sql, nameEnd);
    int[] end = new int[1];
    String word = identifier(sql, j, end);
    // an optional alias (with or without AS) and column aliases before AT
    if (word != null && word.equalsIgnoreCase("as") && sql.charAt(j) != '"') {
      j = skipSpace(sql, end[0]);
      word = identifier(sql, j, end);
    }
    if (word != null && !(word.equalsIgnoreCase("at") && sql.charAt(j) != '"')) {
      j = skipSpace(sql, end[0]);
      if (j < sql.length() && sql.charAt(j) == '(') {
        int close = matchingParen(sql, j);
        if (close < 0) {
          return null;
        }
        j = skipSpace(sql, close + 1);
      }
      word = identifier(sql, j, end);
    }
    if (word == null || !word.equalsIgnoreCase("at") || sql.charAt(j) == '"') {
      return null;
    }
    int atStart = j;
    int open = skipSpace(sql, end[0]);
    if (open >= sql.length() || sql.charAt(open) != '(') {
      return null;
    }
    int close = matchingParen(sql, open);
    if (close < 0) {
      return null;
    }
    return new TableSpan(
        start, nameEnd, parts, atStart, close + 1, sql.substring(open + 1, close).trim());
  }

  /**
   * The head of a write statement: {@code INSERT INTO name [(columns)] query} or {@code CREATE
   * TABLE name AS query}.
   *
   * @param create true for {@code CREATE TABLE ... AS}, false for {@code INSERT INTO}
   * @param table the target's name parts (one to three identifiers, quotes removed)
   * @param columns the column list of an {@code INSERT}, or an empty list
   * @param queryStart where the query (a {@code SELECT}, {@code WITH}, {@code VALUES}, ...) starts
   */
  public record WriteHead(
      boolean create, List<String> table, List<String> columns, int queryStart) {}

  /**
   * Reads the head of an {@code INSERT INTO} or {@code CREATE TABLE ... AS} statement.
   *
   * @param sql the statement
   * @return the head, or null when the statement does not start with one of those forms (other
   *     options such as {@code OR REPLACE}, {@code IF NOT EXISTS} or {@code ON CONFLICT} heads are
   *     not recognized)
   */
  public static WriteHead writeHead(String sql) {
    int[] end = new int[1];
    int i = skipSpace(sql, 0);
    boolean create;
    if (keyword(sql, i, "insert", end)) {
      i = skipSpace(sql, end[0]);
      if (!keyword(sql, i, "into", end)) {
        return null;
      }
      create = false;
    } else if (keyword(sql, i, "create", end)) {
      i = skipSpace(sql, end[0]);
      if (!keyword(sql, i, "table", end)) {
        return null;
      }
      create = true;
    } else {
      return null;
    }
    i = skipSpace(sql, end[0]);
    List<String> table = new ArrayList<>();
    while (true) {
      String ident = identifier(sql, i, end);
      if (ident == null) {
        return null;
      }
      table.add(ident);
      i = skipSpace(sql, end[0]);
      if (i < sql.length() && sql.charAt(i) == '.' && table.size() < 3) {
        i = skipSpace(sql, i + 1);
      } else {
        break;
      }
    }
    List<String> columns = new ArrayList<>();
    if (create) {
      if (!keyword(sql, i, "as", end)) {
        return null;
      }
      i = skipSpace(sql, end[0]);
    } else if (i < sql.length() && sql.charAt(i) == '(') {
      int first = skipSpace(sql, i + 1);
      boolean query = false;
      for (String word : List.of("select", "with", "values", "from", "table", "(")) {
        query |= word.equals("(") ? sql.startsWith("(", first) : keyword(sql, first, word, end);
      }
      if (!query) {
        int j = first;
        while (true) {
          String column = identifier(sql, j, end);
          if (column == null) {
            return null;
          }
          columns.add(column);
          j = skipSpace(sql, end[0]);
          if (j < sql.length() && sql.charAt(j) == ',') {
            j = skipSpace(sql, j + 1);
          } else if (j < sql.length() && sql.charAt(j) == ')') {
            i = skipSpace(sql, j + 1);
            break;
          } else {
            return null;
          }
        }
      }
    }
    return i < sql.length() ? new WriteHead(create, table, columns, i) : null;
  }

  /**
   * The head of a {@code DELETE FROM name [[AS] alias] [WHERE predicate]} statement.
   *
   * @param table the target's name parts (one to three identifiers, quotes removed)
   * @param alias the alias, or null
   * @param whereStart where the predicate after {@code WHERE} starts, or -1 without {@code WHERE}
   */
  public record DeleteHead(List<String> table, String alias, int whereStart) {}

  /** A statement head that is not of the expected form: where, and what was expected there. */
  public static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Where the unexpected text starts. */
    public final int position;

    /**
     * A malformed head.
     *
     * @param position where the unexpected text starts
     * @param expected what was expected there
     */
    public Malformed(int position, String expected) {
      super("expected " + expected);
      this.position = position;
    }
  }

  /**
   * Reads the head of a {@code DELETE FROM} statement.
   *
   * @param sql the statement
   * @return the head, or null when the statement does not start with {@code DELETE}
   * @throws Malformed naming the position when it starts with {@code DELETE} but goes on with
   *     something other than {@code FROM name [[AS] alias] [WHERE ...]} (such as {@code USING} or
   *     {@code RETURNING})
   */
  public static DeleteHead deleteHead(String sql) {
    int[] end = new int[1];
    int i = skipSpace(sql, 0);
    if (!keyword(sql, i, "delete", end)) {
      return null;
    }
    i = skipSpace(sql, end[0]);
    if (!keyword(sql, i, "from", end)) {
      throw new Malformed(i, "FROM");
    }
    i = skipSpace(sql, end[0]);
    List<String> table = new ArrayList<>();
    while (true) {
      String ident = identifier(sql, i, end);
      if (ident == null) {
        throw new Malformed(i, "a table name");
      }
      table.add(ident);
      i = skipSpace(sql, end[0]);
      if (i < sql.length() && sql.charAt(i) == '.' && table.size() < 3) {
        i = skipSpace(sql, i + 1);
      } else {
        break;
      }
    }
    String alias = null;
    if (keyword(sql, i, "as", end)) {
      i = skipSpace(sql, end[0]);
      alias = identifier(sql, i, end);
      if (alias == null) {
        throw new Malformed(i, "an alias");
      }
      i = skipSpace(sql, end[0]);
    } else if (i < sql.length()
        && !keyword(sql, i, "where", end)
        && !keyword(sql, i, "using", end)
        && !keyword(sql, i, "returning", end)
        && identifier(sql, i, end) != null) {
      alias = identifier(sql, i, end);
      i = skipSpace(sql, end[0]);
    }
    if (keyword(sql, i, "where", end)) {
      return new DeleteHead(table, alias, skipSpace(sql, end[0]));
    }
    if (i < sql.length() && sql.charAt(i) == ';' && skipSpace(sql, i + 1) == sql.length()) {
      return new DeleteHead(table, alias, -1);
    }
    if (i >= sql.length()) {
      return new DeleteHead(table, alias, -1);
    }
    throw new Malformed(i, "WHERE or the end of the statement");
  }

  /** Whether an unquoted keyword (any case) starts at {@code i}; sets {@code end[0]} after it. */
  private static boolean keyword(String sql, int i, String word, int[] end) {
    if (i >= sql.length() || sql.charAt(i) == '"') {
      return false;
    }
    String ident = identifier(sql, i, end);
    return ident != null && ident.equalsIgnoreCase(word);
  }

  /**
   * Applies edits (non-overlapping) to a text.
   *
   * @param text the original
   * @param edits the edits, in any order
   * @return the edited text
   */
  public static String apply(String text, List<Edit> edits) {
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort((a, b) -> Integer.compare(a.start(), b.start()));
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (Edit e : sorted) {
      out.append(text, at, e.start()).append(e.replacement());
      at = e.end();
    }
    return out.append(text.substring(at)).toString();
  }

  /**
   * Maps a character position of the edited text back to the original text.
   *
   * @param edits the edits that made the edited text
   * @param position a position in the edited text
   * @return the position in the original text (the start of an edit when inside one)
   */
  public static int originalPosition(List<Edit> edits, int position) {
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort((a, b) -> Integer.compare(a.start(), b.start()));
    int shift = 0;
    for (Edit e : sorted) {
      int newStart = e.start() + shift;
      int newEnd = newStart + e.replacement().length();
      if (position < newStart) {
        break;
      }
      if (position < newEnd) {
        return e.start();
      }
      shift += e.replacement().length() - (e.end() - e.start());
    }
    return position - shift;
  }

  /**
   * Splits the text of DuckDB's table filters (one line per column, conjuncts joined by {@code
   * AND}) into conjuncts, outside quotes and parentheses.
   *
   * @param filters the printed filters
   * @return the conjuncts, trimmed, {@code optional:} prefixes removed
   */
  public static List<String> conjuncts(String filters) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < filters.length(); i++) {
      char c = filters.charAt(i);
      if (c == '\'' || c == '"') {
        i = closingQuote(filters, i);
        if (i < 0) {
          out.add(filters.substring(from)); // unbalanced: left whole, fails to parse later
          return clean(out);
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0 && c == '\n') {
        out.add(filters.substring(from, i));
        from = i + 1;
      } else if (depth == 0 && filters.regionMatches(true, i, " AND ", 0, 5)) {
        out.add(filters.substring(from, i));
        from = i + 5;
        i += 4;
      }
    }
    out.add(filters.substring(from));
    return clean(out);
  }

  private static List<String> clean(List<String> parts) {
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      String t = p.trim();
      while (t.toLowerCase(Locale.ROOT).startsWith("optional:")) {
        t = t.substring("optional:".length()).trim();
      }
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * A one-line, position-marked excerpt of a statement.
   *
   * @param sql the statement
   * @param position a character position
   * @return "line L, column C"
   */
  public static String lineAndColumn(String sql, int position) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < Math.min(position, sql.length()); i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return "line " + line + ", column " + col;
  }

  private static String identifier(String sql, int i, int[] end) {
    if (i >= sql.length()) {
      return null;
    }
    char c = sql.charAt(i);
    if (c == '"') {
      int close = closingQuote(sql, i);
      if (close < 0) {
        return null;
      }
      end[0] = close + 1;
      return sql.substring(i + 1, close).replace("\"\"", "\"");
    }
    if (!(Character.isLetter(c) || c == '_')) {
      return null;
    }
    int j = i + 1;
    while (j < sql.length()
        && (Character.isLetterOrDigit(sql.charAt(j))
            || sql.charAt(j) == '_'
            || sql.charAt(j) == '$')) {
      j++;
    }
    end[0] = j;
    return sql.substring(i, j);
  }

  /** The index of the quote closing the one at {@code open} (doubled quotes escape), or -1. */
  private static int closingQuote(String s, int open) {
    char q = s.charAt(open);
    for (int i = open + 1; i < s.length(); i++) {
      if (s.charAt(i) == q) {
        if (i + 1 < s.length() && s.charAt(i + 1) == q) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  private static int matchingParen(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        i = closingQuote(s, i);
        if (i < 0) {
          return -1;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (s.startsWith("--", i)) {
        int nl = s.indexOf('\n', i);
        i = nl < 0 ? s.length() : nl + 1;
      } else if (s.startsWith("/*", i)) {
        int close = s.indexOf("*/", i + 2);
        i = close < 0 ? s.length() : close + 2;
      } else {
        break;
      }
    }
    return i;
  }
}
