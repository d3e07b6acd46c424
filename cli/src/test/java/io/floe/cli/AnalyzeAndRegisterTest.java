package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.WriteMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe analyze} and {@code floe register} on a local warehouse. */
class AnalyzeAndRegisterTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    Fixture.create(dir);
    cli = new Cli(dir);
  }

  /** The analysis as check -> row. */
  private Map<String, JsonNode> analyze(String... args) {
    List<String> all = new ArrayList<>(List.of("analyze"));
    all.addAll(List.of(args));
    all.addAll(List.of("-o", "json"));
    Cli.Result r = cli.run(all.toArray(new String[0]));
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, JsonNode> checks = new LinkedHashMap<>();
    Fixture.json(r.out()).forEach(row -> checks.put(row.get("check").asText(), row));
    return checks;
  }

  @Test
  void smallFilesDeletesAndAHealthyLayout() {
    Map<String, JsonNode> checks = analyze("shop.orders", "--column", "id");
    assertThat(checks.keySet())
        .containsExactly(
            "small_files", "deletes", "partition_skew", "sort_overlap", "manifests", "snapshots");
    // two appends of one row per category: two small files in each of two partitions
    JsonNode small = checks.get("small_files");
    assertThat(small.get("status").asText()).isEqualTo("warn");
    assertThat(small.get("finding").asText()).startsWith("4 of 4 data files are under 384.0 MiB");
    assertThat(small.get("action").asText())
        .isEqualTo("floe compact shop.orders --min-input-files 2");
    assertThat(small.get("estimate").asText()).startsWith("4 files -> 2 files");
    assertThat(checks.get("deletes").get("status").asText()).isEqualTo("ok");
    assertThat(checks.get("partition_skew").get("finding").asText())
        .isEqualTo("2 partitions; the largest holds 2 rows, 1.0x the median (2)");
    // ids 1 and 3 in books, 2 and 4 in games: no two files of a partition overlap
    assertThat(checks.get("sort_overlap").get("finding").asText())
        .isEqualTo("a point lookup on id opens 1.00 files on average");
    assertThat(checks.get("snapshots").get("finding").asText())
        .isEqualTo("2 snapshot(s) in the metadata");

    try (Floe floe = Fixture.open(dir)) {
      FloeTable t = floe.loadTable("shop.orders");
      var append = t.newAppend();
      for (long id = 5; id <= 8; id++) {
        append.row(Map.of("id", id, "category", "books", "amount", 1.0));
      }
      append.commit();
      t.newDelete().where(Expressions.equal("id", 5L)).mode(WriteMode.MERGE_ON_READ).commit();
    }
    JsonNode deletes = analyze("shop.orders").get("deletes");
    assertThat(deletes.get("status").asText()).isEqualTo("warn");
    assertThat(deletes.get("finding").asText())
        .isEqualTo(
            "1 delete file(s) (1 position, 0 equality, "
                + AnalyzeCommand.bytes(healthDeleteBytes())
                + ") for 5 data files; 1 delete entries = 12.5% of rows");
    assertThat(deletes.get("action").asText())
        .isEqualTo("floe compact shop.orders --apply-deletes");

    // the recommended command does what the estimate says
    assertThat(cli.run("compact", "shop.orders", "--apply-deletes").code()).isZero();
    Map<String, JsonNode> after = analyze("shop.orders");
    assertThat(after.get("deletes").get("status").asText()).isEqualTo("ok");
    assertThat(after.get("small_files").get("status").asText()).isEqualTo("warn");
    assertThat(cli.run("compact", "shop.orders", "--min-input-files", "2").code()).isZero();
    after = analyze("shop.orders");
    assertThat(after.get("small_files").get("status").asText()).isEqualTo("ok");
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.orders").newScan().count()).isEqualTo(7);
    }
  }

  private long healthDeleteBytes() {
    try (Floe floe = Fixture.open(dir)) {
      return floe.loadTable("shop.orders").health().deleteBytes();
    }
  }

  @Test
  void overlappingFilesAreFoundAndSortedCompactionFixesThem() {
    try (Floe floe = Fixture.open(dir)) {
      FloeTable t =
          floe.createTable("shop.events")
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .create();
      List<Long> ids = new ArrayList<>();
      for (long i = 0; i < 300; i++) {
        ids.add(i);
      }
      Collections.shuffle(ids, new Random(7));
      for (int f = 0; f < 3; f++) {
        var append = t.newAppend();
        for (long id : ids.subList(f * 100, f * 100 + 100)) {
          append.row(Map.of("id", id, "kind", id < 290 ? "a" : "b"));
        }
        append.commit();
      }
    }
    JsonNode overlap = analyze("shop.events", "--column", "id").get("sort_overlap");
    assertThat(overlap.get("status").asText()).isEqualTo("warn");
    assertThat(overlap.get("finding").asText())
        .isEqualTo("a point lookup on id opens 3.00 files on average");
    assertThat(overlap.get("action").asText())
        .isEqualTo("set a sort order on id, then floe compact shop.events --sort --all");
    // no sort order and no --column: nothing to measure
    assertThat(analyze("shop.events").get("sort_overlap").get("finding").asText())
        .startsWith("no sort order");

    try (Floe floe = Fixture.open(dir)) {
      floe.loadTable("shop.events").replaceSortOrder().asc("id").commit();
    }
    assertThat(analyze("shop.events").get("sort_overlap").get("action").asText())
        .isEqualTo("floe compact shop.events --sort --all");
    assertThat(
            cli.run("compact", "shop.events", "--sort", "--all", "--target-file-size", "1500")
                .code())
        .isZero();
    JsonNode fixed = analyze("shop.events").get("sort_overlap");
    assertThat(fixed.get("status").asText()).as(fixed.toString()).isEqualTo("ok");
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.events").newScan().count()).isEqualTo(300);
    }
  }

  @Test
  void skewedPartitionsAreReported() {
    try (Floe floe = Fixture.open(dir)) {
      FloeTable t =
          floe.createTable("shop.skewed")
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .partitionBy(p -> p.identity("kind"))
              .create();
      var append = t.newAppend();
      for (long i = 0; i < 120; i++) {
        append.row(Map.of("id", i, "kind", i < 100 ? "big" : i < 110 ? "mid" : "x" + i));
      }
      append.commit();
    }
    JsonNode skew = analyze("shop.skewed").get("partition_skew");
    assertThat(skew.get("status").asText()).isEqualTo("warn");
    assertThat(skew.get("finding").asText())
        .isEqualTo("12 partitions; the largest holds 100 rows, 100.0x the median (1)");
  }

  @Test
  void registerATableFromItsFolderAfterItsCatalogEntryWasDropped() {
    String location;
    try (Floe floe = Fixture.open(dir)) {
      location = floe.loadTable("shop.orders").location();
    }
    // the entry exists: a second name for the same files is refused
    Cli.Result twice = cli.run("register", "shop.again", location);
    assertThat(twice.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(twice.err()).contains("shop.again").contains("overlap");

    assertThat(cli.run("table", "drop", "shop.orders").code()).isZero();
    Cli.Result registered = cli.run("table", "register", "shop.restored", location);
    assertThat(registered.code()).as(registered.err()).isZero();
    assertThat(registered.out()).startsWith("Registered table shop.restored at " + location);
    assertThat(registered.out()).contains("00002-").contains("(snapshot ");
    try (Floe floe = Fixture.open(dir)) {
      assertThat(floe.loadTable("shop.restored").newScan().count()).isEqualTo(4);
    }
    Cli.Result missing = cli.run("register", "shop.none", dir.resolve("nothing").toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(missing.err()).contains("nothing");
  }
}
