package io.floe.parquet.write;

import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.FloatFieldMetrics;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes Arrow vectors straight into Parquet column writers: no per-row objects, no boxing.
 *
 * <p>An {@link ArrowRow} is a cursor over one batch (a row index plus one {@link Column} adapter per
 * table column); a {@link RowWriter} is the Parquet value writer of one file, pulling each value
 * from the adapter into the column's Parquet writer.
 */
final class ArrowColumns {
  private ArrowColumns() {}

  /** Reads one Arrow vector as one Iceberg column. Used by one thread. */
  abstract static class Column {
    final FieldVector vector;

    Column(FieldVector vector) {
      this.vector = vector;
    }

    boolean isNull(int row) {
      return vector == null || vector.isNull(row);
    }

    /** Writes a non-null value. */
    abstract void write(ColumnWriter writer, int row, int dl, Object metrics);

    /** The value in Iceberg's internal representation (for partition keys). */
    abstract Object internal(int row);
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
   * @return the row cursor over the batch
   * @throws ValidationException when a column is unknown, missing but required, or of another type
   */
  static ArrowRow bind(String table, Schema schema, VectorSchemaRoot root) {
    List<Types.NestedField> fields = schema.columns();
    Map<String, FieldVector> vectors = new HashMap<>();
    for (FieldVector vector : root.getFieldVectors()) {
      vectors.put(vector.getName(), vector);
    }
    for (String name : vectors.keySet()) {
      if (schema.findField(name) == null || !fields.contains(schema.findField(name))) {
        throw new ValidationException("Invalid Arrow batch for table " + table + ", column '" + name
            + "': unknown column; the table has columns " + fields.stream().map(Types.NestedField::name).toList(),
            table, name, null);
      }
    }
    for (Types.NestedField field : fields) {
      if (!field.type().isPrimitiveType()) {
        throw new UnsupportedFeatureException("Arrow appends write tables of primitive columns; column '"
            + field.name() + "' of table " + table + " is " + field.type()
            + ": append such rows with FloeTable.newAppend()", null);
      }
    }
    Column[] columns = new Column[fields.size()];
    for (int i = 0; i < columns.length; i++) {
      Types.NestedField field = fields.get(i);
      FieldVector vector = vectors.get(field.name());
      if (vector == null) {
        if (field.isRequired()) {
          throw new ValidationException("Invalid Arrow batch for table " + table + ", column '" + field.name()
              + "': required column is missing from the batch", table, field.name(), null);
        }
        columns[i] = new Column(null) {
          @Override
          void write(ColumnWriter writer, int row, int dl, Object metrics) {
            throw new IllegalStateException("absent column has no values");
          }

          @Override
          Object internal(int row) {
            return null;
          }
        };
      } else {
        if (field.isRequired() && vector.getNullCount() > 0) {
          throw new ValidationException("Invalid Arrow batch for table " + table + ", column '" + field.name()
              + "': " + vector.getNullCount() + " nulls in required column", table, field.name(), null);
        }
        columns[i] = column(table, field, vector);
      }
    }
    return new ArrowRow(columns);
  }

  private static ValidationException mismatch(String table, Types.NestedField field, FieldVector vector) {
    return new ValidationException("Invalid Arrow batch for table " + table + ", column '" + field.name()
        + "': expected " + field.type() + " but the vector is " + vector.getField().getType() + " ("
        + vector.getClass().getSimpleName() + ")", table, field.name(), null);
  }

