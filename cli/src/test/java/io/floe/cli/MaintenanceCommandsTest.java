package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.WriteMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe compact}, {@code expire}, {@code orphans} and {@code rewrite-manifests}. */
class MaintenanceCommandsTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    Fixture.create(dir);
    cli = new Cli(dir);
  }

  @Test
  void compactThenExpire() {
    JsonNode compacted = json("compact", "shop.orders", "--all");
    assertThat(compacted.get("table").asText()).isEqualTo("shop.orders");
    assertThat(compacted.get("rewritten_data_files").asLong()).isEqualTo(4);
    assertThat(compacted.get("added_data_files").asLong()).isEqualTo(2);
    assertThat(compacted.get("records").asLong()).isEqualTo(4);
    try (Floe floe = Fixture.open(dir)) {
      FloeTable t = floe.loadTable("shop.orders");
      assertThat(t.currentSnapshot().orElseThrow().snapshotId())
          .isEqualTo(compacted.get("snapshot_id").asLong());
      assertThat(t.newScan().count()).isEqualTo(4);
    }
    JsonNode expired = json("expire", "shop.orders", "--retain-last", "1", "--older-than", "0s");
    assertThat(expired.get("expired_snapshots").asLong()).isEqualTo(2);
    assertThat(expired.get("deleted_data_files").asLong()).isEqualTo(4);
    try (Floe floe = Fixture.open(dir)) {
      FloeTable t = floe.loadTable("shop.orders");
      assertThat(t.snapshots()).hasSize(1);
      assertThat(t.newScan().count()).isEqualTo(4);
    }
    Cli.Result table = cli.run("compact", "shop.orders");
    assertThat(table.out()).startsWith("table                 shop.orders\nsnapshot_id   ");
  }

  @Test
  void orphansAreADryRunUnlessDelete() throws Exception {
    assertThat(
            cli.run("table", "props", "shop.orders", "--set", "floe.orphan-files.min-age-ms=0")
                .code())
        .isZero();
    Path orphan;
    try (Floe floe = Fixture.open(dir)) {
      orphan = Path.of(floe.loadTable("shop.orders").location(), "data", "stray.parquet");
    }
    Files.writeString(orphan, "not referenced");
    Files.setLastModifiedTime(
        orphan, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));

    Cli.Result dry = cli.run("orphans", "shop.orders", "--older-than", "1s");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).isEqualTo("file\n" + orphan + "\n");
    assertThat(dry.err())
        .matches(
            "1 orphan files, 14 bytes, of \\d+ files listed; dry run, nothing deleted \\(pass"
                + " --delete to delete them\\)\n");
    assertThat(orphan).exists();

    Cli.Result deleted =
        cli.run("orphans", "shop.orders", "--older-than", "1s", "--delete", "-o", "json");
    assertThat(deleted.code()).isZero();
    assertThat(Fixture.json(deleted.out()).get(0).get("file").asText())
        .isEqualTo(orphan.toString());
    assertThat(deleted.err())
        .matches("1 orphan files, 14 bytes, of \\d+ files listed; 1 deleted\n");
    assertThat(orphan).doesNotExist();
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.orders").newScan().count()).isEqualTo(4);
    }
  }

  @Test
  void orphansRefuseAThresholdInsideTheSafetyMargin() {
    Cli.Result r = cli.run("orphans", "shop.orders", "--older-than", "1h");
    assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("floe: ");
  }

  @Test
  void rewriteManifests() {
    JsonNode r = json("rewrite-manifests", "shop.orders");
    assertThat(r.get("rewritten_manifests").asLong()).isEqualTo(2);
    assertThat(r.get("entries").asLong()).isEqualTo(4);
    JsonNode manifests = json("manifests", "shop.orders");
    assertThat(manifests.size()).isEqualTo(r.get("added_manifests").asInt());
  }

  @Test
  void rewriteDeletesMergesPositionDeletes() {
    try (Floe floe = Fixture.open(dir)) {
      FloeTable t = floe.loadTable("shop.orders");
      // one data file of three rows, then two merge-on-read deletes (Floe keeps one
      // position-delete file per data file: the second delete replaces the first's file)
      t.newAppend()
          .row(Map.of("id", 10L, "category", "toys"))
          .row(Map.of("id", 11L, "category", "toys"))
          .row(Map.of("id", 12L, "category", "toys"))
          .commit();
      t.newDelete().where("id = 10").mode(WriteMode.MERGE_ON_READ).commit();
      t.newDelete().where("id = 11").mode(WriteMode.MERGE_ON_READ).commit();
    }
    JsonNode before = json("health", "shop.orders");
    assertThat(before.get("position_delete_files").asLong()).isEqualTo(1);
    JsonNode r = json("rewrite-deletes", "shop.orders", "--all");
    assertThat(r.get("table").asText()).isEqualTo("shop.orders");
    assertThat(r.get("rewritten_delete_files").asLong())
        .isEqualTo(before.get("position_delete_files").asLong());
    assertThat(r.get("added_delete_files").asLong()).isEqualTo(1);
    assertThat(r.get("rewritten_deletes").asLong()).isEqualTo(2);
    assertThat(r.get("added_deletes").asLong()).isEqualTo(2);
    JsonNode after = json("health", "shop.orders");
    assertThat(after.get("position_delete_files").asLong())
        .isEqualTo(r.get("added_delete_files").asLong());
    assertThat(
            cli.run("scan", "shop.orders", "--where", "category = 'toys'", "--select", "id").out())
        .isEqualTo("id\n12\n");
  }

  JsonNode json(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = "--output=json";
    Cli.Result r = cli.run(all);
    assertThat(r.code()).as(r.err()).isZero();
    return Fixture.json(r.out());
  }
}
