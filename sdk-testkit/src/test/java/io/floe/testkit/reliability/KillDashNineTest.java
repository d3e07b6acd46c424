package io.floe.testkit.reliability;

import static io.floe.testkit.FloeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.maintenance.RemoveOrphanFiles;
import io.floe.testkit.TableFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL in the middle of a commit: the table opens at its last good
 * snapshot, every batch is either wholly there or absent, and every file it refers to is readable.
 * The writer stops at a different point of the commit each round (a data file half written, the
 * manifest written, the metadata file being written, just before the catalog swap), says so, and
 * waits there to be killed: every kill lands mid-commit however loaded the machine is.
 */
class KillDashNineTest {
  static final int ROUNDS = AppendLoop.Point.values().length;

  @TempDir Path tmp;

  @Test
  void aWriterKilledMidCommitLeavesTheTableAtItsLastGoodSnapshot() throws Exception {
    Path warehouse = tmp.resolve("wh");
    Random random = new Random(20261122L);
    int lastDone = -1;
    int killedMidCommit = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  AppendLoop.class.getName(),
                  warehouse.toString(),
                  AppendLoop.Point.values()[round].name(),
                  String.valueOf(2 + random.nextInt(3)))
              .redirectErrorStream(true)
              .start();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (java.io.IOException e) {
                  // the child died
                }
              });
      reader.setDaemon(true);
      reader.start();
      // the child commits a few batches, then stops inside the next commit and says so
      String lastLine = "";
      String inside = null;
      int begun = -1;
      while (inside == null) {
        String line = lines.poll(120, TimeUnit.SECONDS);
        assertThat(line).as("child output (last: %s)", lastLine).isNotNull();
        lastLine = line;
        if (line.startsWith("DONE ")) {
          lastDone = Integer.parseInt(line.substring(5));
        } else if (line.startsWith("BEGIN ")) {
          begun = Integer.parseInt(line.substring(6));
        } else if (line.startsWith("INSIDE ")) {
          inside = line;
        } else {
          System.out.println("[child] " + line);
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(5_000);
      // mid-commit: the batch in flight began, the child was inside its commit, and it never
      // finished
      int inFlight = begun;
      boolean midCommit =
          inside.startsWith("INSIDE " + inFlight + " ")
              && inFlight == lastDone + 1
              && lines.stream()
                  .noneMatch(l -> l.startsWith("DONE " + inFlight) || l.startsWith("NOT KILLED"));
      assertThat(midCommit)
          .as(
              "round %d: the kill landed inside the commit of batch %d (%s; lines after: %s)",
              round, inFlight, inside, lines)
          .isTrue();
      killedMidCommit++;

      try (Floe floe = Floe.local(warehouse)) {
        FloeTable table = floe.loadTable("db.killed");
        TreeMap<Integer, Integer> rowsPerBatch = new TreeMap<>();
        try (CloseableIterable<Row> rows = table.newScan().select("batch").rows()) {
          for (Row row : rows) {
            rowsPerBatch.merge(row.get("batch", Integer.class), 1, Integer::sum);
          }
        }
        int batches = rowsPerBatch.size();
        assertThat(rowsPerBatch.keySet())
            .as("batches present")
            .containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, batches).boxed().toList());
        assertThat(rowsPerBatch.values())
            .as("rows per batch")
            .allMatch(n -> n == AppendLoop.ROWS_PER_BATCH);
        // killed before the catalog swap: the batch in flight is wholly absent
        assertThat(batches - 1)
            .as("last batch present vs last batch reported done (%s)", inside)
            .isEqualTo(lastDone);
        assertThat(table).hasSnapshots(batches).isConsistentWithIcebergReader();
        List<String> orphans = TableFiles.orphans(table);
        System.out.printf(
            "[reliability] kill -9 round=%d killedMidCommit=%s batchesCommitted=%d lastReportedDone=%d "
                + "orphans=%s%n",
            round,
            inside,
            batches,
            lastDone,
            orphans.stream().map(io.floe.testkit.FaultSweep::kindOf).toList());
        lastDone = batches - 1;
      }
    }
    System.out.printf(
        "[reliability] kill -9 rounds=%d killedMidCommit=%d%n", ROUNDS, killedMidCommit);
    assertThat(killedMidCommit).as("kills that landed mid-commit").isEqualTo(ROUNDS);

    // what the killed writers left behind is orphan-file removal's to delete, and only that
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = floe.loadTable("db.killed");
      List<String> orphans = TableFiles.orphans(table);
      long snapshot = table.currentSnapshot().orElseThrow().snapshotId();
      long rows = table.newScan().count();
      RemoveOrphanFiles.Result removed =
          table
              .maintenance()
              .removeOrphanFiles()
              .unsafeOlderThan(Instant.now().plusSeconds(60))
              .execute();
      assertThat(removed.deletedFiles()).as("orphans deleted").isEqualTo(orphans.size());
      assertThat(TableFiles.orphans(table)).as("orphans after removal").isEmpty();
      assertThat(table).isAtSnapshot(snapshot).hasRowCount(rows).isConsistentWithIcebergReader();
      System.out.printf(
          "[reliability] kill -9 orphans left by the killed writers=%d, removed=%d%n",
          orphans.size(), removed.deletedFiles());
    }
  }
}
