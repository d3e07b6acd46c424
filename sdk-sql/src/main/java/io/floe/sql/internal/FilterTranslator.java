package io.floe.sql.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Translates a filter DuckDB's optimizer pushed to one table scan (parsed by DuckDB into its JSON
 * expression tree) into a Floe filter that keeps at least every row DuckDB keeps.
 *
 * <p>Soundness: DuckDB evaluates every filter of the query again on the rows Floe returns, so Floe
 * may return more rows, never fewer. A part of the filter that cannot be translated exactly becomes
 * {@code alwaysTrue} where it is under an even number of {@code NOT}s and {@code alwaysFalse} under
 * an odd number; each translated predicate agrees with DuckDB's whenever DuckDB's is TRUE or FALSE
 * (DuckDB orders NaN above every number and equal to itself, Floe follows IEEE 754: {@code d > c}
 * becomes {@code d > c OR isNaN(d)}). With Kleene {@code AND}/{@code OR}/{@code NOT} the whole
 * filter is then TRUE in Floe wherever it is TRUE in DuckDB.
 */
public final class FilterTranslator {
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter TIMESTAMPTZ =
      new DateTimeFormatterBuilder()
          .append(TIMESTAMP)
          .appendPattern("[XXX][XX][X]")
          .toFormatter(Locale.ROOT);

  private final Schema schema;
  private final Set<String> columns;
  private final Object[] params;

  /**
   * A translator for one table.
   *
   * @param schema the table's schema (top-level columns are matched by exact name)
   * @param columns collects the names of the columns the translated filters refer to
   */
  public FilterTranslator(Schema schema, Set<String> columns) {
    this(schema, columns, null);
  }

  /**
   * A translator for one table, of filters as the user wrote them (not as DuckDB's optimizer
   * printed them, with its casts applied): constants count only when their value in the column's
   * type is certain ({@link DeleteFilter#exactValue}), {@code ?} parameters included.
   *
   * @param schema the table's schema (top-level columns are matched by exact name)
   * @param columns collects the names of the columns the translated filters refer to
   * @param params the values of the parameters, or null for filters from DuckDB's plan
   */
  public FilterTranslator(Schema schema, Set<String> columns, Object[] params) {
    this.schema = schema;
    this.columns = columns;
    this.params = params;
  }

  /** The value of a constant or a parameter for a column type, or null (see {@link #literal}). */
  private Object value(JsonNode node, Type type) {
    return params != null ? DeleteFilter.exactValue(node, type, params) : literal(node, type);
  }

  /**
   * Translates a predicate keeping every row DuckDB keeps.
   *
   * @param node DuckDB's parsed expression
   * @return the Floe filter
   */
  public Expression translate(JsonNode node) {
    collectColumns(node);
    return translate(node, true);
  }

  private void collectColumns(JsonNode node) {
    if (node == null) {
      return;
    }
    if ("COLUMN_REF".equals(node.path("class").asText())) {
      JsonNode names = node.path("column_names");
      if (names.size() >= 1) {
        columns.add(names.get(0).asText());
      }
    }
    node.forEach(this::collectColumns);
  }

  private Expression unknown(boolean positive) {
    return positive ? Expressions.alwaysTrue() : Expressions.alwaysFalse();
  }

  private Expression translate(JsonNode node, boolean positive) {
    String cls = node.path("class").asText();
    String type = node.path("type").asText();
    switch (cls) {
      case "CONJUNCTION":
        {
          Expression result = null;
          for (JsonNode child : node.path("children")) {
            Expression e = translate(child, positive);
            result =
                result == null
                    ? e
                    : type.equals("CONJUNCTION_AND")
                        ? Expressions.and(result, e)
                        : Expressions.or(result, e);
          }
          if (!type.equals("CONJUNCTION_AND") && !type.equals("CONJUNCTION_OR")) {
            return unknown(positive);
          }
          return result == null ? unknown(positive) : result;
        }
      case "OPERATOR":
        return operator(node, type, positive);
      case "COMPARISON":
        return comparison(node, type, positive);
      case "BETWEEN":
        {
          Col col = column(node.path("input"));
          if (col == null) {
            return unknown(positive);
          }
          Expression low = compare(col, "COMPARE_GREATERTHANOREQUALTO", node.path("lower"));
          Expression high = compare(col, "COMPARE_LESSTHANOREQUALTO", node.path("upper"));
          return low == null || high == null ? unknown(positive) : Expressions.and(low, high);
        }
      case "FUNCTION":
        return function(node, positive);
      default:
        return unknown(positive);
    }
  }

