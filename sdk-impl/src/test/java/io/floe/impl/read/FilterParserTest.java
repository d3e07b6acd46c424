package io.floe.impl.read;

import static org.apache.iceberg.expressions.Expressions.alwaysFalse;
import static org.apache.iceberg.expressions.Expressions.alwaysTrue;
import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThan;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.in;
import static org.apache.iceberg.expressions.Expressions.isNaN;
import static org.apache.iceberg.expressions.Expressions.isNull;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.iceberg.expressions.Expressions.lessThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.not;
import static org.apache.iceberg.expressions.Expressions.notEqual;
import static org.apache.iceberg.expressions.Expressions.notIn;
import static org.apache.iceberg.expressions.Expressions.notNaN;
import static org.apache.iceberg.expressions.Expressions.notNull;
import static org.apache.iceberg.expressions.Expressions.notStartsWith;
import static org.apache.iceberg.expressions.Expressions.or;
import static org.apache.iceberg.expressions.Expressions.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.ValidationException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionUtil;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every construct of {@link FilterParser}'s grammar, and every error with its position. */
class FilterParserTest {
  private static final Types.StructType STRUCT =
      Types.StructType.of(
          Types.NestedField.optional(1, "a", Types.LongType.get()),
          Types.NestedField.optional(2, "b", Types.LongType.get()),
          Types.NestedField.optional(3, "c", Types.LongType.get()),
          Types.NestedField.optional(4, "s", Types.StringType.get()),
          Types.NestedField.optional(5, "x", Types.DoubleType.get()),
          Types.NestedField.optional(6, "my col", Types.StringType.get()),
          Types.NestedField.optional(
              7,
              "n",
              Types.StructType.of(Types.NestedField.optional(8, "y", Types.IntegerType.get()))));

  /** The same tree: compared by its printed form, which shows every operator and parenthesis. */
  private static void assertParses(String text, Expression expected) {
    assertThat(FilterParser.parse(text).toString()).isEqualTo(expected.toString());
  }

  @Test
  void comparisonsWithEveryOperator() {
    assertParses("a = 1", equal("a", 1L));
    assertParses("a == 1", equal("a", 1L));
    assertParses("a != 1", notEqual("a", 1L));
    assertParses("a <> 1", notEqual("a", 1L));
    assertParses("a < 1", lessThan("a", 1L));
    assertParses("a <= 1", lessThanOrEqual("a", 1L));
    assertParses("a > 1", greaterThan("a", 1L));
    assertParses("a >= 1", greaterThanOrEqual("a", 1L));
    assertParses("a>=-1", greaterThanOrEqual("a", -1L));
  }

  @Test
  void aLiteralOnTheLeftIsFlipped() {
    assertParses("1 < a", greaterThan("a", 1L));
    assertParses("1 <= a", greaterThanOrEqual("a", 1L));
    assertParses("1 > a", lessThan("a", 1L));
    assertParses("1 >= a", lessThanOrEqual("a", 1L));
    assertParses("'x' = s", equal("s", "x"));
    assertParses("true = flag", equal("flag", true));
  }

  @Test
  void precedenceNotThenAndThenOr() {
    assertParses(
        "a = 1 or b = 2 and c = 3", or(equal("a", 1L), and(equal("b", 2L), equal("c", 3L))));
    assertParses(
        "a = 1 and b = 2 or c = 3", or(and(equal("a", 1L), equal("b", 2L)), equal("c", 3L)));
    assertParses(
        "(a = 1 or b = 2) and c = 3", and(or(equal("a", 1L), equal("b", 2L)), equal("c", 3L)));
    assertParses("not a = 1 and b = 2", and(not(equal("a", 1L)), equal("b", 2L)));
    assertParses("not (a = 1 and b = 2)", not(and(equal("a", 1L), equal("b", 2L))));
    assertParses("not not a = 1", not(not(equal("a", 1L))));
    assertParses("a = 1 or b = 2 or c = 3", or(or(equal("a", 1L), equal("b", 2L)), equal("c", 3L)));
  }

