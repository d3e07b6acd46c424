package io.floe.impl.read;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.BoundReference;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.expressions.Not;
import org.apache.iceberg.expressions.Or;
import org.apache.iceberg.expressions.UnboundPredicate;
import org.apache.iceberg.expressions.UnboundTerm;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The three steps that make every read path apply one filter semantics (see {@link RowFilter}):
 *
 * <ol>
 *   <li>{@link #normalize}: pushes {@code not} down to the predicates with rules that hold under
 *       three-valued logic and IEEE NaN ({@code not(x < 1)} on a float column becomes {@code x >= 1
 *       or isNaN(x)}), so the result has no {@code not} and UNKNOWN can be read as FALSE; a
 *       comparison Iceberg binds to "always true" because its literal is out of the column's range
 *       becomes {@code notNull} (and {@code notNaN}).
 *   <li>{@link #pruning}: a weaker filter for Iceberg's pruning evaluators (manifests, partitions,
 *       column statistics, row-group statistics, dictionaries, Bloom filters): uuid comparisons
 *       become {@code notNull} (Iceberg compares uuids signed, Parquet's min/max are unsigned), and
 *       comparisons with {@code 0.0}/{@code -0.0} cover both zeros (Iceberg orders {@code -0.0}
 *       below {@code 0.0}). Pruning with it never drops a row the semantics keep.
 *   <li>{@link #residual}: what is left to evaluate on a file's rows, given its partition; a
 *       predicate on an identity partition column is decided by {@link RowFilter} on the partition
 *       value, other transforms only through Iceberg's strict projection on non-null values of
 *       types whose order Iceberg and Floe share.
 * </ol>
 */
public final class Filters {
  private Filters() {}

  /**
   * The filter with {@code not} pushed down to its predicates, exact under Floe's semantics.
   *
   * @param filter an unbound filter
   * @param struct the table's row type
   * @param caseSensitive how column names bind
   * @return an equivalent unbound filter without {@code not}
   */
  public static Expression normalize(
      Expression filter, Types.StructType struct, boolean caseSensitive) {
    return rewrite(filter, false, struct, caseSensitive);
  }

  private static Expression rewrite(
      Expression e, boolean negate, Types.StructType struct, boolean cs) {
    switch (e.op()) {
      case TRUE:
        return negate ? Expressions.alwaysFalse() : e;
      case FALSE:
        return negate ? Expressions.alwaysTrue() : e;
      case AND:
        {
          Expression l = rewrite(((And) e).left(), negate, struct, cs);
          Expression r = rewrite(((And) e).right(), negate, struct, cs);
          return negate ? Expressions.or(l, r) : Expressions.and(l, r);
        }
      case OR:
        {
          Expression l = rewrite(((Or) e).left(), negate, struct, cs);
          Expression r = rewrite(((Or) e).right(), negate, struct, cs);
          return negate ? Expressions.and(l, r) : Expressions.or(l, r);
        }
      case NOT:
        return rewrite(((Not) e).child(), !negate, struct, cs);
      default:
        if (!(e instanceof UnboundPredicate)) {
          // bound filters are evaluated as they are (RowFilter follows Kleene logic for not)
          return negate ? Expressions.not(e) : e;
        }
        return predicate((UnboundPredicate<?>) e, negate, struct, cs);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Expression predicate(
      UnboundPredicate<?> pred, boolean negate, Types.StructType struct, boolean cs) {
    Expression target = negate ? pred.negate() : pred;
    Expression rescaled = rescaleDecimals((UnboundPredicate<?>) target, struct, cs);
    if (!(rescaled instanceof UnboundPredicate)) {
      return rescaled;
    }
    target = rescaled;
    Expression bound = ((UnboundPredicate<?>) target).bind(struct, cs);
    UnboundTerm term = pred.term();
    // the field only when binding folded the predicate to a constant (rare: looked up by name)
    Types.NestedField field = bound instanceof BoundPredicate ? null : field(term, struct, cs);
    Type type =
        bound instanceof BoundPredicate
            ? ((BoundPredicate<?>) bound).term().type()
            : field != null ? field.type() : null;
    boolean floating =
        type != null && (type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE);
    Expression.Operation op = target.op();
    Expression result = target;
    if (nullTest(op)
        && (bound.op() == Expression.Operation.TRUE || bound.op() == Expression.Operation.FALSE)) {
      // exact: notNull/isNull of a required column, isNaN/notNaN of a type without NaN
      result = bound;
    } else if (bound.op() == Expression.Operation.TRUE) {
      // Iceberg drops a comparison whose literal is beyond the column's range; it is still
      // UNKNOWN for null (and false for NaN, unless it is notEq/notIn)
      boolean nanMatters =
          floating && op != Expression.Operation.NOT_EQ && op != Expression.Operation.NOT_IN;
      result =
          field != null && field.isRequired()
              ? Expressions.alwaysTrue()
              : Expressions.notNull(term);
      if (nanMatters) {
        result = Expressions.and(result, Expressions.notNaN(term));
      }
    } else if (bound.op() == Expression.Operation.FALSE) {
      result = Expressions.alwaysFalse();
    }
    if (negate && floating && isRange(op)) {
      // not(x < 1) is true for NaN, x >= 1 is not
      result = Expressions.or(result, Expressions.isNaN(term));
    }
    return result;
  }

  /** The field a term names, or null for a transform or an unknown name. */
  private static Types.NestedField field(UnboundTerm<?> term, Types.StructType struct, boolean cs) {
    if (!(term instanceof org.apache.iceberg.expressions.NamedReference)) {
      return null;
    }
    String name = ((org.apache.iceberg.expressions.NamedReference<?>) term).name();
    org.apache.iceberg.Schema schema = new org.apache.iceberg.Schema(struct.fields());
    return cs ? schema.findField(name) : schema.caseInsensitiveFindField(name);
  }

  private static Type typeOf(UnboundPredicate<?> pred, Types.StructType struct, boolean cs) {
    try {
      Expression bound = pred.bind(struct, cs);
      if (bound instanceof BoundPredicate) {
        return ((BoundPredicate<?>) bound).term().type();
      }
      Types.NestedField field = field(pred.term(), struct, cs);
      return field == null ? null : field.type();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Gives decimal literals their column's scale. Iceberg binds {@code 1.5} to a {@code decimal(9,
   * 2)} column as it is, but bucket and truncate transforms and Bloom filters read the unscaled
   * value (15, not 150), so pruning would drop the files holding {@code 1.50}. A value with more
   * digits than the scale becomes the equivalent comparison at the scale ({@code x < 1.555} is
   * {@code x < 1.56}, {@code x = 1.555} is never true, {@code x != 1.555} is {@code notNull}).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Expression rescaleDecimals(
      UnboundPredicate<?> pred, Types.StructType struct, boolean cs) {
    if (pred.literals() == null
        || pred.literals().stream().noneMatch(l -> l.value() instanceof java.math.BigDecimal)) {
      return pred;
    }
    Types.NestedField field = field(pred.term(), struct, cs);
    if (field == null || !(field.type() instanceof Types.DecimalType decimal)) {
      return pred;
    }
    String name = ((org.apache.iceberg.expressions.NamedReference<?>) pred.term()).name();
    int scale = decimal.scale();
    Expression.Operation op = pred.op();
    if (op == Expression.Operation.IN || op == Expression.Operation.NOT_IN) {
      List<Object> exact = new ArrayList<>();
      for (Literal<?> literal : pred.literals()) {
        Object value = literal.value();
        if (!(value instanceof java.math.BigDecimal d)) {
          exact.add(value);
        } else if (atScale(d, scale) != null) {
          exact.add(atScale(d, scale));
        }
      }
      if (exact.isEmpty()) {
        return op == Expression.Operation.IN
            ? Expressions.alwaysFalse()
            : Expressions.notNull(name);
      }
      return Expressions.predicate(op, name, (Iterable) exact);
    }
    if (!(pred.literal().value() instanceof java.math.BigDecimal value)) {
      return pred;
    }
    java.math.BigDecimal exact = atScale(value, scale);
    if (exact != null) {
      return exact.equals(value) ? pred : Expressions.predicate(op, name, (Object) exact);
    }
    switch (op) {
      case LT:
      case GT_EQ:
        return Expressions.predicate(
            op, name, (Object) value.setScale(scale, java.math.RoundingMode.CEILING));
      case LT_EQ:
      case GT:
        return Expressions.predicate(
            op, name, (Object) value.setScale(scale, java.math.RoundingMode.FLOOR));
      case EQ:
        return Expressions.alwaysFalse();
      case NOT_EQ:
        return Expressions.notNull(name);
      default:
        return pred;
    }
  }

  /** The value at a scale, or null when that would change it. */
  private static java.math.BigDecimal atScale(java.math.BigDecimal value, int scale) {
    try {
      return value.setScale(scale, java.math.RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static boolean nullTest(Expression.Operation op) {
    return op == Expression.Operation.IS_NULL
        || op == Expression.Operation.NOT_NULL
        || op == Expression.Operation.IS_NAN
        || op == Expression.Operation.NOT_NAN;
  }

  private static boolean isRange(Expression.Operation op) {
    return op == Expression.Operation.LT
        || op == Expression.Operation.LT_EQ
        || op == Expression.Operation.GT
        || op == Expression.Operation.GT_EQ;
  }

  /**
   * {@link #normalize} then {@link #pruning} for statistics: what to hand Iceberg's planning and
   * row-group filters in place of a user's filter.
   *
   * @param filter an unbound filter
   * @param struct the row type the filter binds to
   * @param caseSensitive how column names bind
   * @return the pruning filter, unbound
   */
  public static Expression pruningOf(
      Expression filter, Types.StructType struct, boolean caseSensitive) {
    if (filter == null || filter.op() == Expression.Operation.TRUE) {
      return Expressions.alwaysTrue();
    }
    return pruning(normalize(filter, struct, caseSensitive), struct, caseSensitive, false);
  }

  /**
   * A filter for Iceberg's pruning evaluators that keeps at least every row the normalized filter
   * keeps.
   *
   * @param normalized a filter from {@link #normalize}
   * @param struct the row type the filter binds to
   * @param caseSensitive how column names bind
   * @param uuidEquality keep uuid {@code eq}/{@code in} (for dictionaries and Bloom filters, which
   *     test equality only); false for statistics
   * @return the pruning filter, unbound
   */
  public static Expression pruning(
      Expression normalized, Types.StructType struct, boolean caseSensitive, boolean uuidEquality) {
    switch (normalized.op()) {
      case TRUE:
      case FALSE:
        return normalized;
      case AND:
        return Expressions.and(
            pruning(((And) normalized).left(), struct, caseSensitive, uuidEquality),
            pruning(((And) normalized).right(), struct, caseSensitive, uuidEquality));
      case OR:
        return Expressions.or(
            pruning(((Or) normalized).left(), struct, caseSensitive, uuidEquality),
            pruning(((Or) normalized).right(), struct, caseSensitive, uuidEquality));
      case NOT:
        // not normalized: nothing safe to prune by
        return Expressions.alwaysTrue();
      default:
        if (!(normalized instanceof UnboundPredicate)) {
          return Expressions.alwaysTrue();
        }
        return prunable((UnboundPredicate<?>) normalized, struct, caseSensitive, uuidEquality);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Expression prunable(
      UnboundPredicate<?> pred, Types.StructType struct, boolean cs, boolean uuidEquality) {
    Expression.Operation op = pred.op();
    if (pred.term() instanceof org.apache.iceberg.expressions.UnboundExtract) {
      // Iceberg's evaluators read variant paths from bounds Floe does not vouch for; sdk-parquet
      // prunes row groups by the shredded columns' statistics itself
      return Expressions.alwaysTrue();
    }
    if (nullTest(op)) {
      return pred;
    }
    Type type = typeOf(pred, struct, cs);
    UnboundTerm term = pred.term();
    if (type == null || !(term instanceof org.apache.iceberg.expressions.NamedReference)) {
      return pred;
    }
    switch (type.typeId()) {
      case UUID:
        if (uuidEquality && (op == Expression.Operation.EQ || op == Expression.Operation.IN)) {
          return pred;
        }
        return Expressions.notNull(term);
      case FLOAT:
      case DOUBLE:
        return zeros(pred, op, term);
      case STRING:
        return op == Expression.Operation.IN || op == Expression.Operation.NOT_IN
            ? strings(pred, op, term)
            : pred;
      default:
        return pred;
    }
  }

  /**
   * The most literals of a string {@code in}/{@code notIn} that pruning spells out as equalities.
   */
  private static final int MAX_SPELLED_OUT = 32;

  /**
   * A string {@code in}/{@code notIn} as equalities: Iceberg's evaluators fail on {@code in} over a
   * null string partition value ({@code CharSequenceSet.contains(null)}), but not on {@code eq}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Expression strings(
      UnboundPredicate<?> pred, Expression.Operation op, UnboundTerm term) {
    List<? extends Literal<?>> literals = pred.literals();
    if (literals.size() > MAX_SPELLED_OUT) {
      return Expressions.notNull(term);
    }
    Expression result = null;
    for (Literal<?> lit : literals) {
      Expression one =
          op == Expression.Operation.IN
              ? Expressions.equal(term, lit.value())
              : Expressions.notEqual(term, lit.value());
      result =
          result == null
              ? one
              : op == Expression.Operation.IN
                  ? Expressions.or(result, one)
                  : Expressions.and(result, one);
    }
    return result == null ? pred : result;
  }

  /** Comparisons with a zero widened to cover both zeros, which Iceberg's evaluators tell apart. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Expression zeros(
      UnboundPredicate<?> pred, Expression.Operation op, UnboundTerm term) {
    List<Object> values = new ArrayList<>();
    boolean zero = false;
    for (Literal<?> lit : pred.literals()) {
      Object v = lit.value();
      if (v instanceof Number && ((Number) v).doubleValue() == 0.0) {
        zero = true;
      }
      values.add(v);
    }
    if (!zero) {
      return pred;
    }
    Object sample = values.get(0);
    Object negZero = sample instanceof Float ? -0.0f : -0.0;
    Object posZero = sample instanceof Float ? 0.0f : 0.0;
    switch (op) {
      case LT:
        return Expressions.lessThan(term, posZero);
      case LT_EQ:
        return Expressions.lessThanOrEqual(term, posZero);
      case GT:
        return Expressions.greaterThan(term, negZero);
      case GT_EQ:
        return Expressions.greaterThanOrEqual(term, negZero);
      case EQ:
      case IN:
        {
          List<Object> widened = new ArrayList<>(values);
          widened.add(negZero);
          widened.add(posZero);
          return Expressions.in(term, widened.toArray());
        }
      default:
        // notEq/notIn: Iceberg prunes only where every value equals a literal, and a value Iceberg
        // tells from a zero literal is kept: conservative as it is
        return pred;
    }
  }

  /**
   * Widens a pruning filter for tables partitioned by {@code truncate} on an int or long column:
   * Iceberg's truncation overflows for values within one width of the type's minimum ({@code
   * truncate(10)} of {@code Long.MIN_VALUE} is {@code Long.MAX_VALUE - 1}), so its inclusive
   * projection would prune the partitions that hold them. The widened filter also keeps every file
   * holding a value within one width of either end of the type; rows are still decided by the exact
   * filter.
   *
   * @param pruning a pruning filter
   * @param table the table, for its partition specs and schema
   * @return the filter, widened where a spec needs it
   */
  public static Expression withTruncateOverflow(
      Expression pruning, org.apache.iceberg.Table table) {
    if (pruning.op() == Expression.Operation.TRUE) {
      return pruning;
    }
    Expression widened = pruning;
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.Map<String, Long> lowBounds = new java.util.HashMap<>();
    for (PartitionSpec spec : table.specs().values()) {
      for (PartitionField field : spec.fields()) {
        int width = truncateWidth(field);
        Types.NestedField source = table.schema().findField(field.sourceId());
        if (width <= 0 || source == null || !seen.add(field.sourceId() + "/" + width)) {
          continue;
        }
        String column = table.schema().findColumnName(field.sourceId());
        long min =
            source.type().typeId() == Type.TypeID.INTEGER ? Integer.MIN_VALUE : Long.MIN_VALUE;
        lowBounds.merge(column.toLowerCase(java.util.Locale.ROOT), min + width, Math::max);
        if (source.type().typeId() == Type.TypeID.INTEGER) {
          widened =
              Expressions.or(
                  widened,
                  Expressions.or(
                      Expressions.lessThan(column, Integer.MIN_VALUE + width),
                      Expressions.greaterThan(column, Integer.MAX_VALUE - width)));
        } else if (source.type().typeId() == Type.TypeID.LONG) {
          widened =
              Expressions.or(
                  widened,
                  Expressions.or(
                      Expressions.lessThan(column, Long.MIN_VALUE + width),
                      Expressions.greaterThan(column, Long.MAX_VALUE - width)));
        }
      }
    }
    if (lowBounds.isEmpty()) {
      return widened;
    }
    return withoutOverflowingLowerBounds(Expressions.rewriteNot(widened), lowBounds);
  }

  /**
   * Drops (to {@code true}) the lower bounds that Iceberg's inclusive projection would truncate
   * with an overflow: {@code c > v} and {@code c >= v} with {@code v} within one width of the
   * type's minimum project to "partition value at least {@code truncate(v)}", and that truncation
   * wraps to near the type's maximum, pruning every partition of ordinary values. Such a bound
   * excludes (almost) nothing, so pruning without it loses nothing; the exact filter still decides
   * rows. Found by the differential suite (ReadPathsDifferentialProperties, seed
   * -3935256689102796414: {@code c > Long.MIN_VALUE} on {@code truncate(10)} hid {@code c = 0}).
   *
   * @param expr a filter without {@code not} ({@link Expressions#rewriteNot})
   * @param lowBounds lower-case column name to the bound below which truncation may overflow
   */
  private static Expression withoutOverflowingLowerBounds(
      Expression expr, java.util.Map<String, Long> lowBounds) {
    switch (expr.op()) {
      case AND:
        return Expressions.and(
            withoutOverflowingLowerBounds(((And) expr).left(), lowBounds),
            withoutOverflowingLowerBounds(((And) expr).right(), lowBounds));
      case OR:
        return Expressions.or(
            withoutOverflowingLowerBounds(((Or) expr).left(), lowBounds),
            withoutOverflowingLowerBounds(((Or) expr).right(), lowBounds));
      case GT:
      case GT_EQ:
        if (expr instanceof UnboundPredicate<?> pred
            && pred.term() instanceof org.apache.iceberg.expressions.NamedReference<?> ref
            && pred.literal() != null
            && pred.literal().value() instanceof Number value) {
          Long bound = lowBounds.get(ref.name().toLowerCase(java.util.Locale.ROOT));
          if (bound != null && value.longValue() < bound) {
            return Expressions.alwaysTrue();
          }
        }
        return expr;
      default:
        return expr;
    }
  }

  /** The width of a {@code truncate[W]} partition field, or 0 for another transform. */
  private static int truncateWidth(PartitionField field) {
    String transform = field.transform().toString();
    if (!transform.startsWith("truncate[") || !transform.endsWith("]")) {
      return 0;
    }
    try {
      return Integer.parseInt(transform.substring("truncate[".length(), transform.length() - 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Whether a partition value may be a truncation that overflowed: an int or long truncation within
   * one width of the type's maximum (see {@link #withTruncateOverflow}).
   */
  private static boolean mayHaveOverflowed(PartitionField field, Object value) {
    int width = truncateWidth(field);
    if (width <= 0) {
      return false;
    }
    if (value instanceof Integer i) {
      return i > Integer.MAX_VALUE - width;
    }
    if (value instanceof Long l) {
      return l > Long.MAX_VALUE - width;
    }
    return false;
  }

  /**
   * The part of a normalized filter a file's rows must still pass, given its partition.
   *
   * @param normalized a filter from {@link #normalize}
   * @param spec the file's partition spec
   * @param partition the file's partition values
   * @param caseSensitive how column names bind
   * @return the residual, unbound ({@code alwaysTrue()} when every row passes)
   */
  public static Expression residual(
      Expression normalized, PartitionSpec spec, StructLike partition, boolean caseSensitive) {
    if (spec.isUnpartitioned() || normalized.op() == Expression.Operation.TRUE) {
      return normalized;
    }
    return residualOf(normalized, spec, partition, caseSensitive);
  }

  private static Expression residualOf(
      Expression e, PartitionSpec spec, StructLike partition, boolean cs) {
    switch (e.op()) {
      case AND:
        return Expressions.and(
            residualOf(((And) e).left(), spec, partition, cs),
            residualOf(((And) e).right(), spec, partition, cs));
      case OR:
        return Expressions.or(
            residualOf(((Or) e).left(), spec, partition, cs),
            residualOf(((Or) e).right(), spec, partition, cs));
      default:
        if (!(e instanceof UnboundPredicate)) {
          return e;
        }
        return residualPredicate((UnboundPredicate<?>) e, spec, partition, cs);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Expression residualPredicate(
      UnboundPredicate<?> pred, PartitionSpec spec, StructLike partition, boolean cs) {
    Expression bound = pred.bind(spec.schema().asStruct(), cs);
    if (!(bound instanceof BoundPredicate)
        || !(((BoundPredicate<?>) bound).term() instanceof BoundReference)) {
      return bound.op() == Expression.Operation.TRUE || bound.op() == Expression.Operation.FALSE
          ? bound
          : pred;
    }
    BoundPredicate<?> bp = (BoundPredicate<?>) bound;
    int sourceId = ((BoundReference<?>) bp.term()).fieldId();
    List<PartitionField> fields = spec.fields();
    for (int pos = 0; pos < fields.size(); pos++) {
      PartitionField field = fields.get(pos);
      if (field.sourceId() == sourceId && field.transform().isIdentity()) {
        // every row of the file holds the partition value
        Object value = partition.get(pos, Object.class);
        return RowFilter.evalValue(bp, value) == RowFilter.TRUE
            ? Expressions.alwaysTrue()
            : Expressions.alwaysFalse();
      }
    }
    if (!sharedOrder(bp.term().type())) {
      return pred;
    }
    for (int pos = 0; pos < fields.size(); pos++) {
      PartitionField field = fields.get(pos);
      if (field.sourceId() != sourceId) {
        continue;
      }
      UnboundPredicate<?> strict = ((Transform) field.transform()).projectStrict(field.name(), bp);
      Object value = partition.get(pos, Object.class);
      if (strict == null || value == null || mayHaveOverflowed(field, value)) {
        continue;
      }
      Expression projected = strict.bind(spec.partitionType(), true);
      if (projected.op() == Expression.Operation.TRUE
          || (projected instanceof BoundPredicate
              && RowFilter.evalValue((BoundPredicate<?>) projected, value) == RowFilter.TRUE)) {
        // strict projection: every non-null value of this partition matches
        return Expressions.alwaysTrue();
      }
    }
    return pred;
  }

  /**
   * Types whose non-null values Iceberg and Floe order alike (so strict projections carry over).
   */
  private static boolean sharedOrder(Type type) {
    switch (type.typeId()) {
      case INTEGER:
      case LONG:
      case DATE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
      case DECIMAL:
        return true;
      default:
        return false;
    }
  }
}
