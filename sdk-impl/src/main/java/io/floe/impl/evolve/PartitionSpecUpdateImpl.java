package io.floe.impl.evolve;

import io.floe.PartitionSpecUpdate;
import io.floe.ValidationException;
import io.floe.impl.spi.Errors;
import java.util.Objects;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.expressions.Term;

/** {@link PartitionSpecUpdate} over Iceberg's {@link UpdatePartitionSpec}. */
public final class PartitionSpecUpdateImpl implements PartitionSpecUpdate {
  private final String name;
  private final Table table;
  private final UpdatePartitionSpec update;
  private final long started = System.nanoTime();
  private boolean committed;

  /**
   * Starts a spec update.
   *
   * @param name the table's full name
   * @param table the table
   */
  public PartitionSpecUpdateImpl(String name, Table table) {
    this.name = name;
    this.table = table;
    this.update = table.updateSpec();
  }

  private PartitionSpecUpdate change(String field, Runnable action) {
    if (committed) {
      throw Errors.alreadyDone("Partition spec update of " + name, "committed");
    }
    try {
      action.run();
    } catch (IllegalArgumentException
        | IllegalStateException
        | org.apache.iceberg.exceptions.ValidationException e) {
      throw invalid(field, e);
    }
    return this;
  }

  private ValidationException invalid(String field, RuntimeException e) {
    return EvolveErrors.invalidSpecChange(name, field, table.spec().fields(), e);
  }

  @Override
  public PartitionSpecUpdate addField(String sourceColumn) {
    Objects.requireNonNull(sourceColumn, "sourceColumn");
    return change(sourceColumn, () -> update.addField(sourceColumn));
  }

  @Override
  public PartitionSpecUpdate addField(Term transform) {
    Objects.requireNonNull(transform, "transform");
    return change(transform.toString(), () -> update.addField(transform));
  }

  @Override
  public PartitionSpecUpdate addField(String fieldName, Term transform) {
    Objects.requireNonNull(fieldName, "name");
    Objects.requireNonNull(transform, "transform");
    return change(fieldName, () -> update.addField(fieldName, transform));
  }

  @Override
  public PartitionSpecUpdate removeField(String fieldName) {
    Objects.requireNonNull(fieldName, "name");
    return change(fieldName, () -> update.removeField(fieldName));
  }

  @Override
  public PartitionSpecUpdate removeField(Term transform) {
    Objects.requireNonNull(transform, "transform");
    return change(transform.toString(), () -> update.removeField(transform));
  }

  @Override
  public PartitionSpecUpdate renameField(String fieldName, String newName) {
    Objects.requireNonNull(fieldName, "name");
    Objects.requireNonNull(newName, "newName");
    return change(fieldName, () -> update.renameField(fieldName, newName));
  }

  @Override
  public PartitionSpec apply() {
    try {
      return update.apply();
    } catch (IllegalArgumentException
        | IllegalStateException
        | org.apache.iceberg.exceptions.ValidationException e) {
      throw invalid(null, e);
    }
  }

  @Override
  public io.floe.UpdateResult commit() {
    if (committed) {
      throw Errors.alreadyDone("Partition spec update of " + name, "committed");
    }
    committed = true;
    try {
      update.commit();
    } catch (IllegalArgumentException
        | IllegalStateException
        | org.apache.iceberg.exceptions.ValidationException e) {
      throw invalid(null, e);
    } catch (RuntimeException e) {
      throw Errors.translate(name, e);
    }
    return UpdateResults.of(name, table, started);
  }
}
