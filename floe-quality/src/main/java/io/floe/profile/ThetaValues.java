package io.floe.profile;

import java.math.BigDecimal;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.iceberg.types.Type;

/**
 * Feeds an Arrow column into a theta sketch in Iceberg's single-value binary form (the Puffin
 * specification's rule for {@code apache-datasketches-theta-v1}, which Spark and Trino follow):
 * ints, dates and floats as 4 little-endian bytes, longs, times, timestamps and doubles as 8,
 * booleans as one byte, strings as UTF-8, binaries, fixed and uuids as their bytes (uuids
 * big-endian), decimals as the unscaled value's big-endian two's complement. Fixed-width values are
 * read from the vector's data buffer into a reused array (no object per value). Not thread-safe.
 */
final class ThetaValues {
  private final Type type;
  private final byte[] four = new byte[4];
  private final byte[] eight = new byte[8];
  private final byte[] one = new byte[1];

  ThetaValues(Type type) {
    this.type = type;
  }

  /** Whether a column of this type can be sketched. */
  static boolean supports(Type type) {
    return type.isPrimitiveType() && type.typeId() != Type.TypeID.UNKNOWN;
  }

  void update(UpdateSketch sketch, FieldVector vector, int rows) {
    switch (type.typeId()) {
      case INTEGER:
      case DATE:
      case FLOAT:
        fixed(sketch, (BaseFixedWidthVector) vector, rows, four);
        break;
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
      case DOUBLE:
        fixed(sketch, (BaseFixedWidthVector) vector, rows, eight);
        break;
      case BOOLEAN:
        {
          BitVector bits = (BitVector) vector;
          for (int i = 0; i < rows; i++) {
            if (!bits.isNull(i)) {
              one[0] = (byte) bits.get(i);
              sketch.update(one);
            }
          }
          break;
        }
      case STRING:
      case BINARY:
        {
          BaseVariableWidthVector v = (BaseVariableWidthVector) vector;
          for (int i = 0; i < rows; i++) {
            if (!v.isNull(i)) {
              sketch.update(v.get(i));
            }
          }
          break;
        }
      case FIXED:
      case UUID:
        {
          FixedSizeBinaryVector v = (FixedSizeBinaryVector) vector;
          for (int i = 0; i < rows; i++) {
            if (!v.isNull(i)) {
              sketch.update(v.get(i));
            }
          }
          break;
        }
      case DECIMAL:
        {
          DecimalVector v = (DecimalVector) vector;
          for (int i = 0; i < rows; i++) {
            if (!v.isNull(i)) {
              BigDecimal d = v.getObject(i);
              sketch.update(d.unscaledValue().toByteArray());
            }
          }
          break;
        }
      default:
        throw new IllegalArgumentException("Cannot sketch a column of type " + type);
    }
  }

  /** Values of 4 or 8 bytes, little-endian as Arrow stores them, copied into a reused array. */
  private static void fixed(UpdateSketch sketch, BaseFixedWidthVector v, int rows, byte[] bytes) {
    org.apache.arrow.memory.ArrowBuf data = v.getDataBuffer();
    int width = bytes.length;
    for (int i = 0; i < rows; i++) {
      if (!v.isNull(i)) {
        data.getBytes((long) i * width, bytes, 0, width);
        sketch.update(bytes);
      }
    }
  }
}
