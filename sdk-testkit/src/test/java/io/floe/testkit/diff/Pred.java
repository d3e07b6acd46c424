package io.floe.testkit.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * A generated filter over the suite's columns, with its own three-valued evaluation (the oracle)
 * and its translation to an Iceberg {@link Expression}. The evaluation follows the semantics
 * decided for issue 15, written here from the decision and not from any Iceberg evaluator:
 *
 * <ul>
 *   <li>{@code isNull}, {@code notNull}, {@code isNaN}, {@code notNaN} are never unknown ({@code
 *       isNaN(null)} is false, {@code notNaN(null)} true);
 *   <li>every other predicate is UNKNOWN on null; {@code and}/{@code or}/{@code not} are Kleene's;
 *   <li>NaN is not less, greater, equal or in anything (false), {@code notEq}/{@code notIn} are
 *       true for NaN; -0.0 equals 0.0;
 *   <li>strings order by code point, binary/fixed/uuid unsigned byte-wise, decimals numerically.
 * </ul>
 */
sealed interface Pred {

  /** Three-valued truth. */
  enum Tri {
    TRUE,
    FALSE,
    UNKNOWN;

    static Tri of(boolean b) {
      return b ? TRUE : FALSE;
    }

    Tri not() {
      return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
    }

    Tri and(Tri o) {
      if (this == FALSE || o == FALSE) {
        return FALSE;
      }
      return this == TRUE && o == TRUE ? TRUE : UNKNOWN;
    }

    Tri or(Tri o) {
      if (this == TRUE || o == TRUE) {
        return TRUE;
      }
      return this == FALSE && o == FALSE ? FALSE : UNKNOWN;
    }
  }

  /** Evaluates over a row given as values by column index (0 is {@code id}). */
  Tri eval(List<Col> cols, Object[] row);

  /** The Iceberg expression. */
  Expression expression(List<Col> cols);

  /** Column indexes this filter reads. */
  void columns(List<Integer> out);

  /** Readable form, with column names and canonical literals. */
  String show(List<Col> cols);

  /** A column of the generated table: its name, kind and whether it is optional. */
  record Col(String name, Kind kind, boolean optional) {
    @Override
    public String toString() {
      return name + ":" + kind + (optional ? "" : " required");
    }
  }

  /** The constants. */
  record Const(boolean value) implements Pred {
    @Override
    public Tri eval(List<Col> cols, Object[] row) {
      return Tri.of(value);
    }

    @Override
    public Expression expression(List<Col> cols) {
      return value ? Expressions.alwaysTrue() : Expressions.alwaysFalse();
    }

    @Override
    public void columns(List<Integer> out) {}

    @Override
    public String show(List<Col> cols) {
      return value ? "true" : "false";
    }
  }

  /** Unary operators. */
  enum UnaryOp {
    IS_NULL,
    NOT_NULL,
    IS_NAN,
    NOT_NAN
  }

  /** {@code isNull}, {@code notNull}, {@code isNaN}, {@code notNaN}. */
  record Unary(UnaryOp op, int col) implements Pred {
    @Override
    public Tri eval(List<Col> cols, Object[] row) {
      Object v = row[col];
      switch (op) {
        case IS_NULL:
          return Tri.of(v == null);
        case NOT_NULL:
          return Tri.of(v != null);
        case IS_NAN:
          return Tri.of(v != null && Kind.isNaN(v));
        default:
          return Tri.of(!(v != null && Kind.isNaN(v)));
      }
    }

    @Override
    public Expression expression(List<Col> cols) {
      String name = cols.get(col).name();
      switch (op) {
        case IS_NULL:
          return Expressions.isNull(name);
        case NOT_NULL:
          return Expressions.notNull(name);
        case IS_NAN:
          return Expressions.isNaN(name);
        default:
          return Expressions.notNaN(name);
      }
    }

    @Override
    public void columns(List<Integer> out) {
      out.add(col);
    }

    @Override
    public String show(List<Col> cols) {
      return op.name().toLowerCase() + "(" + cols.get(col).name() + ")";
    }
  }

  /** Binary comparison operators. */
  enum CmpOp {
    LT,
    LT_EQ,
    GT,
    GT_EQ,
    EQ,
    NOT_EQ,
    STARTS_WITH,
    NOT_STARTS_WITH
  }

