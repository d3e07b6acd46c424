package io.floe.avro;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.JsonProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/** Random Iceberg schemas, Iceberg records and Avro schemas for property tests. */
final class RandomData {
  private static final String[] NAMES = {
    "id",
    "name",
    "ts",
    "amount",
    "tags",
    "payload",
    "a",
    "b",
    "c",
    "x_1",
    "Mixed",
    "with-dash",
    "1st",
    "ünï",
    "dot.ted"
  };

  private RandomData() {}

  // ---------------------------------------------------------------------------------------------
  // Iceberg schemas

  static Schema schema(Random random) {
    Types.StructType struct = struct(random, 0, true);
    int start = 1 + random.nextInt(50);
    int step = 1 + random.nextInt(3);
    AtomicInteger next = new AtomicInteger(start - step);
    Schema fresh =
        new Schema(
            TypeUtil.assignFreshIds(struct, () -> next.addAndGet(step)).asStructType().fields());
    Set<Integer> identifiers = new HashSet<>();
    for (Types.NestedField field : fresh.columns()) {
      Type.TypeID id = field.type().typeId();
      if (field.isRequired()
          && field.type().isPrimitiveType()
          && id != Type.TypeID.FLOAT
          && id != Type.TypeID.DOUBLE
          && random.nextInt(4) == 0) {
        identifiers.add(field.fieldId());
      }
    }
    return new Schema(fresh.columns(), identifiers);
  }

  private static Types.StructType struct(Random random, int depth, boolean root) {
    int count = 1 + random.nextInt(root ? 6 : 3);
    List<Types.NestedField> fields = new ArrayList<>();
    Set<String> used = new HashSet<>();
    AtomicInteger ids = new AtomicInteger(1000);
    while (fields.size() < count) {
      String name = NAMES[random.nextInt(NAMES.length)];
      if (random.nextInt(3) == 0) {
        name = name + fields.size();
      }
      if (!used.add(name)
          || !used.add("avro:" + org.apache.iceberg.avro.AvroSchemaUtil.makeCompatibleName(name))) {
        continue;
      }
      Type type = type(random, depth);
      boolean optional = random.nextBoolean();
      Types.NestedField.Builder builder =
          Types.NestedField.builder()
              .withId(ids.incrementAndGet())
              .withName(name)
              .ofType(type)
              .isOptional(optional);
      if (random.nextInt(3) == 0) {
        builder.withDoc(
            "doc of " + name + (random.nextBoolean() ? " with \"quotes\" and ünicode" : ""));
      }
      if (type.isPrimitiveType() && random.nextInt(3) == 0) {
        Object initial = internalValue(random, type);
        builder.withInitialDefault(AvroSchemas.literal(type, initial));
        switch (random.nextInt(3)) {
          case 0 -> builder.withWriteDefault(AvroSchemas.literal(type, initial));
          case 1 ->
              builder.withWriteDefault(AvroSchemas.literal(type, internalValue(random, type)));
          default -> {} // initial only
        }
      }
      fields.add(builder.build());
    }
    return Types.StructType.of(fields);
  }

  private static Type type(Random random, int depth) {
    int choice = random.nextInt(depth >= 2 ? 16 : 20);
    switch (choice) {
      case 16:
        return struct(random, depth + 1, false);
      case 17:
        return random.nextBoolean()
            ? Types.ListType.ofOptional(1, type(random, depth + 1))
            : Types.ListType.ofRequired(1, type(random, depth + 1));
      case 18:
      case 19:
        {
          Type key =
              switch (random.nextInt(4)) {
                case 0 -> Types.IntegerType.get();
                case 1 -> Types.UUIDType.get();
                case 2 -> Types.DateType.get();
                default -> Types.StringType.get();
              };
          Type value = type(random, depth + 1);
          return random.nextBoolean()
              ? Types.MapType.ofOptional(1, 2, key, value)
              : Types.MapType.ofRequired(1, 2, key, value);
        }
      default:
        return primitive(random, choice);
    }
  }

  private static Type primitive(Random random, int choice) {
    switch (choice) {
      case 0:
        return Types.BooleanType.get();
      case 1:
        return Types.IntegerType.get();
      case 2:
        return Types.LongType.get();
      case 3:
        return Types.FloatType.get();
      case 4:
        return Types.DoubleType.get();
      case 5:
        return Types.DateType.get();
      case 6:
        return Types.TimeType.get();
      case 7:
        return Types.TimestampType.withoutZone();
      case 8:
        return Types.TimestampType.withZone();
      case 9:
        return Types.TimestampNanoType.withoutZone();
      case 10:
        return Types.TimestampNanoType.withZone();
      case 11:
        return Types.StringType.get();
      case 12:
        return Types.UUIDType.get();
      case 13:
        return Types.FixedType.ofLength(1 + random.nextInt(20));
      case 14:
        return Types.BinaryType.get();
      default:
        {
          int precision = 1 + random.nextInt(38);
          return Types.DecimalType.of(precision, random.nextInt(precision + 1));
        }
    }
  }

