package io.floe.impl.evolve;

import io.floe.SchemaUpdate;
import io.floe.ValidationException;
import io.floe.impl.spi.Errors;
import java.util.Arrays;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;

/** {@link SchemaUpdate} over Iceberg's {@link UpdateSchema}, with Floe's errors. */
public final class SchemaUpdateImpl implements SchemaUpdate {
  private static final String WIDENING =
      "only widening is allowed (int to long, float to double, decimal(P,S) to decimal(P2,S) with P2 > P)";

  private final String name;
  private final Table table;
  private final UpdateSchema update;

  /** The columns renamed in this update, by their new full name (to name them in errors). */
  private final java.util.Map<String, String> renamedTo = new java.util.HashMap<>();

  private static final java.util.regex.Pattern DUPLICATE =
      java.util.regex.Pattern.compile("multiple fields for name (.+?): ");
  private final long started = System.nanoTime();
  private boolean committed;

  /**
   * Starts a schema update.
   *
   * @param name the table's full name
   * @param table the table
   */
  public SchemaUpdateImpl(String name, Table table) {
    this.name = name;
    this.table = table;
    this.update = table.updateSchema();
  }

  private SchemaUpdate change(String column, String hint, Runnable action) {
    if (committed) {
      throw Errors.alreadyDone("Schema update of " + name, "committed");
    }
    try {
      action.run();
    } catch (IllegalArgumentException
        | IllegalStateException
        | org.apache.iceberg.exceptions.ValidationException e) {
      throw invalid(column, hint, e);
    }
    return this;
  }

  private ValidationException invalid(String column, String hint, RuntimeException e) {
    return EvolveErrors.invalidSchemaChange(name, column, hint, e);
  }

  @Override
  public SchemaUpdate addColumn(String column, Type type) {
    Objects.requireNonNull(column, "name");
    Objects.requireNonNull(type, "type");
    return change(column, "choose another name", () -> update.addColumn(column, type));
  }

  @Override
  public SchemaUpdate addColumn(String column, Type type, String doc) {
    Objects.requireNonNull(column, "name");
    Objects.requireNonNull(type, "type");
    return change(column, "choose another name", () -> update.addColumn(column, type, doc));
  }

  @Override
  public SchemaUpdate addColumn(String parent, String column, Type type) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(column, "name");
    Objects.requireNonNull(type, "type");
    return change(
        parent + "." + column,
        "the parent must be an existing struct without a field of that name",
        () -> update.addColumn(parent, column, type));
  }

  @Override
  public SchemaUpdate deleteColumn(String column) {
    Objects.requireNonNull(column, "name");
    return change(column, null, () -> update.deleteColumn(column));
  }

  @Override
  public SchemaUpdate renameColumn(String column, String newName) {
    Objects.requireNonNull(column, "name");
    Objects.requireNonNull(newName, "newName");
    change(column, null, () -> update.renameColumn(column, newName));
    int dot = column.lastIndexOf('.');
    renamedTo.put(
        (dot < 0 ? "" : column.substring(0, dot + 1)) + newName,
        column); // renames stay in their struct
    return this;
  }

  @Override
  public SchemaUpdate updateColumn(String column, Type.PrimitiveType newType) {
    Objects.requireNonNull(column, "name");
    Objects.requireNonNull(newType, "newType");
    return change(column, WIDENING, () -> update.updateColumn(column, newType));
  }

  @Override
  public SchemaUpdate makeColumnOptional(String column) {
    Objects.requireNonNull(column, "name");
    return change(column, null, () -> update.makeColumnOptional(column));
  }

  @Override
  public SchemaUpdate updateColumnDoc(String column, String doc) {
    Objects.requireNonNull(column, "name");
    Objects.requireNonNull(doc, "doc");
    return change(column, null, () -> update.updateColumnDoc(column, doc));
  }

  @Override
  public SchemaUpdate moveFirst(String column) {
    Objects.requireNonNull(column, "name");
    return change(column, null, () -> update.moveFirst(column));
  }

  @Override
  public SchemaUpdate moveBefore(String column, String beforeName) {
    Objects.requireNonNull(column, "name");
    Objects.requireNonNull(beforeName, "beforeName");
    return change(
        column,
        "both columns must exist in the same struct",
        () -> update.moveBefore(column, beforeName));
  }

  @Override
  public SchemaUpdate moveAfter(String column, String afterName) {
    Objects.requireNonNull(column, "name");
    Objects.requireNonNull(afterName, "afterName");
    return change(
        column,
        "both columns must exist in the same struct",
        () -> update.moveAfter(column, afterName));
  }

  @Override
  public SchemaUpdate unionByNameWith(Schema other) {
    Objects.requireNonNull(other, "other");
    return change(null, WIDENING, () -> update.unionByNameWith(other));
  }

  @Override
  public SchemaUpdate identifierFields(String... names) {
    Objects.requireNonNull(names, "names");
    return change(
        names.length == 1 ? names[0] : null,
        "identifier columns must be required primitive columns outside lists and maps",
        () -> update.setIdentifierFields(Arrays.asList(names)));
  }

  @Override
  public Schema apply() {
    try {
      return update.apply();
    } catch (IllegalArgumentException
        | IllegalStateException
        | org.apache.iceberg.exceptions.ValidationException e) {
      throw invalidChanges(e);
    }
  }

  /** An error of the changes as a whole; a name clash made by a rename names the renamed column. */
  private ValidationException invalidChanges(RuntimeException e) {
    java.util.regex.Matcher clash = DUPLICATE.matcher(String.valueOf(e.getMessage()));
    if (clash.find() && renamedTo.containsKey(clash.group(1))) {
      String target = clash.group(1);
      return invalid(
          renamedTo.get(target),
          "it is renamed to '"
              + target
              + "', which another column is called; "
              + "choose another name, or drop or rename that column in the same update",
          e);
    }
    return invalid(null, null, e);
  }

  @Override
  public io.floe.UpdateResult commit() {
    if (committed) {
      throw Errors.alreadyDone("Schema update of " + name, "committed");
    }
    committed = true;
    try {
      update.commit();
    } catch (IllegalArgumentException
        | IllegalStateException
        | org.apache.iceberg.exceptions.ValidationException e) {
      throw invalidChanges(e);
    } catch (RuntimeException e) {
      throw Errors.translate(name, e);
    }
    return UpdateResults.of(name, table, started);
  }
}
