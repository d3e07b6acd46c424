package io.floe.impl.read;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThan;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.in;
import static org.apache.iceberg.expressions.Expressions.isNaN;
import static org.apache.iceberg.expressions.Expressions.isNull;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.iceberg.expressions.Expressions.not;
import static org.apache.iceberg.expressions.Expressions.notEqual;
import static org.apache.iceberg.expressions.Expressions.notIn;
import static org.apache.iceberg.expressions.Expressions.notNaN;
import static org.apache.iceberg.expressions.Expressions.notNull;
import static org.apache.iceberg.expressions.Expressions.notStartsWith;
import static org.apache.iceberg.expressions.Expressions.or;
import static org.apache.iceberg.expressions.Expressions.startsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Floe's filter semantics on single values: three-valued logic, IEEE floats, unsigned bytes. */
class RowFilterTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "x", Types.IntegerType.get()),
          Types.NestedField.optional(3, "d", Types.DoubleType.get()),
          Types.NestedField.optional(4, "s", Types.StringType.get()),
          Types.NestedField.optional(5, "u", Types.UUIDType.get()),
          Types.NestedField.optional(6, "f", Types.FixedType.ofLength(2)),
          Types.NestedField.optional(7, "dec", Types.DecimalType.of(9, 2)),
          Types.NestedField.required(8, "ru", Types.UUIDType.get()));

  private static boolean matches(Expression filter, String column, Object value) {
    Record r = GenericRecord.create(SCHEMA);
    r.setField("id", 1L);
    r.setField("ru", new UUID(0, 0));
    r.setField(column, value);
    return RowFilter.of(SCHEMA.asStruct(), filter, true).test(r);
  }

  @Test
  void everyComparisonIsUnknownOnNullAndNotKeepsItUnknown() {
    for (Expression p :
        new Expression[] {
          lessThan("x", 10),
          greaterThan("x", 10),
          equal("x", 1),
          notEqual("x", 1),
          in("x", 1, 2),
          notIn("x", 1, 2),
          in("s", "a", "b"),
          notIn("s", "a", "b"),
          startsWith("s", "a"),
          notStartsWith("s", "a")
        }) {
      String column = p.toString().contains("\"s\"") ? "s" : "x";
      assertThat(matches(p, column, null)).as("%s on null", p).isFalse();
      assertThat(matches(not(p), column, null)).as("not %s on null", p).isFalse();
    }
    assertThat(matches(isNull("x"), "x", null)).isTrue();
    assertThat(matches(notNull("x"), "x", null)).isFalse();
    assertThat(matches(isNaN("d"), "d", null)).isFalse();
    assertThat(matches(notNaN("d"), "d", null)).isTrue();
    // Kleene: TRUE or UNKNOWN is TRUE, FALSE and UNKNOWN is FALSE (so its not is TRUE)
    assertThat(matches(or(isNull("x"), lessThan("x", 10)), "x", null)).isTrue();
    assertThat(matches(not(and(notNull("x"), lessThan("x", 10))), "x", null)).isTrue();
    assertThat(matches(not(and(isNull("x"), lessThan("x", 10))), "x", null)).isFalse();
    // a literal beyond the int range: Iceberg binds it to "always true", still UNKNOWN for null
    assertThat(matches(lessThan("x", 3_000_000_000L), "x", null)).isFalse();
    assertThat(matches(lessThan("x", 3_000_000_000L), "x", 5)).isTrue();
  }

  @Test
  void floatsFollowIeee() {
    assertThat(matches(greaterThan("d", 1.0), "d", Double.NaN)).isFalse();
    assertThat(matches(lessThan("d", 1.0), "d", Double.NaN)).isFalse();
    assertThat(matches(not(greaterThan("d", 1.0)), "d", Double.NaN)).isTrue();
    assertThat(matches(notEqual("d", 1.0), "d", Double.NaN)).isTrue();
    assertThat(matches(notIn("d", 1.0, 2.0), "d", Double.NaN)).isTrue();
    assertThat(matches(in("d", 1.0, 2.0), "d", Double.NaN)).isFalse();
    assertThat(matches(equal("d", 0.0), "d", -0.0)).isTrue();
    assertThat(matches(in("d", -0.0, 5.0), "d", 0.0)).isTrue();
    assertThat(matches(lessThan("d", 0.0), "d", -0.0)).isFalse();
    assertThat(matches(notEqual("d", 0.0), "d", -0.0)).isFalse();
  }

  @Test
  void bytesAndUuidsOrderUnsignedStringsByCodePoint() {
    UUID low = UUID.fromString("00000001-0000-0000-0000-000000000000");
    UUID high = UUID.fromString("f4dc54d4-0000-0000-0000-000000000000");
    assertThat(matches(lessThan("u", high), "u", low)).isTrue();
    assertThat(matches(greaterThan("u", low), "u", high)).isTrue();
    assertThat(
            matches(
                lessThan("f", ByteBuffer.wrap(new byte[] {(byte) 0xf0, 0})),
                "f",
                ByteBuffer.wrap(new byte[] {1, 2})))
        .isTrue();
    assertThat(
            matches(
                in("f", ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {9, 9})),
                "f",
                ByteBuffer.wrap(new byte[] {1, 2})))
        .isTrue();
    // U+FF61 sorts before U+1F600 by code point, after it by UTF-16 unit
    assertThat(matches(lessThan("s", "\uD83D\uDE00"), "s", "\uFF61")).isTrue();
    assertThat(matches(equal("dec", new BigDecimal("1.50")), "dec", new BigDecimal("1.50")))
        .isTrue();
  }

  @Test
  void pruningNeverUsesUuidOrderAndCoversBothZeros() {
    UUID high = UUID.fromString("f4dc54d4-0000-0000-0000-000000000000");
    Types.StructType struct = SCHEMA.asStruct();
    assertThat(Filters.pruningOf(lessThan("u", high), struct, true).toString())
        .isEqualTo(notNull("u").toString());
    assertThat(Filters.pruningOf(lessThan("ru", high), struct, true).toString())
        .isEqualTo(notNull("ru").toString());
    assertThat(Filters.pruning(equal("u", high), struct, true, true).toString())
        .isEqualTo(equal("u", high).toString());
    assertThat(Filters.pruningOf(equal("d", 0.0), struct, true).toString())
        .contains("-0.0")
        .contains("0.0");
    assertThat(Filters.pruningOf(greaterThanOrEqual("d", 0.0), struct, true).toString())
        .isEqualTo(greaterThanOrEqual("d", -0.0).toString());
    // Iceberg's evaluators fail on in over a null string partition value
    assertThat(Filters.pruningOf(in("s", "a", "b"), struct, true).toString())
        .isEqualTo(or(equal("s", "a"), equal("s", "b")).toString());
    assertThat(Filters.normalize(not(lessThan("d", 1.0)), struct, true).toString())
        .isEqualTo(or(greaterThanOrEqual("d", 1.0), isNaN("d")).toString());
  }

  @Test
  void residualsOfIdentityPartitionsFollowTheSemantics() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).identity("x").build();
    Expression filter = Filters.normalize(lessThan("x", 10), SCHEMA.asStruct(), true);
    org.apache.iceberg.PartitionData nullPartition =
        new org.apache.iceberg.PartitionData(spec.partitionType());
    nullPartition.set(0, null);
    org.apache.iceberg.PartitionData five =
        new org.apache.iceberg.PartitionData(spec.partitionType());
    five.set(0, 5);
    // Iceberg's ResidualEvaluator says "always true" for the null partition (nulls sort first)
    assertThat(Filters.residual(filter, spec, nullPartition, true))
        .isEqualTo(Expressions.alwaysFalse());
    assertThat(Filters.residual(filter, spec, five, true)).isEqualTo(Expressions.alwaysTrue());
    Expression notIn = Filters.normalize(notIn("x", 1, 2), SCHEMA.asStruct(), true);
    assertThat(Filters.residual(notIn, spec, nullPartition, true))
        .isEqualTo(Expressions.alwaysFalse());
  }
}
