package io.floe.impl.read;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.BoundLiteralPredicate;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.BoundSetPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Not;
import org.apache.iceberg.expressions.Or;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Types;

/**
 * Floe's row filter: evaluates a filter on one row with SQL's three-valued logic, the semantics
 * documented on {@link io.floe.Scan} and used on every read path. It replaces Iceberg's {@code
 * Evaluator}, which orders a null below every value (so {@code x < 10} keeps a null {@code x}),
 * treats {@code notEq}/{@code notIn} of null as true, orders NaN above every value, tells {@code
 * -0.0} from {@code 0.0}, compares uuids as signed numbers and fails on {@code in} over a null
 * string.
 *
 * <ul>
 *   <li>{@code isNull}, {@code notNull}, {@code isNaN}, {@code notNaN} are never unknown ({@code
 *       isNaN(null)} is false, {@code notNaN(null)} true); every other predicate is UNKNOWN on a
 *       null value; {@code and}/{@code or}/{@code not} follow Kleene logic; a row matches only when
 *       the whole filter is TRUE.
 *   <li>Floating point follows IEEE 754: NaN is not less, greater, equal or in anything, {@code
 *       notEq}/{@code notIn} are true for NaN, and {@code -0.0} equals {@code 0.0}.
 *   <li>Strings order by code point, binary, fixed and uuid values unsigned byte by byte (a uuid as
 *       its 16 big-endian bytes), decimals numerically.
 * </ul>
 *
 * <p>Values may be in Iceberg's internal representation or Floe's: {@code byte[]} or {@link
 * ByteBuffer} for binary and fixed, {@link CharSequence} for strings. Immutable and thread-safe.
 */
public final class RowFilter {
  /**
   * The three truth values, ordered so that {@code and} is the minimum and {@code or} the maximum.
   */
  static final int FALSE = 0;

  static final int UNKNOWN = 1;
  static final int TRUE = 2;

  private static final Comparator<CharSequence> STRINGS = Comparators.charSequences();

  private final Node root;

  private RowFilter(Node root) {
    this.root = root;
  }

  /**
   * Compiles a filter for rows of a struct type.
   *
   * @param struct the row type (the filter's columns must be in it)
   * @param filter the filter, bound or unbound
   * @param caseSensitive how column names bind
   * @return the row filter
   */
  public static RowFilter of(Types.StructType struct, Expression filter, boolean caseSensitive) {
    // normalized first: a comparison Iceberg binds to "always true" (literal beyond the column's
    // range) is still UNKNOWN for null
    return new RowFilter(
        compile(
            Binder.bind(struct, Filters.normalize(filter, struct, caseSensitive), caseSensitive)));
  }

  /**
   * Whether a row matches: the filter is TRUE for it (not FALSE, not UNKNOWN).
   *
   * @param row the row, in the struct type the filter was compiled for
   * @return true when the row is returned
   */
  public boolean test(StructLike row) {
    return root.eval(row) == TRUE;
  }

  /**
   * The truth value of a bound predicate for one value.
   *
   * @param predicate the bound predicate
   * @param value the value of its term (null for a null value)
   * @return {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN}
   */
  static int evalValue(BoundPredicate<?> predicate, Object value) {
    return predicate(predicate).test(value);
  }

  private interface Node {
    int eval(StructLike row);
  }

  /** A predicate on one value. */
  private interface ValueTest {
    int test(Object value);
  }

  private static Node compile(Expression e) {
    switch (e.op()) {
      case TRUE:
        return row -> TRUE;
      case FALSE:
        return row -> FALSE;
      case AND:
        {
          Node l = compile(((And) e).left());
          Node r = compile(((And) e).right());
          return row -> {
            int a = l.eval(row);
            return a == FALSE ? FALSE : Math.min(a, r.eval(row));
          };
        }
      case OR:
        {
          Node l = compile(((Or) e).left());
          Node r = compile(((Or) e).right());
          return row -> {
            int a = l.eval(row);
            return a == TRUE ? TRUE : Math.max(a, r.eval(row));
          };
        }
      case NOT:
        {
          Node c = compile(((Not) e).child());
          return row -> TRUE - c.eval(row);
        }
      default:
        if (!(e instanceof BoundPredicate)) {
          throw new IllegalArgumentException("Cannot evaluate an unbound filter: " + e);
        }
        BoundPredicate<?> pred = (BoundPredicate<?>) e;
        ValueTest test = predicate(pred);
        if (pred.term() instanceof org.apache.iceberg.expressions.BoundExtract<?> extract) {
          // a variant path (Iceberg leaves BoundExtract.eval unimplemented)
          org.apache.iceberg.expressions.BoundReference<?> ref = extract.ref();
          java.util.List<String> fields = io.floe.impl.spi.VariantExtract.fields(extract.path());
          org.apache.iceberg.types.Type type = extract.type();
          return row ->
              test.test(io.floe.impl.spi.VariantExtract.extract(ref.eval(row), fields, type));
        }
        return row -> test.test(pred.term().eval(row));
    }
  }

