package io.floe.impl.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers in separate JVMs append to one table of the file-system catalog at the same time: every
 * commit lands once (the hard link decides between processes as between threads).
 */
class FileSystemCatalogProcessesTest {
  private static final int PROCESSES = 3;
  private static final int APPENDS = 15;

  @TempDir Path tmp;

  private static FloeConfig config(String warehouse) {
    return FloeConfig.of(
        "fs",
        Map.of(
            "type",
            FloeConfig.TYPE_FILESYSTEM,
            "warehouse",
            warehouse,
            FloeConfig.LOCAL_FSYNC,
            "false"));
  }

  /** A writer process: waits for the start file, then appends its rows one commit at a time. */
  public static void main(String[] args) throws Exception {
    String warehouse = args[0];
    int writer = Integer.parseInt(args[1]);
    Path start = Path.of(args[2]);
    try (Floe floe = Floe.open(config(warehouse))) {
      FloeTable table = floe.loadTable("db.t");
      while (!Files.exists(start)) {
        Thread.sleep(5);
      }
      for (int i = 0; i < APPENDS; i++) {
        table.newAppend().row(Map.of("id", (long) (writer * 1000 + i))).commit();
      }
    }
  }

  @Test
  void commitsOfWritersInSeveralProcessesAllLandOnce() throws Exception {
    Path wh = tmp.resolve("wh");
    try (Floe floe = Floe.open(config(wh.toString()))) {
      floe.createNamespace("db");
      floe.createTable("db.t")
          .column("id", Types.LongType.get())
          .required()
          .property("commit.retry.num-retries", "100")
          .property("commit.retry.min-wait-ms", "5")
          .property("commit.retry.max-wait-ms", "50")
          .create();
    }
    Path start = tmp.resolve("start");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> writers = new ArrayList<>();
    for (int w = 0; w < PROCESSES; w++) {
      writers.add(
          new ProcessBuilder(
                  java,
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "--add-opens=java.base/java.nio=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  FileSystemCatalogProcessesTest.class.getName(),
                  wh.toString(),
                  Integer.toString(w),
                  start.toString())
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("writer-" + w + ".log").toFile())
              .start());
    }
    Thread.sleep(2_000); // let the JVMs load the table, then start them together
    Files.createFile(start);
    for (int w = 0; w < PROCESSES; w++) {
      Process writer = writers.get(w);
      assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(writer.exitValue())
          .as("writer %d log: %s", w, Files.readString(tmp.resolve("writer-" + w + ".log")))
          .isZero();
    }
    try (Floe floe = Floe.open(config(wh.toString()))) {
      FloeTable table = floe.loadTable("db.t");
      assertThat(table.snapshots()).hasSize(PROCESSES * APPENDS);
      TreeSet<Long> ids = new TreeSet<>();
      try (CloseableIterable<Row> rows = table.newScan().rows()) {
        rows.forEach(r -> ids.add((Long) r.toMap().get("id")));
      }
      TreeSet<Long> expected = new TreeSet<>();
      for (int w = 0; w < PROCESSES; w++) {
        for (int i = 0; i < APPENDS; i++) {
          expected.add((long) (w * 1000 + i));
        }
      }
      assertThat(ids).isEqualTo(expected);
    }
    // one version file per commit (create + appends), no temporary file left
    try (var files = Files.list(wh.resolve("db/t/metadata"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .filteredOn(n -> n.endsWith(".metadata.json"))
          .hasSize(1 + PROCESSES * APPENDS)
          .allMatch(n -> n.matches("v[0-9]+\\.metadata\\.json"));
    }
  }
}