  /** A value in Iceberg's internal representation (as defaults hold them). */
  static Object internalValue(Random random, Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return random.nextBoolean();
      case INTEGER:
        return random.nextInt();
      case LONG:
        return random.nextLong();
      case FLOAT:
        return (float) (random.nextGaussian() * 1e6);
      case DOUBLE:
        return random.nextGaussian() * 1e12;
      case DATE:
        return random.nextInt(200_000) - 100_000;
      case TIME:
        return (long) (random.nextDouble() * 86_400_000_000L);
      case TIMESTAMP:
        return random.nextLong() % 4_000_000_000_000_000L;
      case TIMESTAMP_NANO:
        return random.nextLong();
      case STRING:
        return randomString(random);
      case UUID:
        return new UUID(random.nextLong(), random.nextLong());
      case FIXED:
        return ByteBuffer.wrap(bytes(random, ((Types.FixedType) type).length()));
      case BINARY:
        return ByteBuffer.wrap(bytes(random, random.nextInt(12)));
      case DECIMAL:
        return decimal(random, (Types.DecimalType) type);
      default:
        throw new IllegalArgumentException(type.toString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Iceberg records (generic representation)

  static Record record(Random random, Types.StructType struct) {
    return record(random, struct, true);
  }

  /** A random record; without specials no NaN or infinity, which Avro JSON cannot carry. */
  static Record record(Random random, Types.StructType struct, boolean specials) {
    GenericRecord record = GenericRecord.create(struct);
    for (int i = 0; i < struct.fields().size(); i++) {
      Types.NestedField field = struct.fields().get(i);
      record.set(
          i,
          field.isOptional() && random.nextInt(5) == 0
              ? null
              : value(random, field.type(), specials));
    }
    return record;
  }

  static Object value(Random random, Type type) {
    return value(random, type, true);
  }

  static Object value(Random random, Type type, boolean specials) {
    switch (type.typeId()) {
      case STRUCT:
        return record(random, type.asStructType(), specials);
      case LIST:
        {
          Types.ListType list = type.asListType();
          List<Object> out = new ArrayList<>();
          int n = random.nextInt(4);
          for (int i = 0; i < n; i++) {
            out.add(
                list.isElementOptional() && random.nextInt(4) == 0
                    ? null
                    : value(random, list.elementType(), specials));
          }
          return out;
        }
      case MAP:
        {
          Types.MapType map = type.asMapType();
          Map<Object, Object> out = new LinkedHashMap<>();
          int n = random.nextInt(4);
          for (int i = 0; i < n; i++) {
            out.put(
                value(random, map.keyType()),
                map.isValueOptional() && random.nextInt(4) == 0
                    ? null
                    : value(random, map.valueType(), specials));
          }
          return out;
        }
      case FLOAT:
        {
          int special = specials ? random.nextInt(10) : 9;
          return special == 0
              ? Float.NaN
              : special == 1 ? Float.NEGATIVE_INFINITY : (Float) internalValue(random, type);
        }
      case DOUBLE:
        {
          int special = specials ? random.nextInt(10) : 9;
          return special == 0
              ? Double.NaN
              : special == 1 ? -0.0d : (Double) internalValue(random, type);
        }
      case DATE:
        return LocalDate.ofEpochDay((Integer) internalValue(random, type));
      case TIME:
        return LocalTime.ofNanoOfDay((Long) internalValue(random, type) * 1000);
      case TIMESTAMP:
        {
          LocalDateTime t =
              org.apache.iceberg.util.DateTimeUtil.timestampFromMicros(
                  (Long) internalValue(random, type));
          return ((Types.TimestampType) type).shouldAdjustToUTC() ? t.atOffset(ZoneOffset.UTC) : t;
        }
      case TIMESTAMP_NANO:
        {
          LocalDateTime t =
              org.apache.iceberg.util.DateTimeUtil.timestampFromNanos(random.nextLong());
          return ((Types.TimestampNanoType) type).shouldAdjustToUTC()
              ? t.atOffset(ZoneOffset.UTC)
              : t;
        }
      case FIXED:
        return bytes(random, ((Types.FixedType) type).length());
      default:
        return internalValue(random, type);
    }
  }

  /** Makes values comparable with equals: byte arrays become buffers, records become lists. */
  static Object normalize(Object value) {
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    if (value instanceof StructLike struct) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < struct.size(); i++) {
        out.add(normalize(struct.get(i, Object.class)));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(normalize(k), normalize(v)));
      return out;
    }
    return value;
  }

