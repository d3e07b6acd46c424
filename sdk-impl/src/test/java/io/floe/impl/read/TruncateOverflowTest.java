package io.floe.impl.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.FloeTable;
import io.floe.WriteMode;
import io.floe.impl.InMemoryFloe;
import io.floe.impl.TestTables;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Iceberg's {@code truncate} of an int or long within one width of the type's minimum overflows
 * ({@code truncate(10)} of {@code Long.MIN_VALUE} is {@code Long.MAX_VALUE - 1}); pruning by that
 * partition value and residuals from its strict projection must neither hide nor over-delete the
 * row. Found by the differential suite (ReadPathsDifferentialProperties, seed 4900305938131342456).
 */
class TruncateOverflowTest {
  @RegisterExtension static final InMemoryFloe FLOE = new InMemoryFloe();

  enum Kind {
    INT(Types.IntegerType.get(), Integer.MIN_VALUE),
    LONG(Types.LongType.get(), Long.MIN_VALUE);

    final Type type;
    final Object min;

    Kind(Type type, Object min) {
      this.type = type;
      this.min = min;
    }

    Object of(int value) {
      return this == INT ? (Object) value : (Object) (long) value;
    }

    /** The type's minimum plus an offset. */
    Object aboveMin(int offset) {
      return this == INT
          ? (Object) (Integer.MIN_VALUE + offset)
          : (Object) (Long.MIN_VALUE + offset);
    }
  }

  private static FloeTable table(Kind kind) {
    FloeTable table =
        FLOE.createTable()
            .column("id", Types.LongType.get())
            .required()
            .column("c", kind.type)
            .partitionBy(p -> p.truncate("c", 10))
            .create();
    table.newAppend().row(Map.of("id", 1L, "c", kind.min)).commit();
    table.newAppend().row(Map.of("id", 2L, "c", kind.of(5))).commit();
    return table;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theMinimumIsFoundByRangeFilters(Kind kind) {
    FloeTable table = table(kind);
    assertThat(ids(table, Expressions.lessThan("c", kind.of(0)))).containsExactly(1L);
    assertThat(table.newScan().where(Expressions.lessThan("c", kind.of(0))).count()).isEqualTo(1L);
    assertThat(ids(table, Expressions.greaterThan("c", kind.of(0)))).containsExactly(2L);
    assertThat(table.newScan().where(Expressions.greaterThan("c", kind.of(0))).count())
        .isEqualTo(1L);
  }

  /**
   * A lower bound within one width of the minimum ({@code c > MIN}) projects through the
   * overflowing truncation to "partition at least near the maximum": it must not prune the
   * partitions of ordinary values. Found by ReadPathsDifferentialProperties (seed
   * -3935256689102796414: {@code c > Long.MIN_VALUE} on {@code truncate(10)} hid {@code c = 0}).
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void lowerBoundsNearTheMinimumKeepOrdinaryValues(Kind kind) {
    FloeTable table = table(kind);
    List<Expression> aboveTheMinimum =
        List.of(
            Expressions.greaterThan("c", kind.aboveMin(0)),
            Expressions.greaterThanOrEqual("c", kind.aboveMin(1)),
            Expressions.greaterThan("c", kind.aboveMin(8)),
            Expressions.not(Expressions.lessThan("c", kind.aboveMin(1))),
            Expressions.and(
                Expressions.greaterThan("c", kind.aboveMin(0)),
                Expressions.lessThan("c", kind.of(100))),
            Expressions.or(
                Expressions.greaterThan("c", kind.aboveMin(0)), Expressions.equal("id", -1L)));
    for (Expression filter : aboveTheMinimum) {
      assertThat(ids(table, filter)).as("%s", filter).containsExactly(2L);
      assertThat(table.newScan().where(filter).count()).as("count %s", filter).isEqualTo(1L);
    }
    assertThat(ids(table, Expressions.greaterThanOrEqual("c", kind.min))).containsExactly(1L, 2L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aDeleteAboveTheMinimumKeepsOnlyTheMinimum(Kind kind) {
    for (WriteMode mode : WriteMode.values()) {
      FloeTable table = table(kind);
      table.newDelete().where(Expressions.greaterThan("c", kind.aboveMin(0))).mode(mode).commit();
      assertThat(ids(table.refresh(), Expressions.alwaysTrue())).as("%s", mode).containsExactly(1L);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aDeleteOfLargeValuesKeepsTheMinimum(Kind kind) {
    for (WriteMode mode : WriteMode.values()) {
      FloeTable table = table(kind);
      table.newDelete().where(Expressions.greaterThan("c", kind.of(0))).mode(mode).commit();
      assertThat(ids(table.refresh(), Expressions.alwaysTrue())).as("%s", mode).containsExactly(1L);
    }
  }

  private static List<Long> ids(FloeTable table, Expression filter) {
    List<Long> ids = TestTables.idsWhere(table, filter);
    ids.sort(null);
    return ids;
  }
}
