package io.floe.impl.evolve;

import io.floe.SortOrderUpdate;
import io.floe.impl.spi.Errors;
import java.util.Objects;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.ReplaceSortOrder;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Term;

/** {@link SortOrderUpdate} over Iceberg's {@link ReplaceSortOrder}. */
public final class SortOrderUpdateImpl implements SortOrderUpdate {
  private final String name;
  private final Table table;
  private final ReplaceSortOrder update;
  private final long started = System.nanoTime();
  private boolean committed;

  /**
   * Starts a sort order replacement.
   *
   * @param name the table's full name
   * @param table the table
   */
  public SortOrderUpdateImpl(String name, Table table) {
    this.name = name;
    this.table = table;
    this.update = table.replaceSortOrder();
  }

  private SortOrderUpdate change(String term, Runnable action) {
    if (committed) {
      throw Errors.alreadyDone("Sort order update of " + name, "committed");
    }
    try {
      action.run();
    } catch (IllegalArgumentException | org.apache.iceberg.exceptions.ValidationException e) {
      throw EvolveErrors.invalidSortTerm(
          name, term, table.schema().columns().stream().map(f -> f.name()).toList(), e);
    }
    return this;
  }

  @Override
  public SortOrderUpdate asc(String column) {
    Objects.requireNonNull(column, "column");
    return change(column, () -> update.asc(column));
  }

  @Override
  public SortOrderUpdate asc(Term term, NullOrder nullOrder) {
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(nullOrder, "nullOrder");
    return change(term.toString(), () -> update.asc(term, nullOrder));
  }

  @Override
  public SortOrderUpdate desc(String column) {
    Objects.requireNonNull(column, "column");
    return change(column, () -> update.desc(column));
  }

  @Override
  public SortOrderUpdate desc(Term term, NullOrder nullOrder) {
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(nullOrder, "nullOrder");
    return change(term.toString(), () -> update.desc(term, nullOrder));
  }

  @Override
  public SortOrder apply() {
    return Errors.translate(name, update::apply);
  }

  @Override
  public io.floe.UpdateResult commit() {
    if (committed) {
      throw Errors.alreadyDone("Sort order update of " + name, "committed");
    }
    committed = true;
    Errors.run(name, update::commit);
    return UpdateResults.of(name, table, started);
  }
}
