package io.floe.sql.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Translates the {@code WHERE} of a {@code DELETE} (parsed by DuckDB into its JSON expression tree)
 * into a Floe filter that matches <em>exactly</em> the rows where DuckDB finds the predicate TRUE,
 * or refuses it. Unlike {@link FilterTranslator} (a pruning hint DuckDB re-checks), nothing checks
 * this filter again: the rows it matches are deleted.
 *
 * <p>Each predicate {@code P} is translated into two Floe filters, {@code T(P)} (TRUE exactly where
 * {@code P} is TRUE in DuckDB) and {@code F(P)} (TRUE exactly where {@code P} is FALSE), so that
 * SQL's three-valued logic never depends on how Floe evaluates a negation: {@code T(NOT P) = F(P)},
 * {@code T(P AND Q) = T(P) AND T(Q)}, {@code F(P AND Q) = F(P) OR F(Q)}, and so on; the delete uses
 * {@code T}. Leaves are comparisons of a top-level column with a constant or a {@code ?} parameter,
 * {@code IN}, {@code IS [NOT] NULL}, {@code BETWEEN} and bare boolean columns. Floe's filters are
 * UNKNOWN on null for comparisons and never UNKNOWN for {@code isNull}/{@code isNaN}; NaN differs
 * (DuckDB: NaN equals NaN and is above every number; Floe: IEEE 754), so float leaves spell NaN out
 * with {@code isNaN}/{@code notNaN}. Constants are accepted only when their value in the column's
 * type is the one DuckDB compares with (no rounding): everything else is {@link Refused}.
 */
public final class DeleteFilter {
  private static final BigInteger MAX_EXACT_DOUBLE = BigInteger.ONE.shiftLeft(53);
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?([+-]\\d{2}(:?\\d{2})?|Z)?");
  private static final Pattern FLOATING =
      Pattern.compile(
          "\\s*[+-]?((\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|nan|inf|infinity)\\s*",
          Pattern.CASE_INSENSITIVE);

  /** A predicate (or part of one) that has no exact Floe filter. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** DuckDB's byte offset of the refused part in the parsed text, or -1 when unknown. */
    public final long location;

    /** Whether the statement is wrong (an unknown column, a missing parameter), not unsupported. */
    public final boolean invalid;

    Refused(long location, String message) {
      this(location, message, false);
    }

