package io.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder source's JVM halted inside its commit, before and after the catalog's swap, then
 * restarted: every file's rows are in the table exactly once.
 */
class FolderSourceCrashTest {
  @TempDir Path tmp;

  @Test
  void aRestartAfterACrashGivesEachFilesRowsExactlyOnce() throws Exception {
    Path landing = tmp.resolve("landing");
    for (int f = 0; f < 6; f++) {
      FolderSourceTest.csv(landing.resolve("f" + f + ".csv"), f * 100, f * 100 + 100);
    }
    Path warehouse = tmp.resolve("wh");
    try (Floe floe = Floe.local(warehouse)) {
      FolderSourceTest.events(floe);
    }
    // commits of 2 files each; the first process halts inside its 2nd commit, before the swap:
    // f2 and f3 were written to data files but are not in the table
    assertThat(child(warehouse, landing, "before", 2)).isEqualTo(FolderProcess.HALT_BEFORE);
    assertThat(rows(warehouse)).isEqualTo(FolderSourceTest.range(0, 200));
    // the second process ingests f2 and f3 again and halts just after its first swap
    assertThat(child(warehouse, landing, "after", 1)).isEqualTo(FolderProcess.HALT_AFTER);
    assertThat(rows(warehouse)).isEqualTo(FolderSourceTest.range(0, 400));
    // the third finds f0..f3 recorded and ingests f4 and f5 only
    assertThat(child(warehouse, landing, "none", 0)).isZero();
    assertThat(rows(warehouse)).isEqualTo(FolderSourceTest.range(0, 600));
    try (Floe floe = Floe.local(warehouse);
        FolderSource source = FolderSource.builder(floe, "db.events", landing.toString()).build()) {
      assertThat(source.ingestedFiles()).hasSize(6);
      assertThat(source.ingestOnce().files()).isZero();
    }
  }

  private static List<Long> rows(Path warehouse) {
    try (Floe floe = Floe.local(warehouse)) {
      return FolderSourceTest.ids(floe.loadTable("db.events"));
    }
  }

  private static int child(Path warehouse, Path landing, String mode, int at) throws Exception {
    return child(FolderProcess.class, warehouse, landing.toString(), mode, at);
  }

  static int child(Class<?> main, Path warehouse, String source, String mode, int at)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("-Xmx512m");
    command.add("-XX:TieredStopAtLevel=1"); // a short-lived JVM on a busy machine
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.add(warehouse.toString());
    command.add(source);
    command.add(mode);
    command.add(Integer.toString(at));
    Path log = Files.createTempFile(warehouse.getParent(), "child", ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "The child " + main.getSimpleName() + " did not end: " + Files.readString(log));
    }
    if (p.exitValue() != 0 && !mode.equals("before") && !mode.equals("after")) {
      throw new AssertionError(
          "The child " + main.getSimpleName() + " failed: " + Files.readString(log));
    }
    return p.exitValue();
  }
}
