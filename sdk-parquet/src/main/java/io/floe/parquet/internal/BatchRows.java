package io.floe.parquet.internal;

import io.floe.Row;
import io.floe.impl.spi.RowSource;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;
import org.apache.iceberg.util.UUIDUtil;

/**
 * One Arrow batch copied out of its (reused) vectors into Java arrays, column by column, and seen
 * as {@link Row}s in the classes {@code Row} documents. Primitive columns are kept as primitive
 * arrays and boxed (or turned into {@code LocalDate}, {@code OffsetDateTime}...) when a value is
 * read; other columns are converted once, when the batch is copied. Nothing refers to Arrow memory
 * after {@link #of}, so rows outlive the batch. Immutable once built.
 *
 * <p>Hot path of row scans: specialised per type because {@code ScanBenchmark.floeRowsAllColumns}
 * shows the copy and the per-value reads dominate once decoding is vectorized.
 */
final class BatchRows {
  private final Layout layout;
  private final Column[] columns;
  private final int size;

  private BatchRows(Layout layout, Column[] columns, int size) {
    this.layout = layout;
    this.columns = columns;
    this.size = size;
  }

  /** The shape of the rows of one struct type: names to positions, shared by all rows. */
  static final class Layout {
    final Types.StructType struct;
    final List<Types.NestedField> fields;
    final Map<String, Integer> byName = new HashMap<>();

    /** Layouts of nested struct types, by field id, made once. */
    private final Map<Integer, Layout> nested = new HashMap<>();

    private Layout(Types.StructType struct) {
      this.struct = struct;
      this.fields = struct.fields();
      for (int i = 0; i < fields.size(); i++) {
        byName.put(fields.get(i).name(), i);
      }
    }

    static Layout of(Types.StructType struct) {
      return new Layout(struct);
    }

    /** The layout of a struct nested in this one, found by the id of the field (or element). */
    Layout nested(int id, Types.StructType type) {
      return nested.computeIfAbsent(id, k -> new Layout(type));
    }

    int position(String column) {
      Integer pos = byName.get(column);
      if (pos == null) {
        throw new IllegalArgumentException(
            "Row has no column '" + column + "'; columns are " + names());
      }
      return pos;
    }

    private List<String> names() {
      List<String> names = new ArrayList<>();
      fields.forEach(f -> names.add(f.name()));
      return names;
    }
  }

  /**
   * Copies a batch.
   *
   * @param layout the layout of the batch's schema (the scan's projection)
   * @param root the batch, its vectors in the order of the layout's fields
   * @return the rows
   */
  static BatchRows of(Layout layout, VectorSchemaRoot root) {
    int n = root.getRowCount();
    List<FieldVector> vectors = root.getFieldVectors();
    Column[] columns = new Column[layout.fields.size()];
    for (int c = 0; c < columns.length; c++) {
      Types.NestedField field = layout.fields.get(c);
      columns[c] = column(layout, field.fieldId(), field.type(), vectors.get(c), n);
    }
    return new BatchRows(layout, columns, n);
  }

  int size() {
    return size;
  }

  Row row(int index) {
    return new BatchRow(this, index);
  }

  /** A copied column: {@code get} gives a value in the class {@link Row} documents, or null. */
  private abstract static class Column {
    /** Which rows are null, or null when none is. */
    final boolean[] nulls;

    Column(boolean[] nulls) {
      this.nulls = nulls;
    }

    final Object get(int row) {
      return nulls != null && nulls[row] ? null : value(row);
    }

    abstract Object value(int row);
  }

  private static boolean[] nulls(FieldVector vector, int n) {
    if (vector.getNullCount() == 0) {
      return null;
    }
    boolean[] nulls = new boolean[n];
    for (int i = 0; i < n; i++) {
      nulls[i] = vector.isNull(i);
    }
    return nulls;
  }

