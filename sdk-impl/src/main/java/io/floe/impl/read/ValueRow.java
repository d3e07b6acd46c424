package io.floe.impl.read;

import io.floe.Row;
import io.floe.impl.spi.RowSource;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;
import org.apache.iceberg.util.UUIDUtil;

/**
 * A {@link Row} holding converted values, built from Iceberg's internal representation (metadata
 * tables) or from generic records (change data). Immutable once built.
 */
public final class ValueRow implements Row {
  private final Types.StructType struct;
  private final Object[] values;
  private Map<String, Integer> byName;

  ValueRow(Types.StructType struct, Object[] values) {
    this.struct = struct;
    this.values = values;
  }

  /**
   * Converts a struct in Iceberg's internal representation (micros for timestamps, days for dates,
   * {@code CharSequence} for strings) into a row of Java values.
   *
   * @param type the struct's type
   * @param data the struct
   * @return the row
   */
  public static ValueRow fromInternal(Types.StructType type, StructLike data) {
    List<Types.NestedField> fields = type.fields();
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = internal(fields.get(i).type(), data.get(i, Object.class));
    }
    return new ValueRow(type, values);
  }

  /**
   * Wraps a generic record (Java representation), turning nested records into rows.
   *
   * @param type the record's type
   * @param record the record
   * @return the row
   */
  public static ValueRow fromRecord(Types.StructType type, StructLike record) {
    List<Types.NestedField> fields = type.fields();
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = generic(fields.get(i).type(), record.get(i, Object.class));
    }
    return new ValueRow(type, values);
  }

  /**
   * A row of values already in the classes {@link Row} promises.
   *
   * @param struct the row's type
   * @param values the values, in the order of the struct's fields (not copied)
   * @return the row
   */
  public static ValueRow of(Types.StructType struct, Object[] values) {
    return new ValueRow(struct, values);
  }

  /**
   * Converts a value in Iceberg's internal representation into the class {@link Row} promises.
   *
   * @param type the value's type
   * @param value the value, or null
   * @return the converted value
   */
  public static Object internal(Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case STRUCT:
        return fromInternal(type.asStructType(), (StructLike) value);
      case LIST:
        {
          Type element = type.asListType().elementType();
          List<Object> out = new ArrayList<>();
          for (Object v : (Collection<?>) value) {
            out.add(internal(element, v));
          }
          return out;
        }
      case MAP:
        {
          Types.MapType map = type.asMapType();
          Map<Object, Object> out = new LinkedHashMap<>();
          ((Map<?, ?>) value)
              .forEach((k, v) -> out.put(internal(map.keyType(), k), internal(map.valueType(), v)));
          return out;
        }
      case STRING:
        return value.toString();
      case DATE:
        return value instanceof Integer days ? LocalDate.ofEpochDay(days) : value;
      case TIME:
        return value instanceof Long micros ? LocalTime.ofNanoOfDay(micros * 1000) : value;
      case TIMESTAMP:
        if (value instanceof Long micros) {
          return ((Types.TimestampType) type).shouldAdjustToUTC()
              ? DateTimeUtil.timestamptzFromMicros(micros)
              : DateTimeUtil.timestampFromMicros(micros);
        }
        return value;
      case TIMESTAMP_NANO:
        if (value instanceof Long nanos) {
          return ((Types.TimestampNanoType) type).shouldAdjustToUTC()
              ? DateTimeUtil.timestamptzFromNanos(nanos)
              : DateTimeUtil.timestampFromNanos(nanos);
        }
        return value;
      case UUID:
        return value instanceof ByteBuffer buf ? UUIDUtil.convert(buf) : value;
      case VARIANT:
        return variant(value);
      case FIXED:
      case BINARY:
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
      default:
        return value;
    }
  }

  /**
   * Whether values of a type in Iceberg's generic (Java) representation need {@link #generic} to be
   * in the classes {@link Row} promises: structs (records become rows), {@code fixed} (byte arrays
   * become buffers), {@code uuid}, and lists and maps holding any of them.
   *
   * @param type the type
   * @return true when {@link #generic} may change a value of the type
   */
  public static boolean needsConversion(Type type) {
    switch (type.typeId()) {
      case STRUCT:
      case FIXED:
      case UUID:
      case VARIANT:
        return true;
      case LIST:
        return needsConversion(type.asListType().elementType());
      case MAP:
        return needsConversion(type.asMapType().keyType())
            || needsConversion(type.asMapType().valueType());
      default:
        return false;
    }
  }

  /**
   * Converts a value of Iceberg's generic (Java) representation, as Iceberg's generic readers give
   * it, into the class {@link Row} promises: records become rows, {@code fixed} byte arrays become
   * {@code ByteBuffer}s, inside lists and maps too.
   *
   * @param type the value's type
   * @param value the value, or null
   * @return the converted value
   */
  public static Object generic(Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case STRUCT:
        return value instanceof Row ? value : fromRecord(type.asStructType(), (StructLike) value);
      case LIST:
        {
          Type element = type.asListType().elementType();
          if (!needsConversion(element)) {
            return value;
          }
          List<Object> out = new ArrayList<>();
          for (Object v : (Collection<?>) value) {
            out.add(generic(element, v));
          }
          return out;
        }
      case MAP:
        {
          Types.MapType map = type.asMapType();
          if (!needsConversion(map.keyType()) && !needsConversion(map.valueType())) {
            return value;
          }
          Map<Object, Object> out = new LinkedHashMap<>();
          ((Map<?, ?>) value)
              .forEach((k, v) -> out.put(generic(map.keyType(), k), generic(map.valueType(), v)));
          return out;
        }
      case UUID:
        return value instanceof ByteBuffer buf ? UUIDUtil.convert(buf) : (UUID) value;
      case FIXED:
      case BINARY:
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
      case STRING:
        return value instanceof String ? value : value.toString();
      case VARIANT:
        return variant(value);
      default:
        return value;
    }
  }

  /** A variant as Iceberg's readers give it (or already Floe's) as {@link io.floe.Variant}. */
  private static Object variant(Object value) {
    if (value instanceof org.apache.iceberg.variants.Variant v) {
      return io.floe.impl.spi.VariantValues.fromIceberg(v);
    }
    return value;
  }

  @Override
  public Types.StructType struct() {
    return struct;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public Object get(int position) {
    return values[position];
  }

  private int position(String column) {
    if (byName == null) {
      Map<String, Integer> names = new HashMap<>();
      List<Types.NestedField> fields = struct.fields();
      for (int i = 0; i < fields.size(); i++) {
        names.put(fields.get(i).name(), i);
      }
      byName = names;
    }
    Integer pos = byName.get(column);
    if (pos == null) {
      throw new IllegalArgumentException(
          "No column '" + column + "' in this row; columns are " + byName.keySet());
    }
    return pos;
  }

  @Override
  public Object get(String column) {
    return values[position(column)];
  }

  @Override
  public <T> T get(String column, Class<T> type) {
    return type.cast(get(column));
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Types.NestedField> fields = struct.fields();
    for (int i = 0; i < values.length; i++) {
      out.put(fields.get(i).name(), RowSource.plain(values[i]));
    }
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ValueRow row
        && struct.equals(row.struct)
        && java.util.Arrays.deepEquals(values, row.values);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
