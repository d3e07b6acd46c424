package io.floe.avro;

import io.floe.ValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Field;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Converts Avro records of one Avro schema to Iceberg generic records of one Iceberg struct,
 * matching fields by name. Built once per schema pair (checking every field), then immutable and
 * thread-safe.
 */
final class RowReadPlan {
  private final String source;
  private final Function<Object, Object> root;

  private RowReadPlan(String source, Function<Object, Object> root) {
    this.source = source;
    this.root = root;
  }

  /**
   * Plans the conversion.
   *
   * @param avro the Avro record schema of the input
   * @param struct the Iceberg struct of the output
   * @param source names the input in error messages (a file, "Avro record")
   * @throws ValidationException when a field cannot be mapped, naming the source and the field
   */
  static RowReadPlan of(org.apache.avro.Schema avro, Types.StructType struct, String source) {
    if (avro.getType() != org.apache.avro.Schema.Type.RECORD) {
      throw AvroErrors.notARecord(source, avro.getType());
    }
    Planner planner = new Planner(source);
    return new RowReadPlan(source, planner.record(avro, struct, ""));
  }

  Record toRow(IndexedRecord record) {
    try {
      return (Record) root.apply(record);
    } catch (ValidationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw AvroErrors.cannotConvertRecord(source, e);
    }
  }

  private static final class Planner {
    private final String source;

    Planner(String source) {
      this.source = source;
    }

    private ValidationException error(String path, String message) {
      return AvroErrors.fieldProblem(source, path, message);
    }

    Function<Object, Object> record(
        org.apache.avro.Schema avro, Types.StructType struct, String path) {
      List<Types.NestedField> columns = struct.fields();
      int size = columns.size();
      int[] positions = new int[size];
      @SuppressWarnings("unchecked")
      Function<Object, Object>[] converters = new Function[size];
      Object[] constants = new Object[size];
      boolean[] required = new boolean[size];
      String[] paths = new String[size];
      Set<String> used = new HashSet<>();
      Map<String, Field> byName = new HashMap<>();
      for (Field field : avro.getFields()) {
        byName.put(AvroSchemas.icebergName(field), field);
      }
      for (int i = 0; i < size; i++) {
        Types.NestedField column = columns.get(i);
        String columnPath = path.isEmpty() ? column.name() : path + "." + column.name();
        paths[i] = columnPath;
        required[i] = column.isRequired();
        Field field = byName.get(column.name());
        if (field == null) {
          for (Field candidate : avro.getFields()) {
            if (candidate.aliases().contains(column.name())) {
              field = candidate;
            }
          }
        }
        if (field == null) {
          positions[i] = -1;
          Object fallback = column.writeDefault();
          if (fallback != null) {
            constants[i] = ValueWriters.internalToGeneric(column.type(), fallback);
          } else if (column.isRequired()) {
            throw error(
                columnPath,
                "is required by the table but missing from the Avro schema; add it to the"
                    + " Avro schema or make the column optional");
          }
          continue;
        }
        used.add(field.name());
        positions[i] = field.pos();
        converters[i] = value(field.schema(), column.type(), columnPath);
      }
      for (Field field : avro.getFields()) {
        if (!used.contains(field.name())) {
          String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
          throw error(
              fieldPath,
              "of the Avro schema has no column in the table; add the column to the table"
                  + " (evolve its schema) or remove the field");
        }
      }
      return value -> {
        IndexedRecord in = (IndexedRecord) value;
        GenericRecord out = GenericRecord.create(struct);
        for (int i = 0; i < size; i++) {
          Object converted;
          if (positions[i] < 0) {
            converted = constants[i];
          } else {
            Object raw = in.get(positions[i]);
            converted = raw == null ? null : converters[i].apply(raw);
          }
          if (converted == null && required[i]) {
            throw AvroErrors.requiredFieldNull(source, paths[i]);
          }
          out.set(i, converted);
        }
        return out;
      };
    }