  private static Column column(String table, Types.NestedField field, FieldVector v) {
    Type type = field.type();
    switch (type.typeId()) {
      case BOOLEAN:
        if (v instanceof BitVector bits) {
          return new Column(v) {
            @Override
            void write(ColumnWriter w, int row, int dl, Object m) {
              w.write(bits.get(row) == 1, 0, dl);
            }

            @Override
            Object internal(int row) {
              return bits.get(row) == 1;
            }
          };
        }
        break;
      case INTEGER:
        if (v instanceof IntVector || v instanceof SmallIntVector || v instanceof TinyIntVector) {
          return intColumn(v);
        }
        break;
      case LONG:
        if (v instanceof BigIntVector longs) {
          return new Column(v) {
            @Override
            void write(ColumnWriter w, int row, int dl, Object m) {
              w.write(longs.get(row), 0, dl);
            }

            @Override
            Object internal(int row) {
              return longs.get(row);
            }
          };
        }
        if (v instanceof IntVector || v instanceof SmallIntVector || v instanceof TinyIntVector) {
          Column ints = intColumn(v);
          return new Column(v) {
            @Override
            void write(ColumnWriter w, int row, int dl, Object m) {
              w.write((long) ((Integer) ints.internal(row)), 0, dl);
            }

            @Override
            Object internal(int row) {
              return (long) (Integer) ints.internal(row);
            }
          };
        }
        break;
      case FLOAT:
        if (v instanceof Float4Vector floats) {
          return new Column(v) {
            @Override
            void write(ColumnWriter w, int row, int dl, Object m) {
              float value = floats.get(row);
              ((FloatFieldMetrics.Builder) m).addValue(value);
              w.write(value, 0, dl);
            }

            @Override
            Object internal(int row) {
              return floats.get(row);
            }
          };
        }
        break;
      case DOUBLE:
        if (v instanceof Float8Vector doubles) {
          return new Column(v) {
            @Override
            void write(ColumnWriter w, int row, int dl, Object m) {
              double value = doubles.get(row);
              ((DoubleFieldMetrics.Builder) m).addValue(value);
              w.write(value, 0, dl);
            }

            @Override
            Object internal(int row) {
              return doubles.get(row);
            }
          };
        }
        break;
      case STRING:
        if (v instanceof VarCharVector chars) {
          return new Column(v) {
            private byte[] scratch = new byte[64];

            @Override
            void write(ColumnWriter w, int row, int dl, Object m) {
              long start = chars.getStartOffset(row);
              int length = (int) (chars.getEndOffset(row) - start);
              if (length > scratch.length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
              }
              chars.getDataBuffer().getBytes(start, scratch, 0, length);
              w.write(Binary.fromReusedByteArray(scratch, 0, length), 0, dl);
            }

            @Override
            Object internal(int row) {
              return new String(chars.get(row), StandardCharsets.UTF_8);
            }
          };
        }
        break;
      case BINARY:
        if (v instanceof VarBinaryVector bytes) {
          return new Column(v) {
            @Override
            void write(ColumnWriter w, int row, int dl, Object m) {
              w.write(Binary.fromConstantByteArray(bytes.get(row)), 0, dl);
            }

            @Override
            Object internal(int row) {
              return ByteBuffer.wrap(bytes.get(row));
            }
          };
        }
        break;
      case FIXED:
      case UUID:
        int length = type.typeId() == Type.TypeID.UUID ? 16 : ((Types.FixedType) type).length();
        if (v instanceof FixedSizeBinaryVector fixed && fixed.getByteWidth() == length) {
          return new Column(v) {
            @Override
            void write(ColumnWriter w, int row, int dl, Object m) {
              w.write(Binary.fromConstantByteArray(fixed.get(row)), 0, dl);
            }

            @Override
            Object internal(int row) {
              ByteBuffer buffer = ByteBuffer.wrap(fixed.get(row));
              return type.typeId() == Type.TypeID.UUID
                  ? new java.util.UUID(buffer.getLong(0), buffer.getLong(8)) : buffer;
            }
          };
        }
        break;
      case DATE:
        if (v instanceof DateDayVector days) {
          return new Column(v) {
            @Override
            void write(ColumnWriter w, int row, int dl, Object m) {
              w.write(days.get(row), 0, dl);
            }

            @Override
            Object internal(int row) {
              return days.get(row);
            }
          };
        }
        break;
      case TIME:
        if (v instanceof TimeMicroVector micros) {
          return longColumn(v, row -> micros.get(row));
        }
        if (v instanceof TimeMilliVector millis) {
          return longColumn(v, row -> millis.get(row) * 1000L);
        }
        break;
      case TIMESTAMP:
        boolean zoned = ((Types.TimestampType) type).shouldAdjustToUTC();
        if (zoned ? v instanceof TimeStampMicroTZVector : v instanceof TimeStampMicroVector) {
          org.apache.arrow.vector.TimeStampVector ts = (org.apache.arrow.vector.TimeStampVector) v;
          return longColumn(v, ts::get);
        }
        if (zoned ? v instanceof TimeStampMilliTZVector : v instanceof TimeStampMilliVector) {
          org.apache.arrow.vector.TimeStampVector ts = (org.apache.arrow.vector.TimeStampVector) v;
          return longColumn(v, row -> ts.get(row) * 1000L);
        }
        if (zoned ? v instanceof TimeStampNanoTZVector : v instanceof TimeStampNanoVector) {
          org.apache.arrow.vector.TimeStampVector ts = (org.apache.arrow.vector.TimeStampVector) v;
          return longColumn(v, row -> Math.floorDiv(ts.get(row), 1000L));
        }
        break;
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        if (v instanceof DecimalVector dec && dec.getScale() == decimal.scale()
            && dec.getPrecision() <= decimal.precision()) {
          return decimalColumn(dec, decimal);
        }
        break;
      case STRUCT:
      case LIST:
      case MAP:
      case VARIANT:
        throw new UnsupportedFeatureException("Arrow appends to table " + table + " write primitive columns; column '"
            + field.name() + "' is " + type + ": append such rows with FloeTable.newAppend()", null);
      default:
        break;
    }
    throw mismatch(table, field, v);
  }

