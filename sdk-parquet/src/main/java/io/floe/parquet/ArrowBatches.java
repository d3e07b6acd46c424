package io.floe.parquet;

import io.floe.parquet.internal.BatchSource;
import io.floe.parquet.internal.ScanCounters;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An open Arrow scan: a stream of {@link VectorSchemaRoot} batches with deletes and filters already
 * applied.
 *
 * <p>Each batch is owned by this stream and valid only until the next call to {@link #hasNext()} or
 * {@link #next()} (its vectors are reused); copy or transfer what must outlive it. Close the stream
 * to release its memory and files; the caller's allocator is never closed, but must outlive the
 * stream. Not thread-safe: one thread iterates, though files may be decoded on background threads.
 *
 * <pre>{@code
 * try (BufferAllocator allocator = new RootAllocator();
 *     ArrowBatches batches = ArrowScan.of(scan).batchSize(8192).open(allocator)) {
 *   while (batches.hasNext()) {
 *     VectorSchemaRoot batch = batches.next();
 *     rows += batch.getRowCount();
 *   }
 * }
 * }</pre>
 */
public final class ArrowBatches implements Iterator<VectorSchemaRoot>, AutoCloseable {
  private final BatchSource driver;
  private final BufferAllocator allocator;
  private final Schema schema;
  private final ScanCounters counters;
  private final long skippedFiles;
  private final long skippedManifests;
  private long remaining;
  private VectorSchemaRoot pending;
  private boolean done;
  private boolean closed;

  /** Called once at close with what reading threw (or null); null when nobody listens. */
  private Consumer<Throwable> onClose;

  private Throwable failure;

  ArrowBatches(
      BatchSource driver,
      BufferAllocator allocator,
      Schema schema,
      ScanCounters counters,
      long skippedFiles,
      long skippedManifests,
      long limit) {
    this.remaining = limit;
    this.driver = driver;
    this.allocator = allocator;
    this.schema = schema;
    this.counters = counters;
    this.skippedFiles = skippedFiles;
    this.skippedManifests = skippedManifests;
  }

  /**
   * The Arrow schema of every batch.
   *
   * @return the schema; each field carries its Iceberg field id in {@code PARQUET:field_id}
   */
  public Schema schema() {
    return schema;
  }

  /**
   * Whether another batch is available, reading it if needed; invalidates the previous batch.
   *
   * @return true when {@link #next()} will return a batch
   * @throws io.floe.FloeIOException when a file cannot be read
   * @throws io.floe.ValidationException when a file's column does not fit the table's type
   */
  @Override
  public boolean hasNext() {
    if (closed) {
      throw new IllegalStateException("The Arrow scan is closed");
    }
    if (pending == null && !done) {
      if (remaining <= 0) {
        done = true;
        return false;
      }
      try {
        pending = driver.next();
      } catch (RuntimeException | Error e) {
        failure = e;
        throw e;
      }
      done = pending == null;
      if (pending != null) {
        if (pending.getRowCount() > remaining) {
          pending.setRowCount((int) remaining);
        }
        remaining -= pending.getRowCount();
      }
    }
    return pending != null;
  }

  /**
   * The next batch, valid until the next call to {@link #hasNext()} or {@code next()}.
   *
   * @return a non-empty batch
   * @throws NoSuchElementException when there is no further batch
   * @throws io.floe.FloeIOException when a file cannot be read
   */
  @Override
  public VectorSchemaRoot next() {
    if (!hasNext()) {
      throw new NoSuchElementException("No more Arrow batches");
    }
    VectorSchemaRoot batch = pending;
    pending = null;
    return batch;
  }

  /**
   * A snapshot of what the scan has done so far.
   *
   * @return the metrics
   */
  public ScanMetrics metrics() {
    return new ScanMetrics(skippedFiles, skippedManifests, counters);
  }

  /** Sets what runs once at close (the handle's scan event), given what reading threw. */
  void onClose(Consumer<Throwable> action) {
    this.onClose = action;
  }

  /** Releases the batches' memory and open files; further use throws IllegalStateException. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      driver.close();
    } finally {
      try {
        allocator.close();
      } finally {
        if (onClose != null) {
          onClose.accept(failure);
        }
      }
    }
  }
}
