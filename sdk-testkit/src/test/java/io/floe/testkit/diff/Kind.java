package io.floe.testkit.diff;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The column types of the differential suite, each with a small pool of interesting values (so
 * predicates and equality deletes hit values that are present), random values of the whole domain,
 * the oracle's ordering and equality, and one canonical text form that every read path's values are
 * compared in.
 *
 * <p>Values are kept in the generic form Iceberg's writers take: {@code Boolean}, {@code Integer},
 * {@code Long}, {@code Float}, {@code Double}, {@code BigDecimal}, {@code LocalDate}, {@code
 * LocalTime}, {@code LocalDateTime}, {@code OffsetDateTime} (UTC), {@code String}, {@code UUID},
 * {@code byte[]} (fixed) and {@code ByteBuffer} (binary).
 */
enum Kind {
  BOOLEAN(Types.BooleanType.get()),
  INT(Types.IntegerType.get()),
  LONG(Types.LongType.get()),
  FLOAT(Types.FloatType.get()),
  DOUBLE(Types.DoubleType.get()),
  DECIMAL(Types.DecimalType.of(9, 2)),
  WIDE_DECIMAL(Types.DecimalType.of(38, 10)),
  DATE(Types.DateType.get()),
  TIME(Types.TimeType.get()),
  TIMESTAMP(Types.TimestampType.withoutZone()),
  TIMESTAMPTZ(Types.TimestampType.withZone()),
  STRING(Types.StringType.get()),
  UUID_(Types.UUIDType.get()),
  FIXED(Types.FixedType.ofLength(2)),
  BINARY(Types.BinaryType.get());

