package io.floe.avro;

import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;

/** What the smallest Avro binary encoding of a schema is: whether a value can take no bytes. */
final class MinSize {
  private MinSize() {}

  /**
   * Whether a value of the schema can be encoded in zero bytes (null, fixed of size 0, or a record
   * of such fields).
   *
   * @param schema the schema
   * @return true when a value may take no bytes
   */
  static boolean isZero(Schema schema) {
    return isZero(schema, new HashSet<>());
  }

  /**
   * Whether some array in the schema has items that may take no bytes, so that its item count is
   * not bounded by the input's length.
   *
   * @param schema the schema
   * @return true when such an array exists
   */
  static boolean hasZeroByteItems(Schema schema) {
    return hasZeroByteItems(schema, new HashSet<>());
  }

  private static boolean isZero(Schema schema, Set<String> visiting) {
    switch (schema.getType()) {
      case NULL:
        return true;
      case FIXED:
        return schema.getFixedSize() == 0;
      case RECORD:
        if (!visiting.add(schema.getFullName())) {
          return false;
        }
        try {
          return schema.getFields().stream().allMatch(f -> isZero(f.schema(), visiting));
        } finally {
          visiting.remove(schema.getFullName());
        }
      default:
        return false;
    }
  }

  private static boolean hasZeroByteItems(Schema schema, Set<String> seen) {
    switch (schema.getType()) {
      case ARRAY:
        return isZero(schema.getElementType()) || hasZeroByteItems(schema.getElementType(), seen);
      case MAP:
        return hasZeroByteItems(schema.getValueType(), seen);
      case UNION:
        return schema.getTypes().stream().anyMatch(s -> hasZeroByteItems(s, seen));
      case RECORD:
        return seen.add(schema.getFullName())
            && schema.getFields().stream().anyMatch(f -> hasZeroByteItems(f.schema(), seen));
      default:
        return false;
    }
  }
}
