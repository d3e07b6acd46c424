package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.FloeIOException;
import io.floe.ValidationException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ArrowScanTest {
  private static final Map<String, String> SMALL_PAGES =
      Map.of(
          "write.parquet.page-size-bytes", "256",
          "write.parquet.page-row-limit", "13",
          "write.parquet.row-group-size-bytes", "2048");

  @RegisterExtension final ArrowResources resources = new ArrowResources();
  private final BufferAllocator allocator = resources.allocator();

  private static final Schema PRIMITIVES =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "b", Types.BooleanType.get()),
          Types.NestedField.optional(3, "i", Types.IntegerType.get()),
          Types.NestedField.optional(4, "f", Types.FloatType.get()),
          Types.NestedField.optional(5, "d", Types.DoubleType.get()),
          Types.NestedField.optional(6, "dec9", Types.DecimalType.of(9, 2)),
          Types.NestedField.optional(7, "dec18", Types.DecimalType.of(18, 4)),
          Types.NestedField.optional(8, "dec38", Types.DecimalType.of(38, 10)),
          Types.NestedField.optional(9, "day", Types.DateType.get()),
          Types.NestedField.optional(10, "t", Types.TimeType.get()),
          Types.NestedField.optional(11, "ts", Types.TimestampType.withoutZone()),
          Types.NestedField.optional(12, "tstz", Types.TimestampType.withZone()),
          Types.NestedField.optional(13, "tsns", Types.TimestampNanoType.withZone()),
          Types.NestedField.optional(14, "s", Types.StringType.get()),
          Types.NestedField.optional(15, "u", Types.UUIDType.get()),
          Types.NestedField.optional(16, "fx", Types.FixedType.ofLength(5)),
          Types.NestedField.optional(17, "bin", Types.BinaryType.get()),
          Types.NestedField.required(18, "cat", Types.StringType.get()));

  /** The primitive types format v2 allows (no nanosecond timestamps). */
  private static final Schema PRIMITIVES_V2 =
      new Schema(
          PRIMITIVES.columns().stream()
              .filter(c -> !c.name().equals("tsns"))
              .collect(java.util.stream.Collectors.toList()));

  static List<Record> primitiveRows(int n) {
    return primitiveRows(PRIMITIVES, n);
  }

  static List<Record> primitiveRows(Schema schema, int n) {
    java.util.Random random = new java.util.Random(42);
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Record r = GenericRecord.create(PRIMITIVES);
      Record out = GenericRecord.create(schema);
      boolean nulls = i % 5 == 3;
      r.setField("id", (long) i);
      r.setField("b", nulls ? null : random.nextBoolean());
      r.setField("i", nulls ? null : random.nextInt());
      r.setField("f", nulls ? null : (i % 17 == 0 ? Float.NaN : random.nextFloat() * 100 - 50));
      r.setField("d", nulls ? null : random.nextGaussian());
      r.setField(
          "dec9",
          nulls ? null : BigDecimal.valueOf(random.nextInt(2_000_000_000) - 1_000_000_000L, 2));
      r.setField(
          "dec18",
          nulls ? null : BigDecimal.valueOf(random.nextLong() % 100_000_000_000_000_000L, 4));
      r.setField(
          "dec38",
          nulls ? null : new BigDecimal(new java.math.BigInteger(120, random).negate(), 10));
      r.setField("day", nulls ? null : LocalDate.ofEpochDay(random.nextInt(40_000) - 10_000));
      r.setField(
          "t",
          nulls
              ? null
              : LocalTime.ofNanoOfDay(
                  (random.nextLong() & Long.MAX_VALUE) % 86_400_000_000L * 1000));
      r.setField(
          "ts",
          nulls
              ? null
              : LocalDateTime.of(2020, 1, 1, 0, 0)
                  .plusSeconds(random.nextInt())
                  .plusNanos(1000L * random.nextInt(1_000_000)));
      r.setField(
          "tstz",
          nulls
              ? null
              : OffsetDateTime.of(2024, 5, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                  .plusSeconds(random.nextInt()));
      r.setField(
          "tsns",
          nulls
              ? null
              : OffsetDateTime.of(2024, 5, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                  .plusNanos(random.nextLong() % 1_000_000_000_000_000L));
      r.setField(
          "s", nulls ? null : (i % 3 == 0 ? "cat-" + (i % 7) : "s" + random.nextInt() + "é€𝄞"));
      r.setField("u", nulls ? null : new UUID(random.nextLong(), random.nextLong()));
      byte[] fixed = new byte[5];
      random.nextBytes(fixed);
      r.setField("fx", nulls ? null : fixed);
      byte[] bin = new byte[random.nextInt(20)];
      random.nextBytes(bin);
      r.setField("bin", nulls ? null : ByteBuffer.wrap(bin));
      r.setField("cat", "c" + (i % 4));
      for (Types.NestedField f : schema.columns()) {
        out.setField(f.name(), r.getField(f.name()));
      }
      rows.add(out);
    }
    return rows;
  }

  private void assertSame(
      Table table, Expression filter, List<String> select, int batchSize, int parallelism) {
    ArrowScan scan =
        ArrowScan.of(TestTables.scan(table, filter, select))
            .batchSize(batchSize)
            .parallelism(parallelism);
    List<String> expected = TestTables.generic(table, filter, select);
    List<String> actual =
        TestTables.arrow(scan, TestTables.scan(table, filter, select).schema(), allocator);
    assertThat(actual).hasSize(expected.size()).containsExactlyElementsOf(expected);
  }

  @Test
  void readsEveryPrimitiveTypeLikeTheGenericReader() {
    Table table = TestTables.create(PRIMITIVES, PartitionSpec.unpartitioned(), 3, Map.of());
    table
        .newAppend()
        .appendFile(TestTables.write(table, primitiveRows(500), SMALL_PAGES))
        .appendFile(TestTables.write(table, primitiveRows(77), Map.of()))
        .commit();
    for (int batch : new int[] {1, 7, 64, 8192}) {
      assertSame(table, null, null, batch, 1);
    }
    assertSame(table, null, null, 100, 2);
    assertSame(table, null, List.of("s", "dec38", "u"), 33, 1);
    assertThat(TestTables.generic(table, null, null)).hasSize(577);
  }

  @Test
  void appliesFiltersExactlyAndPrunesRowGroups() {
    Table table = TestTables.create(PRIMITIVES_V2, PartitionSpec.unpartitioned(), 2, Map.of());
    table
        .newAppend()
        .appendFile(TestTables.write(table, primitiveRows(PRIMITIVES_V2, 1000), SMALL_PAGES))
        .commit();
    List<Expression> filters =
        List.of(
            Expressions.lessThan("id", 100L),
            Expressions.equal("id", 777L),
            Expressions.and(Expressions.greaterThanOrEqual("id", 10L), Expressions.notNull("i")),
            Expressions.or(Expressions.isNull("s"), Expressions.startsWith("s", "cat-3")),
            Expressions.in("cat", "c1", "c3"),
            Expressions.notEqual("cat", "c1"),
            Expressions.not(Expressions.lessThan("d", 0.0)),
            Expressions.isNaN("f"),
            Expressions.greaterThan("day", LocalDate.of(2000, 1, 1).toString()),
            Expressions.equal("b", true),
            Expressions.notIn("i", 1, 2, 3),
            Expressions.lessThan("dec9", new BigDecimal("0.00")));
    for (Expression filter : filters) {
      assertSame(table, filter, null, 50, 1);
      assertSame(table, filter, List.of("id"), 4096, 1);
    }
    try (ArrowBatches batches =
        ArrowScan.of(table.newScan().filter(Expressions.lessThan("id", 100L))).open(allocator)) {
      long rows = 0;
      while (batches.hasNext()) {
        rows += batches.next().getRowCount();
      }
      ScanMetrics m = batches.metrics();
      assertThat(rows).isEqualTo(100);
      assertThat(m.rowsReturned()).isEqualTo(100);
      assertThat(m.rowGroups()).isGreaterThan(5);
      assertThat(m.rowGroupsPrunedByStats()).isGreaterThan(0);
      assertThat(m.rowGroupsRead() + m.rowGroupsPrunedByStats()).isEqualTo(m.rowGroups());
      assertThat(m.bytesRead()).isGreaterThan(0);
    }
  }

  @Test
  void prunesRowGroupsByDictionaryAndBloomFilter() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "cat", Types.StringType.get()));
    Table table = TestTables.create(schema, PartitionSpec.unpartitioned(), 2, Map.of());
    Map<String, String> props =
        Map.of(
            "write.parquet.row-group-size-bytes", "4096",
            "write.parquet.bloom-filter-enabled.column.id", "true",
            "write.parquet.bloom-filter-max-bytes", "1024");
    List<Record> rows = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      Record r = GenericRecord.create(schema);
      r.setField("id", random.nextLong());
      // "rare" appears only in the first rows; other values everywhere
      r.setField("cat", i < 10 ? "rare" : (i % 2 == 0 ? "a" : "z"));
      rows.add(r);
    }
    table.newAppend().appendFile(TestTables.write(table, rows, props)).commit();
    long probe = (Long) rows.get(12_345).getField("id");
    try (ArrowBatches b =
        ArrowScan.of(table.newScan().filter(Expressions.equal("cat", "rare"))).open(allocator)) {
      long n = 0;
      while (b.hasNext()) {
        n += b.next().getRowCount();
      }
      assertThat(n).isEqualTo(10);
      assertThat(b.metrics().rowGroupsPrunedByDictionary()).isGreaterThan(0);
    }
    try (ArrowBatches b =
        ArrowScan.of(table.newScan().filter(Expressions.equal("id", probe))).open(allocator)) {
      List<Long> ids = new ArrayList<>();
      while (b.hasNext()) {
        VectorSchemaRoot batch = b.next();
        for (int i = 0; i < batch.getRowCount(); i++) {
          ids.add(((BigIntVector) batch.getVector("id")).get(i));
        }
      }
      assertThat(ids).containsExactly(probe);
      assertThat(b.metrics().rowGroupsPrunedByBloomFilter()).isGreaterThan(0);
      assertThat(b.metrics().rowGroupsRead()).isEqualTo(1);
    }
    assertSame(table, Expressions.equal("cat", "rare"), null, 100, 1);

    // without Bloom filters, only decoding the id column rules the other row groups out
    Table plain = TestTables.create(schema, PartitionSpec.unpartitioned(), 2, Map.of());
    plain
        .newAppend()
        .appendFile(
            TestTables.write(plain, rows, Map.of("write.parquet.row-group-size-bytes", "4096")))
        .commit();
    try (ArrowBatches b =
        ArrowScan.of(plain.newScan().filter(Expressions.equal("id", probe))).open(allocator)) {
      long n = 0;
      while (b.hasNext()) {
        n += b.next().getRowCount();
      }
      ScanMetrics m = b.metrics();
      assertThat(n).isEqualTo(1);
      assertThat(m.rowGroupsRead()).isEqualTo(1);
      assertThat(m.rowGroupsPrunedByFilterColumns()).isEqualTo(m.rowGroups() - 1).isPositive();
    }
    assertSame(plain, Expressions.equal("id", probe), null, 100, 1);
  }

  private static final Schema NESTED =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(
              2,
              "point",
              Types.StructType.of(
                  Types.NestedField.required(3, "x", Types.DoubleType.get()),
                  Types.NestedField.optional(4, "label", Types.StringType.get()))),
          Types.NestedField.optional(
              5, "tags", Types.ListType.ofOptional(6, Types.StringType.get())),
          Types.NestedField.optional(
              7,
              "attrs",
              Types.MapType.ofOptional(8, 9, Types.StringType.get(), Types.LongType.get())),
          Types.NestedField.optional(
              10,
              "events",
              Types.ListType.ofOptional(
                  11,
                  Types.StructType.of(
                      Types.NestedField.optional(12, "kind", Types.IntegerType.get()),
                      Types.NestedField.optional(
                          13,
                          "vals",
                          Types.ListType.ofRequired(14, Types.DecimalType.of(10, 2)))))),
          Types.NestedField.optional(
              15,
              "matrix",
              Types.ListType.ofOptional(
                  16, Types.ListType.ofOptional(17, Types.IntegerType.get()))),
          Types.NestedField.optional(
              18,
              "deep",
              Types.StructType.of(
                  Types.NestedField.optional(
                      19,
                      "inner",
                      Types.StructType.of(
                          Types.NestedField.optional(
                              20,
                              "m",
                              Types.MapType.ofRequired(
                                  21,
                                  22,
                                  Types.IntegerType.get(),
                                  Types.StructType.of(
                                      Types.NestedField.optional(
                                          23, "u", Types.UUIDType.get())))))))));

  static List<Record> nestedRows(int n, long seed) {
    java.util.Random random = new java.util.Random(seed);
    List<Record> rows = new ArrayList<>();
    Types.StructType point = NESTED.findType("point").asStructType();
    Types.StructType event = NESTED.findType("events").asListType().elementType().asStructType();
    Types.StructType deep = NESTED.findType("deep").asStructType();
    Types.StructType inner = deep.field("inner").type().asStructType();
    Types.StructType uStruct = inner.field("m").type().asMapType().valueType().asStructType();
    for (int i = 0; i < n; i++) {
      Record r = GenericRecord.create(NESTED);
      r.setField("id", (long) i);
      if (random.nextInt(5) > 0) {
        Record p = GenericRecord.create(point);
        p.setField("x", random.nextDouble());
        p.setField("label", random.nextBoolean() ? null : "l" + random.nextInt(10));
        r.setField("point", p);
      }
      if (random.nextInt(4) > 0) {
        List<String> tags = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
          tags.add(random.nextInt(5) == 0 ? null : "t" + random.nextInt(100));
        }
        r.setField("tags", tags);
      }
      if (random.nextInt(4) > 0) {
        Map<String, Long> attrs = new java.util.LinkedHashMap<>();
        for (int k = random.nextInt(4); k > 0; k--) {
          attrs.put("k" + random.nextInt(1000), random.nextInt(4) == 0 ? null : random.nextLong());
        }
        r.setField("attrs", attrs);
      }
      if (random.nextInt(4) > 0) {
        List<Record> events = new ArrayList<>();
        for (int k = random.nextInt(3); k > 0; k--) {
          if (random.nextInt(6) == 0) {
            events.add(null);
            continue;
          }
          Record e = GenericRecord.create(event);
          e.setField("kind", random.nextBoolean() ? null : random.nextInt(3));
          if (random.nextBoolean()) {
            List<BigDecimal> vals = new ArrayList<>();
            for (int v = random.nextInt(3); v > 0; v--) {
              vals.add(BigDecimal.valueOf(random.nextInt(), 2));
            }
            e.setField("vals", vals);
          }
          events.add(e);
        }
        r.setField("events", events);
      }
      if (random.nextInt(3) > 0) {
        List<List<Integer>> matrix = new ArrayList<>();
        for (int k = random.nextInt(3); k > 0; k--) {
          if (random.nextInt(5) == 0) {
            matrix.add(null);
            continue;
          }
          List<Integer> row = new ArrayList<>();
          for (int v = random.nextInt(3); v > 0; v--) {
            row.add(random.nextInt(6) == 0 ? null : random.nextInt(9));
          }
          matrix.add(row);
        }
        r.setField("matrix", matrix);
      }
      if (random.nextInt(3) > 0) {
        Record d = GenericRecord.create(deep);
        if (random.nextBoolean()) {
          Record in = GenericRecord.create(inner);
          if (random.nextBoolean()) {
            Map<Integer, Record> m = new java.util.LinkedHashMap<>();
            for (int k = random.nextInt(3); k > 0; k--) {
              Record u = GenericRecord.create(uStruct);
              u.setField(
                  "u",
                  random.nextBoolean() ? null : new UUID(random.nextLong(), random.nextLong()));
              m.put(random.nextInt(100), u);
            }
            in.setField("m", m);
          }
          d.setField("inner", in);
        }
        r.setField("deep", d);
      }
      rows.add(r);
    }
    return rows;
  }

  @Test
  void readsNestedStructsListsAndMaps() {
    Table table = TestTables.create(NESTED, PartitionSpec.unpartitioned(), 2, Map.of());
    table
        .newAppend()
        .appendFile(TestTables.write(table, nestedRows(400, 1), SMALL_PAGES))
        .appendFile(TestTables.write(table, nestedRows(50, 2), Map.of()))
        .commit();
    for (int batch : new int[] {1, 5, 128, 8192}) {
      assertSame(table, null, null, batch, 1);
    }
    assertSame(table, null, null, 64, 2);
    assertSame(table, null, List.of("events", "deep"), 16, 1);
    assertSame(table, Expressions.lessThan("id", 60L), List.of("matrix", "attrs"), 16, 1);
    assertSame(table, Expressions.notNull("point.label"), null, 64, 1);
  }

  @Test
  void appliesPositionAndEqualityDeletes() {
    Table table = TestTables.create(PRIMITIVES_V2, PartitionSpec.unpartitioned(), 2, Map.of());
    List<Record> rows = primitiveRows(PRIMITIVES_V2, 600);
    DataFile file = TestTables.write(table, rows, SMALL_PAGES);
    table.newAppend().appendFile(file).commit();
    List<Long> positions = new ArrayList<>();
    for (long p = 0; p < 600; p += 7) {
      positions.add(p);
    }
    Schema catOnly = table.schema().select("cat");
    Record key = GenericRecord.create(catOnly);
    key.setField("cat", "c2");
    table
        .newRowDelta()
        .addDeletes(TestTables.positionDeletes(table, file, positions))
        .addDeletes(TestTables.equalityDeletes(table, catOnly, List.of(key)))
        .commit();
    assertThat(TestTables.generic(table, null, null)).hasSize(600 - 86 - (150 - 21));
    for (int batch : new int[] {3, 100, 8192}) {
      assertSame(table, null, null, batch, 1);
    }
    assertSame(table, null, List.of("id", "s"), 100, 1);
    assertSame(table, Expressions.greaterThan("id", 300L), List.of("u"), 100, 1);
    try (ArrowBatches b = ArrowScan.of(table.newScan()).open(allocator)) {
      while (b.hasNext()) {
        b.next();
      }
      assertThat(b.metrics().rowsDeleted()).isEqualTo(86 + 129);
      assertThat(b.metrics().filesWithDeletes()).isEqualTo(1);
    }
  }

  @Test
  void appliesDeletionVectors() {
    Table table = TestTables.create(NESTED, PartitionSpec.unpartitioned(), 3, Map.of());
    DataFile file = TestTables.write(table, nestedRows(300, 3), SMALL_PAGES);
    table.newAppend().appendFile(file).commit();
    List<Long> positions = new ArrayList<>();
    for (long p = 1; p < 300; p += 3) {
      positions.add(p);
    }
    table.newRowDelta().addDeletes(TestTables.deletionVector(table, file, positions)).commit();
    assertThat(TestTables.generic(table, null, null)).hasSize(200);
    assertSame(table, null, null, 7, 1);
    assertSame(table, Expressions.lessThan("id", 100L), List.of("tags"), 64, 1);
  }

  @Test
  void readsEvolvedSchemasByFieldId() {
    Schema v1 =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "n", Types.IntegerType.get()),
            Types.NestedField.optional(3, "f", Types.FloatType.get()),
            Types.NestedField.optional(4, "price", Types.DecimalType.of(9, 2)),
            Types.NestedField.optional(5, "old", Types.StringType.get()),
            Types.NestedField.optional(
                6,
                "s",
                Types.StructType.of(Types.NestedField.optional(7, "a", Types.IntegerType.get()))));
    Table table = TestTables.create(v1, PartitionSpec.unpartitioned(), 2, Map.of());
    List<Record> first = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Record r = GenericRecord.create(v1);
      r.setField("id", (long) i);
      r.setField("n", i % 9 == 0 ? null : i * 1000);
      r.setField("f", i * 0.5f);
      r.setField("price", BigDecimal.valueOf(i * 101L, 2));
      r.setField("old", "o" + i);
      Record s = GenericRecord.create(v1.findType("s").asStructType());
      s.setField("a", i);
      r.setField("s", s);
      first.add(r);
    }
    table.newAppend().appendFile(TestTables.write(table, first, SMALL_PAGES)).commit();
    table
        .updateSchema()
        .renameColumn("n", "number")
        .updateColumn("n", Types.LongType.get())
        .updateColumn("f", Types.DoubleType.get())
        .updateColumn("price", Types.DecimalType.of(20, 2))
        .deleteColumn("old")
        .addColumn("added", Types.StringType.get())
        .addColumn("s", "b", Types.StringType.get())
        .commit();
    Schema v2 = table.schema();
    List<Record> second = new ArrayList<>();
    for (int i = 100; i < 150; i++) {
      Record r = GenericRecord.create(v2);
      r.setField("id", (long) i);
      r.setField("number", (long) i << 33);
      r.setField("f", i * 0.25);
      r.setField("price", new BigDecimal("123456789012345.67"));
      r.setField("added", "a" + i);
      Record s = GenericRecord.create(v2.findType("s").asStructType());
      s.setField("a", -i);
      s.setField("b", "b" + i);
      r.setField("s", s);
      second.add(r);
    }
    table.newAppend().appendFile(TestTables.write(table, second, Map.of())).commit();
    assertThat(TestTables.generic(table, null, null)).hasSize(150);
    assertSame(table, null, null, 32, 1);
    assertSame(table, Expressions.greaterThan("number", 5000L), List.of("added", "s"), 32, 1);
    // a struct whose only selected field is new: old files still say whether the struct is null
    assertSame(table, null, List.of("id", "s.b"), 32, 1);
  }

  @Test
  void readsThroughTheFloeApiWithLimit() {
    try (io.floe.Floe floe = io.floe.Floe.inMemory()) {
      io.floe.FloeTable table =
          floe.createTable("a.events")
              .column("id", Types.LongType.get())
              .required()
              .column("category", Types.StringType.get())
              .create();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long i = 0; i < 1000; i++) {
        rows.add(Map.of("id", i, "category", i % 3 == 0 ? "books" : "music"));
      }
      table.newAppend().rows(rows).commit();
      io.floe.Scan scan =
          table.newScan().select("id").where(Expressions.equal("category", "books"));
      long total = 0;
      long sum = 0;
      try (ArrowBatches batches = ArrowScan.of(scan).batchSize(100).open(allocator)) {
        assertThat(batches.schema().getFields()).extracting(f -> f.getName()).contains("id");
        while (batches.hasNext()) {
          VectorSchemaRoot batch = batches.next();
          BigIntVector ids = (BigIntVector) batch.getVector("id");
          for (int i = 0; i < batch.getRowCount(); i++) {
            sum += ids.get(i);
          }
          total += batch.getRowCount();
        }
      }
      assertThat(total).isEqualTo(334);
      assertThat(sum).isEqualTo(3 * (333L * 334 / 2));
      long limited = 0;
      try (ArrowBatches batches = ArrowScan.of(scan.limit(42)).batchSize(10).open(allocator)) {
        while (batches.hasNext()) {
          limited += batches.next().getRowCount();
        }
      }
      assertThat(limited).isEqualTo(42);
    }
  }

  @Test
  void exportsAsAnArrowReaderWhoseBatchesOutliveTheNextOne() throws Exception {
    Table table = TestTables.create(PRIMITIVES_V2, PartitionSpec.unpartitioned(), 2, Map.of());
    table
        .newAppend()
        .appendFile(TestTables.write(table, primitiveRows(PRIMITIVES_V2, 300), Map.of()))
        .commit();
    List<String> rows = new ArrayList<>();
    List<org.apache.arrow.vector.ipc.message.ArrowRecordBatch> kept = new ArrayList<>();
    try (ArrowBatchReader reader =
        ArrowBatchReader.of(
            ArrowScan.of(table.newScan()).batchSize(64).parallelism(1), allocator)) {
      assertThat(reader.getVectorSchemaRoot().getSchema().getFields())
          .hasSize(PRIMITIVES_V2.columns().size());
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        kept.add(new org.apache.arrow.vector.VectorUnloader(root).getRecordBatch());
      }
      assertThat(reader.bytesRead()).isGreaterThan(0);
      // the batches kept from earlier loads must still hold their own rows
      try (VectorSchemaRoot copy =
          VectorSchemaRoot.create(reader.getVectorSchemaRoot().getSchema(), allocator)) {
        org.apache.arrow.vector.VectorLoader loader =
            new org.apache.arrow.vector.VectorLoader(copy);
        for (org.apache.arrow.vector.ipc.message.ArrowRecordBatch b : kept) {
          loader.load(b);
          rows.addAll(TestTables.canonBatch(copy, PRIMITIVES_V2));
          b.close();
        }
      }
    }
    java.util.Collections.sort(rows);
    assertThat(rows).containsExactlyElementsOf(TestTables.generic(table, null, null));
  }

  @Test
  void namesTheFileWhenItIsCorrupt() throws Exception {
    Table table = TestTables.create(PRIMITIVES_V2, PartitionSpec.unpartitioned(), 2, Map.of());
    DataFile good = TestTables.write(table, primitiveRows(PRIMITIVES_V2, 50), Map.of());
    OutputFile out = table.io().newOutputFile(table.location() + "/data/corrupt.parquet");
    try (PositionOutputStream stream = out.create()) {
      stream.write(new byte[(int) good.fileSizeInBytes()]);
    }
    DataFile corrupt =
        org.apache.iceberg.DataFiles.builder(PartitionSpec.unpartitioned())
            .copy(good)
            .withPath(out.location())
            .build();
    table.newAppend().appendFile(corrupt).commit();
    assertThatThrownBy(
            () ->
                TestTables.arrow(
                    ArrowScan.of(table.newScan()).parallelism(1), PRIMITIVES_V2, allocator))
        .isInstanceOf(FloeIOException.class)
        .hasMessageContaining(out.location())
        .satisfies(e -> assertThat(((FloeIOException) e).path()).contains(out.location()));
  }

  @Test
  void namesTheColumnWhenAFileDoesNotFitTheSchema() {
    Schema tableSchema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "amount", Types.LongType.get()));
    Schema fileSchema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "amount", Types.StringType.get()));
    Table table = TestTables.create(tableSchema, PartitionSpec.unpartitioned(), 2, Map.of());
    Table other = TestTables.create(fileSchema, PartitionSpec.unpartitioned(), 2, Map.of());
    Record r = GenericRecord.create(fileSchema);
    r.setField("id", 1L);
    r.setField("amount", "lots");
    DataFile file = TestTables.write(other, List.of(r), Map.of());
    table.newAppend().appendFile(file).commit();
    assertThatThrownBy(
            () ->
                TestTables.arrow(
                    ArrowScan.of(table.newScan()).parallelism(1), tableSchema, allocator))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("amount")
        .satisfies(e -> assertThat(((ValidationException) e).column()).contains("amount"));
  }

  @Test
  void readsEveryCompressionCodec() {
    for (String codec : new String[] {"zstd", "snappy", "gzip", "uncompressed"}) {
      Table table = TestTables.create(PRIMITIVES_V2, PartitionSpec.unpartitioned(), 2, Map.of());
      Map<String, String> props = new java.util.HashMap<>(SMALL_PAGES);
      props.put("write.parquet.compression-codec", codec);
      table
          .newAppend()
          .appendFile(TestTables.write(table, primitiveRows(PRIMITIVES_V2, 200), props))
          .commit();
      assertSame(table, null, null, 64, 1);
    }
  }

  @Test
  void prunesPartitionsInPlanningAndReportsIt() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "region", Types.StringType.get()));
    Table table =
        TestTables.create(
            schema, PartitionSpec.builderFor(schema).identity("region").build(), 2, Map.of());
    org.apache.iceberg.AppendFiles append = table.newAppend();
    for (String region : new String[] {"eu", "us", "apac"}) {
      List<Record> rows = new ArrayList<>();
      for (long i = 0; i < 100; i++) {
        Record r = GenericRecord.create(table.schema());
        r.setField("id", i);
        r.setField("region", region);
        rows.add(r);
      }
      org.apache.iceberg.PartitionKey key =
          new org.apache.iceberg.PartitionKey(table.spec(), table.schema());
      key.partition(rows.get(0));
      append.appendFile(TestTables.write(table, rows, Map.of(), key));
    }
    append.commit();
    Expression filter = Expressions.equal("region", "us");
    assertSame(table, filter, null, 32, 1);
    try (ArrowBatches b = ArrowScan.of(table.newScan().filter(filter)).open(allocator)) {
      long rows = 0;
      while (b.hasNext()) {
        rows += b.next().getRowCount();
      }
      assertThat(rows).isEqualTo(100);
      assertThat(b.metrics().dataFiles()).isEqualTo(1);
      assertThat(b.metrics().planningSkippedDataFiles()).isEqualTo(2);
    }
  }

  @Test
  void closingAParallelScanEarlyReleasesEverything() {
    Table table = TestTables.create(PRIMITIVES_V2, PartitionSpec.unpartitioned(), 2, Map.of());
    org.apache.iceberg.AppendFiles append = table.newAppend();
    for (int f = 0; f < 6; f++) {
      append.appendFile(TestTables.write(table, primitiveRows(PRIMITIVES_V2, 300), SMALL_PAGES));
    }
    append.commit();
    for (int taken = 0; taken < 4; taken++) {
      try (ArrowBatches b =
          ArrowScan.of(table.newScan()).batchSize(16).parallelism(3).open(allocator)) {
        for (int i = 0; i < taken && b.hasNext(); i++) {
          assertThat(b.next().getRowCount()).isPositive();
        }
      }
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
    assertThatThrownBy(() -> ArrowScan.of(table.newScan()).batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Batch size");
  }

  @Test
  void returnsFilePositionAndSpecMetadataColumnsLikeTheGenericReader() {
    Table table = TestTables.create(PRIMITIVES_V2, PartitionSpec.unpartitioned(), 2, Map.of());
    DataFile first = TestTables.write(table, primitiveRows(PRIMITIVES_V2, 300), SMALL_PAGES);
    DataFile second = TestTables.write(table, primitiveRows(PRIMITIVES_V2, 200), SMALL_PAGES);
    table.newAppend().appendFile(first).appendFile(second).commit();
    table
        .newRowDelta()
        .addDeletes(TestTables.positionDeletes(table, first, List.of(0L, 5L, 299L)))
        .commit();
    Schema projection =
        new Schema(
            table.schema().findField("id"),
            table.schema().findField("s"),
            org.apache.iceberg.MetadataColumns.FILE_PATH,
            org.apache.iceberg.MetadataColumns.ROW_POSITION,
            org.apache.iceberg.MetadataColumns.SPEC_ID);
    for (Expression filter :
        new Expression[] {Expressions.alwaysTrue(), Expressions.greaterThan("id", 150L)}) {
      List<String> expected = TestTables.genericProjected(table, filter, projection);
      List<String> actual =
          TestTables.arrow(
              ArrowScan.of(table.newScan().filter(filter).project(projection)).batchSize(64),
              projection,
              allocator);
      assertThat(actual).hasSize(expected.size()).containsExactlyElementsOf(expected);
    }
    assertThat(TestTables.genericProjected(table, Expressions.alwaysTrue(), projection))
        .hasSize(497)
        .anyMatch(row -> row.contains("_pos=298") && row.contains(first.location()))
        .noneMatch(row -> row.contains("_pos=299") && row.contains(first.location()));
  }

  @Test
  void refusesMetadataColumnsItCannotFillInsteadOfReturningNulls() {
    Table table = TestTables.create(PRIMITIVES_V2, PartitionSpec.unpartitioned(), 2, Map.of());
    table
        .newAppend()
        .appendFile(TestTables.write(table, primitiveRows(PRIMITIVES_V2, 10), Map.of()))
        .commit();
    Schema withDeleted =
        new Schema(table.schema().findField("id"), org.apache.iceberg.MetadataColumns.IS_DELETED);
    assertThatThrownBy(() -> ArrowScan.of(table.newScan().project(withDeleted)).open(allocator))
        .isInstanceOf(io.floe.UnsupportedFeatureException.class)
        .hasMessageContaining("_deleted")
        .hasMessageContaining("_pos");
    assertThat(allocator.getAllocatedMemory()).isZero();
  }
}
