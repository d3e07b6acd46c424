package io.floe.impl.quality;

import io.floe.ValidationException;
import io.floe.quality.Constraint;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Accessor;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A table's rules compiled against its schema: each rule tests one row given as a {@link
 * StructLike} of Iceberg's internal values (dates as days, timestamps as microseconds, strings as
 * {@link CharSequence}), the form Iceberg's {@link Evaluator} takes. Column rules let nulls pass
 * (but {@code not_null}). Uniqueness is kept apart ({@link Unique}): it depends on the rows before.
 * Not thread-safe (a pattern rule reuses its {@link Matcher}); one instance per write.
 */
final class Rules {
  private Rules() {}

  /** One compiled row rule. */
  abstract static class Rule {
    final Constraint constraint;
    final String column;
    final Accessor<StructLike> accessor;

    Rule(Constraint constraint, String column, Accessor<StructLike> accessor) {
      this.constraint = constraint;
      this.column = column;
      this.accessor = accessor;
    }

    /** Whether the row follows the rule. */
    abstract boolean test(StructLike row);

    /** The value at fault, for messages (null for rules over several columns). */
    Object value(StructLike row) {
      return accessor == null ? null : accessor.get(row);
    }

    /** Why the row broke the rule, without the value. */
    abstract String reason();
  }

  /** Compiles the row rules (all but {@code unique}), in the order given. */
  static List<Rule> compile(String table, Schema schema, List<Constraint> constraints) {
    List<Rule> rules = new ArrayList<>();
    for (Constraint c : constraints) {
      if (c.kind() != Constraint.Kind.UNIQUE) {
        rules.add(compile(table, schema, c));
      }
    }
    return rules;
  }

  /**
   * Compiles one rule, checking it against the schema.
   *
   * @throws ValidationException naming the table and column when it does not fit
   */
  static Rule compile(String table, Schema schema, Constraint c) {
    switch (c.kind()) {
      case NOT_NULL:
      case RANGE:
      case ALLOWED_VALUES:
        {
          String column = c.columns().get(0);
          Types.NestedField field = field(table, schema, c, column);
          if (!field.type().isPrimitiveType() && c.kind() != Constraint.Kind.NOT_NULL) {
            throw wrongType(table, c, column, field.type(), "a primitive column");
          }
          evaluator(table, schema, c, column); // checks the rule against the schema
          java.util.function.Predicate<Object> test =
              ValueTests.compile(Binder.bind(schema.asStruct(), c.expression().get(), true));
          boolean notNull = c.kind() == Constraint.Kind.NOT_NULL;
          Accessor<StructLike> accessor = schema.accessorForField(field.fieldId());
          String reason = describe(c);
          return new Rule(c, column, accessor) {
            @Override
            boolean test(StructLike row) {
              Object value = accessor.get(row);
              if (value == null) {
                return !notNull;
              }
              return test.test(value);
            }

            @Override
            String reason() {
              return reason;
            }
          };
        }
      case CHECK:
        {
          Evaluator evaluator = evaluator(table, schema, c, null);
          String reason = "fails " + c.expression().get();
          return new Rule(c, null, null) {
            @Override
            boolean test(StructLike row) {
              return evaluator.eval(row);
            }

            @Override
            String reason() {
              return reason;
            }
          };
        }
      case PATTERN:
        {
          String column = c.columns().get(0);
          Types.NestedField field = field(table, schema, c, column);
          if (field.type().typeId() != Type.TypeID.STRING) {
            throw wrongType(table, c, column, field.type(), "a string column");
          }
          PatternMatcher matcher = new PatternMatcher(c.pattern().get());
          Accessor<StructLike> accessor = schema.accessorForField(field.fieldId());
          String reason = "does not match /" + c.pattern().get() + "/";
          return new Rule(c, column, accessor) {
            @Override
            boolean test(StructLike row) {
              Object value = accessor.get(row);
              return value == null || matcher.matches((CharSequence) value);
            }

            @Override
            String reason() {
              return reason;
            }
          };
        }
      case LENGTH:
        {
          String column = c.columns().get(0);
          Types.NestedField field = field(table, schema, c, column);
          if (field.type().typeId() != Type.TypeID.STRING) {
            throw wrongType(table, c, column, field.type(), "a string column");
          }
          int min = c.minLength().getAsInt();
          int max = c.maxLength().getAsInt();
          Accessor<StructLike> accessor = schema.accessorForField(field.fieldId());
          String reason = "length not in " + min + ".." + max;
          return new Rule(c, column, accessor) {
            @Override
            boolean test(StructLike row) {
              Object value = accessor.get(row);
              if (value == null) {
                return true;
              }
              CharSequence s = (CharSequence) value;
              int points = Character.codePointCount(s, 0, s.length());
              return points >= min && points <= max;
            }

            @Override
            String reason() {
              return reason;
            }
          };
        }
      default:
        throw new IllegalArgumentException("Not a row rule: " + c);
    }
  }