  private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);
  private static final long MIN_MICROS = micros(LocalDateTime.of(1, 1, 1, 0, 0));
  private static final long MAX_MICROS =
      micros(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));

  final Type type;

  Kind(Type type) {
    this.type = type;
  }

  boolean floating() {
    return this == FLOAT || this == DOUBLE;
  }

  /** Whether Iceberg can partition by {@code truncate} on this type. */
  boolean truncatable() {
    return this == INT
        || this == LONG
        || this == DECIMAL
        || this == WIDE_DECIMAL
        || this == STRING
        || this == BINARY;
  }

  /** Whether Iceberg can partition by {@code bucket} on this type. */
  boolean bucketable() {
    return this != BOOLEAN && !floating();
  }

  /**
   * Values of this type, mostly from the interesting pool, some from the whole domain; never null.
   */
  Arbitrary<Object> arbitrary() {
    return Arbitraries.frequencyOf(Tuple.of(4, pool()), Tuple.of(1, random()));
  }

  /** Values usable as expression literals: no NaN (Iceberg rejects NaN literals). */
  Arbitrary<Object> literals() {
    return arbitrary().filter(v -> !isNaN(v));
  }

  @SuppressWarnings("unchecked")
  private Arbitrary<Object> pool() {
    switch (this) {
      case BOOLEAN:
        return Arbitraries.of(false, true);
      case INT:
        return Arbitraries.of(0, 1, -1, 5, -5, 10, 7, 100, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case LONG:
        return Arbitraries.of(0L, 1L, -1L, 5L, 10L, 1L << 40, Long.MIN_VALUE, Long.MAX_VALUE);
      case FLOAT:
        return Arbitraries.of(
            0.0f,
            -0.0f,
            Float.NaN,
            1.0f,
            -1.0f,
            1.5f,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.MAX_VALUE,
            Float.MIN_VALUE,
            -Float.MAX_VALUE);
      case DOUBLE:
        return Arbitraries.of(
            0.0,
            -0.0,
            Double.NaN,
            1.0,
            -1.0,
            1.5,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MAX_VALUE,
            Double.MIN_VALUE,
            -Double.MAX_VALUE);
      case DECIMAL:
        return Arbitraries.of(
            dec("0.00"),
            dec("1.00"),
            dec("-1.00"),
            dec("0.01"),
            dec("12.34"),
            dec("-99.99"),
            dec("9999999.99"),
            dec("-9999999.99"));
      case WIDE_DECIMAL:
        return Arbitraries.of(
            dec("0E-10"),
            dec("1.0000000000"),
            dec("-1.0000000000"),
            dec("0.0000000001"),
            dec("9999999999999999999999999999.9999999999"),
            dec("-9999999999999999999999999999.9999999999"),
            dec("123456789012.3456789012"));
      case DATE:
        return Arbitraries.of(
            LocalDate.of(1970, 1, 1),
            LocalDate.of(1969, 12, 31),
            LocalDate.of(1970, 1, 2),
            LocalDate.of(2020, 2, 29),
            LocalDate.of(1, 1, 1),
            LocalDate.of(9999, 12, 31));
      case TIME:
        return Arbitraries.of(
            LocalTime.MIDNIGHT,
            LocalTime.of(0, 0, 0, 1000),
            LocalTime.NOON,
            LocalTime.of(23, 59, 59, 999_999_000));
      case TIMESTAMP:
        return Arbitraries.of(
            EPOCH,
            EPOCH.minusNanos(1000),
            EPOCH.plusNanos(1000),
            LocalDateTime.of(2020, 1, 1, 12, 0),
            LocalDateTime.of(1900, 1, 1, 0, 0),
            LocalDateTime.of(2262, 4, 11, 23, 47, 16, 854_775_000));
      case TIMESTAMPTZ:
        return Arbitraries.of(
            utc(EPOCH),
            utc(EPOCH.minusNanos(1000)),
            utc(EPOCH.plusNanos(1000)),
            utc(LocalDateTime.of(2020, 1, 1, 12, 0)),
            utc(LocalDateTime.of(1900, 1, 1, 0, 0)));
      case STRING:
        return Arbitraries.of(
            "", "a", "A", "ab", "abc", "b", "é", "日本", "\uFFFF", "𝄞", "a\u0000", "zz", "Z", "a b");
      case UUID_:
        return Arbitraries.of(
            new UUID(0, 0),
            new UUID(-1, -1),
            new UUID(Long.MAX_VALUE, -1),
            new UUID(Long.MIN_VALUE, 0),
            UUID.fromString("f4dc54d4-0000-4000-8000-000000000000"),
            UUID.fromString("aedb5472-0000-4000-8000-000000000000"),
            UUID.fromString("00000000-0000-0000-0000-000000000001"));
      case FIXED:
        return Arbitraries.of(
                hex("0000"),
                hex("0001"),
                hex("0102"),
                hex("0203"),
                hex("8000"),
                hex("ffff"),
                hex("7f80"))
            .map(b -> (Object) b);
      case BINARY:
        return Arbitraries.of("", "00", "0000", "01", "80", "ff", "ff00", "0102")
            .map(h -> (Object) ByteBuffer.wrap(HexFormat.of().parseHex(h)));
      default:
        throw new AssertionError(this);
    }
  }

  private Arbitrary<Object> random() {
    switch (this) {
      case BOOLEAN:
        return Arbitraries.of(false, true);
      case INT:
        return Arbitraries.integers().map(v -> (Object) v);
      case LONG:
        return Arbitraries.longs().map(v -> (Object) v);
      case FLOAT:
        return Arbitraries.integers().map(bits -> (Object) Float.intBitsToFloat(bits));
      case DOUBLE:
        return Arbitraries.longs().map(bits -> (Object) Double.longBitsToDouble(bits));
      case DECIMAL:
      case WIDE_DECIMAL:
        {
          Types.DecimalType d = (Types.DecimalType) type;
          BigInteger max = BigInteger.TEN.pow(d.precision()).subtract(BigInteger.ONE);
          return Arbitraries.bigIntegers()
              .between(max.negate(), max)
              .map(u -> (Object) new BigDecimal(u, d.scale()));
        }
      case DATE:
        return Arbitraries.longs()
            .between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
            .map(d -> (Object) LocalDate.ofEpochDay(d));
      case TIME:
        return Arbitraries.longs()
            .between(0, 86_400_000_000L - 1)
            .map(m -> (Object) LocalTime.ofNanoOfDay(m * 1000));
      case TIMESTAMP:
        return Arbitraries.longs()
            .between(MIN_MICROS, MAX_MICROS)
            .map(m -> (Object) EPOCH.plus(m, ChronoUnit.MICROS));
      case TIMESTAMPTZ:
        return Arbitraries.longs()
            .between(MIN_MICROS, MAX_MICROS)
            .map(m -> (Object) utc(EPOCH.plus(m, ChronoUnit.MICROS)));
      case STRING:
        // any Unicode scalar value (no lone surrogates: they have no UTF-8 form)
        return Arbitraries.integers()
            .between(0, 0x10FFFF)
            .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
            .list()
            .ofMaxSize(4)
            .map(
                cps -> {
                  StringBuilder b = new StringBuilder();
                  cps.forEach(b::appendCodePoint);
                  return (Object) b.toString();
                });
      case UUID_:
        return Arbitraries.longs().tuple2().map(t -> (Object) new UUID(t.get1(), t.get2()));
      case FIXED:
        return Arbitraries.bytes().array(byte[].class).ofSize(2).map(b -> (Object) b);
      case BINARY:
        return Arbitraries.bytes()
            .array(byte[].class)
            .ofMaxSize(5)
            .map(b -> (Object) ByteBuffer.wrap(b));
      default:
        throw new AssertionError(this);
    }
  }

  static boolean isNaN(Object v) {
    return (v instanceof Float f && f.isNaN()) || (v instanceof Double d && d.isNaN());
  }

  /**
   * The oracle's ordering of two non-null values of this type: numbers numerically with -0.0 equal
   * to 0.0 (never called with NaN), strings by code point, binary/fixed/uuid unsigned byte-wise
   * (uuid as its 16 big-endian bytes), decimals numerically.
   */
  int compare(Object a, Object b) {
    switch (this) {
      case BOOLEAN:
        return Boolean.compare((Boolean) a, (Boolean) b);
      case INT:
        return Integer.compare((Integer) a, (Integer) b);
      case LONG:
        return Long.compare((Long) a, (Long) b);
      case FLOAT:
        {
          float x = (Float) a;
          float y = (Float) b;
          return x < y ? -1 : x > y ? 1 : 0; // IEEE: -0.0 == 0.0
        }
      case DOUBLE:
        {
          double x = (Double) a;
          double y = (Double) b;
          return x < y ? -1 : x > y ? 1 : 0;
        }
      case DECIMAL:
      case WIDE_DECIMAL:
        return ((BigDecimal) a).compareTo((BigDecimal) b);
      case DATE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return Long.compare(micros(a), micros(b));
      case STRING:
        return Arrays.compareUnsigned(
            ((String) a).getBytes(StandardCharsets.UTF_8),
            ((String) b).getBytes(StandardCharsets.UTF_8));
      case UUID_:
      case FIXED:
      case BINARY:
        return Arrays.compareUnsigned(bytes(a), bytes(b));
      default:
        throw new AssertionError(this);
    }
  }

  /** Exact (null-safe) equality of stored values, as equality deletes match. */
  boolean same(Object a, Object b) {
    return canon(a).equals(canon(b));
  }

  /** The value as an Iceberg expression literal. */
  Object literal(Object v) {
    switch (this) {
      case DATE:
        return (int) ((LocalDate) v).toEpochDay();
      case TIME:
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return micros(v);
      case FIXED:
        return ByteBuffer.wrap((byte[]) v);
      case BINARY:
        return ((ByteBuffer) v).duplicate();
      default:
        return v;
    }
  }

  /**
   * One text form for a value as any read path returns it (generic Java values, Arrow vector
   * objects, {@code byte[]} or {@code ByteBuffer}); -0.0 and NaN stay distinct, timestamps become
   * microseconds.
   */
  String canon(Object v) {
    if (v == null) {
      return "null";
    }
    switch (this) {
      case BOOLEAN:
        return v.toString();
      case INT:
      case LONG:
        return Long.toString(((Number) v).longValue());
      case FLOAT:
        return Float.toString(((Number) v).floatValue());
      case DOUBLE:
        return Double.toString(((Number) v).doubleValue());
      case DECIMAL:
      case WIDE_DECIMAL:
        return ((BigDecimal) v).toPlainString();
      case DATE:
        return v instanceof LocalDate d ? "d" + d.toEpochDay() : "d" + ((Number) v).longValue();
      case TIME:
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return "t" + micros(v);
      case STRING:
        return "'" + escape(v.toString()) + "'";
      case UUID_:
        if (v instanceof UUID) {
          return v.toString();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes(v));
        return new UUID(b.getLong(), b.getLong()).toString();
      case FIXED:
      case BINARY:
        return "0x" + HexFormat.of().formatHex(bytes(v));
      default:
        throw new AssertionError(this);
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .forEach(
            cp -> {
              if (cp >= 0x20 && cp < 0x7f) {
                b.appendCodePoint(cp);
              } else {
                b.append("\\u{").append(Integer.toHexString(cp)).append('}');
              }
            });
    return b.toString();
  }

  static long micros(Object v) {
    if (v instanceof LocalDate d) {
      return d.toEpochDay();
    }
    if (v instanceof LocalTime t) {
      return t.toNanoOfDay() / 1000;
    }
    if (v instanceof LocalDateTime t) {
      return ChronoUnit.MICROS.between(EPOCH, t);
    }
    if (v instanceof OffsetDateTime t) {
      return ChronoUnit.MICROS.between(EPOCH.atOffset(ZoneOffset.UTC), t);
    }
    if (v instanceof java.time.Instant i) {
      return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, i);
    }
    return ((Number) v).longValue();
  }

  static byte[] bytes(Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof ByteBuffer buf) {
      ByteBuffer d = buf.duplicate();
      byte[] out = new byte[d.remaining()];
      d.get(out);
      return out;
    }
    if (v instanceof UUID u) {
      return ByteBuffer.allocate(16)
          .putLong(u.getMostSignificantBits())
          .putLong(u.getLeastSignificantBits())
          .array();
    }
    throw new IllegalArgumentException("Not bytes: " + v.getClass());
  }

  private static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static OffsetDateTime utc(LocalDateTime t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private static long micros(LocalDateTime t) {
    return ChronoUnit.MICROS.between(EPOCH, t);
  }

  static List<Kind> all() {
    return List.of(values());
  }
}
