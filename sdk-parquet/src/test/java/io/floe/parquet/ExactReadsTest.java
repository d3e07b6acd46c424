package io.floe.parquet;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThan;
import static org.apache.iceberg.expressions.Expressions.isNull;
import static org.apache.iceberg.expressions.Expressions.notNull;
import static org.apache.iceberg.expressions.Expressions.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.ChangelogScan;
import io.floe.Floe;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.ReadTask;
import io.floe.Row;
import io.floe.Scan;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15, cases 6 to 9: filters on columns that are not projected, deletes whose filter names a
 * required column, changelogs of tables with {@code fixed} columns, and the Java classes of values,
 * each on every read path (rows, Arrow, {@code count()}, read tasks, incremental and changelog
 * scans) of a local warehouse ({@code Floe.local}).
 */
class ExactReadsTest {
  @RegisterExtension final ArrowResources resources = new ArrowResources();
  private final Floe floe = resources.localFloe();
  private final BufferAllocator allocator = resources.allocator();

  // ---- case 6: filters on columns that are not projected ----

  private FloeTable filterTable() {
    FloeTable table =
        floe.createTable("db.filters")
            .column("id", Types.LongType.get())
            .required()
            .column("c", Types.StringType.get())
            .required()
            .column("o", Types.IntegerType.get())
            .column(
                "s",
                Types.StructType.of(
                    Types.NestedField.required(100, "a", Types.IntegerType.get()),
                    Types.NestedField.optional(101, "b", Types.StringType.get())))
            .column("l", Types.ListType.ofOptional(102, Types.IntegerType.get()))
            .column(
                "m",
                Types.MapType.ofOptional(103, 104, Types.StringType.get(), Types.IntegerType.get()))
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 6; id++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", id);
      row.put("c", "c" + id);
      row.put("o", id % 2 == 0 ? null : (int) id);
      row.put("s", id == 5 ? null : Map.of("a", (int) id * 10, "b", "b" + id));
      row.put("l", id < 2 ? null : List.of((int) id));
      row.put("m", id == 0 ? null : Map.of("k", (int) id));
      rows.add(row);
    }
    table.newAppend().rows(rows).commit();
    return table;
  }

  static Stream<Arguments> unprojectedFilters() {
    return Stream.of(
        Arguments.of(notNull("c"), List.of(0L, 1L, 2L, 3L, 4L, 5L)),
        Arguments.of(equal("c", "c3"), List.of(3L)),
        Arguments.of(startsWith("c", "c"), List.of(0L, 1L, 2L, 3L, 4L, 5L)),
        Arguments.of(and(notNull("c"), greaterThan("id", 3L)), List.of(4L, 5L)),
        Arguments.of(greaterThan("o", 1), List.of(3L, 5L)),
        Arguments.of(notNull("o"), List.of(1L, 3L, 5L)),
        Arguments.of(notNull("s.a"), List.of(0L, 1L, 2L, 3L, 4L)),
        Arguments.of(greaterThan("s.a", 15), List.of(2L, 3L, 4L)),
        Arguments.of(equal("s.b", "b1"), List.of(1L)),
        Arguments.of(notNull("l"), List.of(2L, 3L, 4L, 5L)),
        Arguments.of(and(isNull("m"), notNull("c")), List.of(0L)));
  }

  @ParameterizedTest
  @MethodSource("unprojectedFilters")
  void filtersOnColumnsThatAreNotProjectedWorkOnEveryPath(Expression filter, List<Long> expected) {
    FloeTable table = filterTable();
    Scan scan = table.newScan().select("id").where(filter);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(attempt(() -> rowIds(scan))).as("rows").isEqualTo(sorted(expected));
    soft.assertThat(attempt(() -> List.of(scan.count())))
        .as("count")
        .isEqualTo(List.of((long) expected.size()));
    soft.assertThat(attempt(() -> taskIds(scan))).as("read tasks").isEqualTo(sorted(expected));
    soft.assertThat(attempt(() -> arrowIds(scan))).as("arrow").isEqualTo(sorted(expected));
    soft.assertThat(
            attempt(() -> ids(table.newIncrementalScan().select("id").where(filter).rows())))
        .as("incremental")
        .isEqualTo(sorted(expected));
    soft.assertThat(attempt(() -> ids(table.newChangelogScan().select("id").where(filter).rows())))
        .as("changelog")
        .isEqualTo(sorted(expected));
    soft.assertAll();
  }

  /**
   * The filters an Iceberg {@code TableScan} itself accepts with {@code select}: its {@code
   * schema()} refuses a filter on a list or map column ("Cannot explicitly project List or Map
   * types"), an upstream limitation Floe's own scans avoid.
   */
  static Stream<Arguments> icebergScanFilters() {
    return unprojectedFilters()
        .filter(
            a -> {
              java.util.Set<String> names =
                  io.floe.impl.read.FilterColumns.names((Expression) a.get()[0]);
              return !names.contains("l") && !names.contains("m");
            });
  }

  @ParameterizedTest
  @MethodSource("icebergScanFilters")
  void arrowScansOfIcebergScansReadTheFilterColumnsTheyDoNotProject(
      Expression filter, List<Long> expected) {
    FloeTable table = filterTable();
    org.apache.iceberg.TableScan scan =
        Internals.icebergTable(table).newScan().select("id").filter(filter);
    List<Long> ids = ReadPaths.arrowIds(ArrowScan.of(scan), allocator);
    assertThat(sorted(ids)).isEqualTo(sorted(expected));
  }

  @Test
  void aMissingDataFileIsNotCalledCorrupt() throws IOException {
    FloeTable table = filterTable();
    String file = dataFiles(table).get(0);
    Files.delete(Path.of(java.net.URI.create(file.startsWith("/") ? "file:" + file : file)));
    assertThatThrownBy(() -> arrowIds(table.newScan()))
        .isInstanceOf(FloeIOException.class)
        .hasMessageContaining(file)
        .hasMessageContaining("does not exist")
        .hasMessageNotContaining("corrupt");
  }

  @Test
  void aDamagedDataFileIsCalledCorrupt() throws IOException {
    FloeTable table = filterTable();
    String file = dataFiles(table).get(0);
    Path path = Path.of(java.net.URI.create(file.startsWith("/") ? "file:" + file : file));
    Files.write(path, new byte[(int) Files.size(path)]);
    assertThatThrownBy(() -> arrowIds(table.newScan()))
        .isInstanceOf(FloeIOException.class)
        .hasMessageContaining(file)
        .hasMessageContaining("corrupt, truncated or not Parquet");
  }

  private static List<String> dataFiles(FloeTable table) {
    List<String> files = new ArrayList<>();
    try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks =
        Internals.icebergTable(table).newScan().planFiles()) {
      tasks.forEach(t -> files.add(t.file().location()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The sorted result of a read, or the exception it threw (so that every path is checked). */
  private static Object attempt(Supplier<List<Long>> read) {
    try {
      return sorted(read.get());
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  private static List<Long> sorted(List<Long> ids) {
    List<Long> out = new ArrayList<>(ids);
    Collections.sort(out);
    return out;
  }

  // ---- case 7: deletes whose filter names a required column ----

  static Stream<Arguments> writeModes() {
    return Stream.of(
        Arguments.of(WriteMode.COPY_ON_WRITE, 2),
        Arguments.of(WriteMode.MERGE_ON_READ, 2),
        Arguments.of(WriteMode.MERGE_ON_READ, 3));
  }

  private FloeTable modeTable(int formatVersion) {
    FloeTable table =
        floe.createTable("db.changes")
            .column("id", Types.LongType.get())
            .required()
            .column("c", Types.StringType.get())
            .required()
            .formatVersion(formatVersion)
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 6; id++) {
      rows.add(Map.of("id", id, "c", "c" + id));
    }
    table.newAppend().rows(rows).commit();
    return table;
  }

  private void assertIds(FloeTable table, List<Long> expected) {
    Scan scan = table.refresh().newScan();
    assertThat(sorted(rowIds(scan))).as("rows").isEqualTo(expected);
    assertThat(scan.count()).as("count").isEqualTo(expected.size());
    assertThat(sorted(arrowIds(scan))).as("arrow").isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("writeModes")
  void deletesWithNotNullOfARequiredColumnDeleteTheMatchingRows(WriteMode mode, int formatVersion) {
    FloeTable table = modeTable(formatVersion);
    table.newDelete().where(and(notNull("c"), greaterThan("id", 3L))).mode(mode).commit();
    assertIds(table, List.of(0L, 1L, 2L, 3L));
    table.newDelete().where(notNull("c")).mode(mode).commit();
    assertIds(table, List.of());
  }

  @ParameterizedTest
  @MethodSource("writeModes")
  void overwritesWithNotNullOfARequiredColumnReplaceTheMatchingRows(
      WriteMode mode, int formatVersion) {
    FloeTable table = modeTable(formatVersion);
    table
        .newOverwrite()
        .where(and(notNull("c"), greaterThan("id", 3L)))
        .mode(mode)
        .row(Map.of("id", 10L, "c", "new"))
        .commit();
    assertIds(table, List.of(0L, 1L, 2L, 3L, 10L));
  }

  // ---- case 8: changelogs of copy-on-write deletes on tables with fixed columns ----

  @ParameterizedTest
  @MethodSource("binaryTypes")
  void changelogsOfCopyOnWriteDeletesReportOnlyTheDeletedRows(
      String format, org.apache.iceberg.types.Type type) {
    FloeTable table =
        floe.createTable("db.fixed")
            .column("id", Types.LongType.get())
            .required()
            .column("f", type)
            .column("s", Types.StructType.of(Types.NestedField.optional(100, "g", type)))
            .column("l", Types.ListType.ofOptional(101, type))
            .property("write.format.default", format)
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 3; id++) {
      byte[] bytes = {(byte) id, (byte) (id + 1)};
      rows.add(Map.of("id", id, "f", bytes, "s", Map.of("g", bytes), "l", List.of(bytes)));
    }
    table.newAppend().rows(rows).commit();
    long before = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    table.newDelete().where(equal("id", 1L)).mode(WriteMode.COPY_ON_WRITE).commit();
    assertThat(changeTypes(table.newChangelogScan().fromSnapshotExclusive(before).rows()))
        .containsExactly("1 DELETE");
    assertThat(changeTypes(table.newChangelogScan().rows()))
        .containsExactlyInAnyOrder("0 INSERT", "1 INSERT", "2 INSERT", "1 DELETE");
  }

  static Stream<Arguments> binaryTypes() {
    return Stream.of("parquet", "avro")
        .flatMap(
            format ->
                Stream.of(
                    Arguments.of(format, Types.FixedType.ofLength(2)),
                    Arguments.of(format, Types.BinaryType.get())));
  }

  // ---- case 9: the Java classes of values, on every path ----

  private FloeTable everyTypeTable(String format, int formatVersion) {
    var creator = floe.createTable("db.types").formatVersion(formatVersion);
    if (formatVersion >= 3) {
      creator
          .column("tsns", Types.TimestampNanoType.withoutZone())
          .column("tsnsz", Types.TimestampNanoType.withZone());
    }
    FloeTable table =
        TestTables.everyTypeColumns(creator)
            .column("lf", Types.ListType.ofOptional(211, Types.FixedType.ofLength(2)))
            .column(
                "ms", Types.MapType.ofOptional(212, 213, Types.StringType.get(), TestTables.POINT))
            .column(
                "mf",
                Types.MapType.ofOptional(
                    214, 215, Types.FixedType.ofLength(2), Types.FixedType.ofLength(2)))
            .property("write.format.default", format)
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 3; id++) {
      byte[] two = {(byte) id, 7};
      Map<String, Object> point =
          Map.of("x", (int) id, "fx", two, "u", java.util.UUID.randomUUID());
      Map<String, Object> row = new HashMap<>();
      row.put("id", id);
      row.put("bo", true);
      row.put("i", 1);
      row.put("fl", 1.5f);
      row.put("db", 2.5d);
      row.put("dec", new java.math.BigDecimal("1.25"));
      row.put("d", java.time.LocalDate.of(2026, 1, 2));
      row.put("t", java.time.LocalTime.of(3, 4));
      row.put("ts", java.time.LocalDateTime.of(2026, 1, 2, 3, 4));
      row.put(
          "tstz", java.time.OffsetDateTime.of(2026, 1, 2, 3, 4, 0, 0, java.time.ZoneOffset.UTC));
      row.put("str", "s" + id);
      row.put("u", java.util.UUID.randomUUID());
      row.put("fx", two);
      row.put("bin", java.nio.ByteBuffer.wrap(two));
      row.put("st", point);
      row.put("ls", List.of(point, point));
      row.put("lf", List.of(two));
      row.put("ms", Map.of("k", point));
      row.put("mf", Map.of(two, two));
      if (formatVersion >= 3) {
        row.put("tsns", java.time.LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6));
        row.put(
            "tsnsz", java.time.OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6, java.time.ZoneOffset.UTC));
      }
      rows.add(row);
    }
    table.newAppend().rows(rows).commit();
    return table;
  }

  /** The class {@link Row}'s Javadoc promises for each Iceberg type. */
  private static Class<?> promised(org.apache.iceberg.types.Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> Boolean.class;
      case INTEGER -> Integer.class;
      case LONG -> Long.class;
      case FLOAT -> Float.class;
      case DOUBLE -> Double.class;
      case DECIMAL -> java.math.BigDecimal.class;
      case DATE -> java.time.LocalDate.class;
      case TIME -> java.time.LocalTime.class;
      case TIMESTAMP ->
          ((Types.TimestampType) type).shouldAdjustToUTC()
              ? java.time.OffsetDateTime.class
              : java.time.LocalDateTime.class;
      case TIMESTAMP_NANO ->
          ((Types.TimestampNanoType) type).shouldAdjustToUTC()
              ? java.time.OffsetDateTime.class
              : java.time.LocalDateTime.class;
      case STRING -> String.class;
      case UUID -> java.util.UUID.class;
      case FIXED, BINARY -> java.nio.ByteBuffer.class;
      case STRUCT -> Row.class;
      case LIST -> List.class;
      case MAP -> Map.class;
      default -> Object.class;
    };
  }

  /** Every value's path and class where it is not the promised one. */
  private static void misfits(
      String path, org.apache.iceberg.types.Type type, Object value, List<String> out) {
    if (value == null) {
      return;
    }
    if (!promised(type).isInstance(value)) {
      out.add(path + ": " + type + " as " + value.getClass().getName());
      return;
    }
    switch (type.typeId()) {
      case STRUCT -> {
        Row row = (Row) value;
        List<Types.NestedField> fields = type.asStructType().fields();
        for (int i = 0; i < fields.size(); i++) {
          misfits(path + "." + fields.get(i).name(), fields.get(i).type(), row.get(i), out);
          misfits(
              path + "." + fields.get(i).name(),
              fields.get(i).type(),
              row.get(fields.get(i).name()),
              out);
        }
      }
      case LIST ->
          ((List<?>) value)
              .forEach(v -> misfits(path + "[]", type.asListType().elementType(), v, out));
      case MAP ->
          ((Map<?, ?>) value)
              .forEach(
                  (k, v) -> {
                    misfits(path + ".key", type.asMapType().keyType(), k, out);
                    misfits(path + ".value", type.asMapType().valueType(), v, out);
                  });
      default -> {}
    }
  }

  private static List<String> misfits(CloseableIterable<Row> rows) {
    List<String> out = new ArrayList<>();
    int n = 0;
    try (CloseableIterable<Row> r = rows) {
      for (Row row : r) {
        misfits("", row.struct(), row, out);
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(n).as("rows read").isPositive();
    return out.stream().distinct().sorted().toList();
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("parquet", 2), Arguments.of("avro", 2), Arguments.of("parquet", 3));
  }

  @ParameterizedTest
  @MethodSource("formats")
  void valuesHaveThePromisedClassesOnEveryPath(String format, int formatVersion) {
    FloeTable table = everyTypeTable(format, formatVersion);
    long appended = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    table.newDelete().where(equal("id", 1L)).mode(WriteMode.COPY_ON_WRITE).commit();
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(misfits(table.newScan().rows())).as("rows").isEmpty();
    soft.assertThat(
            misfits(table.newScan().select("st", "ls", "ms", "fx").where(notNull("lf")).rows()))
        .as("projected rows")
        .isEmpty();
    List<String> tasks = new ArrayList<>();
    for (ReadTask task : table.newScan().planTasks()) {
      tasks.addAll(misfits(task.rows()));
    }
    soft.assertThat(tasks).as("read tasks").isEmpty();
    soft.assertThat(misfits(table.newIncrementalScan().rows())).as("incremental").isEmpty();
    soft.assertThat(misfits(table.newChangelogScan().rows())).as("changelog").isEmpty();
    soft.assertThat(misfits(table.newChangelogScan().fromSnapshotExclusive(appended).rows()))
        .as("changelog of a delete")
        .isEmpty();
    for (io.floe.MetadataTableType type :
        List.of(
            io.floe.MetadataTableType.FILES,
            io.floe.MetadataTableType.ENTRIES,
            io.floe.MetadataTableType.SNAPSHOTS,
            io.floe.MetadataTableType.MANIFESTS)) {
      soft.assertThat(misfits(table.metadataTable(type).rows()))
          .as("metadata table " + type)
          .isEmpty();
    }
    soft.assertAll();
  }

  // ---- helpers ----

  private static List<Long> ids(CloseableIterable<Row> rows) {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Row> r = rows) {
      for (Row row : r) {
        ids.add(row.get("id", Long.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  private static List<Long> rowIds(Scan scan) {
    return ids(scan.rows());
  }

  private static List<Long> taskIds(Scan scan) {
    List<Long> ids = new ArrayList<>();
    for (ReadTask task : scan.planTasks()) {
      ids.addAll(ids(task.rows()));
    }
    return ids;
  }

  private List<Long> arrowIds(Scan scan) {
    return ReadPaths.arrowIds(ArrowScan.of(scan), allocator);
  }

  private static List<String> changeTypes(CloseableIterable<Row> rows) {
    List<String> out = new ArrayList<>();
    try (CloseableIterable<Row> r = rows) {
      for (Row row : r) {
        out.add(row.get("id") + " " + row.get(ChangelogScan.CHANGE_TYPE));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
