package io.floe.impl.read;

import io.floe.ValidationException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.types.Types;

/**
 * Parses filters written as SQL {@code WHERE} clauses into unbound Iceberg expressions (the grammar
 * is documented on {@link io.floe.Scan#where(String)}). A hand-written recursive-descent parser
 * over a small tokenizer, shaped after PyIceberg's {@code expressions/parser.py}:
 *
 * <pre>
 * filter    := or EOF
 * or        := and ( OR and )*
 * and       := not ( AND not )*
 * not       := NOT not | primary
 * primary   := '(' or ')' | TRUE | FALSE | predicate
 * predicate := column op literal | literal op column
 *            | column IS [NOT] ( NULL | NAN )
 *            | column [NOT] IN '(' literal ( ',' literal )* ')'
 *            | column [NOT] BETWEEN literal AND literal
 *            | column [NOT] LIKE string
 * </pre>
 *
 * <p>Names stay unbound: the scan binds them to the table's schema when it runs, and reports an
 * unknown column or a literal of the wrong type there, naming the table and the column. A syntax
 * error is a {@link ValidationException} whose message repeats the text with a caret under the
 * offending token. Thread-safe (stateless).
 */
public final class FilterParser {
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** {@code yyyy-mm-dd}, then optionally a time after a space or T, then optionally an offset. */
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  private enum Kind {
    WORD,
    QUOTED_NAME,
    STRING,
    BYTES,
    NUMBER,
    OP,
    LPAREN,
    RPAREN,
    COMMA,
    DOT,
    END
  }

  private record Token(Kind kind, String text, int start, int end) {
    boolean is(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    String shown() {
      if (kind == Kind.END) {
        return "end of filter";
      }
      // quoted tokens show their own quotes
      return kind == Kind.STRING || kind == Kind.BYTES || kind == Kind.QUOTED_NAME
          ? text
          : "'" + text + "'";
    }
  }

  private final String source;
  private final String table;
  private final List<Token> tokens;
  private int next;

  private FilterParser(String source, String table) {
    this.source = source;
    this.table = table;
    this.tokens = tokenize();
  }

  /**
   * Parses a filter.
   *
   * @param filter the filter text, such as {@code category = 'books' and id > 10}
   * @return the unbound expression
   * @throws ValidationException when the text is not a valid filter
   */
  public static Expression parse(String filter) {
    return parse(filter, null);
  }

  /**
   * Parses a filter meant for a table, naming the table in error messages.
   *
   * @param filter the filter text
   * @param table the table's full name, or null
   * @return the unbound expression
   * @throws ValidationException when the text is not a valid filter
   */
  public static Expression parse(String filter, String table) {
    Objects.requireNonNull(filter, "filter");
    FilterParser parser = new FilterParser(filter, table);
    Expression result = parser.or();
    parser.expect(parser.peek().kind == Kind.END, "expected 'and', 'or' or the end of the filter");
    return result;
  }

  // ---- grammar

  private Expression or() {
    Expression left = and();
    while (peek().is("or")) {
      next++;
      left = Expressions.or(left, and());
    }
    return left;
  }

  private Expression and() {
    Expression left = not();
    while (peek().is("and")) {
      next++;
      left = Expressions.and(left, not());
    }
    return left;
  }

  private Expression not() {
    if (peek().is("not")) {
      next++;
      return Expressions.not(not());
    }
    return primary();
  }

