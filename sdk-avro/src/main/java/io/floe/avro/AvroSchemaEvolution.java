package io.floe.avro;

import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.Internals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Checks whether a table can take data of a new Avro schema, and evolves the table's Iceberg schema
 * to match.
 *
 * <p>Fields are matched to columns by Iceberg field id when they carry one (as schemas made by
 * {@link AvroSchemas#toAvro} do), which also detects renames; fields without an id are matched by
 * name. Allowed changes: new optional columns, new required columns with a default (format version
 * 3), renames (by id), widening int to long, float to double or decimal precision, making a
 * required column optional, and doc changes. Anything else is a {@link EvolutionPlan.Problem}:
 * another type change, an optional column made required, a required column without default, or a
 * map key change. Columns the Avro schema lacks are kept (a required one is made optional, since
 * new data will not hold it); nothing is ever dropped.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * Schema evolved = AvroSchemaEvolution.apply(table, newAvroSchema);
 * }</pre>
 */
public final class AvroSchemaEvolution {
  private AvroSchemaEvolution() {}

  /**
   * Plans the changes that make a table schema accept data of an Avro schema.
   *
   * @param current the table's current schema
   * @param proposed the new Avro record schema
   * @return the plan, with its changes and problems
   * @throws ValidationException when the Avro schema cannot be converted to Iceberg at all
   * @throws io.floe.UnsupportedFeatureException when the Avro schema uses a type Iceberg cannot
   *     store
   */
  public static EvolutionPlan plan(Schema current, org.apache.avro.Schema proposed) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(proposed, "proposed");
    // Ids up to this one were in the Avro schema; fields without an id got larger ones.
    int explicitIds = AvroSchemas.maxId(proposed);
    Schema target = AvroSchemas.toIceberg(proposed);
    Planner planner = new Planner(explicitIds);
    planner.struct(current.asStruct(), target.asStruct(), null);
    return new EvolutionPlan(planner.steps, planner.problems);
  }

  /**
   * Evolves a table's schema so that it accepts data of an Avro schema, in one commit.
   *
   * @param table the table
   * @param proposed the new Avro record schema
   * @return the table's schema after the change (unchanged when nothing needed changing)
   * @throws ValidationException when the plan has problems (the message lists them, the first
   *     column at fault is {@link ValidationException#column()}), or Iceberg rejects the change
   * @throws io.floe.CommitConflictException when concurrent commits kept the change from landing
   */
  public static Schema apply(FloeTable table, org.apache.avro.Schema proposed) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(proposed, "proposed");
    EvolutionPlan plan = plan(table.schema(), proposed);
    if (!plan.isApplicable()) {
      throw AvroErrors.cannotEvolve(
          table.name(), proposed.getFullName(), plan.problems(), plan.problems().get(0).column());
    }
    if (plan.changes().isEmpty()) {
      return table.schema();
    }
    Table iceberg = Internals.icebergTable(table);
    Errors.run(
        table.name(),
        () -> {
          UpdateSchema update = iceberg.updateSchema();
          plan.applyTo(update);
          update.commit();
        });
    table.refresh();
    return table.schema();
  }

  private static final class Planner {
    private final int explicitIds;
    private final List<EvolutionPlan.Step> steps = new ArrayList<>();
    private final List<EvolutionPlan.Problem> problems = new ArrayList<>();

    Planner(int explicitIds) {
      this.explicitIds = explicitIds;
    }

    private static String path(String parent, String name) {
      return parent == null ? name : parent + "." + name;
    }

    private void step(
        EvolutionPlan.Kind kind,
        String column,
        String detail,
        java.util.function.Consumer<UpdateSchema> op) {
      steps.add(new EvolutionPlan.Step(new EvolutionPlan.Change(kind, column, detail), op));
    }

    private void problem(String column, String reason) {
      problems.add(new EvolutionPlan.Problem(column, reason));
    }

    void struct(Types.StructType current, Types.StructType proposed, String parent) {
      Set<Integer> matched = new HashSet<>();
      for (Types.NestedField field : proposed.fields()) {
        boolean byId = field.fieldId() <= explicitIds;
        Types.NestedField existing =
            byId ? current.field(field.fieldId()) : current.field(field.name());
        if (existing == null) {
          add(field, parent);
          continue;
        }
        matched.add(existing.fieldId());
        String column = path(parent, existing.name());
        if (!existing.name().equals(field.name())) {
          String newName = field.name();
          step(
              EvolutionPlan.Kind.RENAME_COLUMN,
              column,
              "rename to " + newName,
              u -> u.renameColumn(column, newName));
        }
        field(existing, field, column);
      }
      for (Types.NestedField existing : current.fields()) {
        if (!matched.contains(existing.fieldId()) && existing.isRequired()) {
          String column = path(parent, existing.name());
          step(
              EvolutionPlan.Kind.MAKE_OPTIONAL,
              column,
              "make optional: the Avro schema no longer has it",
              u -> u.makeColumnOptional(column));
        }
      }
    }

    private void add(Types.NestedField field, String parent) {
      String column = path(parent, field.name());
      Type type = field.type();
      String doc = field.doc();
      Object initial = field.initialDefault();
      Literal<?> literal = initial == null ? null : field.initialDefaultLiteral();
      if (field.isOptional()) {
        step(
            EvolutionPlan.Kind.ADD_COLUMN,
            column,
            "add optional " + type,
            literal == null
                ? u -> u.addColumn(parent, field.name(), type, doc)
                : u -> u.addColumn(parent, field.name(), type, doc, literal));
      } else if (literal != null) {
        step(
            EvolutionPlan.Kind.ADD_COLUMN,
            column,
            "add required " + type + " with default " + initial,
            u -> u.addRequiredColumn(parent, field.name(), type, doc, literal));
      } else {
        problem(
            column,
            "is a new required field without a default, so rows already in the table would have"
                + " no value for it; make it optional (a union with null) or give it a default");
      }
    }

    private void field(Types.NestedField existing, Types.NestedField proposed, String column) {
      if (existing.isOptional() && proposed.isRequired()) {
        problem(
            column,
            "is optional in the table but required in the Avro schema; rows already in the"
                + " table may hold nulls, so keep the field optional");
      } else if (existing.isRequired() && proposed.isOptional()) {
        step(
            EvolutionPlan.Kind.MAKE_OPTIONAL,
            column,
            "make optional",
            u -> u.makeColumnOptional(column));
      }
      if (proposed.doc() != null && !proposed.doc().equals(existing.doc())) {
        String doc = proposed.doc();
        step(
            EvolutionPlan.Kind.UPDATE_DOC,
            column,
            "set doc to \"" + doc + "\"",
            u -> u.updateColumnDoc(column, doc));
      }
      type(existing.type(), proposed.type(), column);
    }

    private void type(Type existing, Type proposed, String column) {
      if (existing.isPrimitiveType() && proposed.isPrimitiveType()) {
        if (existing.equals(proposed)) {
          return;
        }
        if (RowReadPlan.promotable(existing, proposed)) {
          Type.PrimitiveType widened = proposed.asPrimitiveType();
          step(
              EvolutionPlan.Kind.WIDEN_TYPE,
              column,
              "widen " + existing + " to " + proposed,
              u -> u.updateColumn(column, widened));
        } else {
          problem(
              column,
              "changes type from "
                  + existing
                  + " to "
                  + proposed
                  + ", which Iceberg cannot do"
                  + " in place; only int to long, float to double and wider decimals are allowed: add a new"
                  + " field instead");
        }
        return;
      }
      if (existing.typeId() != proposed.typeId()) {
        problem(
            column,
            "changes from "
                + existing.typeId().name().toLowerCase(java.util.Locale.ROOT)
                + " to "
                + proposed.typeId().name().toLowerCase(java.util.Locale.ROOT)
                + "; add a new field instead");
        return;
      }
      switch (existing.typeId()) {
        case STRUCT:
          struct(existing.asStructType(), proposed.asStructType(), column);
          return;
        case LIST:
          field(
              existing.asListType().fields().get(0),
              proposed.asListType().fields().get(0),
              column + ".element");
          return;
        case MAP:
          {
            Types.MapType current = existing.asMapType();
            Types.MapType next = proposed.asMapType();
            if (!current.keyType().equals(next.keyType())) {
              problem(
                  column + ".key",
                  "changes map key type from "
                      + current.keyType()
                      + " to "
                      + next.keyType()
                      + ", which Iceberg does not allow; add a new field instead");
            }
            field(current.fields().get(1), next.fields().get(1), column + ".value");
            return;
          }
        default:
          problem(column, "changes type from " + existing + " to " + proposed);
      }
    }
  }
}
