package io.floe.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error ({@code me.tongfei:progressbar}) for long commands, or nothing
 * when progress is off (not a terminal, or {@code --no-progress}).
 *
 * <p>Two kinds: {@link #bytes(String, long, PrintWriter)} for work measured in bytes with rows
 * counted alongside (imports and exports: call {@link #update(long, long, long)} with "rows done,
 * bytes done, bytes total" as the work goes, and the bar shows MiB, MiB/s, rows, rows/s and an ETA;
 * a total of -1 means unknown and gives a bar without end), and {@link #spinner(String,
 * PrintWriter)} for operations that report no progress at all (maintenance: the SDK has no progress
 * callback, so the bar moves without a percentage rather than invent one). Not thread-safe: update
 * from one thread; the bar redraws itself from its own thread.
 *
 * <pre>{@code
 * try (Progress progress = Progress.bytes("import events.csv", Files.size(file), err)) {
 *   reader.onProgress((rows, bytes, total) -> progress.update(rows, bytes, total));
 *   ...
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
  private static final long MIB = 1L << 20;

  private static volatile int width;

  private final ProgressBar bar;
  private final PrintWriter err;
  private final long startNanos = System.nanoTime();
  private long max;

  private Progress(ProgressBar bar, PrintWriter err, long max) {
    this.bar = bar;
    this.err = err;
    this.max = max;
  }

  /**
   * A bar that does nothing.
   *
   * @return a disabled progress
   */
  public static Progress off() {
    return new Progress(null, null, -1);
  }

  /**
   * A bar measured in bytes (shown in MiB with speed and ETA), with rows in its message.
   *
   * @param task what is being done, shown before the bar
   * @param totalBytes the total, or -1 when unknown (a bar without end)
   * @param err where to draw; null for no bar
   * @return the progress; close it when done
   */
  public static Progress bytes(String task, long totalBytes, PrintWriter err) {
    if (err == null) {
      return off();
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(Objects.requireNonNull(task, "task"))
            .setInitialMax(totalBytes < 0 ? -1 : totalBytes)
            .setUnit(" MiB", MIB)
            .showSpeed()
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .setConsumer(new WriterConsumer(err))
            .build();
    return new Progress(bar, err, totalBytes);
  }

  /**
   * A bar without a percentage, for an operation that reports no progress; it shows the elapsed
   * time until closed.
   *
   * @param task what is being done
   * @param err where to draw; null for no bar
   * @return the progress; close it when done
   */
  public static Progress spinner(String task, PrintWriter err) {
    if (err == null) {
      return off();
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(Objects.requireNonNull(task, "task"))
            .setInitialMax(-1)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .continuousUpdate()
            .hideEta()
            .setConsumer(new WriterConsumer(err))
            .build();
    return new Progress(bar, err, -1);
  }

  /**
   * Reports progress.
   *
   * @param rows the rows done so far
   * @param bytesDone the bytes done so far
   * @param bytesTotal the total bytes, or -1 when unknown
   */
  public void update(long rows, long bytesDone, long bytesTotal) {
    if (bar == null) {
      return;
    }
    if (bytesTotal != max) {
      max = bytesTotal;
      bar.maxHint(bytesTotal < 0 ? -1 : bytesTotal);
    }
    bar.stepTo(bytesDone);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    long perSecond = seconds > 0 ? (long) (rows / seconds) : 0;
    bar.setExtraMessage(String.format(java.util.Locale.ROOT, " %,d rows (%,d/s)", rows, perSecond));
  }

  /**
   * Reports a phase of an operation that counts files (a backup, restore or replication).
   *
   * @param phase the phase's name
   * @param filesDone files done
   * @param filesTotal files in all
   * @param bytesDone bytes done
   * @param bytesTotal bytes in all, or -1 when unknown
   */
  public void files(
      String phase, long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
    if (bar == null) {
      return;
    }
    if (bytesTotal != max) {
      max = bytesTotal;
      bar.maxHint(bytesTotal < 0 ? -1 : bytesTotal);
    }
    bar.stepTo(bytesDone);
    bar.setExtraMessage(
        String.format(java.util.Locale.ROOT, " %s: %,d/%,d files", phase, filesDone, filesTotal));
  }

  /**
   * Whether a bar is drawn.
   *
   * @return false when progress is off
   */
  public boolean enabled() {
    return bar != null;
  }

  /**
   * How long since the bar started.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Draws the bar a last time and ends its line. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      err.println();
      err.flush();
    }
  }

  /** The terminal's width (JLine), asked once; 100 when there is no terminal. */
  static int terminalWidth() {
    int w = width;
    if (w == 0) {
      w = 100;
      try (org.jline.terminal.Terminal t =
          org.jline.terminal.TerminalBuilder.builder().system(true).dumb(true).build()) {
        if (t.getWidth() >= 40) {
          w = t.getWidth();
        }
      } catch (java.io.IOException | RuntimeException e) {
        // keep the default
      }
      width = w;
    }
    return w;
  }

  /** Draws on a writer: carriage return and the bar, a new line at the end. */
  private static final class WriterConsumer implements ProgressBarConsumer {
    private final PrintWriter out;

    WriterConsumer(PrintWriter out) {
      this.out = out;
    }

    @Override
    public int getMaxRenderedLength() {
      return terminalWidth() - 1;
    }

    @Override
    public void accept(String rendered) {
      out.print('\r');
      out.print(rendered);
      out.flush();
    }

    @Override
    public void close() {
      // Progress.close() ends the line
    }
  }
}
