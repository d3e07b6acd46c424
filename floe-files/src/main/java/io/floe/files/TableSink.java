package io.floe.files;

import io.floe.Append;
import io.floe.AppendResult;
import io.floe.FloeTable;
import io.floe.parquet.write.ArrowAppend;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Where an import's rows go: one pending write of the table, committed once. Not thread-safe.
 *
 * <p>Tables of primitive columns (Parquet) get {@link Arrow}: rows are set into Arrow vectors and
 * handed to Floe's {@link ArrowAppend} a batch at a time (no per-row objects inside Floe); other
 * tables get {@link Rows}, Floe's row append.
 */
abstract class TableSink implements AutoCloseable {
  abstract void add(Object[] row);

  /** Adds a property to the snapshot summary of the commit. */
  abstract void set(String key, String value);

  abstract AppendResult commit();

  abstract void abort();

  @Override
  public void close() {
    abort();
  }

  static TableSink open(FloeTable table, int batchRows) {
    return Arrow.supports(table) ? new Arrow(table, batchRows) : new Rows(table);
  }

  /** Floe's row append of positional records. */
  static final class Rows extends TableSink {
    private final Append append;
    private final Types.StructType struct;

    Rows(FloeTable table) {
      this.append = table.newAppend();
      this.struct = table.schema().asStruct();
    }

    @Override
    void set(String key, String value) {
      append.set(key, value);
    }

    @Override
    void add(Object[] row) {
      append.record(new ArrayStruct(struct, row.clone()));
    }

    @Override
    AppendResult commit() {
      return append.commit();
    }

    @Override
    void abort() {
      append.abort();
    }
  }

  /** Floe's Arrow append, fed batches of vectors filled row by row. */
  static final class Arrow extends TableSink {
    private final BufferAllocator allocator = new RootAllocator();
    private final ArrowAppend append;
    private final VectorSchemaRoot root;
    private final FieldVector[] vectors;
    private final Type[] types;
    private final int batchRows;
    private int count;
    private boolean done;

    Arrow(FloeTable table, int batchRows) {
      this.batchRows = batchRows;
      this.append = ArrowAppend.to(table);
      Schema schema = table.schema();
      List<Field> fields = new ArrayList<>();
      for (Types.NestedField column : schema.columns()) {
        fields.add(
            new Field(
                column.name(),
                new FieldType(column.isOptional(), arrowType(column.type()), null),
                List.of()));
      }
      this.root =
          VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(fields), allocator);
      root.allocateNew();
      this.vectors = root.getFieldVectors().toArray(new FieldVector[0]);
      this.types = new Type[vectors.length];
      for (int i = 0; i < types.length; i++) {
        types[i] = schema.columns().get(i).type();
      }
    }

    static boolean supports(FloeTable table) {
      String format = table.properties().getOrDefault("write.format.default", "parquet");
      if (!format.equalsIgnoreCase("parquet")) {
        return false;
      }
      for (Types.NestedField column : table.schema().columns()) {
        if (!column.type().isPrimitiveType() || arrowType(column.type()) == null) {
          return false;
        }
      }
      return true;
    }

    static ArrowType arrowType(Type type) {
      switch (type.typeId()) {
        case BOOLEAN:
          return ArrowType.Bool.INSTANCE;
        case INTEGER:
          return new ArrowType.Int(32, true);
        case LONG:
          return new ArrowType.Int(64, true);
        case FLOAT:
          return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
        case DOUBLE:
          return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        case DATE:
          return new ArrowType.Date(DateUnit.DAY);
        case TIME:
          return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
        case TIMESTAMP:
          return new ArrowType.Timestamp(
              TimeUnit.MICROSECOND,
              ((Types.TimestampType) type).shouldAdjustToUTC() ? "UTC" : null);
        case STRING:
          return ArrowType.Utf8.INSTANCE;
        case UUID:
          return new ArrowType.FixedSizeBinary(16);
        case FIXED:
          return new ArrowType.FixedSizeBinary(((Types.FixedType) type).length());
        case BINARY:
          return ArrowType.Binary.INSTANCE;
        case DECIMAL:
          Types.DecimalType decimal = (Types.DecimalType) type;
          return new ArrowType.Decimal(decimal.precision(), decimal.scale(), 128);
        default:
          return null;
      }
    }

    @Override
    void set(String key, String value) {
      append.set(key, value);
    }

    @Override
    void add(Object[] row) {
      int i = count;
      for (int c = 0; c < vectors.length; c++) {
        Object value = row[c];
        FieldVector vector = vectors[c];
        if (value == null) {
          vector.setNull(i);
          continue;
        }
        switch (types[c].typeId()) {
          case BOOLEAN:
            ((BitVector) vector).setSafe(i, (Boolean) value ? 1 : 0);
            break;
          case INTEGER:
            ((IntVector) vector).setSafe(i, (Integer) value);
            break;
          case LONG:
            ((BigIntVector) vector).setSafe(i, (Long) value);
            break;
          case FLOAT:
            ((Float4Vector) vector).setSafe(i, (Float) value);
            break;
          case DOUBLE:
            ((Float8Vector) vector).setSafe(i, (Double) value);
            break;
          case DATE:
            ((DateDayVector) vector).setSafe(i, (int) ((LocalDate) value).toEpochDay());
            break;
          case TIME:
            ((TimeMicroVector) vector).setSafe(i, ((LocalTime) value).toNanoOfDay() / 1000);
            break;
          case TIMESTAMP:
            if (value instanceof OffsetDateTime) {
              ((TimeStampMicroTZVector) vector)
                  .setSafe(i, Temporals.micros((OffsetDateTime) value));
            } else {
              ((TimeStampMicroVector) vector).setSafe(i, Temporals.micros((LocalDateTime) value));
            }
            break;
          case STRING:
            ((VarCharVector) vector).setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
            break;
          case UUID:
            {
              UUID uuid = (UUID) value;
              byte[] bytes =
                  ByteBuffer.allocate(16)
                      .putLong(uuid.getMostSignificantBits())
                      .putLong(uuid.getLeastSignificantBits())
                      .array();
              ((FixedSizeBinaryVector) vector).setSafe(i, bytes);
              break;
            }
          case FIXED:
            ((FixedSizeBinaryVector) vector).setSafe(i, (byte[]) value);
            break;
          case BINARY:
            {
              ByteBuffer buffer = ((ByteBuffer) value).duplicate();
              byte[] bytes = new byte[buffer.remaining()];
              buffer.get(bytes);
              ((VarBinaryVector) vector).setSafe(i, bytes);
              break;
            }
          case DECIMAL:
            ((DecimalVector) vector).setSafe(i, (BigDecimal) value);
            break;
          default:
            throw new IllegalStateException("No Arrow column for " + types[c]);
        }
      }
      count++;
      if (count == batchRows) {
        flush();
      }
    }

    private void flush() {
      if (count == 0) {
        return;
      }
      root.setRowCount(count);
      append.batch(root);
      for (FieldVector vector : vectors) {
        vector.reset();
      }
      count = 0;
    }

    @Override
    AppendResult commit() {
      try {
        flush();
        return append.commit();
      } finally {
        release();
      }
    }

    @Override
    void abort() {
      if (!done) {
        try {
          append.abort();
        } finally {
          release();
        }
      }
    }

    private void release() {
      if (!done) {
        done = true;
        root.close();
        allocator.close();
      }
    }
  }
}
