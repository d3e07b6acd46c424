package io.floe.testkit.reliability;

import static io.floe.testkit.FloeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.CommitStateUnknownException;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.testkit.Fault;
import io.floe.testkit.FaultSweep;
import io.floe.testkit.Faults;
import io.floe.testkit.FileOperation;
import io.floe.testkit.FloeTestKit;
import io.floe.testkit.Rows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fails every file operation of one append (write + commit) once, in turn: each commit is all or
 * nothing, the table stays readable, and no file is left behind (or the test reports which).
 */
class FileFaultSweepTest {
  @TempDir Path tmp;

  private static final List<Map<String, Object>> BASELINE = List.of(
      Rows.row("id", 1L, "category", "a"), Rows.row("id", 2L, "category", "b"));
  private static final List<Map<String, Object>> NEW_ROWS = List.of(
      Rows.row("id", 3L, "category", "a"), Rows.row("id", 4L, "category", "b"),
      Rows.row("id", 5L, "category", "c"));

  private FloeTestKit kit(FloeTestKit.Backend backend, int run) {
    FloeTestKit.Builder builder = FloeTestKit.builder();
    if (backend == FloeTestKit.Backend.LOCAL) {
      builder.local(tmp.resolve("wh" + run));
    }
    return builder.build();
  }

  private static FloeTable setUp(FloeTestKit kit) {
    FloeTable table = kit.floe().createTable("db.faulty")
        .column("id", Types.LongType.get()).required()
        .column("category", Types.StringType.get())
        .partitionBy(p -> p.identity("category"))
        .create();
    table.newAppend().rows(BASELINE).commit();
    return table;
  }

  private static void writeAndCommit(FloeTable table) {
    table.newAppend().rows(NEW_ROWS).commit();
  }

  @ParameterizedTest
  @EnumSource(FloeTestKit.Backend.class)
  void everyFileOperationOfAnAppendFailingOnceLeavesTheTableWholeAndClean(FloeTestKit.Backend backend) {
    List<Faults.FileCall> calls;
    try (FloeTestKit kit = kit(backend, 0)) {
      FloeTable table = setUp(kit);
      Faults.Recording recording = kit.faults().record();
      writeAndCommit(table);
      calls = recording.stop();
    }
    List<Faults.FileCall> cases = FaultSweep.casesOf(calls);
    assertThat(cases).isNotEmpty();

    Map<String, Integer> outcomes = new LinkedHashMap<>();
    List<String> leftovers = new ArrayList<>();
    int run = 1;
    for (Faults.FileCall call : cases) {
      try (FloeTestKit kit = kit(backend, run++)) {
        FloeTable table = setUp(kit);
        long before = table.currentSnapshot().orElseThrow().snapshotId();
        Fault fault = kit.faults().onFile(call.operation()).nth(call.ordinal()).fail();
        String outcome;
        try {
          writeAndCommit(table);
          outcome = "committed";
        } catch (FloeException e) {
          outcome = e.getClass().getSimpleName();
          assertThat(e).isNotInstanceOf(CommitStateUnknownException.class);
          assertThat(e.getMessage()).as("message of %s", call).contains("db.faulty");
        }
        fault.remove();
        assertThat(fault.hits()).as("fault injected for %s", call).isEqualTo(1);

        String kind = FaultSweep.kindOf(call.location());
        outcomes.merge(call.operation() + " " + kind + " -> " + outcome, 1, Integer::sum);
        if (outcome.equals("committed")) {
          assertThat(table).hasSnapshots(2).hasRowCount(5);
        } else {
          assertThat(table).isAtSnapshot(before).hasSnapshots(1).containsExactlyRows(BASELINE);
        }
        assertThat(table).isConsistentWithIcebergReader();
        List<String> orphans = kit.orphanFiles(table);
        if (!orphans.isEmpty()) {
          leftovers.add(call.operation() + " #" + call.ordinal() + " " + kind + " -> " + outcome + ": "
              + orphans.stream().map(FaultSweep::kindOf).toList());
          // reported, never part of a commit, and safe for orphan-file removal to delete
          assertThat(outcome).as("a committed append left files behind").isNotEqualTo("committed");
          // manifests, manifest lists and metadata files of a commit that did not land are deleted
          // (CommitFiles), and so are the data files of a failed write (TableFileWriter.abort)
          assertThat(orphans).as("files left by %s", call).isEmpty();
          for (String orphan : orphans) {
            deleteFile(kit, orphan);
          }
          assertThat(table).containsExactlyRows(BASELINE).isConsistentWithIcebergReader().hasNoOrphanFiles();
        }
      }
    }
    System.out.printf("[reliability] file fault sweep backend=%s cases=%d outcomes=%s leftovers=%d %s%n",
        backend, cases.size(), outcomes, leftovers.size(), leftovers);
    assertThat(outcomes.keySet()).allMatch(o -> !o.endsWith("committed")
        || o.startsWith("OPEN") || o.startsWith("READ") || o.startsWith("LENGTH") || o.startsWith("EXISTS"),
        "only read faults, which Iceberg retries, may let the append commit");
  }

  private static void deleteFile(FloeTestKit kit, String location) {
    if (kit.backend() == FloeTestKit.Backend.MEMORY) {
      kit.memoryFiles().deleteFile(location);
    } else {
      try {
        java.nio.file.Files.deleteIfExists(Path.of(location));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