  @Test
  void keywordsIgnoreCase() {
    assertParses(
        "A = 1 AND b IS NOT NULL Or NOT c In (1, 2)",
        or(and(equal("A", 1L), notNull("b")), not(in("c", 1L, 2L))));
  }

  @Test
  void nullNanInBetweenLike() {
    assertParses("a is null", isNull("a"));
    assertParses("a is not null", notNull("a"));
    assertParses("x is nan", isNaN("x"));
    assertParses("x is not nan", notNaN("x"));
    assertParses("a in (1, 2, 3)", in("a", 1L, 2L, 3L));
    assertParses("s not in ('p', 'q')", notIn("s", "p", "q"));
    assertParses("a between 1 and 5", and(greaterThanOrEqual("a", 1L), lessThanOrEqual("a", 5L)));
    assertParses(
        "a not between 1 and 5 and b = 2",
        and(not(and(greaterThanOrEqual("a", 1L), lessThanOrEqual("a", 5L))), equal("b", 2L)));
    assertParses("s like 'ab%'", startsWith("s", "ab"));
    assertParses("s not like 'ab%'", notStartsWith("s", "ab"));
    assertParses("s like 'ab'", equal("s", "ab"));
    assertParses("s not like 'ab'", notEqual("s", "ab"));
    assertParses("s like '50\\%\\_%'", startsWith("s", "50%_"));
    assertParses("true", alwaysTrue());
    assertParses("FALSE", alwaysFalse());
    assertParses("true and a = 1", and(alwaysTrue(), equal("a", 1L)));
  }

  @Test
  void literals() {
    assertParses("a = 12345678901", equal("a", 12345678901L));
    assertParses("a = 99999999999999999999", equal("a", new BigDecimal("99999999999999999999")));
    assertParses("x = 1.25", equal("x", new BigDecimal("1.25")));
    assertParses("x = -.5", equal("x", new BigDecimal("-0.5")));
    assertParses("x = 1.5e3", equal("x", 1500.0));
    assertParses("x = 2E-2", equal("x", 0.02));
    assertParses("s = 'it''s'", equal("s", "it's"));
    assertParses("s = ''", equal("s", ""));
    assertParses("s = 'and or ( )'", equal("s", "and or ( )"));
    assertParses("flag = false", equal("flag", false));
    assertParses(
        "d = date '2026-01-31'", equal("d", Literal.of("2026-01-31").to(Types.DateType.get())));
    assertParses(
        "t < time '12:30'", lessThan("t", Literal.of("12:30:00").to(Types.TimeType.get())));
    assertParses(
        "ts >= timestamp '2026-01-01'",
        greaterThanOrEqual(
            "ts", Literal.of("2026-01-01T00:00:00").to(Types.TimestampType.withoutZone())));
    assertParses(
        "ts >= timestamp '2026-01-01 12:30:01.5'",
        greaterThanOrEqual(
            "ts", Literal.of("2026-01-01T12:30:01.5").to(Types.TimestampType.withoutZone())));
    assertParses(
        "ts >= TIMESTAMPTZ '2026-01-01T01:00:00+01:00'",
        greaterThanOrEqual(
            "ts", Literal.of("2026-01-01T00:00:00Z").to(Types.TimestampType.withZone())));
    assertParses(
        "ts >= timestamptz '2026-01-01'",
        greaterThanOrEqual(
            "ts", Literal.of("2026-01-01T00:00:00Z").to(Types.TimestampType.withZone())));
    assertParses(
        "ts = timestamp '2026-01-01 00:00:00.000000001'",
        equal(
            "ts",
            Literal.of("2026-01-01T00:00:00.000000001").to(Types.TimestampNanoType.withoutZone())));
    UUID id = UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7");
    assertParses("u = uuid 'f79c3e09-677c-4bbd-a479-3f349cb785e7'", equal("u", id));
    assertParses("b = x'0aFF'", equal("b", ByteBuffer.wrap(new byte[] {0x0a, (byte) 0xff})));
    assertParses("b = X''", equal("b", ByteBuffer.wrap(new byte[0])));
  }

