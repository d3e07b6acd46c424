package io.floe.parquet.internal;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Where {@code ArrowBatches} takes its batches from: Parquet files or rows. Not thread-safe. */
public interface BatchSource extends AutoCloseable {

  /**
   * The next non-empty batch, valid until the next call.
   *
   * @return the batch, or null at the end
   */
  VectorSchemaRoot next();

  /** Releases the source's memory and files. */
  @Override
  void close();
}
