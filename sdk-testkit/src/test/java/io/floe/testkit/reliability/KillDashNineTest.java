package io.floe.testkit.reliability;

import static io.floe.testkit.FloeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Maintenance;
import io.floe.Row;
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
 */
class KillDashNineTest {
  static final int ROUNDS = 3;

  @TempDir Path tmp;

  @Test
  void aWriterKilledMidCommitLeavesTheTableAtItsLastGoodSnapshot() throws Exception {
    Path warehouse = tmp.resolve("wh");
    Random random = new Random(20261122L);
    int lastDone = -1;
    int killedMidCommit = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Process child = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"),
          AppendLoop.class.getName(), warehouse.toString())
          .redirectErrorStream(true)
          .start();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
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
      // let it commit a few batches, then kill it soon after it starts the next one
      int done = 0;
      int target = 2 + random.nextInt(3);
      String lastLine = "";
      while (true) {
        String line = lines.poll(60, TimeUnit.SECONDS);
        assertThat(line).as("child output (last: %s)", lastLine).isNotNull();
        lastLine = line;
        if (line.startsWith("DONE ")) {
          lastDone = Integer.parseInt(line.substring(5));
          done++;
        } else if (line.startsWith("BEGIN ") && done >= target) {
          Thread.sleep(random.nextInt(15));
          break;
        } else if (!line.startsWith("BEGIN ")) {
          System.out.println("[child] " + line);
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(5_000);
      String nextDone = "DONE " + (lastDone + 1);
      boolean midCommit = lines.stream().noneMatch(l -> l.startsWith(nextDone));
      for (String l : lines) {
        if (l.startsWith("DONE ")) {
          lastDone = Integer.parseInt(l.substring(5));
        }
      }
      if (midCommit) {
        killedMidCommit++;
      }

      try (Floe floe = Floe.local(warehouse)) {
        FloeTable table = floe.loadTable("db.killed");
        TreeMap<Integer, Integer> rowsPerBatch = new TreeMap<>();
        try (CloseableIterable<Row> rows = table.newScan().select("batch").rows()) {
          for (Row row : rows) {
            rowsPerBatch.merge(row.get("batch", Integer.class), 1, Integer::sum);
          }
        }
        int batches = rowsPerBatch.size();
        assertThat(rowsPerBatch.keySet()).as("batches present").containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, batches).boxed().toList());
        assertThat(rowsPerBatch.values()).as("rows per batch").allMatch(n -> n == AppendLoop.ROWS_PER_BATCH);
        assertThat(batches - 1).as("last batch present vs last batch reported done")
            .isBetween(lastDone, lastDone + 1);
        assertThat(table).hasSnapshots(batches).isConsistentWithIcebergReader();
        List<String> orphans = TableFiles.orphans(table);
        System.out.printf("[reliability] kill -9 round=%d killedMidCommit=%s batchesCommitted=%d lastReportedDone=%d "
            + "orphans=%s%n", round, midCommit, batches, lastDone, orphans.stream()
            .map(io.floe.testkit.FaultSweep::kindOf).toList());
        lastDone = batches - 1;
      }
    }
    System.out.printf("[reliability] kill -9 rounds=%d killedMidCommit=%d%n", ROUNDS, killedMidCommit);

    // what the killed writers left behind is orphan-file removal's to delete, and only that
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = floe.loadTable("db.killed");
      List<String> orphans = TableFiles.orphans(table);
      long snapshot = table.currentSnapshot().orElseThrow().snapshotId();
      long rows = table.newScan().count();
      Maintenance.OrphanResult removed = table.maintenance().removeOrphanFiles()
          .unsafeOlderThan(Instant.now().plusSeconds(60)).execute();
      assertThat(removed.deletedFiles()).as("orphans deleted").isEqualTo(orphans.size());
      assertThat(TableFiles.orphans(table)).as("orphans after removal").isEmpty();
      assertThat(table).isAtSnapshot(snapshot).hasRowCount(rows).isConsistentWithIcebergReader();
      System.out.printf("[reliability] kill -9 orphans left by the killed writers=%d, removed=%d%n",
          orphans.size(), removed.deletedFiles());
    }
  }
}
