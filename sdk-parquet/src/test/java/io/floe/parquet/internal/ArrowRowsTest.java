package io.floe.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.CacheStats;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ReadTask;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row scans ({@code rows()}, typed reads, read tasks) go through sdk-parquet's Arrow decoder when
 * it is on the class path ({@link ArrowRowSource}): the same values, in the classes {@link Row}
 * documents, as Iceberg's generic reader; rows that outlive their batch; Bloom-filter pruning of
 * point lookups; no Arrow memory left behind.
 */
class ArrowRowsTest {
  @TempDir Path dir;

  private static final Types.StructType POINT =
      Types.StructType.of(
          Types.NestedField.optional(200, "x", Types.IntegerType.get()),
          Types.NestedField.optional(201, "fx", Types.FixedType.ofLength(2)),
          Types.NestedField.optional(202, "u", Types.UUIDType.get()));

  @AfterEach
  void noArrowMemoryLeft() {
    assertThat(ArrowRowSource.ALLOCATOR.getAllocatedMemory()).isZero();
  }

  @Test
  void rowScansGoThroughTheArrowReader() {
    assertThat(
            java.util.ServiceLoader.load(io.floe.impl.spi.RowSource.class).stream()
                .map(p -> p.type().getName()))
        .containsExactly(ArrowRowSource.class.getName());
  }

  private static FloeTable everyType(Floe floe, String name) {
    return floe.createTable(name)
        .column("id", Types.LongType.get())
        .required()
        .column("bo", Types.BooleanType.get())
        .column("i", Types.IntegerType.get())
        .column("fl", Types.FloatType.get())
        .column("db", Types.DoubleType.get())
        .column("dec", Types.DecimalType.of(9, 2))
        .column("wide", Types.DecimalType.of(30, 5))
        .column("d", Types.DateType.get())
        .column("t", Types.TimeType.get())
        .column("ts", Types.TimestampType.withoutZone())
        .column("tstz", Types.TimestampType.withZone())
        .column("str", Types.StringType.get())
        .column("u", Types.UUIDType.get())
        .column("fx", Types.FixedType.ofLength(2))
        .column("bin", Types.BinaryType.get())
        .column("st", POINT)
        .column("ls", Types.ListType.ofOptional(210, POINT))
        .column("tags", Types.ListType.ofOptional(211, Types.StringType.get()))
        .column(
            "m", Types.MapType.ofOptional(212, 213, Types.StringType.get(), Types.LongType.get()))
        .property(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "65536")
        .create();
  }

