package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe sql "DELETE FROM ..."} deletes through Floe in one commit. */
class SqlDeleteCommandTest {
  @TempDir Path dir;

  @Test
  void deleteReportsTheRowsDeleted() {
    Fixture.create(dir);
    Cli cli = new Cli(dir);
    Cli.Result deleted = cli.run("sql", "DELETE FROM shop.orders WHERE category = 'games'");
    assertThat(deleted).isEqualTo(new Cli.Result(0, "2 rows deleted\n", ""));
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.orders").newScan().count()).isEqualTo(2);
      assertThat(floe.loadTable("shop.orders").snapshots()).hasSize(3);
    }
  }
}
