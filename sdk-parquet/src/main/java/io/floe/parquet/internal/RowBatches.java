package io.floe.parquet.internal;

import io.floe.impl.spi.VariantValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.UUIDUtil;

/**
 * Batches of rows given in Iceberg's internal representation (such as a metadata table's), copied
 * into reused Arrow vectors of the schema {@link ArrowTypes} maps them to. Not thread-safe.
 */
public final class RowBatches implements BatchSource {
  private final CloseableIterable<StructLike> rows;
  private final Iterator<StructLike> iterator;
  private final Types.StructType type;
  private final VectorSchemaRoot root;
  private final int batchSize;
  private boolean closed;

  /**
   * Opens batches over rows.
   *
   * @param rows the rows, closed with the batches
   * @param schema the Iceberg schema of the rows
   * @param allocator where the vectors are allocated (closed by the caller)
   * @param batchSize the most rows per batch
   */
  public RowBatches(
      CloseableIterable<StructLike> rows,
      org.apache.iceberg.Schema schema,
      BufferAllocator allocator,
      int batchSize) {
    this.rows = rows;
    this.iterator = rows.iterator();
    this.type = schema.asStruct();
    this.root = VectorSchemaRoot.create(ArrowTypes.convert(schema), allocator);
    this.batchSize = batchSize;
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed || !iterator.hasNext()) {
      return null;
    }
    List<FieldVector> vectors = root.getFieldVectors();
    vectors.forEach(FieldVector::reset);
    List<Types.NestedField> fields = type.fields();
    int count = 0;
    while (count < batchSize && iterator.hasNext()) {
      StructLike row = iterator.next();
      for (int i = 0; i < fields.size(); i++) {
        write(vectors.get(i), fields.get(i).type(), count, row.get(i, Object.class));
      }
      count++;
    }
    for (FieldVector vector : vectors) {
      vector.setValueCount(count);
    }
    root.setRowCount(count);
    return root;
  }

  /** Writes one value in Iceberg's internal representation, or null, at an index of a vector. */
  static void write(FieldVector vector, Type type, int index, Object value) {
    if (value == null) {
      setNull(vector, index);
      return;
    }
    switch (type.typeId()) {
      case BOOLEAN -> ((BitVector) vector).setSafe(index, (Boolean) value ? 1 : 0);
      case INTEGER -> ((IntVector) vector).setSafe(index, ((Number) value).intValue());
      case DATE -> ((DateDayVector) vector).setSafe(index, ((Number) value).intValue());
      case LONG -> ((BigIntVector) vector).setSafe(index, ((Number) value).longValue());
      case TIME -> ((TimeMicroVector) vector).setSafe(index, ((Number) value).longValue());
      case TIMESTAMP, TIMESTAMP_NANO ->
          ((TimeStampVector) vector).setSafe(index, ((Number) value).longValue());
      case FLOAT -> ((Float4Vector) vector).setSafe(index, ((Number) value).floatValue());
      case DOUBLE -> ((Float8Vector) vector).setSafe(index, ((Number) value).doubleValue());
      case STRING ->
          ((VarCharVector) vector)
              .setSafe(index, value.toString().getBytes(StandardCharsets.UTF_8));
      case BINARY -> ((VarBinaryVector) vector).setSafe(index, bytes(value));
      case FIXED -> ((FixedSizeBinaryVector) vector).setSafe(index, bytes(value));
      case UUID ->
          ((FixedSizeBinaryVector) vector)
              .setSafe(index, value instanceof UUID uuid ? UUIDUtil.convert(uuid) : bytes(value));
      case DECIMAL -> ((DecimalVector) vector).setSafe(index, (BigDecimal) value);
      case STRUCT -> {
        StructVector struct = (StructVector) vector;
        struct.setIndexDefined(index);
        StructLike values = (StructLike) value;
        List<Types.NestedField> fields = type.asStructType().fields();
        for (int i = 0; i < fields.size(); i++) {
          write(
              (FieldVector) struct.getChildByOrdinal(i),
              fields.get(i).type(),
              index,
              values.get(i, Object.class));
        }
      }
      case LIST -> {
        ListVector list = (ListVector) vector;
        Collection<?> elements = (Collection<?>) value;
        int start = list.startNewValue(index);
        int i = start;
        for (Object element : elements) {
          write(list.getDataVector(), type.asListType().elementType(), i++, element);
        }
        list.endValue(index, elements.size());
      }
      case MAP -> {
        ListVector map = (ListVector) vector;
        Map<?, ?> entries = (Map<?, ?>) value;
        StructVector entryVector = (StructVector) map.getDataVector();
        FieldVector keys = (FieldVector) entryVector.getChildByOrdinal(0);
        FieldVector values = (FieldVector) entryVector.getChildByOrdinal(1);
        Types.MapType mapType = type.asMapType();
        int i = map.startNewValue(index);
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
          entryVector.setIndexDefined(i);
          write(keys, mapType.keyType(), i, entry.getKey());
          write(values, mapType.valueType(), i, entry.getValue());
          i++;
        }
        map.endValue(index, entries.size());
      }
      case VARIANT -> {
        org.apache.iceberg.variants.Variant variant =
            value instanceof io.floe.Variant v
                ? VariantValues.toIceberg(v)
                : (org.apache.iceberg.variants.Variant) value;
        byte[][] binaries = VariantValues.binaries(variant);
        StructVector struct = (StructVector) vector;
        struct.setIndexDefined(index);
        ((VarBinaryVector) struct.getChildByOrdinal(0)).setSafe(index, binaries[0]);
        ((VarBinaryVector) struct.getChildByOrdinal(1)).setSafe(index, binaries[1]);
      }
      default -> throw new ArrowTypes.UnsupportedTypeException(type);
    }
  }

  private static void setNull(FieldVector vector, int index) {
    if (vector instanceof BaseFixedWidthVector fixed) {
      fixed.setNull(index);
    } else if (vector instanceof BaseVariableWidthVector variable) {
      variable.setNull(index);
    } else if (vector instanceof StructVector struct) {
      struct.setNull(index);
    } else if (vector instanceof ListVector list) {
      list.setNull(index);
    } else {
      throw new IllegalStateException(
          "Cannot write a null into " + vector.getClass().getSimpleName());
    }
  }

  private static byte[] bytes(Object value) {
    if (value instanceof byte[] array) {
      return array;
    }
    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      rows.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      root.close();
    }
  }
}
