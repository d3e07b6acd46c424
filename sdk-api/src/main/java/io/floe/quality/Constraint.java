package io.floe.quality;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * One rule every row written to a table must follow, stored with the table in its {@link
 * TableConstraints}. Immutable and thread-safe.
 *
 * <p>Rules on one column let nulls pass (as SQL's {@code CHECK} does), except {@link
 * #notNull(String)}. Bounds and allowed values are given as Java values Iceberg's literals take
 * ({@code Integer}, {@code Long}, {@code Double}, {@code String}, {@code BigDecimal}, {@code
 * Boolean}, {@code UUID}); dates and timestamps as ISO strings such as {@code "2024-01-31"}. They
 * are checked against the table's schema when the rule is added. Each rule has a name, unique
 * within the table: by default {@code kind(column)} (such as {@code range(amount)}), or one given
 * with {@link #named(String)}.
 *
 * <pre>{@code
 * Constraint.between("amount", 0L, 1_000_000L);
 * Constraint.allowedValues("status", "new", "paid", "shipped");
 * Constraint.check("shipped_after_ordered", Expressions.notNull("ordered_at")).named("ordered");
 * }</pre>
 */
public final class Constraint {
  /** The kinds of rule. */
  public enum Kind {
    /** The column has a value in every row. */
    NOT_NULL("not_null"),
    /** The column's values lie within bounds. */
    RANGE("range"),
    /** The column's values are among a fixed set. */
    ALLOWED_VALUES("allowed_values"),
    /** The string column's values match a regular expression (the whole value). */
    PATTERN("pattern"),
    /** The string column's values have a length (in characters) within bounds. */
    LENGTH("length"),
    /** The key columns' values appear at most once among the rows of one write. */
    UNIQUE("unique"),
    /** A custom Iceberg expression every row satisfies. */
    CHECK("check");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /**
     * The kind's name in the stored JSON and in default rule names, such as {@code not_null}.
     *
     * @return the label
     */
    public String label() {
      return label;
    }

    /**
     * The kind with a label.
     *
     * @param label a label as {@link #label()} gives it
     * @return the kind
     * @throws IllegalArgumentException when no kind has that label
     */
    public static Kind fromLabel(String label) {
      for (Kind kind : values()) {
        if (kind.label.equals(label)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("Unknown constraint kind: " + label);
    }
  }

  private final String name;
  private final Kind kind;
  private final List<String> columns;
  private final Expression expression;
  private final String pattern;
  private final Integer minLength;
  private final Integer maxLength;
  private final boolean tableWide;

  private Constraint(
      String name,
      Kind kind,
      List<String> columns,
      Expression expression,
      String pattern,
      Integer minLength,
      Integer maxLength) {
    this(name, kind, columns, expression, pattern, minLength, maxLength, false);
  }

  private Constraint(
      String name,
      Kind kind,
      List<String> columns,
      Expression expression,
      String pattern,
      Integer minLength,
      Integer maxLength,
      boolean tableWide) {
    this.tableWide = tableWide;
    this.name = name;
    this.kind = kind;
    this.columns = List.copyOf(columns);
    this.expression = expression;
    this.pattern = pattern;
    this.minLength = minLength;
    this.maxLength = maxLength;
  }

  private static Constraint onColumn(Kind kind, String column, Expression expression) {
    requireColumn(column);
    return new Constraint(
        kind.label + "(" + column + ")", kind, List.of(column), expression, null, null, null);
  }

  private static void requireColumn(String column) {
    Objects.requireNonNull(column, "column");
    if (column.isBlank()) {
      throw new IllegalArgumentException("A constraint's column name must not be blank");
    }
  }

  private static Object value(Object value, String what) {
    return Objects.requireNonNull(value, what);
  }

  /**
   * A column that must have a value in every row, also where the schema lets it be null.
   *
   * @param column the column's name
   * @return the rule
   * @throws NullPointerException when column is null
   */
  public static Constraint notNull(String column) {
    return onColumn(Kind.NOT_NULL, column, Expressions.notNull(column));
  }

  /**
   * Values between two bounds, both included.
   *
   * @param column the column's name
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the rule
   * @throws NullPointerException when an argument is null
   */
  public static Constraint between(String column, Object min, Object max) {
    return onColumn(
        Kind.RANGE,
        column,
        Expressions.and(
            Expressions.greaterThanOrEqual(column, value(min, "min")),
            Expressions.lessThanOrEqual(column, value(max, "max"))));
  }

  /**
   * Values at least a bound (included).
   *
   * @param column the column's name
   * @param min the smallest value allowed
   * @return the rule
   * @throws NullPointerException when an argument is null
   */
  public static Constraint atLeast(String column, Object min) {
    return onColumn(Kind.RANGE, column, Expressions.greaterThanOrEqual(column, value(min, "min")));
  }

  /**
   * Values above a bound (excluded).
   *
   * @param column the column's name
   * @param bound the bound, itself not allowed
   * @return the rule
   * @throws NullPointerException when an argument is null
   */
  public static Constraint greaterThan(String column, Object bound) {
    return onColumn(Kind.RANGE, column, Expressions.greaterThan(column, value(bound, "bound")));
  }

  /**
   * Values at most a bound (included).
   *
   * @param column the column's name
   * @param max the largest value allowed
   * @return the rule
   * @throws NullPointerException when an argument is null
   */
  public static Constraint atMost(String column, Object max) {
    return onColumn(Kind.RANGE, column, Expressions.lessThanOrEqual(column, value(max, "max")));
  }

  /**
   * Values below a bound (excluded).
   *
   * @param column the column's name
   * @param bound the bound, itself not allowed
   * @return the rule
   * @throws NullPointerException when an argument is null
   */
  public static Constraint lessThan(String column, Object bound) {
    return onColumn(Kind.RANGE, column, Expressions.lessThan(column, value(bound, "bound")));
  }

  /**
   * Values among a fixed set.
   *
   * @param column the column's name
   * @param values the values allowed, at least one
   * @return the rule
   * @throws NullPointerException when an argument or value is null
   * @throws IllegalArgumentException when no value is given
   */
  public static Constraint allowedValues(String column, Object... values) {
    return allowedValues(column, List.of(values));
  }

  /**
   * Values among a fixed set.
   *
   * @param column the column's name
   * @param values the values allowed, at least one
   * @return the rule
   * @throws NullPointerException when an argument or value is null
   * @throws IllegalArgumentException when no value is given
   */
  public static Constraint allowedValues(String column, Collection<?> values) {
    Objects.requireNonNull(values, "values");
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "Allowed values of " + column + " need at least one value");
    }
    List<Object> copy = new ArrayList<>();
    for (Object v : values) {
      copy.add(value(v, "value"));
    }
    return onColumn(Kind.ALLOWED_VALUES, column, Expressions.in(column, copy));
  }

  /**
   * String values that match a regular expression as a whole ({@link
   * java.util.regex.Matcher#matches()}).
   *
   * @param column the string column's name
   * @param regex the regular expression, in {@link Pattern}'s syntax
   * @return the rule
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the regular expression does not compile
   */
  public static Constraint matches(String column, String regex) {
    requireColumn(column);
    Objects.requireNonNull(regex, "regex");
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "The pattern for " + column + " is not a valid regular expression: " + e.getMessage(), e);
    }
    return new Constraint(
        Kind.PATTERN.label + "(" + column + ")",
        Kind.PATTERN,
        List.of(column),
        null,
        regex,
        null,
        null);
  }

  /**
   * String values whose length in characters (code points) lies within bounds, both included.
   *
   * @param column the string column's name
   * @param min the shortest length allowed, at least 0
   * @param max the longest length allowed, at least {@code min}
   * @return the rule
   * @throws NullPointerException when column is null
   * @throws IllegalArgumentException when the bounds are negative or reversed
   */
  public static Constraint length(String column, int min, int max) {
    requireColumn(column);
    if (min < 0 || max < min) {
      throw new IllegalArgumentException(
          "Length bounds of " + column + " must satisfy 0 <= min <= max, got " + min + ", " + max);
    }
    return new Constraint(
        Kind.LENGTH.label + "(" + column + ")", Kind.LENGTH, List.of(column), null, null, min, max);
  }

  /**
   * Key columns whose values (taken together) appear at most once among the rows of one write. Rows
   * with a null key column are not compared.
   *
   * @param columns the key columns, at least one
   * @return the rule
   * @throws NullPointerException when a column is null
   * @throws IllegalArgumentException when no column is given
   */
  public static Constraint unique(String... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("A unique constraint needs at least one column");
    }
    for (String column : columns) {
      requireColumn(column);
    }
    return new Constraint(
        Kind.UNIQUE.label + "(" + String.join(",", columns) + ")",
        Kind.UNIQUE,
        List.of(columns),
        null,
        null,
        null,
        null);
  }

  /**
   * A key column (long or int) whose values appear at most once in the table: among the rows of a
   * write and against the rows already in the table. Checking against the table is cheap when the
   * write's keys lie outside the key ranges of the table's data files (Iceberg's column bounds,
   * read from the manifests): new ids above the largest one cost nothing. The first key that falls
   * within a file's range loads the table's keys once (a scan of the one column, deletes applied).
   * Two writers committing the same new key at the same time are not detected.
   *
   * @param column the key column
   * @return the rule, named {@code unique_in_table(column)}
   * @throws NullPointerException when column is null
   */
  public static Constraint uniqueInTable(String column) {
    requireColumn(column);
    return new Constraint(
        "unique_in_table(" + column + ")",
        Kind.UNIQUE,
        List.of(column),
        null,
        null,
        null,
        null,
        true);
  }

  /**
   * Whether a {@link Kind#UNIQUE} rule also holds against the rows already in the table (see {@link
   * #uniqueInTable(String)}).
   *
   * @return true for table-wide uniqueness
   */
  public boolean tableWide() {
    return tableWide;
  }

  /**
   * This {@link Kind#UNIQUE} rule held against the rows already in the table too; for Floe's
   * implementation reading a table's rules.
   *
   * @return a copy that is table-wide
   * @throws IllegalStateException when the rule is not a unique rule on one column
   */
  public Constraint acrossTable() {
    if (kind != Kind.UNIQUE || columns.size() != 1) {
      throw new IllegalStateException(
          "Only a unique rule on one column can hold across the table: " + name);
    }
    return new Constraint(name, kind, columns, expression, pattern, minLength, maxLength, true);
  }

  /**
   * A custom rule: an Iceberg expression every row must satisfy. A row fails when the expression is
   * false for it; as in Iceberg, a comparison with a null value is false, so write {@code
   * or(isNull(c), ...)} to let nulls pass.
   *
   * @param name the rule's name
   * @param expression the expression, over the table's columns
   * @return the rule
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the name is blank
   */
  public static Constraint check(String name, Expression expression) {
    Objects.requireNonNull(expression, "expression");
    return new Constraint(checkName(name), Kind.CHECK, List.of(), expression, null, null, null);
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("A constraint's name must not be blank");
    }
    return name;
  }

  /**
   * This rule under another name.
   *
   * @param newName the name, unique within the table's rules
   * @return a copy with that name
   * @throws NullPointerException when newName is null
   * @throws IllegalArgumentException when newName is blank
   */
  public Constraint named(String newName) {
    return new Constraint(
        checkName(newName), kind, columns, expression, pattern, minLength, maxLength, tableWide);
  }

  /**
   * The rule's name, unique within the table's rules.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The kind of rule.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The columns the rule is on: one for column rules, the key for {@link Kind#UNIQUE}, none for
   * {@link Kind#CHECK}.
   *
   * @return the column names, never null
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * The rule's column, for rules on one column.
   *
   * @return the column, or empty for unique keys over several columns and checks
   */
  public Optional<String> column() {
    return columns.size() == 1 ? Optional.of(columns.get(0)) : Optional.empty();
  }

  /**
   * The expression a row must satisfy, for {@link Kind#NOT_NULL}, {@link Kind#RANGE}, {@link
   * Kind#ALLOWED_VALUES} and {@link Kind#CHECK}.
   *
   * @return the (unbound) expression, or empty for other kinds
   */
  public Optional<Expression> expression() {
    return Optional.ofNullable(expression);
  }

  /**
   * The regular expression of a {@link Kind#PATTERN} rule.
   *
   * @return the regular expression, or empty for other kinds
   */
  public Optional<String> pattern() {
    return Optional.ofNullable(pattern);
  }

  /**
   * The shortest length allowed by a {@link Kind#LENGTH} rule.
   *
   * @return the length, or empty for other kinds
   */
  public OptionalInt minLength() {
    return minLength == null ? OptionalInt.empty() : OptionalInt.of(minLength);
  }

  /**
   * The longest length allowed by a {@link Kind#LENGTH} rule.
   *
   * @return the length, or empty for other kinds
   */
  public OptionalInt maxLength() {
    return maxLength == null ? OptionalInt.empty() : OptionalInt.of(maxLength);
  }

  /**
   * Rebuilds a rule from its parts, as stored; for Floe's implementation reading a table's rules.
   *
   * @param name the name
   * @param kind the kind
   * @param columns the columns
   * @param expression the expression, or null
   * @param pattern the regular expression, or null
   * @param minLength the shortest length, or null
   * @param maxLength the longest length, or null
   * @return the rule
   * @throws NullPointerException when name, kind or columns is null
   */
  public static Constraint restore(
      String name,
      Kind kind,
      List<String> columns,
      Expression expression,
      String pattern,
      Integer minLength,
      Integer maxLength) {
    return new Constraint(
        checkName(name),
        Objects.requireNonNull(kind, "kind"),
        Objects.requireNonNull(columns, "columns"),
        expression,
        pattern,
        minLength,
        maxLength);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Constraint c
        && name.equals(c.name)
        && kind == c.kind
        && columns.equals(c.columns)
        && String.valueOf(expression).equals(String.valueOf(c.expression))
        && Objects.equals(pattern, c.pattern)
        && Objects.equals(minLength, c.minLength)
        && Objects.equals(maxLength, c.maxLength)
        && tableWide == c.tableWide;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, columns, pattern, minLength, maxLength);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(name).append(": ").append(kind.label);
    if (!columns.isEmpty()) {
      s.append(' ').append(columns);
    }
    if (expression != null) {
      s.append(' ').append(expression);
    }
    if (pattern != null) {
      s.append(" /").append(pattern).append('/');
    }
    if (tableWide) {
      s.append(" in table");
    }
    if (minLength != null) {
      s.append(" length ").append(minLength).append("..").append(maxLength);
    }
    return s.toString();
  }
}