  private Expression operator(JsonNode node, String type, boolean positive) {
    JsonNode children = node.path("children");
    switch (type) {
      case "OPERATOR_NOT":
        return Expressions.not(translate(children.get(0), !positive));
      case "OPERATOR_IS_NULL":
      case "OPERATOR_IS_NOT_NULL":
        {
          Col col = column(children.get(0));
          if (col == null) {
            return unknown(positive);
          }
          return type.equals("OPERATOR_IS_NULL")
              ? Expressions.isNull(col.name)
              : Expressions.notNull(col.name);
        }
      case "COMPARE_IN":
      case "COMPARE_NOT_IN":
        {
          Col col = column(children.get(0));
          if (col == null) {
            return unknown(positive);
          }
          List<Object> values = new ArrayList<>();
          for (int i = 1; i < children.size(); i++) {
            Object v = value(children.get(i), col.type);
            if (v == null || isNaN(v)) {
              return unknown(positive);
            }
            values.add(v);
          }
          // no NaN in the list: DuckDB's and IEEE's IN agree (NaN is in nothing, NOT IN is TRUE)
          return type.equals("COMPARE_IN")
              ? Expressions.in(col.name, values)
              : Expressions.notIn(col.name, values);
        }
      default:
        return unknown(positive);
    }
  }

  private Expression comparison(JsonNode node, String type, boolean positive) {
    JsonNode left = node.path("left");
    JsonNode right = node.path("right");
    Col col = column(left);
    if (col == null) {
      col = column(right);
      if (col == null) {
        return unknown(positive);
      }
      right = left;
      type = flip(type);
    }
    Expression e = compare(col, type, right);
    return e == null ? unknown(positive) : e;
  }

  private Expression function(JsonNode node, boolean positive) {
    String name = node.path("function_name").asText().toLowerCase(Locale.ROOT);
    JsonNode children = node.path("children");
    if (children.size() != 2) {
      return unknown(positive);
    }
    Col col = column(children.get(0));
    if (col == null || col.type.typeId() != Type.TypeID.STRING) {
      return unknown(positive);
    }
    Object pattern = value(children.get(1), col.type);
    if (!(pattern instanceof String p)) {
      return unknown(positive);
    }
    if (name.equals("prefix") || name.equals("starts_with")) {
      return Expressions.startsWith(col.name, p);
    }
    if (name.equals("~~") || name.equals("like")) {
      // LIKE 'abc%' with no other wildcard (DuckDB's LIKE has no default escape character)
      String head = p.substring(0, Math.max(0, p.length() - 1));
      if (p.endsWith("%") && head.indexOf('%') < 0 && head.indexOf('_') < 0) {
        return Expressions.startsWith(col.name, head);
      }
    }
    return unknown(positive);
  }

