package io.floe.impl.write;

import io.floe.ValidationException;
import io.floe.impl.spi.Errors;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Converts user rows (maps, Iceberg records and other {@link StructLike}s, Java records and POJOs)
 * into Iceberg generic records of a table's schema, coercing common Java types to Iceberg's
 * representation and rejecting unknown columns, wrong types and nulls in required columns with a
 * {@link ValidationException} that names the table and the column.
 *
 * <p>Converters are compiled once per schema; an instance is thread-safe.
 */
public final class RowConverter {
  @FunctionalInterface
  private interface Conv {
    Object apply(Object value, String path);
  }

  private static final Map<Class<?>, Map<String, Accessor>> ACCESSORS = new ConcurrentHashMap<>();

  private final String table;
  private final Schema schema;
  private final StructConv root;

  /**
   * Creates a converter for a table's schema.
   *
   * @param table the table's full name, for messages
   * @param schema the table schema
   */
  public RowConverter(String table, Schema schema) {
    this.table = table;
    this.schema = schema;
    this.root = new StructConv(schema.asStruct(), "");
  }

  /**
   * The schema records are converted to.
   *
   * @return the schema
   */
  public Schema schema() {
    return schema;
  }

  /**
   * Converts a map row.
   *
   * @param row column name to value
   * @return a record of the table schema
   * @throws ValidationException when the row does not fit
   */
  public Record fromMap(Map<String, ?> row) {
    if (row == null) {
      throw invalid(null, "a row is null");
    }
    return root.fromMap(row, "");
  }

  /**
   * Converts a positional row (an Iceberg record of this schema, or any struct of the same shape).
   *
   * @param row the row
   * @return a record of the table schema
   * @throws ValidationException when the row does not fit
   */
  public Record fromStruct(StructLike row) {
    if (row == null) {
      throw invalid(null, "a row is null");
    }
    return root.fromStruct(row, "");
  }

  /**
   * Converts a Java record, a POJO, a map or a struct.
   *
   * @param object the object
   * @return a record of the table schema
   * @throws ValidationException when the object does not fit
   */
  @SuppressWarnings("unchecked")
  public Record fromObject(Object object) {
    if (object instanceof Map<?, ?> map) {
      return fromMap((Map<String, ?>) map);
    }
    if (object instanceof StructLike struct) {
      return fromStruct(struct);
    }
    if (object == null) {
      throw invalid(null, "a row is null");
    }
    return root.fromBean(object, "");
  }