  private Expression primary() {
    Token t = peek();
    if (t.kind == Kind.LPAREN) {
      next++;
      Expression inner = or();
      expect(
          peek().kind == Kind.RPAREN, "expected ')' to close the '(' at position " + (t.start + 1));
      next++;
      return inner;
    }
    if ((t.is("true") || t.is("false")) && !isComparison(peek(1))) {
      next++;
      return t.is("true") ? Expressions.alwaysTrue() : Expressions.alwaysFalse();
    }
    if (startsLiteral()) {
      // literal op column: flipped so that the column comes first
      Object value = literal();
      Token op = peek();
      expect(isComparison(op), "expected a comparison operator after a literal");
      next++;
      String column = column();
      return compare(flip(op.text), column, value);
    }
    String column = column();
    Token op = peek();
    if (isComparison(op)) {
      next++;
      Token at = peek();
      if (at.is("null")) {
        throw error(
            at,
            "null can only follow 'is': write '"
                + column
                + " is null' or '"
                + column
                + " is not null'");
      }
      if (at.kind == Kind.WORD && !startsLiteral()) {
        throw error(
            at,
            "expected a literal; comparing two columns is not supported (quote strings with ')");
      }
      return compare(op.text, column, literal());
    }
    if (op.is("is")) {
      next++;
      boolean negated = accept("not");
      Token what = peek();
      if (what.is("null")) {
        next++;
        return negated ? Expressions.notNull(column) : Expressions.isNull(column);
      }
      if (what.is("nan")) {
        next++;
        return negated ? Expressions.notNaN(column) : Expressions.isNaN(column);
      }
      throw error(what, "expected 'null' or 'nan' after 'is" + (negated ? " not" : "") + "'");
    }
    boolean negated = accept("not");
    Token word = peek();
    if (word.is("in")) {
      next++;
      expect(peek().kind == Kind.LPAREN, "expected '(' after 'in'");
      next++;
      List<Object> values = new ArrayList<>();
      values.add(literal());
      while (peek().kind == Kind.COMMA) {
        next++;
        values.add(literal());
      }
      expect(peek().kind == Kind.RPAREN, "expected ',' or ')' in the list of 'in'");
      next++;
      return negated ? Expressions.notIn(column, values) : Expressions.in(column, values);
    }
    if (word.is("between")) {
      next++;
      Object low = literal();
      expect(peek().is("and"), "expected 'and' between the bounds of 'between'");
      next++;
      Object high = literal();
      Expression between =
          Expressions.and(
              Expressions.greaterThanOrEqual(column, low),
              Expressions.lessThanOrEqual(column, high));
      return negated ? Expressions.not(between) : between;
    }
    if (word.is("like")) {
      next++;
      Token pattern = peek();
      expect(pattern.kind == Kind.STRING, "expected a quoted pattern after 'like'");
      next++;
      return like(column, pattern, negated);
    }
    throw error(
        word,
        negated
            ? "expected 'in', 'between' or 'like' after 'not'"
            : "expected a comparison operator (= != <> < <= > >=), 'is', 'in', 'between' or 'like'");
  }

  private static boolean isComparison(Token t) {
    return t.kind == Kind.OP && !t.text.equals("-") && !t.text.equals("+");
  }

  private static String flip(String op) {
    switch (op) {
      case "<":
        return ">";
      case "<=":
        return ">=";
      case ">":
        return "<";
      case ">=":
        return "<=";
      default:
        return op;
    }
  }

  private static Expression compare(String op, String column, Object value) {
    switch (op) {
      case "=":
      case "==":
        return Expressions.equal(column, value);
      case "!=":
      case "<>":
        return Expressions.notEqual(column, value);
      case "<":
        return Expressions.lessThan(column, value);
      case "<=":
        return Expressions.lessThanOrEqual(column, value);
      case ">":
        return Expressions.greaterThan(column, value);
      case ">=":
        return Expressions.greaterThanOrEqual(column, value);
      default:
        throw new IllegalStateException("Unknown operator " + op);
    }
  }