    Function<Object, Object> value(org.apache.avro.Schema schema, Type type, String path) {
      org.apache.avro.Schema avro;
      try {
        avro = AvroSchemas.nonNull(schema, path);
      } catch (RuntimeException e) {
        throw AvroErrors.cannotConvertField(source, path, e);
      }
      switch (type.typeId()) {
        case STRUCT:
          if (avro.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw mismatch(path, avro, type);
          }
          return record(avro, type.asStructType(), path);
        case LIST:
          {
            if (avro.getType() != org.apache.avro.Schema.Type.ARRAY || isLogicalMap(avro)) {
              throw mismatch(path, avro, type);
            }
            Types.ListType list = type.asListType();
            Function<Object, Object> element =
                value(avro.getElementType(), list.elementType(), path + ".element");
            boolean elementRequired = list.isElementRequired();
            return value -> {
              Collection<?> in = (Collection<?>) value;
              List<Object> out = new ArrayList<>(in.size());
              for (Object item : in) {
                if (item == null) {
                  if (elementRequired) {
                    throw AvroErrors.nullListElement(source, path);
                  }
                  out.add(null);
                } else {
                  out.add(element.apply(item));
                }
              }
              return out;
            };
          }
        case MAP:
          {
            Types.MapType map = type.asMapType();
            Function<Object, Object> key;
            Function<Object, Object> val;
            boolean valueRequired = map.isValueRequired();
            if (avro.getType() == org.apache.avro.Schema.Type.MAP) {
              if (map.keyType().typeId() != Type.TypeID.STRING) {
                throw mismatch(path, avro, type);
              }
              val = value(avro.getValueType(), map.valueType(), path + ".value");
              return value -> {
                Map<?, ?> in = (Map<?, ?>) value;
                Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, in.size() * 2));
                for (Map.Entry<?, ?> entry : in.entrySet()) {
                  out.put(
                      entry.getKey().toString(),
                      convertMapValue(entry.getValue(), val, valueRequired, path));
                }
                return out;
              };
            }
            if (!isLogicalMap(avro)) {
              throw mismatch(path, avro, type);
            }
            org.apache.avro.Schema pair = avro.getElementType();
            key = value(pair.getField("key").schema(), map.keyType(), path + ".key");
            val = value(pair.getField("value").schema(), map.valueType(), path + ".value");
            int keyPos = pair.getField("key").pos();
            int valuePos = pair.getField("value").pos();
            return value -> {
              Collection<?> in = (Collection<?>) value;
              Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, in.size() * 2));
              for (Object item : in) {
                IndexedRecord kv = (IndexedRecord) item;
                Object k = kv.get(keyPos);
                if (k == null) {
                  throw AvroErrors.nullMapKey(source, path);
                }
                out.put(key.apply(k), convertMapValue(kv.get(valuePos), val, valueRequired, path));
              }
              return out;
            };
          }
        default:
          return primitive(avro, type.asPrimitiveType(), path);
      }
    }

    private Object convertMapValue(
        Object value, Function<Object, Object> converter, boolean required, String path) {
      if (value == null) {
        if (required) {
          throw AvroErrors.nullMapValue(source, path);
        }
        return null;
      }
      return converter.apply(value);
    }

    private ValidationException mismatch(String path, org.apache.avro.Schema avro, Type type) {
      return error(
          path,
          "has Avro type "
              + describe(avro)
              + ", which cannot be stored in column type "
              + type
              + "; change the Avro field or evolve the column to a compatible type");
    }

    private static String describe(org.apache.avro.Schema avro) {
      LogicalType logical = avro.getLogicalType();
      return logical == null
          ? avro.getType().getName()
          : avro.getType().getName() + " (" + logical.getName() + ")";
    }

    private Function<Object, Object> primitive(
        org.apache.avro.Schema avro, Type.PrimitiveType target, String path) {
      Type sourceType;
      try {
        sourceType = AvroSchemas.primitiveType(avro);
      } catch (RuntimeException e) {
        throw mismatch(path, avro, target);
      }
      if (!sourceType.isPrimitiveType()
          || !(sourceType.equals(target) || promotable(sourceType, target))) {
        throw mismatch(path, avro, target);
      }
      LogicalType logical = avro.getLogicalType();
      switch (target.typeId()) {
        case BOOLEAN:
          return value -> (Boolean) value;
        case INTEGER:
          return value -> ((Number) value).intValue();
        case LONG:
          return value -> ((Number) value).longValue();
        case FLOAT:
          return value -> ((Number) value).floatValue();
        case DOUBLE:
          return value -> ((Number) value).doubleValue();
        case STRING:
          return value -> value instanceof Enum<?> e ? e.name() : value.toString();
        case BINARY:
          return value ->
              value instanceof byte[] b ? ByteBuffer.wrap(b) : ((ByteBuffer) value).duplicate();
        case FIXED:
          return value -> value instanceof GenericFixed f ? f.bytes() : bytesOf(value);
        case DECIMAL:
          {
            int scale = ((Types.DecimalType) target).scale();
            return value -> {
              if (value instanceof BigDecimal d) {
                return d.setScale(scale);
              }
              return new BigDecimal(new BigInteger(bytesOf(value)), scale);
            };
          }
        case DATE:
          return value ->
              value instanceof LocalDate d
                  ? d
                  : DateTimeUtil.dateFromDays(((Number) value).intValue());
        case TIME:
          {
            long factor = logical instanceof LogicalTypes.TimeMillis ? 1000L : 1L;
            return value ->
                value instanceof LocalTime t
                    ? t
                    : DateTimeUtil.timeFromMicros(((Number) value).longValue() * factor);
          }
        case TIMESTAMP:
          {
            boolean utc = ((Types.TimestampType) target).shouldAdjustToUTC();
            long factor =
                logical instanceof LogicalTypes.TimestampMillis
                        || logical instanceof LogicalTypes.LocalTimestampMillis
                    ? 1000L
                    : 1L;
            return value -> {
              long micros = value instanceof Number n ? n.longValue() * factor : microsOf(value);
              return utc
                  ? DateTimeUtil.timestamptzFromMicros(micros)
                  : DateTimeUtil.timestampFromMicros(micros);
            };
          }
        case TIMESTAMP_NANO:
          {
            boolean utc = ((Types.TimestampNanoType) target).shouldAdjustToUTC();
            return value -> {
              long nanos = value instanceof Number n ? n.longValue() : nanosOf(value);
              return utc
                  ? DateTimeUtil.timestamptzFromNanos(nanos)
                  : DateTimeUtil.timestampFromNanos(nanos);
            };
          }
        case UUID:
          return value -> {
            if (value instanceof UUID u) {
              return u;
            }
            if (value instanceof GenericFixed f) {
              return AvroSchemas.uuid(f.bytes());
            }
            return UUID.fromString(value.toString());
          };
        default:
          throw mismatch(path, avro, target);
      }
    }
  }

  /** Iceberg's safe widenings: int to long, float to double, wider decimal precision. */
  static boolean promotable(Type from, Type to) {
    switch (from.typeId()) {
      case INTEGER:
        return to.typeId() == Type.TypeID.LONG;
      case FLOAT:
        return to.typeId() == Type.TypeID.DOUBLE;
      case DECIMAL:
        return to.typeId() == Type.TypeID.DECIMAL
            && ((Types.DecimalType) from).scale() == ((Types.DecimalType) to).scale()
            && ((Types.DecimalType) from).precision() <= ((Types.DecimalType) to).precision();
      default:
        return false;
    }
  }

  static boolean isLogicalMap(org.apache.avro.Schema array) {
    return "map".equals(array.getProp("logicalType"))
        && AvroSchemas.isKeyValue(array.getElementType());
  }

  static byte[] bytesOf(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof GenericFixed f) {
      return f.bytes();
    }
    return AvroSchemas.bytes((ByteBuffer) value);
  }

  static long microsOf(Object value) {
    if (value instanceof Instant i) {
      return DateTimeUtil.microsFromInstant(i);
    }
    if (value instanceof LocalDateTime t) {
      return DateTimeUtil.microsFromTimestamp(t);
    }
    if (value instanceof OffsetDateTime t) {
      return DateTimeUtil.microsFromTimestamptz(t);
    }
    throw new ClassCastException("a timestamp cannot be a " + value.getClass().getName());
  }

  static long nanosOf(Object value) {
    if (value instanceof Instant i) {
      return DateTimeUtil.nanosFromTimestamptz(i.atOffset(ZoneOffset.UTC));
    }
    if (value instanceof LocalDateTime t) {
      return DateTimeUtil.nanosFromTimestamp(t);
    }
    if (value instanceof OffsetDateTime t) {
      return DateTimeUtil.nanosFromTimestamptz(t);
    }
    throw new ClassCastException("a timestamp cannot be a " + value.getClass().getName());
  }
}
