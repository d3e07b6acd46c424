package io.floe.parquet.internal;

import io.floe.Row;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Floe {@link Row}s seen as {@link StructLike}s in Iceberg's internal representation (days, micros,
 * nanos, nested structs), so that {@link RowBatches} copies them into Arrow vectors: the Arrow path
 * of scans that have no vectorized reader (incremental and changelog scans). Values are converted
 * as they are read; nothing is copied twice. Not thread-safe.
 */
public final class RowStructs {
  private RowStructs() {}

  /**
   * The rows, each seen as a struct; closing the result closes the rows.
   *
   * @param rows the rows, in the classes {@link Row} documents
   * @return the structs
   */
  public static CloseableIterable<StructLike> of(CloseableIterable<Row> rows) {
    return CloseableIterable.transform(rows, RowStruct::new);
  }

  /**
   * Converts one value from the class {@link Row} documents into Iceberg's internal representation;
   * values already internal are returned as they are.
   *
   * @param type the value's type
   * @param value the value, or null
   * @return the internal value
   */
  static Object internal(Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case STRUCT:
        return value instanceof Row row ? new RowStruct(row) : value;
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
      case DATE:
        return value instanceof LocalDate date ? (int) date.toEpochDay() : value;
      case TIME:
        return value instanceof LocalTime time ? time.toNanoOfDay() / 1000 : value;
      case TIMESTAMP:
        if (value instanceof OffsetDateTime t) {
          return DateTimeUtil.microsFromTimestamptz(t);
        }
        return value instanceof LocalDateTime t ? DateTimeUtil.microsFromTimestamp(t) : value;
      case TIMESTAMP_NANO:
        if (value instanceof OffsetDateTime t) {
          return DateTimeUtil.nanosFromTimestamptz(t);
        }
        return value instanceof LocalDateTime t ? DateTimeUtil.nanosFromTimestamp(t) : value;
      default:
        return value;
    }
  }

  /** A row as a struct: its values converted when read. */
  private static final class RowStruct implements StructLike {
    private final Row row;
    private final List<Types.NestedField> fields;

    RowStruct(Row row) {
      this.row = row;
      this.fields = row.struct().fields();
    }

    @Override
    public int size() {
      return row.size();
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      return javaClass.cast(internal(fields.get(pos).type(), row.get(pos)));
    }

    @Override
    public <T> void set(int pos, T value) {
      throw new UnsupportedOperationException("A row read from a scan is read-only");
    }
  }
}
