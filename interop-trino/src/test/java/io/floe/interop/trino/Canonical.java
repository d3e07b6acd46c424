package io.floe.interop.trino;

import io.floe.Row;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.StructLike;

/**
 * Turns Floe rows, Iceberg records and Trino JDBC rows into one comparable form (the idea of
 * interop-tests' {@code Canonical}): structs become lists, binary becomes hex, timestamps with zone
 * become {@link java.time.Instant}, timestamps without zone {@link java.time.LocalDateTime}, dates
 * {@link java.time.LocalDate}, UUIDs strings, maps sorted by key.
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

  /** The current row of a Trino result set; top-level temporal columns by their SQL type. */
  static List<Object> of(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<Object> out = new ArrayList<>(meta.getColumnCount());
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String type = meta.getColumnTypeName(i);
      Object v;
      if (type.startsWith("timestamp") && type.endsWith("with time zone")) {
        ZonedDateTime t = rs.getObject(i, ZonedDateTime.class);
        v = t == null ? null : t.toInstant();
      } else if (type.startsWith("timestamp")) {
        java.sql.Timestamp t = rs.getTimestamp(i);
        v = t == null ? null : t.toLocalDateTime();
      } else if (type.startsWith("time")) {
        String t = rs.getString(i);
        v = t == null ? null : LocalTime.parse(t);
      } else {
        v = value(rs.getObject(i));
      }
      out.add(v);
    }
    return out;
  }

  static Object value(Object v) {
    if (v == null) {
      return null;
    } else if (v instanceof Row r) {
      return of(r);
    } else if (v instanceof StructLike s) {
      return of(s);
    } else if (v instanceof io.trino.jdbc.Row r) {
      List<Object> out = new ArrayList<>();
      r.getFields().forEach(f -> out.add(value(f.getValue())));
      return out;
    } else if (v instanceof java.sql.Array a) {
      try {
        return value(Arrays.asList((Object[]) a.getArray()));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    } else if (v instanceof OffsetDateTime t) {
      return t.toInstant();
    } else if (v instanceof ZonedDateTime t) {
      return t.toInstant();
    } else if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
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
