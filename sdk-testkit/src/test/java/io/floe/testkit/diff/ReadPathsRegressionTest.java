package io.floe.testkit.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.testkit.diff.Pred.Col;
import io.floe.testkit.diff.Scenario.Append;
import io.floe.testkit.diff.Scenario.EqDelete;
import io.floe.testkit.diff.Scenario.Layout;
import io.floe.testkit.diff.Scenario.Target;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenarios the differential property ({@link ReadPathsDifferentialProperties}) once falsified,
 * kept as fixed cases so that each runs on every build and not only when the generator happens to
 * find it again.
 */
class ReadPathsRegressionTest {

  @AfterAll
  static void close() {
    DiffRunner.closeAll();
  }

  /**
   * An equality delete of {@code (NaN, true)} on a float and a boolean column: both NaN rows must
   * go (Iceberg's equality deletes match NaN to NaN), on every read path. The data file's float
   * bounds hold only its one other value and the delete file's only its other non-NaN value, so
   * Iceberg's delete index, which compares bounds that leave NaN out, left the delete file out of
   * the task and the deleted rows came back (found by the property with a Bloom filter on the float
   * column, which does not matter).
   */
  @ParameterizedTest(name = "local={0}")
  @ValueSource(booleans = {false, true})
  void equalityDeleteOfNaNOnAFloatColumn(boolean local) {
    List<Col> cols =
        List.of(
            new Col("id", Kind.LONG, false),
            new Col("c1", Kind.DATE, true),
            new Col("c2", Kind.FLOAT, true),
            new Col("c3", Kind.BOOLEAN, true));
    Scenario scenario =
        new Scenario(
            cols,
            2,
            new Layout(2000, 100, false, List.of(3), 0),
            List.of(),
            List.of(
                new Append(
                    true,
                    List.of(
                        Arrays.asList(LocalDate.ofEpochDay(0), Float.NaN, true),
                        Arrays.asList(LocalDate.ofEpochDay(2), Float.MIN_VALUE, true),
                        Arrays.asList(LocalDate.ofEpochDay(-719162), Float.NaN, true))),
                new EqDelete(
                    List.of(2, 3),
                    List.of(
                        new Target(45, List.of()),
                        new Target(-1, Arrays.asList(null, true)),
                        new Target(-1, Arrays.asList(Float.MAX_VALUE, false))),
                    false)),
            List.of(),
            List.of(1, 2),
            local);
    assertThat(new DiffRunner(scenario).run()).isEmpty();
  }

  /**
   * An equality delete on a fixed column that is also the identity partition column, rows in
   * partitions {@code 0x0000} and null, with filters on the fixed column: Floe's paths must drop
   * exactly the deleted partition's rows. (Found as a crash of the oracle's own step that locates
   * rows for position deletes: Iceberg's generic reader gives an identity-partition fixed value as
   * a {@code ByteBuffer}, and its equality-delete check casts it to {@code byte[]}; the runner now
   * skips such a position delete and counts it.)
   */
  @ParameterizedTest(name = "local={0}")
  @ValueSource(booleans = {false, true})
  void equalityDeleteOnAFixedIdentityPartitionColumn(boolean local) {
    List<Col> cols =
        List.of(
            new Col("id", Kind.LONG, false),
            new Col("c1", Kind.FLOAT, true),
            new Col("c2", Kind.FIXED, true),
            new Col("c3", Kind.LONG, true));
    byte[] zero = {0, 0};
    Scenario scenario =
        new Scenario(
            cols,
            2,
            new Layout(0, 20000, true, List.of(), 0),
            List.of(new Scenario.PartField(Scenario.Transform.IDENTITY, 2, 0)),
            List.of(
                new Append(false, List.of(Arrays.asList(null, zero, null))),
                new Append(false, List.of(Arrays.asList(null, null, null))),
                new Append(true, List.of(Arrays.asList(1.0f, new byte[] {1, 2}, 7L))),
                new EqDelete(List.of(2), List.of(new Target(0, List.of())), false),
                new Scenario.PosDelete(List.of(25, 40))),
            List.of(
                new Pred.Cmp(Pred.CmpOp.GT_EQ, 2, new byte[] {0, 0}),
                new Pred.Not(new Pred.Cmp(Pred.CmpOp.LT, 2, new byte[] {1, 2})),
                new Pred.In(true, 2, List.of(new byte[] {0x7e, 0x7e}))),
            List.of(0, 2, 3),
            local);
    assertThat(new DiffRunner(scenario).run()).isEmpty();
  }

