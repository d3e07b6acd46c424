package io.floe.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AvroRows, AvroFiles and AvroSchemaEvolution against a real (in-memory) Floe table. */
class AvroTableTest {
  private static final org.apache.avro.Schema EVENT =
      SchemaBuilder.record("Event")
          .fields()
          .requiredLong("id")
          .optionalString("category")
          .name("amount")
          .type()
          .intType()
          .noDefault()
          .endRecord();

  @TempDir Path dir;
  private Floe floe;
  private FloeTable table;

  @BeforeEach
  void createTable() {
    floe = Floe.inMemory();
    floe.createNamespace("db");
    table =
        floe.createTable("db.events")
            .column("id", Types.LongType.get())
            .required()
            .column("category", Types.StringType.get())
            .column("amount", Types.LongType.get())
            .create();
  }

  @AfterEach
  void close() {
    floe.close();
  }

  private static GenericRecord event(long id, String category, int amount) {
    GenericRecord record = new GenericData.Record(EVENT);
    record.put("id", id);
    record.put("category", category);
    record.put("amount", amount);
    return record;
  }

  private List<Row> rows() throws IOException {
    List<Row> out = new ArrayList<>();
    try (CloseableIterable<Row> rows = table.newScan().rows()) {
      rows.forEach(row -> out.add(row));
    }
    out.sort((a, b) -> Long.compare((Long) a.get("id"), (Long) b.get("id")));
    return out;
  }

  @Test
  void avroRowsFeedAnAppend() throws IOException {
    AvroRows rows = AvroRows.of(table.schema());

    table
        .newAppend()
        .records(rows.toRows(List.of(event(1, "books", 10), event(2, null, 20))))
        .commit();

    List<Row> read = rows();
    assertThat(read).hasSize(2);
    assertThat(read.get(0).toMap())
        .containsEntry("id", 1L)
        .containsEntry("category", "books")
        .containsEntry("amount", 10L);
    assertThat(read.get(1).get("category")).isNull();
    assertThat(rows.schema().sameSchema(table.schema())).isTrue();
  }

  @Test
  void avroRowsConvertBothWays() {
    AvroRows rows = AvroRows.of(table.schema(), "com.example.Event");
    Record row = rows.toRow(event(3, "c", 30));

    GenericRecord back = rows.toAvro(row);

    assertThat(row.getField("amount")).isEqualTo(30L); // widened int to long
    assertThat(back.getSchema()).isEqualTo(rows.avroSchema());
    assertThat(back.get("id")).isEqualTo(3L);
    assertThat(back.get("category")).isEqualTo("c");
    rows.check(EVENT);
  }