  @FunctionalInterface
  private interface LongGetter {
    long get(int row);
  }

  private static Column longColumn(FieldVector v, LongGetter getter) {
    return new Column(v) {
      @Override
      void write(ColumnWriter w, int row, int dl, Object m) {
        w.write(getter.get(row), 0, dl);
      }

      @Override
      Object internal(int row) {
        return getter.get(row);
      }
    };
  }

  private static Column intColumn(FieldVector v) {
    if (v instanceof IntVector ints) {
      return new Column(v) {
        @Override
        void write(ColumnWriter w, int row, int dl, Object m) {
          w.write(ints.get(row), 0, dl);
        }

        @Override
        Object internal(int row) {
          return ints.get(row);
        }
      };
    }
    return new Column(v) {
      private int value(int row) {
        return v instanceof SmallIntVector s ? s.get(row) : ((TinyIntVector) v).get(row);
      }

      @Override
      void write(ColumnWriter w, int row, int dl, Object m) {
        w.write(value(row), 0, dl);
      }

      @Override
      Object internal(int row) {
        return value(row);
      }
    };
  }

  private static Column decimalColumn(DecimalVector dec, Types.DecimalType type) {
    int precision = type.precision();
    int bytes = org.apache.iceberg.types.TypeUtil.decimalRequiredBytes(precision);
    return new Column(dec) {
      @Override
      void write(ColumnWriter w, int row, int dl, Object m) {
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
    };
  }

  /** The Parquet value writer of one data file: pulls values from the current batch's vectors. */
  static final class RowWriter implements ParquetValueWriter<ArrowRow> {
    private final String table;
    private final List<Types.NestedField> fields;
    private final ColumnDescriptor[] descriptors;
    private final ColumnWriter[] writers;
    private final Object[] metrics;

    RowWriter(String table, Schema schema, MessageType type) {
      this.table = table;
      this.fields = schema.columns();
      this.descriptors = type.getColumns().toArray(new ColumnDescriptor[0]);
      if (descriptors.length != fields.size()) {
        throw new UnsupportedFeatureException("Arrow appends to table " + table
            + " write flat schemas of primitive columns", null);
      }
      this.writers = new ColumnWriter[descriptors.length];
      this.metrics = new Object[descriptors.length];
      for (int i = 0; i < fields.size(); i++) {
        Types.NestedField field = fields.get(i);
        if (field.type().typeId() == Type.TypeID.FLOAT) {
          metrics[i] = new FloatFieldMetrics.Builder(field.fieldId());
        } else if (field.type().typeId() == Type.TypeID.DOUBLE) {
          metrics[i] = new DoubleFieldMetrics.Builder(field.fieldId());
        }
      }
    }

    @Override
    public void write(int repetitionLevel, ArrowRow row) {
      int index = row.index;
      Column[] columns = row.columns;
      for (int c = 0; c < columns.length; c++) {
        Column column = columns[c];
        int maxDl = descriptors[c].getMaxDefinitionLevel();
        if (column.isNull(index)) {
          if (maxDl == 0) {
            throw new ValidationException("Invalid Arrow batch for table " + table + ", column '"
                + fields.get(c).name() + "': null in required column (row " + index + " of the batch)",
                table, fields.get(c).name(), null);
          }
          writers[c].writeNull(0, 0);
        } else {
          column.write(writers[c], index, maxDl, metrics[c]);
        }
      }
    }

    @Override
    public List<TripleWriter<?>> columns() {
      return List.of();
    }

    @Override
    public void setColumnStore(ColumnWriteStore store) {
      for (int c = 0; c < descriptors.length; c++) {
        writers[c] = store.getColumnWriter(descriptors[c]);
      }
    }

    @Override
    public Stream<FieldMetrics<?>> metrics() {
      List<FieldMetrics<?>> out = new ArrayList<>();
      for (Object m : metrics) {
        if (m instanceof FloatFieldMetrics.Builder f) {
          out.add(f.build());
        } else if (m instanceof DoubleFieldMetrics.Builder d) {
          out.add(d.build());
        }
      }
      return out.stream();
    }
  }
}
