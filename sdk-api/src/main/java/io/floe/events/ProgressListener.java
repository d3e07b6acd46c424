package io.floe.events;

import java.util.Objects;

/**
 * Hears how far a long operation got (a backup, restore, replication, compaction, snapshot expiry
 * or orphan-file removal), for progress bars and logs. Given to the operation itself ({@code
 * backupTable().progress(listener)}), not to the handle.
 *
 * <p>Called from the operation's worker threads, one call at a time (never concurrently), after
 * each file of a phase; keep it short. A listener that throws never breaks the operation: the
 * exception is logged once and the listener is not called again.
 *
 * <pre>{@code
 * table.maintenance().backupTable().to(location)
 *     .progress(p -> log.info("{} {}: {}/{} files", p.operation(), p.phase(), p.filesDone(), p.filesTotal()))
 *     .execute();
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {

  /**
   * Reports progress.
   *
   * @param progress where the operation is
   */
  void onProgress(Progress progress);

  /**
   * Where an operation is. Immutable and thread-safe.
   *
   * @param table the table's full name
   * @param operation the operation, such as {@code backup-table}
   * @param phase the phase, such as {@code check}, {@code copy} or {@code rewrite}
   * @param filesDone files of this phase done (copied, skipped as already there, or checked)
   * @param filesTotal files of this phase in all
   * @param bytesDone bytes of those files
   * @param bytesTotal bytes of this phase in all, or -1 when unknown before the files are written
   */
  record Progress(
      String table,
      String operation,
      String phase,
      long filesDone,
      long filesTotal,
      long bytesDone,
      long bytesTotal) {
    /**
     * Checks the values.
     *
     * @param table the table
     * @param operation the operation
     * @param phase the phase
     * @param filesDone files done
     * @param filesTotal files in all
     * @param bytesDone bytes done
     * @param bytesTotal bytes in all, or -1
     * @throws NullPointerException when a name is null
     */
    public Progress {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(phase, "phase");
    }
  }
}