  private static String randomString(Random random) {
    StringBuilder out = new StringBuilder();
    int n = random.nextInt(10);
    for (int i = 0; i < n; i++) {
      out.append(
          random.nextInt(8) == 0
              ? (char) (0xe0 + random.nextInt(20))
              : (char) ('a' + random.nextInt(26)));
    }
    return out.toString();
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static BigDecimal decimal(Random random, Types.DecimalType type) {
    BigInteger max = BigInteger.TEN.pow(type.precision());
    BigInteger unscaled = new BigInteger(type.precision() * 4, random).mod(max);
    if (random.nextBoolean()) {
      unscaled = unscaled.negate();
    }
    return new BigDecimal(unscaled, type.scale());
  }

  // ---------------------------------------------------------------------------------------------
  // Avro schemas for compatibility checks: a small space so that random pairs often match

  static org.apache.avro.Schema avro(Random random) {
    return avroRecord(random, 0, "R");
  }

  private static org.apache.avro.Schema avroRecord(Random random, int depth, String name) {
    List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
    String[] pool = {"a", "b", "c", "d"};
    List<String> names = new ArrayList<>(Arrays.asList(pool));
    java.util.Collections.shuffle(names, random);
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      org.apache.avro.Schema type = avroType(random, depth, name + "_" + names.get(i));
      Object defaultValue = random.nextInt(3) == 0 ? defaultFor(type) : null;
      org.apache.avro.Schema.Field field =
          new org.apache.avro.Schema.Field(names.get(i), type, null, defaultValue);
      if (random.nextInt(8) == 0) {
        field.addAlias(pool[random.nextInt(pool.length)]);
      }
      fields.add(field);
    }
    String recordName = random.nextInt(10) == 0 ? name + "x" : name;
    org.apache.avro.Schema record =
        org.apache.avro.Schema.createRecord(recordName, null, null, false, fields);
    if (random.nextInt(10) == 0) {
      record.addAlias(name);
    }
    return record;
  }

  private static org.apache.avro.Schema avroType(Random random, int depth, String name) {
    int choice = random.nextInt(depth >= 2 ? 12 : 16);
    org.apache.avro.Schema.Type[] primitives = {
      org.apache.avro.Schema.Type.NULL, org.apache.avro.Schema.Type.BOOLEAN,
          org.apache.avro.Schema.Type.INT,
      org.apache.avro.Schema.Type.LONG, org.apache.avro.Schema.Type.FLOAT,
          org.apache.avro.Schema.Type.DOUBLE,
      org.apache.avro.Schema.Type.STRING, org.apache.avro.Schema.Type.BYTES
    };
    if (choice < 8) {
      return org.apache.avro.Schema.create(primitives[choice]);
    }
    switch (choice) {
      case 8:
        {
          List<String> symbols = new ArrayList<>();
          for (String s : new String[] {"A", "B", "C"}) {
            if (random.nextInt(3) != 0) {
              symbols.add(s);
            }
          }
          if (symbols.isEmpty()) {
            symbols.add("A");
          }
          String enumDefault = random.nextInt(4) == 0 ? symbols.get(0) : null;
          return org.apache.avro.Schema.createEnum(name + "E", null, null, symbols, enumDefault);
        }
      case 9:
        return org.apache.avro.Schema.createFixed(name + "F", null, null, 1 + random.nextInt(2));
      case 10:
      case 11:
        {
          List<org.apache.avro.Schema> branches = new ArrayList<>();
          Set<org.apache.avro.Schema.Type> seen = new HashSet<>();
          int n = 1 + random.nextInt(3);
          for (int i = 0; i < n; i++) {
            org.apache.avro.Schema branch =
                org.apache.avro.Schema.create(primitives[random.nextInt(primitives.length)]);
            if (seen.add(branch.getType())) {
              branches.add(branch);
            }
          }
          return org.apache.avro.Schema.createUnion(branches);
        }
      case 12:
      case 13:
        return avroRecord(random, depth + 1, name);
      case 14:
        return org.apache.avro.Schema.createArray(avroType(random, depth + 1, name + "i"));
      default:
        return org.apache.avro.Schema.createMap(avroType(random, depth + 1, name + "v"));
    }
  }

  private static Object defaultFor(org.apache.avro.Schema type) {
    org.apache.avro.Schema first =
        type.getType() == org.apache.avro.Schema.Type.UNION ? type.getTypes().get(0) : type;
    return switch (first.getType()) {
      case NULL -> JsonProperties.NULL_VALUE;
      case BOOLEAN -> true;
      case INT -> 1;
      case LONG -> 2L;
      case FLOAT -> 1.5f;
      case DOUBLE -> 2.5d;
      case STRING -> "s";
      case BYTES -> "\u0001";
      case ENUM -> first.getEnumSymbols().get(0);
      case FIXED -> "\u0000".repeat(first.getFixedSize());
      case ARRAY -> List.of();
      case MAP -> Map.of();
      default -> null;
    };
  }
}
