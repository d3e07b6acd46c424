package io.floe.avro;

import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Field;
import org.apache.iceberg.Schema;
import org.apache.iceberg.avro.AvroSchemaUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Converts schemas between Iceberg and Avro, keeping field ids, names, docs, defaults, logical
 * types and optionality.
 *
 * <p>The Avro side follows Iceberg's own conventions, so Iceberg's readers understand it: field ids
 * in {@code field-id}, {@code element-id}, {@code key-id} and {@code value-id} properties, optional
 * values as unions with {@code null}, decimals and UUIDs as fixed, maps with non-string keys as
 * arrays of key/value records. Unlike Iceberg's {@code AvroSchemaUtil} it also keeps column
 * defaults (the initial default as the Avro default, a different write default in {@code
 * iceberg-write-default}), identifier columns, nanosecond timestamps and local timestamps, and
 * {@link #toIceberg(org.apache.avro.Schema)} assigns fresh ids to schemas written without them.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * org.apache.avro.Schema avro = AvroSchemas.toAvro(table.schema(), "com.example.Event");
 * Schema back = AvroSchemas.toIceberg(avro);   // same ids, docs and defaults
 * }</pre>
 */
public final class AvroSchemas {
  /** Avro field property holding a write default that differs from the initial default. */
  public static final String WRITE_DEFAULT_PROP = "iceberg-write-default";

  /** Avro record property listing the Iceberg identifier field ids of the root record. */
  public static final String IDENTIFIER_FIELD_IDS_PROP = "iceberg-identifier-field-ids";

  private static final String LOGICAL_TYPE_PROP = "logicalType";

  /** Loading Iceberg's Avro class registers its Avro logical types (such as "map"). */
  private static final boolean ICEBERG_LOGICAL_TYPES = registerIcebergLogicalTypes();

  private static final String MAP_LOGICAL_TYPE = "map";

  private AvroSchemas() {}

