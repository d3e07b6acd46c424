package io.floe.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Converts values read from files (text, JSON trees, Avro and Arrow values) to the Java values of a
 * table column's Iceberg type (those {@code Append.record} takes): Integer, Long, Float, Double,
 * Boolean, String, BigDecimal at the column's scale, LocalDate, LocalTime, LocalDateTime
 * (timestamp), OffsetDateTime in UTC (timestamptz), UUID, ByteBuffer (binary), byte[] (fixed),
 * {@link ArrayStruct} (struct), List and Map. A value that does not fit throws {@link BadValue}
 * saying why. Stateless; thread-safe.
 */
final class Values {
  /** Jackson, reading JSON fractions as BigDecimal so that decimal columns get them exactly. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** Date, then {@code T} or a space, then a time, then an optional offset ({@code Z}, +01:00). */
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalEnd()
          .optionalStart()
          .appendOffsetId()
          .optionalEnd()
          .toFormatter();

  private Values() {}

  // ---------------------------------------------------------------- text

  /**
   * Converts text to a column's type.
   *
   * @param type the column's type
   * @param text the text, never null (null text is handled by the caller)
   */
  static Object fromText(Type type, String text) {
    switch (type.typeId()) {
      case STRING:
        return text;
      case BOOLEAN:
        return parseBoolean(text);
      case INTEGER:
        try {
          return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
          throw new BadValue(notA("an int", text), text);
        }
      case LONG:
        try {
          return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
          throw new BadValue(notA("a long", text), text);
        }
      case FLOAT:
        try {
          return Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
          throw new BadValue(notA("a float", text), text);
        }
      case DOUBLE:
        try {
          return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
          throw new BadValue(notA("a double", text), text);
        }
      case DECIMAL:
        try {
          return decimal((Types.DecimalType) type, new BigDecimal(text.trim()), text);
        } catch (NumberFormatException e) {
          throw new BadValue(notA("a decimal", text), text);
        }
      case DATE:
        try {
          Temporals.Parsed fast = text.length() == 10 ? Temporals.parse(text) : null;
          if (fast != null) {
            return LocalDate.ofEpochDay(fast.micros / 86_400_000_000L);
          }
          return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
          throw new BadValue(notA("a date (yyyy-MM-dd)", text), text);
        }
      case TIME:
        try {
          LocalTime time = LocalTime.parse(text.trim());
          if (time.getNano() % 1000 != 0) {
            throw new BadValue(
                "'" + shorten(text) + "' has nanoseconds; the column holds microseconds", text);
          }
          return time;
        } catch (DateTimeParseException e) {
          throw new BadValue(notA("a time (HH:mm:ss[.ffffff])", text), text);
        }
      case TIMESTAMP:
        return timestamp((Types.TimestampType) type, text);
      case UUID:
        return uuid(text);
      case BINARY:
        return ByteBuffer.wrap(base64(text));
      case FIXED:
        return fixed((Types.FixedType) type, base64(text), text);
      case STRUCT:
      case LIST:
      case MAP:
        try {
          return fromJson(type, JSON.readTree(text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new BadValue(notA("JSON for a " + type, text), text);
        }
      default:
        throw new BadValue("Floe cannot import values of type " + type, text);
    }
  }

  private static String notA(String what, String text) {
    return "'" + shorten(text) + "' is not " + what;
  }

  static String shorten(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }

  private static Boolean parseBoolean(String text) {
    switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true":
      case "t":
      case "yes":
      case "y":
      case "1":
        return Boolean.TRUE;
      case "false":
      case "f":
      case "no":
      case "n":
      case "0":
        return Boolean.FALSE;
      default:
        throw new BadValue(notA("a boolean (true/false, t/f, yes/no, 1/0)", text), text);
    }
  }

  private static BigDecimal decimal(Types.DecimalType type, BigDecimal value, String text) {
    BigDecimal scaled;
    try {
      scaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new BadValue(
          "'" + shorten(text) + "' has more than " + type.scale() + " decimal places for " + type,
          text);
    }
    if (scaled.precision() > type.precision()) {
      throw new BadValue("'" + shorten(text) + "' does not fit " + type, text);
    }
    return scaled;
  }

  private static UUID uuid(String text) {
    String trimmed = text.trim();
    if (trimmed.length() == 36) {
      try {
        return UUID.fromString(trimmed);
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw new BadValue(notA("a UUID", text), text);
  }

  private static byte[] base64(String text) {
    try {
      return Base64.getDecoder().decode(text.trim());
    } catch (IllegalArgumentException e) {
      throw new BadValue(notA("base64 binary", text), text);
    }
  }

  private static byte[] fixed(Types.FixedType type, byte[] bytes, String text) {
    if (bytes.length != type.length()) {
      throw new BadValue(
          bytes.length + " bytes do not fit " + type + " (" + type.length() + " bytes)", text);
    }
    return bytes;
  }

  /**
   * A timestamp from text: {@code yyyy-MM-dd[( |T)HH:mm[:ss[.f]]][offset]}. Without an offset a
   * timestamptz is in UTC; with one, a timestamp without zone is refused (the offset would be
   * lost).
   */
  private static Object timestamp(Types.TimestampType type, String text) {
    String trimmed = text.trim();
    Temporals.Parsed fast = Temporals.parse(trimmed);
    if (fast != null) {
      if (type.shouldAdjustToUTC()) {
        return Temporals.offsetDateTime(fast.micros - fast.offsetSeconds * 1_000_000L);
      }
      if (fast.hasOffset) {
        throw withOffset(text);
      }
      return Temporals.localDateTime(fast.micros);
    }
    TemporalAccessor parsed;
    try {
      parsed = TIMESTAMP.parse(trimmed);
    } catch (DateTimeParseException e) {
      throw new BadValue(notA("a timestamp (yyyy-MM-dd HH:mm:ss[.ffffff][+HH:MM])", text), text);
    }
    LocalDate date = LocalDate.from(parsed);
    LocalTime time =
        parsed.isSupported(ChronoField.NANO_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
    if (time.getNano() % 1000 != 0) {
      throw new BadValue(
          "'" + shorten(text) + "' has nanoseconds; the column holds microseconds", text);
    }
    boolean hasOffset = parsed.isSupported(ChronoField.OFFSET_SECONDS);
    if (type.shouldAdjustToUTC()) {
      ZoneOffset offset = hasOffset ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
      return OffsetDateTime.of(date, time, offset).withOffsetSameInstant(ZoneOffset.UTC);
    }
    if (hasOffset) {
      throw withOffset(text);
    }
    return LocalDateTime.of(date, time);
  }

  private static BadValue withOffset(String text) {
    return new BadValue(
        "'"
            + shorten(text)
            + "' has a zone offset, but the column is a timestamp without zone; "
            + "remove the offset or make the column a timestamptz",
        text);
  }

  // ---------------------------------------------------------------- JSON

  /**
   * Converts a JSON value to a column's type; JSON null or a missing node is null. Strings convert
   * as text does; a non-string JSON value for a string column is kept as its JSON text.
   */
  static Object fromJson(Type type, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual() && type.isPrimitiveType()) {
      return fromText(type, node.textValue());
    }
    switch (type.typeId()) {
      case VARIANT:
        return node; // the append converts a Jackson tree to a variant as it is
      case STRING:
        return node.toString();
      case BOOLEAN:
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        break;
      case INTEGER:
        if (node.isIntegralNumber() && node.canConvertToInt()) {
          return node.intValue();
        }
        break;
      case LONG:
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          return node.longValue();
        }
        break;
      case FLOAT:
        if (node.isNumber()) {
          return node.floatValue();
        }
        break;
      case DOUBLE:
        if (node.isNumber()) {
          return node.doubleValue();
        }
        break;
      case DECIMAL:
        if (node.isNumber()) {
          return decimal((Types.DecimalType) type, node.decimalValue(), node.toString());
        }
        break;
      case STRUCT:
        if (node.isObject()) {
          return struct(type.asStructType(), node);
        }
        break;
      case LIST:
        if (node.isArray()) {
          Type element = type.asListType().elementType();
          List<Object> list = new ArrayList<>(node.size());
          int i = 0;
          for (JsonNode item : node) {
            list.add(
                checkNull(
                    element,
                    type.asListType().isElementOptional(),
                    fromJsonAt(element, item, i++)));
          }
          return list;
        }
        break;
      case MAP:
        if (node.isObject()) {
          Types.MapType map = type.asMapType();
          Map<Object, Object> values = new LinkedHashMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Object key = fromText(map.keyType(), entry.getKey());
            Object value;
            try {
              value = fromJson(map.valueType(), entry.getValue());
            } catch (BadValue e) {
              throw e.in(entry.getKey());
            }
            values.put(key, checkNull(map.valueType(), map.isValueOptional(), value));
          }
          return values;
        }
        break;
      default:
        break;
    }
    String text = node.toString();
    throw new BadValue("JSON value " + shorten(text) + " does not fit " + type, text);
  }

  private static Object fromJsonAt(Type type, JsonNode node, int index) {
    try {
      return fromJson(type, node);
    } catch (BadValue e) {
      throw e.in("[" + index + "]");
    }
  }

  private static Object checkNull(Type type, boolean optional, Object value) {
    if (value == null && !optional) {
      throw new BadValue("null where a value of " + type + " is required", null);
    }
    return value;
  }

  /** A struct from a JSON object: fields by name; a field the struct does not have is an error. */
  static ArrayStruct struct(Types.StructType type, JsonNode node) {
    ArrayStruct struct = new ArrayStruct(type);
    List<Types.NestedField> fields = type.fields();
    int found = 0;
    for (int i = 0; i < fields.size(); i++) {
      Types.NestedField field = fields.get(i);
      JsonNode value = node.get(field.name());
      if (value != null) {
        found++;
      }
      Object converted;
      try {
        converted = fromJson(field.type(), value);
      } catch (BadValue e) {
        throw e.in(field.name());
      }
      if (converted == null && field.isRequired()) {
        throw new BadValue("null where the column is required", field.name(), null);
      }
      struct.values[i] = converted;
    }
    if (found < node.size()) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (type.field(name) == null) {
          throw new BadValue(
              "field '" + name + "' is not a column of the table (add the column first)",
              name,
              null);
        }
      }
    }
    return struct;
  }

  // ---------------------------------------------------------------- Java values (Avro, Arrow)

  /**
   * Converts a Java value read from an Avro or Parquet file (Avro's generic values with logical
   * type conversions, or Floe's Arrow values) to a column's type: numbers widen where no
   * information is lost, text converts as {@link #fromText} does, structs match fields by name.
   */
  static Object fromObject(Type type, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof CharSequence) {
      return fromText(type, value.toString());
    }
    switch (type.typeId()) {
      case BOOLEAN:
        if (value instanceof Boolean) {
          return value;
        }
        break;
      case INTEGER:
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
          return ((Number) value).intValue();
        }
        if (value instanceof Long && (long) (Long) value == (int) (long) (Long) value) {
          return ((Long) value).intValue();
        }
        break;
      case LONG:
        if (value instanceof Long
            || value instanceof Integer
            || value instanceof Short
            || value instanceof Byte) {
          return ((Number) value).longValue();
        }
        break;
      case FLOAT:
        if (value instanceof Float) {
          return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
          return ((Number) value).floatValue();
        }
        break;
      case DOUBLE:
        if (value instanceof Number && !(value instanceof BigDecimal)) {
          return ((Number) value).doubleValue();
        }
        break;
      case DECIMAL:
        if (value instanceof BigDecimal) {
          return decimal((Types.DecimalType) type, (BigDecimal) value, value.toString());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
          return decimal(
              (Types.DecimalType) type, new BigDecimal(value.toString()), value.toString());
        }
        break;
      case DATE:
        if (value instanceof LocalDate) {
          return value;
        }
        break;
      case TIME:
        if (value instanceof LocalTime) {
          return value;
        }
        break;
      case TIMESTAMP:
        if (((Types.TimestampType) type).shouldAdjustToUTC()) {
          if (value instanceof OffsetDateTime) {
            return ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC);
          }
          if (value instanceof Instant) {
            return ((Instant) value).atOffset(ZoneOffset.UTC);
          }
          if (value instanceof ZonedDateTime) {
            return ((ZonedDateTime) value).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
          }
          if (value instanceof LocalDateTime) {
            return ((LocalDateTime) value).atOffset(ZoneOffset.UTC);
          }
        } else if (value instanceof LocalDateTime) {
          return value;
        }
        break;
      case STRING:
        if (value instanceof UUID || value instanceof Number || value instanceof Boolean) {
          return value.toString();
        }
        break;
      case UUID:
        if (value instanceof UUID) {
          return value;
        }
        if (value instanceof byte[] && ((byte[]) value).length == 16) {
          ByteBuffer buffer = ByteBuffer.wrap((byte[]) value);
          return new UUID(buffer.getLong(), buffer.getLong());
        }
        break;
      case BINARY:
        if (value instanceof ByteBuffer) {
          return value;
        }
        if (value instanceof byte[]) {
          return ByteBuffer.wrap((byte[]) value);
        }
        if (value instanceof GenericFixed) {
          return ByteBuffer.wrap(((GenericFixed) value).bytes());
        }
        break;
      case FIXED:
        {
          byte[] bytes = null;
          if (value instanceof byte[]) {
            bytes = (byte[]) value;
          } else if (value instanceof GenericFixed) {
            bytes = ((GenericFixed) value).bytes();
          } else if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
          }
          if (bytes != null) {
            return fixed((Types.FixedType) type, bytes, value.toString());
          }
          break;
        }
      case STRUCT:
        return structFromObject(type.asStructType(), value);
      case LIST:
        if (value instanceof List) {
          Types.ListType list = type.asListType();
          List<Object> out = new ArrayList<>(((List<?>) value).size());
          int i = 0;
          for (Object item : (List<?>) value) {
            Object converted;
            try {
              converted = fromObject(list.elementType(), item);
            } catch (BadValue e) {
              throw e.in("[" + i + "]");
            }
            out.add(checkNull(list.elementType(), list.isElementOptional(), converted));
            i++;
          }
          return out;
        }
        break;
      case MAP:
        if (value instanceof Map) {
          Types.MapType map = type.asMapType();
          Map<Object, Object> out = new LinkedHashMap<>();
          for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            Object converted;
            try {
              converted = fromObject(map.valueType(), entry.getValue());
            } catch (BadValue e) {
              throw e.in(String.valueOf(entry.getKey()));
            }
            out.put(
                fromObject(map.keyType(), entry.getKey()),
                checkNull(map.valueType(), map.isValueOptional(), converted));
          }
          return out;
        }
        break;
      default:
        break;
    }
    throw new BadValue(
        "a "
            + value.getClass().getSimpleName()
            + " ("
            + shorten(String.valueOf(value))
            + ") does not fit "
            + type,
        String.valueOf(value));
  }

  private static ArrayStruct structFromObject(Types.StructType type, Object value) {
    ArrayStruct struct = new ArrayStruct(type);
    List<Types.NestedField> fields = type.fields();
    for (int i = 0; i < fields.size(); i++) {
      Types.NestedField field = fields.get(i);
      Object source;
      if (value instanceof ArrayStruct) {
        source = ((ArrayStruct) value).field(field.name());
      } else if (value instanceof GenericRecord) {
        GenericRecord record = (GenericRecord) value;
        source = record.hasField(field.name()) ? record.get(field.name()) : null;
      } else if (value instanceof Map) {
        source = ((Map<?, ?>) value).get(field.name());
      } else if (value instanceof StructLike && ((StructLike) value).size() == fields.size()) {
        source = ((StructLike) value).get(i, Object.class);
      } else {
        throw new BadValue(
            "a " + value.getClass().getSimpleName() + " does not fit " + type,
            String.valueOf(value));
      }
      Object converted;
      try {
        converted = fromObject(field.type(), source);
      } catch (BadValue e) {
        throw e.in(field.name());
      }
      if (converted == null && field.isRequired()) {
        throw new BadValue("null where the column is required", field.name(), null);
      }
      struct.values[i] = converted;
    }
    return struct;
  }
}
