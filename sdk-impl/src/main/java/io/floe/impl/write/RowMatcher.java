package io.floe.impl.write;

import io.floe.impl.read.Filters;
import io.floe.impl.read.RowFilter;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.StrictMetricsEvaluator;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/** Decides which existing rows a row-level change touches: rows matching a filter, or by key. */
abstract class RowMatcher {

  /**
   * A filter that every matching row satisfies: prunes files and row groups, and detects
   * conflicting concurrent commits.
   *
   * @return the filter
   */
  abstract Expression scanFilter();

  /**
   * The columns a predicate reads.
   *
   * @return a projection of the table schema
   */
  abstract Schema columns();

  /**
   * Whether every row of a file matches, known from partition values or column statistics alone.
   *
   * @param task the file's task
   * @return true when the file can be dropped whole without reading it
   */
  abstract boolean allRowsMatch(FileScanTask task);

  /**
   * A predicate over records read with a given schema; used by one thread.
   *
   * @param readSchema the schema of the records
   * @return the predicate
   */
  abstract Predicate<Record> predicate(Schema readSchema);

  /** Forgets what an earlier planning attempt found. */
  void reset() {}

  /** Matches rows satisfying an expression. */
  static final class ByFilter extends RowMatcher {
    private final Schema schema;
    private final Expression filter;
    private final boolean caseSensitive;
    private final Schema columns;

    ByFilter(Schema schema, Expression filter, boolean caseSensitive) {
      this.schema = schema;
      this.filter = filter;
      this.caseSensitive = caseSensitive;
      Set<Integer> ids =
          new java.util.HashSet<>(
              Binder.boundReferences(schema.asStruct(), List.of(filter), caseSensitive));
      // binding folds notNull of a required column away, but the predicate binds the filter again
      // against the columns read: read every column the filter names
      ids.addAll(io.floe.impl.read.FilterColumns.ids(schema, filter, caseSensitive));
      this.columns = TypeUtil.select(schema, ids);
    }

    @Override
    Expression scanFilter() {
      // Iceberg's pruning evaluators differ from Floe's semantics (uuid order, -0.0, nulls under
      // not): prune with a weaker filter that keeps every row the filter matches
      return Filters.pruningOf(filter, schema.asStruct(), caseSensitive);
    }

    @Override
    Schema columns() {
      return columns;
    }

    /**
     * Whether every row of a file matches: its partition decides the filter (Floe's residual), or
     * its statistics do for columns without nulls whose order Iceberg and Floe share (Iceberg's
     * strict evaluator counts a null as matching {@code notEq}, {@code notIn} and negations, which
     * Floe's three-valued semantics do not).
     */
    @Override
    boolean allRowsMatch(FileScanTask task) {
      Expression exact = Filters.normalize(filter, schema.asStruct(), caseSensitive);
      if (Filters.residual(exact, task.spec(), task.file().partition(), caseSensitive).op()
          == Expression.Operation.TRUE) {
        return true;
      }
      Map<Integer, Long> nulls = task.file().nullValueCounts();
      for (int id : Binder.boundReferences(schema.asStruct(), List.of(exact), caseSensitive)) {
        Types.NestedField field = schema.findField(id);
        Long nullCount = nulls == null ? null : nulls.get(id);
        if (field == null || nullCount == null || nullCount != 0 || !sharedOrder(field.type())) {
          return false;
        }
      }
      return new StrictMetricsEvaluator(schema, exact, caseSensitive).eval(task.file());
    }