  /** A comparison of a column with a constant, exact under both semantics; null if unknown. */
  private Expression compare(Col col, String type, JsonNode constant) {
    Object v = value(constant, col.type);
    if (v == null) {
      return null;
    }
    boolean floating =
        col.type.typeId() == Type.TypeID.FLOAT || col.type.typeId() == Type.TypeID.DOUBLE;
    if (isNaN(v)) {
      // DuckDB: NaN equals NaN; Floe: use isNaN / notNaN
      switch (type) {
        case "COMPARE_EQUAL":
          return Expressions.isNaN(col.name);
        case "COMPARE_NOTEQUAL":
          return Expressions.notNaN(col.name);
        default:
          return null;
      }
    }
    switch (type) {
      case "COMPARE_EQUAL":
        return Expressions.equal(col.name, v);
      case "COMPARE_NOTEQUAL":
        return Expressions.notEqual(col.name, v);
      case "COMPARE_LESSTHAN":
        return Expressions.lessThan(col.name, v);
      case "COMPARE_LESSTHANOREQUALTO":
        return Expressions.lessThanOrEqual(col.name, v);
      case "COMPARE_GREATERTHAN":
        return floating
            ? Expressions.or(Expressions.greaterThan(col.name, v), Expressions.isNaN(col.name))
            : Expressions.greaterThan(col.name, v);
      case "COMPARE_GREATERTHANOREQUALTO":
        return floating
            ? Expressions.or(
                Expressions.greaterThanOrEqual(col.name, v), Expressions.isNaN(col.name))
            : Expressions.greaterThanOrEqual(col.name, v);
      default:
        return null;
    }
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

  private record Col(String name, Type type) {}

  /** A top-level column of a supported type, or null. */
  private Col column(JsonNode node) {
    if (!"COLUMN_REF".equals(node.path("class").asText())
        || node.path("column_names").size() != 1) {
      return null;
    }
    String name = node.path("column_names").get(0).asText();
    Types.NestedField field = schema.findField(name);
    if (field == null || schema.asStruct().field(name) == null) {
      return null;
    }
    return new Col(name, field.type());
  }

  /**
   * The Java value of a constant (a literal or a cast literal) for a column type, or null when it
   * cannot be converted exactly.
   */
  static Object literal(JsonNode node, Type type) {
    String cls = node.path("class").asText();
    if (cls.equals("CAST")) {
      return literal(node.path("child"), type);
    }
    if (!cls.equals("CONSTANT")) {
      return null;
    }
    JsonNode value = node.path("value");
    if (value.path("is_null").asBoolean(true)) {
      return null;
    }
    String typeId = value.path("type").path("id").asText();
    JsonNode raw = value.path("value");
    try {
      switch (type.typeId()) {
        case BOOLEAN:
          if (typeId.equals("BOOLEAN")) {
            return raw.asBoolean();
          }
          if (typeId.equals("VARCHAR")) {
            String s = raw.asText().toLowerCase(Locale.ROOT);
            return s.equals("t") || s.equals("true")
                ? Boolean.TRUE
                : s.equals("f") || s.equals("false") ? Boolean.FALSE : null;
          }
          return null;
        case INTEGER:
          {
            BigDecimal n = number(typeId, raw, value);
            return n == null ? null : n.intValueExact();
          }
        case LONG:
          {
            BigDecimal n = number(typeId, raw, value);
            return n == null ? null : n.longValueExact();
          }
        case FLOAT:
        case DOUBLE:
          {
            String text;
            if (typeId.equals("VARCHAR")) {
              text = raw.asText();
            } else {
              BigDecimal n = number(typeId, raw, value);
              if (n == null) {
                text = raw.asText();
              } else {
                text = n.toString();
              }
            }
            boolean isFloat = type.typeId() == Type.TypeID.FLOAT;
            switch (text.trim().toLowerCase(Locale.ROOT)) {
              case "nan":
                return isFloat ? (Object) Float.NaN : (Object) Double.NaN;
              case "inf":
              case "infinity":
                return isFloat
                    ? (Object) Float.POSITIVE_INFINITY
                    : (Object) Double.POSITIVE_INFINITY;
              case "-inf":
              case "-infinity":
                return isFloat
                    ? (Object) Float.NEGATIVE_INFINITY
                    : (Object) Double.NEGATIVE_INFINITY;
              default:
                return isFloat
                    ? (Object) Float.parseFloat(text)
                    : (Object) Double.parseDouble(text);
            }
          }
        case DECIMAL:
          {
            BigDecimal n = number(typeId, raw, value);
            if (n == null) {
              return null;
            }
            return n.setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY);
          }
        case STRING:
          return typeId.equals("VARCHAR") ? raw.asText() : null;
        case DATE:
          return typeId.equals("VARCHAR")
              ? (Object) (int) LocalDate.parse(raw.asText()).toEpochDay()
              : null;
        case TIMESTAMP:
          {
            if (!typeId.equals("VARCHAR")) {
              return null;
            }
            if (((Types.TimestampType) type).shouldAdjustToUTC()) {
              OffsetDateTime t = OffsetDateTime.parse(raw.asText(), TIMESTAMPTZ);
              return ChronoUnit.MICROS.between(
                  OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), t);
            }
            LocalDateTime t = LocalDateTime.parse(raw.asText(), TIMESTAMP);
            if (t.getNano() % 1000 != 0) {
              return null;
            }
            return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), t);
          }
        default:
          return null;
      }
    } catch (RuntimeException e) {
      return null; // not exactly convertible (out of range, other scale, other format)
    }
  }

  /** The numeric value of an integer or decimal constant, or null. */
  private static BigDecimal number(String typeId, JsonNode raw, JsonNode value) {
    switch (typeId) {
      case "TINYINT":
      case "SMALLINT":
      case "INTEGER":
      case "BIGINT":
      case "UTINYINT":
      case "USMALLINT":
      case "UINTEGER":
        return new BigDecimal(raw.bigIntegerValue());
      case "UBIGINT":
        return new BigDecimal(new BigInteger(raw.asText()));
      case "HUGEINT":
        {
          BigInteger upper = raw.path("upper").bigIntegerValue();
          BigInteger lower = new BigInteger(raw.path("lower").asText());
          return new BigDecimal(upper.shiftLeft(64).add(lower));
        }
      case "DECIMAL":
        {
          int scale = value.path("type").path("type_info").path("scale").asInt();
          BigInteger unscaled;
          if (raw.isObject()) {
            unscaled =
                raw.path("upper")
                    .bigIntegerValue()
                    .shiftLeft(64)
                    .add(new BigInteger(raw.path("lower").asText()));
          } else {
            unscaled = new BigInteger(raw.asText());
          }
          return new BigDecimal(unscaled, scale);
        }
      default:
        return null;
    }
  }
}
