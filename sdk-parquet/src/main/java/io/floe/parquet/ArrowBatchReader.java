package io.floe.parquet;

import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow {@link ArrowReader} over an Arrow scan, for consumers that take a stream of record
 * batches: the Arrow C data interface ({@code Data.exportArrayStream(allocator, reader, stream)}
 * from arrow-c-data, as DuckDB's JDBC driver accepts), Arrow IPC writers, or Arrow Dataset.
 *
 * <p>Each batch is handed over without copying, and its memory belongs to the receiver once loaded,
 * so an exported batch stays valid after the next one is read. Not thread-safe; close it (or let
 * the consumer close it) to release the scan; the allocator is not closed. Unlike Arrow's {@code
 * ArrowReader}, its {@link #close()}, {@link #loadNextBatch()} and {@link #getVectorSchemaRoot()}
 * throw no checked exception. A Floe scan opens one directly: {@code
 * scan.arrow(ArrowBatchReader.class, allocator)}.
 *
 * <pre>{@code
 * try (BufferAllocator allocator = new RootAllocator();
 *     ArrowBatchReader reader = ArrowBatchReader.of(ArrowScan.of(scan), allocator)) {
 *   while (reader.loadNextBatch()) {
 *     rows += reader.getVectorSchemaRoot().getRowCount();
 *   }
 * }
 * }</pre>
 */
public final class ArrowBatchReader extends ArrowReader {
  private final ArrowBatches batches;

  private ArrowBatchReader(ArrowBatches batches, BufferAllocator allocator) {
    super(allocator);
    this.batches = batches;
  }

  /**
   * Opens an Arrow scan as a reader.
   *
   * @param scan the scan
   * @param allocator where batches are allocated; not closed by the reader
   * @return an open reader
   * @throws io.floe.FloeException as {@link ArrowScan#open(BufferAllocator)} does
   */
  public static ArrowBatchReader of(ArrowScan scan, BufferAllocator allocator) {
    Objects.requireNonNull(scan, "scan");
    Objects.requireNonNull(allocator, "allocator");
    return new ArrowBatchReader(scan.open(allocator), allocator);
  }

  /**
   * Loads the next batch into {@link #getVectorSchemaRoot()}.
   *
   * @return false at the end of the scan
   * @throws io.floe.FloeIOException when a file cannot be read
   */
  @Override
  public boolean loadNextBatch() {
    getVectorSchemaRoot(); // as Arrow's own readers do: the root exists before a batch is loaded
    // into it
    if (!batches.hasNext()) {
      return false;
    }
    VectorSchemaRoot batch = batches.next();
    try (ArrowRecordBatch records = new VectorUnloader(batch).getRecordBatch()) {
      for (FieldVector v : batch.getFieldVectors()) {
        v.clear();
      }
      loadRecordBatch(records);
    }
    return true;
  }

  /**
   * The root the batches are loaded into, created on first use.
   *
   * @return the root, holding the last batch loaded
   * @throws io.floe.FloeIOException when the scan cannot start
   */
  @Override
  public VectorSchemaRoot getVectorSchemaRoot() {
    try {
      return super.getVectorSchemaRoot();
    } catch (java.io.IOException e) {
      throw new io.floe.FloeIOException(
          "read", null, "Failed to start an Arrow scan: " + e.getMessage(), e);
    }
  }

  /**
   * Bytes read from storage so far.
   *
   * @return the number of bytes
   */
  @Override
  public long bytesRead() {
    return batches.metrics().bytesRead();
  }

  /**
   * What the scan has done so far.
   *
   * @return the metrics
   */
  public ScanMetrics metrics() {
    return batches.metrics();
  }

  /**
   * Releases the batches' memory and the scan's files; the allocator is not closed.
   *
   * @throws io.floe.FloeIOException when releasing fails
   */
  @Override
  public void close() {
    try {
      super.close();
    } catch (java.io.IOException e) {
      throw new io.floe.FloeIOException(
          "close", null, "Failed to close an Arrow scan: " + e.getMessage(), e);
    }
  }

  @Override
  protected void closeReadSource() {
    batches.close();
  }

  @Override
  protected Schema readSchema() {
    return batches.schema();
  }
}
