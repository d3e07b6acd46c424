package io.floe.parquet.internal;

import io.floe.impl.spi.Masking;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Applies a plan's column masks ({@link Masking}) to Arrow batches, in place, after the batch was
 * filtered: the Arrow side of Floe's access-control hook. Values are masked with the same functions
 * as rows ({@link Masking.Mask#apply}), so a row scan and an Arrow scan return the same masked
 * values. Strings are rebuilt into a fresh vector transferred into the batch's; fixed-width values
 * are overwritten. Not thread-safe (one per scan driver).
 */
public final class ArrowMasks implements BatchSource {
  private final BatchSource source;
  private final BufferAllocator allocator;
  private final List<String> columns = new ArrayList<>();
  private final List<Masking.Mask> masks = new ArrayList<>();

  private ArrowMasks(BatchSource source, BufferAllocator allocator, Schema projected, Masking m) {
    this.source = source;
    this.allocator = allocator;
    for (Types.NestedField field : projected.columns()) {
      Masking.Mask mask = m.mask(field.fieldId());
      if (mask != null) {
        columns.add(field.name());
        masks.add(mask);
      }
    }
  }

  /**
   * Masks the batches of a source.
   *
   * @param source the batches, filtered
   * @param allocator where rebuilt string vectors are allocated
   * @param projected the batches' columns
   * @param masking the masks, or null
   * @return the source itself when no returned column is masked, else a masking source
   */
  public static BatchSource of(
      BatchSource source, BufferAllocator allocator, Schema projected, Masking masking) {
    if (masking == null) {
      return source;
    }
    ArrowMasks masked = new ArrowMasks(source, allocator, projected, masking);
    return masked.masks.isEmpty() ? source : masked;
  }

  @Override
  public VectorSchemaRoot next() {
    VectorSchemaRoot root = source.next();
    if (root != null) {
      for (int c = 0; c < columns.size(); c++) {
        mask(root.getVector(columns.get(c)), masks.get(c), root.getRowCount());
      }
    }
    return root;
  }

  private void mask(FieldVector vector, Masking.Mask mask, int rows) {
    if (mask.kind() == Masking.Kind.NULL) {
      // a fresh all-null vector replaces the batch's: clearing validity bits alone would leave the
      // values in the buffers, where a consumer of raw buffers (Arrow C data export) could read
      try (FieldVector empty = vector.getField().createVector(allocator)) {
        empty.allocateNew();
        empty.setValueCount(rows);
        empty.makeTransferPair(vector).transfer();
      }
      return;
    }
    if (vector instanceof VarCharVector strings) {
      try (VarCharVector out = new VarCharVector(strings.getField(), allocator)) {
        out.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
          if (strings.isNull(i)) {
            out.setNull(i);
          } else {
            String value = new String(strings.get(i), StandardCharsets.UTF_8);
            out.setSafe(i, mask.apply(value).toString().getBytes(StandardCharsets.UTF_8));
          }
        }
        out.setValueCount(rows);
        out.makeTransferPair(strings).transfer();
      }
    } else if (vector instanceof BigIntVector longs) {
      for (int i = 0; i < rows; i++) {
        if (!longs.isNull(i)) {
          longs.set(i, (Long) mask.apply(longs.get(i)));
        }
      }
    } else if (vector instanceof IntVector ints) {
      for (int i = 0; i < rows; i++) {
        if (!ints.isNull(i)) {
          ints.set(i, (Integer) mask.apply(ints.get(i)));
        }
      }
    } else if (vector instanceof DateDayVector dates) {
      for (int i = 0; i < rows; i++) {
        if (!dates.isNull(i)) {
          LocalDate d = (LocalDate) mask.apply(LocalDate.ofEpochDay(dates.get(i)));
          dates.set(i, (int) d.toEpochDay());
        }
      }
    } else if (vector instanceof TimeStampVector times) {
      for (int i = 0; i < rows; i++) {
        if (!times.isNull(i)) {
          long micros = times.get(i);
          LocalDateTime t =
              LocalDateTime.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000L),
                  (int) Math.floorMod(micros, 1_000_000L) * 1000,
                  ZoneOffset.UTC);
          LocalDateTime masked = (LocalDateTime) mask.apply(t);
          long seconds = masked.toEpochSecond(ZoneOffset.UTC);
          times.set(i, seconds * 1_000_000L + masked.getNano() / 1000);
        }
      }
    } else {
      throw new io.floe.UnsupportedFeatureException(
          "Cannot apply mask "
              + mask.kind()
              + " to Arrow column "
              + vector.getField().getName()
              + " of type "
              + vector.getField().getType(),
          null);
    }
  }

  @Override
  public void close() {
    source.close();
  }
}