  private static boolean registerIcebergLogicalTypes() {
    try {
      Class.forName("org.apache.iceberg.avro.Avro", true, AvroSchemas.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Converts an Iceberg schema to an Avro record schema.
   *
   * @param schema the Iceberg schema
   * @param recordName the full name of the Avro record, such as {@code com.example.Event}
   * @return a new Avro record schema carrying the Iceberg field ids
   * @throws UnsupportedFeatureException when the schema holds a type Avro cannot carry (variant,
   *     geometry, geography, unknown)
   * @throws IllegalArgumentException when the record name is not a valid Avro name
   */
  public static org.apache.avro.Schema toAvro(Schema schema, String recordName) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(recordName, "recordName");
    org.apache.avro.Schema record;
    try {
      record = new ToAvro().struct(schema.asStruct(), recordName, "");
    } catch (org.apache.avro.SchemaParseException e) {
      throw new IllegalArgumentException(
          "Invalid Avro record name " + recordName + ": " + e.getMessage(), e);
    }
    if (!schema.identifierFieldIds().isEmpty()) {
      record.addProp(
          IDENTIFIER_FIELD_IDS_PROP,
          new ArrayList<>(new java.util.TreeSet<>(schema.identifierFieldIds())));
    }
    return record;
  }

  /**
   * Converts an Avro record schema to an Iceberg schema. Ids present in the Avro schema are kept; a
   * schema without any ids gets fresh ids in Iceberg's order (top-level columns first, from 1);
   * fields missing ids in a schema that has some get ids above the largest one present.
   *
   * <p>Enums become strings; {@code time-millis}, {@code timestamp-millis} and {@code
   * local-timestamp-millis} become Iceberg's microsecond types. Defaults of record, array and map
   * fields are not carried, because Iceberg defaults are primitive values.
   *
   * @param avroSchema an Avro schema of type record
   * @return a new Iceberg schema
   * @throws ValidationException when the schema is not a record, or holds duplicate field ids
   * @throws UnsupportedFeatureException when the schema holds a union of several non-null types or
   *     a recursive record, which Iceberg tables cannot store
   */
  public static Schema toIceberg(org.apache.avro.Schema avroSchema) {
    Objects.requireNonNull(avroSchema, "avroSchema");
    if (avroSchema.getType() != org.apache.avro.Schema.Type.RECORD) {
      throw AvroErrors.tableSchemaNotARecord(avroSchema.getType());
    }
    int maxId = maxId(avroSchema, new HashSet<>());
    boolean noIds = maxId == 0;
    ToIceberg converter = new ToIceberg(maxId);
    Types.StructType struct = converter.struct(avroSchema, "");
    Set<Integer> identifiers = new LinkedHashSet<>();
    Object ids = avroSchema.getObjectProp(IDENTIFIER_FIELD_IDS_PROP);
    if (ids instanceof List<?> list) {
      for (Object id : list) {
        identifiers.add(((Number) id).intValue());
      }
    }
    Schema schema = new Schema(struct.fields(), identifiers);
    if (noIds) {
      AtomicInteger next = new AtomicInteger(0);
      return TypeUtil.assignFreshIds(schema, next::incrementAndGet);
    }
    return schema;
  }

  /**
   * Whether an Avro schema carries Iceberg field ids on all its record fields.
   *
   * @param avroSchema the Avro schema
   * @return true when every record field, list element and map key and value has an id
   */
  public static boolean hasFieldIds(org.apache.avro.Schema avroSchema) {
    Objects.requireNonNull(avroSchema, "avroSchema");
    return allIds(avroSchema, new HashSet<>());
  }

  // ---------------------------------------------------------------------------------------------
  // Iceberg to Avro

  private static final class ToAvro {
    private org.apache.avro.Schema struct(Types.StructType struct, String recordName, String path) {
      List<Field> fields = new ArrayList<>();
      Set<String> used = new HashSet<>();
      for (Types.NestedField field : struct.fields()) {
        fields.add(field(field, path, used));
      }
      return org.apache.avro.Schema.createRecord(recordName, null, null, false, fields);
    }

    private Field field(Types.NestedField field, String parentPath, Set<String> used) {
      String path = parentPath.isEmpty() ? field.name() : parentPath + "." + field.name();
      org.apache.avro.Schema type = type(field.type(), field.fieldId(), path);
      Object initial = field.initialDefault();
      Object write = field.writeDefault();
      Object avroDefault = null;
      if (field.isOptional()) {
        if (initial == null) {
          type = option(type, true);
          avroDefault = JsonProperties.NULL_VALUE;
        } else {
          type = option(type, false);
          avroDefault = avroDefault(field.type(), initial);
        }
      } else if (initial != null) {
        avroDefault = avroDefault(field.type(), initial);
      }
      String name = field.name();
      boolean valid = validName(name);
      String avroName = valid ? name : AvroSchemaUtil.makeCompatibleName(name);
      if (!used.add(avroName)) {
        throw AvroErrors.sameAvroName(path, avroName);
      }
      Field avroField = new Field(avroName, type, field.doc(), avroDefault);
      if (!valid) {
        avroField.addProp(AvroSchemaUtil.ICEBERG_FIELD_NAME_PROP, name);
      }
      avroField.addProp(AvroSchemaUtil.FIELD_ID_PROP, field.fieldId());
      if (!Objects.equals(write, initial)) {
        avroField.addProp(
            WRITE_DEFAULT_PROP,
            write == null ? JsonProperties.NULL_VALUE : avroDefault(field.type(), write));
      }
      return avroField;
    }

    private org.apache.avro.Schema type(Type type, int id, String path) {
      switch (type.typeId()) {
        case STRUCT:
          return struct(type.asStructType(), "r" + id, path);
        case LIST:
          {
            Types.ListType list = type.asListType();
            org.apache.avro.Schema element =
                type(list.elementType(), list.elementId(), path + ".element");
            org.apache.avro.Schema array =
                org.apache.avro.Schema.createArray(
                    list.isElementOptional() ? option(element, true) : element);
            array.addProp(AvroSchemaUtil.ELEMENT_ID_PROP, list.elementId());
            return array;
          }
        case MAP:
          {
            Types.MapType map = type.asMapType();
            org.apache.avro.Schema key = type(map.keyType(), map.keyId(), path + ".key");
            org.apache.avro.Schema value = type(map.valueType(), map.valueId(), path + ".value");
            if (map.isValueOptional()) {
              value = option(value, true);
            }
            if (map.keyType().typeId() == Type.TypeID.STRING) {
              org.apache.avro.Schema avroMap = org.apache.avro.Schema.createMap(value);
              avroMap.addProp(AvroSchemaUtil.KEY_ID_PROP, map.keyId());
              avroMap.addProp(AvroSchemaUtil.VALUE_ID_PROP, map.valueId());
              return avroMap;
            }
            Field keyField = new Field("key", key, null, (Object) null);
            keyField.addProp(AvroSchemaUtil.FIELD_ID_PROP, map.keyId());
            Field valueField = new Field("value", value, null, (Object) null);
            valueField.addProp(AvroSchemaUtil.FIELD_ID_PROP, map.valueId());
            org.apache.avro.Schema pair =
                org.apache.avro.Schema.createRecord(
                    "k" + map.keyId() + "_v" + map.valueId(),
                    null,
                    null,
                    false,
                    List.of(keyField, valueField));
            org.apache.avro.Schema array = org.apache.avro.Schema.createArray(pair);
            array.addProp(LOGICAL_TYPE_PROP, MAP_LOGICAL_TYPE);
            // Iceberg registers "map" as an Avro logical type; attach it as parsing would.
            LogicalType logicalMap =
                ICEBERG_LOGICAL_TYPES ? LogicalTypes.fromSchemaIgnoreInvalid(array) : null;
            if (logicalMap != null) {
              logicalMap.addToSchema(array);
            }
            return array;
          }
        default:
          if (!type.isPrimitiveType()) {
            throw AvroErrors.noAvroForm(path, type);
          }
          return primitive(type.asPrimitiveType(), path);
      }
    }

    private static org.apache.avro.Schema primitive(Type.PrimitiveType type, String path) {
      switch (type.typeId()) {
        case BOOLEAN:
          return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
        case INTEGER:
          return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
        case LONG:
          return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
        case FLOAT:
          return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
        case DOUBLE:
          return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
        case STRING:
          return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
        case BINARY:
          return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
        case DATE:
          return LogicalTypes.date()
              .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        case TIME:
          return LogicalTypes.timeMicros()
              .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
        case TIMESTAMP:
          {
            boolean utc = ((Types.TimestampType) type).shouldAdjustToUTC();
            return timestamp(
                utc ? LogicalTypes.timestampMicros() : LogicalTypes.localTimestampMicros(), utc);
          }
        case TIMESTAMP_NANO:
          {
            boolean utc = ((Types.TimestampNanoType) type).shouldAdjustToUTC();
            return timestamp(
                utc ? LogicalTypes.timestampNanos() : LogicalTypes.localTimestampNanos(), utc);
          }
        case UUID:
          return LogicalTypes.uuid()
              .addToSchema(org.apache.avro.Schema.createFixed("uuid_fixed", null, null, 16));
        case FIXED:
          {
            int length = ((Types.FixedType) type).length();
            return org.apache.avro.Schema.createFixed("fixed_" + length, null, null, length);
          }
        case DECIMAL:
          {
            Types.DecimalType decimal = (Types.DecimalType) type;
            return LogicalTypes.decimal(decimal.precision(), decimal.scale())
                .addToSchema(
                    org.apache.avro.Schema.createFixed(
                        "decimal_" + decimal.precision() + "_" + decimal.scale(),
                        null,
                        null,
                        TypeUtil.decimalRequiredBytes(decimal.precision())));
          }
        default:
          throw AvroErrors.noAvroForm(path, type);
      }
    }

    /** A long carrying a timestamp logical type and Iceberg's adjust-to-UTC property. */
    private static org.apache.avro.Schema timestamp(LogicalType logical, boolean utc) {
      org.apache.avro.Schema schema =
          logical.addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
      schema.addProp(AvroSchemaUtil.ADJUST_TO_UTC_PROP, utc);
      return schema;
    }
  }

  static org.apache.avro.Schema option(org.apache.avro.Schema type, boolean nullFirst) {
    org.apache.avro.Schema nullSchema =
        org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL);
    return org.apache.avro.Schema.createUnion(
        nullFirst ? List.of(nullSchema, type) : List.of(type, nullSchema));
  }

  static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    char first = name.charAt(0);
    if (!(Character.isLetter(first) || first == '_') || first > 127) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c > 127 || !(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** Iceberg's internal value of a default to the Java value Avro's {@code Field} expects. */
  static Object avroDefault(Type type, Object value) {
    switch (type.typeId()) {
      case BOOLEAN:
      case INTEGER:
      case LONG:
      case FLOAT:
      case DOUBLE:
      case DATE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return value;
      case STRING:
        return value.toString();
      case UUID:
        return latin1(uuidBytes((UUID) value));
      case FIXED:
      case BINARY:
        return latin1(bytes((ByteBuffer) value));
      case DECIMAL:
        {
          Types.DecimalType decimal = (Types.DecimalType) type;
          return latin1(
              decimalBytes((BigDecimal) value, TypeUtil.decimalRequiredBytes(decimal.precision())));
        }
      default:
        throw AvroErrors.defaultHasNoAvroForm(type);
    }
  }

  /**
   * The Iceberg literal of an internal value. Iceberg reads a bare {@code long} given for a
   * nanosecond timestamp as microseconds, so those go through their ISO form.
   */
  static org.apache.iceberg.expressions.Literal<?> literal(Type type, Object value) {
    if (type.typeId() == Type.TypeID.TIMESTAMP_NANO) {
      long nanos = (Long) value;
      String iso =
          ((Types.TimestampNanoType) type).shouldAdjustToUTC()
              ? org.apache.iceberg.util.DateTimeUtil.nanosToIsoTimestamptz(nanos)
              : org.apache.iceberg.util.DateTimeUtil.nanosToIsoTimestamp(nanos);
      return org.apache.iceberg.expressions.Literal.of(iso).to(type);
    }
    return org.apache.iceberg.expressions.Expressions.lit(value).to(type);
  }

  /** Avro's JSON form of bytes and fixed defaults: one ISO-8859-1 character per byte. */
  private static String latin1(byte[] bytes) {
    return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** A default read from Avro (as {@code Field.defaultVal()} gives it) to Iceberg's value. */
  static Object icebergDefault(Type type, org.apache.avro.Schema avroType, Object value) {
    if (value == null || value == JsonProperties.NULL_VALUE) {
      return null;
    }
    LogicalType logical = avroType.getLogicalType();
    switch (type.typeId()) {
      case BOOLEAN:
        return value;
      case INTEGER:
        return ((Number) value).intValue();
      case LONG:
        return ((Number) value).longValue();
      case FLOAT:
        return ((Number) value).floatValue();
      case DOUBLE:
        return ((Number) value).doubleValue();
      case DATE:
        return ((Number) value).intValue();
      case TIME:
        return logical instanceof LogicalTypes.TimeMillis
            ? ((Number) value).longValue() * 1000L
            : ((Number) value).longValue();
      case TIMESTAMP:
        return logical instanceof LogicalTypes.TimestampMillis
                || logical instanceof LogicalTypes.LocalTimestampMillis
            ? ((Number) value).longValue() * 1000L
            : ((Number) value).longValue();
      case TIMESTAMP_NANO:
        return ((Number) value).longValue();
      case STRING:
        return value.toString();
      case UUID:
        return value instanceof byte[] b ? uuid(b) : UUID.fromString(value.toString());
      case FIXED:
      case BINARY:
        return ByteBuffer.wrap((byte[]) value);
      case DECIMAL:
        return new BigDecimal(new BigInteger((byte[]) value), ((Types.DecimalType) type).scale());
      default:
        return null;
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  static byte[] uuidBytes(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  static UUID uuid(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }

  static byte[] decimalBytes(BigDecimal value, int size) {
    byte[] unscaled = value.unscaledValue().toByteArray();
    if (unscaled.length == size) {
      return unscaled;
    }
    if (unscaled.length > size) {
      throw AvroErrors.decimalTooLarge(value, unscaled.length, size);
    }
    byte[] out = new byte[size];
    Arrays.fill(out, 0, size - unscaled.length, (byte) (value.signum() < 0 ? -1 : 0));
    System.arraycopy(unscaled, 0, out, size - unscaled.length, unscaled.length);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Avro to Iceberg

  private static final class ToIceberg {
    private int nextId;
    private final Set<String> inProgress = new HashSet<>();
    private final Set<Integer> seen = new HashSet<>();

    ToIceberg(int maxId) {
      this.nextId = maxId;
    }

    private int id(Integer given, String path) {
      int id = given != null ? given : ++nextId;
      if (!seen.add(id)) {
        throw AvroErrors.duplicateFieldId(id, path);
      }
      return id;
    }

    Types.StructType struct(org.apache.avro.Schema record, String path) {
      if (!inProgress.add(record.getFullName())) {
        throw AvroErrors.recursiveRecord(record.getFullName(), path);
      }
      List<Types.NestedField> fields = new ArrayList<>();
      for (Field field : record.getFields()) {
        String name = icebergName(field);
        String fieldPath = path.isEmpty() ? name : path + "." + name;
        Integer given = intProp(field.getObjectProp(AvroSchemaUtil.FIELD_ID_PROP));
        int id = id(given, fieldPath);
        org.apache.avro.Schema fieldSchema = field.schema();
        boolean optional = isNullable(fieldSchema);
        org.apache.avro.Schema valueSchema = nonNull(fieldSchema, fieldPath);
        Type type = type(valueSchema, fieldPath);
        Types.NestedField.Builder builder =
            Types.NestedField.builder()
                .withId(id)
                .withName(name)
                .ofType(type)
                .isOptional(optional)
                .withDoc(field.doc());
        if (type.isPrimitiveType()) {
          Object initial =
              field.hasDefaultValue()
                  ? icebergDefault(type, valueSchema, field.defaultVal())
                  : null;
          Object write = initial;
          if (field.getObjectProps().containsKey(WRITE_DEFAULT_PROP)) {
            write = writeDefault(field, type, valueSchema);
          }
          if (initial != null) {
            builder.withInitialDefault(literal(type, initial));
          }
          if (write != null) {
            builder.withWriteDefault(literal(type, write));
          }
        }
        fields.add(builder.build());
      }
      inProgress.remove(record.getFullName());
      return Types.StructType.of(fields);
    }

    private static Object writeDefault(Field field, Type type, org.apache.avro.Schema valueSchema) {
      Object raw = field.getObjectProp(WRITE_DEFAULT_PROP);
      if (raw == null || raw == JsonProperties.NULL_VALUE) {
        return null;
      }
      // Let Avro coerce the JSON value (bytes are strings in JSON) by using it as a field default.
      Field probe = new Field("probe", valueSchema, null, raw);
      return icebergDefault(type, valueSchema, probe.defaultVal());
    }

    Type type(org.apache.avro.Schema schema, String path) {
      LogicalType logical = schema.getLogicalType();
      switch (schema.getType()) {
        case RECORD:
          return struct(schema, path);
        case ARRAY:
          {
            org.apache.avro.Schema items = schema.getElementType();
            if (MAP_LOGICAL_TYPE.equals(schema.getProp(LOGICAL_TYPE_PROP)) && isKeyValue(items)) {
              Field key = items.getField("key");
              Field value = items.getField("value");
              int keyId =
                  id(intProp(key.getObjectProp(AvroSchemaUtil.FIELD_ID_PROP)), path + ".key");
              int valueId =
                  id(intProp(value.getObjectProp(AvroSchemaUtil.FIELD_ID_PROP)), path + ".value");
              Type keyType = type(nonNull(key.schema(), path + ".key"), path + ".key");
              Type valueType = type(nonNull(value.schema(), path + ".value"), path + ".value");
              return isNullable(value.schema())
                  ? Types.MapType.ofOptional(keyId, valueId, keyType, valueType)
                  : Types.MapType.ofRequired(keyId, valueId, keyType, valueType);
            }
            int elementId =
                id(
                    intProp(schema.getObjectProp(AvroSchemaUtil.ELEMENT_ID_PROP)),
                    path + ".element");
            Type element = type(nonNull(items, path + ".element"), path + ".element");
            return isNullable(items)
                ? Types.ListType.ofOptional(elementId, element)
                : Types.ListType.ofRequired(elementId, element);
          }
        case MAP:
          {
            int keyId =
                id(intProp(schema.getObjectProp(AvroSchemaUtil.KEY_ID_PROP)), path + ".key");
            int valueId =
                id(intProp(schema.getObjectProp(AvroSchemaUtil.VALUE_ID_PROP)), path + ".value");
            org.apache.avro.Schema values = schema.getValueType();
            Type valueType = type(nonNull(values, path + ".value"), path + ".value");
            return isNullable(values)
                ? Types.MapType.ofOptional(keyId, valueId, Types.StringType.get(), valueType)
                : Types.MapType.ofRequired(keyId, valueId, Types.StringType.get(), valueType);
          }
        case UNION:
          return type(nonNull(schema, path), path);
        case ENUM:
          return Types.StringType.get();
        case STRING:
          return logical instanceof LogicalTypes.Uuid
              ? Types.UUIDType.get()
              : Types.StringType.get();
        case BYTES:
          return logical instanceof LogicalTypes.Decimal d
              ? Types.DecimalType.of(d.getPrecision(), d.getScale())
              : Types.BinaryType.get();
        case FIXED:
          if (logical instanceof LogicalTypes.Decimal d) {
            return Types.DecimalType.of(d.getPrecision(), d.getScale());
          }
          if (logical instanceof LogicalTypes.Uuid) {
            return Types.UUIDType.get();
          }
          return Types.FixedType.ofLength(schema.getFixedSize());
        case INT:
          if (logical instanceof LogicalTypes.Date) {
            return Types.DateType.get();
          }
          return logical instanceof LogicalTypes.TimeMillis
              ? Types.TimeType.get()
              : Types.IntegerType.get();
        case LONG:
          return longType(schema, logical);
        case FLOAT:
          return Types.FloatType.get();
        case DOUBLE:
          return Types.DoubleType.get();
        case BOOLEAN:
          return Types.BooleanType.get();
        default:
          throw AvroErrors.unstorableType(path, schema.getType());
      }
    }

    private static Type longType(org.apache.avro.Schema schema, LogicalType logical) {
      Object adjust = schema.getObjectProp(AvroSchemaUtil.ADJUST_TO_UTC_PROP);
      if (logical instanceof LogicalTypes.TimeMicros) {
        return Types.TimeType.get();
      }
      if (logical instanceof LogicalTypes.TimestampMicros
          || logical instanceof LogicalTypes.TimestampMillis) {
        return Boolean.FALSE.equals(adjust)
            ? Types.TimestampType.withoutZone()
            : Types.TimestampType.withZone();
      }
      if (logical instanceof LogicalTypes.LocalTimestampMicros
          || logical instanceof LogicalTypes.LocalTimestampMillis) {
        return Boolean.TRUE.equals(adjust)
            ? Types.TimestampType.withZone()
            : Types.TimestampType.withoutZone();
      }
      if (logical instanceof LogicalTypes.TimestampNanos) {
        return Boolean.FALSE.equals(adjust)
            ? Types.TimestampNanoType.withoutZone()
            : Types.TimestampNanoType.withZone();
      }
      if (logical instanceof LogicalTypes.LocalTimestampNanos) {
        return Boolean.TRUE.equals(adjust)
            ? Types.TimestampNanoType.withZone()
            : Types.TimestampNanoType.withoutZone();
      }
      return Types.LongType.get();
    }
  }

  /** The Iceberg type of a primitive Avro schema (logical types included). */
  static Type primitiveType(org.apache.avro.Schema schema) {
    return new ToIceberg(0).type(schema, "value");
  }

  static String icebergName(Field field) {
    String original = field.getProp(AvroSchemaUtil.ICEBERG_FIELD_NAME_PROP);
    return original != null ? original : field.name();
  }

  static boolean isKeyValue(org.apache.avro.Schema schema) {
    return schema.getType() == org.apache.avro.Schema.Type.RECORD
        && schema.getFields().size() == 2
        && schema.getField("key") != null
        && schema.getField("value") != null;
  }

  static boolean isNullable(org.apache.avro.Schema schema) {
    if (schema.getType() != org.apache.avro.Schema.Type.UNION) {
      return schema.getType() == org.apache.avro.Schema.Type.NULL;
    }
    for (org.apache.avro.Schema branch : schema.getTypes()) {
      if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
        return true;
      }
    }
    return false;
  }

  /** The single non-null branch of a schema, or the schema itself when it is not a union. */
  static org.apache.avro.Schema nonNull(org.apache.avro.Schema schema, String path) {
    if (schema.getType() != org.apache.avro.Schema.Type.UNION) {
      return schema;
    }
    org.apache.avro.Schema found = null;
    for (org.apache.avro.Schema branch : schema.getTypes()) {
      if (branch.getType() != org.apache.avro.Schema.Type.NULL) {
        if (found != null) {
          throw AvroErrors.multiTypeUnion(path, schema);
        }
        found = branch;
      }
    }
    if (found == null) {
      throw AvroErrors.onlyNull(path);
    }
    return found;
  }

  static Integer intProp(Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    if (value instanceof String s) {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** The largest Iceberg id an Avro schema carries, 0 when it has none. */
  static int maxId(org.apache.avro.Schema schema) {
    return maxId(schema, new HashSet<>());
  }

  private static int maxId(org.apache.avro.Schema schema, Set<String> visited) {
    int max = 0;
    switch (schema.getType()) {
      case RECORD:
        if (!visited.add(schema.getFullName())) {
          return 0;
        }
        for (Field field : schema.getFields()) {
          Integer id = intProp(field.getObjectProp(AvroSchemaUtil.FIELD_ID_PROP));
          max = Math.max(max, id == null ? 0 : id);
          max = Math.max(max, maxId(field.schema(), visited));
        }
        return max;
      case ARRAY:
        {
          Integer id = intProp(schema.getObjectProp(AvroSchemaUtil.ELEMENT_ID_PROP));
          return Math.max(id == null ? 0 : id, maxId(schema.getElementType(), visited));
        }
      case MAP:
        {
          Integer key = intProp(schema.getObjectProp(AvroSchemaUtil.KEY_ID_PROP));
          Integer value = intProp(schema.getObjectProp(AvroSchemaUtil.VALUE_ID_PROP));
          max = Math.max(key == null ? 0 : key, value == null ? 0 : value);
          return Math.max(max, maxId(schema.getValueType(), visited));
        }
      case UNION:
        for (org.apache.avro.Schema branch : schema.getTypes()) {
          max = Math.max(max, maxId(branch, visited));
        }
        return max;
      default:
        return 0;
    }
  }

  private static boolean allIds(org.apache.avro.Schema schema, Set<String> visited) {
    switch (schema.getType()) {
      case RECORD:
        if (!visited.add(schema.getFullName())) {
          return true;
        }
        for (Field field : schema.getFields()) {
          if (intProp(field.getObjectProp(AvroSchemaUtil.FIELD_ID_PROP)) == null
              || !allIds(field.schema(), visited)) {
            return false;
          }
        }
        return true;
      case ARRAY:
        if (MAP_LOGICAL_TYPE.equals(schema.getProp(LOGICAL_TYPE_PROP))
            && isKeyValue(schema.getElementType())) {
          return allIds(schema.getElementType(), visited);
        }
        return intProp(schema.getObjectProp(AvroSchemaUtil.ELEMENT_ID_PROP)) != null
            && allIds(schema.getElementType(), visited);
      case MAP:
        return intProp(schema.getObjectProp(AvroSchemaUtil.KEY_ID_PROP)) != null
            && intProp(schema.getObjectProp(AvroSchemaUtil.VALUE_ID_PROP)) != null
            && allIds(schema.getValueType(), visited);
      case UNION:
        for (org.apache.avro.Schema branch : schema.getTypes()) {
          if (!allIds(branch, visited)) {
            return false;
          }
        }
        return true;
      default:
        return true;
    }
  }
}