  /** {@code like 'abc%'} is a prefix match; without a wildcard it is an equality. */
  private Expression like(String column, Token pattern, boolean negated) {
    String text = unquote(pattern.text, '\'');
    StringBuilder prefix = new StringBuilder();
    boolean wildcard = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        prefix.append(text.charAt(++i));
      } else if (c == '%' && i == text.length() - 1) {
        wildcard = true;
      } else if (c == '%' || c == '_') {
        throw error(
            pattern,
            "only a prefix pattern ('abc%') is supported: the '"
                + c
                + "' at character "
                + (i + 1)
                + " of the pattern is a wildcard; write '\\"
                + c
                + "' to match the character itself");
      } else {
        prefix.append(c);
      }
    }
    String value = prefix.toString();
    if (wildcard) {
      return negated
          ? Expressions.notStartsWith(column, value)
          : Expressions.startsWith(column, value);
    }
    return negated ? Expressions.notEqual(column, value) : Expressions.equal(column, value);
  }

  private String column() {
    StringBuilder name = new StringBuilder(namePart());
    while (peek().kind == Kind.DOT) {
      next++;
      name.append('.').append(namePart());
    }
    return name.toString();
  }

  private String namePart() {
    Token t = peek();
    if (t.kind == Kind.QUOTED_NAME) {
      next++;
      return unquote(t.text, '"');
    }
    expect(t.kind == Kind.WORD, "expected a column name");
    expect(
        !isReserved(t.text),
        "'" + t.text + "' is a keyword; quote a column of that name as \"" + t.text + "\"");
    next++;
    return t.text;
  }

  private static boolean isReserved(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "and":
      case "or":
      case "not":
      case "is":
      case "in":
      case "between":
      case "like":
      case "null":
      case "true":
      case "false":
        return true;
      default:
        return false;
    }
  }

  private boolean startsLiteral() {
    Token t = peek();
    switch (t.kind) {
      case STRING:
      case BYTES:
      case NUMBER:
        return true;
      case OP:
        return (t.text.equals("-") || t.text.equals("+")) && peek(1).kind == Kind.NUMBER;
      case WORD:
        return t.is("true") || t.is("false") || (typed(t) && peek(1).kind == Kind.STRING);
      default:
        return false;
    }
  }

  private static boolean typed(Token t) {
    return t.is("date") || t.is("time") || t.is("timestamp") || t.is("timestamptz") || t.is("uuid");
  }

  /** A literal: a Java value Iceberg's {@code Literals.from} takes, or an Iceberg literal. */
  private Object literal() {
    Token t = peek();
    if (t.is("null")) {
      throw error(t, "null is not a value to compare with; use 'is null' or 'is not null'");
    }
    expect(
        startsLiteral(),
        "expected a literal (a number, 'string', true, false, date '...', timestamp '...', ...)");
    next++;
    switch (t.kind) {
      case STRING:
        return unquote(t.text, '\'');
      case BYTES:
        return bytes(t);
      case NUMBER:
        return number(t, t.text);
      case OP:
        Token digits = peek();
        next++;
        return number(digits, t.text + digits.text);
      default:
        break;
    }
    if (t.is("true") || t.is("false")) {
      return t.is("true");
    }
    Token value = peek();
    next++;
    String text = unquote(value.text, '\'');
    String type = t.text.toLowerCase(Locale.ROOT);
    try {
      switch (type) {
        case "date":
          return Literal.of(LocalDate.parse(text).toString()).to(Types.DateType.get());
        case "time":
          return Literal.of(LocalTime.parse(text).format(DateTimeFormatter.ISO_LOCAL_TIME))
              .to(Types.TimeType.get());
        case "uuid":
          if (!UUID_TEXT.matcher(text).matches()) {
            throw error(
                value, "invalid uuid '" + text + "': expected 8-4-4-4-12 hexadecimal digits");
          }
          return UUID.fromString(text);
        default:
          return timestamp(text, type.equals("timestamptz"));
      }
    } catch (DateTimeParseException e) {
      throw error(
          value,
          "invalid "
              + type
              + " '"
              + text
              + "': expected "
              + (type.equals("date")
                  ? "yyyy-mm-dd"
                  : type.equals("time")
                      ? "hh:mm[:ss[.fraction]]"
                      : "yyyy-mm-dd[ hh:mm[:ss[.fraction]]][offset]"));
    }
  }

  private static Literal<?> timestamp(String text, boolean withZone) {
    TemporalAccessor parsed = TIMESTAMP.parse(text.trim());
    LocalDate date = LocalDate.from(parsed);
    LocalTime time =
        parsed.isSupported(ChronoField.HOUR_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
    LocalDateTime local = LocalDateTime.of(date, time);
    boolean nanos = local.getNano() % 1000 != 0;
    if (withZone || parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      ZoneOffset offset =
          parsed.isSupported(ChronoField.OFFSET_SECONDS)
              ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
              : ZoneOffset.UTC;
      String iso = OffsetDateTime.of(local, offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return Literal.of(iso)
          .to(nanos ? Types.TimestampNanoType.withZone() : Types.TimestampType.withZone());
    }
    String iso = local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    return Literal.of(iso)
        .to(nanos ? Types.TimestampNanoType.withoutZone() : Types.TimestampType.withoutZone());
  }

  private Object number(Token at, String text) {
    try {
      if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
          throw error(at, "number " + text + " is too large for a double");
        }
        return value;
      }
      BigDecimal value = new BigDecimal(text);
      if (text.indexOf('.') < 0) {
        try {
          return value.longValueExact();
        } catch (ArithmeticException e) {
          return value;
        }
      }
      return value;
    } catch (NumberFormatException e) {
      throw error(at, "invalid number " + text);
    }
  }

  private ByteBuffer bytes(Token t) {
    String hex = t.text.substring(2, t.text.length() - 1);
    if (hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw error(t, "invalid binary literal: x'...' needs an even number of hexadecimal digits");
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return ByteBuffer.wrap(out);
  }

  private static String unquote(String quoted, char quote) {
    String q = String.valueOf(quote);
    return quoted.substring(1, quoted.length() - 1).replace(q + q, q);
  }

  // ---- tokens

  private Token peek() {
    return peek(0);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(next + ahead, tokens.size() - 1));
  }

  private boolean accept(String keyword) {
    if (peek().is(keyword)) {
      next++;
      return true;
    }
    return false;
  }

  private void expect(boolean ok, String expected) {
    if (!ok) {
      throw error(peek(), expected);
    }
  }

  private List<Token> tokenize() {
    List<Token> out = new ArrayList<>();
    String s = source;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if ((c == 'x' || c == 'X') && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
        i = closing(i + 1, '\'');
        out.add(new Token(Kind.BYTES, s.substring(start, i), start, i));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < s.length()
            && (Character.isLetterOrDigit(s.charAt(i))
                || s.charAt(i) == '_'
                || s.charAt(i) == '$')) {
          i++;
        }
        out.add(new Token(Kind.WORD, s.substring(start, i), start, i));
      } else if (c == '\'' || c == '"') {
        i = closing(i, c);
        out.add(
            new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_NAME, s.substring(start, i), start, i));
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        i = number(i);
        out.add(new Token(Kind.NUMBER, s.substring(start, i), start, i));
      } else if (c == '(' || c == ')' || c == ',' || c == '.') {
        i++;
        Kind kind =
            c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : c == ',' ? Kind.COMMA : Kind.DOT;
        out.add(new Token(kind, String.valueOf(c), start, i));
      } else {
        String op = operator(i);
        if (op == null) {
          throw error(
              new Token(Kind.OP, String.valueOf(c), start, start + 1),
              "this character is not part of the filter grammar");
        }
        i += op.length();
        out.add(new Token(Kind.OP, op, start, i));
      }
    }
    out.add(new Token(Kind.END, "", s.length(), s.length()));
    return out;
  }

  /** The end of a quoted token starting at {@code open}; a doubled quote stands for itself. */
  private int closing(int open, char quote) {
    int i = open + 1;
    while (i < source.length()) {
      if (source.charAt(i) == quote) {
        if (i + 1 < source.length() && source.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    throw error(
        new Token(Kind.STRING, source.substring(open), open, source.length()),
        "unterminated " + (quote == '"' ? "quoted name" : "string") + ": missing closing " + quote);
  }

  private int number(int i) {
    String s = source;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int e = i + 1;
      if (e < s.length() && (s.charAt(e) == '+' || s.charAt(e) == '-')) {
        e++;
      }
      if (e < s.length() && Character.isDigit(s.charAt(e))) {
        i = e;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
      }
    }
    return i;
  }

  private String operator(int i) {
    for (String op : new String[] {"<=", ">=", "<>", "!=", "==", "=", "<", ">", "-", "+"}) {
      if (source.startsWith(op, i)) {
        return op;
      }
    }
    return null;
  }

  // ---- errors

  private ValidationException error(Token at, String problem) {
    return ReadErrors.filterSyntax(table, source, at.start, at.shown(), problem);
  }
}
