package io.floe.parquet.internal;

import io.floe.impl.spi.ScanPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.BoundLiteralPredicate;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.BoundReference;
import org.apache.iceberg.expressions.BoundSetPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Or;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Applies a residual filter to a decoded batch with Floe's filter semantics (documented on {@link
 * io.floe.Scan}; the same as the row path's, {@link ScanPlan#rowFilter}): SQL three-valued logic,
 * where a comparison with a null is UNKNOWN and only TRUE keeps a row, IEEE NaN and {@code -0.0 ==
 * 0.0}, strings by code point, bytes and uuids unsigned.
 *
 * <p>Residuals come from Floe's planner already normalized ({@link ScanPlan#normalize}: no {@code
 * not}), so UNKNOWN and FALSE both clear a row. Comparisons, IN, null/NaN checks and string
 * prefixes on top-level int, long, float, double, boolean, date, time, timestamp and string columns
 * run column-at-a-time over the Arrow buffers; anything else (a {@code not}, uuid, decimal, binary,
 * nested fields) falls back to the row filter over a row view.
 */
final class VectorizedFilter {
  private final Node root;
  private final Predicate<StructLike> fallback;
  private final Schema schema;
  private final BitSet columns = new BitSet();

  private VectorizedFilter(Node root, Predicate<StructLike> fallback, Schema schema) {
    this.root = root;
    this.fallback = fallback;
    this.schema = schema;
  }

  /** Returns null when the residual keeps every row. */
  static VectorizedFilter compile(ScanPlan plan, Expression residual, Schema schema) {
    boolean caseSensitive = plan.caseSensitive();
    if (residual == null || residual.op() == Expression.Operation.TRUE) {
      return null;
    }
    Expression bound = Binder.bind(schema.asStruct(), residual, caseSensitive);
    Node node = compileNode(bound, schema);
    VectorizedFilter filter =
        new VectorizedFilter(node, node == null ? plan.rowFilter(schema, residual) : null, schema);
    Set<Integer> ids = Binder.boundReferences(schema.asStruct(), List.of(residual), caseSensitive);
    List<Types.NestedField> cols = schema.columns();
    for (int i = 0; i < cols.size(); i++) {
      Types.NestedField col = cols.get(i);
      if (ids.contains(col.fieldId())) {
        filter.columns.set(i);
      } else if (col.type().isNestedType()) {
        for (int id : TypeUtil.getProjectedIds(col.type())) {
          if (ids.contains(id)) {
            filter.columns.set(i);
          }
        }
      }
    }
    return filter;
  }

  /** The top-level columns (indexes in the schema) the filter reads. */
  BitSet columns() {
    return columns;
  }

  boolean vectorized() {
    return root != null;
  }

  /** Clears {@code keep[i]} for rows that do not match. */
  void apply(VectorSchemaRoot batch, int n, boolean[] keep) {
    if (root != null) {
      boolean[] result = root.eval(batch, n);
      for (int i = 0; i < n; i++) {
        keep[i] &= result[i];
      }
    } else {
      ArrowValues.RootRow row = new ArrowValues.RootRow(batch.getFieldVectors(), schema.asStruct());
      for (int i = 0; i < n; i++) {
        if (keep[i] && !fallback.test(row.at(i))) {
          keep[i] = false;
        }
      }
    }
  }

  private static final sun.misc.Unsafe UNSAFE = Unsafes.UNSAFE;

  private interface Node {
    boolean[] eval(VectorSchemaRoot batch, int n);
  }

