package io.floe.files;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.BaseFixedWidthVector;
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
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Reads values out of the Arrow vectors of Floe's scans as the Java values {@link Values} produces
 * (the representation writers and {@code AvroRows} take). Stateless; thread-safe.
 */
final class ArrowValues {
  private ArrowValues() {}

  /** The value of row {@code i} of a vector holding a column of Iceberg type {@code type}. */
  static Object get(ValueVector vector, Type type, int i) {
    if (vector.isNull(i)) {
      return null;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        return ((BitVector) vector).get(i) != 0;
      case INTEGER:
        return ((IntVector) vector).get(i);
      case LONG:
        return vector instanceof IntVector
            ? (long) ((IntVector) vector).get(i)
            : ((BigIntVector) vector).get(i);
      case FLOAT:
        return ((Float4Vector) vector).get(i);
      case DOUBLE:
        return vector instanceof Float4Vector
            ? (double) ((Float4Vector) vector).get(i)
            : ((Float8Vector) vector).get(i);
      case STRING:
        return new String(((VarCharVector) vector).get(i), StandardCharsets.UTF_8);
      case DECIMAL:
        return ((DecimalVector) vector).getObject(i);
      case DATE:
        return LocalDate.ofEpochDay(((DateDayVector) vector).get(i));
      case TIME:
        return LocalTime.ofNanoOfDay(((TimeMicroVector) vector).get(i) * 1000);
      case TIMESTAMP:
        {
          long micros = micros((TimeStampVector) vector, i);
          return ((Types.TimestampType) type).shouldAdjustToUTC()
              ? Temporals.offsetDateTime(micros)
              : Temporals.localDateTime(micros);
        }
      case UUID:
        {
          ByteBuffer bytes = ByteBuffer.wrap(((FixedSizeBinaryVector) vector).get(i));
          return new UUID(bytes.getLong(), bytes.getLong());
        }
      case FIXED:
        return ((FixedSizeBinaryVector) vector).get(i);
      case BINARY:
        return ByteBuffer.wrap(((VarBinaryVector) vector).get(i));
      case STRUCT:
        {
          StructVector struct = (StructVector) vector;
          Types.StructType structType = type.asStructType();
          List<Types.NestedField> fields = structType.fields();
          Object[] values = new Object[fields.size()];
          for (int f = 0; f < fields.size(); f++) {
            ValueVector child = struct.getChild(fields.get(f).name());
            if (child == null) {
              child = struct.getChildByOrdinal(f);
            }
            values[f] = get(child, fields.get(f).type(), i);
          }
          return new ArrayStruct(structType, values);
        }
      case MAP:
        {
          MapVector map = (MapVector) vector;
          StructVector entries = (StructVector) map.getDataVector();
          Types.MapType mapType = type.asMapType();
          FieldVector keys = (FieldVector) entries.getChildByOrdinal(0);
          FieldVector values = (FieldVector) entries.getChildByOrdinal(1);
          Map<Object, Object> out = new LinkedHashMap<>();
          for (int e = map.getElementStartIndex(i); e < map.getElementEndIndex(i); e++) {
            out.put(get(keys, mapType.keyType(), e), get(values, mapType.valueType(), e));
          }
          return out;
        }
      case LIST:
        {
          ListVector list = (ListVector) vector;
          Type element = type.asListType().elementType();
          FieldVector data = list.getDataVector();
          List<Object> out = new ArrayList<>();
          for (int e = list.getElementStartIndex(i); e < list.getElementEndIndex(i); e++) {
            out.add(get(data, element, e));
          }
          return out;
        }
      default:
        throw new IllegalArgumentException("No Arrow reading of " + type);
    }
  }

  private static long micros(TimeStampVector vector, int i) {
    long value = ((BaseFixedWidthVector) vector).getDataBuffer().getLong((long) i * 8);
    TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
    switch (unit) {
      case SECOND:
        return value * 1_000_000L;
      case MILLISECOND:
        return value * 1000L;
      case NANOSECOND:
        return Math.floorDiv(value, 1000L);
      default:
        return value;
    }
  }
}