  /** Checks a unique rule's key columns against the schema and returns their accessors. */
  static List<Accessor<StructLike>> keyAccessors(String table, Schema schema, Constraint c) {
    List<Accessor<StructLike>> accessors = new ArrayList<>();
    for (String column : c.columns()) {
      Types.NestedField field = field(table, schema, c, column);
      if (!field.type().isPrimitiveType()) {
        throw wrongType(table, c, column, field.type(), "a primitive column");
      }
      if (c.tableWide()
          && field.type().typeId() != Type.TypeID.LONG
          && field.type().typeId() != Type.TypeID.INTEGER) {
        throw wrongType(table, c, column, field.type(), "a long or int column");
      }
      accessors.add(schema.accessorForField(field.fieldId()));
    }
    return accessors;
  }

  /** A key value that stays valid and compares by value after the row is gone. */
  static Object keyValue(Object value) {
    if (value instanceof CharSequence cs) {
      return cs.toString();
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
      copy.put(buffer.duplicate()).flip();
      return copy;
    }
    return value;
  }

  private static String describe(Constraint c) {
    return switch (c.kind()) {
      case NOT_NULL -> "is null";
      case RANGE -> "out of range " + c.expression().get();
      case ALLOWED_VALUES -> "not an allowed value " + c.expression().get();
      default -> "fails " + c.expression().get();
    };
  }

  private static Types.NestedField field(String table, Schema schema, Constraint c, String column) {
    Types.NestedField field = schema.findField(column);
    if (field == null) {
      throw new ValidationException(
          "Constraint "
              + c.name()
              + " of "
              + table
              + " is on column "
              + column
              + ", which the table does not have; columns: "
              + schema.columns().stream().map(Types.NestedField::name).toList()
              + ". Fix the column name, or remove the rule with updateConstraints().remove(\""
              + c.name()
              + "\")",
          table,
          column,
          null);
    }
    return field;
  }

  private static ValidationException wrongType(
      String table, Constraint c, String column, Type type, String needed) {
    return new ValidationException(
        "Constraint "
            + c.name()
            + " of "
            + table
            + " needs "
            + needed
            + ", but column "
            + column
            + " is "
            + type,
        table,
        column,
        null);
  }

  private static Evaluator evaluator(String table, Schema schema, Constraint c, String column) {
    Expression expression = c.expression().get();
    try {
      // binding checks column names and literal types against the schema
      Binder.bind(schema.asStruct(), expression, true);
      return new Evaluator(schema.asStruct(), expression, true);
    } catch (RuntimeException e) {
      throw new ValidationException(
          "Constraint "
              + c.name()
              + " of "
              + table
              + " does not fit the table's schema"
              + (column == null ? "" : " (column " + column + ")")
              + ": "
              + e.getMessage(),
          table,
          column,
          e);
    }
  }
}