  private static Node compileNode(Expression e, Schema schema) {
    switch (e.op()) {
      case TRUE:
        return (b, n) -> fill(n, true);
      case FALSE:
        return (b, n) -> fill(n, false);
      case AND:
        {
          Node l = compileNode(((And) e).left(), schema);
          Node r = compileNode(((And) e).right(), schema);
          if (l == null || r == null) {
            return null;
          }
          return (b, n) -> {
            boolean[] x = l.eval(b, n);
            boolean[] y = r.eval(b, n);
            for (int i = 0; i < n; i++) {
              x[i] &= y[i];
            }
            return x;
          };
        }
      case OR:
        {
          Node l = compileNode(((Or) e).left(), schema);
          Node r = compileNode(((Or) e).right(), schema);
          if (l == null || r == null) {
            return null;
          }
          return (b, n) -> {
            boolean[] x = l.eval(b, n);
            boolean[] y = r.eval(b, n);
            for (int i = 0; i < n; i++) {
              x[i] |= y[i];
            }
            return x;
          };
        }
      case NOT:
        // boolean vectors cannot tell UNKNOWN from FALSE under not: three-valued row fallback
        return null;
      default:
        if (e instanceof BoundPredicate) {
          return predicate((BoundPredicate<?>) e, schema);
        }
        return null;
    }
  }

  private static boolean[] fill(int n, boolean value) {
    boolean[] r = new boolean[n];
    if (value) {
      Arrays.fill(r, true);
    }
    return r;
  }

  /**
   * Whether a row with a null value is kept: {@code isNull} and {@code notNaN} are TRUE for null,
   * every other predicate is FALSE or UNKNOWN, which both drop the row (no {@code not} above).
   */
  private static boolean nullResult(Expression.Operation op) {
    return op == Expression.Operation.IS_NULL || op == Expression.Operation.NOT_NAN;
  }

  /** What {@link Cmp#compare} returns for a NaN value: unordered, unequal to everything. */
  private static final int UNORDERED = Integer.MIN_VALUE;

