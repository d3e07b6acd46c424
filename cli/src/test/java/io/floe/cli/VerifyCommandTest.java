package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.RowStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe verify} on a local warehouse, intact and with a data file deleted. */
class VerifyCommandTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    Fixture.create(dir);
    cli = new Cli(dir);
  }

  @Test
  void intactThenAMissingFileExitsOneWithTheProblemAndRepairs() throws Exception {
    Cli.Result ok = cli.run("verify", "shop.orders");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).startsWith("Intact: shop.orders: 1 snapshot(s), ").contains("4 file(s)");
    Cli.Result all = cli.run("verify", "shop.orders", "--all-snapshots", "--deep");
    assertThat(all.code()).as(all.out() + all.err()).isZero();

    String file;
    try (Floe floe = Fixture.open(dir);
        RowStream rows =
            floe.loadTable("shop.orders")
                .metadataTable(MetadataTableType.DATA_FILES)
                .select("file_path")
                .rows()) {
      Row first = rows.iterator().next();
      file = first.get("file_path", String.class);
    }
    Files.delete(file.startsWith("file:") ? Path.of(URI.create(file)) : Path.of(file));

    Cli.Result bad = cli.run("verify", "shop.orders", "--metadata-only", "-o", "json");
    assertThat(bad.code()).isEqualTo(ExitCodes.FAILURE);
    JsonNode problems = Fixture.json(bad.out());
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).get("problem").asText()).isEqualTo("MISSING_FILE");
    assertThat(problems.get(0).get("content").asText()).isEqualTo("data");
    assertThat(problems.get(0).get("file").asText()).isEqualTo(file);
    assertThat(problems.get(0).get("rows").asLong()).isEqualTo(1);
    assertThat(bad.err())
        .contains("1 problem(s) in shop.orders")
        .contains("repair: Restore the files listed")
        .contains("repair: Drop the references to the 1 damaged data file(s)");
    Cli.Result both = cli.run("verify", "shop.orders", "--deep", "--metadata-only");
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);

    // repair: a dry run first, then the commit; the table verifies intact and keeps 3 rows
    Cli.Result dry = cli.run("repair", "shop.orders");
    assertThat(dry.code()).isZero();
    assertThat(dry.out())
        .contains(file + "  MISSING_FILE: gone")
        .contains("dry run: 1 data file(s) holding 1 row(s) would be dropped from shop.orders");
    assertThat(cli.run("verify", "shop.orders").code()).isEqualTo(ExitCodes.FAILURE);
    Cli.Result done = cli.run("repair", "shop.orders", "--commit");
    assertThat(done.code()).isZero();
    assertThat(done.out()).contains("Dropped 1 data file(s) holding 1 row(s) from shop.orders");
    assertThat(cli.run("verify", "shop.orders").code()).isZero();
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.orders").newScan().count()).isEqualTo(3);
    }
    assertThat(cli.run("repair", "shop.orders").out()).contains("nothing to repair");
  }
}
