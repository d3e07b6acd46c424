package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.ChangelogScan;
import io.floe.Floe;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.IncrementalScan;
import io.floe.MetadataTableType;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Scan;
import io.floe.ValidationException;
import io.floe.WriteMode;
import io.floe.impl.read.ValueRow;
import io.floe.parquet.internal.ArrowValues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of scan read through {@code arrow(type, allocator)} (the {@link
 * io.floe.spi.ArrowProvider} found on the class path) returns the rows {@code rows()} returns,
 * value by value, on the in-memory and the local (SQLite + local files) stacks, and frees its
 * memory when closed.
 */
class ScanArrowTest {
  @TempDir Path tmp;
  private BufferAllocator allocator;
  private Floe floe;
  private FloeTable table;

  /** Snapshots: append 0..19, append 20..39, merge-on-read delete, append 40..49. */
  private long s1;

  private long s2;
  private long s3;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    if (floe != null) {
      floe.close();
    }
    allocator.close(); // fails the test when a batch leaked
  }

  private void open(String backend) throws Exception {
    floe =
        backend.equals("memory")
            ? Floe.inMemory()
            : Floe.local(Files.createTempDirectory(tmp, "wh"));
    table =
        TestTables.everyTypeColumns(
                floe.createTable("db.events")
                    .formatVersion(3)
                    .column("tsns", Types.TimestampNanoType.withoutZone())
                    .column("tsnsz", Types.TimestampNanoType.withZone()))
            .column(
                "ms", Types.MapType.ofOptional(212, 213, Types.StringType.get(), TestTables.POINT))
            .partitionBy(p -> p.bucket("id", 2))
            .create();
    table.newAppend().rows(rows(0, 20)).commit();
    s1 = table.snapshots().get(0).snapshotId();
    table.newAppend().rows(rows(20, 40)).commit();
    s2 = table.snapshots().get(1).snapshotId();
    table
        .newDelete()
        .where(Expressions.in("id", 3L, 25L, 26L))
        .mode(WriteMode.MERGE_ON_READ)
        .commit();
    s3 = table.snapshots().get(2).snapshotId();
    table.manageSnapshots().createTag("v2", s2).commit();
    table.newAppend().rows(rows(40, 50)).commit();
  }

  private static List<Map<String, Object>> rows(long from, long to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      byte[] two = {(byte) id, 7};
      Map<String, Object> point = new HashMap<>();
      point.put("x", (int) id);
      point.put("fx", two);
      point.put("u", id % 4 == 0 ? null : new UUID(id, -id));
      Map<String, Object> row = new HashMap<>();
      row.put("id", id);
      row.put("bo", id % 2 == 0);
      row.put("i", id % 3 == 0 ? null : (int) id * 7);
      row.put("fl", id == 5 ? Float.NaN : id * 1.5f);
      row.put("db", id * 2.5d);
      row.put("dec", BigDecimal.valueOf(id * 125, 2));
      row.put("d", LocalDate.of(2026, 1, 2).plusDays(id));
      row.put("t", LocalTime.of(3, 4, 5, 123_456_000).plusSeconds(id));
      row.put("ts", LocalDateTime.of(2026, 1, 2, 3, 4, 5, 123_456_000).plusMinutes(id));
      row.put(
          "tstz",
          OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 654_321_000, ZoneOffset.UTC).plusHours(id));
      row.put("tsns", LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6).plusNanos(id));
      row.put("tsnsz", OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 7, ZoneOffset.UTC).plusNanos(id));
      row.put("str", id % 5 == 0 ? null : "s" + id);
      row.put("u", new UUID(-id, id));
      row.put("fx", two);
      row.put("bin", ByteBuffer.wrap(new byte[] {(byte) id, 1, 2}));
      row.put("st", id % 6 == 0 ? null : point);
      row.put("ls", id % 7 == 0 ? List.of() : List.of(point, point));
      row.put("ms", Map.of("k" + id, point));
      rows.add(row);
    }
    return rows;
  }

  // ---- every scan kind through arrow(...) equals rows() ----

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void tableScansEqualRows(String backend) throws Exception {
    open(backend);
    List<Scan> scans =
        List.of(
            table.newScan(),
            table
                .newScan()
                .select("id", "str", "st", "tstz", "ms")
                .where(Expressions.greaterThan("id", 10L)),
            table
                .newScan()
                .where(Expressions.or(Expressions.isNull("str"), Expressions.lessThan("i", 100))),
            table.newScan().asOfSnapshot(s2),
            table.newScan().asOfSnapshot(s3).select("id", "ls"),
            table.newScan().useRef("v2").where(Expressions.equal("bo", true)),
            table.newScan().caseInsensitive().select("ID", "Dec"));
    for (Scan scan : scans) {
      List<List<Object>> expected = rowValues(scan.rows());
      try (ArrowBatches batches = scan.arrow(ArrowBatches.class, allocator)) {
        assertThat(arrowValues(batches, scan.schema()))
            .as("%s", scan)
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(batches.metrics().rowsReturned()).as("%s", scan).isEqualTo(expected.size());
      }
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
    // the merge-on-read delete was applied by the vectorized reader, and counted
    try (ArrowBatches batches = table.newScan().arrow(ArrowBatches.class, allocator)) {
      long rows = 0;
      while (batches.hasNext()) {
        rows += batches.next().getRowCount();
      }
      assertThat(rows).isEqualTo(47);
      assertThat(batches.metrics().rowsDeleted()).isEqualTo(3);
      assertThat(batches.metrics().filesWithDeletes()).isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void limitReturnsThatManyOfTheScansRows(String backend) throws Exception {
    open(backend);
    Scan scan = table.newScan().where(Expressions.greaterThanOrEqual("id", 5L));
    List<List<Object>> all = rowValues(scan.rows());
    try (ArrowBatches batches = scan.limit(7).arrow(ArrowBatches.class, allocator)) {
      List<List<Object>> limited = arrowValues(batches, scan.schema());
      assertThat(limited).hasSize(7).doesNotHaveDuplicates();
      assertThat(all).containsAll(limited);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void metadataTableScansEqualRows(String backend) throws Exception {
    open(backend);
    for (MetadataTableType type :
        List.of(
            MetadataTableType.SNAPSHOTS,
            MetadataTableType.FILES,
            MetadataTableType.HISTORY,
            MetadataTableType.PARTITIONS)) {
      Scan scan = table.metadataTable(type);
      List<List<Object>> expected = rowValues(scan.rows());
      assertThat(expected).as("%s", type).isNotEmpty();
      try (ArrowBatches batches = scan.arrow(ArrowBatches.class, allocator, 2)) {
        assertThat(arrowValues(batches, scan.schema()))
            .as("%s", type)
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    }
    Scan files =
        table.metadataTable(MetadataTableType.FILES).select("file_path", "record_count").limit(2);
    try (ArrowBatches batches = files.arrow(ArrowBatches.class, allocator)) {
      assertThat(arrowValues(batches, files.schema())).hasSize(2);
    }
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void incrementalScansEqualRows(String backend) throws Exception {
    open(backend);
    List<IncrementalScan> scans =
        List.of(
            table.newIncrementalScan(),
            table.newIncrementalScan().fromSnapshotExclusive(s1),
            table
                .newIncrementalScan()
                .fromSnapshotInclusive(s2)
                .select("id", "tsnsz", "ls")
                .where(Expressions.lessThan("id", 45L)));
    for (IncrementalScan scan : scans) {
      List<List<Object>> expected = rowValues(scan.rows());
      assertThat(expected).as("%s", scan).isNotEmpty();
      try (ArrowBatches batches = scan.arrow(ArrowBatches.class, allocator, 8)) {
        // files are read in planning order, which is not fixed from one run to the next
        assertThat(arrowValues(batches, scan.schema()))
            .as("%s", scan)
            .containsExactlyInAnyOrderElementsOf(expected);
      }
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void changelogScansEqualRows(String backend) throws Exception {
    open(backend);
    List<ChangelogScan> scans =
        List.of(
            table.newChangelogScan(),
            table.newChangelogScan().fromSnapshotExclusive(s2).select("id", "st", "ms"));
    for (ChangelogScan scan : scans) {
      List<List<Object>> expected = rowValues(scan.rows());
      try (ArrowBatches batches = scan.arrow(ArrowBatches.class, allocator, 5)) {
        List<List<Object>> actual = arrowValues(batches, scan.schema());
        assertThat(actual).as("%s", scan).containsExactlyInAnyOrderElementsOf(expected);
        // commit by commit, oldest first: the change ordinal never goes down
        int ordinal = scan.schema().columns().size() - 2;
        assertThat(actual.stream().map(row -> (Integer) row.get(ordinal)).toList()).isSorted();
      }
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
    // the three deleted rows are there, as DELETE changes of the delete's commit
    ChangelogScan deletes =
        table.newChangelogScan().fromSnapshotExclusive(s2).toSnapshot(s3).select("id");
    try (ArrowBatches batches = deletes.arrow(ArrowBatches.class, allocator)) {
      assertThat(arrowValues(batches, deletes.schema()))
          .containsExactlyInAnyOrder(
              List.of(3L, "DELETE", 0, s3),
              List.of(25L, "DELETE", 0, s3),
              List.of(26L, "DELETE", 0, s3));
    }
  }

  // ---- result types, batch size, memory, errors ----

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void arrowReaderHasBatchesOfTheBatchSize(String backend) throws Exception {
    open(backend);
    for (Supplier<ArrowReader> open :
        List.<Supplier<ArrowReader>>of(
            () -> table.newScan().arrow(ArrowReader.class, allocator, 4),
            () ->
                table.metadataTable(MetadataTableType.FILES).arrow(ArrowReader.class, allocator, 4),
            () -> table.newIncrementalScan().arrow(ArrowBatchReader.class, allocator, 4),
            () -> table.newChangelogScan().arrow(ArrowBatchReader.class, allocator, 4))) {
      long rows = 0;
      int batches = 0;
      try (ArrowBatchReader reader =
          (ArrowBatchReader) open.get()) { // close() throws nothing checked
        while (reader.loadNextBatch()) {
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          assertThat(root.getRowCount()).isBetween(1, 4);
          rows += root.getRowCount();
          batches++;
        }
      }
      assertThat(batches).isGreaterThan(1);
      assertThat(rows).isGreaterThanOrEqualTo(batches);
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
    try (ArrowBatchReader reader = table.newScan().arrow(ArrowBatchReader.class, allocator, 4)) {
      long rows = 0;
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
      assertThat(rows).isEqualTo(47);
      assertThat(reader.metrics().rowsReturned()).isEqualTo(47);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void closingABatchStreamMidwayFreesItsMemory(String backend) throws Exception {
    open(backend);
    for (Supplier<ArrowBatches> open :
        List.<Supplier<ArrowBatches>>of(
            () -> table.newScan().arrow(ArrowBatches.class, allocator, 3),
            () ->
                table
                    .metadataTable(MetadataTableType.ENTRIES)
                    .arrow(ArrowBatches.class, allocator, 3),
            () -> table.newIncrementalScan().arrow(ArrowBatches.class, allocator, 3),
            () -> table.newChangelogScan().arrow(ArrowBatches.class, allocator, 3))) {
      ArrowBatches batches = open.get();
      assertThat(batches.next().getRowCount()).isPositive();
      assertThat(allocator.getAllocatedMemory()).isPositive();
      batches.close();
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory"})
  void badArgumentsAreNamed(String backend) throws Exception {
    open(backend);
    Scan scan = table.newScan();
    assertThatThrownBy(() -> scan.arrow(String.class, allocator))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read a scan as java.lang.String; ask for io.floe.parquet.ArrowBatches, "
                + "io.floe.parquet.ArrowBatchReader or Arrow's ArrowReader");
    assertThatThrownBy(() -> table.newIncrementalScan().arrow(ArrowBatches.class, "allocator"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The allocator of an Arrow read must be an Arrow org.apache.arrow.memory.BufferAllocator, "
                + "was java.lang.String");
    assertThatThrownBy(() -> table.newChangelogScan().arrow(ArrowBatches.class, allocator, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Batch size must be between 1 and 1048576 rows, was 0");
    assertThatThrownBy(() -> scan.select("nope").arrow(ArrowBatches.class, allocator))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Table db.events has no column 'nope'");
    assertThatThrownBy(() -> scan.asOfSnapshot(42L).arrow(ArrowBatches.class, allocator))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Table db.events has no snapshot 42");
    assertThatThrownBy(
            () ->
                table
                    .newIncrementalScan()
                    .fromSnapshotExclusive(42L)
                    .arrow(ArrowBatches.class, allocator))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("42");
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"local"})
  void aMissingDataFileIsNamedAndNoMemoryLeaks(String backend) throws Exception {
    open(backend);
    List<String> files =
        table
            .metadataTable(MetadataTableType.DATA_FILES)
            .select("file_path")
            .rows()
            .toList()
            .stream()
            .map(row -> (String) row.get(0))
            .toList();
    for (String file : files) {
      Files.delete(Path.of(java.net.URI.create(file).getPath()));
    }
    for (Supplier<ArrowBatches> open :
        List.<Supplier<ArrowBatches>>of(
            () -> table.newScan().arrow(ArrowBatches.class, allocator),
            () ->
                table
                    .newIncrementalScan()
                    .fromSnapshotExclusive(s3)
                    .arrow(ArrowBatches.class, allocator),
            () ->
                table
                    .newChangelogScan()
                    .fromSnapshotExclusive(s3)
                    .arrow(ArrowBatches.class, allocator))) {
      assertThatThrownBy(
              () -> {
                try (ArrowBatches batches = open.get()) {
                  batches.forEachRemaining(batch -> {});
                }
              })
          .isInstanceOf(FloeIOException.class)
          .satisfies(
              e ->
                  assertThat(files)
                      .anyMatch(f -> e.getMessage().contains(f.substring(f.lastIndexOf('/')))));
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
  }

  // ---- helpers: both sides in the classes Row documents, nested rows as lists ----

  private static List<List<Object>> rowValues(RowStream rows) {
    List<List<Object>> out = new ArrayList<>();
    try (rows) {
      for (Row row : rows) {
        out.add(values(row));
      }
    }
    return out;
  }

  private static List<List<Object>> arrowValues(ArrowBatches batches, Schema schema) {
    List<Types.NestedField> fields = schema.columns();
    List<List<Object>> out = new ArrayList<>();
    while (batches.hasNext()) {
      VectorSchemaRoot batch = batches.next();
      assertThat(batch.getFieldVectors()).hasSize(fields.size());
      for (int r = 0; r < batch.getRowCount(); r++) {
        List<Object> row = new ArrayList<>();
        for (int c = 0; c < fields.size(); c++) {
          Type type = fields.get(c).type();
          row.add(normalize(ValueRow.internal(type, ArrowValues.get(batch.getVector(c), type, r))));
        }
        out.add(row);
      }
    }
    return out;
  }

  private static List<Object> values(Row row) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      out.add(normalize(row.get(i)));
    }
    return out;
  }

  private static Object normalize(Object value) {
    if (value instanceof Row row) {
      return values(row);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ScanArrowTest::normalize).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new HashMap<>();
      map.forEach((k, v) -> out.put(normalize(k), normalize(v)));
      return out;
    }
    if (value instanceof Float f && f.isNaN()) {
      return "NaN"; // equal to itself in assertions
    }
    return value;
  }
}