  private static Node predicate(BoundPredicate<?> pred, Schema schema) {
    if (!(pred.term() instanceof BoundReference)) {
      return null;
    }
    int fieldId = ((BoundReference<?>) pred.term()).fieldId();
    int column = -1;
    List<Types.NestedField> cols = schema.columns();
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).fieldId() == fieldId) {
        column = i;
      }
    }
    if (column < 0) {
      return null;
    }
    Type type = cols.get(column).type();
    Expression.Operation op = pred.op();
    boolean onNull = nullResult(op);
    int col = column;
    if (op == Expression.Operation.IS_NULL || op == Expression.Operation.NOT_NULL) {
      boolean isNull = op == Expression.Operation.IS_NULL;
      return (b, n) -> {
        FieldVector v = b.getVector(col);
        boolean[] r = new boolean[n];
        for (int i = 0; i < n; i++) {
          r[i] = v.isNull(i) == isNull;
        }
        return r;
      };
    }
    Cmp cmp = comparer(type);
    if (cmp == null) {
      return null;
    }
    if (op == Expression.Operation.IS_NAN || op == Expression.Operation.NOT_NAN) {
      if (type.typeId() != Type.TypeID.DOUBLE && type.typeId() != Type.TypeID.FLOAT) {
        return null;
      }
      boolean want = op == Expression.Operation.IS_NAN;
      boolean dbl = type.typeId() == Type.TypeID.DOUBLE;
      return (b, n) -> {
        BaseFixedWidthVector v = (BaseFixedWidthVector) b.getVector(col);
        ArrowBuf data = v.getDataBuffer();
        boolean[] r = new boolean[n];
        for (int i = 0; i < n; i++) {
          if (v.isNull(i)) {
            r[i] = onNull;
          } else {
            boolean nan =
                dbl ? Double.isNaN(data.getDouble(8L * i)) : Float.isNaN(data.getFloat(4L * i));
            r[i] = nan == want;
          }
        }
        return r;
      };
    }
    List<Object> literals = new ArrayList<>();
    if (pred instanceof BoundLiteralPredicate) {
      literals.add(((BoundLiteralPredicate<?>) pred).literal().value());
    } else if (pred instanceof BoundSetPredicate) {
      literals.addAll(((BoundSetPredicate<?>) pred).literalSet());
    } else {
      return null;
    }
    Object[] lits = new Object[literals.size()];
    for (int i = 0; i < lits.length; i++) {
      lits[i] = cmp.prepare(literals.get(i));
    }
    Node direct = integerComparison(type, op, lits, col, onNull);
    if (direct != null) {
      return direct;
    }
    Test test;
    switch (op) {
      case LT:
        test =
            (v, i) -> {
              int c = cmp.compare(v, i, lits[0]);
              return c < 0 && c != UNORDERED;
            };
        break;
      case LT_EQ:
        test =
            (v, i) -> {
              int c = cmp.compare(v, i, lits[0]);
              return c <= 0 && c != UNORDERED;
            };
        break;
      case GT:
        test = (v, i) -> cmp.compare(v, i, lits[0]) > 0;
        break;
      case GT_EQ:
        test = (v, i) -> cmp.compare(v, i, lits[0]) >= 0;
        break;
      case EQ:
        test = (v, i) -> cmp.compare(v, i, lits[0]) == 0;
        break;
      case NOT_EQ:
        test = (v, i) -> cmp.compare(v, i, lits[0]) != 0;
        break;
      case IN:
      case NOT_IN:
        {
          boolean in = op == Expression.Operation.IN;
          test =
              (v, i) -> {
                for (Object lit : lits) {
                  if (cmp.compare(v, i, lit) == 0) {
                    return in;
                  }
                }
                return !in;
              };
          break;
        }
      case STARTS_WITH:
      case NOT_STARTS_WITH:
        {
          if (type.typeId() != Type.TypeID.STRING) {
            return null;
          }
          boolean starts = op == Expression.Operation.STARTS_WITH;
          byte[] prefix = (byte[]) lits[0];
          test = (v, i) -> startsWith((BaseVariableWidthVector) v, i, prefix) == starts;
          break;
        }
      default:
        return null;
    }
    return (b, n) -> {
      FieldVector v = b.getVector(col);
      boolean[] r = new boolean[n];
      for (int i = 0; i < n; i++) {
        r[i] = v.isNull(i) ? onNull : test.test(v, i);
      }
      return r;
    };
  }

  /**
   * A comparison of an int or long column with one literal as a tight loop over the data buffer
   * (the point lookup's {@code id == X}), or null for other types and operations.
   */
  private static Node integerComparison(
      Type type, Expression.Operation op, Object[] lits, int col, boolean onNull) {
    boolean isLong = type.typeId() == Type.TypeID.LONG;
    if ((!isLong && type.typeId() != Type.TypeID.INTEGER)
        || lits.length != 1
        || !(lits[0] instanceof Number)) {
      return null;
    }
    switch (op) {
      case LT:
      case LT_EQ:
      case GT:
      case GT_EQ:
      case EQ:
      case NOT_EQ:
        break;
      default:
        return null;
    }
    long lit = ((Number) lits[0]).longValue();
    int width = isLong ? 8 : 4;
    return (b, n) -> {
      BaseFixedWidthVector v = (BaseFixedWidthVector) b.getVector(col);
      long address = v.getDataBuffer().memoryAddress();
      if (v.getDataBuffer().capacity() < (long) width * n) {
        throw new IllegalStateException("Column vector holds fewer than " + n + " values");
      }
      boolean[] r = new boolean[n];
      if (op == Expression.Operation.EQ) {
        for (int i = 0; i < n; i++) {
          r[i] =
              (isLong ? UNSAFE.getLong(address + 8L * i) : UNSAFE.getInt(address + 4L * i)) == lit;
        }
      } else {
        for (int i = 0; i < n; i++) {
          long x = isLong ? UNSAFE.getLong(address + 8L * i) : UNSAFE.getInt(address + 4L * i);
          int c = Long.compare(x, lit);
          switch (op) {
            case LT:
              r[i] = c < 0;
              break;
            case LT_EQ:
              r[i] = c <= 0;
              break;
            case GT:
              r[i] = c > 0;
              break;
            case GT_EQ:
              r[i] = c >= 0;
              break;
            default:
              r[i] = c != 0;
          }
        }
      }
      if (org.apache.arrow.vector.BitVectorHelper.getNullCount(v.getValidityBuffer(), n) > 0) {
        for (int i = 0; i < n; i++) {
          if (v.isNull(i)) {
            r[i] = onNull;
          }
        }
      }
      return r;
    };
  }

  private static boolean startsWith(BaseVariableWidthVector v, int i, byte[] prefix) {
    ArrowBuf offsets = v.getOffsetBuffer();
    int start = offsets.getInt(4L * i);
    int len = offsets.getInt(4L * (i + 1)) - start;
    if (len < prefix.length) {
      return false;
    }
    ArrowBuf data = v.getDataBuffer();
    for (int k = 0; k < prefix.length; k++) {
      if (data.getByte(start + k) != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  private interface Test {
    boolean test(FieldVector v, int i);
  }

  private interface Cmp {
    Object prepare(Object literal);

    int compare(FieldVector v, int i, Object literal);
  }

  private static Cmp comparer(Type type) {
    switch (type.typeId()) {
      case INTEGER:
      case DATE:
        return new Cmp() {
          @Override
          public Object prepare(Object literal) {
            return ((Number) literal).intValue();
          }

          @Override
          public int compare(FieldVector v, int i, Object literal) {
            return Integer.compare(
                ((BaseFixedWidthVector) v).getDataBuffer().getInt(4L * i), (Integer) literal);
          }
        };
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return new Cmp() {
          @Override
          public Object prepare(Object literal) {
            return ((Number) literal).longValue();
          }

          @Override
          public int compare(FieldVector v, int i, Object literal) {
            return Long.compare(
                ((BaseFixedWidthVector) v).getDataBuffer().getLong(8L * i), (Long) literal);
          }
        };
      case FLOAT:
        return new Cmp() {
          @Override
          public Object prepare(Object literal) {
            return ((Number) literal).floatValue();
          }

          @Override
          public int compare(FieldVector v, int i, Object literal) {
            // IEEE: NaN is unordered, -0.0 == 0.0
            float x = ((BaseFixedWidthVector) v).getDataBuffer().getFloat(4L * i);
            float y = (Float) literal;
            return x < y ? -1 : x > y ? 1 : x == y ? 0 : UNORDERED;
          }
        };
      case DOUBLE:
        return new Cmp() {
          @Override
          public Object prepare(Object literal) {
            return ((Number) literal).doubleValue();
          }

          @Override
          public int compare(FieldVector v, int i, Object literal) {
            // IEEE: NaN is unordered, -0.0 == 0.0
            double x = ((BaseFixedWidthVector) v).getDataBuffer().getDouble(8L * i);
            double y = (Double) literal;
            return x < y ? -1 : x > y ? 1 : x == y ? 0 : UNORDERED;
          }
        };
      case BOOLEAN:
        return new Cmp() {
          @Override
          public Object prepare(Object literal) {
            return literal;
          }

          @Override
          public int compare(FieldVector v, int i, Object literal) {
            return Boolean.compare(((BitVector) v).get(i) == 1, (Boolean) literal);
          }
        };
      case STRING:
        return new Cmp() {
          @Override
          public Object prepare(Object literal) {
            return literal.toString().getBytes(StandardCharsets.UTF_8);
          }

          @Override
          public int compare(FieldVector v, int i, Object literal) {
            byte[] lit = (byte[]) literal;
            BaseVariableWidthVector vv = (BaseVariableWidthVector) v;
            ArrowBuf offsets = vv.getOffsetBuffer();
            int start = offsets.getInt(4L * i);
            int len = offsets.getInt(4L * (i + 1)) - start;
            ArrowBuf data = vv.getDataBuffer();
            int m = Math.min(len, lit.length);
            for (int k = 0; k < m; k++) {
              int c = Integer.compare(data.getByte(start + k) & 0xFF, lit[k] & 0xFF);
              if (c != 0) {
                return c;
              }
            }
            return Integer.compare(len, lit.length);
          }
        };
      default:
        return null;
    }
  }
}
