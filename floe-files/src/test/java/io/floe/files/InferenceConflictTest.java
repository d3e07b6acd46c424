package io.floe.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.ValidationException;
import io.floe.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conflicting JSON values under the three {@link SchemaInference.OnConflict} policies. */
class InferenceConflictTest {
  @TempDir Path dir;

  private static final List<String> DOCS =
      List.of(
          "{\"id\": 1, \"payload\": {\"n\": 1}, \"mixed\": [1, \"a\"], \"v\": 1, \"s\": \"x\"}",
          "{\"id\": 2, \"payload\": 7, \"mixed\": [true], \"v\": 2.5, \"s\": \"2026-01-01\"}",
          "{\"id\": 3, \"payload\": null, \"v\": 9999999999}");

  private Path file() throws Exception {
    Path file = dir.resolve("in.jsonl");
    Files.write(file, DOCS);
    return file;
  }

  @Test
  void variantPolicyMakesConflictingTopLevelFieldsVariants() throws Exception {
    Schema schema =
        SchemaInference.defaults().onConflict(SchemaInference.OnConflict.VARIANT).infer(file());
    assertThat(schema.findField("payload").type()).isEqualTo(Types.VariantType.get());
    assertThat(schema.findField("payload").isOptional()).isTrue();
    assertThat(schema.findField("mixed").type()).isEqualTo(Types.VariantType.get());
    // widening and string kinds are no conflicts
    assertThat(schema.findField("v").type()).isEqualTo(Types.DoubleType.get());
    assertThat(schema.findField("s").type()).isEqualTo(Types.StringType.get());
    assertThat(schema.findField("id").type()).isEqualTo(Types.IntegerType.get());
    assertThat(schema.findField("id").isRequired()).isTrue();
  }

  @Test
  void stringPolicyKeepsTheOldBehaviour() throws Exception {
    Schema schema = SchemaInference.defaults().infer(file());
    assertThat(schema.findField("payload").type()).isEqualTo(Types.StringType.get());
    assertThat(schema.findField("mixed").type())
        .isEqualTo(
            Types.ListType.ofRequired(
                schema.findField("mixed.element").fieldId(), Types.StringType.get()));
  }

  @Test
  void failPolicyNamesTheFieldAndBothKinds() throws Exception {
    Path file = file();
    assertThatThrownBy(
            () ->
                SchemaInference.defaults().onConflict(SchemaInference.OnConflict.FAIL).infer(file))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("list 'mixed' has elements of two kinds")
        .hasMessageContaining("a number (int) and a string (string)")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("--on-conflict variant");
    Path nested = dir.resolve("nested.jsonl");
    Files.write(nested, List.of("{\"a\": {\"b\": {\"c\": 1}}}", "{\"a\": {\"b\": {\"c\": [1]}}}"));
    assertThatThrownBy(
            () ->
                SchemaInference.defaults()
                    .onConflict(SchemaInference.OnConflict.FAIL)
                    .infer(nested))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "field 'a.b.c' is a number (int) in one record and an array (list) in another")
        .satisfies(e -> assertThat(((ValidationException) e).column()).hasValue("a.b.c"));
  }

  @Test
  void failingObserverStaysAsItWas() {
    SchemaInference.Observer observer = SchemaInference.observer(SchemaInference.OnConflict.FAIL);
    observer.observeJson("{\"a\": 1, \"b\": {\"c\": \"x\"}}");
    Schema before = observer.schema();
    assertThatThrownBy(() -> observer.observeJson("{\"a\": 2, \"z\": 1, \"b\": {\"c\": true}}"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("field 'b.c' is a string (string) in one record and a boolean");
    assertThat(observer.schema().sameSchema(before)).isTrue();
  }

  @Test
  void importWithVariantPolicyCreatesAV3TableAndKeepsTheValues() throws Exception {
    Path file = file();
    try (Floe floe = Floe.local(dir.resolve("warehouse"))) {
      floe.createNamespace("db");
      ImportResult result =
          FileImport.into(floe, "db.docs")
              .from(file)
              .createIfMissing()
              .onConflict(SchemaInference.OnConflict.VARIANT)
              .run();
      assertThat(result.rowsWritten()).isEqualTo(3);
      FloeTable table = floe.loadTable("db.docs");
      // a variant column: creating the table chose format v3
      assertThat(table.schema().findField("payload").type()).isEqualTo(Types.VariantType.get());
      List<JsonNode> payloads = new ArrayList<>();
      List<Object> mixed = new ArrayList<>();
      try (RowStream rows = table.newScan().rows()) {
        for (Row row : rows) {
          Variant p = (Variant) row.get("payload");
          payloads.add(p == null ? null : Values.JSON.readTree(p.toJson()));
          Variant m = (Variant) row.get("mixed");
          mixed.add(m == null ? null : m.toJson());
        }
      }
      assertThat(payloads)
          .containsExactlyInAnyOrder(
              Values.JSON.readTree("{\"n\": 1}"), Values.JSON.readTree("7"), null);
      assertThat(mixed).containsExactlyInAnyOrder("[1,\"a\"]", "[true]", null);
    }
  }

  @Test
  void objectsNeverSeenWithAFieldAreStringsAndImport() throws Exception {
    Path file = dir.resolve("empty.jsonl");
    Files.write(file, List.of("{\"id\": 1, \"o\": {}, \"l\": [{}]}", "{\"id\": 2, \"o\": {}}"));
    assertThat(SchemaInference.defaults().infer(file).findField("o").type())
        .isEqualTo(Types.StringType.get());
    try (Floe floe = Floe.local(dir.resolve("warehouse"))) {
      floe.createNamespace("db");
      ImportResult result = FileImport.into(floe, "db.empty").from(file).createIfMissing().run();
      assertThat(result.rowsWritten()).isEqualTo(2);
      try (RowStream rows = floe.loadTable("db.empty").newScan().rows()) {
        for (Row row : rows) {
          assertThat(row.get("o")).isEqualTo("{}");
        }
      }
    }
  }
}
