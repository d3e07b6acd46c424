package io.floe.impl.read;

import io.floe.ObjectStream;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.ValidationException;
import io.floe.impl.Names;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Reads {@link Row}s into Java records and POJOs: the read side of {@code Append.objects(...)},
 * matching columns and properties by {@link Names#propertyKey} as writes do.
 *
 * <p>Everything reflective (which constructor, setter or field fills which column, and how each
 * value converts) is resolved once, when the reader is built for a class and a row type; reading a
 * row only calls the resolved converters. Every mismatch a schema can show (a field with no column,
 * a type that does not convert) fails when the reader is built, before a file is read; a null
 * meeting a primitive field fails on the row that holds it. Thread-safe once built.
 *
 * @param <T> the type read
 */
public final class ObjectReader<T> {
  /** Converts a non-null value in {@link Row}'s representation to a field's type. */
  @FunctionalInterface
  private interface Conv {
    Object apply(Object value);
  }

  /** A record component or POJO property: where its value goes. */
  private record Member(
      String name,
      Class<?> raw,
      java.lang.reflect.Type generic,
      Method setter,
      Field field,
      Integer fieldId) {}

  /** The {@link io.floe.FieldId} on a member, or null. */
  private static Integer fieldId(java.lang.reflect.AnnotatedElement... elements) {
    for (java.lang.reflect.AnnotatedElement e : elements) {
      io.floe.FieldId id = e == null ? null : e.getAnnotation(io.floe.FieldId.class);
      if (id != null) {
        return id.value();
      }
    }
    return null;
  }

  private final String table;
  private final Class<T> type;
  private final StructReader root;

  private ObjectReader(String table, Class<T> type, Types.StructType struct) {
    this.table = table;
    this.type = type;
    this.root = new StructReader(type, struct, "");
  }

  /**
   * Builds a reader of rows of a schema into a class.
   *
   * @param <T> the type read
   * @param table the table's full name, for messages
   * @param type a record class or a class with a no-argument constructor
   * @param schema the schema of the rows read
   * @return the reader
   * @throws ValidationException naming the table, the class and the field when a field has no
   *     column or a column's type does not convert to the field's type
   */
  public static <T> ObjectReader<T> of(String table, Class<T> type, Schema schema) {
    Objects.requireNonNull(type, "type");
    return new ObjectReader<>(table, type, schema.asStruct());
  }

  /**
   * The columns (dotted names for fields of nested structs) a class reads from a schema: a scan
   * selects only these.
   *
   * @param table the table's full name, for messages
   * @param type a record class or a class with a no-argument constructor
   * @param schema the table's schema
   * @return the column names
   * @throws ValidationException when a field has no column or a type does not convert
   */
  public static List<String> columns(String table, Class<?> type, Schema schema) {
    List<String> out = new ArrayList<>();
    new ObjectReader<>(table, type, schema.asStruct()).root.columns(out);
    return out;
  }

  /**
   * Reads one row.
   *
   * @param row a row of the schema the reader was built for
   * @return the object
   * @throws ValidationException when a null reaches a primitive field
   */
  public T read(Row row) {
    return type.cast(root.apply(row));
  }

  /**
   * Reads a stream of rows; closing the result closes the rows.
   *
   * @param rows rows of the schema the reader was built for
   * @return the objects
   */
  public ObjectStream<T> read(RowStream rows) {
    return new ObjectStream<>() {
      @Override
      public CloseableIterator<T> iterator() {
        return CloseableIterator.transform(rows.iterator(), ObjectReader.this::read);
      }

      @Override
      public void close() {
        rows.close();
      }

      @Override
      public String toString() {
        return type.getSimpleName() + " objects of " + rows;
      }
    };
  }

  private ValidationException invalid(String column, String problem) {
    return ReadErrors.cannotReadAs(table, type, column, problem);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Reads a struct (a {@link Row}) into a record or POJO. */
  private final class StructReader implements Conv {
    private final Class<?> cls;
    private final Types.StructType struct;
    private final String path;
    private final Member[] members;
    private final Types.NestedField[] columns;
    private final int[] positions;
    private final Conv[] convs;
    private final Constructor<?> constructor;
    private final boolean record;

    StructReader(Class<?> cls, Types.StructType struct, String path) {
      this.cls = cls;
      this.struct = struct;
      this.path = path;
      this.record = cls.isRecord();
      if (cls.isPrimitive()
          || cls.isArray()
          || cls.isInterface()
          || cls.isEnum()
          || Modifier.isAbstract(cls.getModifiers())
          || cls.getName().startsWith("java.")) {
        throw invalid(
            path.isEmpty() ? null : path,
            (path.isEmpty() ? "" : "struct column '" + path + "': ")
                + cls.getName()
                + " is not a record or a class with a no-argument constructor");
      }
      List<Member> found = record ? recordMembers(cls) : beanMembers(cls);
      if (found.isEmpty()) {
        throw invalid(
            path.isEmpty() ? null : path,
            cls.getName() + " has no record components, public setters or public fields to fill");
      }
      this.members = found.toArray(new Member[0]);
      this.columns = new Types.NestedField[members.length];
      this.positions = new int[members.length];
      this.convs = new Conv[members.length];
      List<Types.NestedField> fields = struct.fields();
      for (int i = 0; i < members.length; i++) {
        Member m = members[i];
        Types.NestedField column = column(m);
        columns[i] = column;
        positions[i] = fields.indexOf(column);
        convs[i] = converter(column.type(), m.raw, m.generic, join(path, column.name()), field(m));
      }
      try {
        this.constructor =
            record
                ? cls.getDeclaredConstructor(
                    found.stream().map(Member::raw).toArray(Class<?>[]::new))
                : cls.getDeclaredConstructor();
        constructor.setAccessible(true);
      } catch (NoSuchMethodException e) {
        throw invalid(
            null,
            cls.getName()
                + " has no no-argument constructor; add one (public "
                + cls.getSimpleName()
                + "() {}) or make it a record");
      } catch (RuntimeException e) {
        throw invalid(
            null, "cannot use the constructor of " + cls.getName() + ": " + e.getMessage());
      }
    }

    private String field(Member m) {
      return "field '" + cls.getSimpleName() + "." + m.name + "'";
    }

    /**
     * The column a member reads: the one of its {@link io.floe.FieldId} when the struct has it,
     * else the one of the same name, else the one whose key matches.
     */
    private Types.NestedField column(Member m) {
      if (m.fieldId != null) {
        Types.NestedField byId = struct.field(m.fieldId);
        if (byId != null) {
          return byId;
        }
      }
      Types.NestedField exact = struct.field(m.name);
      if (exact != null) {
        return exact;
      }
      String key = Names.propertyKey(m.name);
      List<Types.NestedField> matches =
          struct.fields().stream().filter(f -> Names.propertyKey(f.name()).equals(key)).toList();
      if (matches.size() > 1) {
        throw invalid(
            join(path, matches.get(0).name()),
            field(m)
                + " matches several columns "
                + matches.stream().map(f -> join(path, f.name())).toList()
                + "; name it exactly like one of them");
      }
      if (matches.isEmpty()) {
        throw invalid(
            null,
            field(m)
                + " has no column"
                + (path.isEmpty() ? "" : " in struct '" + path + "'")
                + " (camelCase matches snake_case); columns are "
                + struct.fields().stream().map(Types.NestedField::name).toList()
                + "; rename the field, or select and map the column another way");
      }
      return matches.get(0);
    }

    void columns(List<String> out) {
      for (int i = 0; i < members.length; i++) {
        if (convs[i] instanceof ObjectReader<?>.StructReader nested) {
          nested.columns(out);
        } else {
          out.add(join(path, columns[i].name()));
        }
      }
    }

    @Override
    public Object apply(Object value) {
      Row row = (Row) value;
      Object[] values = new Object[members.length];
      for (int i = 0; i < members.length; i++) {
        Object v = positions[i] < 0 ? null : row.get(positions[i]);
        if (v == null) {
          if (members[i].raw.isPrimitive()) {
            String column = join(path, columns[i].name());
            throw invalid(
                column,
                "column '"
                    + column
                    + "' is null in a row, but "
                    + field(members[i])
                    + " has primitive type "
                    + members[i].raw.getName()
                    + "; declare it as "
                    + box(members[i].raw).getSimpleName()
                    + " to read nulls");
          }
        } else {
          values[i] = convs[i].apply(v);
        }
      }
      try {
        if (record) {
          return constructor.newInstance(values);
        }
        Object bean = constructor.newInstance();
        for (int i = 0; i < members.length; i++) {
          if (values[i] == null && members[i].raw.isPrimitive()) {
            continue;
          }
          if (members[i].setter != null) {
            members[i].setter.invoke(bean, values[i]);
          } else {
            members[i].field.set(bean, values[i]);
          }
        }
        return bean;
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw ReadErrors.rowRefused(table, type, cls, cause);
      } catch (ReflectiveOperationException e) {
        throw ReadErrors.cannotCreate(table, cls, e);
      }
    }
  }

  private static List<Member> recordMembers(Class<?> cls) {
    List<Member> out = new ArrayList<>();
    for (RecordComponent c : cls.getRecordComponents()) {
      out.add(
          new Member(
              c.getName(),
              c.getType(),
              c.getGenericType(),
              null,
              null,
              fieldId(c, c.getAccessor())));
    }
    return out;
  }

  /** Public setters ({@code setX(value)}), then public non-final fields not set by a setter. */
  private static List<Member> beanMembers(Class<?> cls) {
    Map<String, Member> byKey = new LinkedHashMap<>();
    for (Method m : cls.getMethods()) {
      if (m.getName().startsWith("set")
          && m.getName().length() > 3
          && m.getParameterCount() == 1
          && !Modifier.isStatic(m.getModifiers())
          && m.getDeclaringClass() != Object.class) {
        String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
        byKey.putIfAbsent(
            Names.propertyKey(name),
            new Member(
                name,
                m.getParameterTypes()[0],
                m.getGenericParameterTypes()[0],
                m,
                null,
                fieldId(m)));
      }
    }
    for (Field f : cls.getFields()) {
      int mod = f.getModifiers();
      if (!Modifier.isStatic(mod) && !Modifier.isFinal(mod)) {
        byKey.putIfAbsent(
            Names.propertyKey(f.getName()),
            new Member(f.getName(), f.getType(), f.getGenericType(), null, f, fieldId(f)));
      }
    }
    return new ArrayList<>(byKey.values());
  }

  private static Class<?> box(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    return c == int.class
        ? Integer.class
        : c == long.class
            ? Long.class
            : c == double.class
                ? Double.class
                : c == float.class
                    ? Float.class
                    : c == boolean.class
                        ? Boolean.class
                        : c == short.class
                            ? Short.class
                            : c == byte.class
                                ? Byte.class
                                : c == char.class ? Character.class : Void.class;
  }

  private static Class<?> rawOf(java.lang.reflect.Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return rawOf(p.getRawType());
    }
    if (t instanceof WildcardType w) {
      return rawOf(w.getUpperBounds()[0]);
    }
    if (t instanceof TypeVariable<?> v) {
      return rawOf(v.getBounds()[0]);
    }
    if (t instanceof GenericArrayType a) {
      return Array.newInstance(rawOf(a.getGenericComponentType()), 0).getClass();
    }
    return Object.class;
  }

  /** The {@code i}th type argument of a parameterized type, or {@code Object}. */
  private static java.lang.reflect.Type argument(java.lang.reflect.Type t, int i) {
    if (t instanceof ParameterizedType p && p.getActualTypeArguments().length > i) {
      java.lang.reflect.Type arg = p.getActualTypeArguments()[i];
      return arg instanceof WildcardType w ? w.getUpperBounds()[0] : arg;
    }
    return Object.class;
  }

  private Conv converter(
      Type icebergType, Class<?> raw, java.lang.reflect.Type generic, String column, String field) {
    Class<?> target = box(raw);
    if (target == Object.class) {
      return v -> v;
    }
    Conv conv = convert(icebergType, target, generic, column, field);
    if (conv == null) {
      throw invalid(
          column,
          "column '"
              + column
              + "' of type "
              + icebergType
              + " cannot be read into "
              + field
              + " of type "
              + generic.getTypeName()
              + " without losing information; declare it as "
              + expected(icebergType));
    }
    return conv;
  }

  private static String expected(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return "boolean or Boolean";
      case INTEGER:
        return "int, Integer, long, Long, double or Double";
      case LONG:
        return "long or Long";
      case FLOAT:
        return "float, Float, double or Double";
      case DOUBLE:
        return "double or Double";
      case DECIMAL:
        return "BigDecimal";
      case DATE:
        return "LocalDate";
      case TIME:
        return "LocalTime";
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return zoned(type)
            ? "Instant, OffsetDateTime or ZonedDateTime"
            : "LocalDateTime or Instant";
      case STRING:
        return "String or an enum";
      case UUID:
        return "UUID or String";
      case BINARY:
      case FIXED:
        return "byte[] or ByteBuffer";
      case STRUCT:
        return "a record, a POJO, Row or Map";
      case LIST:
        return "a List or an array";
      case MAP:
        return "a Map";
      case VARIANT:
        return "io.floe.Variant or Object";
      default:
        return "Object";
    }
  }

  private static boolean zoned(Type type) {
    return type instanceof Types.TimestampType t
        ? t.shouldAdjustToUTC()
        : type instanceof Types.TimestampNanoType n && n.shouldAdjustToUTC();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Conv convert(
      Type icebergType,
      Class<?> target,
      java.lang.reflect.Type generic,
      String column,
      String field) {
    boolean numeric = target == Number.class;
    switch (icebergType.typeId()) {
      case BOOLEAN:
        return target == Boolean.class ? v -> v : null;
      case INTEGER:
        if (target == Integer.class || numeric) {
          return v -> v;
        }
        return target == Long.class
            ? v -> ((Integer) v).longValue()
            : target == Double.class ? v -> ((Integer) v).doubleValue() : null;
      case LONG:
        return target == Long.class || numeric ? v -> v : null;
      case FLOAT:
        if (target == Float.class || numeric) {
          return v -> v;
        }
        return target == Double.class ? v -> ((Float) v).doubleValue() : null;
      case DOUBLE:
        return target == Double.class || numeric ? v -> v : null;
      case DECIMAL:
        return target == BigDecimal.class || numeric ? v -> v : null;
      case DATE:
        return target == LocalDate.class ? v -> v : null;
      case TIME:
        return target == LocalTime.class ? v -> v : null;
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        if (zoned(icebergType)) {
          return target == OffsetDateTime.class
              ? v -> v
              : target == Instant.class
                  ? v -> ((OffsetDateTime) v).toInstant()
                  : target == ZonedDateTime.class
                      ? v -> ((OffsetDateTime) v).toZonedDateTime()
                      : null;
        }
        return target == LocalDateTime.class
            ? v -> v
            : target == Instant.class ? v -> ((LocalDateTime) v).toInstant(ZoneOffset.UTC) : null;
      case STRING:
        if (target == String.class || target == CharSequence.class) {
          return v -> v;
        }
        if (target.isEnum()) {
          Class<? extends Enum> enumType = (Class<? extends Enum>) target;
          return v -> {
            try {
              return Enum.valueOf(enumType, (String) v);
            } catch (IllegalArgumentException e) {
              throw invalid(
                  column,
                  "column '"
                      + column
                      + "' holds '"
                      + v
                      + "', which is no constant of "
                      + target.getName()
                      + " ("
                      + field
                      + ")");
            }
          };
        }
        return null;
      case UUID:
        return target == UUID.class ? v -> v : target == String.class ? Object::toString : null;
      case BINARY:
      case FIXED:
        if (target == ByteBuffer.class) {
          return v -> ((ByteBuffer) v).duplicate();
        }
        if (target == byte[].class) {
          return v -> {
            ByteBuffer buffer = ((ByteBuffer) v).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
          };
        }
        return null;
      case STRUCT:
        if (target == Row.class) {
          return v -> v;
        }
        if (target == Map.class) {
          return v -> ((Row) v).toMap();
        }
        return new StructReader(target, icebergType.asStructType(), column);
      case LIST:
        return list(icebergType.asListType(), target, generic, column, field);
      case VARIANT:
        return target == io.floe.Variant.class || target == Object.class ? v -> v : null;
      case MAP:
        if (target != Map.class) {
          return null;
        }
        Types.MapType map = icebergType.asMapType();
        java.lang.reflect.Type keyType = argument(generic, 0);
        java.lang.reflect.Type valueType = argument(generic, 1);
        Conv key =
            converter(map.keyType(), rawOf(keyType), keyType, column + ".key", field + " (key)");
        Conv value =
            converter(
                map.valueType(),
                rawOf(valueType),
                valueType,
                column + ".value",
                field + " (value)");
        return v -> {
          Map<Object, Object> out = new LinkedHashMap<>();
          ((Map<?, ?>) v)
              .forEach((k, x) -> out.put(key.apply(k), x == null ? null : value.apply(x)));
          return out;
        };
      default:
        return null;
    }
  }

  private Conv list(
      Types.ListType list,
      Class<?> target,
      java.lang.reflect.Type generic,
      String column,
      String field) {
    String elementColumn = column + ".element";
    if (target.isArray()) {
      Class<?> component = target.getComponentType();
      java.lang.reflect.Type componentType =
          generic instanceof GenericArrayType a ? a.getGenericComponentType() : component;
      Conv element =
          converter(
              list.elementType(), component, componentType, elementColumn, field + " (element)");
      return v -> {
        List<?> in = (List<?>) v;
        Object out = Array.newInstance(component, in.size());
        for (int i = 0; i < in.size(); i++) {
          Object x = in.get(i);
          if (x == null) {
            if (component.isPrimitive()) {
              throw invalid(
                  column,
                  "list column '"
                      + column
                      + "' holds a null element, but "
                      + field
                      + " is an array of "
                      + component.getName()
                      + "; declare it as a List or an array of "
                      + box(component).getSimpleName());
            }
          } else {
            Array.set(out, i, element.apply(x));
          }
        }
        return out;
      };
    }
    if (target != List.class && target != Collection.class && target != Iterable.class) {
      return null;
    }
    java.lang.reflect.Type elementType = argument(generic, 0);
    Conv element =
        converter(
            list.elementType(),
            rawOf(elementType),
            elementType,
            elementColumn,
            field + " (element)");
    return v -> {
      List<?> in = (List<?>) v;
      List<Object> out = new ArrayList<>(in.size());
      for (Object x : in) {
        out.add(x == null ? null : element.apply(x));
      }
      return out;
    };
  }
}
