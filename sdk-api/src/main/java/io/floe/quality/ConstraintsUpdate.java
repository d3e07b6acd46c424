package io.floe.quality;

/**
 * Changes a table's rules: a pending operation, used once. Each rule is checked against the table's
 * schema when it is added (unknown column, bound of another type, pattern on a non-string column: a
 * {@link io.floe.ValidationException} naming the table and column); {@link #commit()} stores the
 * rules in the table property {@value TableConstraints#PROPERTY}, retrying on concurrent commits.
 * Not thread-safe.
 *
 * <pre>{@code
 * table.updateConstraints()
 *     .add(Constraint.notNull("id"))
 *     .add(Constraint.unique("id"))
 *     .mode(QualityMode.REJECT)
 *     .commit();
 * }</pre>
 */
public interface ConstraintsUpdate {
  /**
   * Adds a rule.
   *
   * @param constraint the rule
   * @return this update
   * @throws io.floe.ValidationException when the rule does not fit the table's schema
   * @throws IllegalArgumentException when the table already has a rule of that name
   * @throws NullPointerException when constraint is null
   */
  ConstraintsUpdate add(Constraint constraint);

  /**
   * Removes a rule by name.
   *
   * @param name the rule's name
   * @return this update
   * @throws io.floe.NotFoundException when the table has no rule of that name
   */
  ConstraintsUpdate remove(String name);

  /**
   * Removes every rule.
   *
   * @return this update
   */
  ConstraintsUpdate removeAll();

  /**
   * Sets what writes do with rows that break a rule.
   *
   * @param mode the mode
   * @return this update
   */
  ConstraintsUpdate mode(QualityMode mode);

  /**
   * Sends quarantined rows to a table of this name instead of {@code <table>}{@value
   * TableConstraints#QUARANTINE_SUFFIX}; Floe creates it at the first quarantined row.
   *
   * @param tableName the quarantine table's full name, in the same catalog
   * @return this update
   */
  ConstraintsUpdate quarantineTable(String tableName);

  /**
   * Shows at most this many characters of a bad value in messages and quarantine reasons.
   *
   * @param chars the count, at least 1 ({@value TableConstraints#DEFAULT_VALUE_CHARS} by default)
   * @return this update
   * @throws IllegalArgumentException when chars is less than 1
   */
  ConstraintsUpdate showValues(int chars);

  /**
   * Shows no bad value in messages and quarantine reasons ({@code ***} instead); the quarantined
   * row itself keeps its values.
   *
   * @return this update
   */
  ConstraintsUpdate maskValues();

  /**
   * The rules as they would be after the commit, without committing.
   *
   * @return the rules
   */
  TableConstraints apply();

  /**
   * Stores the rules with the table.
   *
   * @return the rules stored
   * @throws io.floe.CommitConflictException when retries are exhausted; nothing changed
   * @throws IllegalStateException when the update was already committed
   */
  TableConstraints commit();
}