  private static Column column(Layout layout, int id, Type type, FieldVector vector, int n) {
    boolean[] nulls = nulls(vector, n);
    switch (type.typeId()) {
      case BOOLEAN:
        {
          BitVector bits = (BitVector) vector;
          boolean[] values = new boolean[n];
          for (int i = 0; i < n; i++) {
            values[i] = BitVectorHelper.get(bits.getDataBuffer(), i) != 0;
          }
          return new Column(nulls) {
            @Override
            Object value(int row) {
              return values[row];
            }
          };
        }
      case INTEGER:
        {
          int[] values = ints(vector, n);
          return new Column(nulls) {
            @Override
            Object value(int row) {
              return values[row];
            }
          };
        }
      case DATE:
        {
          int[] values = ints(vector, n);
          return new Column(nulls) {
            @Override
            Object value(int row) {
              return LocalDate.ofEpochDay(values[row]);
            }
          };
        }
      case LONG:
        {
          long[] values = longs(vector, n);
          return new Column(nulls) {
            @Override
            Object value(int row) {
              return values[row];
            }
          };
        }
      case TIME:
        {
          long[] values = longs(vector, n);
          return new Column(nulls) {
            @Override
            Object value(int row) {
              return LocalTime.ofNanoOfDay(values[row] * 1000);
            }
          };
        }
      case TIMESTAMP:
        {
          long[] values = longs(vector, n);
          if (((Types.TimestampType) type).shouldAdjustToUTC()) {
            return new Column(nulls) {
              @Override
              Object value(int row) {
                return timestamptz(values[row]);
              }
            };
          }
          return new Column(nulls) {
            @Override
            Object value(int row) {
              return timestamp(values[row]);
            }
          };
        }
      case TIMESTAMP_NANO:
        {
          long[] values = longs(vector, n);
          if (((Types.TimestampNanoType) type).shouldAdjustToUTC()) {
            return new Column(nulls) {
              @Override
              Object value(int row) {
                return DateTimeUtil.timestamptzFromNanos(values[row]);
              }
            };
          }
          return new Column(nulls) {
            @Override
            Object value(int row) {
              return DateTimeUtil.timestampFromNanos(values[row]);
            }
          };
        }
      case FLOAT:
        {
          ArrowBuf data = ((BaseFixedWidthVector) vector).getDataBuffer();
          float[] values = new float[n];
          for (int i = 0; i < n; i++) {
            values[i] = data.getFloat((long) i * 4);
          }
          return new Column(nulls) {
            @Override
            Object value(int row) {
              return values[row];
            }
          };
        }
      case DOUBLE:
        {
          ArrowBuf data = ((BaseFixedWidthVector) vector).getDataBuffer();
          double[] values = new double[n];
          for (int i = 0; i < n; i++) {
            values[i] = data.getDouble((long) i * 8);
          }
          return new Column(nulls) {
            @Override
            Object value(int row) {
              return values[row];
            }
          };
        }
      case STRING:
        return objects(nulls, strings((BaseVariableWidthVector) vector, nulls, n));
      default:
        {
          Object[] values = new Object[n];
          for (int i = 0; i < n; i++) {
            if (nulls == null || !nulls[i]) {
              values[i] = value(layout, id, type, vector, i);
            }
          }
          return objects(nulls, values);
        }
    }
  }

