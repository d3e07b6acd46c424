package io.floe.parquet;

import static io.floe.parquet.ReadPaths.appendRecords;
import static io.floe.parquet.ReadPaths.deleteEqual;
import static io.floe.parquet.ReadPaths.ids;
import static io.floe.parquet.ReadPaths.record;
import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThan;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.in;
import static org.apache.iceberg.expressions.Expressions.isNull;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.iceberg.expressions.Expressions.lessThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.not;
import static org.apache.iceberg.expressions.Expressions.notEqual;
import static org.apache.iceberg.expressions.Expressions.notIn;
import static org.apache.iceberg.expressions.Expressions.notNull;
import static org.apache.iceberg.expressions.Expressions.notStartsWith;
import static org.apache.iceberg.expressions.Expressions.or;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, cases 1 to 5: one filter semantics (SQL three-valued logic, IEEE NaN, unsigned uuid
 * order, null-safe equality deletes applied before the filter) on every read path of the production
 * stack ({@code Floe.local}): rows, Arrow batches, {@code count()}, read tasks, and the incremental
 * and changelog scans where they apply.
 */
class FilterSemanticsTest {
  @RegisterExtension final ArrowResources resources = new ArrowResources();
  private final Floe floe = resources.localFloe();
  private final BufferAllocator allocator = resources.allocator();

  /** Case 1: an equality delete of a null value keeps the row deleted under every filter. */
  @Test
  void deletedRowNeverComesBackUnderAFilter() {
    FloeTable table = TestTables.idAndColumn(floe, "db.deleted", "x", Types.IntegerType.get());
    Table iceberg = Internals.icebergTable(table);
    appendRecords(
        iceberg,
        List.of(record(iceberg, 1L, null), record(iceberg, 2L, -5), record(iceberg, 3L, 5)));
    deleteEqual(iceberg, "x", null, 7);
    table = floe.loadTable("db.deleted");

    assertEveryPath(table, Expressions.alwaysTrue(), List.of(2L, 3L), false);
    assertEveryPath(table, lessThanOrEqual("x", 0), List.of(2L), false);
    assertEveryPath(table, not(greaterThan("x", 0)), List.of(2L), false);
    assertEveryPath(table, isNull("x"), List.of(), false);
    assertEveryPath(table, or(isNull("x"), greaterThan("x", 0)), List.of(3L), false);
    assertEveryPath(table, notEqual("x", 5), List.of(2L), false);
  }

  /** Case 2: an equality delete with two fixed values deletes the rows of both. */
  @Test
  void equalityDeleteOfTwoFixedValuesDeletesBoth() {
    FloeTable table = TestTables.idAndColumn(floe, "db.fixed", "f", Types.FixedType.ofLength(2));
    Table iceberg = Internals.icebergTable(table);
    appendRecords(
        iceberg,
        List.of(
            record(iceberg, 0L, new byte[] {0, 1}),
            record(iceberg, 1L, new byte[] {1, 2}),
            record(iceberg, 2L, new byte[] {2, 3})));
    deleteEqual(iceberg, "f", new byte[] {1, 2}, new byte[] {9, 9});
    table = floe.loadTable("db.fixed");

    assertEveryPath(table, Expressions.alwaysTrue(), List.of(0L, 2L), false);
    assertEveryPath(table, greaterThanOrEqual("id", 0L), List.of(0L, 2L), false);
    assertEveryPath(table, notNull("f"), List.of(0L, 2L), false);
  }

