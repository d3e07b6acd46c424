package io.floe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;

/**
 * Lists the columns a table's files are sorted by, in order of precedence.
 *
 * <p>Ascending columns put nulls first and descending ones put nulls last, as Iceberg does by
 * default; {@link #nullsFirst()} and {@link #nullsLast()} change the column added last. Mutable and
 * not thread-safe; given to the function passed to {@link TableCreator#sortBy(Consumer)}.
 *
 * <pre>{@code
 * floe.createTable("analytics.events")
 *     .column("id", Types.LongType.get())
 *     .sortBy(s -> s.asc("id"))
 *     .create();
 * }</pre>
 */
public final class SortFields {
  private record Field(String column, boolean ascending, NullOrder nulls) {}

  private final List<Field> fields = new ArrayList<>();

  private SortFields() {}

  /**
   * Starts an empty (unsorted) list.
   *
   * @return a new list of sort fields
   */
  public static SortFields create() {
    return new SortFields();
  }

  /**
   * Sorts by a column, ascending, nulls first.
   *
   * @param column the column name
   * @return this
   */
  public SortFields asc(String column) {
    fields.add(new Field(Objects.requireNonNull(column, "column"), true, NullOrder.NULLS_FIRST));
    return this;
  }

  /**
   * Sorts by a column, descending, nulls last.
   *
   * @param column the column name
   * @return this
   */
  public SortFields desc(String column) {
    fields.add(new Field(Objects.requireNonNull(column, "column"), false, NullOrder.NULLS_LAST));
    return this;
  }

  /**
   * Puts nulls first in the column added last.
   *
   * @return this
   * @throws IllegalStateException when no column was added yet
   */
  public SortFields nullsFirst() {
    return nulls(NullOrder.NULLS_FIRST);
  }

  /**
   * Puts nulls last in the column added last.
   *
   * @return this
   * @throws IllegalStateException when no column was added yet
   */
  public SortFields nullsLast() {
    return nulls(NullOrder.NULLS_LAST);
  }

  private SortFields nulls(NullOrder order) {
    if (fields.isEmpty()) {
      throw new IllegalStateException("Add a sort column first");
    }
    Field last = fields.remove(fields.size() - 1);
    fields.add(new Field(last.column(), last.ascending(), order));
    return this;
  }

  /**
   * Builds the sort order against a schema.
   *
   * @param schema the table schema the columns are looked up in
   * @return the sort order; unsorted when no column was added
   * @throws IllegalArgumentException when a column is unknown
   */
  public SortOrder toSortOrder(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    SortOrder.Builder builder = SortOrder.builderFor(schema);
    for (Field f : fields) {
      if (f.ascending()) {
        builder.asc(f.column(), f.nulls());
      } else {
        builder.desc(f.column(), f.nulls());
      }
    }
    return builder.build();
  }
}
