package io.floe.impl.evolve;

import io.floe.impl.spi.Errors;
import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Streams the rows of planned tasks, one open task at a time: plans on the first {@code hasNext()},
 * opens each task's rows ({@link #open}), converts or skips each row ({@link #convert}) and stops
 * after {@code limit} rows. A failure closes what is open and is translated to a Floe exception
 * naming the table. One thread at a time.
 *
 * @param <R> what an open task yields
 * @param <T> what this iterator yields
 */
abstract class TaskIterator<R, T> implements CloseableIterator<T> {
  private final String name;
  private final Supplier<CloseableIterable<FileScanTask>> planner;
  private final long limit;
  private CloseableIterable<FileScanTask> tasks;
  private CloseableIterator<FileScanTask> taskIterator;
  private CloseableIterable<R> taskRows;
  private CloseableIterator<R> rows;
  private T next;
  private long returned;
  private boolean closed;

  /**
   * Creates the iterator; nothing is planned or opened yet.
   *
   * @param name the table's full name, for messages
   * @param planner plans the tasks (called once)
   * @param limit the most rows to return
   */
  TaskIterator(String name, Supplier<CloseableIterable<FileScanTask>> planner, long limit) {
    this.name = name;
    this.planner = planner;
    this.limit = limit;
  }

  /**
   * Opens the rows of one task.
   *
   * @param task the task
   * @return its rows, closed by this iterator
   * @throws IOException when the task's files cannot be opened
   */
  abstract CloseableIterable<R> open(FileScanTask task) throws IOException;

  /**
   * Converts one row of a task.
   *
   * @param row the row, valid until the next one is read
   * @return what to yield, or null to skip the row
   */
  abstract T convert(R row);

  @Override
  public final boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (closed || returned >= limit) {
      return false;
    }
    try {
      while (true) {
        if (rows != null && rows.hasNext()) {
          T converted = convert(rows.next());
          if (converted != null) {
            next = converted;
            returned++;
            return true;
          }
          continue;
        }
        closeTask();
        if (taskIterator == null) {
          tasks = planner.get();
          taskIterator = tasks.iterator();
        }
        if (!taskIterator.hasNext()) {
          close();
          return false;
        }
        taskRows = open(taskIterator.next());
        rows = taskRows.iterator();
      }
    } catch (IOException e) {
      closeQuietly();
      throw Errors.tableIo("read", name, e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw Errors.translate(name, e);
    }
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T row = next;
    next = null;
    return row;
  }

  private void closeTask() throws IOException {
    if (taskRows != null) {
      try {
        taskRows.close();
      } finally {
        taskRows = null;
        rows = null;
      }
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException ignored) {
      // already failing
    }
  }

  @Override
  public final void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeTask();
    } finally {
      if (tasks != null) {
        tasks.close();
      }
    }
  }
}
