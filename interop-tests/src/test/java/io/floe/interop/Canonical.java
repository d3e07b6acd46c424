package io.floe.interop;

import io.floe.Row;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.StructLike;

/**
 * Turns the values of Floe rows, Iceberg generic records and Spark rows into one comparable form:
 * structs become lists, binary becomes hex, timestamps with zone become {@link Instant}, UUIDs
 * become strings (Spark reads Iceberg's uuid as a string), Scala collections become Java ones.
 */
final class Canonical {
  private Canonical() {}

  static List<Object> of(Row row) {
    List<Object> out = new ArrayList<>(row.size());
    for (int i = 0; i < row.size(); i++) {
      out.add(value(row.get(i)));
    }
    return out;
  }

  static List<Object> of(StructLike struct) {
    List<Object> out = new ArrayList<>(struct.size());
    for (int i = 0; i < struct.size(); i++) {
      out.add(value(struct.get(i, Object.class)));
    }
    return out;
  }

  static List<Object> of(org.apache.spark.sql.Row row) {
    List<Object> out = new ArrayList<>(row.size());
    for (int i = 0; i < row.size(); i++) {
      out.add(value(row.get(i)));
    }
    return out;
  }

  static Object value(Object v) {
    if (v == null) {
      return null;
    } else if (v instanceof Row r) {
      return of(r);
    } else if (v instanceof org.apache.spark.sql.Row r) {
      return of(r);
    } else if (v instanceof StructLike s) {
      return of(s);
    } else if (v instanceof OffsetDateTime t) {
      return t.toInstant();
    } else if (v instanceof java.sql.Timestamp t) {
      return t.toInstant();
    } else if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    } else if (v instanceof UUID u) {
      return u.toString();
    } else if (v instanceof ByteBuffer b) {
      ByteBuffer copy = b.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return HexFormat.of().formatHex(bytes);
    } else if (v instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    } else if (v instanceof scala.collection.Map<?, ?> m) {
      return value(scala.jdk.javaapi.CollectionConverters.asJava(m));
    } else if (v instanceof scala.collection.Iterable<?> s) {
      return value(scala.jdk.javaapi.CollectionConverters.asJava(s));
    } else if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out =
          new TreeMap<>((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
      m.forEach((k, x) -> out.put(value(k), value(x)));
      return new LinkedHashMap<>(out);
    } else if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      it.forEach(x -> out.add(value(x)));
      return out;
    } else if (v instanceof CharSequence s) {
      return s.toString();
    }
    return v;
  }
}
