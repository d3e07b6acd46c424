package io.floe.impl.maintain;

import io.floe.events.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the files and bytes of one phase of an operation and tells a {@link ProgressListener}, one
 * call at a time; a listener that throws is logged once and not called again. Thread-safe.
 */
final class ProgressTracker {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);
  private static final ProgressTracker NONE = new ProgressTracker(null, "", "");

  private final ProgressListener listener;
  private final String table;
  private final String operation;
  private String phase = "";
  private long filesDone;
  private long filesTotal;
  private long bytesDone;
  private long bytesTotal;
  private boolean broken;

  private ProgressTracker(ProgressListener listener, String table, String operation) {
    this.listener = listener;
    this.table = table;
    this.operation = operation;
  }

  /** A tracker for a listener, or one that does nothing when it is null. */
  static ProgressTracker of(ProgressListener listener, String table, String operation) {
    return listener == null ? NONE : new ProgressTracker(listener, table, operation);
  }

  /** Starts a phase of {@code files} files and {@code bytes} bytes (-1: unknown). */
  synchronized void phase(String name, long files, long bytes) {
    if (listener == null) {
      return;
    }
    phase = name;
    filesDone = 0;
    filesTotal = files;
    bytesDone = 0;
    bytesTotal = bytes;
    report();
  }

  /** One file of the phase is done. */
  synchronized void done(long bytes) {
    if (listener == null) {
      return;
    }
    filesDone++;
    bytesDone += Math.max(0, bytes);
    report();
  }

  private void report() {
    if (broken) {
      return;
    }
    try {
      listener.onProgress(
          new ProgressListener.Progress(
              table, operation, phase, filesDone, filesTotal, bytesDone, bytesTotal));
    } catch (RuntimeException e) {
      broken = true;
      LOG.warn(
          "Progress listener {} of {} on table {} failed; it is not called again",
          listener.getClass().getName(),
          operation,
          table,
          e);
    }
  }
}
