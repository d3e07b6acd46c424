package io.floe.parquet.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The reusable vectors one batch is decoded into: the decode root (read schema), a view of its
 * output columns, and a compaction root for batches where some rows were removed.
 */
public final class Slot implements AutoCloseable {
  final VectorSchemaRoot decode;
  final VectorSchemaRoot view;
  final VectorSchemaRoot compact;
  final boolean[] keep;

  /** The surviving rows of a sparsely read batch. */
  final int[] rows;

  /** The columns of the current batch read sparsely (survivors at the front). */
  final java.util.BitSet sparse = new java.util.BitSet();

  VectorSchemaRoot out;

  /** Which worker owns this slot (parallel scans). */
  public final int owner;

  /**
   * Allocates a slot.
   *
   * @param ctx the scan's context
   * @param allocator where vectors are allocated
   * @param owner the owning worker
   */
  public Slot(ReadContext ctx, BufferAllocator allocator, int owner) {
    this.owner = owner;
    this.decode = VectorSchemaRoot.create(ArrowTypes.convert(ctx.readSchema), allocator);
    try {
      for (FieldVector v : decode.getFieldVectors()) {
        v.setInitialCapacity(ctx.batchSize);
        v.allocateNew();
      }
    } catch (RuntimeException | Error e) {
      decode.close();
      throw e;
    }
    if (ctx.outputIsRead()) {
      this.view = decode;
    } else {
      List<FieldVector> vs = new ArrayList<>();
      for (int c : ctx.outputColumns) {
        vs.add(decode.getVector(c));
      }
      this.view = new VectorSchemaRoot(vs);
    }
    this.compact = VectorSchemaRoot.create(ArrowTypes.convert(ctx.outputSchema), allocator);
    this.keep = new boolean[ctx.batchSize];
    this.rows = new int[ctx.batchSize];
  }

  /** The batch last produced into this slot. */
  public VectorSchemaRoot out() {
    return out;
  }

  @Override
  public void close() {
    decode.close();
    compact.close();
  }
}
