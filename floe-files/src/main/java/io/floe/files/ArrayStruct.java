package io.floe.files;

import java.util.Arrays;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Types;

/** A row or nested struct by position, with its struct type (to find fields by name). */
final class ArrayStruct implements StructLike {
  final Types.StructType type;
  final Object[] values;

  ArrayStruct(Types.StructType type, Object[] values) {
    this.type = type;
    this.values = values;
  }

  ArrayStruct(Types.StructType type) {
    this(type, new Object[type.fields().size()]);
  }

  /** The value of a field by name, or null when there is no such field. */
  Object field(String name) {
    Types.NestedField field = type.field(name);
    if (field == null) {
      return null;
    }
    return values[type.fields().indexOf(field)];
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    return javaClass.cast(values[pos]);
  }

  @Override
  public <T> void set(int pos, T value) {
    values[pos] = value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ArrayStruct && Arrays.equals(values, ((ArrayStruct) other).values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
