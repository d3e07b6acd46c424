package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import io.floe.FloeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe schema diff|apply} on a local warehouse, and {@code table create} from data. */
class SchemaCommandsTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    Fixture.create(dir);
    cli = new Cli(dir);
  }

  /** The fixture's schema as an Iceberg JSON schema, with category renamed and a column added. */
  private Path icebergSchema(String categoryName, String amountType) throws IOException {
    return write(
        "v2.json",
        """
        {"type":"struct","schema-id":0,"fields":[
          {"id":1,"name":"id","required":true,"type":"long"},
          {"id":2,"name":"ts","required":false,"type":"timestamptz"},
          {"id":3,"name":"%s","required":false,"type":"string"},
          {"id":4,"name":"amount","required":false,"type":"%s"},
          {"id":5,"name":"note","required":false,"type":"string","doc":"free text"}]}
        """
            .formatted(categoryName, amountType));
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private List<String> changes(Cli.Result json) {
    List<String> out = new ArrayList<>();
    for (JsonNode row : Fixture.json(json.out())) {
      out.add(row.get("change").asText() + " " + row.get("column").asText());
    }
    return out;
  }

  @Test
  void diffMatchesAnIcebergSchemaByIdAndChangesNothing() throws IOException {
    Path file = icebergSchema("kind", "double");
    Cli.Result diff = cli.run("schema", "diff", "shop.orders", file.toString(), "-o", "json");
    assertThat(diff.code()).isZero();
    assertThat(changes(diff)).containsExactly("RENAME_COLUMN category", "ADD_COLUMN note");

    Cli.Result text = cli.run("schema", "diff", "shop.orders", file.toString());
    assertThat(text.out())
        .isEqualTo(
            "change         column    detail\n"
                + "RENAME_COLUMN  category  rename to kind\n"
                + "ADD_COLUMN     note      "
                + Fixture.json(diff.out()).get(1).get("detail").asText()
                + "\n");
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.orders").schema().findField("category")).isNotNull();
      assertThat(floe.loadTable("shop.orders").schema().findField("note")).isNull();
    }
  }

  @Test
  void anIncompatibleChangeIsReportedAndNeverApplied() throws IOException {
    Path file = icebergSchema("category", "string");
    Cli.Result diff = cli.run("schema", "diff", "shop.orders", file.toString(), "-o", "json");
    assertThat(diff.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(changes(diff)).contains("INCOMPATIBLE amount", "ADD_COLUMN note");
    assertThat(diff.err()).contains("1 incompatible change(s)");

    Cli.Result apply = cli.run("schema", "apply", "shop.orders", file.toString(), "--yes");
    assertThat(apply.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(apply.out()).contains("Not applied: 1 incompatible change(s); shop.orders is");
    try (Floe floe = Fixture.open(dir)) {
      FloeTable t = floe.loadTable("shop.orders");
      assertThat(t.schema().findField("note")).isNull();
      assertThat(t.schema().findType("amount")).isEqualTo(Types.DoubleType.get());
    }
  }

  @Test
  void applyNeedsConfirmationThenCommitsOnceAndReadsBack() throws IOException {
    Path file = icebergSchema("kind", "double");
    Cli.Result unconfirmed = cli.run("schema", "apply", "shop.orders", file.toString());
    assertThat(unconfirmed.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unconfirmed.err()).contains("confirm with --yes");
    long snapshot;
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.orders").schema().findField("kind")).isNull();
      snapshot = floe.loadTable("shop.orders").currentSnapshot().orElseThrow().snapshotId();
    }

    Cli.Result apply = cli.run("schema", "apply", "shop.orders", file.toString(), "-y");
    assertThat(apply.code()).isZero();
    assertThat(apply.out()).endsWith("Applied 2 change(s) to shop.orders: schema 0 -> 1\n");
    try (Floe floe = Fixture.open(dir)) {
      FloeTable t = floe.loadTable("shop.orders");
      assertThat(t.schema().findField("kind").fieldId()).isEqualTo(3);
      assertThat(t.schema().findField("note").doc()).isEqualTo("free text");
      // a schema change adds no snapshot and keeps every row
      assertThat(t.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(snapshot);
      assertThat(t.newScan().count()).isEqualTo(4);
    }
    Cli.Result again = cli.run("schema", "diff", "shop.orders", file.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("already has the file's columns");
  }

  @Test
  void anAvroSchemaWithoutIdsIsMatchedByNameAndMissingColumnsAreKept() throws IOException {
    Path file =
        write(
            "orders.avsc",
            """
            {"type":"record","name":"order","fields":[
              {"name":"id","type":"long"},
              {"name":"category","type":["null","string"],"default":null},
              {"name":"qty","type":["null","int"],"default":null}]}
            """);
    Cli.Result diff = cli.run("schema", "diff", "shop.orders", file.toString(), "-o", "json");
    assertThat(diff.code()).isZero();
    assertThat(changes(diff)).containsExactly("ADD_COLUMN qty", "KEEP amount", "KEEP ts");
  }

  @Test
  void aDataFileIsInferredAndMatchedByName() throws IOException {
    Path file = write("more.csv", "id,category,amount,discount\n5,books,2.5,0.1\n6,toys,1.0,0\n");
    Cli.Result diff = cli.run("schema", "diff", "shop.orders", file.toString(), "-o", "json");
    assertThat(diff.code()).as(diff.out() + diff.err()).isZero();
    // int-looking ids fit the long column, and no null seen does not make a column required
    assertThat(changes(diff)).containsExactly("ADD_COLUMN discount", "KEEP ts");

    Cli.Result created =
        cli.run("table", "create", "shop.more", "--schema", file.toString(), "-o", "json");
    assertThat(created.code()).isZero();
    try (Floe floe = Fixture.open(dir)) {
      FloeTable t = floe.loadTable("shop.more");
      assertThat(t.schema().columns())
          .extracting(Types.NestedField::name)
          .containsExactly("id", "category", "amount", "discount");
    }
  }

  @Test
  void missingTableOrFileIsAClearError() throws IOException {
    Path file = icebergSchema("kind", "double");
    Cli.Result noTable = cli.run("schema", "diff", "shop.nope", file.toString());
    assertThat(noTable.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noTable.err()).contains("shop.nope");
    Cli.Result noFile = cli.run("schema", "diff", "shop.orders", "missing.avsc");
    assertThat(noFile.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noFile.err()).contains("missing.avsc").contains("does not exist");
    Cli.Result plain = cli.run("schema");
    assertThat(plain.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(plain.err()).contains("floe schema diff|apply TABLE FILE");
  }
}
