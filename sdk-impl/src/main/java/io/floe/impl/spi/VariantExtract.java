package io.floe.impl.spi;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.variants.PhysicalType;
import org.apache.iceberg.variants.Variant;
import org.apache.iceberg.variants.VariantValue;

/**
 * The value of Iceberg's {@code extract(column, path, type)} term on one variant, as Floe's filters
 * evaluate it: the value at the path (object fields from the top: {@code $.a.b}) when it is there
 * and of the requested type, with Iceberg's conversions ({@code VariantExpressionUtil.castTo}:
 * narrower integers to {@code int}/{@code long}, {@code float} to {@code double}, decimals of the
 * requested scale, {@code int64} to timestamps and times, strings to uuids); otherwise null (a
 * missing field, a variant null, a value of another type), so comparisons on it are UNKNOWN and
 * {@code isNull} is true. Iceberg's own {@code BoundExtract.eval} is not implemented; this is its
 * row-level meaning for Floe. Stateless.
 */
public final class VariantExtract {
  private static final Map<Type, PhysicalType> EXACT =
      Map.ofEntries(
          Map.entry(Types.IntegerType.get(), PhysicalType.INT32),
          Map.entry(Types.LongType.get(), PhysicalType.INT64),
          Map.entry(Types.FloatType.get(), PhysicalType.FLOAT),
          Map.entry(Types.DoubleType.get(), PhysicalType.DOUBLE),
          Map.entry(Types.DateType.get(), PhysicalType.DATE),
          Map.entry(Types.TimestampType.withoutZone(), PhysicalType.TIMESTAMPNTZ),
          Map.entry(Types.TimestampType.withZone(), PhysicalType.TIMESTAMPTZ),
          Map.entry(Types.TimestampNanoType.withoutZone(), PhysicalType.TIMESTAMPNTZ_NANOS),
          Map.entry(Types.TimestampNanoType.withZone(), PhysicalType.TIMESTAMPTZ_NANOS),
          Map.entry(Types.TimeType.get(), PhysicalType.TIME),
          Map.entry(Types.UUIDType.get(), PhysicalType.UUID),
          Map.entry(Types.StringType.get(), PhysicalType.STRING),
          Map.entry(Types.BinaryType.get(), PhysicalType.BINARY));

  private VariantExtract() {}

  /**
   * The field names of a bound extract's path ({@code BoundExtract.path()}, normalized as {@code
   * $['a']['b']}).
   *
   * @param path the normalized path
   * @return the field names from the top
   * @throws IllegalArgumentException when the path is not in the normalized form
   */
  public static List<String> fields(String path) {
    List<String> names = new ArrayList<>();
    if (!path.startsWith("$")) {
      throw new IllegalArgumentException("Invalid variant path: " + path);
    }
    int i = 1;
    while (i < path.length()) {
      if (!path.startsWith("['", i)) {
        throw new IllegalArgumentException("Invalid variant path: " + path);
      }
      i += 2;
      StringBuilder name = new StringBuilder();
      while (true) {
        if (i >= path.length()) {
          throw new IllegalArgumentException("Invalid variant path: " + path);
        }
        char c = path.charAt(i++);
        if (c == '\'') {
          break;
        }
        if (c == '\\') {
          char e = path.charAt(i++);
          switch (e) {
            case 'b' -> name.append('\b');
            case 'f' -> name.append('\f');
            case 'n' -> name.append('\n');
            case 'r' -> name.append('\r');
            case 't' -> name.append('\t');
            case 'u' -> {
              name.append((char) Integer.parseInt(path.substring(i, i + 4), 16));
              i += 4;
            }
            default -> name.append(e);
          }
        } else {
          name.append(c);
        }
      }
      if (i >= path.length() || path.charAt(i) != ']') {
        throw new IllegalArgumentException("Invalid variant path: " + path);
      }
      i++;
      names.add(name.toString());
    }
    return names;
  }

  /**
   * The value of an extract on one variant.
   *
   * @param variant the variant (Iceberg's or Floe's), or null
   * @param fields the path's field names
   * @param type the requested type
   * @return the value in Iceberg's representation, or null
   */
  public static Object extract(Object variant, List<String> fields, Type type) {
    if (variant == null) {
      return null;
    }
    VariantValue value =
        variant instanceof io.floe.Variant floe
            ? VariantValues.toIceberg(floe).value()
            : ((Variant) variant).value();
    for (String name : fields) {
      if (value.type() != PhysicalType.OBJECT) {
        return null;
      }
      value = value.asObject().get(name);
      if (value == null) {
        return null;
      }
    }
    return castTo(value, type);
  }

  /**
   * Iceberg's {@code VariantExpressionUtil.castTo} (package-private there), null-safe for uuids.
   */
  static Object castTo(VariantValue value, Type type) {
    PhysicalType physical = value.type();
    if (EXACT.get(type) == physical) {
      return value.asPrimitive().get();
    }
    switch (type.typeId()) {
      case INTEGER:
        if (physical == PhysicalType.INT8 || physical == PhysicalType.INT16) {
          return ((Number) value.asPrimitive().get()).intValue();
        }
        return null;
      case LONG:
        if (physical == PhysicalType.INT8
            || physical == PhysicalType.INT16
            || physical == PhysicalType.INT32) {
          return ((Number) value.asPrimitive().get()).longValue();
        }
        return null;
      case DOUBLE:
        return physical == PhysicalType.FLOAT
            ? ((Number) value.asPrimitive().get()).doubleValue()
            : null;
      case FIXED:
        if (physical == PhysicalType.BINARY) {
          ByteBuffer buffer = (ByteBuffer) value.asPrimitive().get();
          return buffer.remaining() == ((Types.FixedType) type).length() ? buffer : null;
        }
        return null;
      case DECIMAL:
        if (physical == PhysicalType.DECIMAL4
            || physical == PhysicalType.DECIMAL8
            || physical == PhysicalType.DECIMAL16) {
          BigDecimal d = (BigDecimal) value.asPrimitive().get();
          return d.scale() == ((Types.DecimalType) type).scale() ? d : null;
        }
        return null;
      case BOOLEAN:
        if (physical == PhysicalType.BOOLEAN_TRUE) {
          return Boolean.TRUE;
        }
        return physical == PhysicalType.BOOLEAN_FALSE ? Boolean.FALSE : null;
      case TIMESTAMP:
      case TIMESTAMP_NANO:
      case TIME:
        return physical == PhysicalType.INT64
            ? ((Number) value.asPrimitive().get()).longValue()
            : null;
      case UUID:
        if (physical == PhysicalType.STRING) {
          try {
            return java.util.UUID.fromString((String) value.asPrimitive().get());
          } catch (IllegalArgumentException e) {
            return null;
          }
        }
        return null;
      default:
        return null;
    }
  }
}
