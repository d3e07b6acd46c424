package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Variant;
import io.floe.impl.spi.VariantValues;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.iceberg.types.Types;

/**
 * Random JSON documents written to a {@code variant} column of a {@code Floe.local} table (as JSON
 * text, as Java maps/lists, shredded and not) read back equal as JSON trees through row scans and
 * Arrow scans; random nanosecond timestamps round-trip through rows and Arrow.
 */
class VariantRoundTripProperties {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** Numbers compare by value (an int and a long, 1.0 and 1.00 are the same JSON number). */
  private static final Comparator<JsonNode> SAME_NUMBER =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  private static Path warehouse;
  private static Floe floe;
  private static int tables;

  @BeforeContainer
  static void open() throws Exception {
    warehouse = Files.createTempDirectory("floe-variant");
    floe = Floe.local(warehouse);
  }

  @AfterContainer
  static void close() throws Exception {
    floe.close();
    try (Stream<Path> files = Files.walk(warehouse)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<Object> documents() {
    return Arbitraries.recursive(
        this::scalars,
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(
                        Arbitraries.oneOf(
                            Arbitraries.of("a", "b", "user", "n", "price", "ok"),
                            Arbitraries.strings().ofMinLength(1).ofMaxLength(6)),
                        inner)
                    .ofMaxSize(5)
                    .map(m -> (Object) new TreeMap<>(m))),
        0,
        4);
  }

  private Arbitrary<Object> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.integers().between(-200, 200).map(i -> (Object) i),
        Arbitraries.bigDecimals()
            .between(new BigDecimal("-1e12"), new BigDecimal("1e12"))
            .ofScale(3)
            .map(d -> (Object) d),
        Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
  }

  @Property(tries = 25)
  void jsonDocumentsRoundTrip(
      @ForAll("rowsOfDocuments") List<Object> documents,
      @ForAll boolean shredded,
      @ForAll boolean deletes)
      throws Exception {
    FloeTable table = create(shredded);
    List<Map<String, Object>> rows = new ArrayList<>();
    List<JsonNode> expected = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      Object doc = documents.get(i);
      String text = JSON.writeValueAsString(doc);
      Map<String, Object> row = new HashMap<>();
      row.put("id", (long) i);
      if (i % 7 == 5) {
        // a SQL NULL: no variant at all
        row.put("v", null);
        rows.add(row);
        expected.add(null);
        continue;
      }
      // alternate the three ways in: JSON text, Java values, a Floe Variant
      // (a Java String is JSON text to a variant column: a top-level string goes in as Variant.of)
      // (and a Java null is a SQL NULL: the variant null goes in as Variant.ofNull())
      Object javaValue = doc instanceof String || doc == null ? Variant.of(doc) : doc;
      row.put("v", i % 3 == 0 ? text : i % 3 == 1 ? javaValue : Variant.parseJson(text));
      rows.add(row);
      expected.add(JSON.readTree(text));
    }
    table.newAppend().rows(rows).commit();
    java.util.Set<Long> deleted = new java.util.HashSet<>();
    if (deletes && documents.size() > 1) {
      // a merge-on-read delete: the scans apply its deletion vector
      for (long id = 1; id < documents.size(); id += 3) {
        deleted.add(id);
      }
      table
          .newDelete()
          .where(org.apache.iceberg.expressions.Expressions.in("id", deleted.toArray()))
          .mode(io.floe.WriteMode.MERGE_ON_READ)
          .commit();
    }

