package io.floe.impl.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionUtil;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.expressions.Not;
import org.apache.iceberg.expressions.Or;
import org.apache.iceberg.expressions.UnboundPredicate;
import org.apache.iceberg.types.Types;

/**
 * Random expressions printed in the filter grammar parse back to the same expression: the same tree
 * (printed form) and an equivalent bound filter, with full parentheses and with only the
 * parentheses precedence needs ({@code not} over {@code and} over {@code or}, left-associative).
 */
class FilterParserProperties {
  private static final Types.StructType STRUCT =
      Types.StructType.of(
          Types.NestedField.optional(1, "a", Types.LongType.get()),
          Types.NestedField.optional(2, "s", Types.StringType.get()),
          Types.NestedField.optional(3, "x", Types.DoubleType.get()),
          Types.NestedField.optional(4, "d", Types.DateType.get()),
          Types.NestedField.optional(5, "ts", Types.TimestampType.withoutZone()),
          Types.NestedField.optional(6, "my col", Types.StringType.get()),
          Types.NestedField.optional(7, "u", Types.UUIDType.get()),
          Types.NestedField.optional(8, "bin", Types.BinaryType.get()),
          Types.NestedField.optional(9, "flag", Types.BooleanType.get()),
          Types.NestedField.optional(
              10,
              "n",
              Types.StructType.of(Types.NestedField.optional(11, "y", Types.LongType.get()))));

  @Property(tries = 500)
  void printedExpressionsParseBack(@ForAll("expressions") Expression expr) {
    for (boolean minimal : new boolean[] {false, true}) {
      String text = print(expr, minimal);
      Expression parsed = FilterParser.parse(text);
      assertThat(parsed.toString()).as(text).isEqualTo(expr.toString());
      assertThat(ExpressionUtil.equivalent(expr, parsed, STRUCT, true)).as(text).isTrue();
    }
  }

  // ---- generation

  @Provide
  Arbitrary<Expression> expressions() {
    return expression(4);
  }

