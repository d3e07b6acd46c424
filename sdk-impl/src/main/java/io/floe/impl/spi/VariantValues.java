package io.floe.impl.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.floe.spi.VariantJson;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.iceberg.util.DateTimeUtil;
import org.apache.iceberg.variants.PhysicalType;
import org.apache.iceberg.variants.ShreddedObject;
import org.apache.iceberg.variants.ValueArray;
import org.apache.iceberg.variants.Variant;
import org.apache.iceberg.variants.VariantArray;
import org.apache.iceberg.variants.VariantMetadata;
import org.apache.iceberg.variants.VariantObject;
import org.apache.iceberg.variants.VariantValue;
import org.apache.iceberg.variants.Variants;

/**
 * Conversions between Floe's {@link io.floe.Variant} and Iceberg's variant encoding ({@link
 * Variant}: metadata dictionary and value), from Jackson trees and JSON text (the {@link
 * VariantJson} service), and to the two binaries of the Parquet/Arrow variant layout. Stateless and
 * thread-safe.
 */
public final class VariantValues implements VariantJson {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** For {@link java.util.ServiceLoader}; the conversions are static. */
  public VariantValues() {}

  @Override
  public io.floe.Variant parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Invalid JSON for a variant: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " at line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()),
          e);
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("Invalid JSON for a variant: no value in the text");
    }
    return fromJson(node);
  }

  /**
   * Converts a Jackson tree.
   *
   * @param node the tree
   * @return the variant, with the number rules of {@link io.floe.Variant#parseJson(String)}
   */
  public static io.floe.Variant fromJson(JsonNode node) {
    switch (node.getNodeType()) {
      case NULL:
      case MISSING:
        return io.floe.Variant.ofNull();
      case BOOLEAN:
        return io.floe.Variant.of(node.booleanValue());
      case STRING:
        return io.floe.Variant.of(node.textValue());
      case BINARY:
        try {
          return io.floe.Variant.of(node.binaryValue());
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("Unreadable binary JSON node", e);
        }
      case NUMBER:
        return number(node);
      case ARRAY:
        {
          List<io.floe.Variant> out = new ArrayList<>(node.size());
          for (JsonNode element : node) {
            out.add(fromJson(element));
          }
          return io.floe.Variant.of(out);
        }
      case OBJECT:
        {
          Map<String, io.floe.Variant> out = new LinkedHashMap<>();
          Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
          while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            out.put(e.getKey(), fromJson(e.getValue()));
          }
          return io.floe.Variant.of(out);
        }
      default:
        return io.floe.Variant.of(node.toString());
    }
  }

  private static io.floe.Variant number(JsonNode node) {
    if (node.canConvertToLong() && node.isIntegralNumber()) {
      return io.floe.Variant.of(node.longValue());
    }
    if (node.isFloat() || node.isDouble()) {
      return io.floe.Variant.of(node.doubleValue());
    }
    BigDecimal d = node.decimalValue();
    if (d.scale() < 0) {
      d = d.setScale(0);
    }
    if (d.precision() <= 38 && d.scale() <= 38) {
      return io.floe.Variant.of(d);
    }
    double value = d.doubleValue();
    if (Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "Invalid JSON for a variant: the number "
              + (node.asText().length() > 40
                  ? node.asText().substring(0, 40) + "..."
                  : node.asText())
              + " is beyond the range of a double");
    }
    return io.floe.Variant.of(value);
  }

  /**
   * Encodes a Floe variant.
   *
   * @param value the value
   * @return Iceberg's variant (metadata holds every field name of the value)
   */
  public static Variant toIceberg(io.floe.Variant value) {
    TreeSet<String> names = new TreeSet<>();
    collectNames(value, names);
    VariantMetadata metadata = Variants.metadata(names);
    return Variant.of(metadata, encode(value, metadata));
  }

  private static void collectNames(io.floe.Variant value, TreeSet<String> names) {
    if (value.kind() == io.floe.Variant.Kind.OBJECT) {
      for (Map.Entry<String, io.floe.Variant> e : value.fields().entrySet()) {
        names.add(e.getKey());
        collectNames(e.getValue(), names);
      }
    } else if (value.kind() == io.floe.Variant.Kind.ARRAY) {
      for (io.floe.Variant v : value.elements()) {
        collectNames(v, names);
      }
    }
  }

  private static VariantValue encode(io.floe.Variant value, VariantMetadata metadata) {
    Object v = value.value();
    switch (value.kind()) {
      case NULL:
        return Variants.ofNull();
      case BOOLEAN:
        return Variants.of((Boolean) v);
      case INTEGER:
        long l = (Long) v;
        if (l == (byte) l) {
          return Variants.of((byte) l);
        } else if (l == (short) l) {
          return Variants.of((short) l);
        } else if (l == (int) l) {
          return Variants.of((int) l);
        }
        return Variants.of(l);
      case FLOAT:
        return Variants.of((Float) v);
      case DOUBLE:
        return Variants.of((Double) v);
      case DECIMAL:
        return Variants.of((BigDecimal) v);
      case STRING:
        return Variants.of((String) v);
      case BINARY:
        return Variants.of((ByteBuffer) v);
      case DATE:
        return Variants.ofDate((int) ((LocalDate) v).toEpochDay());
      case TIME:
        return Variants.ofTime(((LocalTime) v).toNanoOfDay() / 1000);
      case TIMESTAMP:
        {
          LocalDateTime t = (LocalDateTime) v;
          return t.getNano() % 1000 == 0
              ? Variants.ofTimestampntz(DateTimeUtil.microsFromTimestamp(t))
              : Variants.ofTimestampntzNanos(DateTimeUtil.nanosFromTimestamp(t));
        }
      case TIMESTAMPTZ:
        {
          OffsetDateTime t = (OffsetDateTime) v;
          return t.getNano() % 1000 == 0
              ? Variants.ofTimestamptz(DateTimeUtil.microsFromTimestamptz(t))
              : Variants.ofTimestamptzNanos(DateTimeUtil.nanosFromTimestamptz(t));
        }
      case UUID:
        return Variants.ofUUID((UUID) v);
      case OBJECT:
        {
          ShreddedObject object = Variants.object(metadata);
          for (Map.Entry<String, io.floe.Variant> e : value.fields().entrySet()) {
            object.put(e.getKey(), encode(e.getValue(), metadata));
          }
          return object;
        }
      case ARRAY:
        {
          ValueArray array = Variants.array();
          for (io.floe.Variant e : value.elements()) {
            array.add(encode(e, metadata));
          }
          return array;
        }
      default:
        throw new IllegalArgumentException("Unknown variant kind " + value.kind());
    }
  }

  /**
   * Decodes an Iceberg variant.
   *
   * @param variant the variant, as Iceberg's readers give it
   * @return Floe's value
   */
  public static io.floe.Variant fromIceberg(Variant variant) {
    return decode(variant.value());
  }

  /**
   * Decodes one Iceberg variant value.
   *
   * @param value the value
   * @return Floe's value
   */
  public static io.floe.Variant decode(VariantValue value) {
    PhysicalType type = value.type();
    switch (type) {
      case OBJECT:
        {
          VariantObject object = value.asObject();
          Map<String, io.floe.Variant> out = new LinkedHashMap<>();
          for (String name : object.fieldNames()) {
            out.put(name, decode(object.get(name)));
          }
          return io.floe.Variant.of(out);
        }
      case ARRAY:
        {
          VariantArray array = value.asArray();
          List<io.floe.Variant> out = new ArrayList<>(array.numElements());
          for (int i = 0; i < array.numElements(); i++) {
            out.add(decode(array.get(i)));
          }
          return io.floe.Variant.of(out);
        }
      default:
        break;
    }
    Object v = value.asPrimitive().get();
    switch (type) {
      case NULL:
        return io.floe.Variant.ofNull();
      case DATE:
        return io.floe.Variant.of(LocalDate.ofEpochDay(((Number) v).intValue()));
      case TIME:
        return io.floe.Variant.of(LocalTime.ofNanoOfDay(((Number) v).longValue() * 1000));
      case TIMESTAMPTZ:
        return io.floe.Variant.of(DateTimeUtil.timestamptzFromMicros(((Number) v).longValue()));
      case TIMESTAMPNTZ:
        return io.floe.Variant.of(DateTimeUtil.timestampFromMicros(((Number) v).longValue()));
      case TIMESTAMPTZ_NANOS:
        return io.floe.Variant.of(DateTimeUtil.timestamptzFromNanos(((Number) v).longValue()));
      case TIMESTAMPNTZ_NANOS:
        return io.floe.Variant.of(DateTimeUtil.timestampFromNanos(((Number) v).longValue()));
      default:
        // booleans, integers (every width), float, double, decimals, string, binary, uuid
        return io.floe.Variant.of(v);
    }
  }

  /**
   * The two binaries of the variant layout (Parquet's and Arrow's {@code metadata} and {@code
   * value} fields), little-endian as the spec defines them.
   *
   * @param variant the variant
   * @return {metadata, value}
   */
  public static byte[][] binaries(Variant variant) {
    VariantMetadata metadata = variant.metadata();
    ByteBuffer m = ByteBuffer.allocate(metadata.sizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
    metadata.writeTo(m, 0);
    VariantValue value = variant.value();
    ByteBuffer v = ByteBuffer.allocate(value.sizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
    value.writeTo(v, 0);
    return new byte[][] {m.array(), v.array()};
  }

  /**
   * Reads the two binaries of the variant layout.
   *
   * @param metadata the metadata binary
   * @param value the value binary
   * @return Floe's value
   */
  public static io.floe.Variant fromBinaries(byte[] metadata, byte[] value) {
    VariantMetadata md =
        Variants.metadata(ByteBuffer.wrap(metadata).order(ByteOrder.LITTLE_ENDIAN));
    return decode(Variants.value(md, ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN)));
  }
}
