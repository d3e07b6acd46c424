package io.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.ValidationException;
import io.floe.files.FileExport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceTest {
  @TempDir Path tmp;

  static FloeTable events(Floe floe) {
    return floe.createTable("db.events")
        .column("id", Types.LongType.get())
        .column("name", Types.StringType.get())
        .create();
  }

  static void csv(Path file, int from, int to) throws Exception {
    StringBuilder text = new StringBuilder("id,name\n");
    for (int i = from; i < to; i++) {
      text.append(i).append(",n").append(i).append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static List<Long> ids(FloeTable table) {
    List<Long> ids = new ArrayList<>();
    table.refresh();
    try (RowStream rows = table.newScan().select("id").rows()) {
      for (Row row : rows) {
        ids.add((Long) row.get("id"));
      }
    }
    ids.sort(null);
    return ids;
  }

  static List<Long> range(int from, int to) {
    List<Long> ids = new ArrayList<>();
    for (long i = from; i < to; i++) {
      ids.add(i);
    }
    return ids;
  }

  @Test
  void ingestsEachFileOnceInEveryFormatAndRecordsItInTheSummary() throws Exception {
    Path landing = tmp.resolve("landing");
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = events(floe);
      // Parquet and Avro files of rows 100..199 and 200..299, written by Floe's export
      FloeTable scratch =
          floe.createTable("db.scratch")
              .column("id", Types.LongType.get())
              .column("name", Types.StringType.get())
              .create();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long i = 100; i < 200; i++) {
        rows.add(Map.of("id", i, "name", "n" + i));
      }
      scratch.newAppend().rows(rows).commit();
      Files.createDirectories(landing);
      FileExport.from(scratch).to(landing.resolve("b.parquet")).run();
      FileExport.from(scratch.newScan().where("id < 150")).to(landing.resolve("c.avro")).run();
      csv(landing.resolve("a.csv"), 0, 50);
      Files.writeString(
          landing.resolve("d.jsonl"), "{\"id\":300,\"name\":\"x\"}\n{\"id\":301,\"name\":\"y\"}\n");
      Files.writeString(landing.resolve("_incoming.csv"), "id,name\n999,hidden\n");

      try (FolderSource source =
          FolderSource.builder(floe, "db.events", landing.toString()).build()) {
        FolderSource.Cycle first = source.ingestOnce();
        assertThat(first.files()).isEqualTo(4);
        assertThat(first.rows()).isEqualTo(50 + 100 + 50 + 2);
        assertThat(first.commits()).isEqualTo(1);
        assertThat(source.ingestOnce().files()).isZero();

        Snapshot snapshot = table.refresh().currentSnapshot().orElseThrow();
        String recorded = snapshot.summary().get(source.summaryKey());
        assertThat(recorded)
            .contains("\"seq\":1")
            .contains(landing.resolve("a.csv").toAbsolutePath().toString())
            .contains("\"size\":" + Files.size(landing.resolve("b.parquet")))
            .doesNotContain("_incoming");

        csv(landing.resolve("e.csv"), 400, 410);
        FolderSource.Cycle second = source.ingestOnce();
        assertThat(second.files()).isEqualTo(1);
        assertThat(second.rows()).isEqualTo(10);
      }
      List<Long> expected = new ArrayList<>();
      expected.addAll(range(0, 50));
      expected.addAll(range(100, 150));
      expected.addAll(range(100, 200));
      expected.addAll(List.of(300L, 301L));
      expected.addAll(range(400, 410));
      expected.sort(null);
      assertThat(ids(table)).isEqualTo(expected);
    }
    // a new process: the files done come from the table
    try (Floe floe = Floe.local(tmp.resolve("wh"));
        FolderSource source = FolderSource.builder(floe, "db.events", landing.toString()).build()) {
      assertThat(source.ingestedFiles()).hasSize(5);
      assertThat(source.ingestOnce().files()).isZero();
      assertThat(ids(floe.loadTable("db.events"))).hasSize(50 + 50 + 100 + 2 + 10);
    }
  }

  @Test
  void aMalformedFileGoesToTheDeadLettersWithItsNameAndBadRowsToTheRejects() throws Exception {
    Path landing = tmp.resolve("landing");
    Path rejects = tmp.resolve("rejects");
    csv(landing.resolve("1-good.csv"), 0, 10);
    Files.writeString(landing.resolve("2-broken.parquet"), "this is not parquet at all");
    Files.writeString(landing.resolve("3-rows.csv"), "id,name\n20,a\nlots,b\n21,c\n");
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = events(floe);
      try (FolderSource source =
          FolderSource.builder(floe, "db.events", landing.toString()).rejects(rejects).build()) {
        FolderSource.Cycle cycle = source.ingestOnce();
        assertThat(cycle.files()).isEqualTo(2);
        assertThat(cycle.deadLetters()).isEqualTo(1);
        assertThat(cycle.rejectedRows()).isEqualTo(1);
        assertThat(cycle.rows()).isEqualTo(12);
      }
      List<Long> expected = new ArrayList<>(range(0, 10));
      expected.addAll(List.of(20L, 21L));
      assertThat(ids(table)).isEqualTo(expected);
      String dead = Files.readString(rejects.resolve("dead-letters.jsonl"));
      assertThat(dead).contains(landing.resolve("2-broken.parquet").toString()).contains("Parquet");
      String rejected = Files.readString(rejects.resolve("rejects-1.jsonl"));
      assertThat(rejected)
          .contains(landing.resolve("3-rows.csv").toString())
          .contains("\"line\":3")
          .contains("lots");
      // the broken file is recorded as done: a restarted source does not read it again
      try (FolderSource again =
          FolderSource.builder(floe, "db.events", landing.toString()).rejects(rejects).build()) {
        assertThat(again.ingestedFiles()).hasSize(3);
        assertThat(again.ingestOnce().deadLetters()).isZero();
      }
      assertThat(Files.readAllLines(rejects.resolve("dead-letters.jsonl"))).hasSize(1);
    }
  }

  @Test
  void withoutARejectsFolderAMalformedFileStopsTheSourceNamingItAndCommitsNothing()
      throws Exception {
    Path landing = tmp.resolve("landing");
    csv(landing.resolve("1-good.csv"), 0, 10);
    Files.writeString(landing.resolve("2-bad.csv"), "id,name\n20,a\nlots,b\n");
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = events(floe);
      try (FolderSource source =
          FolderSource.builder(floe, "db.events", landing.toString()).build()) {
        assertThatThrownBy(source::ingestOnce)
            .isInstanceOf(ValidationException.class)
            .hasMessageContaining("2-bad.csv")
            .hasMessageContaining("line 3")
            .hasMessageContaining("db.events");
      }
      assertThat(table.refresh().currentSnapshot()).isEmpty();
    }
  }

  @Test
  void aSecondProcessOfTheSameSourceIsRefusedAtCommitAndAddsNoDuplicate() throws Exception {
    Path landing = tmp.resolve("landing");
    csv(landing.resolve("a.csv"), 0, 100);
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = events(floe);
      try (FolderSource first =
              FolderSource.builder(floe, "db.events", landing.toString()).build();
          FolderSource second =
              FolderSource.builder(floe, "db.events", landing.toString()).build()) {
        assertThat(second.ingestedFiles()).isEmpty(); // reads the table's state now
        assertThat(first.ingestOnce().files()).isEqualTo(1);
        // the second one still believes a.csv is new: it writes it, and its commit is refused
        FolderSource.Cycle refused = second.ingestOnce();
        assertThat(refused.commits()).isZero();
        assertThat(second.ingestedFiles()).hasSize(1);
        assertThat(second.ingestOnce().files()).isZero();
      }
      assertThat(ids(table)).isEqualTo(range(0, 100));
    }
  }

  @Test
  void watchingPicksUpNewFilesAtThePollInterval() throws Exception {
    Path landing = tmp.resolve("landing");
    Files.createDirectories(landing);
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = events(floe);
      try (FolderSource source =
          FolderSource.builder(floe, "db.events", landing.toString())
              .pollInterval(Duration.ofMillis(100))
              .build()) {
        source.watch();
        for (int f = 0; f < 3; f++) {
          // land atomically: write under a hidden name, then rename
          Path part = landing.resolve("_f" + f + ".csv");
          csv(part, f * 10, f * 10 + 10);
          Files.move(part, landing.resolve("f" + f + ".csv"));
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (source.stats().files() < f + 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
        }
        assertThat(source.stats().files()).isEqualTo(3);
        assertThat(source.lastError()).isEmpty();
        long cycles = source.stats().cycles();
        Thread.sleep(1_000);
        // polls at the interval, not in a busy loop: about 10 more cycles in a second
        assertThat(source.stats().cycles() - cycles).isBetween(2L, 12L);
      }
      assertThat(ids(table)).isEqualTo(range(0, 30));
    }
  }

  @Test
  void createsTheTableFromTheFirstFilesInferredSchema() throws Exception {
    Path landing = tmp.resolve("landing");
    Files.createDirectories(landing);
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      floe.createNamespace("db");
      try (FolderSource source =
          FolderSource.builder(floe, "db.inferred", landing.toString()).createIfMissing().build()) {
        assertThat(source.ingestOnce().files()).isZero(); // no file yet: no table
        assertThat(floe.findTable("db.inferred")).isEmpty();
        Files.writeString(
            landing.resolve("a.csv"), "id,price,day\n1,2.50,2026-12-01\n2,3.75,2026-12-02\n");
        assertThat(source.ingestOnce().rows()).isEqualTo(2);
      }
      FloeTable table = floe.loadTable("db.inferred");
      // SchemaInference's choice for small whole numbers (as the CLI's import)
      assertThat(table.schema().findField("id").type()).isEqualTo(Types.IntegerType.get());
      assertThat(table.schema().findField("day").type()).isEqualTo(Types.DateType.get());
      assertThat(table.newScan().count()).isEqualTo(2);
    }
  }
}
