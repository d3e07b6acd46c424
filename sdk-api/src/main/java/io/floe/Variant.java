package io.floe;

import io.floe.spi.VariantJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * A value of an Iceberg {@code variant} column: a JSON-like tree of objects, arrays and typed
 * primitives (the variant encoding's types: integers, floating point, decimals, strings, binary,
 * dates, times, timestamps and UUIDs).
 *
 * <p>Variants are written from JSON text ({@link #parseJson(String)}), from Java maps, lists and
 * scalars ({@link #of(Object)}), or given as such values directly to an append; rows read from a
 * {@code variant} column hold a {@code Variant}. Navigate with {@link #get(String)} (a path such as
 * {@code "a.b[0]"}), {@link #field(String)} and {@link #element(int)}; turn one back into JSON with
 * {@link #toJson()} or into plain Java values with {@link #toJava()}.
 *
 * <p>All integer widths read back as {@link Kind#INTEGER} ({@code Long}); the writer stores the
 * smallest width that holds the value. Objects keep their fields by name (two objects are equal
 * whatever the order of their fields); the encoding stores them sorted by name. Instances are
 * immutable and thread-safe.
 *
 * <pre>{@code
 * Variant event = Variant.parseJson("{\"user\": {\"id\": 7, \"tags\": [\"a\", \"b\"]}}");
 * table.newAppend().row(Map.of("id", 1L, "payload", event)).commit();
 * try (RowStream rows = table.newScan().rows()) {
 *   for (Row row : rows) {
 *     Variant payload = row.get("payload", Variant.class);
 *     long user = payload.get("user.id").map(Variant::asLong).orElse(-1L);
 *     String firstTag = payload.get("user.tags[0]").map(Variant::asString).orElse(null);
 *   }
 * }
 * }</pre>
 */
public final class Variant {
  private static final Variant NULL = new Variant(Kind.NULL, null);
  private static final Variant TRUE = new Variant(Kind.BOOLEAN, Boolean.TRUE);
  private static final Variant FALSE = new Variant(Kind.BOOLEAN, Boolean.FALSE);

  /** The kind of a variant value; each has one Java class, given by {@link #value()}. */
  public enum Kind {
    /** The variant null (not a missing value); {@link #value()} is {@code null}. */
    NULL,
    /** {@code Boolean}. */
    BOOLEAN,
    /** Any integer width (int8, int16, int32, int64): {@code Long}. */
    INTEGER,
    /** {@code Float}. */
    FLOAT,
    /** {@code Double}. */
    DOUBLE,
    /** {@code BigDecimal}, precision up to 38 digits and scale 0 to 38. */
    DECIMAL,
    /** {@code String}. */
    STRING,
    /** {@code ByteBuffer} (read-only). */
    BINARY,
    /** {@code LocalDate}. */
    DATE,
    /** {@code LocalTime}, microsecond precision. */
    TIME,
    /** Timestamp without time zone: {@code LocalDateTime}, micro- or nanosecond precision. */
    TIMESTAMP,
    /** Timestamp with time zone: {@code OffsetDateTime} in UTC, micro- or nanosecond precision. */
    TIMESTAMPTZ,
    /** {@code UUID}. */
    UUID,
    /** An object: {@code Map<String, Variant>}, unmodifiable. */
    OBJECT,
    /** An array: {@code List<Variant>}, unmodifiable. */
    ARRAY
  }

  private final Kind kind;
  private final Object value;

  private Variant(Kind kind, Object value) {
    this.kind = kind;
    this.value = value;
  }

  /**
   * The variant null.
   *
   * @return the null variant
   */
  public static Variant ofNull() {
    return NULL;
  }

  /**
   * Converts a Java value into a variant: {@code null}, {@code Variant}, {@code Boolean}, integer
   * types ({@code Byte}, {@code Short}, {@code Integer}, {@code Long}, and {@code BigInteger} in
   * the range of a long), {@code Float}, {@code Double}, {@code BigDecimal}, {@code CharSequence}
   * (a string value, not JSON text: see {@link #parseJson(String)}), {@code byte[]} and {@code
   * ByteBuffer}, {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime}, {@code
   * OffsetDateTime}, {@code ZonedDateTime} and {@code Instant} (timestamps with zone, kept in UTC),
   * {@code UUID}, maps with string keys (objects), and collections and arrays (arrays), nested to
   * any depth.
   *
   * @param value the value, or null for the variant null
   * @return the variant
   * @throws IllegalArgumentException when a value (or a nested one) has no variant representation,
   *     such as a map key that is not a string, a decimal with more than 38 digits or a time with
   *     nanoseconds; the message gives the path to it
   */
  public static Variant of(Object value) {
    return of(value, "$");
  }

  private static Variant of(Object value, String path) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof Variant v) {
      return v;
    }
    if (value instanceof Boolean b) {
      return b ? TRUE : FALSE;
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return new Variant(Kind.INTEGER, ((Number) value).longValue());
    }
    if (value instanceof BigInteger b) {
      if (b.bitLength() < 64) {
        return new Variant(Kind.INTEGER, b.longValue());
      }
      return decimal(new BigDecimal(b), path);
    }
    if (value instanceof Float f) {
      return new Variant(Kind.FLOAT, f);
    }
    if (value instanceof Double d) {
      return new Variant(Kind.DOUBLE, d);
    }
    if (value instanceof BigDecimal d) {
      return decimal(d, path);
    }
    if (value instanceof CharSequence s) {
      return new Variant(Kind.STRING, s.toString());
    }
    if (value instanceof byte[] bytes) {
      return new Variant(Kind.BINARY, ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer());
    }
    if (value instanceof ByteBuffer buf) {
      ByteBuffer copy = ByteBuffer.allocate(buf.remaining());
      copy.put(buf.duplicate()).flip();
      return new Variant(Kind.BINARY, copy.asReadOnlyBuffer());
    }
    if (value instanceof LocalDate) {
      return new Variant(Kind.DATE, value);
    }
    if (value instanceof LocalTime t) {
      if (t.getNano() % 1000 != 0) {
        throw new IllegalArgumentException(
            "Variant times have microsecond precision; " + t + " at " + path + " has nanoseconds");
      }
      return new Variant(Kind.TIME, t);
    }
    if (value instanceof LocalDateTime) {
      return new Variant(Kind.TIMESTAMP, value);
    }
    if (value instanceof OffsetDateTime t) {
      return new Variant(Kind.TIMESTAMPTZ, t.withOffsetSameInstant(ZoneOffset.UTC));
    }
    if (value instanceof ZonedDateTime t) {
      return new Variant(
          Kind.TIMESTAMPTZ, t.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC));
    }
    if (value instanceof Instant i) {
      return new Variant(Kind.TIMESTAMPTZ, i.atOffset(ZoneOffset.UTC));
    }
    if (value instanceof UUID) {
      return new Variant(Kind.UUID, value);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Variant> fields = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException(
              "Variant object keys must be strings; found "
                  + (e.getKey() == null ? "null" : e.getKey().getClass().getName())
                  + " at "
                  + path);
        }
        fields.put(key, of(e.getValue(), path + "." + key));
      }
      return new Variant(Kind.OBJECT, Collections.unmodifiableMap(fields));
    }
    if (value instanceof Iterable<?> items) {
      List<Variant> elements = new ArrayList<>();
      for (Object item : items) {
        elements.add(of(item, path + "[" + elements.size() + "]"));
      }
      return new Variant(Kind.ARRAY, Collections.unmodifiableList(elements));
    }
    if (value instanceof Object[] array) {
      return of(java.util.Arrays.asList(array), path);
    }
    throw new IllegalArgumentException(
        "Cannot store a " + value.getClass().getName() + " in a variant (at " + path + ")");
  }

  private static Variant decimal(BigDecimal d, String path) {
    BigDecimal n = d.scale() < 0 ? d.setScale(0) : d;
    if (n.precision() > 38 || n.scale() > 38) {
      throw new IllegalArgumentException(
          "Variant decimals hold at most 38 digits with a scale of 0 to 38; "
              + d
              + " at "
              + path
              + " does not fit (store it as a double or a string)");
    }
    return new Variant(Kind.DECIMAL, n);
  }

  /**
   * An object with the given fields, in order.
   *
   * @param fields field names to values (converted with {@link #of(Object)})
   * @return the object variant
   * @throws IllegalArgumentException when a value has no variant representation
   */
  public static Variant object(Map<String, ?> fields) {
    Objects.requireNonNull(fields, "fields");
    return of(fields);
  }

  /**
   * An array of the given elements, in order.
   *
   * @param elements the elements (converted with {@link #of(Object)})
   * @return the array variant
   * @throws IllegalArgumentException when an element has no variant representation
   */
  public static Variant array(List<?> elements) {
    Objects.requireNonNull(elements, "elements");
    return of(elements);
  }

  /**
   * Parses JSON text: objects, arrays, strings, {@code true}/{@code false}, {@code null}, and
   * numbers. Integers that fit a long become {@link Kind#INTEGER}; other numbers become {@link
   * Kind#DECIMAL} when they fit 38 digits exactly (so that {@code 0.1} stays {@code 0.1}) and
   * {@link Kind#DOUBLE} otherwise. Duplicate keys keep the last value.
   *
   * @param json one JSON value
   * @return the variant
   * @throws IllegalArgumentException when the text is not one valid JSON value; the message gives
   *     the position
   * @throws IllegalStateException when no implementation (floe-sdk-impl) is on the class path
   */
  public static Variant parseJson(String json) {
    Objects.requireNonNull(json, "json");
    return Holder.JSON.parse(json);
  }

  /** Finds the JSON parser once, on first use. */
  private static final class Holder {
    static final VariantJson JSON =
        ServiceLoader.load(VariantJson.class, Variant.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot parse JSON: no parser found; add io.floe:floe-sdk-impl to the class path"));
  }

  /**
   * The kind of this value.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether this is the variant null.
   *
   * @return true for {@link Kind#NULL}
   */
  public boolean isNull() {
    return kind == Kind.NULL;
  }

  /**
   * The value in the Java class of its {@link Kind}.
   *
   * @return the value; null for {@link Kind#NULL}
   */
  public Object value() {
    return value instanceof ByteBuffer b ? b.duplicate() : value;
  }

  /**
   * A field of an object.
   *
   * @param name the field name
   * @return the field's value, or empty when this is not an object or has no such field
   */
  public Optional<Variant> field(String name) {
    Objects.requireNonNull(name, "name");
    return kind == Kind.OBJECT ? Optional.ofNullable(fields().get(name)) : Optional.empty();
  }

  /**
   * An element of an array.
   *
   * @param index the position, from 0
   * @return the element, or empty when this is not an array or the index is out of its range
   */
  public Optional<Variant> element(int index) {
    if (kind != Kind.ARRAY) {
      return Optional.empty();
    }
    List<Variant> list = elements();
    return index >= 0 && index < list.size() ? Optional.of(list.get(index)) : Optional.empty();
  }

  /**
   * The value at a path: field names separated by dots, array positions in brackets, field names
   * that hold dots or brackets quoted in brackets; an optional leading {@code $} is ignored. For
   * example {@code "user.tags[0]"}, {@code "$.items[2].price"}, {@code "['a.b'].c"}.
   *
   * @param path the path; empty (or {@code "$"}) is this value
   * @return the value there, or empty when the path leads nowhere (a missing field, an index out of
   *     range, or a step into a value of another kind)
   * @throws IllegalArgumentException when the path is malformed
   */
  public Optional<Variant> get(String path) {
    Objects.requireNonNull(path, "path");
    Variant current = this;
    for (Object step : steps(path)) {
      Optional<Variant> next =
          step instanceof String name ? current.field(name) : current.element((Integer) step);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = next.get();
    }
    return Optional.of(current);
  }

  /** The steps of a path: field names (String) and array positions (Integer), checked whole. */
  private static List<Object> steps(String path) {
    List<Object> steps = new ArrayList<>();
    int n = path.length();
    int i = path.startsWith("$") ? 1 : 0;
    while (i < n) {
      char c = path.charAt(i);
      if (c == '[') {
        int close;
        if (i + 1 < n && (path.charAt(i + 1) == '\'' || path.charAt(i + 1) == '"')) {
          char quote = path.charAt(i + 1);
          int end = path.indexOf(quote, i + 2);
          if (end < 0 || end + 1 >= n || path.charAt(end + 1) != ']') {
            throw badPath(path, i);
          }
          steps.add(path.substring(i + 2, end));
          close = end + 1;
        } else {
          close = path.indexOf(']', i);
          int index;
          try {
            index = close < 0 ? -1 : Integer.parseInt(path.substring(i + 1, close));
          } catch (NumberFormatException e) {
            index = -1;
          }
          if (index < 0) {
            throw badPath(path, i);
          }
          steps.add(index);
        }
        i = close + 1;
      } else {
        if (c == '.') {
          i++;
        } else if (!steps.isEmpty()) {
          throw badPath(path, i);
        }
        int end = i;
        while (end < n && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        if (end == i) {
          throw badPath(path, i);
        }
        steps.add(path.substring(i, end));
        i = end;
      }
    }
    return steps;
  }

  private static IllegalArgumentException badPath(String path, int at) {
    return new IllegalArgumentException(
        "Malformed variant path '"
            + path
            + "' at position "
            + at
            + ": use names separated by dots, [N] for array positions and ['name'] for names with"
            + " dots or brackets");
  }

  /**
   * The fields of an object.
   *
   * @return field names to values, unmodifiable
   * @throws IllegalStateException when this is not an object
   */
  @SuppressWarnings("unchecked")
  public Map<String, Variant> fields() {
    return (Map<String, Variant>) expect(Kind.OBJECT);
  }

  /**
   * The elements of an array.
   *
   * @return the elements, unmodifiable
   * @throws IllegalStateException when this is not an array
   */
  @SuppressWarnings("unchecked")
  public List<Variant> elements() {
    return (List<Variant>) expect(Kind.ARRAY);
  }

  /**
   * A string value.
   *
   * @return the string
   * @throws IllegalStateException when this is not a {@link Kind#STRING}
   */
  public String asString() {
    return (String) expect(Kind.STRING);
  }

  /**
   * A boolean value.
   *
   * @return the boolean
   * @throws IllegalStateException when this is not a {@link Kind#BOOLEAN}
   */
  public boolean asBoolean() {
    return (Boolean) expect(Kind.BOOLEAN);
  }

  /**
   * An integer value, or a decimal without fraction that fits a long.
   *
   * @return the value
   * @throws IllegalStateException when this is not an integer (or such a decimal)
   */
  public long asLong() {
    if (kind == Kind.DECIMAL) {
      try {
        return ((BigDecimal) value).longValueExact();
      } catch (ArithmeticException e) {
        throw new IllegalStateException("Variant decimal " + value + " is not a long", e);
      }
    }
    return (Long) expect(Kind.INTEGER);
  }

  /**
   * A numeric value (integer, float, double or decimal) as a double, possibly rounded.
   *
   * @return the value
   * @throws IllegalStateException when this is not numeric
   */
  public double asDouble() {
    if (kind == Kind.INTEGER || kind == Kind.FLOAT || kind == Kind.DOUBLE || kind == Kind.DECIMAL) {
      return ((Number) value).doubleValue();
    }
    throw new IllegalStateException("Variant value is " + kind + ", not a number");
  }

  /**
   * A numeric value as an exact decimal (integers and decimals; floats and doubles by their
   * shortest decimal representation).
   *
   * @return the value
   * @throws IllegalStateException when this is not numeric or is a NaN or infinite
   */
  public BigDecimal asDecimal() {
    switch (kind) {
      case INTEGER:
        return BigDecimal.valueOf((Long) value);
      case DECIMAL:
        return (BigDecimal) value;
      case FLOAT:
      case DOUBLE:
        double d = ((Number) value).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new IllegalStateException("Variant value " + value + " has no decimal form");
        }
        return kind == Kind.FLOAT ? new BigDecimal(value.toString()) : BigDecimal.valueOf(d);
      default:
        throw new IllegalStateException("Variant value is " + kind + ", not a number");
    }
  }

  private Object expect(Kind expected) {
    if (kind != expected) {
      throw new IllegalStateException("Variant value is " + kind + ", not " + expected);
    }
    return value;
  }

  /**
   * This value as plain Java values: objects become ordered {@code Map<String, Object>}, arrays
   * {@code List<Object>}, the rest the class of their {@link Kind} (the variant null {@code null}).
   *
   * @return a new tree of Java values, modifiable
   */
  public Object toJava() {
    switch (kind) {
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        fields().forEach((k, v) -> map.put(k, v.toJava()));
        return map;
      case ARRAY:
        List<Object> list = new ArrayList<>();
        for (Variant v : elements()) {
          list.add(v.toJava());
        }
        return list;
      default:
        return value();
    }
  }

  /**
   * This value as JSON text. Strings, dates, times, timestamps (ISO-8601) and UUIDs are written as
   * JSON strings, binary as a base64 string, decimals in plain notation, NaN and infinite floats as
   * the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
   *
   * @return compact JSON
   */
  public String toJson() {
    StringBuilder out = new StringBuilder();
    appendJson(out);
    return out.toString();
  }

  private void appendJson(StringBuilder out) {
    switch (kind) {
      case NULL:
        out.append("null");
        break;
      case BOOLEAN:
      case INTEGER:
        out.append(value);
        break;
      case FLOAT:
      case DOUBLE:
        double d = ((Number) value).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          quote(out, value.toString());
        } else {
          out.append(value);
        }
        break;
      case DECIMAL:
        out.append(((BigDecimal) value).toPlainString());
        break;
      case BINARY:
        ByteBuffer b = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        quote(out, Base64.getEncoder().encodeToString(bytes));
        break;
      case OBJECT:
        out.append('{');
        boolean firstField = true;
        for (Map.Entry<String, Variant> e : fields().entrySet()) {
          if (!firstField) {
            out.append(',');
          }
          firstField = false;
          quote(out, e.getKey());
          out.append(':');
          e.getValue().appendJson(out);
        }
        out.append('}');
        break;
      case ARRAY:
        out.append('[');
        boolean firstElement = true;
        for (Variant v : elements()) {
          if (!firstElement) {
            out.append(',');
          }
          firstElement = false;
          v.appendJson(out);
        }
        out.append(']');
        break;
      default:
        quote(out, value.toString());
        break;
    }
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /**
   * Equal when of the same kind with equal values (objects whatever the order of their fields,
   * decimals including their scale, floating point by bits).
   *
   * @param o the other object
   * @return whether equal
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Variant other) || other.kind != kind) {
      return false;
    }
    return Objects.equals(value, other.value);
  }

  /**
   * A hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Objects.hashCode(value);
  }

  /**
   * The value as JSON, for logs and debugging.
   *
   * @return {@link #toJson()}
   */
  @Override
  public String toString() {
    return toJson();
  }
}
