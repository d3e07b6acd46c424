package io.floe.files;

import java.time.Duration;
import java.util.Objects;

/**
 * How far an import or export has got: rows and bytes done, bytes in all when known, the current
 * file and the time since the start, reported to a {@link ProgressListener} once per batch. Rates
 * and an ETA follow from these ({@link #rowsPerSecond()}, {@link #bytesPerSecond()}, {@link
 * #remaining()}). Immutable and thread-safe.
 *
 * <pre>{@code
 * FileImport.into(table).from(Path.of("events.csv"))
 *     .progress(p -> System.err.printf("%,d rows, %.0f rows/s%n", p.rowsDone(), p.rowsPerSecond()))
 *     .run();
 * }</pre>
 */
public final class Progress {
  private final long rowsDone;
  private final long bytesDone;
  private final long bytesTotal;
  private final String currentFile;
  private final long elapsedNanos;

  /**
   * Creates a progress report.
   *
   * @param rowsDone rows read (import) or written (export) so far
   * @param bytesDone bytes read (import) or written (export) so far
   * @param bytesTotal bytes in all, or -1 when not known
   * @param currentFile the file being read or written
   * @param elapsedNanos nanoseconds since the operation started
   */
  public Progress(
      long rowsDone, long bytesDone, long bytesTotal, String currentFile, long elapsedNanos) {
    this.rowsDone = rowsDone;
    this.bytesDone = bytesDone;
    this.bytesTotal = bytesTotal;
    this.currentFile = Objects.requireNonNull(currentFile, "currentFile");
    this.elapsedNanos = elapsedNanos;
  }

  /**
   * Rows read (import: good and rejected rows) or written (export) so far.
   *
   * @return the count
   */
  public long rowsDone() {
    return rowsDone;
  }

  /**
   * Bytes read from the input files (import) or written to the output file (export) so far.
   *
   * @return the count
   */
  public long bytesDone() {
    return bytesDone;
  }

  /**
   * Bytes in all: the input files' sizes for an import; not known for an export.
   *
   * @return the total, or -1 when not known
   */
  public long bytesTotal() {
    return bytesTotal;
  }

  /**
   * The file being read or written.
   *
   * @return its path
   */
  public String currentFile() {
    return currentFile;
  }

  /**
   * The time since the operation started.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return Duration.ofNanos(elapsedNanos);
  }

  /**
   * Rows per second since the start.
   *
   * @return the rate, 0 before any time has passed
   */
  public double rowsPerSecond() {
    return elapsedNanos <= 0 ? 0 : rowsDone * 1e9 / elapsedNanos;
  }

  /**
   * Bytes per second since the start.
   *
   * @return the rate, 0 before any time has passed
   */
  public double bytesPerSecond() {
    return elapsedNanos <= 0 ? 0 : bytesDone * 1e9 / elapsedNanos;
  }

  /**
   * The estimated time left, from the byte rate so far.
   *
   * @return the estimate, or null when the total is not known or nothing was read yet
   */
  public Duration remaining() {
    if (bytesTotal < 0 || bytesDone <= 0 || elapsedNanos <= 0) {
      return null;
    }
    double nanosPerByte = (double) elapsedNanos / bytesDone;
    return Duration.ofNanos((long) (Math.max(0, bytesTotal - bytesDone) * nanosPerByte));
  }

  @Override
  public String toString() {
    return "Progress{rows="
        + rowsDone
        + ", bytes="
        + bytesDone
        + (bytesTotal >= 0 ? "/" + bytesTotal : "")
        + ", file="
        + currentFile
        + ", elapsed="
        + elapsed()
        + "}";
  }
}