  /** Case 3: a null in a range filter is dropped whatever file it is in, partitioned or not. */
  @Test
  void nullsAreDroppedByComparisonsInEveryFileLayout() {
    for (boolean partitioned : new boolean[] {false, true}) {
      String name = "db.nulls_" + partitioned;
      FloeTable table =
          floe.createTable(name)
              .column("id", Types.LongType.get())
              .required()
              .column("x", Types.IntegerType.get())
              .partitionBy(
                  p -> {
                    if (partitioned) {
                      p.identity("x");
                    }
                  })
              .create();
      table.newAppend().rows(List.of(row("id", 1L, "x", null))).commit();
      table.newAppend().rows(List.of(row("id", 2L, "x", null), row("id", 3L, "x", 5))).commit();

      assertEveryPath(table, lessThan("x", 10), List.of(3L), true);
      assertEveryPath(table, not(lessThan("x", 10)), List.of(), true);
      assertEveryPath(table, notEqual("x", 7), List.of(3L), true);
      assertEveryPath(table, notIn("x", 7, 8), List.of(3L), true);
      assertEveryPath(table, not(in("x", 7, 8)), List.of(3L), true);
      assertEveryPath(table, isNull("x"), List.of(1L, 2L), true);
      // Kleene: for a null x, isNull is TRUE and x < 10 UNKNOWN, so the and and its not are UNKNOWN
      assertEveryPath(table, not(and(isNull("x"), lessThan("x", 10))), List.of(3L), true);
      assertEveryPath(table, or(isNull("x"), lessThan("x", 10)), List.of(1L, 2L, 3L), true);
      // an int literal beyond the column's range: still unknown for null
      assertEveryPath(table, lessThan("x", 3_000_000_000L), List.of(3L), true);
    }
  }

  /** Case 3: NaN is not greater, less or equal to anything, and -0.0 equals 0.0. */
  @Test
  void nanAndSignedZeroFollowIeeeInEveryFileLayout() {
    FloeTable table =
        floe.createTable("db.nan")
            .column("id", Types.LongType.get())
            .required()
            .column("d", Types.DoubleType.get())
            .create();
    table.newAppend().rows(List.of(row("id", 1L, "d", Double.NaN))).commit();
    table
        .newAppend()
        .rows(List.of(row("id", 2L, "d", Double.NaN), row("id", 3L, "d", 5.0)))
        .commit();
    table.newAppend().rows(List.of(row("id", 4L, "d", -0.0))).commit();
    table.newAppend().rows(List.of(row("id", 5L, "d", 0.0), row("id", 6L, "d", null))).commit();

    assertEveryPath(table, greaterThan("d", 1.0), List.of(3L), true);
    assertEveryPath(table, lessThan("d", 10.0), List.of(3L, 4L, 5L), true);
    assertEveryPath(table, not(greaterThan("d", 1.0)), List.of(1L, 2L, 4L, 5L), true);
    assertEveryPath(table, notEqual("d", 5.0), List.of(1L, 2L, 4L, 5L), true);
    assertEveryPath(table, notIn("d", 5.0, 6.0), List.of(1L, 2L, 4L, 5L), true);
    assertEveryPath(table, equal("d", 0.0), List.of(4L, 5L), true);
    assertEveryPath(table, equal("d", -0.0), List.of(4L, 5L), true);
    assertEveryPath(table, lessThanOrEqual("d", -0.0), List.of(4L, 5L), true);
    assertEveryPath(table, greaterThanOrEqual("d", 0.0), List.of(3L, 4L, 5L), true);
    assertEveryPath(table, lessThan("d", 0.0), List.of(), true);
    assertEveryPath(table, in("d", 0.0, 7.0), List.of(4L, 5L), true);
    assertEveryPath(table, notEqual("d", 0.0), List.of(1L, 2L, 3L), true);
  }

  /** Case 4: uuids order by their unsigned bytes, in pruning and in evaluation. */
  @Test
  void uuidRangesUseUnsignedOrder() {
    FloeTable table =
        floe.createTable("db.uuids")
            .column("id", Types.LongType.get())
            .required()
            .column("u", Types.UUIDType.get())
            .create();
    UUID low = UUID.fromString("00000001-0000-0000-0000-000000000000");
    UUID mid = UUID.fromString("aedb5472-0000-0000-0000-000000000000");
    UUID high = UUID.fromString("f4dc54d4-0000-0000-0000-000000000000");
    UUID top = UUID.fromString("ff000000-0000-0000-0000-000000000000");
    table.newAppend().rows(List.of(row("id", 1L, "u", low), row("id", 2L, "u", mid))).commit();
    table
        .newAppend()
        .rows(List.of(row("id", 3L, "u", high), row("id", 4L, "u", low), row("id", 5L, "u", null)))
        .commit();
    table.newAppend().rows(List.of(row("id", 6L, "u", top))).commit();

    assertEveryPath(table, lessThan("u", high), List.of(1L, 2L, 4L), true);
    assertEveryPath(table, greaterThan("u", mid), List.of(3L, 6L), true);
    assertEveryPath(table, lessThanOrEqual("u", mid), List.of(1L, 2L, 4L), true);
    assertEveryPath(table, equal("u", high), List.of(3L), true);
    assertEveryPath(table, in("u", high, mid), List.of(2L, 3L), true);
    assertEveryPath(table, notEqual("u", low), List.of(2L, 3L, 6L), true);
  }