  @Test
  void avroRowsNameTheFieldThatDoesNotMap() {
    AvroRows rows = AvroRows.of(table.schema());
    org.apache.avro.Schema extra =
        SchemaBuilder.record("Event")
            .fields()
            .requiredLong("id")
            .requiredString("color")
            .endRecord();
    org.apache.avro.Schema wrongType =
        SchemaBuilder.record("Event").fields().requiredString("id").endRecord();
    org.apache.avro.Schema noId =
        SchemaBuilder.record("Event").fields().optionalString("category").endRecord();

    assertThatThrownBy(() -> rows.check(extra))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Avro record: field color of the Avro schema has no column in the table; add the column to"
                + " the table (evolve its schema) or remove the field")
        .satisfies(e -> assertThat(((ValidationException) e).column()).contains("color"));
    assertThatThrownBy(() -> rows.check(wrongType))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "field id has Avro type string, which cannot be stored in column type long");
    assertThatThrownBy(() -> rows.check(noId))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("field id is required by the table but missing from the Avro schema");
    GenericRecord nullId = event(1, "x", 1);
    nullId.put("id", null);
    assertThatThrownBy(() -> rows.toRow(nullId))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("null in required column id");
    Record missing = org.apache.iceberg.data.GenericRecord.create(table.schema());
    assertThatThrownBy(() -> rows.toAvro(missing))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Null in required column id");
  }

  private Path writeFile(String name, org.apache.avro.Schema schema, List<GenericRecord> records)
      throws IOException {
    Path file = dir.resolve(name);
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      writer.create(schema, file.toFile());
      for (GenericRecord record : records) {
        writer.append(record);
      }
    }
    return file;
  }

  @Test
  void containerFilesAppendInOneCommit() throws IOException {
    Path first = writeFile("a.avro", EVENT, List.of(event(1, "a", 1), event(2, "b", 2)));
    Path second = writeFile("b.avro", EVENT, List.of(event(3, "c", 3)));

    AppendResult result = AvroFiles.append(table, List.of(first, second));

    assertThat(result.addedRecords()).isEqualTo(3);
    assertThat(rows()).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L);
    assertThat(table.snapshots()).hasSize(1);
    assertThat(AvroFiles.read(first, table.schema())).hasSize(2);
  }

  @Test
  void containerFileErrorsNameFileAndField() throws IOException {
    org.apache.avro.Schema extra =
        SchemaBuilder.record("Event")
            .fields()
            .requiredLong("id")
            .requiredString("color")
            .endRecord();
    GenericRecord record = new GenericData.Record(extra);
    record.put("id", 1L);
    record.put("color", "red");
    Path good = writeFile("good.avro", EVENT, List.of(event(1, "a", 1)));
    Path bad = writeFile("bad.avro", extra, List.of(record));
    Path notAvro = Files.writeString(dir.resolve("x.avro"), "not avro");

    assertThatThrownBy(() -> AvroFiles.append(table, List.of(good, bad)))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Avro file "
                + bad
                + ": field color of the Avro schema has no column in the table; add the"
                + " column to the table (evolve its schema) or remove the field (table db.events)")
        .satisfies(e -> assertThat(((ValidationException) e).column()).contains("color"));
    assertThat(table.snapshots()).isEmpty();
    assertThatThrownBy(() -> AvroFiles.append(table, List.of(notAvro)))
        .isInstanceOf(FloeIOException.class)
        .hasMessageContaining("Cannot read Avro file " + notAvro)
        .satisfies(e -> assertThat(((FloeIOException) e).path()).contains(notAvro.toString()));
  }

  @Test
  void containerFileValueErrorsAbortTheAppend() throws IOException {
    org.apache.avro.Schema nullableId =
        SchemaBuilder.record("Event").fields().optionalLong("id").endRecord();
    GenericRecord ok = new GenericData.Record(nullableId);
    ok.put("id", 1L);
    GenericRecord bad = new GenericData.Record(nullableId);
    Path file = writeFile("n.avro", nullableId, List.of(ok, bad));

    assertThatThrownBy(() -> AvroFiles.append(table, List.of(file)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Avro file " + file + ": null in required column id")
        .hasMessageContaining("(record 1, table db.events)")
        .satisfies(
            e -> {
              ValidationException v = (ValidationException) e;
              assertThat(v.table()).contains("db.events");
              assertThat(v.column()).contains("id");
              assertThat(v.file()).contains(file.toString());
            });
    assertThat(table.snapshots()).isEmpty();
  }

  @Test
  void evolutionPlansAndAppliesAvroChanges() throws IOException {
    org.apache.avro.Schema current = AvroSchemas.toAvro(table.schema(), "Event");
    // With field ids: rename category to kind, widen nothing, add an optional field, document id.
    String json =
        current
            .toString()
            .replace("\"name\":\"category\"", "\"name\":\"kind\"")
            .replace("\"name\":\"id\",", "\"name\":\"id\",\"doc\":\"the key\",");
    org.apache.avro.Schema next =
        new org.apache.avro.Schema.Parser()
            .parse(
                json.replace(
                    "]}",
                    ",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));

    EvolutionPlan plan = AvroSchemaEvolution.plan(table.schema(), next);
    assertThat(plan.isApplicable()).isTrue();
    assertThat(plan.changes())
        .extracting(EvolutionPlan.Change::kind)
        .containsExactlyInAnyOrder(
            EvolutionPlan.Kind.UPDATE_DOC,
            EvolutionPlan.Kind.RENAME_COLUMN,
            EvolutionPlan.Kind.ADD_COLUMN);

    Schema evolved = AvroSchemaEvolution.apply(table, next);

    assertThat(evolved.findField("kind").fieldId()).isEqualTo(2);
    assertThat(evolved.findField("id").doc()).isEqualTo("the key");
    assertThat(evolved.findField("note").isOptional()).isTrue();
    assertThat(table.schema().sameSchema(evolved)).isTrue();
    assertThat(AvroSchemaEvolution.apply(table, AvroSchemas.toAvro(evolved, "Event")))
        .isSameAs(table.schema());
  }

  @Test
  void evolutionByNameWidensAndReportsProblems() {
    org.apache.avro.Schema widen =
        SchemaBuilder.record("Event")
            .fields()
            .requiredLong("id")
            .optionalString("category")
            .optionalLong("amount")
            .name("added")
            .type()
            .intType()
            .intDefault(5)
            .endRecord();
    org.apache.avro.Schema bad =
        SchemaBuilder.record("Event")
            .fields()
            .requiredString("id")
            .requiredString("category")
            .requiredInt("fresh")
            .endRecord();

    EvolutionPlan ok = AvroSchemaEvolution.plan(table.schema(), widen);
    EvolutionPlan problems = AvroSchemaEvolution.plan(table.schema(), bad);

    assertThat(ok.isApplicable()).isTrue();
    assertThat(ok.changes()).extracting(EvolutionPlan.Change::column).containsExactly("added");
    assertThat(problems.isApplicable()).isFalse();
    assertThat(problems.problems())
        .extracting(EvolutionPlan.Problem::column)
        .containsExactly("id", "category", "fresh");
    assertThat(problems.problems().get(0).reason()).contains("changes type from long to string");
    assertThat(problems.changes()).isEmpty();
    assertThatThrownBy(() -> AvroSchemaEvolution.apply(table, bad))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith(
            "Cannot evolve table db.events to Avro schema Event: [id: changes type")
        .satisfies(e -> assertThat(((ValidationException) e).column()).contains("id"));
    assertThatThrownBy(
            () -> problems.applyTo(io.floe.impl.spi.Internals.icebergTable(table).updateSchema()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "The evolution plan has problems and cannot be applied: [id: changes type");
  }
}
