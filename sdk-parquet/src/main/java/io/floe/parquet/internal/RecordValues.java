package io.floe.parquet.internal;

import io.floe.Row;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.ByteBuffers;

/**
 * Rows of Floe's reader as Iceberg generic records, in the classes Iceberg's generic Parquet reader
 * gives: the classes {@link Row} promises, except that nested structs are records and {@code fixed}
 * values are {@code byte[]} (inside lists and maps too). One converter per struct type; immutable
 * and thread-safe (each record is fresh).
 */
final class RecordValues {
  private final Types.StructType struct;
  private final Type[] converted;
  private final GenericRecord template;

  private RecordValues(Types.StructType struct) {
    this.struct = struct;
    List<Types.NestedField> fields = struct.fields();
    this.converted = new Type[fields.size()];
    for (int i = 0; i < converted.length; i++) {
      Type type = fields.get(i).type();
      converted[i] = converts(type) ? type : null;
    }
    this.template = GenericRecord.create(struct);
  }

  /** A converter of rows of a struct type. */
  static RecordValues of(Types.StructType struct) {
    return new RecordValues(struct);
  }

  /** A fresh record holding a row's values. */
  Record record(Row row) {
    GenericRecord record = template.copy();
    for (int i = 0; i < converted.length; i++) {
      Object value = row.get(i);
      record.set(i, converted[i] == null ? value : generic(converted[i], value));
    }
    return record;
  }

  /** Whether values of a type differ between {@link Row} and Iceberg's generic records. */
  private static boolean converts(Type type) {
    switch (type.typeId()) {
      case STRUCT:
      case FIXED:
        return true;
      case LIST:
        return converts(type.asListType().elementType());
      case MAP:
        return converts(type.asMapType().keyType()) || converts(type.asMapType().valueType());
      default:
        return false;
    }
  }

  private static Object generic(Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case STRUCT:
        return of(type.asStructType()).record((Row) value);
      case FIXED:
        return value instanceof ByteBuffer buffer ? ByteBuffers.toByteArray(buffer) : value;
      case LIST:
        {
          Type element = type.asListType().elementType();
          if (!converts(element)) {
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
          if (!converts(map.keyType()) && !converts(map.valueType())) {
            return value;
          }
          Map<Object, Object> out = new LinkedHashMap<>();
          ((Map<?, ?>) value)
              .forEach((k, v) -> out.put(generic(map.keyType(), k), generic(map.valueType(), v)));
          return out;
        }
      default:
        return value;
    }
  }

  @Override
  public String toString() {
    return "RecordValues{" + struct + "}";
  }
}
