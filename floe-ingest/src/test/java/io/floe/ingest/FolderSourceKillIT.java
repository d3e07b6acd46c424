package io.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watching folder source killed with SIGKILL at random moments five times while files keep
 * landing, then restarted until it is idle: every file's rows are in the table exactly once.
 */
class FolderSourceKillIT {
  @TempDir Path tmp;

  @Test
  void killedFiveTimesAtRandomEveryRowLandsOnce() throws Exception {
    Path landing = tmp.resolve("landing");
    Files.createDirectories(landing);
    Path warehouse = tmp.resolve("wh");
    try (Floe floe = Floe.local(warehouse)) {
      FolderSourceTest.events(floe);
    }
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int files = 0;
    int rowsPerFile = 50;
    for (int kill = 0; kill < 5; kill++) {
      Process child = start(warehouse, landing, "watch");
      awaitLine(child, "WATCHING");
      // land files while it runs, then kill it at a random moment
      for (int f = 0; f < 8; f++) {
        Path part = landing.resolve("_f" + files + ".csv");
        FolderSourceTest.csv(part, files * rowsPerFile, files * rowsPerFile + rowsPerFile);
        Files.move(part, landing.resolve(String.format("f%04d.csv", files)));
        files++;
        Thread.sleep(random.nextInt(60));
      }
      Thread.sleep(random.nextInt(400));
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // the last restart ingests what is left and stops
    assertThat(
            FolderSourceCrashTest.child(
                FolderProcess.class, warehouse, landing.toString(), "none", 0))
        .isZero();
    try (Floe floe = Floe.local(warehouse)) {
      List<Long> ids = FolderSourceTest.ids(floe.loadTable("db.events"));
      assertThat(ids).as("seed %d", seed).isEqualTo(FolderSourceTest.range(0, files * rowsPerFile));
    }
  }

  private static Process start(Path warehouse, Path landing, String mode) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("-Xmx512m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FolderProcess.class.getName());
    command.add(warehouse.toString());
    command.add(landing.toString());
    command.add(mode);
    command.add("0");
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void awaitLine(Process child, String line) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String read;
    while ((read = out.readLine()) != null) {
      if (read.equals(line)) {
        // keep draining its output so that it never blocks on a full pipe
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // discard
                    }
                  } catch (java.io.IOException e) {
                    // the child was killed
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new AssertionError("The child ended before printing " + line);
  }
}
