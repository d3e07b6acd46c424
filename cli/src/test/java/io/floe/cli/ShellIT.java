package io.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code cli/bin/floe}) in a real terminal: tmux runs it, the test types keys and
 * reads the screen with {@code tmux capture-pane}. Needs tmux and the packaged module (target/lib,
 * which {@code package} fills before failsafe runs this).
 */
class ShellIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private String session;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(run(List.of("tmux", "-V")).startsWith("tmux"), "tmux is not installed");
    Fixture.create(dir);
    session = "floe-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (session != null) {
      run(List.of("tmux", "kill-session", "-t", session));
    }
  }

  @Test
  void shellCompletesCommandsAndTablesKeepsHistoryAndReportsErrors() throws Exception {
    start("shell");
    awaitScreen(s -> s.endsWith("floe>"));
    keys("table li", "Tab");
    awaitScreen(s -> s.contains("floe> table list"));
    keys("Enter");
    awaitScreen(s -> s.contains("table\nshop.orders\nfloe>"));

    keys("schema shop.o", "Tab");
    awaitScreen(s -> s.contains("floe> schema shop.orders"));
    keys("Enter");
    awaitScreen(s -> s.contains("4   amount    double       false\nfloe>"));

    keys("scan shop.orders --select id,am", "Tab");
    awaitScreen(s -> s.contains("floe> scan shop.orders --select id,amount"));
    keys(" --limit 1 -o csv", "Enter");
    awaitScreen(s -> s.contains("id,amount\n"));

    keys("tabel list", "Enter");
    awaitScreen(s -> s.contains("floe: Unmatched arguments from index 0: 'tabel', 'list'"));

    keys("sql \"SELECT category, count(*) AS n", "Enter");
    keys("FROM shop.orders GROUP BY 1 ORDER BY 1\"", "Enter");
    awaitScreen(s -> s.contains("category  n\nbooks     2\ngames     2\nfloe>"));

    keys("help ns", "Enter");
    awaitScreen(s -> s.contains("Usage: floe ns [-hvV]"));

    keys("head shop.orders -n 1 -o json", "Enter");
    awaitScreen(s -> s.contains("\"id\" : "));

    // Up walks the history, and the lines of a multi-line entry (the sql one) before leaving it
    keys("Up", "Up", "Up", "Up", "Up");
    awaitScreen(s -> s.endsWith("floe> tabel list"));
    keys("C-u", "exit", "Enter");
    awaitScreen(s -> s.contains("[floe exited 0]"));
    List<String> history = Files.readAllLines(dir.resolve(".floe_history"));
    assertThat(history).hasSize(8);
    assertThat(history.get(0)).endsWith(":table list");
    assertThat(history.get(7)).endsWith(":exit");
  }

  @Test
  void maintenanceShowsAProgressBarOnATerminal() throws Exception {
    start("compact", "shop.orders", "--all");
    String screen = awaitScreen(s -> s.contains("[floe exited 0]"));
    // the bar, driven by compaction's progress (files rewritten), then the result
    assertThat(screen).containsPattern("compact shop\\.orders +100% \\[");
    assertThat(screen).contains("rewrite: 4/4 files");
    assertThat(screen).contains("rewritten_data_files  4\n");
    assertThat(screen).contains("added_data_files      2\n");
  }

  /** Starts {@code cli/bin/floe ARGS} in a new tmux session; the pane stays open after it ends. */
  private void start(String... args) throws Exception {
    Path launcher = Path.of("bin", "floe").toAbsolutePath();
    StringBuilder command = new StringBuilder();
    command.append("cd '").append(dir).append("' && HOME='").append(dir).append("' FLOE_CDS=0 '");
    command.append(launcher).append("'");
    for (String a : args) {
      command.append(" '").append(a).append("'");
    }
    command.append("; echo \"[floe exited $?]\"; sleep 600");
    String out =
        run(
            List.of(
                "tmux",
                "new-session",
                "-d",
                "-s",
                session,
                "-x",
                "120",
                "-y",
                "40",
                "bash",
                "-c",
                command.toString()));
    assertThat(out).isEmpty();
  }

  private void keys(String... keys) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
    command.addAll(List.of(keys));
    run(command);
  }

  /** Polls the screen until it matches; the screen's trailing blanks (and the prompt's) removed. */
  private String awaitScreen(Predicate<String> condition) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String screen = "";
    while (System.nanoTime() < deadline) {
      screen = run(List.of("tmux", "capture-pane", "-p", "-t", session)).stripTrailing();
      if (condition.test(screen)) {
        return screen;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("The screen never matched; it shows:\n" + screen);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
