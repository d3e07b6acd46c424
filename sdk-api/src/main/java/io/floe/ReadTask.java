package io.floe;

import java.io.Serializable;
import java.util.List;
import org.apache.iceberg.Schema;

/**
 * One planned unit of a scan: a group of data files (or parts of files) with their delete files,
 * the projection, the residual filter and the file access needed to read them, so that another
 * thread, process or machine can read it without a catalog.
 *
 * <p>A task is immutable, thread-safe and {@link Serializable} with Java serialization: plan on one
 * JVM with {@link Scan#planTasks()}, ship the task, call {@link #rows()} on another JVM that has
 * the same Floe version on its class path and can reach the same files (a shared file system or
 * object store; an in-memory catalog's files exist only in the JVM that wrote them). The rows of
 * all tasks of a plan together are the rows of the scan; each task applies the scan's limit on its
 * own, so trim the union when a limit is set.
 *
 * <pre>{@code
 * List<ReadTask> tasks = table.newScan().where(Expressions.equal("category", "books")).planTasks();
 * for (ReadTask task : tasks) {
 *   executor.submit(() -> {
 *     try (RowStream rows = task.rows()) {
 *       rows.forEach(sink::accept);
 *     }
 *     return null;
 *   });
 * }
 * }</pre>
 */
public interface ReadTask extends Serializable {

  /**
   * The full name of the table the task reads, for messages and logs.
   *
   * @return the table name
   */
  String table();

  /**
   * The snapshot the task was planned from.
   *
   * @return the snapshot id, or -1 when the table had no snapshot
   */
  long snapshotId();

  /**
   * The locations of the data files this task reads (a file may appear in several tasks when it was
   * split into byte ranges).
   *
   * @return the data file locations, in read order
   */
  List<String> files();

  /**
   * The number of bytes of data files this task reads.
   *
   * @return the size of the file ranges in bytes
   */
  long sizeInBytes();

  /**
   * An estimate of the rows this task returns, before delete files and residual filters.
   *
   * @return the estimated row count
   */
  long estimatedRowCount();

  /**
   * The schema of the rows the task returns (the scan's projection).
   *
   * @return the projected schema
   */
  Schema schema();

  /**
   * Reads the task's rows, with delete files and the scan's filter applied; close the result to
   * release files. May be called any number of times.
   *
   * @return the rows
   * @throws FloeIOException when a file cannot be read
   * @throws NotFoundException when a file of the task no longer exists (for example after the
   *     snapshot was expired and its files removed)
   */
  RowStream rows();
}
