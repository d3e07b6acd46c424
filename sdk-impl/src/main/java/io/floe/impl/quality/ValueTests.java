package io.floe.impl.quality;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.BoundLiteralPredicate;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.BoundSetPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.expressions.Not;
import org.apache.iceberg.expressions.Or;

/**
 * A column rule's bound expression (over one column) compiled into a test of the column's non-null
 * value, without Iceberg's per-row {@code Evaluator} visit: the same predicates' own {@code test}
 * methods (so the same comparison semantics), and for string {@code in} sets a hash set of strings.
 * Written for the write path's cost (issue 21's ≤ 10% budget, see ConstraintWriteBenchmark).
 */
final class ValueTests {
  private ValueTests() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Predicate<Object> compile(Expression e) {
    switch (e.op()) {
      case TRUE:
        return v -> true;
      case FALSE:
        return v -> false;
      case AND:
        {
          Predicate<Object> l = compile(((And) e).left());
          Predicate<Object> r = compile(((And) e).right());
          return v -> l.test(v) && r.test(v);
        }
      case OR:
        {
          Predicate<Object> l = compile(((Or) e).left());
          Predicate<Object> r = compile(((Or) e).right());
          return v -> l.test(v) || r.test(v);
        }
      case NOT:
        return compile(((Not) e).child()).negate();
      default:
        break;
    }
    if (e instanceof BoundSetPredicate set) {
      Set<?> literals = set.literalSet();
      boolean strings = !literals.isEmpty() && literals.iterator().next() instanceof CharSequence;
      if (strings && (e.op() == Expression.Operation.IN || e.op() == Expression.Operation.NOT_IN)) {
        Set<String> values = new HashSet<>();
        for (Object l : literals) {
          values.add(l.toString());
        }
        boolean in = e.op() == Expression.Operation.IN;
        return v -> values.contains(v.toString()) == in;
      }
      return v -> ((BoundPredicate) set).test(v);
    }
    if (e instanceof BoundLiteralPredicate lit) {
      Literal<?> literal = lit.literal();
      java.util.Comparator cmp = literal.comparator();
      Object bound = literal.value();
      switch (e.op()) {
        case LT:
          return v -> cmp.compare(v, bound) < 0;
        case LT_EQ:
          return v -> cmp.compare(v, bound) <= 0;
        case GT:
          return v -> cmp.compare(v, bound) > 0;
        case GT_EQ:
          return v -> cmp.compare(v, bound) >= 0;
        default:
          return v -> ((BoundPredicate) lit).test(v);
      }
    }
    if (e instanceof BoundPredicate<?> p) {
      return v -> ((BoundPredicate) p).test(v);
    }
    throw new IllegalArgumentException("Not a bound expression: " + e);
  }
}