  private ValidationException invalid(String column, String problem) {
    return Errors.invalidRow(table, column, problem);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String describe(Object value) {
    String text = String.valueOf(value);
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return value.getClass().getName()
        + " "
        + (value instanceof CharSequence ? "\"" + text + "\"" : text);
  }

  private ValidationException mismatch(String path, Type type, Object value) {
    return invalid(path, "expected " + type + " but got " + describe(value));
  }

  private final class StructConv implements Conv {
    private final Types.StructType struct;

    /** The last record struct found equal to {@link #struct} (struct types are immutable). */
    private Types.StructType sameAsStruct;

    private final Types.NestedField[] fields;
    private final Conv[] convs;
    private final Map<String, Integer> positions = new HashMap<>();

    /**
     * An empty record that new records are copied from: {@code GenericRecord.create} looks the
     * struct's name map up in a shared cache for every record (15% of a row append's CPU time in
     * profiles), a copy takes it from the template. Never changed.
     */
    private final GenericRecord template;

    StructConv(Types.StructType struct, String path) {
      this.struct = struct;
      this.template = GenericRecord.create(struct);
      this.fields = struct.fields().toArray(new Types.NestedField[0]);
      this.convs = new Conv[fields.length];
      for (int i = 0; i < fields.length; i++) {
        convs[i] = converter(fields[i].type(), join(path, fields[i].name()));
        positions.put(fields[i].name(), i);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Object value, String path) {
      if (value instanceof Map<?, ?> map) {
        return fromMap((Map<String, ?>) map, path);
      }
      if (value instanceof StructLike s) {
        return fromStruct(s, path);
      }
      if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
        throw mismatch(path, struct, value);
      }
      return fromBean(value, path);
    }

    private Object set(GenericRecord record, int i, Object raw, String path) {
      String column = join(path, fields[i].name());
      if (raw == null) {
        if (fields[i].isRequired()) {
          throw Errors.requiredFieldNull(table, column, fields[i].type());
        }
        return null;
      }
      Object converted = convs[i].apply(raw, column);
      record.set(i, converted);
      return converted;
    }

    Record fromMap(Map<String, ?> row, String path) {
      GenericRecord record = template.copy();
      int matched = 0;
      for (int i = 0; i < fields.length; i++) {
        Object raw = row.get(fields[i].name());
        if (raw != null || row.containsKey(fields[i].name())) {
          matched++;
        }
        set(record, i, raw, path);
      }
      if (matched != row.size()) {
        for (Object key : row.keySet()) {
          if (!(key instanceof String name) || !positions.containsKey(name)) {
            throw Errors.unknownColumn(
                table, join(path, String.valueOf(key)), path, positions.keySet());
          }
        }
      }
      return record;
    }

    Record fromStruct(StructLike row, String path) {
      if (row instanceof Record rec && rec.struct() != struct && rec.struct() != sameAsStruct) {
        // comparing struct types field by field for every record costs more than converting it
        if (!rec.struct().equals(struct)) {
          return fromNamedRecord(rec, path);
        }
        sameAsStruct = rec.struct();
      }
      if (row.size() != fields.length) {
        throw invalid(
            path,
            "expected " + fields.length + " values by position but the row has " + row.size());
      }
      GenericRecord record = template.copy();
      for (int i = 0; i < fields.length; i++) {
        set(record, i, row.get(i, Object.class), path);
      }
      return record;
    }

    private Record fromNamedRecord(Record rec, String path) {
      Map<String, Object> values = new LinkedHashMap<>();
      List<Types.NestedField> given = rec.struct().fields();
      for (int i = 0; i < given.size(); i++) {
        values.put(given.get(i).name(), rec.get(i));
      }
      return fromMap(values, path);
    }

    Record fromBean(Object bean, String path) {
      Map<String, Accessor> accessors =
          ACCESSORS.computeIfAbsent(bean.getClass(), RowConverter::accessorsOf);
      GenericRecord record = template.copy();
      for (int i = 0; i < fields.length; i++) {
        Accessor accessor = accessors.get(ID_KEY + fields[i].fieldId());
        if (accessor == null) {
          accessor = accessors.get(normalize(fields[i].name()));
        }
        Object raw = accessor == null ? null : accessor.get(bean);
        set(record, i, raw, path);
      }
      return record;
    }
  }

  private Conv converter(Type type, String path) {
    switch (type.typeId()) {
      case BOOLEAN:
        return (v, p) -> {
          if (v instanceof Boolean) {
            return v;
          }
          throw mismatch(p, type, v);
        };
      case INTEGER:
        return (v, p) -> {
          if (v instanceof Integer) {
            return v;
          }
          if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
          }
          if (v instanceof Long l && l == l.intValue()) {
            return l.intValue();
          }
          throw mismatch(p, type, v);
        };
      case LONG:
        return (v, p) -> {
          if (v instanceof Long) {
            return v;
          }
          if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
          }
          if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
          }
          throw mismatch(p, type, v);
        };
      case FLOAT:
        return (v, p) -> {
          if (v instanceof Float) {
            return v;
          }
          if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).floatValue();
          }
          if (v instanceof Double d && (d.isNaN() || (double) d.floatValue() == d)) {
            return d.floatValue();
          }
          throw mismatch(p, type, v);
        };
      case DOUBLE:
        return (v, p) -> {
          if (v instanceof Double) {
            return v;
          }
          if (v instanceof Float
              || v instanceof Integer
              || v instanceof Long
              || v instanceof Short
              || v instanceof Byte) {
            return ((Number) v).doubleValue();
          }
          throw mismatch(p, type, v);
        };
      case STRING:
        return (v, p) -> {
          if (v instanceof String) {
            return v;
          }
          if (v instanceof CharSequence || v instanceof Enum<?>) {
            return v instanceof Enum<?> e ? e.name() : v.toString();
          }
          throw mismatch(p, type, v);
        };
      case UUID:
        return (v, p) -> {
          if (v instanceof UUID) {
            return v;
          }
          if (v instanceof CharSequence s) {
            try {
              return UUID.fromString(s.toString());
            } catch (IllegalArgumentException e) {
              throw mismatch(p, type, v);
            }
          }
          throw mismatch(p, type, v);
        };
      case BINARY:
        return (v, p) -> {
          if (v instanceof ByteBuffer) {
            return v;
          }
          if (v instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
          }
          throw mismatch(p, type, v);
        };
      case FIXED:
        int length = ((Types.FixedType) type).length();
        return (v, p) -> {
          byte[] bytes = null;
          if (v instanceof byte[] b) {
            bytes = b;
          } else if (v instanceof ByteBuffer buffer) {
            bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
          }
          if (bytes == null) {
            throw mismatch(p, type, v);
          }
          if (bytes.length != length) {
            throw invalid(
                p, "expected " + length + " bytes for " + type + " but got " + bytes.length);
          }
          return bytes;
        };
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        return (v, p) -> {
          BigDecimal d;
          if (v instanceof BigDecimal b) {
            d = b;
          } else if (v instanceof Integer
              || v instanceof Long
              || v instanceof Short
              || v instanceof Byte) {
            d = BigDecimal.valueOf(((Number) v).longValue());
          } else if (v instanceof BigInteger b) {
            d = new BigDecimal(b);
          } else if (v instanceof Double || v instanceof Float) {
            d = BigDecimal.valueOf(((Number) v).doubleValue());
          } else if (v instanceof CharSequence s) {
            try {
              d = new BigDecimal(s.toString());
            } catch (NumberFormatException e) {
              throw mismatch(p, type, v);
            }
          } else {
            throw mismatch(p, type, v);
          }
          try {
            d = d.setScale(decimal.scale(), RoundingMode.UNNECESSARY);
          } catch (ArithmeticException e) {
            throw invalid(
                p,
                "value "
                    + v
                    + " does not fit scale "
                    + decimal.scale()
                    + " of "
                    + type
                    + " without rounding");
          }
          if (d.precision() > decimal.precision()) {
            throw invalid(p, "value " + v + " has more digits than the precision of " + type);
          }
          return d;
        };
      case DATE:
        return (v, p) -> {
          if (v instanceof LocalDate) {
            return v;
          }
          if (v instanceof CharSequence s) {
            try {
              return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
              throw mismatch(p, type, v);
            }
          }
          throw mismatch(p, type, v);
        };
      case TIME:
        return (v, p) -> {
          if (v instanceof LocalTime) {
            return v;
          }
          if (v instanceof Long micros) {
            return LocalTime.ofNanoOfDay(micros * 1000);
          }
          if (v instanceof CharSequence s) {
            try {
              return LocalTime.parse(s);
            } catch (DateTimeParseException e) {
              throw mismatch(p, type, v);
            }
          }
          throw mismatch(p, type, v);
        };
      case TIMESTAMP:
        return timestamp(((Types.TimestampType) type).shouldAdjustToUTC(), ChronoUnit.MICROS, type);
      case TIMESTAMP_NANO:
        return timestamp(
            ((Types.TimestampNanoType) type).shouldAdjustToUTC(), ChronoUnit.NANOS, type);
      case STRUCT:
        return new StructConv(type.asStructType(), path);
      case LIST:
        Types.ListType list = type.asListType();
        Conv element = converter(list.elementType(), path + ".element");
        boolean elementRequired = list.isElementRequired();
        return (v, p) -> {
          List<Object> out = new ArrayList<>();
          Iterable<?> items;
          if (v instanceof Collection<?> c) {
            items = c;
          } else if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> copy = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
              copy.add(Array.get(v, i));
            }
            items = copy;
          } else {
            throw mismatch(p, type, v);
          }
          for (Object item : items) {
            if (item == null) {
              if (elementRequired) {
                throw invalid(p, "null element in a list whose elements are required");
              }
              out.add(null);
            } else {
              out.add(element.apply(item, p));
            }
          }
          return out;
        };
      case MAP:
        Types.MapType map = type.asMapType();
        Conv key = converter(map.keyType(), path + ".key");
        Conv value = converter(map.valueType(), path + ".value");
        boolean valueRequired = map.isValueRequired();
        return (v, p) -> {
          if (!(v instanceof Map<?, ?> in)) {
            throw mismatch(p, type, v);
          }
          Map<Object, Object> out = new LinkedHashMap<>();
          for (Map.Entry<?, ?> e : in.entrySet()) {
            if (e.getKey() == null) {
              throw invalid(p, "null map key");
            }
            if (e.getValue() == null && valueRequired) {
              throw invalid(
                  p, "null value for key " + e.getKey() + " in a map whose values are required");
            }
            out.put(
                key.apply(e.getKey(), p),
                e.getValue() == null ? null : value.apply(e.getValue(), p));
          }
          return out;
        };
      case VARIANT:
        return (v, p) -> {
          if (v instanceof org.apache.iceberg.variants.Variant) {
            return v;
          }
          try {
            io.floe.Variant variant;
            if (v instanceof io.floe.Variant fv) {
              variant = fv;
            } else if (v instanceof CharSequence s) {
              variant = io.floe.Variant.parseJson(s.toString()); // JSON text, as Spark's parse_json
            } else if (v instanceof com.fasterxml.jackson.databind.JsonNode node) {
              variant = io.floe.impl.spi.VariantValues.fromJson(node);
            } else {
              variant = io.floe.Variant.of(v);
            }
            return io.floe.impl.spi.VariantValues.toIceberg(variant);
          } catch (IllegalArgumentException e) {
            throw invalid(
                p,
                e.getMessage()
                    + " (a variant column takes io.floe.Variant, JSON text, Jackson trees, or Java"
                    + " maps, lists and scalars)");
          }
        };
      default:
        return (v, p) -> {
          throw invalid(p, "writing type " + type + " is not supported");
        };
    }
  }

  private Conv timestamp(boolean withZone, ChronoUnit unit, Type type) {
    return (v, p) -> {
      if (withZone) {
        if (v instanceof OffsetDateTime) {
          return v;
        }
        if (v instanceof Instant i) {
          return i.atOffset(ZoneOffset.UTC);
        }
        if (v instanceof ZonedDateTime z) {
          return z.toOffsetDateTime();
        }
        if (v instanceof Long l) {
          return Instant.EPOCH.plus(l, unit).atOffset(ZoneOffset.UTC);
        }
        if (v instanceof CharSequence s) {
          try {
            return OffsetDateTime.parse(s);
          } catch (DateTimeParseException e) {
            throw mismatch(p, type, v);
          }
        }
      } else {
        if (v instanceof LocalDateTime) {
          return v;
        }
        if (v instanceof Instant i) {
          return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
        }
        if (v instanceof Long l) {
          return LocalDateTime.ofInstant(Instant.EPOCH.plus(l, unit), ZoneOffset.UTC);
        }
        if (v instanceof CharSequence s) {
          try {
            return LocalDateTime.parse(s);
          } catch (DateTimeParseException e) {
            throw mismatch(p, type, v);
          }
        }
      }
      throw mismatch(p, type, v);
    };
  }

  @FunctionalInterface
  private interface Accessor {
    Object get(Object bean);
  }

  private static String normalize(String name) {
    return io.floe.impl.Names.propertyKey(name);
  }

  /**
   * The key prefix of an accessor found by its {@link io.floe.FieldId}: such a member fills the
   * column of that id first, by name only when the table has no such id. ({@code #} never occurs in
   * a normalized name's key of a Java member.)
   */
  private static final String ID_KEY = "#";

  private static Map<String, Accessor> accessorsOf(Class<?> type) {
    Map<String, Accessor> accessors = new HashMap<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        Method method = component.getAccessor();
        method.setAccessible(true);
        Accessor accessor = bean -> invoke(method, bean);
        accessors.put(normalize(component.getName()), accessor);
        io.floe.FieldId id = component.getAnnotation(io.floe.FieldId.class);
        if (id != null) {
          accessors.put(ID_KEY + id.value(), accessor);
        }
      }
      return accessors;
    }
    for (Field field : type.getFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        accessors.put(
            normalize(field.getName()),
            bean -> {
              try {
                return field.get(bean);
              } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
              }
            });
      }
    }
    for (Method method : type.getMethods()) {
      if (method.getParameterCount() != 0
          || Modifier.isStatic(method.getModifiers())
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      String name = method.getName();
      String property = null;
      if (name.startsWith("get") && name.length() > 3) {
        property = name.substring(3);
      } else if (name.startsWith("is")
          && name.length() > 2
          && (method.getReturnType() == boolean.class || method.getReturnType() == Boolean.class)) {
        property = name.substring(2);
      }
      if (property != null) {
        accessors.put(normalize(property), bean -> invoke(method, bean));
      }
    }
    return accessors;
  }

  private static Object invoke(Method method, Object bean) {
    try {
      return method.invoke(bean);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read " + method + ": " + e.getMessage(), e);
    }
  }
}
