package io.floe.impl.write;

import static io.floe.impl.TestTables.idsWhere;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.FloeTable;
import io.floe.Row;
import io.floe.WriteMode;
import io.floe.impl.InMemoryFloe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A delete removes exactly the rows a scan with the same filter returns (issue 15's three-valued
 * semantics), in both write modes: rows whose filter column is null survive {@code notEq}, {@code
 * notIn} and negated predicates, whole files are dropped only when every row matches, and uuid
 * ranges are not pruned by Iceberg's signed uuid order. Found by the differential suite
 * (ReadPathsDifferentialProperties).
 */
class DeleteFilterSemanticsTest {
  @RegisterExtension static final InMemoryFloe FLOE = new InMemoryFloe();

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> out = Stream.builder();
    for (WriteMode mode : WriteMode.values()) {
      for (boolean partitioned : new boolean[] {false, true}) {
        out.add(Arguments.of(mode, partitioned, Expressions.notEqual("x", 5)));
        out.add(Arguments.of(mode, partitioned, Expressions.notIn("x", 5, 9)));
        out.add(Arguments.of(mode, partitioned, Expressions.not(Expressions.lessThan("x", 0))));
        out.add(Arguments.of(mode, partitioned, Expressions.not(Expressions.equal("x", 5))));
      }
    }
    return out.build();
  }

  @ParameterizedTest(name = "{0} partitioned={1} delete where {2}")
  @MethodSource("cases")
  void nullRowsSurviveDeletesTheirScanDoesNotReturn(
      WriteMode mode, boolean partitioned, Expression filter) {
    var creator =
        FLOE.createTable()
            .column("id", Types.LongType.get())
            .required()
            .column("x", Types.IntegerType.get());
    if (partitioned) {
      creator.partitionBy(p -> p.identity("x"));
    }
    FloeTable table = creator.create();
    table.newAppend().row(row(1, null)).row(row(2, 5)).row(row(3, 7)).commit();
    // one file holding only the null row: whole-file pruning must not drop it
    table.newAppend().row(row(4, null)).commit();
    List<Long> scanned = idsWhere(table, filter);

    table.newDelete().where(filter).mode(mode).commit();

    List<Long> remaining = idsWhere(table.refresh(), Expressions.alwaysTrue());
    List<Long> expected = new ArrayList<>(List.of(1L, 2L, 3L, 4L));
    expected.removeAll(scanned);
    assertThat(scanned).doesNotContain(1L, 4L);
    assertThat(remaining).containsExactlyInAnyOrderElementsOf(expected).contains(1L, 4L);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void uuidRangeDeletesReachRowsAboveTheSignedOrder(WriteMode mode) {
    FloeTable table =
        FLOE.createTable()
            .column("id", Types.LongType.get())
            .required()
            .column("u", Types.UUIDType.get())
            .create();
    // unsigned (Floe's and Parquet's order): 0000... < aedb... < f4dc...; Iceberg's signed order
    // puts aedb... and f4dc... below 0000...
    Map<String, Object> low =
        new HashMap<>(
            Map.of("id", 1L, "u", UUID.fromString("00000000-0000-4000-8000-000000000000")));
    Map<String, Object> high =
        new HashMap<>(
            Map.of("id", 2L, "u", UUID.fromString("aedb5472-0000-4000-8000-000000000000")));
    table.newAppend().row(low).row(high).commit();
    Expression filter =
        Expressions.greaterThan("u", UUID.fromString("10000000-0000-4000-8000-000000000000"));
    assertThat(idsWhere(table, filter)).containsExactly(2L);

    table.newDelete().where(filter).mode(mode).commit();

    assertThat(idsWhere(table.refresh(), Expressions.alwaysTrue())).containsExactly(1L);
  }

  /** A table of a required long {@code id} and a fixed(2) {@code f}, identity-partitioned by f. */
  private static FloeTable fixedPartitioned() {
    return FLOE.createTable()
        .column("id", Types.LongType.get())
        .required()
        .column("f", Types.FixedType.ofLength(2))
        .partitionBy(p -> p.identity("f"))
        .create();
  }

  static Stream<WriteMode> modes() {
    return Stream.of(WriteMode.values());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void copyOnWriteKeepsFixedIdentityPartitions(WriteMode mode) {
    FloeTable table = fixedPartitioned();
    table
        .newAppend()
        .row(Map.of("id", 1L, "f", new byte[] {0, 1}))
        .row(Map.of("id", 2L, "f", new byte[] {0, 1}))
        .commit();

    table.newUpsert().key("id").mode(mode).row(Map.of("id", 2L, "f", new byte[] {0, 2})).commit();
    table.newDelete().where(Expressions.equal("id", 1L)).mode(mode).commit();

    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Row> scan = table.refresh().newScan().rows()) {
      for (Row r : scan) {
        Object f = r.get("f");
        byte[] bytes =
            f instanceof byte[] b
                ? b
                : org.apache.iceberg.util.ByteBuffers.toByteArray((java.nio.ByteBuffer) f);
        rows.add(r.get("id") + ":" + java.util.HexFormat.of().formatHex(bytes));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(rows).containsExactly("2:0002");
  }

  static Stream<Arguments> modesAndVersions() {
    return Stream.of(WriteMode.values())
        .flatMap(m -> Stream.of(Arguments.of(m, 2), Arguments.of(m, 3)));
  }

  /**
   * A copy-on-write rewrite planned with a filter must still apply equality deletes the filter
   * cannot match.
   */
  @ParameterizedTest(name = "{0} v{1}")
  @MethodSource("modesAndVersions")
  void rewritesKeepRowsDeletedByEarlierEqualityDeletes(WriteMode mode, int formatVersion)
      throws IOException {
    FloeTable table =
        FLOE.createTable()
            .column("id", Types.LongType.get())
            .required()
            .column("x", Types.IntegerType.get())
            .formatVersion(formatVersion)
            .create();
    table.newAppend().row(row(0, 10)).row(row(1, 11)).row(row(2, 12)).commit();
    org.apache.iceberg.Table iceberg = io.floe.impl.spi.Internals.icebergTable(table);
    org.apache.iceberg.Schema deleteSchema = iceberg.schema().select("id");
    var writer =
        new org.apache.iceberg.data.GenericFileWriterFactory.Builder(iceberg)
            .deleteFileFormat(org.apache.iceberg.FileFormat.PARQUET)
            .equalityFieldIds(new int[] {deleteSchema.findField("id").fieldId()})
            .equalityDeleteRowSchema(deleteSchema)
            .build()
            .newEqualityDeleteWriter(
                org.apache.iceberg.io.OutputFileFactory.builderFor(iceberg, 1, 1)
                    .build()
                    .newOutputFile(),
                iceberg.spec(),
                null);
    org.apache.iceberg.data.Record key = org.apache.iceberg.data.GenericRecord.create(deleteSchema);
    key.setField("id", 0L);
    try (var w = writer) {
      w.write(key);
    }
    iceberg.newRowDelta().addDeletes(writer.toDeleteFile()).commit();
    assertThat(idsWhere(table.refresh(), Expressions.alwaysTrue()))
        .containsExactlyInAnyOrder(1L, 2L);

    table.newDelete().where(Expressions.equal("id", 1L)).mode(mode).commit();
    table.newUpsert().key("id").mode(mode).row(row(2, 22)).commit();

    assertThat(idsWhere(table.refresh(), Expressions.alwaysTrue())).containsExactly(2L);
  }

  /**
   * Equality deletes on a fixed identity partition column: row scans, read tasks and count() threw
   * ClassCastException.
   */
  @org.junit.jupiter.api.Test
  void equalityDeletesOnFixedIdentityPartitionsRead() throws IOException {
    FloeTable table = fixedPartitioned();
    table
        .newAppend()
        .row(Map.of("id", 0L, "f", new byte[] {0, 1}))
        .row(Map.of("id", 1L, "f", new byte[] {0, 1}))
        .row(Map.of("id", 2L, "f", new byte[] {0, 3}))
        .commit();
    org.apache.iceberg.Table iceberg = io.floe.impl.spi.Internals.icebergTable(table);
    org.apache.iceberg.Schema deleteSchema = iceberg.schema().select("f");
    org.apache.iceberg.RowDelta delta = iceberg.newRowDelta();
    try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks = iceberg.newScan().planFiles()) {
      int n = 0;
      for (org.apache.iceberg.FileScanTask task : tasks) {
        var writer =
            new org.apache.iceberg.data.GenericFileWriterFactory.Builder(iceberg)
                .deleteFileFormat(org.apache.iceberg.FileFormat.PARQUET)
                .equalityFieldIds(new int[] {deleteSchema.findField("f").fieldId()})
                .equalityDeleteRowSchema(deleteSchema)
                .build()
                .newEqualityDeleteWriter(
                    org.apache.iceberg.io.OutputFileFactory.builderFor(iceberg, 1, ++n)
                        .build()
                        .newOutputFile(iceberg.spec(), task.file().partition()),
                    iceberg.spec(),
                    task.file().partition());
        try (var w = writer) {
          for (byte[] value : List.of(new byte[] {0, 2}, new byte[] {0, 1})) {
            org.apache.iceberg.data.Record key =
                org.apache.iceberg.data.GenericRecord.create(deleteSchema);
            key.setField("f", value);
            w.write(key);
          }
        }
        delta.addDeletes(writer.toDeleteFile());
      }
    }
    delta.commit();
    table = table.refresh();

    assertThat(idsWhere(table, Expressions.alwaysTrue())).containsExactly(2L);
    assertThat(table.newScan().count()).isEqualTo(1);
    List<Object> fromTasks = new ArrayList<>();
    for (io.floe.ReadTask task : table.newScan().planTasks()) {
      try (CloseableIterable<Row> rows = task.rows()) {
        rows.forEach(r -> fromTasks.add(r.get("id")));
      }
    }
    assertThat(fromTasks).containsExactly(2L);
  }

  private static Map<String, Object> row(long id, Integer x) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("x", x);
    return row;
  }
}
