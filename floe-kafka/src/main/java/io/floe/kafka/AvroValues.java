package io.floe.kafka;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/** Avro generic values as the Java values rows take. */
final class AvroValues {
  private AvroValues() {}

  static Map<String, Object> toMap(GenericRecord record) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      row.put(field.name(), value(record.get(field.pos())));
    }
    return row;
  }

  static Object value(Object value) {
    if (value == null) {
      return null;
    } else if (value instanceof CharSequence text) {
      return text.toString();
    } else if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    } else if (value instanceof GenericFixed fixed) {
      return fixed.bytes().clone();
    } else if (value instanceof GenericEnumSymbol<?> symbol) {
      return symbol.toString();
    } else if (value instanceof GenericRecord nested) {
      return toMap(nested);
    } else if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(item -> out.add(value(item)));
      return out;
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k.toString(), value(v)));
      return out;
    }
    return value;
  }
}
