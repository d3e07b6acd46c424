package io.floe.files;

/**
 * Receives {@link Progress} reports from an import or export, on the thread that runs it, once per
 * batch (a few thousand rows) and once at the end of each file. It should return quickly: it slows
 * the operation down by as long as it takes. An exception it throws stops the operation (an import
 * then commits nothing).
 *
 * <pre>{@code
 * ProgressListener bar = p -> System.err.printf("\r%,d rows", p.rowsDone());
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores every report. */
  ProgressListener NONE = progress -> {};

  /**
   * Called with the progress so far.
   *
   * @param progress the progress report
   */
  void progress(Progress progress);
}
