package io.floe.impl.read;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionVisitors;
import org.apache.iceberg.expressions.UnboundPredicate;
import org.apache.iceberg.types.Types;

/**
 * The columns a row filter names, so that readers read them even when they are not projected.
 *
 * <p>Iceberg's {@link Binder#boundReferences} is not enough: binding folds {@code notNull} of a
 * required column (and {@code isNull}, {@code notNaN} of a non-floating column) to a constant, so
 * the column is left out of the read schema, yet the unbound residual of each file task still names
 * it and Iceberg's readers bind that residual again against the columns read, failing with "Cannot
 * find field".
 */
public final class FilterColumns {
  private FilterColumns() {}

  /**
   * The names of every column a filter references, in order of appearance.
   *
   * @param filter an unbound (or bound) filter
   * @return the column names, nested ones with dots
   */
  public static Set<String> names(Expression filter) {
    Set<String> names = new LinkedHashSet<>();
    ExpressionVisitors.visit(
        filter,
        new ExpressionVisitors.ExpressionVisitor<Void>() {
          @Override
          public <T> Void predicate(UnboundPredicate<T> pred) {
            names.add(pred.ref().name());
            return null;
          }

          @Override
          public <T> Void predicate(BoundPredicate<T> pred) {
            names.add(pred.ref().name());
            return null;
          }
        });
    return names;
  }

  /**
   * The field ids of every column a filter references in a schema, those binding folds away
   * included; names the schema does not have are left out.
   *
   * @param schema the schema the filter's names refer to
   * @param filter the filter
   * @param caseSensitive how the names match
   * @return the field ids
   */
  public static Set<Integer> ids(Schema schema, Expression filter, boolean caseSensitive) {
    Set<Integer> ids = new LinkedHashSet<>();
    for (String name : names(filter)) {
      Types.NestedField field =
          caseSensitive ? schema.findField(name) : schema.caseInsensitiveFindField(name);
      if (field != null) {
        ids.add(field.fieldId());
      }
    }
    return ids;
  }

  /**
   * The columns a filter needs that a read schema lacks, added: top-level columns the read schema
   * does not hold are appended whole from {@code schema}, as far as the filter needs them.
   *
   * @param schema the schema the filter's names refer to (the table's or the snapshot's)
   * @param read the columns read so far
   * @param filter the filter
   * @param caseSensitive how the names match
   * @return {@code read} itself when it holds every column the filter names, else a wider schema
   */
  public static Schema withFilterColumns(
      Schema schema, Schema read, Expression filter, boolean caseSensitive) {
    Set<Integer> missing = new LinkedHashSet<>();
    for (int id : ids(schema, filter, caseSensitive)) {
      if (read.findField(id) == null) {
        missing.add(id);
      }
    }
    if (missing.isEmpty()) {
      return read;
    }
    Set<Integer> all = new LinkedHashSet<>(org.apache.iceberg.types.TypeUtil.getProjectedIds(read));
    all.addAll(missing);
    Schema wide = org.apache.iceberg.types.TypeUtil.select(schema, all);
    List<Types.NestedField> columns = new java.util.ArrayList<>();
    for (Types.NestedField column : read.columns()) {
      Types.NestedField widened = wide.findField(column.fieldId());
      columns.add(widened != null && wide.columns().contains(widened) ? widened : column);
    }
    for (Types.NestedField column : wide.columns()) {
      if (read.findField(column.fieldId()) == null) {
        columns.add(column);
      }
    }
    return new Schema(columns);
  }
}