  @Test
  void quotedAndNestedNames() {
    assertParses("\"my col\" = 'v'", equal("my col", "v"));
    assertParses("\"and\" = 1", equal("and", 1L));
    assertParses("\"a\"\"b\" = 1", equal("a\"b", 1L));
    assertParses("n.y = 1", equal("n.y", 1L));
    assertParses("\"n\".y > 1", greaterThan("n.y", 1L));
    assertParses(
        "date = 1",
        equal("date", 1L)); // a typed-literal keyword is a column unless a string follows
  }

  @Test
  void theParsedFilterBindsLikeTheBuiltOne() {
    Expression parsed =
        FilterParser.parse(
            "\"my col\" like 'p%' and not (a < 1 or n.y in (1, 2)) and x is not nan");
    Expression built =
        and(
            and(startsWith("my col", "p"), not(or(lessThan("a", 1L), in("n.y", 1, 2)))),
            notNaN("x"));
    assertThat(ExpressionUtil.equivalent(parsed, built, STRUCT, true)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "a = 1 xx|7|'xx'|expected 'and', 'or' or the end of the filter",
        "a =|4|end of filter|expected a literal",
        "a 1|3|'1'|expected a comparison operator",
        "(a = 1|7|end of filter|expected ')' to close the '(' at position 1",
        "a = null|5|'null'|null can only follow 'is'",
        "a is 1|6|'1'|expected 'null' or 'nan' after 'is'",
        "a is not foo|10|'foo'|expected 'null' or 'nan' after 'is not'",
        "a in 1|6|'1'|expected '(' after 'in'",
        "a in (1 2)|9|'2'|expected ',' or ')' in the list of 'in'",
        "a in ()|7|')'|expected a literal",
        "a between 1 or 2|13|'or'|expected 'and' between the bounds of 'between'",
        "s like 5|8|'5'|expected a quoted pattern after 'like'",
        "s like '%ab'|8|'%ab'|only a prefix pattern ('abc%') is supported: the '%' at character 1",
        "s like 'a_b%'|8|'a_b%'|the '_' at character 2 of the pattern is a wildcard",
        "a not 1|7|'1'|expected 'in', 'between' or 'like' after 'not'",
        "a = b|5|'b'|comparing two columns is not supported",
        "s = 'abc|5|'abc|unterminated string",
        "\"ab = 1|1|\"ab = 1|unterminated quoted name",
        "a # 1|3|'#'|this character is not part of the filter grammar",
        "and = 1|1|'and'|'and' is a keyword; quote a column of that name as \"and\"",
        "= 1|1|'='|expected a column name",
        "d = date '2026-13-01'|10|'2026-13-01'|invalid date '2026-13-01': expected yyyy-mm-dd",
        "t = time '25:00'|10|'25:00'|invalid time",
        "ts = timestamp 'yesterday'|16|'yesterday'|invalid timestamp 'yesterday'",
        "u = uuid '1-2-3-4-5'|10|'1-2-3-4-5'|invalid uuid '1-2-3-4-5'",
        "b = x'abc'|5|x'abc'|invalid binary literal",
        "x = 1e999|5|'1e999'|too large for a double",
        "1 = 2|5|'2'|expected a column name",
        "a = 1 and|10|end of filter|expected a column name",
        "|1|end of filter|expected a column name",
      })
  void errorsShowTheOffendingTokenAndItsPosition(
      String text, int position, String token, String problem) {
    String filter = text == null ? "" : text;
    assertThatThrownBy(() -> FilterParser.parse(filter, "db.t"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith(
            "Invalid filter for table db.t at position "
                + position
                + ": unexpected "
                + token
                + "; ")
        .hasMessageContaining(problem)
        // the text, then a caret under the token
        .hasMessageEndingWith("\n  " + filter + "\n  " + " ".repeat(position - 1) + "^")
        .satisfies(e -> assertThat(((ValidationException) e).table()).contains("db.t"));
  }

  @Test
  void unknownColumnsAndWrongLiteralsAreLeftToBinding() {
    // the parser knows no schema: the scan binds and names the table and column (ScanApiTest)
    Expression e = FilterParser.parse("nope = 'x'");
    assertThat(e.toString()).contains("nope");
    assertThat(List.of(FilterParser.parse("a = 'not a number'"))).hasSize(1);
  }
}
