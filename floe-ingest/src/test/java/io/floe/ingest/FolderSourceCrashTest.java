package io.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A folder source's JVM halted inside its commit, before and after the catalog's swap, then
 * restarted: every file's rows are in the table exactly once.
 */
class FolderSourceCrashTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "halt {0} commit {1}")
  @CsvSource({"before,1", "before,2", "after,2"})
  void aRestartAfterACrashGivesEachFilesRowsExactlyOnce(String mode, int at) throws Exception {
    Path landing = tmp.resolve("landing");
    for (int f = 0; f < 6; f++) {
      FolderSourceTest.csv(landing.resolve("f" + f + ".csv"), f * 100, f * 100 + 100);
    }
    Path warehouse = tmp.resolve("wh");
    try (Floe floe = Floe.local(warehouse)) {
      FolderSourceTest.events(floe);
    }
    int exit = child(warehouse, landing, mode, at);
    assertThat(exit)
        .isEqualTo(mode.equals("before") ? FolderProcess.HALT_BEFORE : FolderProcess.HALT_AFTER);
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = floe.loadTable("db.events");
      // commits of 2 files each: the halted commit's files are in the table only after the swap
      int landed = 2 * (mode.equals("before") ? at - 1 : at);
      assertThat(FolderSourceTest.ids(table)).hasSize(landed * 100);
    }
    // the restart, without a crash
    assertThat(child(warehouse, landing, "none", 0)).isZero();
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable table = floe.loadTable("db.events");
      assertThat(FolderSourceTest.ids(table)).isEqualTo(FolderSourceTest.range(0, 600));
      try (FolderSource source =
          FolderSource.builder(floe, "db.events", landing.toString()).build()) {
        assertThat(source.ingestedFiles()).hasSize(6);
        assertThat(source.ingestOnce().files()).isZero();
      }
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
