package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import io.floe.FloeTable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection commands on {@link Fixture}'s table (read-only: one warehouse for the class). */
class InspectCommandsTest {
  @TempDir static Path dir;
  static Cli cli;
  static long first;
  static long second;
  static String location;

  @BeforeAll
  static void setUp() {
    Fixture.create(dir);
    cli = new Cli(dir);
    try (Floe floe = Fixture.open(dir)) {
      FloeTable t = floe.loadTable("shop.orders");
      List<Snapshot> snapshots = t.snapshots();
      first = snapshots.get(0).snapshotId();
      second = snapshots.get(1).snapshotId();
      location = t.location();
    }
  }

  @Test
  void schema() {
    assertThat(cli.run("schema", "shop.orders"))
        .isEqualTo(
            ok(
                """
                id  name      type         required  doc
                1   id        long         true
                2   ts        timestamptz  false
                3   category  string       false
                4   amount    double       false
                """));
  }

  @Test
  void historyAndRefs() {
    Cli.Result history = cli.run("history", "shop.orders", "-o", "csv");
    assertThat(history.code()).isZero();
    List<String> lines = history.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("made_current_at,snapshot_id,parent_id,is_current_ancestor");
    assertThat(lines.get(1)).endsWith("," + first + ",,true");
    assertThat(lines.get(2)).endsWith("," + second + "," + first + ",true");
    // the snapshot_id column is as wide as the id (random ids have 18 or 19 digits, sometimes less)
    String idHeader = String.format("%-" + Long.toString(second).length() + "s", "snapshot_id");
    assertThat(cli.run("refs", "shop.orders"))
        .isEqualTo(
            ok(
                "name  type    "
                    + idHeader
                    + "  max_reference_age_in_ms  min_snapshots_to_keep"
                    + "  max_snapshot_age_in_ms\n"
                    + "main  BRANCH  "
                    + second
                    + "\n"));
  }

  @Test
  void snapshotsAsJson() {
    JsonNode rows = json("snapshots", "shop.orders");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("snapshot_id").asLong()).isEqualTo(first);
    assertThat(rows.get(0).get("parent_id").isNull()).isTrue();
    assertThat(rows.get(0).get("operation").asText()).isEqualTo("append");
    assertThat(rows.get(0).get("summary").get("added-records").asText()).isEqualTo("2");
    assertThat(rows.get(1).get("parent_id").asLong()).isEqualTo(first);
    assertThat(rows.get(1).get("summary").get("total-records").asText()).isEqualTo("4");
    Instant committed = OffsetDateTime.parse(rows.get(1).get("committed_at").asText()).toInstant();
    try (Floe floe = Fixture.open(dir)) {
      assertThat(committed.toEpochMilli())
          .isEqualTo(
              floe.loadTable("shop.orders").snapshot(second).orElseThrow().timestampMillis());
    }
  }

  @Test
  void filesManifestsPartitions() {
    JsonNode files = json("files", "shop.orders");
    assertThat(files).hasSize(4);
    List<String> categories = new ArrayList<>();
    long rows = 0;
    for (JsonNode f : files) {
      assertThat(f.get("content").asText()).isEqualTo("data");
      assertThat(f.get("file_format").asText()).isEqualTo("PARQUET");
      assertThat(f.get("file_path").asText()).startsWith(location + "/data/category=");
      assertThat(f.get("file_size_in_bytes").asLong()).isPositive();
      categories.add(f.get("partition").get("category").asText());
      rows += f.get("record_count").asLong();
    }
    assertThat(categories).containsExactlyInAnyOrder("books", "books", "games", "games");
    assertThat(rows).isEqualTo(4);

    JsonNode manifests = json("manifests", "shop.orders");
    assertThat(manifests).hasSize(2);
    long added = 0;
    for (JsonNode m : manifests) {
      assertThat(m.get("content").asText()).isEqualTo("data");
      assertThat(m.get("path").asText()).startsWith(location + "/metadata/").endsWith(".avro");
      added += m.get("added_data_files_count").asLong();
    }
    assertThat(added).isEqualTo(4);

    JsonNode partitions = json("partitions", "shop.orders");
    assertThat(partitions).hasSize(2);
    for (JsonNode p : partitions) {
      assertThat(p.get("partition").get("category").asText()).isIn("books", "games");
      assertThat(p.get("record_count").asLong()).isEqualTo(2);
      assertThat(p.get("file_count").asLong()).isEqualTo(2);
      assertThat(p.get("last_updated_snapshot_id").asLong()).isEqualTo(second);
    }
  }

  @Test
  void metadataIsTheCurrentMetadataFile() {
    Cli.Result r = cli.run("metadata", "shop.orders", "-o", "csv");
    assertThat(r.code()).isZero();
    JsonNode metadata = Fixture.json(r.out());
    assertThat(metadata.get("location").asText()).isEqualTo(location);
    assertThat(metadata.get("current-snapshot-id").asLong()).isEqualTo(second);
    assertThat(metadata.get("snapshots")).hasSize(2);
  }

  @Test
  void statsFromManifests() {
    assertThat(cli.run("stats", "shop.orders"))
        .isEqualTo(
            ok(
                """
                column    type         values  nulls  nans  min                        max
                id        long         4       0            1                          4
                ts        timestamptz  4       0            2026-01-01T00:00:00+00:00  2026-01-04T00:00:00+00:00
                category  string       4       0            books                      games
                amount    double       4       0      0     1.0                        10.5
                """));
    JsonNode stats = json("stats", "shop.orders");
    assertThat(stats.get(3).get("max").asText()).isEqualTo("10.5");
    assertThat(stats.get(0).get("nans").isNull()).isTrue();
  }

  @Test
  void health() {
    JsonNode h = Fixture.json(cli.run("health", "shop.orders", "--output", "json").out());
    assertThat(h.get("table").asText()).isEqualTo("shop.orders");
    assertThat(h.get("data_files").asLong()).isEqualTo(4);
    assertThat(h.get("records").asLong()).isEqualTo(4);
    assertThat(h.get("small_data_files").asLong()).isEqualTo(4);
    assertThat(h.get("small_file_ratio").asDouble()).isEqualTo(1.0);
    assertThat(h.get("partitions").asLong()).isEqualTo(2);
    assertThat(h.get("manifests").asLong()).isEqualTo(2);
    assertThat(h.get("snapshots").asLong()).isEqualTo(2);
    assertThat(h.get("position_delete_files").asLong()).isZero();
    Cli.Result table = cli.run("health", "shop.orders");
    assertThat(table.out())
        .startsWith("table                   shop.orders\ndata_files              4\n");
  }

  @Test
  void missingTableIsNotFound() {
    for (String command : List.of("schema", "snapshots", "files", "stats", "health", "metadata")) {
      Cli.Result r = cli.run(command, "shop.nope");
      assertThat(r.code()).as(command).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(r.err().lines()).as(command).hasSize(1);
      assertThat(r.err()).as(command).startsWith("floe: ").contains("shop.nope");
    }
  }

  static JsonNode json(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--output=json");
    Cli.Result r = cli.run(all.toArray(new String[0]));
    assertThat(r.code()).as(r.err()).isZero();
    return Fixture.json(r.out());
  }

  static Cli.Result ok(String out) {
    return new Cli.Result(0, out, "");
  }
}