  private static Object random(Type type, Random random) {
    if (random.nextInt(7) == 0) {
      return null;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        return random.nextBoolean();
      case INTEGER:
        return random.nextInt();
      case LONG:
        return random.nextLong();
      case FLOAT:
        return random.nextInt(20) == 0 ? Float.NaN : random.nextFloat() * 1000 - 500;
      case DOUBLE:
        return random.nextInt(20) == 0 ? -0.0 : random.nextGaussian() * 1e6;
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        return new BigDecimal(
            new java.math.BigInteger(decimal.precision() * 3, random)
                .multiply(java.math.BigInteger.valueOf(random.nextBoolean() ? 1 : -1)),
            decimal.scale());
      case DATE:
        return LocalDate.ofEpochDay(random.nextInt(40_000) - 20_000);
      case TIME:
        return LocalTime.ofNanoOfDay(random.nextLong(86_400_000_000L) * 1000);
      case TIMESTAMP:
        long micros = random.nextLong(4_000_000_000_000_000L) - 2_000_000_000_000_000L;
        LocalDateTime local =
            LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000),
                (int) Math.floorMod(micros, 1_000_000) * 1000,
                ZoneOffset.UTC);
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? local.atOffset(ZoneOffset.UTC)
            : local;
      case STRING:
        return random.nextInt(10) == 0 ? "é✓" + random.nextInt(3) : "s" + random.nextInt(50);
      case UUID:
        return new UUID(random.nextLong(), random.nextLong());
      case FIXED:
        byte[] fixed = new byte[((Types.FixedType) type).length()];
        random.nextBytes(fixed);
        return ByteBuffer.wrap(fixed);
      case BINARY:
        byte[] bytes = new byte[random.nextInt(6)];
        random.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
      case STRUCT:
        Map<String, Object> struct = new HashMap<>();
        for (Types.NestedField f : type.asStructType().fields()) {
          struct.put(f.name(), random(f.type(), random));
        }
        return struct;
      case LIST:
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(random(type.asListType().elementType(), random));
        }
        return list;
      case MAP:
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put("k" + i, random(type.asMapType().valueType(), random));
        }
        return map;
      default:
        throw new IllegalArgumentException(type.toString());
    }
  }

  private static List<Map<String, Object>> rows(FloeTable table, long firstId, int n, long seed) {
    Random random = new Random(seed);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", firstId + r);
      for (Types.NestedField f : table.schema().columns()) {
        if (!f.name().equals("id")) {
          row.put(f.name(), random(f.type(), random));
        }
      }
      rows.add(row);
    }
    return rows;
  }

  /** The value Iceberg's generic reader gives, in the classes {@link Row} documents, as a map. */
  private static Object plain(Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case STRUCT:
        Map<String, Object> out = new LinkedHashMap<>();
        Record record = (Record) value;
        List<Types.NestedField> fields = type.asStructType().fields();
        for (int i = 0; i < fields.size(); i++) {
          out.put(fields.get(i).name(), plain(fields.get(i).type(), record.get(i)));
        }
        return out;
      case LIST:
        List<Object> list = new ArrayList<>();
        for (Object v : (Collection<?>) value) {
          list.add(plain(type.asListType().elementType(), v));
        }
        return list;
      case MAP:
        Map<Object, Object> map = new LinkedHashMap<>();
        ((Map<?, ?>) value)
            .forEach(
                (k, v) ->
                    map.put(
                        plain(type.asMapType().keyType(), k),
                        plain(type.asMapType().valueType(), v)));
        return map;
      case FIXED:
        return value instanceof byte[] b ? ByteBuffer.wrap(b) : value;
      default:
        return value;
    }
  }

  private static Map<Long, Map<String, Object>> generic(FloeTable table) {
    Table iceberg = Internals.icebergTable(table);
    Map<Long, Map<String, Object>> rows = new HashMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(iceberg).build()) {
      for (Record r : records) {
        rows.put(
            (Long) r.getField("id"), (Map<String, Object>) plain(iceberg.schema().asStruct(), r));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Checks every value's class against {@link Row}'s table of Java classes. */
  private static void assertRowClasses(Type type, Object value) {
    if (value == null) {
      return;
    }
    Class<?> expected =
        switch (type.typeId()) {
          case BOOLEAN -> Boolean.class;
          case INTEGER -> Integer.class;
          case LONG -> Long.class;
          case FLOAT -> Float.class;
          case DOUBLE -> Double.class;
          case DECIMAL -> BigDecimal.class;
          case DATE -> LocalDate.class;
          case TIME -> LocalTime.class;
          case TIMESTAMP ->
              ((Types.TimestampType) type).shouldAdjustToUTC()
                  ? OffsetDateTime.class
                  : LocalDateTime.class;
          case STRING -> String.class;
          case UUID -> UUID.class;
          case FIXED, BINARY -> ByteBuffer.class;
          case STRUCT -> Row.class;
          case LIST -> List.class;
          case MAP -> Map.class;
          default -> throw new IllegalArgumentException(type.toString());
        };
    assertThat(value).as("%s", type).isInstanceOf(expected);
    if (type instanceof Types.DecimalType decimal) {
      assertThat(((BigDecimal) value).scale()).isEqualTo(decimal.scale());
    }
    if (value instanceof OffsetDateTime t) {
      assertThat(t.getOffset()).isEqualTo(ZoneOffset.UTC);
    }
    if (value instanceof Row row) {
      List<Types.NestedField> fields = type.asStructType().fields();
      assertThat(row.struct()).isEqualTo(type.asStructType());
      for (int i = 0; i < fields.size(); i++) {
        assertRowClasses(fields.get(i).type(), row.get(i));
      }
    } else if (value instanceof List<?> list) {
      list.forEach(v -> assertRowClasses(type.asListType().elementType(), v));
    } else if (value instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            assertRowClasses(type.asMapType().keyType(), k);
            assertRowClasses(type.asMapType().valueType(), v);
          });
    }
  }

  /** Row scans turn timestamp micros into Java times themselves: as Iceberg does, to the micro. */
  @Test
  void timestampsFromMicrosAreIcebergsOwn() {
    Random random = new Random(17);
    List<Long> micros =
        new ArrayList<>(
            List.of(
                0L,
                -1L,
                1L,
                -999_999L,
                -1_000_000L,
                -1_000_001L,
                999_999L,
                1_000_000L,
                -62_135_596_800_000_000L, // 0001-01-01
                253_402_300_799_999_999L)); // 9999-12-31T23:59:59.999999
    for (int i = 0; i < 10_000; i++) {
      micros.add(random.nextLong() % 253_402_300_800_000_000L);
    }
    for (long m : micros) {
      assertThat(BatchRows.timestamp(m))
          .as("%s", m)
          .isEqualTo(org.apache.iceberg.util.DateTimeUtil.timestampFromMicros(m));
      assertThat(BatchRows.timestamptz(m))
          .as("%s", m)
          .isEqualTo(org.apache.iceberg.util.DateTimeUtil.timestamptzFromMicros(m));
    }
  }

  @Test
  void rowsEqualTheGenericReadersAndOutliveTheirBatch() {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table = everyType(floe, "db.every");
      // three files of several 8192-row batches: collected rows must survive the vectors' reuse
      table.newAppend().rows(rows(table, 0, 9000, 1)).commit();
      table.newAppend().rows(rows(table, 9000, 12000, 2)).commit();
      table.newAppend().rows(rows(table, 21000, 100, 3)).commit();
      Map<Long, Map<String, Object>> expected = generic(table);
      assertThat(expected).hasSize(21100);

      List<Row> rows = table.newScan().rows().toList();
      assertThat(rows).hasSize(21100);
      Map<Long, Map<String, Object>> actual = new HashMap<>();
      Types.StructType struct = table.schema().asStruct();
      for (Row row : rows) {
        assertThat(row.struct()).isEqualTo(struct);
        for (int i = 0; i < struct.fields().size(); i++) {
          assertRowClasses(struct.fields().get(i).type(), row.get(i));
          Object byName = row.get(struct.fields().get(i).name());
          if (byName instanceof Row nested) {
            assertThat(nested.toMap()).isEqualTo(((Row) row.get(i)).toMap());
          } else {
            assertThat(byName).isEqualTo(row.get(i));
          }
        }
        actual.put(row.get("id", Long.class), row.toMap());
      }
      assertThat(actual).isEqualTo(expected);

      // a projection with a nested field, a filter and a limit
      List<Row> some =
          table
              .newScan()
              .select("id", "st.u", "tags")
              .where("id >= 20000")
              .limit(50)
              .rows()
              .toList();
      assertThat(some).hasSize(50);
      for (Row row : some) {
        long id = row.get("id", Long.class);
        assertThat(id).isGreaterThanOrEqualTo(20000);
        assertThat(row.get("tags")).isEqualTo(expected.get(id).get("tags"));
        Object st = expected.get(id).get("st");
        Row nested = row.get("st", Row.class);
        if (st == null) {
          assertThat(nested).isNull();
        } else {
          assertThat(nested.toMap())
              .isEqualTo(java.util.Collections.singletonMap("u", ((Map<?, ?>) st).get("u")));
        }
      }
    }
  }

  /**
   * {@link ArrowRowSource#records} (what sdk-impl's delete loader, upserts, compaction, incremental
   * and changelog scans read Parquet with) gives, record for record, what Iceberg's generic reader
   * gives: the same values in the same classes ({@code byte[]} for fixed, records for structs),
   * {@code _pos} included, on a local warehouse with several row groups per file.
   */
  @Test
  void recordsEqualTheGenericReadersRecordForRecord() throws IOException {
    try (Floe floe = Floe.local(dir.resolve("records"))) {
      FloeTable table = everyType(floe, "db.records");
      table.newAppend().rows(rows(table, 0, 3000, 7)).commit();
      table.newAppend().rows(rows(table, 3000, 500, 8)).commit();
      Table iceberg = Internals.icebergTable(table);
      List<Types.NestedField> columns = new ArrayList<>(iceberg.schema().columns());
      columns.add(org.apache.iceberg.MetadataColumns.ROW_POSITION);
      org.apache.iceberg.Schema projection = new org.apache.iceberg.Schema(columns);
      long compared = 0;
      try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks =
          iceberg.newScan().planFiles()) {
        for (org.apache.iceberg.FileScanTask task : tasks) {
          io.floe.impl.spi.RowSource.FileRead read =
              new io.floe.impl.spi.RowSource.FileRead(
                  iceberg.name(), iceberg.io(), task, projection, null, true, null);
          try (CloseableIterable<Record> floeRecords =
                  new ArrowRowSource().records(read).orElseThrow();
              CloseableIterable<Record> generic =
                  org.apache.iceberg.parquet.Parquet.read(
                          iceberg.io().newInputFile(task.file().location()))
                      .project(projection)
                      .createReaderFunc(
                          fileSchema ->
                              org.apache.iceberg.data.parquet.GenericParquetReaders.buildReader(
                                  projection, fileSchema))
                      .build()) {
            Iterator<Record> expected = generic.iterator();
            Iterator<Record> actual = floeRecords.iterator();
            while (expected.hasNext()) {
              assertThat(actual.hasNext()).isTrue();
              // compared at once: Iceberg's reader reuses its byte[] of fixed values
              assertThat(actual.next()).isEqualTo(expected.next());
              compared++;
            }
            assertThat(actual.hasNext()).isFalse();
          }
        }
      }
      assertThat(compared).isEqualTo(3500);
    }
  }

  @Test
  void aRowIteratorClosedHalfWayReleasesItsArrowMemory() throws IOException {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table = everyType(floe, "db.half");
      table.newAppend().rows(rows(table, 0, 10000, 4)).commit();
      table.newAppend().rows(rows(table, 10000, 10000, 5)).commit();
      try (RowStream rows = table.newScan().rows()) {
        Iterator<Row> it = rows.iterator();
        for (int i = 0; i < 9000; i++) {
          it.next();
        }
        assertThat(ArrowRowSource.ALLOCATOR.getAllocatedMemory()).isPositive();
      }
      assertThat(ArrowRowSource.ALLOCATOR.getAllocatedMemory()).isZero();
      // read to the end without closing: the memory goes back at the end
      Iterator<Row> all = table.newScan().rows().iterator();
      long n = 0;
      while (all.hasNext()) {
        all.next();
        n++;
      }
      assertThat(n).isEqualTo(20000);
      assertThat(ArrowRowSource.ALLOCATOR.getAllocatedMemory()).isZero();
    }
  }

  /** A row read as a Java record. */
  record Key(long id, String name) {}

  @Test
  void pointLookupsThroughRowsArePrunedByBloomFiltersAndOpenNoDataFile() throws IOException {
    Path warehouse = Files.createDirectories(dir.resolve("wh"));
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table =
          floe.createTable("a.keys")
              .column("id", Types.LongType.get())
              .required()
              .column("name", Types.StringType.get())
              .property(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "8192")
              .bloomFilter("id")
              .create();
      for (int f = 0; f < 3; f++) {
        // even ids, shuffled: each row group's statistics span nearly the file's whole range, so
        // only Bloom filters rule out an odd id
        List<Long> ids = new ArrayList<>();
        for (long i = 0; i < 3000; i++) {
          ids.add(2 * (f * 3000 + i));
        }
        java.util.Collections.shuffle(ids, new Random(f));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long id : ids) {
          rows.add(Map.of("id", id, "name", "n" + id));
        }
        table.newAppend().rows(rows).commit();
      }
      long hit = 2 * (3000 + 17);
      long miss = hit + 1;
      assertThat(table.newScan().where("id = " + hit).rows().toList())
          .extracting(r -> r.get("name"))
          .containsExactly("n" + hit);
      assertThat(table.newScan().where("id = " + miss).rows().toList()).isEmpty();

      // with the files' footers and Bloom filters cached, a miss reads no data file at all: it
      // succeeds with every data file gone (the generic reader opens each planned file)
      CacheStats before = floe.cacheStats();
      List<Path> data;
      try (Stream<Path> files = Files.walk(warehouse)) {
        data = files.filter(p -> p.toString().endsWith(".parquet")).toList();
      }
      assertThat(data).hasSize(3);
      for (Path file : data) {
        Files.delete(file);
      }
      assertThat(table.newScan().where("id = " + miss).rows().toList()).isEmpty();
      assertThat(table.newScan().where("id = " + miss).as(Key.class).toList()).isEmpty();
      assertThat(table.newScan().where("id = " + miss).count()).isZero();
      for (ReadTask task : table.newScan().where("id = " + miss).planTasks()) {
        try (RowStream rows = task.rows()) {
          assertThat(rows.toList()).isEmpty();
        }
      }
      CacheStats after = floe.cacheStats();
      assertThat(after.dataFileMisses()).isEqualTo(before.dataFileMisses());
      assertThat(after.dataFileHits()).isGreaterThan(before.dataFileHits());
    }
  }
}
