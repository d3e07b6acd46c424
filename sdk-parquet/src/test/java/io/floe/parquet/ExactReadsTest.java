package io.floe.parquet;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThan;
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
import io.floe.impl.FloeInternals;
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
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
  @TempDir Path tmp;
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() throws IOException {
    floe = Floe.local(Files.createTempDirectory(tmp, "wh"));
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
    floe.close();
  }

  // ---- case 6: filters on columns that are not projected ----

  private FloeTable filterTable() {
    FloeTable table = floe.createTable("db.filters")
        .column("id", Types.LongType.get()).required()
        .column("c", Types.StringType.get()).required()
        .column("o", Types.IntegerType.get())
        .column("s", Types.StructType.of(
            Types.NestedField.required(100, "a", Types.IntegerType.get()),
            Types.NestedField.optional(101, "b", Types.StringType.get())))
        .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < 6; id++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", id);
      row.put("c", "c" + id);
      row.put("o", id % 2 == 0 ? null : (int) id);
      row.put("s", id == 5 ? null : Map.of("a", (int) id * 10, "b", "b" + id));
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
        Arguments.of(equal("s.b", "b1"), List.of(1L)));
  }

  @ParameterizedTest
  @MethodSource("unprojectedFilters")
  void filtersOnColumnsThatAreNotProjectedWorkOnEveryPath(Expression filter, List<Long> expected) {
    FloeTable table = filterTable();
    Scan scan = table.newScan().select("id").where(filter);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(attempt(() -> rowIds(scan))).as("rows").isEqualTo(sorted(expected));
    soft.assertThat(attempt(() -> List.of(scan.count()))).as("count").isEqualTo(List.of((long) expected.size()));
    soft.assertThat(attempt(() -> taskIds(scan))).as("read tasks").isEqualTo(sorted(expected));
    soft.assertThat(attempt(() -> arrowIds(scan))).as("arrow").isEqualTo(sorted(expected));
    soft.assertThat(attempt(() -> ids(table.newIncrementalScan().select("id").where(filter).rows())))
        .as("incremental").isEqualTo(sorted(expected));
    soft.assertThat(attempt(() -> ids(table.newChangelogScan().select("id").where(filter).rows())))
        .as("changelog").isEqualTo(sorted(expected));
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("unprojectedFilters")
  void arrowScansOfIcebergScansReadTheFilterColumnsTheyDoNotProject(Expression filter, List<Long> expected) {
    FloeTable table = filterTable();
    org.apache.iceberg.TableScan scan = FloeInternals.icebergTable(table).newScan().select("id").filter(filter);
    List<Long> ids = new ArrayList<>();
    try (ArrowBatches batches = ArrowScan.of(scan).open(allocator)) {
      while (batches.hasNext()) {
        VectorSchemaRoot batch = batches.next();
        BigIntVector id = (BigIntVector) batch.getVector("id");
        for (int i = 0; i < batch.getRowCount(); i++) {
          ids.add(id.get(i));
        }
      }
    }
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
        FloeInternals.icebergTable(table).newScan().planFiles()) {
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
    return Stream.of(Arguments.of(WriteMode.COPY_ON_WRITE, 2), Arguments.of(WriteMode.MERGE_ON_READ, 2),
        Arguments.of(WriteMode.MERGE_ON_READ, 3));
  }

  private FloeTable modeTable(int formatVersion) {
    FloeTable table = floe.createTable("db.changes")
        .column("id", Types.LongType.get()).required()
        .column("c", Types.StringType.get()).required()
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
  void overwritesWithNotNullOfARequiredColumnReplaceTheMatchingRows(WriteMode mode, int formatVersion) {
    FloeTable table = modeTable(formatVersion);
    table.newOverwrite().where(and(notNull("c"), greaterThan("id", 3L))).mode(mode)
        .row(Map.of("id", 10L, "c", "new")).commit();
    assertIds(table, List.of(0L, 1L, 2L, 3L, 10L));
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
    List<Long> ids = new ArrayList<>();
    try (ArrowBatches batches = ArrowScan.of(scan).open(allocator)) {
      while (batches.hasNext()) {
        VectorSchemaRoot batch = batches.next();
        BigIntVector id = (BigIntVector) batch.getVector("id");
        for (int i = 0; i < batch.getRowCount(); i++) {
          ids.add(id.get(i));
        }
      }
    }
    return ids;
  }

  @SuppressWarnings("unused")
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

  @SuppressWarnings("unused")
  private static final WriteMode[] MODES = WriteMode.values();
}
