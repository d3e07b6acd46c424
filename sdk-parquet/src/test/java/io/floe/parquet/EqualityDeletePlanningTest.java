package io.floe.parquet;

import static io.floe.parquet.ReadPaths.appendRecords;
import static io.floe.parquet.ReadPaths.deleteEqual;
import static io.floe.parquet.ReadPaths.ids;
import static io.floe.parquet.ReadPaths.record;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThan;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.iceberg.expressions.Expressions.notNull;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Equality delete files are attached to data files by Floe's rules, not only by Iceberg's delete
 * index: Iceberg compares uuid bounds signed while Parquet wrote them unsigned, and filters delete
 * files by the scan filter on columns that are not equality fields, and either way a deleted row
 * comes back. Checked on every read path of {@code Floe.local}, and through the writes that read
 * live rows (copy-on-write delete, compaction), which would otherwise write the row back for good.
 */
class EqualityDeletePlanningTest {
  private static final UUID LOW = UUID.fromString("00000001-0000-0000-0000-000000000000");
  private static final UUID MID = UUID.fromString("aedb5472-0000-0000-0000-000000000000");
  private static final UUID HIGH = UUID.fromString("f4dc54d4-0000-0000-0000-000000000000");

  @RegisterExtension final ArrowResources resources = new ArrowResources();
  private final Floe floe = resources.localFloe();
  private final BufferAllocator allocator = resources.allocator();

  /** Data file bounds [LOW, HIGH] unsigned look inverted signed; a delete of MID was dropped. */
  private FloeTable uuidTable(String name) {
    FloeTable table = TestTables.idAndColumn(floe, name, "u", Types.UUIDType.get());
    Table iceberg = Internals.icebergTable(table);
    appendRecords(
        iceberg,
        List.of(record(iceberg, 1L, LOW), record(iceberg, 2L, MID), record(iceberg, 3L, HIGH)));
    deleteEqual(iceberg, "u", MID);
    return floe.loadTable(name);
  }

  @Test
  void uuidEqualityDeleteAppliesOnEveryReadPath() {
    FloeTable table = uuidTable("db.uuid_reads");
    assertEveryPath(table, Expressions.alwaysTrue(), List.of(1L, 3L));
    assertEveryPath(table, notNull("u"), List.of(1L, 3L));
    assertEveryPath(table, greaterThanOrEqual("id", 2L), List.of(3L));
    assertEveryPath(table, equal("u", MID), List.of());
    assertEveryPath(table, greaterThan("u", LOW), List.of(3L));
  }

  @Test
  void copyOnWriteDeleteDoesNotWriteAUuidDeletedRowBack() {
    for (WriteMode mode : WriteMode.values()) {
      FloeTable table = uuidTable("db.uuid_delete_" + mode.name().toLowerCase());
      table.newDelete().where(equal("id", 1L)).mode(mode).commit();
      table = table.refresh();
      assertEveryPath(table, Expressions.alwaysTrue(), List.of(3L));
    }
  }

  @Test
  void compactionDoesNotWriteAUuidDeletedRowBack() {
    FloeTable table = uuidTable("db.uuid_compaction");
    table.maintenance().rewriteDataFiles().rewriteAll().execute();
    table = table.refresh();
    assertEveryPath(table, Expressions.alwaysTrue(), List.of(1L, 3L));
    table.maintenance().rewriteDataFiles().rewriteAll().applyDeletes().execute();
    table = table.refresh();
    assertEveryPath(table, Expressions.alwaysTrue(), List.of(1L, 3L));
  }

  /**
   * An equality delete on {@code id} written with the whole row (as CDC writers do), whose {@code
   * x} differs from the data row's: the scan filter on {@code x} must not drop the delete file.
   */
  @Test
  void scanFilterOnAnotherColumnDoesNotDropAnEqualityDelete() {
    FloeTable table = TestTables.idAndColumn(floe, "db.full_rows", "x", Types.IntegerType.get());
    Table iceberg = Internals.icebergTable(table);
    appendRecords(iceberg, List.of(record(iceberg, 1L, 10), record(iceberg, 2L, 20)));
    int[] ids = {iceberg.schema().findField("id").fieldId()};
    iceberg
        .newRowDelta()
        .addDeletes(
            TestTables.equalityDeletes(
                iceberg, ids, iceberg.schema(), List.of(record(iceberg, 1L, 5))))
        .commit();
    table = floe.loadTable("db.full_rows");

    assertEveryPath(table, Expressions.alwaysTrue(), List.of(2L));
    assertEveryPath(table, greaterThan("x", 7), List.of(2L));
    assertEveryPath(table, lessThan("x", 15), List.of());
    table.newDelete().where(equal("id", 2L)).mode(WriteMode.COPY_ON_WRITE).commit();
    assertEveryPath(table.refresh(), Expressions.alwaysTrue(), List.of());
  }

  /** Floating-point delete values match stored values exactly: NaN deletes NaN, -0.0 is not 0.0. */
  @Test
  void floatingPointEqualityDeletesMatchExactValues() {
    FloeTable table = TestTables.idAndColumn(floe, "db.doubles", "d", Types.DoubleType.get());
    Table iceberg = Internals.icebergTable(table);
    appendRecords(
        iceberg,
        List.of(
            record(iceberg, 1L, Double.NaN),
            record(iceberg, 2L, -0.0),
            record(iceberg, 3L, 0.0),
            record(iceberg, 4L, 1.0),
            record(iceberg, 5L, null)));
    deleteEqual(iceberg, "d", Double.NaN, -0.0);
    table = floe.loadTable("db.doubles");

    assertEveryPath(table, Expressions.alwaysTrue(), List.of(3L, 4L, 5L));
    assertEveryPath(table, equal("d", 0.0), List.of(3L));
    assertEveryPath(table, Expressions.notNaN("d"), List.of(3L, 4L, 5L));
  }

  private void assertEveryPath(FloeTable table, Expression filter, List<Long> expected) {
    ReadPaths.assertEveryPath(table, filter, expected, false, allocator);
  }
}