  private Arbitrary<Expression> expression(int depth) {
    if (depth == 0) {
      return predicate();
    }
    Arbitrary<Expression> child = expression(depth - 1);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, predicate()),
        net.jqwik.api.Tuple.of(
            2, net.jqwik.api.Combinators.combine(child, child).as(Expressions::and)),
        net.jqwik.api.Tuple.of(
            2, net.jqwik.api.Combinators.combine(child, child).as(Expressions::or)),
        net.jqwik.api.Tuple.of(1, child.map(Expressions::not)),
        net.jqwik.api.Tuple.of(
            1, Arbitraries.of(Expressions.alwaysTrue(), Expressions.alwaysFalse())));
  }

  private Arbitrary<Expression> predicate() {
    Arbitrary<Long> longs = Arbitraries.longs();
    Arbitrary<String> strings =
        Arbitraries.strings().ofMaxLength(8).withChars("ab'\"%_\\ é\n").withCharRange('a', 'z');
    Arbitrary<Double> doubles = Arbitraries.doubles().filter(d -> !d.isNaN() && !d.isInfinite());
    Arbitrary<Object> dates =
        Arbitraries.integers()
            .between(-20_000, 40_000)
            .map(d -> Literal.of(LocalDate.ofEpochDay(d).toString()).to(Types.DateType.get()));
    Arbitrary<Object> timestamps =
        Arbitraries.longs()
            .between(-2_000_000_000_000L, 4_000_000_000_000L)
            .map(
                s ->
                    Literal.of(
                            LocalDateTime.ofEpochSecond(
                                    s / 1000,
                                    (int) Math.floorMod(s, 1000L) * 1_000_000,
                                    java.time.ZoneOffset.UTC)
                                .toString())
                        .to(Types.TimestampType.withoutZone()));
    Arbitrary<Object> uuids = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()));
    Arbitrary<Object> bytes =
        Arbitraries.bytes().array(byte[].class).ofMaxSize(6).map(ByteBuffer::wrap);
    Arbitrary<Expression> comparisons =
        Arbitraries.oneOf(
            comparison(Arbitraries.of("a", "n.y"), longs.map(v -> v)),
            comparison(Arbitraries.of("s", "my col"), strings.map(v -> v)),
            comparison(Arbitraries.just("x"), doubles.map(v -> v)),
            comparison(Arbitraries.just("d"), dates),
            comparison(Arbitraries.just("ts"), timestamps),
            comparison(Arbitraries.just("u"), uuids),
            comparison(Arbitraries.just("bin"), bytes),
            comparison(Arbitraries.just("flag"), Arbitraries.of(true, false)));
    Arbitrary<String> columns = Arbitraries.of("a", "s", "x", "my col", "n.y");
    return Arbitraries.oneOf(
        comparisons,
        columns.map(Expressions::isNull),
        columns.map(Expressions::notNull),
        Arbitraries.just(Expressions.isNaN("x")),
        Arbitraries.just(Expressions.notNaN("x")),
        net.jqwik.api.Combinators.combine(
                Arbitraries.of(true, false), Arbitraries.of("s", "my col"), strings)
            .as(
                (negated, c, p) ->
                    negated ? Expressions.notStartsWith(c, p) : Expressions.startsWith(c, p)),
        net.jqwik.api.Combinators.combine(
                Arbitraries.of(true, false), longs.list().ofMinSize(1).ofMaxSize(4))
            .as(
                (negated, values) ->
                    negated ? Expressions.notIn("a", values) : Expressions.in("a", values)),
        net.jqwik.api.Combinators.combine(
                Arbitraries.of(true, false), strings.list().ofMinSize(1).ofMaxSize(3))
            .as(
                (negated, values) ->
                    negated ? Expressions.notIn("s", values) : Expressions.in("s", values)));
  }

  private static Arbitrary<Expression> comparison(
      Arbitrary<String> columns, Arbitrary<Object> values) {
    Arbitrary<Expression.Operation> ops =
        Arbitraries.of(
            Expression.Operation.EQ,
            Expression.Operation.NOT_EQ,
            Expression.Operation.LT,
            Expression.Operation.LT_EQ,
            Expression.Operation.GT,
            Expression.Operation.GT_EQ);
    return net.jqwik.api.Combinators.combine(ops, columns, values)
        .as(
            (op, column, value) ->
                value instanceof Literal<?> lit
                    ? Expressions.predicate(op, column, lit)
                    : Expressions.predicate(op, column, value));
  }

  // ---- printing in the filter grammar

  private static int precedence(Expression e) {
    switch (e.op()) {
      case OR:
        return 1;
      case AND:
        return 2;
      case NOT:
        return 3;
      default:
        return 4;
    }
  }

  private static String print(Expression e, boolean minimal) {
    switch (e.op()) {
      case TRUE:
        return "true";
      case FALSE:
        return "FALSE";
      case AND:
        return binary(((And) e).left(), ((And) e).right(), "and", 2, minimal);
      case OR:
        return binary(((Or) e).left(), ((Or) e).right(), "OR", 1, minimal);
      case NOT:
        Expression child = ((Not) e).child();
        return "not " + wrap(print(child, minimal), !minimal || precedence(child) < 3);
      default:
        return predicate((UnboundPredicate<?>) e);
    }
  }

  private static String binary(
      Expression left, Expression right, String op, int prec, boolean minimal) {
    return "(".repeat(minimal ? 0 : 1)
        + wrap(print(left, minimal), minimal && precedence(left) < prec)
        + " "
        + op
        + " "
        + wrap(print(right, minimal), minimal && precedence(right) <= prec)
        + ")".repeat(minimal ? 0 : 1);
  }

  private static String wrap(String text, boolean parens) {
    return parens ? "(" + text + ")" : text;
  }

  private static String predicate(UnboundPredicate<?> p) {
    String column = name(p.ref().name());
    switch (p.op()) {
      case IS_NULL:
        return column + " is null";
      case NOT_NULL:
        return column + " IS NOT NULL";
      case IS_NAN:
        return column + " is nan";
      case NOT_NAN:
        return column + " is not NaN";
      case STARTS_WITH:
        return column + " like " + likePrefix(p.literal().value().toString());
      case NOT_STARTS_WITH:
        return column + " not like " + likePrefix(p.literal().value().toString());
      case IN:
        return column
            + " in ("
            + p.literals().stream().map(l -> literal(l, p)).collect(Collectors.joining(", "))
            + ")";
      case NOT_IN:
        return column
            + " not in ("
            + p.literals().stream().map(l -> literal(l, p)).collect(Collectors.joining(","))
            + ")";
      default:
        String op =
            switch (p.op()) {
              case EQ -> "=";
              case NOT_EQ -> "<>";
              case LT -> "<";
              case LT_EQ -> "<=";
              case GT -> ">";
              case GT_EQ -> ">=";
              default -> throw new IllegalStateException(p.op().toString());
            };
        return column + " " + op + " " + literal(p.literal(), p);
    }
  }

  private static String name(String dotted) {
    return List.of(dotted.split("\\.")).stream()
        .map(
            part ->
                part.matches("[a-z]+") && !part.equals("in")
                    ? part
                    : "\"" + part.replace("\"", "\"\"") + "\"")
        .collect(Collectors.joining("."));
  }

  private static String likePrefix(String prefix) {
    return quote(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String literal(Literal<?> lit, UnboundPredicate<?> p) {
    Object v = lit.value();
    String column = p.ref().name();
    if (column.equals("d")) {
      return "date '" + LocalDate.ofEpochDay((Integer) v) + "'";
    }
    if (column.equals("ts")) {
      long micros = (Long) v;
      return "timestamp '"
          + LocalDateTime.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L),
              (int) Math.floorMod(micros, 1_000_000L) * 1000,
              java.time.ZoneOffset.UTC)
          + "'";
    }
    if (v instanceof CharSequence s) {
      return quote(s.toString());
    }
    if (v instanceof Double d) {
      return d + (d.toString().contains("E") ? "" : "e0");
    }
    if (v instanceof UUID u) {
      return "UUID '" + u + "'";
    }
    if (v instanceof ByteBuffer b) {
      StringBuilder hex = new StringBuilder("x'");
      ByteBuffer copy = b.duplicate();
      while (copy.hasRemaining()) {
        hex.append(String.format("%02x", copy.get()));
      }
      return hex.append("'").toString();
    }
    return String.valueOf(v);
  }
}
