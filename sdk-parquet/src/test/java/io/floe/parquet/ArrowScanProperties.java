package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Over generated schemas (every type, nested ones included), data, files, filters, projections,
 * deletes (position, deletion vectors, equality) and schema changes, Floe's Arrow scan returns
 * exactly the rows Iceberg's generic reader returns.
 */
class ArrowScanProperties {

  /** One generated scenario; the seed drives the data. */
  record Scenario(
      List<Integer> types,
      long seed,
      int rows,
      int files,
      int batchSize,
      int parallelism,
      int deletes,
      boolean evolve,
      int formatVersion,
      int pageRows) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<List<Integer>> types =
        Arbitraries.integers().between(0, TYPE_COUNT - 1).list().ofMinSize(1).ofMaxSize(6);
    return Combinators.combine(
            types,
            Arbitraries.longs(),
            Arbitraries.integers().between(0, 300),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of(1, 2, 7, 64, 1000),
            Arbitraries.of(1, 2),
            Arbitraries.integers().between(0, 3),
            Arbitraries.of(true, false))
        .flatAs(
            (t, seed, rows, files, batch, par, del, evolve) ->
                Combinators.combine(Arbitraries.of(2, 3), Arbitraries.of(3, 20, 100_000))
                    .as(
                        (v, pages) ->
                            new Scenario(t, seed, rows, files, batch, par, del, evolve, v, pages)));
  }

  private static final int TYPE_COUNT = 21;

  private static Type type(int kind, int version, AtomicInteger ids) {
    switch (kind) {
      case 0:
        return Types.BooleanType.get();
      case 1:
        return Types.IntegerType.get();
      case 2:
        return Types.LongType.get();
      case 3:
        return Types.FloatType.get();
      case 4:
        return Types.DoubleType.get();
      case 5:
        return Types.DecimalType.of(7, 2);
      case 6:
        return Types.DecimalType.of(15, 3);
      case 7:
        return Types.DecimalType.of(32, 6);
      case 8:
        return Types.DateType.get();
      case 9:
        return Types.TimeType.get();
      case 10:
        return Types.TimestampType.withoutZone();
      case 11:
        return Types.TimestampType.withZone();
      case 12:
        return Types.StringType.get();
      case 13:
        return Types.UUIDType.get();
      case 14:
        return Types.FixedType.ofLength(3);
      case 15:
        return Types.BinaryType.get();
      case 16:
        return Types.StructType.of(
            Types.NestedField.optional(ids.incrementAndGet(), "a", Types.IntegerType.get()),
            Types.NestedField.required(ids.incrementAndGet(), "b", Types.StringType.get()));
      case 17:
        return Types.ListType.ofOptional(ids.incrementAndGet(), Types.LongType.get());
      case 18:
        return Types.MapType.ofOptional(
            ids.incrementAndGet(),
            ids.incrementAndGet(),
            Types.StringType.get(),
            Types.DoubleType.get());
      case 19:
        return Types.ListType.ofOptional(
            ids.incrementAndGet(),
            Types.StructType.of(
                Types.NestedField.optional(ids.incrementAndGet(), "d", Types.DateType.get()),
                Types.NestedField.optional(
                    ids.incrementAndGet(),
                    "l",
                    Types.ListType.ofRequired(ids.incrementAndGet(), Types.StringType.get()))));
      default:
        return version >= 3
            ? Types.TimestampNanoType.withoutZone()
            : Types.TimestampType.withZone();
    }
  }

  private static final String[] WORDS = {
    "", "a", "books", "music", "é", "日本", "𝄞x", "zz", "a\u0000b"
  };

  static Object value(Type type, Random r, boolean optional) {
    if (optional && r.nextInt(5) == 0) {
      return null;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        return r.nextBoolean();
      case INTEGER:
        return r.nextBoolean() ? r.nextInt(20) - 10 : r.nextInt();
      case LONG:
        return r.nextBoolean() ? (long) r.nextInt(20) : r.nextLong();
      case FLOAT:
        {
          int k = r.nextInt(12);
          return k == 0 ? Float.NaN : k == 1 ? -0.0f : (float) (r.nextInt(200) - 100) / 4;
        }
      case DOUBLE:
        {
          int k = r.nextInt(12);
          return k == 0 ? Double.NaN : k == 1 ? Double.NEGATIVE_INFINITY : r.nextGaussian() * 1000;
        }
      case DECIMAL:
        {
          Types.DecimalType d = (Types.DecimalType) type;
          BigInteger max = BigInteger.TEN.pow(d.precision());
          BigInteger unscaled = new BigInteger(max.bitLength() + 8, r).mod(max);
          return new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), d.scale());
        }
      case DATE:
        return LocalDate.ofEpochDay(r.nextInt(60_000) - 20_000);
      case TIME:
        return LocalTime.ofNanoOfDay((r.nextLong() & Long.MAX_VALUE) % 86_400_000_000L * 1000);
      case TIMESTAMP:
        return LocalDateTime.of(2000, 1, 1, 0, 0)
            .plusNanos((r.nextLong() % 4_000_000_000_000_000L) * 1000);
      case TIMESTAMP_NANO:
        return LocalDateTime.of(2000, 1, 1, 0, 0)
            .plusNanos(r.nextLong() % 4_000_000_000_000_000_000L);
      case STRING:
        return r.nextInt(3) == 0 ? "s" + r.nextInt(1000) : WORDS[r.nextInt(WORDS.length)];
      case UUID:
        return new UUID(r.nextLong(), r.nextLong());
      case FIXED:
        {
          byte[] b = new byte[((Types.FixedType) type).length()];
          r.nextBytes(b);
          return b;
        }
      case BINARY:
        {
          byte[] b = new byte[r.nextInt(9)];
          r.nextBytes(b);
          return ByteBuffer.wrap(b);
        }
      case STRUCT:
        {
          Record rec = GenericRecord.create(type.asStructType());
          for (Types.NestedField f : type.asStructType().fields()) {
            rec.setField(f.name(), value(f.type(), r, f.isOptional()));
          }
          return rec;
        }
      case LIST:
        {
          List<Object> list = new ArrayList<>();
          for (int i = r.nextInt(4); i > 0; i--) {
            list.add(
                value(type.asListType().elementType(), r, type.asListType().isElementOptional()));
          }
          return list;
        }
      case MAP:
        {
          Map<Object, Object> map = new LinkedHashMap<>();
          for (int i = r.nextInt(4); i > 0; i--) {
            map.put(
                value(type.asMapType().keyType(), r, false),
                value(type.asMapType().valueType(), r, type.asMapType().isValueOptional()));
          }
          return map;
        }
      default:
        if (type.typeId() == Type.TypeID.TIMESTAMP) {
          return OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        }
        throw new IllegalArgumentException(type.toString());
    }
  }

  private static Object fix(Type type, Object v) {
    if (v instanceof LocalDateTime
        && ((type instanceof Types.TimestampType
                && ((Types.TimestampType) type).shouldAdjustToUTC())
            || (type instanceof Types.TimestampNanoType
                && ((Types.TimestampNanoType) type).shouldAdjustToUTC()))) {
      return ((LocalDateTime) v).atOffset(ZoneOffset.UTC);
    }
    return v;
  }

  private static List<Record> rows(Schema schema, Random r, int n, AtomicInteger nextId) {
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Record rec = GenericRecord.create(schema);
      rec.setField("id", (long) nextId.getAndIncrement());
      for (Types.NestedField f : schema.columns()) {
        if (!f.name().equals("id")) {
          rec.setField(f.name(), fix(f.type(), value(f.type(), r, f.isOptional())));
        }
      }
      rows.add(rec);
    }
    return rows;
  }

  private static Expression filter(Schema schema, List<Record> sample, Random r) {
    List<Types.NestedField> candidates = new ArrayList<>();
    for (Types.NestedField f : schema.columns()) {
      switch (f.type().typeId()) {
        case BOOLEAN:
        case INTEGER:
        case LONG:
        case FLOAT:
        case DOUBLE:
        case DECIMAL:
        case STRING:
        case DATE:
          candidates.add(f);
          break;
        default:
          break;
      }
    }
    Expression e = leaf(candidates.get(r.nextInt(candidates.size())), sample, r);
    switch (r.nextInt(5)) {
      case 0:
        return Expressions.and(e, leaf(candidates.get(r.nextInt(candidates.size())), sample, r));
      case 1:
        return Expressions.or(e, leaf(candidates.get(r.nextInt(candidates.size())), sample, r));
      case 2:
        return Expressions.not(e);
      default:
        return e;
    }
  }

  private static Expression leaf(Types.NestedField f, List<Record> sample, Random r) {
    Object v = sample.isEmpty() ? null : sample.get(r.nextInt(sample.size())).getField(f.name());
    String name = f.name();
    if (v == null
        || (v instanceof Float && ((Float) v).isNaN())
        || (v instanceof Double && ((Double) v).isNaN())) {
      switch (r.nextInt(3)) {
        case 0:
          return Expressions.isNull(name);
        case 1:
          return Expressions.notNull(name);
        default:
          return f.type().typeId() == Type.TypeID.DOUBLE || f.type().typeId() == Type.TypeID.FLOAT
              ? Expressions.isNaN(name)
              : Expressions.isNull(name);
      }
    }
    Object lit = v instanceof LocalDate ? v.toString() : v;
    switch (r.nextInt(8)) {
      case 0:
        return Expressions.lessThan(name, lit);
      case 1:
        return Expressions.lessThanOrEqual(name, lit);
      case 2:
        return Expressions.greaterThan(name, lit);
      case 3:
        return Expressions.greaterThanOrEqual(name, lit);
      case 4:
        return Expressions.notEqual(name, lit);
      case 5:
        return Expressions.in(name, lit, lit);
      case 6:
        return Expressions.notIn(name, lit);
      default:
        return Expressions.equal(name, lit);
    }
  }

  @Property(tries = 60)
  void arrowScanEqualsGenericReader(@ForAll("scenarios") Scenario s) {
    Random r = new Random(s.seed());
    AtomicInteger ids = new AtomicInteger(1000);
    List<Types.NestedField> cols = new ArrayList<>();
    cols.add(Types.NestedField.required(1, "id", Types.LongType.get()));
    for (int i = 0; i < s.types().size(); i++) {
      Type t = type(s.types().get(i), s.formatVersion(), ids);
      cols.add(
          r.nextInt(4) == 0 && t.isPrimitiveType()
              ? Types.NestedField.required(2 + i, "c" + i, t)
              : Types.NestedField.optional(2 + i, "c" + i, t));
    }
    Map<String, String> props = new HashMap<>();
    props.put("write.parquet.page-row-limit", Integer.toString(s.pageRows()));
    props.put("write.parquet.row-group-size-bytes", s.pageRows() == 3 ? "1024" : "134217728");
    Table table =
        TestTables.create(
            new Schema(cols), PartitionSpec.unpartitioned(), s.formatVersion(), Map.of());
    AtomicInteger nextId = new AtomicInteger();
    List<DataFile> written = new ArrayList<>();
    List<Record> all = new ArrayList<>();
    int perFile = s.rows() / s.files();
    for (int f = 0; f < s.files(); f++) {
      if (s.evolve() && f == s.files() - 1) {
        evolve(table, r);
      }
      List<Record> rows =
          rows(table.schema(), r, f == s.files() - 1 ? s.rows() - perFile * f : perFile, nextId);
      if (rows.isEmpty()) {
        continue;
      }
      DataFile file = TestTables.write(table, rows, props);
      table.newAppend().appendFile(file).commit();
      written.add(file);
      all.addAll(rows);
    }
    if (s.deletes() != 0 && !all.isEmpty()) {
      RowDelta delta = table.newRowDelta();
      if ((s.deletes() & 1) != 0) {
        for (DataFile file : written) {
          List<Long> positions = new ArrayList<>();
          for (long p = 0; p < file.recordCount(); p++) {
            if (r.nextInt(5) == 0) {
              positions.add(p);
            }
          }
          if (!positions.isEmpty()) {
            delta.addDeletes(
                s.formatVersion() >= 3
                    ? TestTables.deletionVector(table, file, positions)
                    : TestTables.positionDeletes(table, file, positions));
          }
        }
      }
      if ((s.deletes() & 2) != 0) {
        Schema idOnly = table.schema().select("id");
        List<Record> keys = new ArrayList<>();
        for (Record row : all) {
          if (r.nextInt(4) == 0) {
            Record k = GenericRecord.create(idOnly);
            k.setField("id", row.getField("id"));
            keys.add(k);
          }
        }
        if (!keys.isEmpty()) {
          delta.addDeletes(TestTables.equalityDeletes(table, idOnly, keys));
        }
      }
      delta.commit();
    }
    Schema schema = table.schema();
    Expression filter = r.nextBoolean() ? null : filter(schema, all, r);
    List<String> select = null;
    if (r.nextBoolean()) {
      select = new ArrayList<>();
      for (Types.NestedField f : schema.columns()) {
        if (r.nextBoolean()) {
          select.add(f.name());
        }
      }
      if (select.isEmpty()) {
        select.add(schema.columns().get(schema.columns().size() - 1).name());
      }
    }
    List<String> expected = TestTables.generic(table, filter, select);
    try (BufferAllocator allocator = new RootAllocator()) {
      ArrowScan scan =
          ArrowScan.of(TestTables.scan(table, filter, select))
              .batchSize(s.batchSize())
              .parallelism(s.parallelism());
      List<String> actual =
          TestTables.arrow(scan, TestTables.scan(table, filter, select).schema(), allocator);
      assertThat(actual)
          .as("filter %s, select %s", filter, select)
          .containsExactlyElementsOf(expected);
    }
  }

  private static void evolve(Table table, Random r) {
    UpdateSchema update = table.updateSchema();
    List<Types.NestedField> cols = table.schema().columns();
    Types.NestedField victim = cols.get(1 + r.nextInt(cols.size() - 1));
    switch (r.nextInt(4)) {
      case 0:
        update.renameColumn(victim.name(), victim.name() + "_renamed");
        break;
      case 1:
        if (cols.size() > 2) {
          update.deleteColumn(victim.name());
        }
        break;
      default:
        break;
    }
    update.addColumn(
        "added" + r.nextInt(100), r.nextBoolean() ? Types.StringType.get() : Types.LongType.get());
    for (Types.NestedField f : cols) {
      if (f == victim) {
        continue;
      }
      if (f.type().typeId() == Type.TypeID.INTEGER) {
        update.updateColumn(f.name(), Types.LongType.get());
      } else if (f.type().typeId() == Type.TypeID.FLOAT) {
        update.updateColumn(f.name(), Types.DoubleType.get());
      } else if (f.type().typeId() == Type.TypeID.DECIMAL
          && ((Types.DecimalType) f.type()).precision() < 30) {
        update.updateColumn(
            f.name(), Types.DecimalType.of(30, ((Types.DecimalType) f.type()).scale()));
      }
    }
    update.commit();
  }
}
