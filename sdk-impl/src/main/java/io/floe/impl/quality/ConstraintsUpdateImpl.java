package io.floe.impl.quality;

import io.floe.NotFoundException;
import io.floe.impl.spi.Errors;
import io.floe.quality.Constraint;
import io.floe.quality.ConstraintsUpdate;
import io.floe.quality.QualityMode;
import io.floe.quality.TableConstraints;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.iceberg.Table;

/**
 * Changes a table's rules. The changes are kept as steps and replayed on the table's latest rules
 * at commit, so a concurrent change to other rules is kept. Not thread-safe; used once.
 */
public final class ConstraintsUpdateImpl implements ConstraintsUpdate {
  private final String name;
  private final Table table;
  private final List<UnaryOperator<TableConstraints>> steps = new ArrayList<>();
  private boolean committed;

  /**
   * Starts a change.
   *
   * @param name the table's full name
   * @param table the table
   */
  public ConstraintsUpdateImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  /**
   * The rules stored with a table.
   *
   * @param name the table's full name
   * @param table the table
   * @return the rules
   */
  public static TableConstraints current(String name, Table table) {
    return ConstraintsJson.fromJson(name, table.properties().get(TableConstraints.PROPERTY));
  }

  /**
   * Checks stored rules (the property's JSON) against a schema, as {@link #add} checks each rule.
   *
   * @param name the table's full name
   * @param schema the table's schema
   * @param json the property's value
   * @throws io.floe.ValidationException naming the table (and column) when they do not fit
   */
  public static void validate(String name, org.apache.iceberg.Schema schema, String json) {
    TableConstraints rules = ConstraintsJson.fromJson(name, json);
    for (Constraint c : rules.constraints()) {
      if (c.kind() == Constraint.Kind.UNIQUE) {
        Rules.keyAccessors(name, schema, c);
      } else {
        Rules.compile(name, schema, c);
      }
    }
  }

  private ConstraintsUpdate step(UnaryOperator<TableConstraints> step) {
    if (committed) {
      throw Errors.alreadyDone("Constraints update of " + name, "committed");
    }
    // fail at the call, with the offending rule, not at commit
    step.apply(apply());
    steps.add(step);
    return this;
  }

  private static TableConstraints with(
      TableConstraints rules, List<Constraint> constraints, QualityMode mode) {
    return TableConstraints.of(
        constraints, mode, rules.quarantineTable().orElse(null), rules.valueChars());
  }

  @Override
  public ConstraintsUpdate add(Constraint constraint) {
    Objects.requireNonNull(constraint, "constraint");
    return step(
        rules -> {
          if (constraint.kind() == Constraint.Kind.UNIQUE) {
            Rules.keyAccessors(name, table.schema(), constraint);
          } else {
            Rules.compile(name, table.schema(), constraint);
          }
          if (rules.find(constraint.name()).isPresent()) {
            throw new IllegalArgumentException(
                "Table "
                    + name
                    + " already has a constraint named "
                    + constraint.name()
                    + "; remove it first or name the new one with Constraint.named(...)");
          }
          List<Constraint> list = new ArrayList<>(rules.constraints());
          list.add(constraint);
          return with(rules, list, rules.mode());
        });
  }

  @Override
  public ConstraintsUpdate remove(String ruleName) {
    Objects.requireNonNull(ruleName, "name");
    return step(
        rules -> {
          if (rules.find(ruleName).isEmpty()) {
            throw new NotFoundException(
                "Table "
                    + name
                    + " has no constraint named "
                    + ruleName
                    + "; its constraints: "
                    + rules.constraints().stream().map(Constraint::name).toList(),
                name,
                null,
                null,
                null);
          }
          List<Constraint> list = new ArrayList<>(rules.constraints());
          list.removeIf(c -> c.name().equals(ruleName));
          return with(rules, list, rules.mode());
        });
  }

  @Override
  public ConstraintsUpdate removeAll() {
    return step(rules -> with(rules, List.of(), rules.mode()));
  }

  @Override
  public ConstraintsUpdate mode(QualityMode mode) {
    Objects.requireNonNull(mode, "mode");
    return step(rules -> with(rules, rules.constraints(), mode));
  }

  @Override
  public ConstraintsUpdate quarantineTable(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    if (tableName.isBlank()) {
      throw new IllegalArgumentException("The quarantine table's name must not be blank");
    }
    return step(
        rules ->
            TableConstraints.of(rules.constraints(), rules.mode(), tableName, rules.valueChars()));
  }

  @Override
  public ConstraintsUpdate showValues(int chars) {
    if (chars < 1) {
      throw new IllegalArgumentException("Value characters must be at least 1, got " + chars);
    }
    return step(
        rules ->
            TableConstraints.of(
                rules.constraints(), rules.mode(), rules.quarantineTable().orElse(null), chars));
  }

  @Override
  public ConstraintsUpdate maskValues() {
    return step(
        rules ->
            TableConstraints.of(
                rules.constraints(), rules.mode(), rules.quarantineTable().orElse(null), 0));
  }

  @Override
  public TableConstraints apply() {
    TableConstraints rules = current(name, table);
    for (UnaryOperator<TableConstraints> step : steps) {
      rules = step.apply(rules);
    }
    return rules;
  }

  @Override
  public TableConstraints commit() {
    if (committed) {
      throw Errors.alreadyDone("Constraints update of " + name, "committed");
    }
    committed = true;
    return Errors.translate(
        name,
        () -> {
          table.refresh();
          TableConstraints rules = apply();
          if (rules.isEmpty()
              && rules.mode() == QualityMode.REJECT
              && rules.quarantineTable().isEmpty()) {
            table.updateProperties().remove(TableConstraints.PROPERTY).commit();
          } else {
            table
                .updateProperties()
                .set(TableConstraints.PROPERTY, ConstraintsJson.toJson(rules))
                .commit();
          }
          return rules;
        });
  }
}
