package io.floe.sql.internal;

import io.floe.parquet.ArrowBatches;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Floe's Arrow batches as an {@link ArrowReader}, for export through the Arrow C stream interface.
 *
 * <p>Each batch's buffers are transferred (not copied) into this reader's root before export:
 * DuckDB may keep an exported batch while it asks for the next one, and Floe's scan reuses its
 * vectors, so the exported buffers must belong to the export alone. A failure of the scan is kept
 * ({@link #failure()}) so that the query reports Floe's exception rather than the message DuckDB
 * passes on. With no batches it is the empty stream of a schema.
 */
public final class BatchReader extends ArrowReader {
  private final ArrowBatches batches;
  private final Schema schema;
  private final ClassLoader loader;
  private volatile RuntimeException failure;
  private boolean sourceClosed;
  private boolean closed;

  /**
   * A reader of a scan's batches.
   *
   * @param allocator where this reader's root lives
   * @param batches the open scan, closed with this reader; null for an empty stream
   * @param schema the batches' schema
   * @param loader the context class loader to read with: DuckDB calls from its own native threads,
   *     which have none, and Iceberg finds its file readers through it
   */
  public BatchReader(
      BufferAllocator allocator, ArrowBatches batches, Schema schema, ClassLoader loader) {
    super(allocator);
    this.batches = batches;
    this.schema = schema;
    this.loader = loader;
  }

  /**
   * The failure of the scan, if it failed.
   *
   * @return the exception, or null
   */
  public RuntimeException failure() {
    return failure;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (batches == null) {
      return false;
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      if (!batches.hasNext()) {
        return false;
      }
      VectorSchemaRoot from = batches.next();
      VectorSchemaRoot to = getVectorSchemaRoot();
      for (int i = 0; i < from.getFieldVectors().size(); i++) {
        from.getVector(i).makeTransferPair(to.getVector(i)).transfer();
      }
      to.setRowCount(from.getRowCount());
      return true;
    } catch (RuntimeException e) {
      failure = e;
      throw new IOException(e.getMessage(), e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  /**
   * Closes the reader once. The query closes its readers while DuckDB may release the exported
   * stream, which closes this reader too, from one of its own threads: two unsynchronized closes of
   * the root released its buffers twice ("RefCnt has gone negative", seen in a CI run of the TPC-H
   * smoke).
   *
   * @param closeReadSource whether to close the scan too
   * @throws IOException when closing fails
   */
  @Override
  public synchronized void close(boolean closeReadSource) throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    super.close(closeReadSource);
  }

  /**
   * Closes the scan once: the query closes its readers, and DuckDB's release of the exported stream
   * closes this reader again, later, from one of its own threads (after the query's allocator is
   * closed).
   */
  @Override
  protected synchronized void closeReadSource() {
    if (sourceClosed) {
      return;
    }
    sourceClosed = true;
    if (batches != null) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        batches.close();
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
