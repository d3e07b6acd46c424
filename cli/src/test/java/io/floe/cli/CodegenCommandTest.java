package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Variant;
import io.floe.codegen.Compiled;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe codegen} and {@code floe import --on-conflict} on a local warehouse. */
class CodegenCommandTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    Fixture.create(dir);
    cli = new Cli(dir);
  }

  @Test
  void codegenWritesACompilingRecordAndReportsChangesOnRegeneration() throws Exception {
    Path out = dir.resolve("src");
    Cli.Result first =
        cli.run("codegen", "shop.orders", "--package", "com.acme", "--out", out.toString());
    assertThat(first.code()).as(first.err()).isZero();
    Path file = out.resolve("com/acme/Orders.java");
    assertThat(first.out()).contains("wrote " + file);
    String source = Files.readString(file);
    assertThat(source)
        .contains("public record Orders(")
        .contains("@io.floe.FieldId(1) long id")
        .contains("java.time.OffsetDateTime ts");
    try (URLClassLoader loader = Compiled.compile(out, dir.resolve("classes"))) {
      assertThat(loader.loadClass("com.acme.Orders").getRecordComponents()).hasSize(4);
    }

    Cli.Result again =
        cli.run("codegen", "shop.orders", "--package", "com.acme", "--out", out.toString());
    assertThat(again.out()).contains("no change since it was generated");

    try (Floe floe = Fixture.open(dir)) {
      FloeTable t = floe.loadTable("shop.orders");
      t.updateSchema().renameColumn("category", "kind").commit();
      t.updateSchema().addColumn("note", Types.StringType.get()).commit();
    }
    Cli.Result compatible =
        cli.run(
            "codegen",
            "shop.orders",
            "--package",
            "com.acme",
            "--out",
            out.toString(),
            "--check",
            "-o",
            "json");
    assertThat(compatible.code()).as(compatible.err()).isZero();
    JsonNode changes = Fixture.json(compatible.out());
    assertThat(changes).hasSize(2);
    assertThat(changes.get(0).get("change").asText()).isEqualTo("renamed");
    assertThat(changes.get(0).get("before").asText()).isEqualTo("category string optional");
    assertThat(changes.get(0).get("after").asText()).isEqualTo("kind string optional");
    assertThat(changes.get(0).get("compatible").asBoolean()).isTrue();
    assertThat(changes.get(1).get("change").asText()).isEqualTo("added_optional");
    assertThat(compatible.err()).contains("code using the earlier record keeps working");
    assertThat(Files.readString(file)).isEqualTo(source); // --check writes nothing

    try (Floe floe = Fixture.open(dir)) {
      floe.loadTable("shop.orders").updateSchema().deleteColumn("amount").commit();
    }
    Cli.Result incompatible =
        cli.run(
            "codegen", "shop.orders", "--package", "com.acme", "--out", out.toString(), "--check");
    assertThat(incompatible.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(incompatible.out())
        .contains("removed")
        .contains("amount double optional")
        .contains("code using the earlier record needs the new one");

    Cli.Result regenerated =
        cli.run("codegen", "shop.orders", "--package", "com.acme", "--out", out.toString());
    assertThat(regenerated.code()).as(regenerated.err()).isZero();
    assertThat(Files.readString(file))
        .contains("java.lang.String kind")
        .contains("java.lang.String note")
        .doesNotContain("amount");
  }

  @Test
  void codegenFromAnAvroSchemaFile() throws Exception {
    Path avsc = dir.resolve("page_view.avsc");
    Files.writeString(
        avsc,
        "{\"type\": \"record\", \"name\": \"PageView\", \"fields\": ["
            + "{\"name\": \"url\", \"type\": \"string\"},"
            + "{\"name\": \"ms\", \"type\": [\"null\", \"long\"], \"default\": null},"
            + "{\"name\": \"tags\", \"type\": {\"type\": \"array\", \"items\": \"string\"}}]}");
    Path out = dir.resolve("avro-src");
    Cli.Result r =
        cli.run(
            "codegen", "--schema", avsc.toString(), "--package", "a.b", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("a/b/PageView.java")))
        .contains("java.lang.String url")
        .contains("java.lang.Long ms")
        .contains("java.util.List<java.lang.String> tags");
    try (URLClassLoader loader = Compiled.compile(out, dir.resolve("avro-classes"))) {
      assertThat(loader.loadClass("a.b.PageView").isRecord()).isTrue();
    }
    Cli.Result both =
        cli.run(
            "codegen", "shop.orders", "--schema", avsc.toString(), "--package", "a", "--out", "x");
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("Give either a TABLE or --schema FILE");
  }

  @Test
  void codegenRefusesABadPackage() {
    Cli.Result bad =
        cli.run("codegen", "shop.orders", "--package", "com.1acme", "--out", dir.toString());
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("'com.1acme' is not a Java package name");
  }

  @Test
  void importOnConflictVariantCreatesVariantColumns() throws Exception {
    Path input = dir.resolve("api.jsonl");
    Files.write(
        input,
        List.of(
            "{\"id\": 1, \"body\": {\"ok\": true}}",
            "{\"id\": 2, \"body\": [1, 2]}",
            "{\"id\": 3, \"body\": \"plain\"}"));
    Cli.Result failed =
        cli.run("import", "shop.api", input.toString(), "--create", "--on-conflict", "fail");
    assertThat(failed.code()).isNotZero();
    assertThat(failed.err())
        .contains("field 'body' is an object (struct) in one record and an array (list)");
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.findTable("shop.api")).isEmpty();
    }

    Cli.Result imported =
        cli.run("import", "shop.api", input.toString(), "--create", "--on-conflict", "variant");
    assertThat(imported.code()).as(imported.err()).isZero();
    try (Floe floe = Fixture.open(dir)) {
      FloeTable api = floe.loadTable("shop.api");
      assertThat(api.schema().findField("body").type()).isEqualTo(Types.VariantType.get());
      List<String> bodies = new ArrayList<>();
      try (RowStream rows = api.newScan().rows()) {
        for (Row row : rows) {
          bodies.add(((Variant) row.get("body")).toJson());
        }
      }
      assertThat(bodies).containsExactlyInAnyOrder("{\"ok\":true}", "[1,2]", "\"plain\"");
    }

    Cli.Result usage =
        cli.run("import", "shop.api2", input.toString(), "--create", "--on-conflict", "maybe");
    assertThat(usage.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(usage.err()).contains("--on-conflict maybe is not one of string, variant, fail");
  }
}