  private static ValueTest predicate(BoundPredicate<?> pred) {
    switch (pred.op()) {
      case IS_NULL:
        return v -> v == null ? TRUE : FALSE;
      case NOT_NULL:
        return v -> v == null ? FALSE : TRUE;
      case IS_NAN:
        return v -> isNaN(v) ? TRUE : FALSE;
      case NOT_NAN:
        return v -> isNaN(v) ? FALSE : TRUE;
      default:
        break;
    }
    if (pred instanceof BoundSetPredicate) {
      Set<Object> keys = new HashSet<>();
      for (Object lit : ((BoundSetPredicate<?>) pred).literalSet()) {
        keys.add(key(lit));
      }
      int inResult = pred.op() == Expression.Operation.IN ? TRUE : FALSE;
      return v -> {
        if (v == null) {
          return UNKNOWN;
        }
        if (isNaN(v)) {
          return TRUE - inResult;
        }
        return keys.contains(key(v)) ? inResult : TRUE - inResult;
      };
    }
    if (!(pred instanceof BoundLiteralPredicate)) {
      throw new IllegalArgumentException("Cannot evaluate predicate " + pred);
    }
    Object lit = ((BoundLiteralPredicate<?>) pred).literal().value();
    Expression.Operation op = pred.op();
    switch (op) {
      case STARTS_WITH:
      case NOT_STARTS_WITH:
        {
          String prefix = lit.toString();
          int starts = op == Expression.Operation.STARTS_WITH ? TRUE : FALSE;
          return v -> v == null ? UNKNOWN : string(v).startsWith(prefix) ? starts : TRUE - starts;
        }
      case LT:
      case LT_EQ:
      case GT:
      case GT_EQ:
      case EQ:
      case NOT_EQ:
        return v -> {
          if (v == null) {
            return UNKNOWN;
          }
          if (isNaN(v)) {
            return op == Expression.Operation.NOT_EQ ? TRUE : FALSE;
          }
          int c = compare(v, lit);
          boolean r;
          switch (op) {
            case LT:
              r = c < 0;
              break;
            case LT_EQ:
              r = c <= 0;
              break;
            case GT:
              r = c > 0;
              break;
            case GT_EQ:
              r = c >= 0;
              break;
            case EQ:
              r = c == 0;
              break;
            default:
              r = c != 0;
          }
          return r ? TRUE : FALSE;
        };
      default:
        throw new IllegalArgumentException("Cannot evaluate predicate " + pred);
    }
  }

  static boolean isNaN(Object v) {
    return (v instanceof Double && ((Double) v).isNaN())
        || (v instanceof Float && ((Float) v).isNaN());
  }

  private static String string(Object v) {
    return v instanceof byte[]
        ? new String((byte[]) v, java.nio.charset.StandardCharsets.UTF_8)
        : v.toString();
  }

  /**
   * Compares two non-null, non-NaN values of the same Iceberg type in the decided order: numbers
   * numerically ({@code -0.0 == 0.0}), strings by code point, bytes and uuids unsigned.
   *
   * @param a a value
   * @param b a value of the same type
   * @return negative, zero or positive
   */
  public static int compare(Object a, Object b) {
    if (a instanceof Integer || a instanceof Long) {
      return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }
    if (a instanceof Double || a instanceof Float) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a instanceof BigDecimal) {
      return ((BigDecimal) a).compareTo((BigDecimal) b);
    }
    if (a instanceof CharSequence && b instanceof CharSequence) {
      return STRINGS.compare((CharSequence) a, (CharSequence) b);
    }
    if (a instanceof Boolean) {
      return Boolean.compare((Boolean) a, (Boolean) b);
    }
    if (a instanceof UUID && b instanceof UUID) {
      UUID x = (UUID) a;
      UUID y = (UUID) b;
      int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
      return c != 0
          ? c
          : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
    }
    return Comparators.unsignedBytes().compare(bytes(a), bytes(b));
  }

  private static ByteBuffer bytes(Object v) {
    if (v instanceof ByteBuffer) {
      return (ByteBuffer) v;
    }
    if (v instanceof byte[]) {
      return ByteBuffer.wrap((byte[]) v);
    }
    if (v instanceof UUID) {
      UUID u = (UUID) v;
      return ByteBuffer.allocate(16)
          .putLong(0, u.getMostSignificantBits())
          .putLong(8, u.getLeastSignificantBits());
    }
    if (v instanceof CharSequence) {
      return ByteBuffer.wrap(v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    throw new IllegalArgumentException("Cannot compare values of " + v.getClass().getName());
  }

  /** A value's identity for set membership, equal exactly when {@link #compare} says equal. */
  private static Object key(Object v) {
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return d == 0.0 ? 0.0 : d;
    }
    if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (v instanceof CharSequence || v instanceof Boolean) {
      return v instanceof CharSequence ? v.toString() : v;
    }
    ByteBuffer b = bytes(v);
    return b.duplicate();
  }
}
