package io.floe.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaInferenceTest {
  @TempDir Path dir;

  static Type type(Schema schema, String name) {
    return schema.findField(name).type();
  }

  @Test
  void csvWidensNumbersAndRecognisesStrings() throws Exception {
    Path file = dir.resolve("in.csv");
    Files.writeString(
        file,
        "i,l,d,b,day,ts,tstz,uid,s,empty,mixed\n"
            + "1,1,1,true,2026-01-01,2026-01-01 10:00:00,2026-01-01T10:00:00Z,"
            + "123e4567-e89b-12d3-a456-426614174000,x,,1\n"
            + "2,9999999999,2.5,FALSE,2026-01-02,2026-01-02T10:00:00.123,2026-01-01T10:00:00+01:00,"
            + "123e4567-e89b-12d3-a456-426614174001,,,a\n");
    Schema schema = SchemaInference.defaults().infer(file);
    assertThat(schema.columns())
        .extracting(Types.NestedField::name)
        .containsExactly("i", "l", "d", "b", "day", "ts", "tstz", "uid", "s", "empty", "mixed");
    assertThat(type(schema, "i")).isEqualTo(Types.IntegerType.get());
    assertThat(type(schema, "l")).isEqualTo(Types.LongType.get());
    assertThat(type(schema, "d")).isEqualTo(Types.DoubleType.get());
    assertThat(type(schema, "b")).isEqualTo(Types.BooleanType.get());
    assertThat(type(schema, "day")).isEqualTo(Types.DateType.get());
    assertThat(type(schema, "ts")).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(type(schema, "tstz")).isEqualTo(Types.TimestampType.withZone());
    assertThat(type(schema, "uid")).isEqualTo(Types.UUIDType.get());
    assertThat(type(schema, "s")).isEqualTo(Types.StringType.get());
    assertThat(type(schema, "empty")).isEqualTo(Types.StringType.get());
    assertThat(type(schema, "mixed")).isEqualTo(Types.StringType.get());
    // nullable by observation
    assertThat(schema.findField("i").isRequired()).isTrue();
    assertThat(schema.findField("s").isOptional()).isTrue();
    assertThat(schema.findField("empty").isOptional()).isTrue();
  }

  @Test
  void csvWithoutHeaderNamesColumnsByPosition() throws Exception {
    Path file = dir.resolve("in.txt");
    Files.writeString(file, "1;a\n2;b\n");
    Schema schema =
        SchemaInference.defaults()
            .csv(CsvOptions.defaults().withoutHeader().delimiter(';'))
            .infer(file);
    assertThat(schema.columns())
        .extracting(Types.NestedField::name)
        .containsExactly("col_1", "col_2");
  }

  @Test
  void onlyTheSampleCounts() throws Exception {
    Path file = dir.resolve("in.csv");
    Files.writeString(file, "n\n1\n2\nx\n");
    assertThat(type(SchemaInference.sample(2).infer(file), "n")).isEqualTo(Types.IntegerType.get());
    assertThat(type(SchemaInference.sample(3).infer(file), "n")).isEqualTo(Types.StringType.get());
  }

  @Test
  void jsonNestedStructsListsAndNullability() throws Exception {
    Path file = dir.resolve("in.jsonl");
    Files.writeString(
        file,
        "{\"id\": 1, \"user\": {\"name\": \"a\", \"age\": 3}, \"tags\": [1, 2], \"n\": \"7\"}\n"
            + "{\"id\": 3000000000, \"user\": {\"name\": \"b\", \"score\": 1.5}, \"tags\": [2.5],"
            + " \"seen\": \"2026-01-01T00:00:00Z\", \"n\": \"8\"}\n"
            + "{\"id\": 2, \"user\": null, \"tags\": [], \"extra\": {\"deep\": [{\"x\": true}]}, \"n\": \"9\"}\n");
    Schema schema = SchemaInference.defaults().infer(file);
    assertThat(type(schema, "id")).isEqualTo(Types.LongType.get());
    assertThat(schema.findField("id").isRequired()).isTrue();
    assertThat(schema.findField("user").isOptional()).isTrue();
    Types.StructType user = type(schema, "user").asStructType();
    assertThat(user.fields())
        .extracting(Types.NestedField::name)
        .containsExactly("name", "age", "score");
    assertThat(user.field("name").isRequired()).isTrue();
    assertThat(user.field("age").isOptional()).isTrue();
    assertThat(user.field("score").type()).isEqualTo(Types.DoubleType.get());
    assertThat(type(schema, "tags").asListType().elementType()).isEqualTo(Types.DoubleType.get());
    assertThat(type(schema, "seen")).isEqualTo(Types.TimestampType.withZone());
    assertThat(type(schema, "n"))
        .as("a JSON string stays a string")
        .isEqualTo(Types.StringType.get());
    Type deep = type(schema, "extra").asStructType().field("deep").type();
    assertThat(deep.asListType().elementType().asStructType().field("x").type())
        .isEqualTo(Types.BooleanType.get());
    // field ids are unique
    assertThat(schema.idToName()).hasSize(schema.columns().size() + 7);
  }

  @Test
  void observerSeesRecordsOneAtATime() {
    SchemaInference.Observer observer = SchemaInference.observer();
    observer.observeJson("{\"a\": 1}");
    assertThat(observer.schema().findField("a").type()).isEqualTo(Types.IntegerType.get());
    observer.observe(Map.of("a", 2.5, "b", List.of("x")));
    Schema schema = observer.schema();
    assertThat(type(schema, "a")).isEqualTo(Types.DoubleType.get());
    assertThat(schema.findField("b").isOptional()).isTrue();
    assertThat(type(schema, "b")).isEqualTo(Types.ListType.ofRequired(3, Types.StringType.get()));
    assertThatThrownBy(() -> observer.observeJson("[1]"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Not a JSON object: [1]");
  }

  @Test
  void inferredSchemaImportsItsOwnFile() throws Exception {
    Path file = dir.resolve("in.jsonl");
    Files.writeString(
        file,
        "{\"id\": 1, \"user\": {\"name\": \"a\"}, \"tags\": [\"x\"], \"at\": \"2026-01-01\"}\n"
            + "{\"id\": 2, \"tags\": []}\n");
    try (io.floe.Floe floe = io.floe.Floe.local(dir.resolve("wh"))) {
      floe.createNamespace("db");
      ImportResult result = FileImport.into(floe, "db.t").from(file).createIfMissing().run();
      assertThat(result.tableCreated()).isTrue();
      assertThat(result.rowsWritten()).isEqualTo(2);
      assertThat(floe.loadTable("db.t").schema().findField("at").type())
          .isEqualTo(Types.DateType.get());
    }
  }
}
