package io.floe.parquet.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.UUIDUtil;

/**
 * Reads single values out of Arrow vectors in Iceberg's internal representation (int days, long
 * micros, CharSequence, ByteBuffer, BigDecimal, UUID, StructLike, List, Map), as Iceberg's
 * expression evaluator and delete sets expect.
 */
public final class ArrowValues {
  private ArrowValues() {}

  /**
   * The value at a row.
   *
   * @param vector the vector
   * @param type the Iceberg type of the vector
   * @param row the row index
   * @return the value in Iceberg's internal representation, or null
   */
  public static Object get(FieldVector vector, Type type, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        return ((BitVector) vector).get(row) == 1;
      case INTEGER:
      case DATE:
        return ((BaseFixedWidthVector) vector).getDataBuffer().getInt((long) row * 4);
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return ((BaseFixedWidthVector) vector).getDataBuffer().getLong((long) row * 8);
      case FLOAT:
        return ((BaseFixedWidthVector) vector).getDataBuffer().getFloat((long) row * 4);
      case DOUBLE:
        return ((BaseFixedWidthVector) vector).getDataBuffer().getDouble((long) row * 8);
      case STRING:
        return new String(varBytes(vector, row), StandardCharsets.UTF_8);
      case BINARY:
        return ByteBuffer.wrap(varBytes(vector, row));
      case FIXED:
        return ByteBuffer.wrap(((FixedSizeBinaryVector) vector).get(row));
      case UUID:
        return UUIDUtil.convert(((FixedSizeBinaryVector) vector).get(row));
      case DECIMAL:
        return ((DecimalVector) vector).getObject(row);
      case VARIANT:
        {
          // Iceberg's variant over the layout's two binaries (variant filters evaluate on it)
          StructVector struct = (StructVector) vector;
          org.apache.iceberg.variants.VariantMetadata metadata =
              org.apache.iceberg.variants.Variants.metadata(
                  littleEndian(varBytes((FieldVector) struct.getChildByOrdinal(0), row)));
          return org.apache.iceberg.variants.Variant.of(
              metadata,
              org.apache.iceberg.variants.Variants.value(
                  metadata,
                  littleEndian(varBytes((FieldVector) struct.getChildByOrdinal(1), row))));
        }
      case STRUCT:
        return new Row((StructVector) vector, type.asStructType(), row);
      case LIST:
        {
          ListVector list = (ListVector) vector;
          FieldVector data = list.getDataVector();
          Type element = type.asListType().elementType();
          int start = list.getOffsetBuffer().getInt((long) row * 4);
          int end = list.getOffsetBuffer().getInt((long) (row + 1) * 4);
          List<Object> values = new ArrayList<>(end - start);
          for (int i = start; i < end; i++) {
            values.add(get(data, element, i));
          }
          return values;
        }
      case MAP:
        {
          ListVector map = (ListVector) vector;
          StructVector entries = (StructVector) map.getDataVector();
          FieldVector keys = (FieldVector) entries.getChildByOrdinal(0);
          FieldVector values = (FieldVector) entries.getChildByOrdinal(1);
          Types.MapType mapType = type.asMapType();
          int start = map.getOffsetBuffer().getInt((long) row * 4);
          int end = map.getOffsetBuffer().getInt((long) (row + 1) * 4);
          Map<Object, Object> result = new LinkedHashMap<>();
          for (int i = start; i < end; i++) {
            result.put(get(keys, mapType.keyType(), i), get(values, mapType.valueType(), i));
          }
          return result;
        }
      default:
        throw new UnsupportedOperationException("Cannot read " + type + " from Arrow");
    }
  }

  /**
   * Writes one value in Iceberg's internal representation (as partition tuples hold it) into a
   * primitive vector.
   *
   * @param vector the vector
   * @param row the row
   * @param type the Iceberg type
   * @param value the value, not null
   */
  static void setConstant(FieldVector vector, int row, Type type, Object value) {
    switch (type.typeId()) {
      case BOOLEAN:
        ((org.apache.arrow.vector.BitVector) vector).setSafe(row, (Boolean) value ? 1 : 0);
        return;
      case INTEGER:
      case DATE:
        ((org.apache.arrow.vector.BaseFixedWidthVector) vector)
            .getDataBuffer()
            .setInt(4L * row, ((Number) value).intValue());
        break;
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        ((org.apache.arrow.vector.BaseFixedWidthVector) vector)
            .getDataBuffer()
            .setLong(8L * row, ((Number) value).longValue());
        break;
      case FLOAT:
        ((org.apache.arrow.vector.Float4Vector) vector).setSafe(row, ((Number) value).floatValue());
        return;
      case DOUBLE:
        ((org.apache.arrow.vector.Float8Vector) vector)
            .setSafe(row, ((Number) value).doubleValue());
        return;
      case DECIMAL:
        ((org.apache.arrow.vector.DecimalVector) vector).setSafe(row, (java.math.BigDecimal) value);
        return;
      case STRING:
        ((org.apache.arrow.vector.VarCharVector) vector)
            .setSafe(row, value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return;
      case UUID:
        {
          java.util.UUID uuid = (java.util.UUID) value;
          byte[] bytes =
              java.nio.ByteBuffer.allocate(16)
                  .putLong(uuid.getMostSignificantBits())
                  .putLong(uuid.getLeastSignificantBits())
                  .array();
          ((org.apache.arrow.vector.FixedSizeBinaryVector) vector).setSafe(row, bytes);
          return;
        }
      case FIXED:
      case BINARY:
        {
          java.nio.ByteBuffer buffer = ((java.nio.ByteBuffer) value).duplicate();
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          if (vector instanceof org.apache.arrow.vector.FixedSizeBinaryVector fixed) {
            fixed.setSafe(row, bytes);
          } else {
            ((org.apache.arrow.vector.VarBinaryVector) vector).setSafe(row, bytes);
          }
          return;
        }
      default:
        throw new IllegalArgumentException("Cannot fill a constant of type " + type);
    }
    org.apache.arrow.vector.BitVectorHelper.setBit(vector.getValidityBuffer(), row);
  }

  private static ByteBuffer littleEndian(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] varBytes(FieldVector vector, int row) {
    BaseVariableWidthVector v = (BaseVariableWidthVector) vector;
    int start = v.getOffsetBuffer().getInt((long) row * 4);
    int end = v.getOffsetBuffer().getInt((long) (row + 1) * 4);
    byte[] bytes = new byte[end - start];
    v.getDataBuffer().getBytes(start, bytes);
    return bytes;
  }

  /** A struct value as a {@link StructLike} view over a struct vector. */
  static final class Row implements StructLike {
    private final StructVector vector;
    private final Types.StructType type;
    private final int row;

    Row(StructVector vector, Types.StructType type, int row) {
      this.vector = vector;
      this.type = type;
      this.row = row;
    }

    @Override
    public int size() {
      return type.fields().size();
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      return javaClass.cast(
          ArrowValues.get(
              (FieldVector) vector.getChildByOrdinal(pos), type.fields().get(pos).type(), row));
    }

    @Override
    public <T> void set(int pos, T value) {
      throw new UnsupportedOperationException("Arrow rows are read-only");
    }
  }

  /** A reusable {@link StructLike} view of one row of a batch. */
  public static final class RootRow implements StructLike {
    private final List<FieldVector> vectors;
    private final Types.StructType type;
    private int row;

    /**
     * Creates a view.
     *
     * @param vectors the top-level vectors, in the order of {@code type}'s fields
     * @param type the struct type of the rows
     */
    public RootRow(List<FieldVector> vectors, Types.StructType type) {
      this.vectors = vectors;
      this.type = type;
    }

    /**
     * Moves the view to a row.
     *
     * @param index the row
     * @return this view
     */
    public RootRow at(int index) {
      this.row = index;
      return this;
    }

    @Override
    public int size() {
      return vectors.size();
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      return javaClass.cast(ArrowValues.get(vectors.get(pos), type.fields().get(pos).type(), row));
    }

    @Override
    public <T> void set(int pos, T value) {
      throw new UnsupportedOperationException("Arrow rows are read-only");
    }
  }
}
