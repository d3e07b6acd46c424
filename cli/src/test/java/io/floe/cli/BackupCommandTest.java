package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe backup}, {@code floe restore}, {@code floe replicate} and {@code floe clone} on a
 * local warehouse.
 */
class BackupCommandTest {
  @TempDir Path dir;
  @TempDir Path backups;
  Cli cli;

  @BeforeEach
  void setUp() {
    Fixture.create(dir);
    cli = new Cli(dir);
  }

  @Test
  void helpAndAMissingBackup() {
    Cli.Result help = cli.run("--help");
    for (String command : java.util.List.of("backup", "restore", "replicate", "clone")) {
      assertThat(help.out()).containsPattern("\n  " + command + "[ ,]");
      Cli.Result sub = cli.run(command, "--help");
      assertThat(sub.code()).as(command).isZero();
      assertThat(sub.out()).as(command).startsWith("Usage: floe " + command).contains("Examples:");
    }
    Cli.Result none = cli.run("restore", "shop.copy", backups.resolve("none").toString());
    assertThat(none.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(none.err()).contains("no complete backup");
  }

  @Test
  void backupDropRestoreThenATamperedBackupIsRefused() throws Exception {
    String target = backups.resolve("orders").toString();
    long rows;
    try (Floe floe = Fixture.open(dir)) {
      rows = floe.loadTable("shop.orders").newScan().count();
    }
    Cli.Result first = cli.run("backup", "shop.orders", target, "-o", "json");
    assertThat(first.code()).as(first.err()).isZero();
    var json = Fixture.json(first.out());
    assertThat((json.isArray() ? json.get(0) : json).get("skipped_files").asLong()).isZero();
    assertThat(first.err()).contains("Backed up shop.orders (2 snapshot(s)) to " + target);
    Cli.Result again = cli.run("backup", "shop.orders", target);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains(": 0 file(s) copied, ");

    try (Floe floe = Fixture.open(dir)) {
      floe.dropTable("shop.orders");
    }
    Cli.Result restored = cli.run("restore", "shop.orders", target);
    assertThat(restored.code()).as(restored.err()).isZero();
    assertThat(restored.out())
        .contains("Restored table shop.orders at ")
        .contains(" from " + target);
    Path own = dir.resolve("copies").resolve("orders");
    Cli.Result copy =
        cli.run("restore", "shop.copy2", target, "--location", own.toString(), "-o", "json");
    assertThat(copy.code()).as(copy.err()).isZero();
    long firstSnapshot;
    try (Floe floe = Fixture.open(dir)) {
      firstSnapshot = floe.loadTable("shop.orders").snapshots().iterator().next().snapshotId();
    }
    Cli.Result old =
        cli.run("restore", "shop.old", target, "--snapshot", Long.toString(firstSnapshot));
    assertThat(old.code()).as(old.err()).isZero();
    assertThat(old.out()).contains("snapshot " + firstSnapshot);
    assertThat(cli.run("restore", "shop.x", target, "--snapshot", "1", "--as-of", "1d").code())
        .isEqualTo(2);
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.old").currentSnapshot().orElseThrow().snapshotId())
          .isEqualTo(firstSnapshot);
      assertThat(floe.loadTable("shop.orders").newScan().count()).isEqualTo(rows);
      FloeTable copied = floe.loadTable("shop.copy2");
      assertThat(copied.newScan().count()).isEqualTo(rows);
      assertThat(Path.of(copied.location().replaceFirst("^file:", ""))).isEqualTo(own);
    }

    Path data;
    try (Stream<Path> files = Files.walk(backups)) {
      data = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.write(data, new byte[] {1, 2, 3});
    Cli.Result bad = cli.run("restore", "shop.copy", target);
    assertThat(bad.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(bad.err())
        .contains(data.getFileName().toString())
        .contains("nothing was registered");
  }

  @Test
  void replicateCreatesThenUpdatesAReplica() throws Exception {
    Cli.Result created = cli.run("replicate", "shop.orders", "shop.orders_dr", "-o", "json");
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.err()).contains("Created replica shop.orders_dr of shop.orders");
    long rows;
    try (Floe floe = Fixture.open(dir)) {
      FloeTable orders = floe.loadTable("shop.orders");
      rows = orders.newScan().count();
      assertThat(floe.loadTable("shop.orders_dr").newScan().count()).isEqualTo(rows);
      orders
          .newAppend()
          .row(
              java.util.Map.of(
                  "id", 5L, "ts", java.time.Instant.now(), "category", "books", "amount", 2.0))
          .commit();
    }
    Cli.Result updated = cli.run("replicate", "shop.orders", "shop.orders_dr");
    assertThat(updated.code()).as(updated.err()).isZero();
    assertThat(updated.out()).contains("Updated replica shop.orders_dr");
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.orders_dr").newScan().count()).isEqualTo(rows + 1);
    }
    try (Floe floe = Fixture.open(dir)) {
      floe.createTable("shop.customers")
          .column("id", org.apache.iceberg.types.Types.LongType.get())
          .create();
    }
    Cli.Result refused = cli.run("replicate", "shop.orders", "shop.customers");
    assertThat(refused.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(refused.err()).contains("not a replica");
  }

  @Test
  void cloneReferencesTheFilesAndTheSourceKeepsThem() throws Exception {
    Cli.Result cloned = cli.run("clone", "shop.orders", "shop.orders_clone", "-o", "json");
    assertThat(cloned.code()).as(cloned.err()).isZero();
    assertThat(cloned.err()).contains("Cloned shop.orders as shop.orders_clone");
    var json = Fixture.json(cloned.out());
    String uuid = (json.isArray() ? json.get(0) : json).get("clone_uuid").asText();
    long rows;
    try (Floe floe = Fixture.open(dir)) {
      FloeTable orders = floe.loadTable("shop.orders");
      FloeTable clone = floe.loadTable("shop.orders_clone");
      assertThat(orders.properties()).containsKey("floe.clones." + uuid);
      rows = orders.newScan().count();
      assertThat(rows).isPositive();
      assertThat(clone.newScan().count()).isEqualTo(rows);
      // the source drops its rows and expires: the clone still reads them
      orders.newDelete().where(org.apache.iceberg.expressions.Expressions.alwaysTrue()).commit();
    }
    Cli.Result expired =
        cli.run("expire", "shop.orders", "--older-than", "0s", "--retain-last", "1");
    assertThat(expired.code()).as(expired.err()).isZero();
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.orders").newScan().count()).isZero();
      assertThat(floe.loadTable("shop.orders").snapshots()).hasSize(1);
      assertThat(floe.loadTable("shop.orders_clone").newScan().count()).isEqualTo(rows);
    }
    Cli.Result again = cli.run("clone", "shop.orders", "shop.orders_clone");
    assertThat(again.code()).isEqualTo(ExitCodes.ALREADY_EXISTS);
    assertThat(again.err()).contains("shop.orders_clone");
  }
}
