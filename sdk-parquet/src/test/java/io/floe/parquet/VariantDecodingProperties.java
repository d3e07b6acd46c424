package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.impl.spi.VariantValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.VariantShreddingAnalyzer;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.variants.VariantValue;

/**
 * Floe's vectorized decoding of variant columns against Iceberg's own variant reader, on files
 * shredded in every layout the Parquet spec allows: random documents (objects of recurring fields
 * with values of other types mixed in, nested objects, arrays, every scalar kind, SQL and variant
 * nulls) are shredded by Iceberg's {@link VariantShreddingAnalyzer} (the layout an engine would
 * choose for them: typed primitives, objects and arrays, nested) or not at all, written by
 * Iceberg's Parquet writer, some rows deleted; the Arrow scan (in small batches, with and without a
 * filter) gives, row for row, the variant Iceberg's generic reader gives, decoded by Floe's own
 * decoder.
 */
class VariantDecodingProperties {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "v", Types.VariantType.get()));

  @Property(tries = 60)
  void arrowScanDecodesEveryLayoutLikeIcebergsReader(
      @ForAll("documents") List<Object> documents,
      @ForAll boolean shredded,
      @ForAll long seed,
      @ForAll("batchSizes") int batchSize) {
    Random random = new Random(seed);
    Table table = TestTables.create(SCHEMA, PartitionSpec.unpartitioned(), 3, Map.of());
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      Record r = GenericRecord.create(SCHEMA);
      r.setField("id", (long) i);
      Object doc = documents.get(i);
      // a Java null below is a SQL NULL; the variant null comes as Variant.ofNull()
      r.setField("v", doc == SQL_NULL ? null : VariantValues.toIceberg(io.floe.Variant.of(doc)));
      rows.add(r);
    }
    org.apache.parquet.schema.Type typed = shredded ? new Analyzer().typed(rows) : null;
    DataFile file = write(table, rows, typed);
    table.newAppend().appendFile(file).commit();
    if (random.nextBoolean()) {
      List<Long> positions = new ArrayList<>();
      for (long p = 0; p < rows.size(); p++) {
        if (random.nextInt(4) == 0) {
          positions.add(p);
        }
      }
      if (!positions.isEmpty()) {
        RowDelta delta = table.newRowDelta();
        delta.addDeletes(TestTables.deletionVector(table, file, positions));
        delta.commit();
      }
    }
    long cut = random.nextInt(rows.size() + 1);
    boolean filter = random.nextBoolean();

    Map<Long, io.floe.Variant> expected = new TreeMap<>();
    Map<Long, Boolean> expectedNull = new TreeMap<>();
    try (CloseableIterable<Record> read =
        IcebergGenerics.read(table)
            .where(filter ? Expressions.greaterThanOrEqual("id", cut) : Expressions.alwaysTrue())
            .build()) {
      for (Record r : read) {
        long id = (Long) r.getField("id");
        if (filter && id < cut) {
          continue; // Iceberg's generic reader filters by row group only
        }
        Object v = r.getField("v");
        expectedNull.put(id, v == null);
        if (v != null) {
          expected.put(id, VariantValues.fromIceberg((org.apache.iceberg.variants.Variant) v));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    Map<Long, io.floe.Variant> actual = new TreeMap<>();
    Map<Long, Boolean> actualNull = new TreeMap<>();
    try (RootAllocator allocator = new RootAllocator();
        ArrowBatches batches =
            ArrowScan.of(
                    filter
                        ? table.newScan().filter(Expressions.greaterThanOrEqual("id", cut))
                        : table.newScan())
                .batchSize(batchSize)
                .open(allocator)) {
      while (batches.hasNext()) {
        VectorSchemaRoot root = batches.next();
        BigIntVector ids = (BigIntVector) root.getVector("id");
        StructVector v = (StructVector) root.getVector("v");
        VarBinaryVector metadata = (VarBinaryVector) v.getChild("metadata");
        VarBinaryVector value = (VarBinaryVector) v.getChild("value");
        for (int i = 0; i < root.getRowCount(); i++) {
          long id = ids.get(i);
          actualNull.put(id, v.isNull(i));
          if (!v.isNull(i)) {
            actual.put(id, VariantValues.fromBinaries(metadata.get(i), value.get(i)));
          }
        }
      }
      // decoded by Floe's vectorized reader, not copied from rows
      if (!actualNull.isEmpty()) {
        assertThat(batches.metrics().rowGroupsRead()).isEqualTo(1);
      }
    }
    assertThat(actualNull).isEqualTo(expectedNull);
    assertThat(actual).isEqualTo(expected);
  }

  private static DataFile write(
      Table table, List<Record> rows, org.apache.parquet.schema.Type typed) {
    Parquet.DataWriteBuilder builder =
        Parquet.writeData(TestTables.newFile(table, ".parquet"))
            .forTable(table)
            .createWriterFunc(GenericParquetWriter::create)
            .withSpec(PartitionSpec.unpartitioned())
            // small pages: values cross page boundaries inside a batch
            .set("write.parquet.page-row-limit", "7");
    if (typed != null) {
      builder.variantShreddingFunc((id, name) -> typed);
    }
    try {
      DataWriter<Record> writer = builder.build();
      try (DataWriter<Record> w = writer) {
        for (Record r : rows) {
          w.write(r);
        }
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Iceberg's shredding layout for the documents (what an engine shredding them would write). */
  private static final class Analyzer extends VariantShreddingAnalyzer<Record, Schema> {
    org.apache.parquet.schema.Type typed(List<Record> rows) {
      return analyzeAndCreateSchema(rows, 1);
    }

    @Override
    protected List<VariantValue> extractVariantValues(List<Record> rows, int index) {
      List<VariantValue> values = new ArrayList<>();
      for (Record r : rows) {
        Object v = r.get(index);
        if (v != null) {
          values.add(((org.apache.iceberg.variants.Variant) v).value());
        }
      }
      return values;
    }

    @Override
    protected int resolveColumnIndex(Schema schema, String name) {
      return schema.columns().indexOf(schema.findField(name));
    }
  }

  /** Stands for a SQL NULL in the generated documents. */
  private static final Object SQL_NULL = new Object();

  @Provide
  Arbitrary<Integer> batchSizes() {
    return Arbitraries.of(3, 16, 8192);
  }

  @Provide
  Arbitrary<List<Object>> documents() {
    // mostly events of recurring fields (so shredding has something to type), some of another type
    Arbitrary<Object> events =
        Arbitraries.maps(
                Arbitraries.of("user", "n", "price", "ok", "at", "tags", "nested", "extra"),
                Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(4, Arbitraries.just("typed")),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just("other"))))
            .ofMaxSize(8)
            .flatMap(this::event);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, events),
            net.jqwik.api.Tuple.of(2, any()),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(SQL_NULL)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(null)))
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  private Arbitrary<Object> event(Map<String, String> fields) {
    return Arbitraries.longs()
        .between(-1000, 1000)
        .flatMap(
            n ->
                any()
                    .map(
                        other -> {
                          Map<String, Object> m = new LinkedHashMap<>();
                          for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
                            boolean typed = e.getValue().equals("typed");
                            m.put(e.getKey(), typed ? typedValue(e.getKey(), n) : other);
                          }
                          return (Object) m;
                        }));
  }

  private static Object typedValue(String field, long n) {
    return switch (field) {
      case "user" -> "u" + n;
      case "n" -> n;
      case "price" -> BigDecimal.valueOf(n, 2);
      case "ok" -> n % 2 == 0;
      case "at" -> Instant.ofEpochSecond(1_700_000_000L + n, 1000 * Math.abs(n));
      case "tags" -> n % 3 == 0 ? List.of() : List.of("t" + n, n % 5 == 0 ? 7L : "x");
      case "nested" -> {
        Map<String, Object> m = new HashMap<>();
        m.put("a", n);
        if (n % 4 != 0) {
          m.put("b", List.of(Map.of("c", n), Map.of("c", "s" + n)));
        }
        yield m;
      }
      default -> null;
    };
  }

  private Arbitrary<Object> any() {
    return Arbitraries.recursive(
        VariantDecodingProperties::scalars,
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.of("a", "b", "user", "n"), inner)
                    .ofMaxSize(4)
                    .map(m -> (Object) new TreeMap<>(m))),
        0,
        3);
  }

  private static Arbitrary<Object> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.integers().between(-200, 200).map(i -> (Object) i),
        Arbitraries.bigDecimals()
            .between(new BigDecimal("-1e20"), new BigDecimal("1e20"))
            .ofScale(3)
            .map(d -> (Object) d),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.floats().map(f -> (Object) f),
        Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.integers()
            .between(-100_000, 100_000)
            .map(d -> (Object) LocalDate.ofEpochDay(d)),
        Arbitraries.longs()
            .between(0, 86_399_999_999L)
            .map(us -> (Object) LocalTime.ofNanoOfDay(us * 1000)),
        Arbitraries.longs()
            .between(-1_000_000_000L, 4_000_000_000L)
            .map(
                s ->
                    (Object) LocalDateTime.ofEpochSecond(s, 123_456_000, java.time.ZoneOffset.UTC)),
        Arbitraries.randomValue(r -> (Object) new UUID(r.nextLong(), r.nextLong())),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(5).map(b -> (Object) b),
        Arbitraries.just(null));
  }
}
