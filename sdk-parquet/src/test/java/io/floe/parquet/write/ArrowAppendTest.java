package io.floe.parquet.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import io.floe.impl.spi.Internals;
import io.floe.parquet.ArrowResources;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ArrowAppendTest {
  @RegisterExtension final ArrowResources resources = new ArrowResources();
  private final Floe floe = resources.localFloe();
  private final BufferAllocator allocator = resources.allocator();

  private FloeTable table(String name) {
    return table(name, true);
  }

  private FloeTable table(String name, boolean partitioned) {
    io.floe.TableCreator creator =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("flag", Types.BooleanType.get())
            .column("n", Types.IntegerType.get())
            .column("f", Types.FloatType.get())
            .column("d", Types.DoubleType.get())
            .column("s", Types.StringType.get())
            .column("b", Types.BinaryType.get())
            .column("day", Types.DateType.get())
            .column("ts", Types.TimestampType.withoutZone())
            .column("tstz", Types.TimestampType.withZone())
            .column("amount", Types.DecimalType.of(12, 2))
            .bloomFilter("id");
    if (partitioned) {
      creator.partitionBy(p -> p.identity("s").month("tstz"));
    }
    return creator.create();
  }

  /** Fills a batch with rows [from, from + n); every 7th row has nulls in the optional columns. */
  private VectorSchemaRoot batch(long from, int n) {
    BigIntVector id = new BigIntVector("id", allocator);
    BitVector flag = new BitVector("flag", allocator);
    IntVector ints = new IntVector("n", allocator);
    Float4Vector f = new Float4Vector("f", allocator);
    Float8Vector d = new Float8Vector("d", allocator);
    VarCharVector s = new VarCharVector("s", allocator);
    VarBinaryVector b = new VarBinaryVector("b", allocator);
    DateDayVector day = new DateDayVector("day", allocator);
    TimeStampMilliVector ts = new TimeStampMilliVector("ts", allocator);
    TimeStampMicroTZVector tstz = new TimeStampMicroTZVector("tstz", allocator, "UTC");
    DecimalVector amount = new DecimalVector("amount", allocator, 12, 2);
    List<FieldVector> vectors = List.of(id, flag, ints, f, d, s, b, day, ts, tstz, amount);
    vectors.forEach(v -> v.setInitialCapacity(n));
    vectors.forEach(FieldVector::allocateNew);
    for (int i = 0; i < n; i++) {
      long v = from + i;
      id.setSafe(i, v);
      if (v % 7 == 0) {
        flag.setNull(i);
        ints.setNull(i);
        f.setNull(i);
        d.setNull(i);
        s.setNull(i);
        b.setNull(i);
        day.setNull(i);
        ts.setNull(i);
        tstz.setNull(i);
        amount.setNull(i);
        continue;
      }
      flag.setSafe(i, v % 2 == 0 ? 1 : 0);
      ints.setSafe(i, (int) v * 3);
      f.setSafe(i, v / 4f);
      d.setSafe(i, v / 8.0);
      s.setSafe(i, ("cat" + (v % 3)).getBytes(StandardCharsets.UTF_8));
      b.setSafe(i, new byte[] {(byte) v, 1, 2});
      day.setSafe(i, (int) (19_000 + v % 50));
      ts.setSafe(i, 1_700_000_000_000L + v);
      tstz.setSafe(i, 1_700_000_000_000_000L + v * 86_400_000_000L);
      amount.setSafe(i, BigDecimal.valueOf(v * 101, 2));
    }
    VectorSchemaRoot root = new VectorSchemaRoot(vectors);
    root.setRowCount(n);
    return root;
  }

  private static List<Object> expected(long v) {
    if (v % 7 == 0) {
      List<Object> nulls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        nulls.add(null);
      }
      return nulls;
    }
    return java.util.Arrays.asList(
        v % 2 == 0,
        (int) v * 3,
        v / 4f,
        v / 8.0,
        "cat" + (v % 3),
        ByteBuffer.wrap(new byte[] {(byte) v, 1, 2}),
        LocalDate.ofEpochDay(19_000 + v % 50),
        LocalDateTime.ofEpochSecond(1_700_000_000L, 0, ZoneOffset.UTC).plusNanos(v * 1_000_000),
        OffsetDateTime.ofInstant(
            java.time.Instant.ofEpochSecond(1_700_000_000L).plusSeconds(v * 86_400),
            ZoneOffset.UTC),
        BigDecimal.valueOf(v * 101, 2));
  }

  private static TreeMap<Long, List<Object>> read(FloeTable table) throws IOException {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    TreeMap<Long, List<Object>> out = new TreeMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(iceberg).build()) {
      for (Record r : rows) {
        List<Object> values = new ArrayList<>();
        for (int i = 1; i < r.size(); i++) {
          values.add(r.get(i));
        }
        assertThat(out.put((Long) r.get(0), values)).isNull();
      }
    }
    return out;
  }

  @Test
  void batchesAreWrittenPartitionedAndReadBackRowForRow() throws IOException {
    FloeTable table = table("db.arrow");
    AppendResult result;
    try (ArrowAppend append = ArrowAppend.to(table).expectedRows(3000).set("source", "test")) {
      for (int b = 0; b < 3; b++) {
        try (VectorSchemaRoot batch = batch(b * 1000L, 1000)) {
          append.batch(batch);
        }
      }
      assertThat(append.rowCount()).isEqualTo(3000);
      result = append.commit();
    }
    assertThat(result.addedRecords()).isEqualTo(3000);
    TreeMap<Long, List<Object>> rows = read(table);
    assertThat(rows).hasSize(3000);
    for (long v = 0; v < 3000; v++) {
      assertThat(rows.get(v)).as("row %s", v).isEqualTo(expected(v));
    }
    Table iceberg = Internals.icebergTable(table);
    assertThat(iceberg.currentSnapshot().summary()).containsEntry("source", "test");
    // metrics and partitions are right: pruning by value and by partition returns exact counts
    assertThat(table.newScan().where(Expressions.equal("id", 1234L)).count()).isEqualTo(1);
    assertThat(table.newScan().where(Expressions.equal("s", "cat1")).count())
        .isEqualTo(rows.values().stream().filter(r -> "cat1".equals(r.get(4))).count());
    assertThat(table.newScan().where(Expressions.greaterThan("d", 370.0)).count())
        .isEqualTo(
            rows.values().stream()
                .filter(r -> r.get(3) != null && (Double) r.get(3) > 370.0)
                .count());
    try (CloseableIterable<FileScanTask> tasks =
        iceberg.newScan().includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        assertThat(file.partition().get(0, String.class)).isIn(null, "cat0", "cat1", "cat2");
        assertThat(file.lowerBounds()).containsKey(table.schema().findField("id").fieldId());
        assertThat(file.nanValueCounts()).containsKey(table.schema().findField("d").fieldId());
      }
    }
  }

  @Test
  void closedWithoutCommitLeavesNoFileAndClosedAfterCommitDeletesNothing() throws IOException {
    FloeTable table = table("db.closing");
    table
        .updateProperties()
        .set("write.parquet.row-group-size-bytes", "4096")
        .commit(); // files reach storage early
    Path data = io.floe.impl.io.LocalFileIO.toPath(table.location()).resolve("data");
    try (VectorSchemaRoot rows = batch(0, 5_000)) {
      try (ArrowAppend append = ArrowAppend.to(table)) {
        append.batch(rows);
        assertThat(files(data)).as("the append has written files").isNotEmpty();
      }
      assertThat(files(data)).as("what is left after closing the uncommitted append").isEmpty();
      assertThat(table.refresh().currentSnapshot()).isEmpty();
      List<Path> committed;
      try (ArrowAppend append = ArrowAppend.to(table)) {
        append.batch(rows);
        append.commit();
        committed = files(data);
      }
      assertThat(files(data))
          .as("files after closing the committed append")
          .isEqualTo(committed)
          .isNotEmpty();
      assertThat(table.refresh().newScan().count()).isEqualTo(5_000);
    }
  }

  private static List<Path> files(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void badBatchesAbortTheAppendAndCommitNothing() {
    FloeTable table = table("db.bad");
    try (VectorSchemaRoot good = batch(0, 10);
        IntVector extra = new IntVector("nope", allocator)) {
      ArrowAppend append = ArrowAppend.to(table);
      append.batch(good);
      extra.allocateNew(1);
      extra.setValueCount(1);
      VectorSchemaRoot unknown = VectorSchemaRoot.of(extra);
      assertThatThrownBy(() -> append.batch(unknown))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.bad")
          .hasMessageContaining("'nope'")
          .hasMessageContaining("unknown column");
      assertThatThrownBy(append::commit)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("aborted");
    }
    try (VarCharVector wrong = new VarCharVector("id", allocator)) {
      wrong.allocateNew(1);
      wrong.setSafe(0, "x".getBytes(StandardCharsets.UTF_8));
      wrong.setValueCount(1);
      VectorSchemaRoot root = VectorSchemaRoot.of(wrong);
      assertThatThrownBy(() -> ArrowAppend.to(table).batch(root))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("column 'id'")
          .hasMessageContaining("expected long");
    }
    try (BigIntVector ids = new BigIntVector("id", allocator)) {
      ids.allocateNew(2);
      ids.set(0, 1);
      ids.setNull(1);
      ids.setValueCount(2);
      VectorSchemaRoot root = VectorSchemaRoot.of(ids);
      assertThatThrownBy(() -> ArrowAppend.to(table).batch(root))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("1 nulls in required column")
          .hasMessageContaining("'id'");
    }
    assertThat(table.refresh().currentSnapshot()).isEmpty();
  }

  @Test
  void nestedTablesAreRejectedWithAPointerToRowAppends() {
    FloeTable nested =
        floe.createTable("db.nested")
            .columns(s -> s.column("id", Types.LongType.get()).list("tags", Types.StringType.get()))
            .create();
    try (BigIntVector ids = new BigIntVector("id", allocator)) {
      ids.allocateNew(1);
      ids.set(0, 1);
      ids.setValueCount(1);
      VectorSchemaRoot root = VectorSchemaRoot.of(ids);
      assertThatThrownBy(() -> ArrowAppend.to(nested).batch(root))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("newAppend()")
          .hasMessageContaining("'tags'");
    }
    assertThat(nested.refresh().currentSnapshot()).isEmpty();
  }

  private static Map<Object, DataFile> filesByPartition(FloeTable table) throws IOException {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    Map<Object, DataFile> out = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks =
        iceberg.newScan().includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        Object key =
            List.of(
                String.valueOf(file.partition().get(0, String.class)),
                String.valueOf(file.partition().get(1, Integer.class)));
        assertThat(out.put(key, file)).as("one file per partition").isNull();
      }
    }
    return out;
  }

  /**
   * An unpartitioned append on two threads splits each batch of at least two lanes' worth of rows
   * into two contiguous shares, one per file; a smaller batch goes whole to the first file. Rows
   * read back as on one thread, and each file's metrics describe its own rows.
   */
  @Test
  void unpartitionedAppendsOnTwoThreadsSplitLargeBatchesBetweenTwoFiles() throws IOException {
    FloeTable serial = table("db.serial", false);
    FloeTable parallel = table("db.parallel", false);
    int big = 2 * ArrowAppend.MIN_LANE_ROWS + 1001;
    int small = 2 * ArrowAppend.MIN_LANE_ROWS - 1;
    for (FloeTable table : List.of(serial, parallel)) {
      try (ArrowAppend append = ArrowAppend.to(table).parallelism(table == parallel ? 2 : 1)) {
        long from = 0;
        for (int size : new int[] {big, small, big}) {
          try (VectorSchemaRoot batch = batch(from, size)) {
            append.batch(batch);
          }
          from += size;
        }
        AppendResult result = append.commit();
        assertThat(result.addedRecords()).isEqualTo(2L * big + small);
        assertThat(result.addedFiles()).isEqualTo(table == parallel ? 2 : 1);
      }
    }
    TreeMap<Long, List<Object>> rows = read(parallel);
    assertThat(rows).hasSize(2 * big + small).isEqualTo(read(serial));
    for (long v = 0; v < 2L * big + small; v += 97) {
      assertThat(rows.get(v)).as("row %s", v).isEqualTo(expected(v));
    }
    Table iceberg = Internals.icebergTable(parallel);
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        iceberg.newScan().includeColumnStats().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    }
    files.sort(Comparator.comparing(DataFile::recordCount));
    int half = big / 2;
    // first file: the first share of each big batch and the whole small one; second: the rest
    long[][] ranges = {
      {half, big, big + small + half, 2L * big + small},
      {0, half, big, big + small + half}
    };
    assertThat(files.get(0).recordCount()).isEqualTo(2L * (big - half));
    assertThat(files.get(1).recordCount()).isEqualTo(2L * half + small);
    for (int f = 0; f < 2; f++) {
      DataFile file = files.get(f);
      long[] r = ranges[f];
      long nulls = 0;
      for (int k = 0; k < r.length; k += 2) {
        for (long v = r[k]; v < r[k + 1]; v++) {
          nulls += v % 7 == 0 ? 1 : 0;
        }
      }
      assertThat(Conversions.<Long>fromByteBuffer(Types.LongType.get(), file.lowerBounds().get(1)))
          .as("lowest id of file %s", f)
          .isEqualTo(r[0]);
      assertThat(Conversions.<Long>fromByteBuffer(Types.LongType.get(), file.upperBounds().get(1)))
          .as("highest id of file %s", f)
          .isEqualTo(r[r.length - 1] - 1);
      assertThat(file.nullValueCounts().get(6)).as("null s in file %s", f).isEqualTo(nulls);
      // Bloom filters sized per file still find each file's ids
      assertThat(parallel.newScan().where(Expressions.equal("id", r[2] + 5)).count()).isEqualTo(1);
    }
  }

  @Test
  void partitionsWrittenOnTwoThreadsGiveTheSameFilesAsOnOne() throws IOException {
    FloeTable serial = table("db.serial");
    FloeTable parallel = table("db.parallel");
    for (FloeTable table : List.of(serial, parallel)) {
      try (ArrowAppend append =
          ArrowAppend.to(table).expectedRows(1200).parallelism(table == parallel ? 2 : 1)) {
        for (int b = 0; b < 3; b++) {
          try (VectorSchemaRoot batch = batch(b * 400L, 400)) {
            append.batch(batch);
          }
        }
        assertThat(append.commit().addedRecords()).isEqualTo(1200);
      }
    }
    TreeMap<Long, List<Object>> rows = read(parallel);
    assertThat(rows).hasSize(1200).isEqualTo(read(serial));
    for (long v = 0; v < 1200; v += 7) {
      assertThat(rows.get(v)).as("row %s", v).isEqualTo(expected(v));
    }
    Map<Object, DataFile> one = filesByPartition(serial);
    Map<Object, DataFile> two = filesByPartition(parallel);
    assertThat(two.keySet()).isEqualTo(one.keySet());
    for (Object partition : one.keySet()) {
      DataFile a = one.get(partition);
      DataFile b = two.get(partition);
      assertThat(b.recordCount()).isEqualTo(a.recordCount());
      assertThat(b.fileSizeInBytes())
          .as("same bytes for partition %s", partition)
          .isEqualTo(a.fileSizeInBytes());
      assertThat(b.lowerBounds()).isEqualTo(a.lowerBounds());
      assertThat(b.upperBounds()).isEqualTo(a.upperBounds());
      assertThat(b.nullValueCounts()).isEqualTo(a.nullValueCounts());
      assertThat(b.nanValueCounts()).isEqualTo(a.nanValueCounts());
    }
    assertThatThrownBy(() -> ArrowAppend.to(parallel).parallelism(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 64");
  }

  /**
   * Consecutive rows in different partitions, over several batches, with files rolling: every row
   * lands in its partition once (the rows of a batch are grouped per partition in buffers the open
   * files reuse and hand on when they roll).
   */
  @Test
  void rowsThatChangePartitionEveryRowLandInTheirPartitionAcrossBatchesAndRolledFiles() {
    FloeTable table =
        floe.createTable("db.alternating")
            .column("id", Types.LongType.get())
            .required()
            .column("s", Types.StringType.get())
            .noDictionary("id")
            .property("write.target-file-size-bytes", "16384")
            .property("write.parquet.row-group-size-bytes", "8192")
            .partitionBy(p -> p.identity("s"))
            .create();
    int rowsPerBatch = 20_000;
    int batches = 4;
    try (ArrowAppend append = ArrowAppend.to(table)) {
      for (int b = 0; b < batches; b++) {
        // the last batch is smaller: buffers sized for a larger batch are reused
        int n = b == batches - 1 ? 777 : rowsPerBatch;
        try (BigIntVector id = new BigIntVector("id", allocator);
            VarCharVector s = new VarCharVector("s", allocator)) {
          id.allocateNew(n);
          s.allocateNew(n);
          for (int i = 0; i < n; i++) {
            long v = (long) b * rowsPerBatch + i;
            id.set(i, v);
            s.setSafe(i, ("k" + (v % 5)).getBytes(StandardCharsets.UTF_8));
          }
          VectorSchemaRoot root = VectorSchemaRoot.of(id, s);
          root.setRowCount(n);
          append.batch(root);
        }
      }
      AppendResult result = append.commit();
      assertThat(result.addedRecords()).isEqualTo(3L * rowsPerBatch + 777);
      assertThat(result.addedFiles()).as("files rolled within partitions").isGreaterThan(5);
    }
    for (int k = 0; k < 5; k++) {
      List<Long> ids = new ArrayList<>();
      for (var row : table.refresh().newScan().where("s = 'k" + k + "'").rows().toList()) {
        assertThat(row.get("s")).isEqualTo("k" + k);
        ids.add((Long) row.get("id"));
      }
      List<Long> expected = new ArrayList<>();
      for (long v = 0; v < 3L * rowsPerBatch + 777; v++) {
        if (v % 5 == k) {
          expected.add(v);
        }
      }
      assertThat(ids).as("partition k%d", k).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void filesRollAtTheTargetSizeAndPerColumnDictionarySettingsApply() throws IOException {
    FloeTable table =
        floe.createTable("db.rolling")
            .column("id", Types.LongType.get())
            .required()
            .column("s", Types.StringType.get())
            .column("d", Types.DoubleType.get())
            .noDictionary("id")
            .property("write.target-file-size-bytes", "65536")
            .property("write.parquet.row-group-size-bytes", "32768")
            .create();
    int rowsPerBatch = 20_000;
    try (ArrowAppend append = ArrowAppend.to(table).parallelism(2)) {
      for (int b = 0; b < 3; b++) {
        try (BigIntVector id = new BigIntVector("id", allocator);
            VarCharVector s = new VarCharVector("s", allocator);
            Float8Vector d = new Float8Vector("d", allocator)) {
          id.allocateNew(rowsPerBatch);
          s.allocateNew(rowsPerBatch);
          d.allocateNew(rowsPerBatch);
          for (int i = 0; i < rowsPerBatch; i++) {
            long v = (long) b * rowsPerBatch + i;
            id.set(i, v * 7919 % 1_000_003);
            s.setSafe(i, ("k" + (v % 5)).getBytes(StandardCharsets.UTF_8));
            d.set(i, v % 3 == 0 ? Double.NaN : v / 2.0);
          }
          VectorSchemaRoot root = VectorSchemaRoot.of(id, s, d);
          root.setRowCount(rowsPerBatch);
          append.batch(root);
        }
      }
      append.commit();
    }
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        iceberg.newScan().includeColumnStats().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    }
    assertThat(files).as("rolled at 64 KiB").hasSizeGreaterThan(2);
    long total = 0;
    for (DataFile file : files) {
      total += file.recordCount();
      assertThat(file.fileSizeInBytes()).isLessThan(3 * 65536);
      assertThat(file.recordCount()).as("no empty files").isPositive();
      assertThat(file.nanValueCounts().get(3)).isPositive();
      try (ParquetFileReader reader =
          ParquetFileReader.open(
              new LocalInputFile(Path.of(java.net.URI.create(file.location()).getPath())))) {
        assertThat(reader.getFooter().getBlocks()).as("row groups of 32 KiB").hasSizeGreaterThan(1);
        for (BlockMetaData block : reader.getFooter().getBlocks()) {
          for (ColumnChunkMetaData column : block.getColumns()) {
            boolean dictionary = column.getEncodingStats().hasDictionaryEncodedPages();
            String path = column.getPath().toDotString();
            if (!path.equals("d")) { // d: Parquet decides by size
              assertThat(dictionary).as("dictionary on %s", path).isEqualTo(path.equals("s"));
            }
          }
        }
      }
    }
    assertThat(total).isEqualTo(3L * rowsPerBatch);
    // every row back, compared with Iceberg's generic reader
    try (CloseableIterable<Record> rows = IcebergGenerics.read(iceberg).build()) {
      java.util.Set<Long> ids = new java.util.HashSet<>();
      for (Record r : rows) {
        long id = (Long) r.get(0);
        assertThat(ids.add(id)).isTrue();
      }
      assertThat(ids).hasSize(3 * rowsPerBatch);
    }
    assertThat(table.newScan().where(Expressions.equal("s", "k3")).count())
        .isEqualTo(3L * rowsPerBatch / 5);
  }

  /**
   * Columns whose first 16,384 values are at least 99% distinct are written without the dictionary
   * Parquet would build for every value of the first page and then give up on; columns of repeated
   * values keep their dictionary, and so does a column distinct in its first 20,000 rows but
   * repeated later when pages are longer than that (Parquet decides at the first page's end).
   */
  @Test
  void columnsOfDistinctValuesSkipTheDictionaryParquetWouldGiveUp() throws IOException {
    Map<String, Boolean> defaults = dictionaries(distinctTable("db.distinct", 20_000));
    assertThat(defaults)
        .containsEntry("id", false)
        .containsEntry("text", false)
        .containsEntry("cat", true)
        .containsEntry("r", false);
    Map<String, Boolean> longPages = dictionaries(distinctTable("db.long_pages", 100_000));
    assertThat(longPages)
        .containsEntry("id", false)
        .containsEntry("cat", true)
        .as("repeated within the first page")
        .containsEntry("r", true);
  }

  /** 60,000 rows in 3 batches; {@code r} repeats the same 20,000 values in each batch. */
  private FloeTable distinctTable(String name, int pageRows) {
    FloeTable table =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("text", Types.StringType.get())
            .column("cat", Types.StringType.get())
            .column("r", Types.StringType.get())
            .property("write.parquet.page-row-limit", String.valueOf(pageRows))
            .create();
    int rowsPerBatch = 20_000;
    try (ArrowAppend append = ArrowAppend.to(table)) {
      for (int b = 0; b < 3; b++) {
        try (BigIntVector id = new BigIntVector("id", allocator);
            VarCharVector text = new VarCharVector("text", allocator);
            VarCharVector cat = new VarCharVector("cat", allocator);
            VarCharVector r = new VarCharVector("r", allocator)) {
          for (FieldVector v : List.<FieldVector>of(id, text, cat, r)) {
            v.setInitialCapacity(rowsPerBatch);
            v.allocateNew();
          }
          for (int i = 0; i < rowsPerBatch; i++) {
            long v = (long) b * rowsPerBatch + i;
            id.set(i, v * 7919 % 1_000_003);
            text.setSafe(i, ("text-" + v * 31).getBytes(StandardCharsets.UTF_8));
            cat.setSafe(i, ("c" + (v % 7)).getBytes(StandardCharsets.UTF_8));
            r.setSafe(i, ("v" + i).getBytes(StandardCharsets.UTF_8));
          }
          VectorSchemaRoot root = VectorSchemaRoot.of(id, text, cat, r);
          root.setRowCount(rowsPerBatch);
          append.batch(root);
        }
      }
      assertThat(append.commit().addedRecords()).isEqualTo(3L * rowsPerBatch);
    }
    assertThat(table.refresh().newScan().where(Expressions.equal("r", "v123")).count())
        .isEqualTo(3);
    return table;
  }

  /** Whether each column has dictionary-encoded pages in any data file of the table. */
  private static Map<String, Boolean> dictionaries(FloeTable table) throws IOException {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    Map<String, Boolean> dictionaries = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        try (ParquetFileReader reader =
            ParquetFileReader.open(
                new LocalInputFile(
                    Path.of(java.net.URI.create(task.file().location()).getPath())))) {
          for (BlockMetaData block : reader.getFooter().getBlocks()) {
            for (ColumnChunkMetaData column : block.getColumns()) {
              dictionaries.merge(
                  column.getPath().toDotString(),
                  column.getEncodingStats().hasDictionaryEncodedPages(),
                  Boolean::logicalOr);
            }
          }
        }
      }
    }
    return dictionaries;
  }
}
