package io.floe.avro;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.generic.GenericData;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Converts Iceberg rows (any {@link StructLike} with values in Iceberg's generic representation or
 * Floe's accepted equivalents) to Avro generic records of the schema {@link AvroSchemas#toAvro}
 * made for the same Iceberg schema. Built once, then immutable and thread-safe.
 */
final class ValueWriters {
  private final Function<Object, Object> root;

  private ValueWriters(Function<Object, Object> root) {
    this.root = root;
  }

  static ValueWriters of(Types.StructType struct, org.apache.avro.Schema avro) {
    return new ValueWriters(struct(struct, avro, ""));
  }

  GenericData.Record toAvro(StructLike row) {
    return (GenericData.Record) root.apply(row);
  }

  private static Function<Object, Object> struct(
      Types.StructType struct, org.apache.avro.Schema avro, String path) {
    List<Types.NestedField> columns = struct.fields();
    int size = columns.size();
    @SuppressWarnings("unchecked")
    Function<Object, Object>[] converters = new Function[size];
    String[] paths = new String[size];
    boolean[] required = new boolean[size];
    for (int i = 0; i < size; i++) {
      Types.NestedField column = columns.get(i);
      paths[i] = path.isEmpty() ? column.name() : path + "." + column.name();
      required[i] = column.isRequired();
      org.apache.avro.Schema fieldSchema =
          AvroSchemas.nonNull(avro.getFields().get(i).schema(), paths[i]);
      converters[i] = value(column.type(), fieldSchema, paths[i]);
    }
    return value -> {
      StructLike in = (StructLike) value;
      GenericData.Record out = new GenericData.Record(avro);
      for (int i = 0; i < size; i++) {
        Object raw = in.get(i, Object.class);
        if (raw == null) {
          if (required[i]) {
            throw AvroErrors.requiredFieldNull(null, paths[i]);
          }
          continue;
        }
        try {
          out.put(i, converters[i].apply(raw));
        } catch (ClassCastException | ArithmeticException e) {
          throw AvroErrors.cannotHold(paths[i], raw, e);
        }
      }
      return out;
    };
  }

  private static Function<Object, Object> value(
      Type type, org.apache.avro.Schema avro, String path) {
    switch (type.typeId()) {
      case STRUCT:
        return struct(type.asStructType(), avro, path);
      case LIST:
        {
          Types.ListType list = type.asListType();
          Function<Object, Object> element =
              value(
                  list.elementType(),
                  AvroSchemas.nonNull(avro.getElementType(), path),
                  path + ".element");
          boolean required = list.isElementRequired();
          return value -> {
            Collection<?> in = (Collection<?>) value;
            List<Object> out = new ArrayList<>(in.size());
            for (Object item : in) {
              out.add(item == null ? nullOrFail(required, path) : element.apply(item));
            }
            return out;
          };
        }
      case MAP:
        {
          Types.MapType map = type.asMapType();
          boolean required = map.isValueRequired();
          if (avro.getType() == org.apache.avro.Schema.Type.MAP) {
            Function<Object, Object> val =
                value(
                    map.valueType(),
                    AvroSchemas.nonNull(avro.getValueType(), path),
                    path + ".value");
            return value -> {
              Map<?, ?> in = (Map<?, ?>) value;
              Map<String, Object> out = new LinkedHashMap<>(Math.max(4, in.size() * 2));
              for (Map.Entry<?, ?> entry : in.entrySet()) {
                Object v = entry.getValue();
                out.put(
                    entry.getKey().toString(),
                    v == null ? nullOrFail(required, path) : val.apply(v));
              }
              return out;
            };
          }
          org.apache.avro.Schema pair = avro.getElementType();
          Function<Object, Object> key =
              value(
                  map.keyType(),
                  AvroSchemas.nonNull(pair.getField("key").schema(), path),
                  path + ".key");
          Function<Object, Object> val =
              value(
                  map.valueType(),
                  AvroSchemas.nonNull(pair.getField("value").schema(), path),
                  path + ".value");
          return value -> {
            Map<?, ?> in = (Map<?, ?>) value;
            List<Object> out = new ArrayList<>(in.size());
            for (Map.Entry<?, ?> entry : in.entrySet()) {
              GenericData.Record kv = new GenericData.Record(pair);
              if (entry.getKey() == null) {
                throw AvroErrors.nullKeyWritten(path);
              }
              kv.put(0, key.apply(entry.getKey()));
              Object v = entry.getValue();
              kv.put(1, v == null ? nullOrFail(required, path) : val.apply(v));
              out.add(kv);
            }
            return out;
          };
        }
      default:
        return primitive(type.asPrimitiveType(), avro);
    }
  }

  private static Object nullOrFail(boolean required, String path) {
    if (required) {
      throw AvroErrors.nullValueWritten(path);
    }
    return null;
  }

  private static Function<Object, Object> primitive(
      Type.PrimitiveType type, org.apache.avro.Schema avro) {
    switch (type.typeId()) {
      case BOOLEAN:
        return value -> (Boolean) value;
      case INTEGER:
        return value -> Math.toIntExact(((Number) value).longValue());
      case LONG:
        return value -> ((Number) value).longValue();
      case FLOAT:
        return value -> ((Number) value).floatValue();
      case DOUBLE:
        return value -> ((Number) value).doubleValue();
      case STRING:
        return value -> ((CharSequence) value).toString();
      case BINARY:
        return value ->
            value instanceof byte[] b ? ByteBuffer.wrap(b) : ((ByteBuffer) value).duplicate();
      case FIXED:
        {
          int length = ((Types.FixedType) type).length();
          return value -> {
            byte[] bytes = value instanceof byte[] b ? b : AvroSchemas.bytes((ByteBuffer) value);
            if (bytes.length != length) {
              throw new ClassCastException("expected " + length + " bytes, got " + bytes.length);
            }
            return new GenericData.Fixed(avro, bytes);
          };
        }
      case DECIMAL:
        {
          Types.DecimalType decimal = (Types.DecimalType) type;
          int size = TypeUtil.decimalRequiredBytes(decimal.precision());
          return value -> {
            BigDecimal d = ((BigDecimal) value).setScale(decimal.scale(), RoundingMode.UNNECESSARY);
            if (d.precision() > decimal.precision()) {
              throw new ArithmeticException(
                  d + " has more than " + decimal.precision() + " digits");
            }
            return new GenericData.Fixed(avro, AvroSchemas.decimalBytes(d, size));
          };
        }
      case DATE:
        return value ->
            value instanceof LocalDate d
                ? DateTimeUtil.daysFromDate(d)
                : ((Number) value).intValue();
      case TIME:
        return value ->
            value instanceof LocalTime t
                ? DateTimeUtil.microsFromTime(t)
                : ((Number) value).longValue();
      case TIMESTAMP:
        return value -> value instanceof Number n ? n.longValue() : RowReadPlan.microsOf(value);
      case TIMESTAMP_NANO:
        return value -> value instanceof Number n ? n.longValue() : RowReadPlan.nanosOf(value);
      case UUID:
        return value ->
            new GenericData.Fixed(
                avro,
                AvroSchemas.uuidBytes(
                    value instanceof UUID u ? u : UUID.fromString(value.toString())));
      default:
        throw new IllegalStateException("Unsupported type " + type);
    }
  }

  /** A default in Iceberg's internal form (days, micros, ByteBuffer) to Iceberg's generic form. */
  static Object internalToGeneric(Type type, Object value) {
    switch (type.typeId()) {
      case DATE:
        return DateTimeUtil.dateFromDays((Integer) value);
      case TIME:
        return DateTimeUtil.timeFromMicros((Long) value);
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? DateTimeUtil.timestamptzFromMicros((Long) value)
            : DateTimeUtil.timestampFromMicros((Long) value);
      case TIMESTAMP_NANO:
        return ((Types.TimestampNanoType) type).shouldAdjustToUTC()
            ? DateTimeUtil.timestamptzFromNanos((Long) value)
            : DateTimeUtil.timestampFromNanos((Long) value);
      case FIXED:
        return AvroSchemas.bytes((ByteBuffer) value);
      case BINARY:
        return ((ByteBuffer) value).duplicate();
      case STRING:
        return value.toString();
      default:
        return value;
    }
  }
}
