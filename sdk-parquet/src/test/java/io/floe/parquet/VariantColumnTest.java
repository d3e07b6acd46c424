package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import io.floe.Variant;
import io.floe.WriteMode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Variant columns on {@code Floe.local}: writes, reads, shredding, upserts, errors. */
class VariantColumnTest {
  @TempDir Path tmp;
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = Floe.local(tmp);
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    floe.close();
    allocator.close();
  }

  private FloeTable events(Map<String, String> props) {
    return floe.createTable("db.events")
        .columns(
            c -> c.column("id", Types.LongType.get()).required().identifier().variant("payload"))
        .properties(props)
        .create();
  }

  private Map<Long, Variant> read(FloeTable table) {
    Map<Long, Variant> out = new TreeMap<>();
    try (RowStream rows = table.newScan().rows()) {
      for (Row row : rows) {
        out.put(row.get("id", Long.class), row.get("payload", Variant.class));
      }
    }
    return out;
  }

  @Test
  void pathAccessOnReadValues() {
    FloeTable table = events(Map.of());
    table
        .newAppend()
        .rows(
            List.of(
                Map.of("id", 1L, "payload", "{\"user\": {\"id\": 7, \"tags\": [\"a\", \"b\"]}}"),
                Map.of("id", 2L, "payload", Map.of("n", 12, "price", new BigDecimal("9.99")))))
        .commit();
    Map<Long, Variant> rows = read(table);
    Variant first = rows.get(1L);
    assertThat(first.get("user.id").map(Variant::asLong)).contains(7L);
    assertThat(first.get("$.user.tags[1]").map(Variant::asString)).contains("b");
    assertThat(first.field("user").flatMap(u -> u.field("tags")).flatMap(t -> t.element(0)))
        .map(Variant::asString)
        .contains("a");
    assertThat(first.get("user.tags[5]")).isEmpty();
    assertThat(first.get("user.id.deeper")).isEmpty();
    assertThat(first.toJson()).isEqualTo("{\"user\":{\"id\":7,\"tags\":[\"a\",\"b\"]}}");
    Variant second = rows.get(2L);
    assertThat(second.get("price").map(Variant::asDecimal)).contains(new BigDecimal("9.99"));
    assertThat(second.get("n").map(Variant::kind)).contains(Variant.Kind.INTEGER);
  }

  @Test
  void shreddedFilesHoldTypedColumnsAndReadTheSame() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long i = 0; i < 200; i++) {
      Object n = i % 10 == 0 ? "not a number" : (Object) i; // some values do not fit the type
      rows.add(
          Map.of("id", i, "payload", Map.of("user", "u" + (i % 7), "n", n, "extra", List.of(i))));
    }
    FloeTable plain = events(Map.of());
    plain.newAppend().rows(rows).commit();
    FloeTable shredded =
        floe.createTable("db.shredded")
            .columns(c -> c.column("id", Types.LongType.get()).required().variant("payload"))
            .property("floe.variant.shredded-fields.payload", "user:string, n:long")
            .create();
    shredded.newAppend().rows(rows).commit();

    assertThat(read(shredded)).isEqualTo(read(plain)).hasSize(200);
    // compaction rewrites shredded files (read back through the variant readers) unchanged
    shredded.newAppend().rows(List.of(Map.of("id", 500L, "payload", "{\"n\": 5}"))).commit();
    Map<Long, Variant> before = read(shredded);
    shredded.maintenance().rewriteDataFiles().rewriteAll().execute();
    assertThat(read(shredded)).isEqualTo(before).hasSize(201);
    assertThat(read(shredded).get(3L).toJson())
        .isEqualTo("{\"extra\":[3],\"n\":3,\"user\":\"u3\"}");

    Path file =
        dataFiles("shredded").stream()
            .max(java.util.Comparator.comparingLong(p -> p.toFile().lastModified()))
            .orElseThrow();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      assertThat(schema.containsPath(new String[] {"payload", "typed_value", "n", "typed_value"}))
          .isTrue();
      assertThat(
              schema.containsPath(new String[] {"payload", "typed_value", "user", "typed_value"}))
          .isTrue();
      ColumnChunkMetaData n =
          reader.getFooter().getBlocks().get(0).getColumns().stream()
              .filter(c -> c.getPath().toDotString().equals("payload.typed_value.n.typed_value"))
              .findFirst()
              .orElseThrow();
      // typed values: 180 longs from 1 to 199; the 20 strings went to the residual
      assertThat(n.getStatistics().genericGetMin()).isEqualTo(1L);
      assertThat(n.getStatistics().genericGetMax()).isEqualTo(199L);
      assertThat(n.getStatistics().getNumNulls()).isEqualTo(20L);
    }
    Path plainFile = dataFiles("events").get(0);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(plainFile))) {
      assertThat(
              reader
                  .getFooter()
                  .getFileMetaData()
                  .getSchema()
                  .containsPath(new String[] {"payload", "typed_value"}))
          .isFalse();
    }
  }

  private List<Path> dataFiles(String table) throws Exception {
    try (Stream<Path> files = Files.walk(tmp)) {
      return files
          .filter(p -> p.toString().endsWith(".parquet"))
          .filter(p -> p.toString().contains("/db/" + table + "/data/"))
          .toList();
    }
  }

  @Test
  void arrowScanExposesTheVariantLayout() throws Exception {
    FloeTable table = events(Map.of());
    Map<String, Object> sqlNull = new java.util.HashMap<>();
    sqlNull.put("id", 2L);
    sqlNull.put("payload", null); // a SQL NULL, not the variant null
    table
        .newAppend()
        .rows(List.of(Map.of("id", 1L, "payload", "[1, \"two\", null]"), sqlNull))
        .commit();
    assertThat(read(table)).containsEntry(2L, null).containsKey(1L);
    try (ArrowReader reader = table.newScan().arrow(ArrowReader.class, allocator)) {
      Field payload = reader.getVectorSchemaRoot().getSchema().findField("payload");
      assertThat(payload.getChildren())
          .extracting(Field::getName)
          .containsExactly("metadata", "value");
      assertThat(payload.getMetadata()).containsEntry("floe:iceberg_type", "variant");
      assertThat(reader.loadNextBatch()).isTrue();
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertThat(root.getRowCount()).isEqualTo(2);
      org.apache.arrow.vector.complex.StructVector v =
          (org.apache.arrow.vector.complex.StructVector) root.getVector("payload");
      org.apache.arrow.vector.BigIntVector ids =
          (org.apache.arrow.vector.BigIntVector) root.getVector("id");
      for (int i = 0; i < 2; i++) {
        assertThat(v.isNull(i)).isEqualTo(ids.get(i) == 2L);
      }
    }
  }

  @Test
  void upsertsReplaceVariantValues() {
    FloeTable table = events(Map.of());
    table
        .newAppend()
        .rows(
            List.of(
                Map.of("id", 1L, "payload", "{\"v\": 1}"),
                Map.of("id", 2L, "payload", "{\"v\": 2}")))
        .commit();
    table
        .newUpsert()
        .rows(List.of(Map.of("id", 2L, "payload", "{\"v\": 20, \"new\": true}")))
        .commit();
    table.newDelete().where(Expressions.equal("id", 1L)).mode(WriteMode.COPY_ON_WRITE).commit();
    table.newAppend().rows(List.of(Map.of("id", 3L, "payload", "{\"v\": 3}"))).commit();
    assertThatThrownBy(
            () ->
                table
                    .newUpsert()
                    .key("payload")
                    .rows(List.of(Map.of("id", 9L, "payload", "{}")))
                    .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Upsert key column 'payload' of table db.events has type variant; keys must be"
                + " primitive");
    Map<Long, Variant> rows = read(table);
    assertThat(rows.keySet()).containsExactly(2L, 3L);
    assertThat(rows.get(2L)).isEqualTo(Variant.parseJson("{\"new\": true, \"v\": 20}"));
  }

  @Test
  void badInputNamesTableAndColumn() {
    FloeTable table = events(Map.of());
    assertThatThrownBy(
            () -> table.newAppend().rows(List.of(Map.of("id", 1L, "payload", "{\"a\": "))).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("db.events")
        .hasMessageContaining("payload")
        .hasMessageContaining("Invalid JSON");
    assertThat(table.snapshots()).isEmpty();
    for (String bad : List.of("", "{} x", "[1,]", "{'a': 1}")) {
      assertThatThrownBy(() -> Variant.parseJson(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Invalid JSON for a variant");
    }
    // a number no variant type holds is refused, not stored as infinity
    assertThatThrownBy(() -> Variant.parseJson("{\"x\": 1e400}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beyond the range of a double");
    assertThat(Variant.parseJson("[0.1, 12345678901234567890123, 1.5e300]").elements())
        .extracting(Variant::kind)
        .containsExactly(Variant.Kind.DECIMAL, Variant.Kind.DECIMAL, Variant.Kind.DOUBLE);
    assertThatThrownBy(
            () ->
                floe.createTable("db.old")
                    .formatVersion(2)
                    .columns(c -> c.variant("payload"))
                    .create())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("db.old")
        .hasMessageContaining("payload (variant) needs table format version 3");
    assertThatThrownBy(
            () ->
                floe.createTable("db.bad")
                    .columns(c -> c.variant("payload"))
                    .property("floe.variant.shredded-fields.payload", "n:int128")
                    .create())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("db.bad")
        .hasMessageContaining("unknown type 'int128'");
    // Arrow appends take primitive columns only: a clear refusal naming table and column
    try (VectorSchemaRoot batch =
            VectorSchemaRoot.create(
                io.floe.parquet.internal.ArrowTypes.convert(table.schema()), allocator);
        io.floe.parquet.write.ArrowAppend append = io.floe.parquet.write.ArrowAppend.to(table)) {
      batch.setRowCount(0);
      assertThatThrownBy(() -> append.batch(batch).commit())
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("db.events")
          .hasMessageContaining("'payload'");
    }
  }

  @Test
  void everyRowReadGivesVariants() {
    FloeTable table = events(Map.of());
    table.newAppend().rows(List.of(Map.of("id", 1L, "payload", "{\"a\": [1]}"))).commit();
    long first = table.snapshots().get(0).snapshotId();
    table.newAppend().rows(List.of(Map.of("id", 2L, "payload", "{\"a\": [2]}"))).commit();
    Variant two = Variant.parseJson("{\"a\": [2]}");
    List<Object> fromTasks = new ArrayList<>();
    for (io.floe.ReadTask task : table.newScan().planTasks()) {
      try (RowStream rows = task.rows()) {
        rows.forEach(r -> fromTasks.add(r.get("payload")));
      }
    }
    assertThat(fromTasks).hasSize(2).contains(two);
    try (RowStream rows = table.newIncrementalScan().fromSnapshotExclusive(first).rows()) {
      assertThat(rows.iterator().next().get("payload")).isEqualTo(two);
    }
    try (RowStream rows = table.newChangelogScan().fromSnapshotExclusive(first).rows()) {
      assertThat(rows.iterator().next().get("payload")).isEqualTo(two);
    }
    assertThat(table.newScan().where("payload is not null").count()).isEqualTo(2);
    // metadata tables of a table with a variant column (readable metrics included)
    try (RowStream files = table.metadataTable(io.floe.MetadataTableType.FILES).rows()) {
      List<Row> all = new ArrayList<>();
      files.forEach(all::add);
      assertThat(all).hasSize(2);
      assertThat(all.get(0).get("record_count")).isEqualTo(1L);
    }
  }

  @Test
  void avroDataFilesHoldVariantsToo() {
    FloeTable table = events(Map.of("write.format.default", "avro"));
    table.newAppend().rows(List.of(Map.of("id", 1L, "payload", "{\"a\": [1, \"x\"]}"))).commit();
    assertThat(read(table)).containsEntry(1L, Variant.parseJson("{\"a\": [1, \"x\"]}"));
  }

  @Test
  void nanosecondFiltersCompareAllDigits() throws Exception {
    FloeTable table = floe.createTable("db.nf").columns(c -> c.timestampNanos("ts")).create();
    table
        .newAppend()
        .rows(
            List.of(
                Map.of("ts", "2026-01-02T03:04:05.000000001"),
                Map.of("ts", "2026-01-02T03:04:05.000000002")))
        .commit();
    assertThat(table.newScan().where("ts > timestamp '2026-01-02 03:04:05.000000001'").count())
        .isEqualTo(1);
    try (ArrowReader reader = table.newScan().arrow(ArrowReader.class, allocator)) {
      assertThat(reader.loadNextBatch()).isTrue();
      assertThat(reader.getVectorSchemaRoot().getVector("ts").getObject(1).toString())
          .isEqualTo("2026-01-02T03:04:05.000000002");
    }
  }

  @Test
  void nanosecondTableIsCreatedAtFormatThree() {
    FloeTable table = floe.createTable("db.ns").columns(c -> c.timestampNanos("ts")).create();
    assertThat(table.schema().findField("ts").type())
        .isEqualTo(Types.TimestampNanoType.withoutZone());
    assertThatThrownBy(() -> SchemaCheck.utcOnly())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UTC");
  }

  /** A zoned nano timestamp takes only UTC. */
  private static final class SchemaCheck {
    static void utcOnly() {
      io.floe.SchemaBuilder.create().timestampNanos("t", java.time.ZoneOffset.ofHours(2));
    }
  }
}
