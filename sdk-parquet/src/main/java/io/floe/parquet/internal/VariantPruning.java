package io.floe.parquet.internal;

import io.floe.impl.spi.VariantExtract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.BoundExtract;
import org.apache.iceberg.expressions.BoundLiteralPredicate;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.BoundSetPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Or;
import org.apache.iceberg.types.Type;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Row-group pruning by shredded variant fields: a predicate on {@code extract(column, '$.a.b',
 * type)} whose path leads, through shredded objects, to a typed column of a type the extract reads
 * exactly (integers for {@code int}/{@code long}, strings, dates, timestamps) is decided on that
 * column's min/max/null statistics, provided the field's residual {@code value} column is all null
 * in the row group (a value of another width or type there could still match; objects' residuals
 * never hold shredded fields, per the Parquet spec). A row whose field is missing or in no typed
 * column gives a null extract, for which such predicates are never TRUE. Everything else might
 * match. Iceberg's own row-group filters do not read variant paths; this runs beside them.
 */
final class VariantPruning {
  private interface Node {
    boolean mightMatch(BlockMetaData block);
  }

  private final Node root;

  private VariantPruning(Node root) {
    this.root = root;
  }

  /**
   * The pruning of a bound filter in one file, or null when no predicate can use the file's
   * shredded columns.
   *
   * @param bound the normalized filter, bound to the read schema
   * @param fileSchema the file's schema, with field ids
   * @return the pruning, or null
   */
  static VariantPruning compile(Expression bound, MessageType fileSchema) {
    boolean[] used = new boolean[1];
    Node root = compile(bound, fileSchema, used);
    return used[0] ? new VariantPruning(root) : null;
  }

  /** Whether the filter may be TRUE for a row of the row group. */
  boolean mightMatch(BlockMetaData block) {
    return root.mightMatch(block);
  }

  private static Node compile(Expression e, MessageType fileSchema, boolean[] used) {
    switch (e.op()) {
      case FALSE:
        return b -> false;
      case AND:
        {
          Node l = compile(((And) e).left(), fileSchema, used);
          Node r = compile(((And) e).right(), fileSchema, used);
          return b -> l.mightMatch(b) && r.mightMatch(b);
        }
      case OR:
        {
          Node l = compile(((Or) e).left(), fileSchema, used);
          Node r = compile(((Or) e).right(), fileSchema, used);
          return b -> l.mightMatch(b) || r.mightMatch(b);
        }
      default:
        if (e instanceof BoundPredicate<?> pred && pred.term() instanceof BoundExtract<?> x) {
          Node node = predicate(pred, x, fileSchema);
          if (node != null) {
            used[0] = true;
            return node;
          }
        }
        return b -> true;
    }
  }

  /** Which values the typed column holds, as far as comparing with the extract goes. */
  private enum Kind {
    INTEGER,
    STRING
  }

  private static Node predicate(BoundPredicate<?> pred, BoundExtract<?> x, MessageType file) {
    org.apache.parquet.schema.Type top = null;
    for (org.apache.parquet.schema.Type t : file.getFields()) {
      if (t.getId() != null && t.getId().intValue() == x.ref().fieldId()) {
        top = t;
      }
    }
    if (top == null || top.isPrimitive()) {
      return null;
    }
    List<String> path = new ArrayList<>();
    path.add(top.getName());
    GroupType pair = top.asGroupType();
    for (String name : VariantExtract.fields(x.path())) {
      if (!pair.containsField("typed_value")) {
        return null;
      }
      org.apache.parquet.schema.Type typed = pair.getType("typed_value");
      if (typed.isPrimitive()
          || typed.getLogicalTypeAnnotation() != null
          || !typed.asGroupType().containsField(name)
          || typed.asGroupType().getType(name).isPrimitive()) {
        return null;
      }
      path.add("typed_value");
      path.add(name);
      pair = typed.asGroupType().getType(name).asGroupType();
    }
    if (!pair.containsField("typed_value") || !pair.getType("typed_value").isPrimitive()) {
      return null;
    }
    PrimitiveType column = pair.getType("typed_value").asPrimitiveType();
    Kind kind = kind(column, x.type());
    if (kind == null) {
      return null;
    }
    ColumnPath typedPath = columnPath(path, "typed_value");
    ColumnPath valuePath = pair.containsField("value") ? columnPath(path, "value") : null;
    Expression.Operation op = pred.op();
    List<Object> literals = new ArrayList<>();
    if (pred instanceof BoundLiteralPredicate<?> lit) {
      literals.add(literal(lit.literal().value(), kind));
    } else if (pred instanceof BoundSetPredicate<?> set) {
      for (Object v : set.literalSet()) {
        literals.add(literal(v, kind));
      }
    }
    switch (op) {
      case LT:
      case LT_EQ:
      case GT:
      case GT_EQ:
      case EQ:
      case IN:
      case NOT_NULL:
        break;
      default:
        return null;
    }
    return block -> mightMatch(block, typedPath, valuePath, op, kind, literals);
  }

