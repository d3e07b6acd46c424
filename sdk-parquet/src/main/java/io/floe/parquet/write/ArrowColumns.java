package io.floe.parquet.write;

import io.floe.ValidationException;
import io.floe.impl.spi.ColumnSource;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DoubleFieldMetrics;
import org.apache.iceberg.FloatFieldMetrics;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Writes Arrow vectors straight into Parquet column writers, one column at a time: no per-row
 * objects, no boxing.
 *
 * <p>{@link #bind} turns a batch into a {@link Batch}: one {@link Column} adapter per table column
 * (the {@link ColumnSource} the appender pulls from) plus an {@link ArrowRow} cursor for partition
 * keys. Fixed-width and variable-width vectors without nulls are copied into Java arrays in bulk
 * once per batch (a {@link Scratch} per column, reused across batches) and written from tight,
 * monomorphic loops; vectors with nulls go value by value. Several threads may write rows of one
 * loaded batch ({@link Batch#load}) at once.
 */
final class ArrowColumns {
  private ArrowColumns() {}

  /** Reusable arrays of one column, kept across batches of an append. */
  static final class Scratch {
    long[] longs = new long[0];
    int[] ints = new int[0];
    double[] doubles = new double[0];
    float[] floats = new float[0];
    byte[] bytes = new byte[0];

    long[] longs(int n) {
      if (longs.length < n) {
        longs = new long[n];
      }
      return longs;
    }

    int[] ints(int n) {
      if (ints.length < n) {
        ints = new int[n];
      }
      return ints;
    }

    double[] doubles(int n) {
      if (doubles.length < n) {
        doubles = new double[n];
      }
      return doubles;
    }

    float[] floats(int n) {
      if (floats.length < n) {
        floats = new float[n];
      }
      return floats;
    }

    byte[] bytes(long n) {
      if (n > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("Arrow batch column data over 2 GiB");
      }
      if (bytes.length < n) {
        bytes = new byte[(int) Math.max(n, Math.min(Integer.MAX_VALUE - 16, bytes.length * 2L))];
      }
      return bytes;
    }
  }

  private static java.nio.ByteBuffer view(
      org.apache.arrow.memory.ArrowBuf buffer, long offset, long length) {
    return buffer.nioBuffer(offset, (int) length).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Reads one Arrow vector as one Iceberg column. */
  abstract static class Column {
    final FieldVector vector;
    final boolean hasNulls;
    final int count;

    Column(FieldVector vector) {
      this.vector = vector;
      this.count = vector == null ? 0 : vector.getValueCount();
      this.hasNulls = vector == null || vector.getNullCount() > 0;
    }

    boolean isNull(int row) {
      return vector == null || vector.isNull(row);
    }

    /**
     * Writes rows {@code from..to-1} (or {@code rows[from..to-1]}); nulls as nulls.
     *
     * @param w the column writer
     * @param dl the definition level of a present value
     * @param m the float/double metrics builder, or null
     * @param rows a selection, or null
     * @param from first index
     * @param to end index (exclusive)
     */
    void write(ColumnWriter w, int dl, Object m, int[] rows, int from, int to) {
      if (!hasNulls && rows == null) {
        writeDense(w, dl, m, from, to);
        return;
      }
      for (int k = from; k < to; k++) {
        int row = rows == null ? k : rows[k];
        if (isNull(row)) {
          w.writeNull(0, 0);
        } else {
          writeOne(w, row, dl, m);
        }
      }
    }

    /** Writes rows {@code from..to-1}, none of them null; overridden by the hot types. */
    void writeDense(ColumnWriter w, int dl, Object m, int from, int to) {
      for (int row = from; row < to; row++) {
        writeOne(w, row, dl, m);
      }
    }

    /** Writes a non-null value. */
    abstract void writeOne(ColumnWriter writer, int row, int dl, Object metrics);

    /**
     * Copies the values out of the vector now if this column copies them at all (they are copied
     * lazily otherwise), so that several threads may then write rows of this batch at once.
     */
    void load() {}

    /** The value in Iceberg's internal representation (for partition keys). */
    abstract Object internal(int row);

    /**
     * Whether {@link #longKey} reads this column's values: integers, dates, times and timestamps in
     * Iceberg's units, booleans as 0 or 1, floating point values as their bits.
     */
    boolean hasLongKey() {
      return false;
    }

    /** A non-null value as a long (see {@link #hasLongKey}), for partition keys. */
    long longKey(int row) {
      throw new UnsupportedOperationException("no long key for " + vector);
    }

    /** Whether {@link #appendBytesKey} reads this column (strings, binaries, fixed, decimals). */
    boolean hasBytesKey() {
      return false;
    }

    /** Appends a non-null value's raw bytes to a partition key. */
    void appendBytesKey(int row, ArrowPartitions.Key key) {
      throw new UnsupportedOperationException("no byte key for " + vector);
    }
  }

  /**
   * Whether nearly all (at least 99%) of the first non-null values of a column are distinct, over a
   * sample of at least {@code minSample} of its first {@code limit} rows. Parquet would try a
   * dictionary for such a column and give it up: values that distinct come from a population so
   * large that the dictionary outgrows its page limit, or costs more than the plain values at the
   * end of the first page; every value is then re-encoded plainly. Booleans and columns without
   * keys are never reported.
   *
   * @param column the column of a bound batch
   * @param limit the rows to look at
   * @param minSample the fewest non-null values that allow a verdict
   * @return whether the sampled values are nearly all distinct
   */
  static boolean mostlyDistinct(Column column, int limit, int minSample) {
    if (column.vector == null
        || column.vector instanceof BitVector
        || !(column.hasLongKey() || column.hasBytesKey())) {
      return false;
    }
    int rows = Math.min(limit, column.count);
    long[] table = new long[Integer.highestOneBit(Math.max(rows, 1)) * 4];
    boolean zero = false;
    int sampled = 0;
    int distinct = 0;
    ArrowPartitions.Key key = column.hasLongKey() ? null : new ArrowPartitions.Key();
    for (int row = 0; row < rows; row++) {
      if (column.isNull(row)) {
        continue;
      }
      sampled++;
      long value;
      if (key == null) {
        value = column.longKey(row);
      } else {
        key.clear();
        column.appendBytesKey(row, key);
        value = key.longHash();
      }
      if (value == 0) {
        if (!zero) {
          zero = true;
          distinct++;
        }
        continue;
      }
      int mask = table.length - 1;
      int at = (int) (mix(value) & mask);
      while (table[at] != 0 && table[at] != value) {
        at = (at + 1) & mask;
      }
      if (table[at] == 0) {
        table[at] = value;
        distinct++;
      }
    }
    return sampled >= minSample && distinct * 100L >= sampled * 99L;
  }

  private static long mix(long value) {
    long h = value * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 32);
  }

  /** A bound batch: the column adapters the appender pulls from. */
  static final class Batch implements ColumnSource {
    final Column[] columns;
    final int[] definitionLevels;
    final ArrowRow row;
    final int rowCount;

    Batch(Column[] columns, int[] definitionLevels, int rowCount) {
      this.columns = columns;
      this.definitionLevels = definitionLevels;
      this.row = new ArrowRow(columns);
      this.rowCount = rowCount;
    }

    /** Copies every column's values out of the vectors ({@link Column#load}). */
    void load() {
      for (Column column : columns) {
        column.load();
      }
    }

    @Override
    public void write(
        int column, ColumnWriter writer, Object metrics, int[] rows, int from, int to) {
      columns[column].write(writer, definitionLevels[column], metrics, rows, from, to);
    }
  }

  /** A cursor over the rows of one batch, also a {@link StructLike} of internal values. */
  static final class ArrowRow implements StructLike {
    final Column[] columns;
    int index;

    ArrowRow(Column[] columns) {
      this.columns = columns;
    }

    @Override
    public int size() {
      return columns.length;
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      Column column = columns[pos];
      return column.isNull(index) ? null : javaClass.cast(column.internal(index));
    }

    @Override
    public <T> void set(int pos, T value) {
      throw new UnsupportedOperationException("Arrow rows are read-only");
    }
  }

  /**
   * Binds a batch to a table schema by column name.
   *
   * @param table the table name, for messages
   * @param schema the table schema (flat, primitive columns)
   * @param root the batch
   * @param scratch one scratch per table column, reused across batches
   * @return the bound batch
   * @throws ValidationException when a column is unknown, missing but required, or of another type
   */
  static Batch bind(String table, Schema schema, VectorSchemaRoot root, Scratch[] scratch) {
    List<Types.NestedField> fields = schema.columns();
    Map<String, FieldVector> vectors = new HashMap<>();
    for (FieldVector vector : root.getFieldVectors()) {
      vectors.put(vector.getName(), vector);
    }
    for (String name : vectors.keySet()) {
      if (schema.findField(name) == null || !fields.contains(schema.findField(name))) {
        throw ArrowWriteErrors.unknownColumn(
            table, name, fields.stream().map(Types.NestedField::name).toList());
      }
    }
    for (Types.NestedField field : fields) {
      if (!field.type().isPrimitiveType()) {
        throw ArrowWriteErrors.nestedColumn(table, field.name(), field.type());
      }
    }
    int rowCount = root.getRowCount();
    Column[] columns = new Column[fields.size()];
    int[] levels = new int[fields.size()];
    for (int i = 0; i < columns.length; i++) {
      Types.NestedField field = fields.get(i);
      levels[i] = field.isRequired() ? 0 : 1;
      FieldVector vector = vectors.get(field.name());
      if (vector == null) {
        if (field.isRequired()) {
          throw ArrowWriteErrors.requiredColumnMissing(table, field.name());
        }
        columns[i] =
            new Column(null) {
              @Override
              void writeOne(ColumnWriter writer, int row, int dl, Object metrics) {
                throw new IllegalStateException("absent column has no values");
              }

              @Override
              Object internal(int row) {
                return null;
              }
            };
      } else {
        if (vector.getValueCount() < rowCount) {
          throw ArrowWriteErrors.shortVector(table, field.name(), vector.getValueCount(), rowCount);
        }
        if (field.isRequired() && vector.getNullCount() > 0) {
          throw ArrowWriteErrors.requiredFieldNull(table, field.name(), vector.getNullCount());
        }
        columns[i] = column(table, field, vector, scratch[i], rowCount);
      }
    }
    return new Batch(columns, levels, rowCount);
  }

  private static ValidationException mismatch(
      String table, Types.NestedField field, FieldVector vector) {
    return ArrowWriteErrors.typeMismatch(table, field, vector);
  }

  private static Column column(
      String table, Types.NestedField field, FieldVector v, Scratch scratch, int rowCount) {
    Type type = field.type();
    switch (type.typeId()) {
      case BOOLEAN:
        if (v instanceof BitVector bits) {
          return new Column(v) {
            @Override
            void writeOne(ColumnWriter w, int row, int dl, Object m) {
              w.write(bits.get(row) == 1, 0, dl);
            }

            @Override
            Object internal(int row) {
              return bits.get(row) == 1;
            }

            @Override
            boolean hasLongKey() {
              return true;
            }

            @Override
            long longKey(int row) {
              return bits.get(row);
            }
          };
        }
        break;
      case INTEGER:
        if (v instanceof IntVector ints) {
          return new IntColumn(ints, scratch, rowCount);
        }
        if (v instanceof SmallIntVector || v instanceof TinyIntVector) {
          return narrowIntColumn(v);
        }
        break;
      case LONG:
        if (v instanceof BigIntVector) {
          return new LongColumn(v, scratch, rowCount, LongColumn.SAME);
        }
        if (v instanceof IntVector || v instanceof SmallIntVector || v instanceof TinyIntVector) {
          Column ints =
              v instanceof IntVector iv ? new IntColumn(iv, scratch, rowCount) : narrowIntColumn(v);
          return new Column(v) {
            @Override
            void writeOne(ColumnWriter w, int row, int dl, Object m) {
              w.write(ints.longKey(row), 0, dl);
            }

            @Override
            Object internal(int row) {
              return ints.longKey(row);
            }

            @Override
            boolean hasLongKey() {
              return true;
            }

            @Override
            long longKey(int row) {
              return ints.longKey(row);
            }
          };
        }
        break;
      case FLOAT:
        if (v instanceof Float4Vector floats) {
          return new FloatColumn(floats, scratch, rowCount);
        }
        break;
      case DOUBLE:
        if (v instanceof Float8Vector doubles) {
          return new DoubleColumn(doubles, scratch, rowCount);
        }
        break;
      case STRING:
        if (v instanceof VarCharVector chars) {
          return new VarWidthColumn(chars, scratch, rowCount, true);
        }
        break;
      case BINARY:
        if (v instanceof VarBinaryVector bytes) {
          return new VarWidthColumn(bytes, scratch, rowCount, false);
        }
        break;
      case FIXED:
      case UUID:
        int length = type.typeId() == Type.TypeID.UUID ? 16 : ((Types.FixedType) type).length();
        if (v instanceof FixedSizeBinaryVector fixed && fixed.getByteWidth() == length) {
          return new Column(v) {
            @Override
            void writeOne(ColumnWriter w, int row, int dl, Object m) {
              w.write(Binary.fromConstantByteArray(fixed.get(row)), 0, dl);
            }

            @Override
            Object internal(int row) {
              ByteBuffer buffer = ByteBuffer.wrap(fixed.get(row));
              return type.typeId() == Type.TypeID.UUID
                  ? new java.util.UUID(buffer.getLong(0), buffer.getLong(8))
                  : buffer;
            }

            @Override
            boolean hasBytesKey() {
              return true;
            }

            @Override
            void appendBytesKey(int row, ArrowPartitions.Key key) {
              key.putBytes(fixed.getDataBuffer(), (long) row * length, length);
            }
          };
        }
        break;
      case DATE:
        if (v instanceof DateDayVector days) {
          return new IntColumn(days, scratch, rowCount);
        }
        break;
      case TIME:
        if (v instanceof TimeMicroVector) {
          return new LongColumn(v, scratch, rowCount, LongColumn.SAME);
        }
        if (v instanceof TimeMilliVector millis) {
          return new Column(v) {
            @Override
            void writeOne(ColumnWriter w, int row, int dl, Object m) {
              w.write(millis.get(row) * 1000L, 0, dl);
            }

            @Override
            Object internal(int row) {
              return millis.get(row) * 1000L;
            }

            @Override
            boolean hasLongKey() {
              return true;
            }

            @Override
            long longKey(int row) {
              return millis.get(row) * 1000L;
            }
          };
        }
        break;
      case TIMESTAMP:
        boolean zoned = ((Types.TimestampType) type).shouldAdjustToUTC();
        if (zoned ? v instanceof TimeStampMicroTZVector : v instanceof TimeStampMicroVector) {
          return new LongColumn(v, scratch, rowCount, LongColumn.SAME);
        }
        if (zoned ? v instanceof TimeStampMilliTZVector : v instanceof TimeStampMilliVector) {
          return new LongColumn(v, scratch, rowCount, LongColumn.MILLIS);
        }
        if (zoned ? v instanceof TimeStampNanoTZVector : v instanceof TimeStampNanoVector) {
          return new LongColumn(v, scratch, rowCount, LongColumn.NANOS);
        }
        break;
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        if (v instanceof DecimalVector dec
            && dec.getScale() == decimal.scale()
            && dec.getPrecision() <= decimal.precision()) {
          return decimalColumn(dec, decimal);
        }
        break;
      case STRUCT:
      case LIST:
      case MAP:
      case VARIANT:
        throw ArrowWriteErrors.nestedColumn(table, field.name(), type);
      default:
        break;
    }
    throw mismatch(table, field, v);
  }

  /** 64-bit values (long, time, timestamps), optionally rescaled to microseconds. */
  private static final class LongColumn extends Column {
    static final int SAME = 0;
    static final int MILLIS = 1;
    static final int NANOS = 2;
    private final int unit;
    private final org.apache.arrow.memory.ArrowBuf data;
    private final Scratch scratch;
    private final int rowCount;
    private long[] values;

    LongColumn(FieldVector v, Scratch scratch, int rowCount, int unit) {
      super(v);
      this.unit = unit;
      this.data = v.getDataBuffer();
      this.scratch = scratch;
      this.rowCount = rowCount;
    }

    @Override
    void load() {
      values();
    }

    private long[] values() {
      if (values == null) {
        long[] out = scratch.longs(rowCount);
        view(data, 0, rowCount * 8L).asLongBuffer().get(out, 0, rowCount);
        if (unit == MILLIS) {
          for (int i = 0; i < rowCount; i++) {
            out[i] = out[i] * 1000L;
          }
        } else if (unit == NANOS) {
          for (int i = 0; i < rowCount; i++) {
            out[i] = Math.floorDiv(out[i], 1000L);
          }
        }
        values = out;
      }
      return values;
    }

    @Override
    void writeDense(ColumnWriter w, int dl, Object m, int from, int to) {
      long[] v = values();
      for (int row = from; row < to; row++) {
        w.write(v[row], 0, dl);
      }
    }

    @Override
    void writeOne(ColumnWriter w, int row, int dl, Object m) {
      w.write(values()[row], 0, dl);
    }

    @Override
    Object internal(int row) {
      return longKey(row);
    }

    @Override
    boolean hasLongKey() {
      return true;
    }

    @Override
    long longKey(int row) {
      long raw = data.getLong(row * 8L);
      return unit == SAME ? raw : unit == MILLIS ? raw * 1000L : Math.floorDiv(raw, 1000L);
    }
  }

  /** 32-bit values (int, date). */
  private static final class IntColumn extends Column {
    private final org.apache.arrow.memory.ArrowBuf data;
    private final Scratch scratch;
    private final int rowCount;
    private int[] values;

    IntColumn(FieldVector v, Scratch scratch, int rowCount) {
      super(v);
      this.data = v.getDataBuffer();
      this.scratch = scratch;
      this.rowCount = rowCount;
    }

    @Override
    void load() {
      values();
    }

    private int[] values() {
      if (values == null) {
        int[] out = scratch.ints(rowCount);
        view(data, 0, rowCount * 4L).asIntBuffer().get(out, 0, rowCount);
        values = out;
      }
      return values;
    }

    @Override
    void writeDense(ColumnWriter w, int dl, Object m, int from, int to) {
      int[] v = values();
      for (int row = from; row < to; row++) {
        w.write(v[row], 0, dl);
      }
    }

    @Override
    void writeOne(ColumnWriter w, int row, int dl, Object m) {
      w.write(values()[row], 0, dl);
    }

    @Override
    Object internal(int row) {
      return data.getInt(row * 4L);
    }

    @Override
    boolean hasLongKey() {
      return true;
    }

    @Override
    long longKey(int row) {
      return data.getInt(row * 4L);
    }
  }

  private static final class DoubleColumn extends Column {
    private final Float8Vector vector;
    private final Scratch scratch;
    private final int rowCount;
    private double[] values;

    DoubleColumn(Float8Vector v, Scratch scratch, int rowCount) {
      super(v);
      this.vector = v;
      this.scratch = scratch;
      this.rowCount = rowCount;
    }

    @Override
    void load() {
      values();
    }

    private double[] values() {
      if (values == null) {
        double[] out = scratch.doubles(rowCount);
        view(vector.getDataBuffer(), 0, rowCount * 8L).asDoubleBuffer().get(out, 0, rowCount);
        values = out;
      }
      return values;
    }

    @Override
    void writeDense(ColumnWriter w, int dl, Object m, int from, int to) {
      double[] v = values();
      DoubleFieldMetrics.Builder metrics = (DoubleFieldMetrics.Builder) m;
      for (int row = from; row < to; row++) {
        double value = v[row];
        metrics.addValue(value);
        w.write(value, 0, dl);
      }
    }

    @Override
    void writeOne(ColumnWriter w, int row, int dl, Object m) {
      double value = values()[row];
      ((DoubleFieldMetrics.Builder) m).addValue(value);
      w.write(value, 0, dl);
    }

    @Override
    Object internal(int row) {
      return vector.get(row);
    }

    @Override
    boolean hasLongKey() {
      return true;
    }

    @Override
    long longKey(int row) {
      return Double.doubleToRawLongBits(vector.get(row));
    }
  }

  private static final class FloatColumn extends Column {
    private final Float4Vector vector;
    private final Scratch scratch;
    private final int rowCount;
    private float[] values;

    FloatColumn(Float4Vector v, Scratch scratch, int rowCount) {
      super(v);
      this.vector = v;
      this.scratch = scratch;
      this.rowCount = rowCount;
    }

    @Override
    void load() {
      values();
    }

    private float[] values() {
      if (values == null) {
        float[] out = scratch.floats(rowCount);
        view(vector.getDataBuffer(), 0, rowCount * 4L).asFloatBuffer().get(out, 0, rowCount);
        values = out;
      }
      return values;
    }

    @Override
    void writeDense(ColumnWriter w, int dl, Object m, int from, int to) {
      float[] v = values();
      FloatFieldMetrics.Builder metrics = (FloatFieldMetrics.Builder) m;
      for (int row = from; row < to; row++) {
        float value = v[row];
        metrics.addValue(value);
        w.write(value, 0, dl);
      }
    }

    @Override
    void writeOne(ColumnWriter w, int row, int dl, Object m) {
      float value = values()[row];
      ((FloatFieldMetrics.Builder) m).addValue(value);
      w.write(value, 0, dl);
    }

    @Override
    Object internal(int row) {
      return vector.get(row);
    }

    @Override
    boolean hasLongKey() {
      return true;
    }

    @Override
    long longKey(int row) {
      return Float.floatToRawIntBits(vector.get(row));
    }
  }

  /** Strings and binaries: offsets and bytes copied once per batch, values written as slices. */
  private static final class VarWidthColumn extends Column {
    private final org.apache.arrow.vector.BaseVariableWidthVector vector;
    private final Scratch scratch;
    private final int rowCount;
    private final boolean string;
    private int[] offsets;
    private byte[] bytes;

    VarWidthColumn(
        org.apache.arrow.vector.BaseVariableWidthVector v,
        Scratch scratch,
        int rowCount,
        boolean string) {
      super(v);
      this.vector = v;
      this.scratch = scratch;
      this.rowCount = rowCount;
      this.string = string;
    }

    @Override
    void load() {
      if (offsets == null) {
        int[] out = scratch.ints(rowCount + 1);
        view(vector.getOffsetBuffer(), 0, (rowCount + 1) * 4L)
            .asIntBuffer()
            .get(out, 0, rowCount + 1);
        int base = out[0];
        long length = (long) out[rowCount] - base;
        byte[] data = scratch.bytes(length);
        if (length > 0) {
          vector.getDataBuffer().getBytes(base, data, 0, (int) length);
        }
        if (base != 0) {
          for (int i = 0; i <= rowCount; i++) {
            out[i] -= base;
          }
        }
        bytes = data;
        offsets = out;
      }
    }

    @Override
    void writeDense(ColumnWriter w, int dl, Object m, int from, int to) {
      load();
      int[] off = offsets;
      byte[] data = bytes;
      for (int row = from; row < to; row++) {
        int start = off[row];
        w.write(Binary.fromReusedByteArray(data, start, off[row + 1] - start), 0, dl);
      }
    }

    @Override
    void writeOne(ColumnWriter w, int row, int dl, Object m) {
      load();
      int start = offsets[row];
      w.write(Binary.fromReusedByteArray(bytes, start, offsets[row + 1] - start), 0, dl);
    }

    @Override
    Object internal(int row) {
      load(); // the batch's bytes, copied once for writing: one allocation per value, not two
      int start = offsets[row];
      int length = offsets[row + 1] - start;
      return string
          ? new String(bytes, start, length, StandardCharsets.UTF_8)
          : ByteBuffer.wrap(java.util.Arrays.copyOfRange(bytes, start, start + length));
    }

    @Override
    boolean hasBytesKey() {
      return true;
    }

    @Override
    void appendBytesKey(int row, ArrowPartitions.Key key) {
      load();
      int start = offsets[row];
      key.putBytes(bytes, start, offsets[row + 1] - start);
    }
  }

  private static Column narrowIntColumn(FieldVector v) {
    return new Column(v) {
      private int value(int row) {
        return v instanceof SmallIntVector s ? s.get(row) : ((TinyIntVector) v).get(row);
      }

      @Override
      void writeOne(ColumnWriter w, int row, int dl, Object m) {
        w.write(value(row), 0, dl);
      }

      @Override
      Object internal(int row) {
        return value(row);
      }

      @Override
      boolean hasLongKey() {
        return true;
      }

      @Override
      long longKey(int row) {
        return value(row);
      }
    };
  }

  private static Column decimalColumn(DecimalVector dec, Types.DecimalType type) {
    int precision = type.precision();
    int bytes = org.apache.iceberg.types.TypeUtil.decimalRequiredBytes(precision);
    return new Column(dec) {
      @Override
      void writeOne(ColumnWriter w, int row, int dl, Object m) {
        if (precision <= 9) {
          w.write((int) dec.getDataBuffer().getLong((long) row * DecimalVector.TYPE_WIDTH), 0, dl);
        } else if (precision <= 18) {
          w.write(dec.getDataBuffer().getLong((long) row * DecimalVector.TYPE_WIDTH), 0, dl);
        } else {
          byte[] unscaled = dec.getObject(row).unscaledValue().toByteArray();
          byte[] out = new byte[bytes];
          byte pad = (byte) (unscaled[0] < 0 ? 0xFF : 0x00);
          int offset = bytes - unscaled.length;
          for (int i = 0; i < offset; i++) {
            out[i] = pad;
          }
          System.arraycopy(unscaled, 0, out, offset, unscaled.length);
          w.write(Binary.fromConstantByteArray(out), 0, dl);
        }
      }

      @Override
      Object internal(int row) {
        BigDecimal value = dec.getObject(row);
        return value;
      }

      @Override
      boolean hasBytesKey() {
        return true;
      }

      @Override
      void appendBytesKey(int row, ArrowPartitions.Key key) {
        key.putBytes(dec.getDataBuffer(), (long) row * DecimalVector.TYPE_WIDTH, 16);
      }
    };
  }
}