  /** A comparison of a column with one literal. */
  record Cmp(CmpOp op, int col, Object value) implements Pred {
    @Override
    public Tri eval(List<Col> cols, Object[] row) {
      Object v = row[col];
      if (v == null) {
        return Tri.UNKNOWN;
      }
      Kind kind = cols.get(col).kind();
      if (op == CmpOp.STARTS_WITH || op == CmpOp.NOT_STARTS_WITH) {
        // a prefix in code points; the generated strings hold no lone surrogates
        boolean starts = ((String) v).startsWith((String) value);
        return Tri.of(op == CmpOp.STARTS_WITH ? starts : !starts);
      }
      if (Kind.isNaN(v)) {
        return Tri.of(op == CmpOp.NOT_EQ);
      }
      int c = kind.compare(v, value);
      switch (op) {
        case LT:
          return Tri.of(c < 0);
        case LT_EQ:
          return Tri.of(c <= 0);
        case GT:
          return Tri.of(c > 0);
        case GT_EQ:
          return Tri.of(c >= 0);
        case EQ:
          return Tri.of(c == 0);
        default:
          return Tri.of(c != 0);
      }
    }

    @Override
    public Expression expression(List<Col> cols) {
      String name = cols.get(col).name();
      Object lit = cols.get(col).kind().literal(value);
      switch (op) {
        case LT:
          return Expressions.lessThan(name, lit);
        case LT_EQ:
          return Expressions.lessThanOrEqual(name, lit);
        case GT:
          return Expressions.greaterThan(name, lit);
        case GT_EQ:
          return Expressions.greaterThanOrEqual(name, lit);
        case EQ:
          return Expressions.equal(name, lit);
        case NOT_EQ:
          return Expressions.notEqual(name, lit);
        case STARTS_WITH:
          return Expressions.startsWith(name, (String) lit);
        default:
          return Expressions.notStartsWith(name, (String) lit);
      }
    }

    @Override
    public void columns(List<Integer> out) {
      out.add(col);
    }

    @Override
    public String show(List<Col> cols) {
      return op.name().toLowerCase()
          + "("
          + cols.get(col).name()
          + ", "
          + cols.get(col).kind().canon(value)
          + ")";
    }
  }

  /** {@code in} and {@code notIn}. */
  record In(boolean negated, int col, List<Object> values) implements Pred {
    @Override
    public Tri eval(List<Col> cols, Object[] row) {
      Object v = row[col];
      if (v == null) {
        return Tri.UNKNOWN;
      }
      if (Kind.isNaN(v)) {
        return Tri.of(negated);
      }
      Kind kind = cols.get(col).kind();
      boolean found = values.stream().anyMatch(x -> kind.compare(v, x) == 0);
      return Tri.of(negated != found);
    }

    @Override
    public Expression expression(List<Col> cols) {
      Kind kind = cols.get(col).kind();
      List<Object> literals = new ArrayList<>();
      values.forEach(x -> literals.add(kind.literal(x)));
      String name = cols.get(col).name();
      return negated ? Expressions.notIn(name, literals) : Expressions.in(name, literals);
    }

    @Override
    public void columns(List<Integer> out) {
      out.add(col);
    }

    @Override
    public String show(List<Col> cols) {
      Kind kind = cols.get(col).kind();
      return (negated ? "notIn(" : "in(")
          + cols.get(col).name()
          + ", "
          + values.stream().map(kind::canon).collect(Collectors.joining(", ", "[", "]"))
          + ")";
    }
  }

  /** {@code and} / {@code or}. */
  record Bin(boolean and, Pred left, Pred right) implements Pred {
    @Override
    public Tri eval(List<Col> cols, Object[] row) {
      Tri l = left.eval(cols, row);
      Tri r = right.eval(cols, row);
      return and ? l.and(r) : l.or(r);
    }

    @Override
    public Expression expression(List<Col> cols) {
      return and
          ? Expressions.and(left.expression(cols), right.expression(cols))
          : Expressions.or(left.expression(cols), right.expression(cols));
    }

    @Override
    public void columns(List<Integer> out) {
      left.columns(out);
      right.columns(out);
    }

    @Override
    public String show(List<Col> cols) {
      return (and ? "and(" : "or(") + left.show(cols) + ", " + right.show(cols) + ")";
    }
  }

  /** {@code not}. */
  record Not(Pred child) implements Pred {
    @Override
    public Tri eval(List<Col> cols, Object[] row) {
      return child.eval(cols, row).not();
    }

    @Override
    public Expression expression(List<Col> cols) {
      return Expressions.not(child.expression(cols));
    }

    @Override
    public void columns(List<Integer> out) {
      child.columns(out);
    }

    @Override
    public String show(List<Col> cols) {
      return "not(" + child.show(cols) + ")";
    }
  }
}