  private static ColumnPath columnPath(List<String> path, String last) {
    String[] names = Arrays.copyOf(path.toArray(new String[0]), path.size() + 1);
    names[path.size()] = last;
    return ColumnPath.get(names);
  }

  /** How the typed column compares with the extract's literals, or null when it cannot. */
  private static Kind kind(PrimitiveType column, Type type) {
    LogicalTypeAnnotation a = column.getLogicalTypeAnnotation();
    boolean plainOrSignedInt =
        a == null
            || (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned());
    switch (type.typeId()) {
      case LONG:
        // every signed integer width reads as a long
        return (column.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64
                    || column.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32)
                && plainOrSignedInt
            ? Kind.INTEGER
            : null;
      case INTEGER:
        return column.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32
                && plainOrSignedInt
            ? Kind.INTEGER
            : null;
      case DATE:
        return column.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32
                && a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
            ? Kind.INTEGER
            : null;
      case TIMESTAMP:
        {
          boolean utc = ((org.apache.iceberg.types.Types.TimestampType) type).shouldAdjustToUTC();
          return column.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64
                  && a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t
                  && t.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS
                  && t.isAdjustedToUTC() == utc
              ? Kind.INTEGER
              : null;
        }
      case STRING:
        return column.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
                && a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            ? Kind.STRING
            : null;
      default:
        return null;
    }
  }

  private static Object literal(Object value, Kind kind) {
    return kind == Kind.INTEGER
        ? (Object) ((Number) value).longValue()
        : Binary.fromString(value.toString());
  }

  private static ColumnChunkMetaData chunk(BlockMetaData block, ColumnPath path) {
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      if (chunk.getPath().equals(path)) {
        return chunk;
      }
    }
    return null;
  }

  private static boolean allNull(ColumnChunkMetaData chunk) {
    Statistics<?> stats = chunk.getStatistics();
    return stats != null
        && stats.isNumNullsSet()
        && stats.getNumNulls() == chunk.getValueCount()
        && !stats.hasNonNullValue();
  }

  private static boolean mightMatch(
      BlockMetaData block,
      ColumnPath typedPath,
      ColumnPath valuePath,
      Expression.Operation op,
      Kind kind,
      List<Object> literals) {
    ColumnChunkMetaData typed = chunk(block, typedPath);
    if (typed == null) {
      return true;
    }
    if (valuePath != null) {
      ColumnChunkMetaData value = chunk(block, valuePath);
      if (value == null || !allNull(value)) {
        return true; // residual values of the field might match
      }
    }
    if (allNull(typed)) {
      return false; // no row has the field (as this type): every predicate here is UNKNOWN
    }
    Statistics<?> stats = typed.getStatistics();
    if (stats == null || !stats.hasNonNullValue()) {
      return true;
    }
    if (op == Expression.Operation.NOT_NULL) {
      return true;
    }
    for (Object literal : literals) {
      int toMin = compare(literal, stats.genericGetMin(), kind, stats);
      int toMax = compare(literal, stats.genericGetMax(), kind, stats);
      boolean might =
          switch (op) {
            case LT -> toMin > 0; // min < literal
            case LT_EQ -> toMin >= 0;
            case GT -> toMax < 0; // max > literal
            case GT_EQ -> toMax <= 0;
            case EQ, IN -> toMin >= 0 && toMax <= 0;
            default -> true;
          };
      if (might) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object literal, Object bound, Kind kind, Statistics<?> stats) {
    if (kind == Kind.INTEGER) {
      return Long.compare((Long) literal, ((Number) bound).longValue());
    }
    // strings: the column's own (unsigned byte) order, which is code point order
    return ((Statistics) stats).comparator().compare(literal, bound);
  }
}