    /** Types whose non-null values Iceberg's statistics order as Floe does. */
    private static boolean sharedOrder(Type type) {
      switch (type.typeId()) {
        case BOOLEAN:
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

    @Override
    Predicate<Record> predicate(Schema readSchema) {
      // the rows a scan with this filter returns: Floe's three-valued semantics, not Iceberg's
      // Evaluator
      RowFilter rowFilter = RowFilter.of(readSchema.asStruct(), filter, caseSensitive);
      InternalRecordWrapper wrapper = new InternalRecordWrapper(readSchema.asStruct());
      return record -> rowFilter.test(wrapper.wrap(record));
    }
  }

  /** Matches rows whose key is in a set; remembers which keys were found. */
  static final class ByKey extends RowMatcher {
    private static final int MAX_IN_VALUES = 200;

    private final List<Types.NestedField> keyFields;
    private final Set<Object> keys;
    private final Set<Object> found = ConcurrentHashMap.newKeySet();
    private final Expression filter;

    /**
     * Creates a matcher.
     *
     * @param keyFields the key columns (top level)
     * @param keys the keys: single values for one key column, lists of values for several
     */
    ByKey(List<Types.NestedField> keyFields, Set<Object> keys) {
      this.keyFields = keyFields;
      this.keys = keys;
      this.filter = keyFilter();
    }

    /**
     * The key of a record, in the form used by the key set.
     *
     * @param values the key column values, in key order
     * @return the key
     */
    static Object key(Object[] values) {
      for (int i = 0; i < values.length; i++) {
        if (values[i] instanceof byte[] bytes) {
          values[i] = ByteBuffer.wrap(bytes);
        }
      }
      return values.length == 1 ? values[0] : Arrays.asList(values);
    }

    Set<Object> found() {
      return found;
    }

    @Override
    void reset() {
      found.clear();
    }

    private Expression keyFilter() {
      if (keys.isEmpty()) {
        return Expressions.alwaysFalse();
      }
      Expression result = Expressions.alwaysTrue();
      for (int k = 0; k < keyFields.size(); k++) {
        Types.NestedField field = keyFields.get(k);
        List<Object> literals = new ArrayList<>();
        Set<Object> distinct = keys.size() <= MAX_IN_VALUES ? new java.util.HashSet<>() : null;
        Object min = null;
        Object max = null;
        @SuppressWarnings("unchecked")
        Comparator<Object> cmp =
            (Comparator<Object>) Comparators.forType(field.type().asPrimitiveType());
        for (Object key : keys) {
          Object value =
              literal(keyFields.size() == 1 ? key : ((List<?>) key).get(k), field.type());
          if (value == null) {
            literals = null;
            break;
          }
          if (distinct != null && distinct.add(value)) {
            literals.add(value);
          }
          min = min == null || cmp.compare(value, min) < 0 ? value : min;
          max = max == null || cmp.compare(value, max) > 0 ? value : max;
        }
        if (literals == null) {
          continue; // no literal form for this type: no pruning on it
        }
        Expression column =
            distinct != null
                ? Expressions.in(field.name(), literals)
                : Expressions.and(
                    Expressions.greaterThanOrEqual(field.name(), min),
                    Expressions.lessThanOrEqual(field.name(), max));
        result = Expressions.and(result, column);
      }
      return result;
    }

    /** A value as an expression literal (Iceberg's internal form for dates and times). */
    private static Object literal(Object value, Type type) {
      if (value instanceof LocalDate d) {
        return (int) d.toEpochDay();
      }
      if (value instanceof LocalTime t) {
        return t.toNanoOfDay() / 1000;
      }
      if (type.typeId() == Type.TypeID.TIMESTAMP_NANO) {
        return null;
      }
      if (value instanceof LocalDateTime ts) {
        return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), ts);
      }
      if (value instanceof OffsetDateTime ts) {
        return ChronoUnit.MICROS.between(
            OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), ts);
      }
      if (value instanceof Boolean) {
        return null;
      }
      return value;
    }

    @Override
    Expression scanFilter() {
      // keys are matched exactly below; prune only as far as Iceberg's evaluators agree with
      // Floe's order (they compare uuids signed, Parquet's bounds are unsigned)
      return Filters.pruningOf(filter, Types.StructType.of(keyFields), true);
    }

    @Override
    Schema columns() {
      return new Schema(keyFields);
    }

    @Override
    boolean allRowsMatch(FileScanTask task) {
      return false;
    }

    @Override
    Predicate<Record> predicate(Schema readSchema) {
      int[] positions = new int[keyFields.size()];
      List<Types.NestedField> columns = readSchema.columns();
      for (int k = 0; k < positions.length; k++) {
        positions[k] = columns.indexOf(readSchema.findField(keyFields.get(k).fieldId()));
      }
      if (positions.length == 1) {
        int p = positions[0];
        return record -> {
          Object value = record.get(p);
          if (value instanceof byte[] bytes) {
            value = ByteBuffer.wrap(bytes);
          }
          if (value != null && keys.contains(value)) {
            found.add(value);
            return true;
          }
          return false;
        };
      }
      return record -> {
        Object[] values = new Object[positions.length];
        for (int k = 0; k < positions.length; k++) {
          values[k] = record.get(positions[k]);
        }
        Object key = key(values);
        if (keys.contains(key)) {
          found.add(key);
          return true;
        }
        return false;
      };
    }

    /**
     * The key columns of a schema by name.
     *
     * @param schema the table schema
     * @param names the column names
     * @return the fields, or null entries for unknown names
     */
    static List<Types.NestedField> fields(Schema schema, Collection<String> names) {
      List<Types.NestedField> out = new ArrayList<>();
      for (String name : names) {
        out.add(schema.findField(name));
      }
      return out;
    }
  }
}