  /** Case 5: in/notIn with several values on a string column holding nulls. */
  @Test
  void inAndNotInOnStringsWithNulls() {
    for (boolean partitioned : new boolean[] {false, true}) {
      String name = "db.strings_" + partitioned;
      FloeTable table =
          floe.createTable(name)
              .column("id", Types.LongType.get())
              .required()
              .column("s", Types.StringType.get())
              .partitionBy(
                  p -> {
                    if (partitioned) {
                      p.identity("s");
                    }
                  })
              .create();
      table
          .newAppend()
          .rows(
              List.of(
                  row("id", 1L, "s", "a"),
                  row("id", 2L, "s", null),
                  row("id", 3L, "s", "c"),
                  row("id", 4L, "s", "b")))
          .commit();

      assertEveryPath(table, in("s", "a", "b"), List.of(1L, 4L), true);
      assertEveryPath(table, notIn("s", "a", "b"), List.of(3L), true);
      assertEveryPath(table, not(in("s", "a", "b")), List.of(3L), true);
      assertEveryPath(table, notStartsWith("s", "a"), List.of(3L, 4L), true);
      assertEveryPath(table, in("s", "a", "\uD83D\uDE00"), List.of(1L), true);
    }
  }

  /**
   * Metadata tables filter with the same semantics: a null parent id is not unequal or less than
   * anything.
   */
  @Test
  void metadataTablesFilterWithTheSameSemantics() {
    FloeTable table =
        floe.createTable("db.meta").column("id", Types.LongType.get()).required().create();
    table.newAppend().rows(List.of(java.util.Map.of("id", 1L))).commit();
    long first = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    table.newAppend().rows(List.of(java.util.Map.of("id", 2L))).commit();
    long second = table.refresh().currentSnapshot().orElseThrow().snapshotId();

    Map<String, List<Long>> seen = new LinkedHashMap<>();
    for (Expression filter :
        List.of(
            notEqual("parent_id", 42L),
            lessThan("parent_id", Long.MAX_VALUE),
            notIn("parent_id", 42L, 43L),
            not(greaterThanOrEqual("parent_id", Long.MAX_VALUE)),
            isNull("parent_id"))) {
      List<Long> ids = new ArrayList<>();
      try (CloseableIterable<Row> rows =
          table.metadataTable(io.floe.MetadataTableType.SNAPSHOTS).where(filter).rows()) {
        for (Row row : rows) {
          ids.add(((Number) row.get("snapshot_id")).longValue());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      seen.put(filter.toString(), ids);
    }
    assertThat(seen)
        .containsExactly(
            java.util.Map.entry(notEqual("parent_id", 42L).toString(), List.of(second)),
            java.util.Map.entry(lessThan("parent_id", Long.MAX_VALUE).toString(), List.of(second)),
            java.util.Map.entry(notIn("parent_id", 42L, 43L).toString(), List.of(second)),
            java.util.Map.entry(
                not(greaterThanOrEqual("parent_id", Long.MAX_VALUE)).toString(), List.of(second)),
            java.util.Map.entry(isNull("parent_id").toString(), List.of(first)));
  }

  private void assertEveryPath(
      FloeTable table, Expression filter, List<Long> expected, boolean appendOnly) {
    ReadPaths.assertEveryPath(table, filter, expected, appendOnly, allocator);
  }

  private static Map<String, Object> row(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> row = new HashMap<>();
    row.put(k1, v1);
    row.put(k2, v2);
    return row;
  }
}