  /**
   * A whole-row equality delete on a boolean and a uuid column removing the live row {@code (false,
   * 80000000-0000-0000-0000-000000000000)} (tiny row groups, dictionaries): every read path must
   * drop it. Found by the property in CI on 2026-12-07.
   */
  @ParameterizedTest(name = "local={0}")
  @ValueSource(booleans = {false, true})
  void wholeRowEqualityDeleteOnABooleanAndAUuid(boolean local) {
    List<Col> cols =
        List.of(
            new Col("id", Kind.LONG, false),
            new Col("c1", Kind.LONG, false),
            new Col("c2", Kind.WIDE_DECIMAL, true),
            new Col("c3", Kind.BOOLEAN, true),
            new Col("c4", Kind.FLOAT, false),
            new Col("c5", Kind.UUID_, true));
    List<Object> zero = Arrays.asList(0L, null, null, 0.0f, null);
    Scenario scenario =
        new Scenario(
            cols,
            2,
            new Layout(1, 20000, true, List.of(), 0),
            List.of(),
            List.of(
                new Append(false, List.of(zero, zero, zero)),
                new Append(false, List.of(zero, zero)),
                new Append(
                    false,
                    List.of(
                        zero,
                        zero,
                        Arrays.asList(
                            5L,
                            new java.math.BigDecimal("-9999999999999999999999999999.9999999999"),
                            false,
                            Float.MAX_VALUE,
                            null),
                        Arrays.asList(
                            Long.MIN_VALUE,
                            new java.math.BigDecimal("-0.0000000260"),
                            false,
                            Float.MIN_VALUE,
                            java.util.UUID.fromString("80000000-0000-0000-0000-000000000000")),
                        Arrays.asList(
                            0L,
                            null,
                            true,
                            Float.NaN,
                            java.util.UUID.fromString("80000000-0000-0000-ffff-fffffffffff6")))),
                new EqDelete(
                    List.of(3, 5),
                    List.of(
                        new Target(
                            -1,
                            Arrays.asList(
                                false,
                                java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"))),
                        new Target(8, List.of()),
                        new Target(
                            -1,
                            Arrays.asList(
                                true,
                                java.util.UUID.fromString(
                                    "f4dc54d4-0000-4000-8000-000000000000")))),
                    true)),
            List.of(),
            List.of(0, 2, 3, 4, 5),
            local);
    assertThat(new DiffRunner(scenario).run()).isEmpty();
  }

  /**
   * Filters on a uuid column of files written by Iceberg's writer, which records uuid bounds in
   * Java's signed order ({@code 00…01} and {@code 80…00} give bounds {@code [80…00, 00…01]}): no
   * path may prune a file or row group that holds a matching row.
   */
  @ParameterizedTest(name = "local={0}")
  @ValueSource(booleans = {false, true})
  void filtersOnUuidsOfFilesWithSignedBounds(boolean local) {
    java.util.UUID low = java.util.UUID.fromString("00000000-0000-0000-0000-000000000001");
    java.util.UUID high = java.util.UUID.fromString("80000000-0000-0000-0000-000000000000");
    java.util.UUID last = java.util.UUID.fromString("f4dc54d4-0000-4000-8000-000000000000");
    java.util.UUID lsb = java.util.UUID.fromString("80000000-0000-0000-ffff-fffffffffff6");
    List<Col> cols = List.of(new Col("id", Kind.LONG, false), new Col("c1", Kind.UUID_, true));
    Scenario scenario =
        new Scenario(
            cols,
            2,
            new Layout(1, 100, false, List.of(), 0),
            List.of(),
            List.of(
                new Append(true, List.of(List.of(low), List.of(high))),
                new Append(true, List.of(List.of(high), List.of(lsb))),
                new Append(true, List.of(List.of(last), List.of(low)))),
            List.of(
                new Pred.Cmp(Pred.CmpOp.EQ, 1, low),
                new Pred.Cmp(Pred.CmpOp.EQ, 1, high),
                new Pred.Cmp(Pred.CmpOp.EQ, 1, lsb),
                new Pred.Cmp(Pred.CmpOp.LT, 1, high),
                new Pred.Cmp(Pred.CmpOp.GT, 1, low),
                new Pred.In(false, 1, List.of(low, last))),
            List.of(0, 1),
            local);
    assertThat(new DiffRunner(scenario).run()).isEmpty();
  }
}
