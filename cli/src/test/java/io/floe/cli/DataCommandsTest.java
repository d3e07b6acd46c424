package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe import} and {@code floe export} (module floe-files) on a local warehouse. */
class DataCommandsTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    Fixture.create(dir);
    cli = new Cli(dir);
  }

  @Test
  void exportWithFilterAndColumnsThenImportIntoANewTable() throws Exception {
    Path csv = dir.resolve("out/books.csv");
    Cli.Result export =
        cli.run(
            "export",
            "shop.orders",
            csv.toString(),
            "--where",
            "category = 'books'",
            "--select",
            "id,category,amount",
            "-o",
            "json");
    assertThat(export.code()).as(export.err()).isZero();
    JsonNode result = Fixture.json(export.out());
    assertThat(result.get(0).get("format").asText()).isEqualTo("CSV");
    assertThat(result.get(0).get("rows").asLong()).isEqualTo(2);
    assertThat(result.get(0).get("bytes").asLong()).isEqualTo(Files.size(csv));
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("id,category,amount");
    assertThat(lines.subList(1, lines.size()))
        .containsExactlyInAnyOrder("1,books,10.5", "3,books,7.25");

    Cli.Result imported = cli.run("import", "shop.books", csv.toString(), "--create", "-o", "json");
    assertThat(imported.code()).as(imported.err()).isZero();
    JsonNode summary = Fixture.json(imported.out()).get(0);
    assertThat(summary.get("table").asText()).isEqualTo("shop.books");
    assertThat(summary.get("rows_written").asLong()).isEqualTo(2);
    assertThat(summary.get("rows_rejected").asLong()).isZero();
    assertThat(summary.get("created").asBoolean()).isTrue();
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.books").newScan().count()).isEqualTo(2);
      assertThat(floe.loadTable("shop.books").currentSnapshot().orElseThrow().snapshotId())
          .isEqualTo(summary.get("snapshot_id").asLong());
    }
  }

  @Test
  void aBadRecordStopsTheImportAndCommitsNothingUnlessRejected() throws Exception {
    Path input = dir.resolve("orders.csv");
    Files.writeString(
        input,
        "id,ts,category,amount\n"
            + "10,2026-03-01T00:00:00Z,toys,1.5\n"
            + "eleven,2026-03-02T00:00:00Z,toys,2.5\n"
            + "12,2026-03-03T00:00:00Z,toys,3.5\n");
    long before;
    try (Floe floe = Fixture.open(dir)) {
      before = floe.loadTable("shop.orders").currentSnapshot().orElseThrow().snapshotId();
    }
    Cli.Result stopped = cli.run("import", "shop.orders", input.toString());
    assertThat(stopped.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(stopped.err().lines()).hasSize(1);
    assertThat(stopped.err()).startsWith("floe: ").contains("orders.csv").contains("eleven");
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.orders").currentSnapshot().orElseThrow().snapshotId())
          .isEqualTo(before);
    }

    Path rejects = dir.resolve("rejects.jsonl");
    Cli.Result kept =
        cli.run("import", "shop.orders", input.toString(), "--rejects", rejects.toString());
    assertThat(kept.code()).as(kept.err()).isZero();
    assertThat(kept.out().lines().skip(1).findFirst().orElseThrow())
        .startsWith("shop.orders  2             1");
    assertThat(kept.err()).contains("1 rejected records are in " + rejects);
    List<String> rejected = Files.readAllLines(rejects);
    assertThat(rejected).hasSize(1);
    JsonNode reject = Fixture.json(rejected.get(0));
    assertThat(reject.get("line").asLong()).isEqualTo(3);
    assertThat(reject.get("value").asText()).isEqualTo("eleven");
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.orders").newScan().count()).isEqualTo(6);
    }
  }

  @Test
  void parquetRoundTripAndUsageErrors() {
    Path parquet = dir.resolve("orders.parquet");
    assertThat(cli.run("export", "shop.orders", parquet.toString()).code()).isZero();
    Cli.Result imported = cli.run("import", "shop.copy", parquet.toString(), "--create");
    assertThat(imported.code()).as(imported.err()).isZero();
    Cli.Result a = cli.run("scan", "shop.orders", "-o", "csv");
    Cli.Result b = cli.run("scan", "shop.copy", "-o", "csv");
    assertThat(b.out().lines().sorted().toList()).isEqualTo(a.out().lines().sorted().toList());

    Cli.Result badFormat =
        cli.run("export", "shop.orders", dir.resolve("x.out").toString(), "--format", "xml");
    assertThat(badFormat.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badFormat.err()).contains("--format xml");
    Cli.Result missing = cli.run("import", "shop.nope", parquet.toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err()).contains("shop.nope");
  }
}