    Map<Long, JsonNode> fromRows = new TreeMap<>();
    try (RowStream scan = table.newScan().rows()) {
      for (Row row : scan) {
        Variant v = row.get("v", Variant.class);
        fromRows.put(row.get("id", Long.class), v == null ? null : JSON.readTree(v.toJson()));
      }
    }
    Map<Long, JsonNode> fromTasks = new TreeMap<>();
    for (io.floe.ReadTask task : table.newScan().planTasks()) {
      try (RowStream scan = task.rows()) {
        for (Row row : scan) {
          Variant v = (Variant) row.get("v");
          fromTasks.put(row.get("id", Long.class), v == null ? null : JSON.readTree(v.toJson()));
        }
      }
    }
    Map<Long, JsonNode> fromArrow = new TreeMap<>();
    try (RootAllocator allocator = new RootAllocator();
        ArrowReader reader = table.newScan().arrow(ArrowReader.class, allocator)) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        BigIntVector ids = (BigIntVector) root.getVector("id");
        StructVector v = (StructVector) root.getVector("v");
        VarBinaryVector metadata = (VarBinaryVector) v.getChild("metadata");
        VarBinaryVector value = (VarBinaryVector) v.getChild("value");
        for (int i = 0; i < root.getRowCount(); i++) {
          if (v.isNull(i)) {
            fromArrow.put(ids.get(i), null);
            continue;
          }
          Variant read = VariantValues.fromBinaries(metadata.get(i), value.get(i));
          fromArrow.put(ids.get(i), JSON.readTree(read.toJson()));
        }
      }
    }
    // the Arrow scan decodes the variant column itself (no row read behind it)
    try (RootAllocator allocator = new RootAllocator();
        ArrowBatches batches = table.newScan().arrow(ArrowBatches.class, allocator)) {
      while (batches.hasNext()) {
        batches.next();
      }
      assertThat(batches.metrics().rowGroupsRead()).isPositive();
      assertThat(batches.metrics().rowsDeleted()).isEqualTo(deleted.size());
    }
    assertThat(fromRows).hasSize(documents.size() - deleted.size());
    assertThat(fromArrow).hasSize(documents.size() - deleted.size());
    assertThat(fromTasks).isEqualTo(fromRows);
    for (int i = 0; i < documents.size(); i++) {
      if (deleted.contains((long) i)) {
        assertThat(fromRows).doesNotContainKey((long) i);
        assertThat(fromArrow).doesNotContainKey((long) i);
        continue;
      }
      JsonNode want = expected.get(i);
      if (want == null) {
        assertThat(fromRows.get((long) i)).as("row %d", i).isNull();
        assertThat(fromArrow.get((long) i)).as("arrow %d", i).isNull();
        assertThat(fromRows).containsKey((long) i);
        assertThat(fromArrow).containsKey((long) i);
        continue;
      }
      assertThat(want.equals(SAME_NUMBER, fromRows.get((long) i)))
          .as("row %d: wrote %s, read %s", i, want, fromRows.get((long) i))
          .isTrue();
      assertThat(want.equals(SAME_NUMBER, fromArrow.get((long) i)))
          .as("arrow %d: wrote %s, read %s", i, want, fromArrow.get((long) i))
          .isTrue();
    }
  }

  @Provide
  Arbitrary<List<Object>> rowsOfDocuments() {
    // top-level objects with the shredded fields (sometimes of another type), and other documents
    Arbitrary<Object> events =
        Arbitraries.maps(Arbitraries.of("user", "n", "price", "ok", "extra"), documents())
            .ofMaxSize(5)
            .map(m -> (Object) new TreeMap<>(m));
    Arbitrary<Object> typedEvents =
        Arbitraries.longs()
            .flatMap(
                n ->
                    Arbitraries.strings()
                        .ofMaxLength(8)
                        .map(
                            user -> {
                              Map<String, Object> m = new LinkedHashMap<>();
                              m.put("user", user);
                              m.put("n", n);
                              m.put("price", new BigDecimal("12.50"));
                              m.put("ok", n % 2 == 0);
                              return (Object) m;
                            }));
    return Arbitraries.oneOf(events, typedEvents, documents()).list().ofMinSize(1).ofMaxSize(25);
  }

  private static FloeTable create(boolean shredded) {
    var creator =
        floe.createTable("db.v" + (tables++))
            .columns(c -> c.column("id", Types.LongType.get()).required().variant("v"));
    if (shredded) {
      creator.property(
          "floe.variant.shredded-fields.v", "user:string, n:long, price:decimal(9,2), ok:boolean");
    }
    return creator.create();
  }

  @Property(tries = 15)
  void nanosecondTimestampsRoundTrip(@ForAll("nanos") List<Long> nanos) throws Exception {
    FloeTable table =
        floe.createTable("db.ns" + (tables++))
            .columns(
                c ->
                    c.column("id", Types.LongType.get())
                        .required()
                        .timestampNanos("ts")
                        .timestampNanos("tstz", ZoneOffset.UTC))
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < nanos.size(); i++) {
      long n = nanos.get(i);
      rows.add(
          Map.of(
              "id",
              (long) i,
              "ts",
              LocalDateTime.ofEpochSecond(
                  Math.floorDiv(n, 1_000_000_000L),
                  (int) Math.floorMod(n, 1_000_000_000L),
                  ZoneOffset.UTC),
              "tstz",
              OffsetDateTime.ofInstant(java.time.Instant.EPOCH.plusNanos(n), ZoneOffset.UTC)));
    }
    table.newAppend().rows(rows).commit();
    try (RowStream scan = table.newScan().rows()) {
      for (Row row : scan) {
        int i = (int) (long) row.get("id", Long.class);
        assertThat(row.get("ts")).isEqualTo(rows.get(i).get("ts"));
        assertThat(row.get("tstz")).isEqualTo(rows.get(i).get("tstz"));
      }
    }
    int seen = 0;
    try (RootAllocator allocator = new RootAllocator();
        ArrowReader reader = table.newScan().arrow(ArrowReader.class, allocator)) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        BigIntVector ids = (BigIntVector) root.getVector("id");
        TimeStampVector ts = (TimeStampVector) root.getVector("ts");
        TimeStampVector tstz = (TimeStampVector) root.getVector("tstz");
        for (int i = 0; i < root.getRowCount(); i++) {
          long want = nanos.get((int) ids.get(i));
          assertThat(ts.get(i)).isEqualTo(want);
          assertThat(tstz.get(i)).isEqualTo(want);
          seen++;
        }
      }
    }
    assertThat(seen).isEqualTo(nanos.size());
  }

  @Provide
  Arbitrary<List<Long>> nanos() {
    return Arbitraries.longs().list().ofMinSize(1).ofMaxSize(20);
  }
}