    Refused(long location, String message, boolean invalid) {
      super(message);
      this.location = location;
      this.invalid = invalid;
    }
  }

  /** The rows where a predicate is TRUE, and those where it is FALSE. */
  private record Tf(Expression t, Expression f) {
    Tf not() {
      return new Tf(f, t);
    }
  }

  /** A constant: null (SQL NULL), or a value in the column's Iceberg representation. */
  private record Value(Object value) {}

  private static final Tf UNKNOWN = new Tf(Expressions.alwaysFalse(), Expressions.alwaysFalse());

  private final Schema schema;
  private final List<String> table;
  private final String alias;
  private final Object[] params;
  private int parameters;

  /**
   * A translator for one table.
   *
   * @param schema the table's schema
   * @param table the table's name parts as written (a column may be qualified by them)
   * @param alias the table's alias in the statement, or null
   * @param params the values of the statement's {@code ?} parameters
   */
  public DeleteFilter(Schema schema, List<String> table, String alias, Object[] params) {
    this.schema = schema;
    this.table = table;
    this.alias = alias;
    this.params = params;
  }

  /**
   * The filter matching exactly the rows where the predicate is TRUE.
   *
   * @param where DuckDB's parsed predicate
   * @return the filter
   * @throws Refused naming the part that has no exact translation
   */
  public Expression translate(JsonNode where) {
    return tf(where, -1).t();
  }

  /**
   * The value a constant or parameter compared with a column of a type has in DuckDB, when Floe
   * knows it exactly (the rules of a delete's constants).
   *
   * @param node the constant, cast constant or parameter
   * @param type the column's type
   * @param params the parameters' values
   * @return the value in the type's Iceberg representation, or null when it is NULL or not exact
   */
  public static Object exactValue(JsonNode node, Type type, Object[] params) {
    try {
      return new DeleteFilter(new Schema(), List.of(), null, params)
          .value(node, new Col("?", type), -1)
          .value();
    } catch (Refused e) {
      return null;
    }
  }

  /**
   * The highest parameter number the predicate used.
   *
   * @return 0 when it used none
   */
  public int parameters() {
    return parameters;
  }

  /** Where an expression starts: the smallest location DuckDB gives in it, else the fallback. */
  private static long location(JsonNode node, long fallback) {
    long start = Long.MAX_VALUE;
    JsonNode l = node.path("query_location");
    if (l.canConvertToLong() && l.asLong() >= 0) {
      start = l.asLong();
    }
    for (JsonNode child : node) {
      if (child.isContainerNode()) {
        long c = location(child, Long.MAX_VALUE);
        start = Math.min(start, c);
      }
    }
    return start == Long.MAX_VALUE ? fallback : start;
  }

  private Tf tf(JsonNode node, long outer) {
    long at = location(node, outer);
    String cls = node.path("class").asText();
    String type = node.path("type").asText();
    switch (cls) {
      case "CONJUNCTION":
        {
          boolean and = type.equals("CONJUNCTION_AND");
          if (!and && !type.equals("CONJUNCTION_OR")) {
            throw refused(at, type);
          }
          Tf result = null;
          for (JsonNode child : node.path("children")) {
            Tf c = tf(child, at);
            result =
                result == null
                    ? c
                    : and
                        ? new Tf(Expressions.and(result.t, c.t), Expressions.or(result.f, c.f))
                        : new Tf(Expressions.or(result.t, c.t), Expressions.and(result.f, c.f));
          }
          if (result == null) {
            throw refused(at, type);
          }
          return result;
        }
      case "OPERATOR":
        return operator(node, type, at);
      case "COMPARISON":
        {
          Col col = column(node.path("left"), at, false);
          JsonNode other = node.path("right");
          if (col == null) {
            col = column(node.path("right"), at, false);
            if (col == null) {
              JsonNode left = node.path("left");
              throw new Refused(
                  location(left, at),
                  describe(left) + " (only a table column is compared exactly)");
            }
            other = node.path("left");
            type = flip(type);
          } else if (isColumn(other)) {
            throw new Refused(at, "a comparison of two columns");
          }
          if (!List.of(
                  "COMPARE_EQUAL",
                  "COMPARE_NOTEQUAL",
                  "COMPARE_LESSTHAN",
                  "COMPARE_LESSTHANOREQUALTO",
                  "COMPARE_GREATERTHAN",
                  "COMPARE_GREATERTHANOREQUALTO")
              .contains(type)) {
            throw refused(at, type);
          }
          return compare(col, type, value(other, col, at));
        }
      case "BETWEEN":
        {
          Col col = column(node.path("input"), at, true);
          Tf low = compare(col, "COMPARE_GREATERTHANOREQUALTO", value(node.path("lower"), col, at));
          Tf high = compare(col, "COMPARE_LESSTHANOREQUALTO", value(node.path("upper"), col, at));
          return new Tf(Expressions.and(low.t, high.t), Expressions.or(low.f, high.f));
        }
      case "COLUMN_REF":
        {
          Col col = column(node, at, true);
          if (col.type.typeId() != Type.TypeID.BOOLEAN) {
            throw new Refused(at, "column " + col.name + " is not a boolean");
          }
          return new Tf(Expressions.equal(col.name, true), Expressions.equal(col.name, false));
        }
      case "CAST":
        if ("BOOLEAN".equals(node.path("cast_type").path("id").asText())
            && "CONSTANT".equals(node.path("child").path("class").asText())) {
          Object b = FilterTranslator.literal(node.path("child"), Types.BooleanType.get());
          if (b != null) {
            return Boolean.TRUE.equals(b)
                ? new Tf(Expressions.alwaysTrue(), Expressions.alwaysFalse())
                : new Tf(Expressions.alwaysFalse(), Expressions.alwaysTrue());
          }
        }
        throw new Refused(at, describe(node));
      case "CONSTANT":
        {
          JsonNode v = node.path("value");
          if (v.path("is_null").asBoolean(false)) {
            return UNKNOWN;
          }
          if (v.path("type").path("id").asText().equals("BOOLEAN")) {
            boolean b = v.path("value").asBoolean();
            return b
                ? new Tf(Expressions.alwaysTrue(), Expressions.alwaysFalse())
                : new Tf(Expressions.alwaysFalse(), Expressions.alwaysTrue());
          }
          throw new Refused(at, "a constant that is not a boolean");
        }
      default:
        throw new Refused(at, describe(node));
    }
  }

  /** What a node is, for a message: "function lower", "subquery", ... */
  private static String describe(JsonNode node) {
    String cls = node.path("class").asText().toLowerCase(Locale.ROOT).replace('_', ' ');
    if (node.has("function_name")) {
      return "function " + node.path("function_name").asText();
    }
    String type = node.path("type").asText().toLowerCase(Locale.ROOT).replace('_', ' ');
    return cls.isEmpty() || type.startsWith(cls) ? type : cls + " (" + type + ")";
  }

  static Refused refused(long at, String what) {
    return new Refused(at, what.toLowerCase(Locale.ROOT).replace('_', ' '));
  }

  private Tf operator(JsonNode node, String type, long at) {
    JsonNode children = node.path("children");
    switch (type) {
      case "OPERATOR_NOT":
        return tf(children.get(0), at).not();
      case "OPERATOR_IS_NULL":
      case "OPERATOR_IS_NOT_NULL":
        {
          Col col = column(children.get(0), at, true);
          Tf isNull = new Tf(Expressions.isNull(col.name), Expressions.notNull(col.name));
          return type.equals("OPERATOR_IS_NULL") ? isNull : isNull.not();
        }
      case "COMPARE_IN":
      case "COMPARE_NOT_IN":
        {
          Col col = column(children.get(0), at, true);
          List<Object> values = new ArrayList<>();
          boolean nan = false;
          boolean nulls = false;
          for (int i = 1; i < children.size(); i++) {
            Object v = value(children.get(i), col, at).value;
            if (v == null) {
              nulls = true;
            } else if (isNaN(v)) {
              nan = true;
            } else {
              values.add(v);
            }
          }
          Expression t =
              values.isEmpty() ? Expressions.alwaysFalse() : Expressions.in(col.name, values);
          Expression f =
              values.isEmpty()
                  ? Expressions.notNull(col.name)
                  : Expressions.notIn(col.name, values);
          if (nan) {
            t = Expressions.or(t, Expressions.isNaN(col.name));
            f = Expressions.and(f, Expressions.notNaN(col.name));
          }
          if (nulls) {
            f = Expressions.alwaysFalse(); // x IN (..., NULL) is never FALSE
          }
          Tf in = new Tf(t, f);
          return type.equals("COMPARE_IN") ? in : in.not();
        }
      default:
        throw refused(at, type);
    }
  }

  /** {@code column op value}, exact under DuckDB's semantics. */
  private static Tf compare(Col col, String type, Value value) {
    Object v = value.value;
    if (v == null) {
      return UNKNOWN;
    }
    String c = col.name;
    if (isNaN(v)) {
      // DuckDB: NaN equals NaN and is greater than every other number
      Tf isNaN =
          new Tf(
              Expressions.isNaN(c), Expressions.and(Expressions.notNull(c), Expressions.notNaN(c)));
      Tf nonNull = new Tf(Expressions.notNull(c), Expressions.alwaysFalse());
      switch (type) {
        case "COMPARE_EQUAL":
        case "COMPARE_GREATERTHANOREQUALTO":
          return isNaN;
        case "COMPARE_NOTEQUAL":
        case "COMPARE_LESSTHAN":
          return isNaN.not();
        case "COMPARE_LESSTHANOREQUALTO":
          return nonNull;
        default: // COMPARE_GREATERTHAN
          return nonNull.not();
      }
    }
    boolean floating = col.floating();
    switch (type) {
      case "COMPARE_EQUAL":
        return new Tf(Expressions.equal(c, v), Expressions.notEqual(c, v));
      case "COMPARE_NOTEQUAL":
        return new Tf(Expressions.notEqual(c, v), Expressions.equal(c, v));
      case "COMPARE_LESSTHAN":
        return new Tf(
            Expressions.lessThan(c, v), orNaN(floating, Expressions.greaterThanOrEqual(c, v), c));
      case "COMPARE_LESSTHANOREQUALTO":
        return new Tf(
            Expressions.lessThanOrEqual(c, v), orNaN(floating, Expressions.greaterThan(c, v), c));
      case "COMPARE_GREATERTHAN":
        return new Tf(
            orNaN(floating, Expressions.greaterThan(c, v), c), Expressions.lessThanOrEqual(c, v));
      default: // COMPARE_GREATERTHANOREQUALTO
        return new Tf(
            orNaN(floating, Expressions.greaterThanOrEqual(c, v), c), Expressions.lessThan(c, v));
    }
  }

  /** DuckDB puts NaN above every number: a "greater" comparison is also TRUE for NaN. */
  private static Expression orNaN(boolean floating, Expression e, String column) {
    return floating ? Expressions.or(e, Expressions.isNaN(column)) : e;
  }

  private static String flip(String type) {
    switch (type) {
      case "COMPARE_LESSTHAN":
        return "COMPARE_GREATERTHAN";
      case "COMPARE_LESSTHANOREQUALTO":
        return "COMPARE_GREATERTHANOREQUALTO";
      case "COMPARE_GREATERTHAN":
        return "COMPARE_LESSTHAN";
      case "COMPARE_GREATERTHANOREQUALTO":
        return "COMPARE_LESSTHANOREQUALTO";
      default:
        return type;
    }
  }

  private static boolean isNaN(Object v) {
    return (v instanceof Double d && d.isNaN()) || (v instanceof Float f && f.isNaN());
  }

  private record Col(String name, Type type) {
    boolean floating() {
      return type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE;
    }
  }

  private static boolean isColumn(JsonNode node) {
    return "COLUMN_REF".equals(node.path("class").asText());
  }

  /** The column a node names; null (or refused, when {@code required}) for anything else. */
  private Col column(JsonNode node, long outer, boolean required) {
    long at = location(node, outer);
    if (!isColumn(node)) {
      if (required) {
        throw new Refused(at, "an expression other than one of the table's columns");
      }
      return null;
    }
    JsonNode names = node.path("column_names");
    List<String> qualifier = new ArrayList<>();
    for (int i = 0; i < names.size() - 1; i++) {
      qualifier.add(names.get(i).asText());
    }
    String name = names.get(names.size() - 1).asText();
    if (!qualifier.isEmpty() && !qualifies(qualifier)) {
      throw new Refused(
          at, "column " + String.join(".", qualifier) + "." + name + " (not of the table)", true);
    }
    Types.NestedField field = schema.caseInsensitiveFindField(name);
    if (field == null || !schema.columns().contains(field)) {
      throw new Refused(at, "column " + name + ", which the table does not have", true);
    }
    switch (field.type().typeId()) {
      case BOOLEAN:
      case INTEGER:
      case LONG:
      case FLOAT:
      case DOUBLE:
      case DECIMAL:
      case STRING:
      case DATE:
      case TIMESTAMP:
        return new Col(field.name(), field.type());
      default:
        throw new Refused(at, "column " + field.name() + " of type " + field.type());
    }
  }

  private boolean qualifies(List<String> qualifier) {
    if (alias != null) {
      return qualifier.size() == 1 && qualifier.get(0).equalsIgnoreCase(alias);
    }
    if (qualifier.size() > table.size()) {
      return false;
    }
    List<String> tail = table.subList(table.size() - qualifier.size(), table.size());
    for (int i = 0; i < tail.size(); i++) {
      if (!tail.get(i).equalsIgnoreCase(qualifier.get(i))) {
        return false;
      }
    }
    return true;
  }

  // ---- values --------------------------------------------------------------------------------

  /**
   * DuckDB's name of the type it reads a column as (for casts in the statement), or null when such
   * a cast is refused: {@link EngineReads#duckType}'s mapping, less decimals (a cast may round),
   * time and binary.
   */
  private static String duckType(Type type) {
    switch (type.typeId()) {
      case DECIMAL:
      case TIME:
      case BINARY:
        return null;
      default:
        return EngineReads.duckType(type);
    }
  }

  private Value value(JsonNode node, Col col, long outer) {
    long at = location(node, outer);
    String cls = node.path("class").asText();
    if (cls.equals("PARAMETER")) {
      return parameter(node, col, at);
    }
    if (cls.equals("CAST")) {
      String target = node.path("cast_type").path("id").asText();
      JsonNode child = node.path("child");
      if (node.path("try_cast").asBoolean(false)
          || !target.equals(duckType(col.type))
          || !"CONSTANT".equals(child.path("class").asText())) {
        throw new Refused(
            at,
            "a cast to "
                + target
                + " compared with column "
                + col.name
                + " (only a constant cast to the column's own type, "
                + duckType(col.type)
                + ", is exact)");
      }
      return constant(child, col, at, true);
    }
    if (cls.equals("CONSTANT")) {
      return constant(node, col, at, false);
    }
    throw new Refused(at, "an expression that is not a constant, compared with column " + col.name);
  }

  private Value constant(JsonNode node, Col col, long at, boolean cast) {
    JsonNode value = node.path("value");
    if (value.path("is_null").asBoolean(false)) {
      return new Value(null);
    }
    String typeId = value.path("type").path("id").asText();
    Object v = null;
    switch (col.type.typeId()) {
      case BOOLEAN:
        // DuckDB parses TRUE and FALSE as 't'::BOOLEAN and 'f'::BOOLEAN
        v =
            typeId.equals("BOOLEAN")
                ? (Object) value.path("value").asBoolean()
                : cast && typeId.equals("VARCHAR")
                    ? FilterTranslator.literal(node, col.type)
                    : null;
        break;
      case STRING:
        v = typeId.equals("VARCHAR") ? FilterTranslator.literal(node, col.type) : null;
        break;
      case TIMESTAMP:
        // microseconds at most: both parse the same instant
        v =
            typeId.equals("VARCHAR") && TIMESTAMP.matcher(value.path("value").asText()).matches()
                ? FilterTranslator.literal(node, col.type)
                : null;
        break;
      case DATE:
        v =
            typeId.equals("VARCHAR") && value.path("value").asText().matches("\\d{4}-\\d{2}-\\d{2}")
                ? FilterTranslator.literal(node, col.type)
                : null;
        break;
      case INTEGER:
      case LONG:
      case DECIMAL:
        // integers and decimals compare exactly in DuckDB; a DOUBLE or a string is refused
        v =
            typeId.equals("VARCHAR") || typeId.equals("DOUBLE") || typeId.equals("FLOAT")
                ? null
                : exactNumber(FilterTranslator.literal(node, col.type), col.type);
        break;
      case FLOAT:
      case DOUBLE:
        v = floating(node, value, typeId, col.type, cast);
        break;
      default:
        v = null;
    }
    if (v == null) {
      throw new Refused(
          at,
          "the constant "
              + value.path("value").asText()
              + " ("
              + typeId
              + ") compared with column "
              + col.name
              + " of type "
              + col.type
              + " (not exactly a value of that type)");
    }
    return new Value(v);
  }

  /** A decimal's value must fit the column's precision; integers are exact by construction. */
  private static Object exactNumber(Object v, Type type) {
    return v instanceof BigDecimal d && d.precision() > ((Types.DecimalType) type).precision()
        ? null
        : v;
  }

  /** The float or double a constant is in DuckDB, or null when that is not certain. */
  private static Object floating(
      JsonNode node, JsonNode value, String typeId, Type type, boolean cast) {
    boolean isFloat = type.typeId() == Type.TypeID.FLOAT;
    JsonNode raw = value.path("value");
    if (typeId.equals("VARCHAR")) {
      // a string parsed by DuckDB as the column's type: both parse to the nearest value
      if (!cast || !FLOATING.matcher(raw.asText()).matches()) {
        return null;
      }
      return FilterTranslator.literal(node, type);
    }
    BigDecimal exact;
    try {
      switch (typeId) {
        case "DOUBLE":
          {
            double d = raw.asDouble();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
              return isFloat ? (Object) (float) d : (Object) d;
            }
            exact = new BigDecimal(d);
            break;
          }
        case "FLOAT":
          return null;
        default:
          {
            Object n = FilterTranslator.literal(node, Types.DecimalType.of(38, scale(value)));
            if (!(n instanceof BigDecimal d)) {
              return null;
            }
            exact = d;
          }
      }
    } catch (RuntimeException e) {
      return null;
    }
    if (isFloat) {
      float f = exact.floatValue();
      return !Float.isInfinite(f) && new BigDecimal(f).compareTo(exact) == 0 ? (Object) f : null;
    }
    double d = exact.doubleValue();
    if (Double.isInfinite(d)) {
      return null;
    }
    if (new BigDecimal(d).compareTo(exact) == 0) {
      return d;
    }
    // DuckDB divides the unscaled value by a power of ten: correctly rounded when both are exact
    BigDecimal stripped = exact.stripTrailingZeros();
    return stripped.unscaledValue().abs().compareTo(MAX_EXACT_DOUBLE) <= 0
            && stripped.scale() >= 0
            && stripped.scale() <= 22
        ? (Object) d
        : null;
  }

  private static int scale(JsonNode value) {
    return value.path("type").path("type_info").path("scale").asInt(0);
  }

  private Value parameter(JsonNode node, Col col, long at) {
    int index;
    try {
      index = Integer.parseInt(node.path("identifier").asText());
    } catch (NumberFormatException e) {
      throw new Refused(at, "the named parameter $" + node.path("identifier").asText());
    }
    parameters = Math.max(parameters, index);
    if (index < 1 || index > params.length) {
      throw new Refused(
          at,
          "parameter " + index + " (the statement was given " + params.length + " values)",
          true);
    }
    Object p = params[index - 1];
    if (p == null) {
      return new Value(null);
    }
    Object v = javaValue(p, col.type);
    if (v == null) {
      throw new Refused(
          at,
          "parameter "
              + index
              + " ("
              + p.getClass().getSimpleName()
              + " "
              + p
              + ") compared with column "
              + col.name
              + " of type "
              + col.type
              + " (not exactly a value of that type)");
    }
    return new Value(v);
  }

  /** A Java value as the column type's Iceberg value, when exactly that; otherwise null. */
  static Object javaValue(Object p, Type type) {
    try {
      switch (type.typeId()) {
        case BOOLEAN:
          return p instanceof Boolean ? p : null;
        case INTEGER:
          return integral(p) ? Math.toIntExact(((Number) p).longValue()) : null;
        case LONG:
          return integral(p) ? ((Number) p).longValue() : null;
        case FLOAT:
          if (p instanceof Float) {
            return p;
          } else if (p instanceof Double d) {
            return d.isNaN() || (double) d.floatValue() == d ? (Object) d.floatValue() : null;
          } else if (integral(p)) {
            long l = ((Number) p).longValue();
            return (long) (float) l == l ? (Object) (float) l : null;
          }
          return null;
        case DOUBLE:
          if (p instanceof Double) {
            return p;
          } else if (p instanceof Float f) {
            return (double) f;
          } else if (integral(p)) {
            long l = ((Number) p).longValue();
            return Math.abs(l) <= (1L << 53) ? (Object) (double) l : null;
          }
          return null;
        case DECIMAL:
          {
            Types.DecimalType t = (Types.DecimalType) type;
            BigDecimal d =
                p instanceof BigDecimal b
                    ? b
                    : integral(p) ? BigDecimal.valueOf(((Number) p).longValue()) : null;
            if (d == null) {
              return null;
            }
            BigDecimal scaled = d.setScale(t.scale(), RoundingMode.UNNECESSARY);
            return scaled.precision() <= t.precision() ? scaled : null;
          }
        case STRING:
          return p instanceof String ? p : null;
        case DATE:
          return p instanceof LocalDate d ? (Object) (int) d.toEpochDay() : null;
        case TIMESTAMP:
          {
            boolean zoned = ((Types.TimestampType) type).shouldAdjustToUTC();
            Instant instant;
            if (zoned && p instanceof OffsetDateTime o) {
              instant = o.toInstant();
            } else if (zoned && p instanceof Instant i) {
              instant = i;
            } else if (!zoned && p instanceof LocalDateTime l) {
              instant = l.toInstant(ZoneOffset.UTC);
            } else {
              return null;
            }
            if (instant.getNano() % 1000 != 0) {
              return null;
            }
            return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
          }
        default:
          return null;
      }
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static boolean integral(Object p) {
    return p instanceof Long || p instanceof Integer || p instanceof Short || p instanceof Byte;
  }
}
