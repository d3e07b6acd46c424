package io.floe.quality;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table's rules and how its writes enforce them, as stored in its table property {@value
 * #PROPERTY}. Immutable and thread-safe.
 *
 * <pre>{@code
 * TableConstraints rules = table.constraints();
 * rules.find("range(amount)").ifPresent(System.out::println);
 * }</pre>
 */
public final class TableConstraints {
  /**
   * The table property holding a table's rules, as versioned JSON (see {@code docs/quality.md}).
   */
  public static final String PROPERTY = "floe.constraints";

  /** The suffix of a quarantine table's default name: {@code <table>__quarantine}. */
  public static final String QUARANTINE_SUFFIX = "__quarantine";

  /** How many characters of a bad value messages show by default. */
  public static final int DEFAULT_VALUE_CHARS = 32;

  private static final TableConstraints NONE =
      new TableConstraints(List.of(), QualityMode.REJECT, null, DEFAULT_VALUE_CHARS);

  private final List<Constraint> constraints;
  private final QualityMode mode;
  private final String quarantineTable;
  private final int valueChars;

  private TableConstraints(
      List<Constraint> constraints, QualityMode mode, String quarantineTable, int valueChars) {
    this.constraints = List.copyOf(constraints);
    this.mode = mode;
    this.quarantineTable = quarantineTable;
    this.valueChars = valueChars;
  }

  /**
   * No rules (a table without the property).
   *
   * @return the empty rules, in {@link QualityMode#REJECT} mode
   */
  public static TableConstraints none() {
    return NONE;
  }

  /**
   * Rules as given.
   *
   * @param constraints the rules, names unique
   * @param mode what writes do with bad rows
   * @param quarantineTable the quarantine table's full name, or null for the default
   * @param valueChars how many characters of a bad value messages show; 0 masks values
   * @return the rules
   * @throws NullPointerException when constraints or mode is null
   * @throws IllegalArgumentException when two rules share a name or valueChars is negative
   */
  public static TableConstraints of(
      List<Constraint> constraints, QualityMode mode, String quarantineTable, int valueChars) {
    Objects.requireNonNull(constraints, "constraints");
    Objects.requireNonNull(mode, "mode");
    if (valueChars < 0) {
      throw new IllegalArgumentException("Value characters must be at least 0, got " + valueChars);
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Constraint c : constraints) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException(
            "Two constraints are named "
                + c.name()
                + "; give one another name with Constraint.named(...)");
      }
    }
    return new TableConstraints(constraints, mode, quarantineTable, valueChars);
  }

  /**
   * The rules, in the order they were added.
   *
   * @return the rules, never null
   */
  public List<Constraint> constraints() {
    return constraints;
  }

  /**
   * Whether the table has no rules.
   *
   * @return true when there are none
   */
  public boolean isEmpty() {
    return constraints.isEmpty();
  }

  /**
   * A rule by name.
   *
   * @param name the rule's name
   * @return the rule, or empty when there is none of that name
   */
  public Optional<Constraint> find(String name) {
    Objects.requireNonNull(name, "name");
    return constraints.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * What writes do with rows that break a rule.
   *
   * @return the mode
   */
  public QualityMode mode() {
    return mode;
  }

  /**
   * The quarantine table's full name when one was configured.
   *
   * @return the name, or empty for the default {@code <table>}{@value #QUARANTINE_SUFFIX}
   */
  public Optional<String> quarantineTable() {
    return Optional.ofNullable(quarantineTable);
  }

  /**
   * How many characters of a bad value messages and quarantine reasons show.
   *
   * @return the count; 0 when values are masked
   */
  public int valueChars() {
    return valueChars;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableConstraints t
        && constraints.equals(t.constraints)
        && mode == t.mode
        && Objects.equals(quarantineTable, t.quarantineTable)
        && valueChars == t.valueChars;
  }

  @Override
  public int hashCode() {
    return Objects.hash(constraints, mode, quarantineTable, valueChars);
  }

  @Override
  public String toString() {
    return "TableConstraints{mode=" + mode + ", constraints=" + constraints + "}";
  }
}