  /**
   * Microseconds from the epoch as a {@code LocalDateTime}: the value of Iceberg's {@code
   * DateTimeUtil.timestampFromMicros}, in half its time (that one adds the micros to the epoch
   * through {@code ChronoUnit}; a timestamp column is often the costliest of a row scan).
   */
  static LocalDateTime timestamp(long micros) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L),
        (int) Math.floorMod(micros, 1_000_000L) * 1000,
        ZoneOffset.UTC);
  }

  /** Microseconds from the epoch as an {@code OffsetDateTime} in UTC (see {@link #timestamp}). */
  static OffsetDateTime timestamptz(long micros) {
    return OffsetDateTime.of(timestamp(micros), ZoneOffset.UTC);
  }

  private static Column objects(boolean[] nulls, Object[] values) {
    return new Column(nulls) {
      @Override
      Object value(int row) {
        return values[row];
      }
    };
  }

  private static int[] ints(FieldVector vector, int n) {
    ArrowBuf data = ((BaseFixedWidthVector) vector).getDataBuffer();
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = data.getInt((long) i * 4);
    }
    return values;
  }

  private static long[] longs(FieldVector vector, int n) {
    ArrowBuf data = ((BaseFixedWidthVector) vector).getDataBuffer();
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = data.getLong((long) i * 8);
    }
    return values;
  }

  /** The strings of a column, decoded from one copy of its bytes. */
  private static Object[] strings(BaseVariableWidthVector vector, boolean[] nulls, int n) {
    Object[] values = new Object[n];
    if (n == 0) {
      return values;
    }
    ArrowBuf offsets = vector.getOffsetBuffer();
    int first = offsets.getInt(0);
    int end = offsets.getInt((long) n * 4);
    byte[] bytes = new byte[end - first];
    vector.getDataBuffer().getBytes(first, bytes, 0, bytes.length);
    int start = 0;
    for (int i = 0; i < n; i++) {
      int next = offsets.getInt((long) (i + 1) * 4) - first;
      if (nulls == null || !nulls[i]) {
        values[i] = new String(bytes, start, next - start, StandardCharsets.UTF_8);
      }
      start = next;
    }
    return values;
  }

  /**
   * One value, not null, of any type, in the class {@link Row} documents; nested structs become
   * rows, lists {@code ArrayList}s, maps {@code LinkedHashMap}s.
   */
  private static Object value(Layout layout, int id, Type type, FieldVector vector, int row) {
    switch (type.typeId()) {
      case BOOLEAN:
        return BitVectorHelper.get(((BitVector) vector).getDataBuffer(), row) != 0;
      case INTEGER:
        return ((BaseFixedWidthVector) vector).getDataBuffer().getInt((long) row * 4);
      case DATE:
        return LocalDate.ofEpochDay(
            ((BaseFixedWidthVector) vector).getDataBuffer().getInt((long) row * 4));
      case LONG:
        return ((BaseFixedWidthVector) vector).getDataBuffer().getLong((long) row * 8);
      case TIME:
        return LocalTime.ofNanoOfDay(
            ((BaseFixedWidthVector) vector).getDataBuffer().getLong((long) row * 8) * 1000);
      case TIMESTAMP:
        {
          long micros = ((BaseFixedWidthVector) vector).getDataBuffer().getLong((long) row * 8);
          return ((Types.TimestampType) type).shouldAdjustToUTC()
              ? timestamptz(micros)
              : timestamp(micros);
        }
      case TIMESTAMP_NANO:
        {
          long nanos = ((BaseFixedWidthVector) vector).getDataBuffer().getLong((long) row * 8);
          return ((Types.TimestampNanoType) type).shouldAdjustToUTC()
              ? DateTimeUtil.timestamptzFromNanos(nanos)
              : DateTimeUtil.timestampFromNanos(nanos);
        }
      case FLOAT:
        return ((BaseFixedWidthVector) vector).getDataBuffer().getFloat((long) row * 4);
      case DOUBLE:
        return ((BaseFixedWidthVector) vector).getDataBuffer().getDouble((long) row * 8);
      case STRING:
        return new String(varBytes((BaseVariableWidthVector) vector, row), StandardCharsets.UTF_8);
      case BINARY:
        return ByteBuffer.wrap(varBytes((BaseVariableWidthVector) vector, row));
      case FIXED:
        return ByteBuffer.wrap(((FixedSizeBinaryVector) vector).get(row));
      case UUID:
        return UUIDUtil.convert(((FixedSizeBinaryVector) vector).get(row));
      case DECIMAL:
        return decimal((DecimalVector) vector, (Types.DecimalType) type, row);
      case STRUCT:
        {
          StructVector struct = (StructVector) vector;
          Layout nested = layout.nested(id, type.asStructType());
          Object[] values = new Object[nested.fields.size()];
          for (int i = 0; i < values.length; i++) {
            Types.NestedField field = nested.fields.get(i);
            values[i] =
                orNull(
                    nested,
                    field.fieldId(),
                    field.type(),
                    // by name: the vector may hold more fields than the projection returns
                    struct.getChild(field.name()),
                    row);
          }
          return new StructRow(nested, values);
        }
      case LIST:
        {
          ListVector list = (ListVector) vector;
          Types.ListType listType = type.asListType();
          FieldVector data = list.getDataVector();
          int start = list.getOffsetBuffer().getInt((long) row * 4);
          int end = list.getOffsetBuffer().getInt((long) (row + 1) * 4);
          List<Object> values = new ArrayList<>(end - start);
          for (int i = start; i < end; i++) {
            values.add(orNull(layout, listType.elementId(), listType.elementType(), data, i));
          }
          return values;
        }
      case MAP:
        {
          ListVector map = (ListVector) vector;
          Types.MapType mapType = type.asMapType();
          StructVector entries = (StructVector) map.getDataVector();
          FieldVector keys = (FieldVector) entries.getChildByOrdinal(0);
          FieldVector values = (FieldVector) entries.getChildByOrdinal(1);
          int start = map.getOffsetBuffer().getInt((long) row * 4);
          int end = map.getOffsetBuffer().getInt((long) (row + 1) * 4);
          Map<Object, Object> result = new LinkedHashMap<>();
          for (int i = start; i < end; i++) {
            result.put(
                orNull(layout, mapType.keyId(), mapType.keyType(), keys, i),
                orNull(layout, mapType.valueId(), mapType.valueType(), values, i));
          }
          return result;
        }
      default:
        throw new UnsupportedOperationException("Cannot read " + type + " from Arrow");
    }
  }

  private static Object orNull(Layout layout, int id, Type type, FieldVector vector, int row) {
    return vector.isNull(row) ? null : value(layout, id, type, vector, row);
  }

  /** A decimal of the column's scale; the low 64 bits alone when the precision fits a long. */
  private static BigDecimal decimal(DecimalVector vector, Types.DecimalType type, int row) {
    if (type.precision() <= 18) {
      return BigDecimal.valueOf(vector.getDataBuffer().getLong((long) row * 16), type.scale());
    }
    BigDecimal value = vector.getObject(row);
    return value.scale() == type.scale()
        ? value
        : new BigDecimal(value.unscaledValue(), type.scale());
  }

  private static byte[] varBytes(BaseVariableWidthVector vector, int row) {
    int start = vector.getOffsetBuffer().getInt((long) row * 4);
    int end = vector.getOffsetBuffer().getInt((long) (row + 1) * 4);
    byte[] bytes = new byte[end - start];
    vector.getDataBuffer().getBytes(start, bytes);
    return bytes;
  }

  /** What both kinds of row share: access by name, {@code toMap}, equality by values. */
  private abstract static class BaseRow implements Row {
    abstract Layout layout();

    @Override
    public Types.StructType struct() {
      return layout().struct;
    }

    @Override
    public int size() {
      return layout().fields.size();
    }

    @Override
    public Object get(String column) {
      return get(layout().position(column));
    }

    @Override
    public <T> T get(String column, Class<T> type) {
      return type.cast(get(column));
    }

    @Override
    public Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      List<Types.NestedField> fields = layout().fields;
      for (int i = 0; i < fields.size(); i++) {
        map.put(fields.get(i).name(), RowSource.plain(get(i)));
      }
      return map;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof BaseRow row) || !struct().equals(row.struct())) {
        return false;
      }
      for (int i = 0; i < size(); i++) {
        if (!Objects.equals(get(i), row.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int hash = 1;
      for (int i = 0; i < size(); i++) {
        hash = 31 * hash + Objects.hashCode(get(i));
      }
      return hash;
    }

    @Override
    public String toString() {
      return toMap().toString();
    }
  }

  /** A row of a batch: its values are read from the batch's columns. */
  private static final class BatchRow extends BaseRow {
    private final BatchRows batch;
    private final int index;

    BatchRow(BatchRows batch, int index) {
      this.batch = batch;
      this.index = index;
    }

    @Override
    Layout layout() {
      return batch.layout;
    }

    @Override
    public Object get(int position) {
      return batch.columns[position].get(index);
    }
  }

  /** A nested struct's values. */
  private static final class StructRow extends BaseRow {
    private final Layout layout;
    private final Object[] values;

    StructRow(Layout layout, Object[] values) {
      this.layout = layout;
      this.values = values;
    }

    @Override
    Layout layout() {
      return layout;
    }

    @Override
    public Object get(int position) {
      return values[position];
    }
  }
}
