package io.floe.avro;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.iceberg.UpdateSchema;

/**
 * The Iceberg schema changes that make a table accept data of a new Avro schema, and the problems
 * that prevent it. Made by {@link AvroSchemaEvolution#plan}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * EvolutionPlan plan = AvroSchemaEvolution.plan(table.schema(), newAvroSchema);
 * if (plan.isApplicable()) {
 *   AvroSchemaEvolution.apply(table, newAvroSchema);
 * } else {
 *   plan.problems().forEach(System.out::println);
 * }
 * }</pre>
 */
public final class EvolutionPlan {

  /** What a change does. */
  public enum Kind {
    /** Adds a column (optional, or required with a default). */
    ADD_COLUMN,
    /** Renames a column matched by field id. */
    RENAME_COLUMN,
    /** Widens a column's type (int to long, float to double, wider decimal). */
    WIDEN_TYPE,
    /** Makes a required column optional. */
    MAKE_OPTIONAL,
    /** Changes a column's documentation. */
    UPDATE_DOC
  }

  /**
   * One schema change.
   *
   * @param kind what the change does
   * @param column the dotted name of the column in the current schema (for an added column, its
   *     name in the new schema)
   * @param detail a human-readable description
   */
  public record Change(Kind kind, String column, String detail) {
    /**
     * Checks the values.
     *
     * @param kind what the change does
     * @param column the dotted name of the column in the current schema (for an added column, its
     *     name in the new schema)
     * @param detail a human-readable description
     * @throws NullPointerException when a component is null
     */
    public Change {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
      return kind + " " + column + ": " + detail;
    }
  }

  /**
   * A reason the new Avro schema cannot be applied to the table.
   *
   * @param column the dotted name of the column at fault
   * @param reason what is wrong and how to fix it
   */
  public record Problem(String column, String reason) {
    /**
     * Checks the values.
     *
     * @param column the dotted name of the column at fault
     * @param reason what is wrong and how to fix it
     * @throws NullPointerException when a component is null
     */
    public Problem {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return column + ": " + reason;
    }
  }

  record Step(Change change, Consumer<UpdateSchema> operation) {}

  private final List<Step> steps;
  private final List<Problem> problems;

  EvolutionPlan(List<Step> steps, List<Problem> problems) {
    this.steps = List.copyOf(steps);
    this.problems = List.copyOf(problems);
  }

  /**
   * The changes to make, in the order they are applied.
   *
   * @return the changes; empty when the table already accepts the Avro schema
   */
  public List<Change> changes() {
    return steps.stream().map(Step::change).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The problems that prevent applying the Avro schema.
   *
   * @return the problems; empty when the plan can be applied
   */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Whether the plan can be applied.
   *
   * @return true when there is no problem
   */
  public boolean isApplicable() {
    return problems.isEmpty();
  }

  /**
   * Adds the changes to a pending Iceberg schema update; the caller commits it.
   *
   * @param update the update, from the table's {@code updateSchema()}
   * @throws IllegalStateException when the plan has problems
   */
  public void applyTo(UpdateSchema update) {
    Objects.requireNonNull(update, "update");
    if (!isApplicable()) {
      throw new IllegalStateException(
          "The evolution plan has problems and cannot be applied: " + problems);
    }
    for (Step step : steps) {
      step.operation().accept(update);
    }
  }

  @Override
  public String toString() {
    return "EvolutionPlan{changes=" + changes() + ", problems=" + problems + "}";
  }
}
