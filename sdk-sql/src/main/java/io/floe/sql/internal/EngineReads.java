package io.floe.sql.internal;

import io.floe.impl.spi.ScanPlan;
import io.floe.impl.spi.Storage;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Which of a planned scan's files DuckDB reads itself ({@code read_parquet} with Iceberg's field
 * ids as its {@code schema}), and the SQL that reads them.
 *
 * <p>A file qualifies when DuckDB's reading gives exactly the rows and values Floe's scan would: a
 * Parquet data file without delete files, under one of the folders DuckDB may read, of a plan that
 * neither masks columns nor needs a name mapping (files without field ids), whose returned columns
 * are of flat types that map one to one ({@link #duckType}) and have no initial default. DuckDB
 * then applies the query's whole {@code WHERE} itself; Floe's filter only chose the files.
 */
public final class EngineReads {
  private EngineReads() {}

  /**
   * A plan's files split between DuckDB and Floe.
   *
   * @param engine the files DuckDB reads, as local paths
   * @param floe the file tasks Floe's scan reads
   */
  public record Split(List<String> engine, List<FileScanTask> floe) {}

  /**
   * The plan to read, not yet planned: when DuckDB may read files, one whose tasks keep the NaN
   * counts of the returned float and double columns ({@link #split} reads them).
   *
   * @param plan the plan of a table reference
   * @param folders the folders DuckDB may read
   * @return the plan to split and read
   */
  public static ScanPlan prepare(ScanPlan plan, List<String> folders) {
    List<Types.NestedField> floats = eligibleFloats(plan, folders);
    if (floats == null) {
      return plan; // planned without statistics, as Floe's scan plans
    }
    return plan.withColumnStats(floats.stream().map(Types.NestedField::name).toList());
  }

  /**
   * Splits a plan's files, or returns null when DuckDB can read none of them the same way (the plan
   * is then read by Floe's scan as a whole).
   *
   * @param plan the planned scan of a table's data files
   * @param folders the folders DuckDB may read, each ending with {@code /}
   * @return the split, or null
   */
  public static Split split(ScanPlan plan, List<String> folders) {
    List<Types.NestedField> floatColumns = eligibleFloats(plan, folders);
    if (floatColumns == null) {
      return null;
    }
    // DuckDB prunes row groups by their min/max, which Parquet writers keep free of NaN: a filter
    // that NaN rows satisfy (x = 'NaN', x > 40) would skip them. Files with NaN are Floe's.
    List<Integer> floats = floatColumns.stream().map(Types.NestedField::fieldId).toList();
    List<String> engine = new ArrayList<>();
    List<FileScanTask> floe = new ArrayList<>();
    for (FileScanTask task : plan.tasks()) {
      String path = withoutNaN(task, floats) ? localPath(task, folders) : null;
      if (path != null) {
        engine.add(path);
      } else {
        floe.add(task);
      }
    }
    return engine.isEmpty() ? null : new Split(List.copyOf(engine), List.copyOf(floe));
  }

  /**
   * The returned float and double columns when DuckDB may read any file of the plan (decided before
   * planning it), else null.
   */
  private static List<Types.NestedField> eligibleFloats(ScanPlan plan, List<String> folders) {
    if (folders.isEmpty()
        || !plan.dataFiles()
        || plan.masking().isPresent()
        || plan.nameMapping().isPresent()
        || plan.limit() != Long.MAX_VALUE) {
      return null;
    }
    List<Types.NestedField> floats = new ArrayList<>();
    for (Types.NestedField field : plan.projected().columns()) {
      if (duckType(field.type()) == null || field.initialDefault() != null) {
        return null;
      }
      Type.TypeID id = field.type().typeId();
      if (id == Type.TypeID.FLOAT || id == Type.TypeID.DOUBLE) {
        floats.add(field);
      }
    }
    // a lookup Floe's Bloom-filter pruning answers from a few row groups: 2.4-3.7 ms against
    // DuckDB's 14 ms (SqlPointQueryBenchmark, 10 M rows)
    boolean lookup = plan.table() != null && bloomLookup(plan.filter(), plan.table().properties());
    return lookup ? null : floats;
  }

  /**
   * Whether the filter looks up values (= or IN) of a column the table writes Bloom filters for.
   */
  static boolean bloomLookup(
      org.apache.iceberg.expressions.Expression filter, java.util.Map<String, String> properties) {
    if (filter instanceof org.apache.iceberg.expressions.And and) {
      return bloomLookup(and.left(), properties) || bloomLookup(and.right(), properties);
    }
    if (filter instanceof org.apache.iceberg.expressions.Or or) {
      return bloomLookup(or.left(), properties) && bloomLookup(or.right(), properties);
    }
    if (filter instanceof org.apache.iceberg.expressions.UnboundPredicate<?> predicate
        && (predicate.op() == org.apache.iceberg.expressions.Expression.Operation.EQ
            || predicate.op() == org.apache.iceberg.expressions.Expression.Operation.IN)) {
      return "true"
          .equalsIgnoreCase(
              properties.get(
                  org.apache.iceberg.TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX
                      + predicate.ref().name()));
    }
    return false;
  }

  /** Whether the file's metrics say that none of the columns holds a NaN. */
  private static boolean withoutNaN(FileScanTask task, List<Integer> floats) {
    if (floats.isEmpty()) {
      return true;
    }
    java.util.Map<Integer, Long> nans = task.file().nanValueCounts();
    if (nans == null) {
      return false;
    }
    for (Integer id : floats) {
      Long count = nans.get(id);
      if (count == null || count != 0) {
        return false;
      }
    }
    return true;
  }

  /** The file's local path when DuckDB may read it as it is, else null. */
  private static String localPath(FileScanTask task, List<String> folders) {
    if (task.file().format() != FileFormat.PARQUET
        || !task.deletes().isEmpty()
        || task.start() != 0
        || task.length() < task.file().fileSizeInBytes()
        || !isLocal(task.file().location())) {
      return null;
    }
    String path;
    try {
      path = Storage.localPath(task.file().location()).toAbsolutePath().normalize().toString();
    } catch (RuntimeException e) {
      return null;
    }
    for (String folder : folders) {
      if (path.startsWith(folder)) {
        return path;
      }
    }
    return null;
  }

  /**
   * DuckDB's type for an Iceberg type when DuckDB reads Parquet values of it exactly as Floe's
   * Arrow batches present them, else null (nested types, UUID, fixed, variant, nanosecond
   * timestamps and others are read by Floe).
   *
   * @param type the Iceberg type
   * @return the DuckDB type, or null
   */
  public static String duckType(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return "BOOLEAN";
      case INTEGER:
        return "INTEGER";
      case LONG:
        return "BIGINT";
      case FLOAT:
        return "FLOAT";
      case DOUBLE:
        return "DOUBLE";
      case DATE:
        return "DATE";
      case TIME:
        return "TIME";
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? "TIMESTAMP WITH TIME ZONE"
            : "TIMESTAMP";
      case STRING:
        return "VARCHAR";
      case BINARY:
        return "BLOB";
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        return "DECIMAL(" + decimal.precision() + ", " + decimal.scale() + ")";
      default:
        return null;
    }
  }

  /**
   * The query that reads files with the given columns. When every schema the table ever had names
   * the columns alike (no rename, no column added later, no other column of the same name, no
   * schema removed from the metadata), every file has them under those names and DuckDB reads them
   * by name, cast to the current types; otherwise by field id ({@code read_parquet}'s {@code
   * schema} map: a column a file lacks reads as null, a renamed one is found by its id). By name is
   * the fast form: with the map, DuckDB's joins ran up to 2× slower (TPC-H Q5 at scale 0.1).
   *
   * @param plan the plan whose table's schema history decides
   * @param files local paths
   * @param columns the columns, in the order returned
   * @return a {@code SELECT} over {@code read_parquet}
   */
  public static String select(ScanPlan plan, List<String> files, List<Types.NestedField> columns) {
    StringBuilder list = new StringBuilder("[");
    for (int i = 0; i < files.size(); i++) {
      list.append(i == 0 ? "" : ", ").append(literal(files.get(i)));
    }
    list.append(']');
    if (!namedAlike(plan, columns)) {
      return "SELECT * FROM " + readParquet(list.toString(), columns);
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      Types.NestedField f = columns.get(i);
      String name = "\"" + f.name().replace("\"", "\"\"") + "\"";
      sql.append(i == 0 ? "" : ", ")
          .append("CAST(")
          .append(name)
          .append(" AS ")
          .append(duckType(f.type()))
          .append(") AS ")
          .append(name);
    }
    return sql.append(" FROM read_parquet(").append(list).append(')').toString();
  }

  /** Whether every schema of the table names the columns as the current one does (see above). */
  static boolean namedAlike(ScanPlan plan, List<Types.NestedField> columns) {
    if (plan.table() == null) {
      return false;
    }
    java.util.Map<Integer, org.apache.iceberg.Schema> schemas = plan.table().schemas();
    int max = schemas.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
    if (schemas.isEmpty() || max != schemas.size() - 1) {
      return false; // a schema was removed (ids are assigned 0, 1, 2...): its files are unknown
    }
    for (org.apache.iceberg.Schema schema : schemas.values()) {
      java.util.Map<String, Integer> names = new java.util.HashMap<>();
      for (Types.NestedField f : schema.columns()) {
        if (names.put(f.name().toLowerCase(java.util.Locale.ROOT), f.fieldId()) != null) {
          return false; // two columns DuckDB cannot tell apart by name
        }
      }
      for (Types.NestedField column : columns) {
        Types.NestedField then = schema.findField(column.fieldId());
        if (then == null
            || !then.name().equals(column.name())
            || !names.get(column.name().toLowerCase(java.util.Locale.ROOT)).equals(column.fieldId())
            || !(then.type().equals(column.type())
                || org.apache.iceberg.types.TypeUtil.isPromotionAllowed(
                    then.type(), column.type().asPrimitiveType()))) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code read_parquet} of a list of files with the columns matched by field id. */
  private static String readParquet(String list, List<Types.NestedField> columns) {
    StringBuilder sql = new StringBuilder("read_parquet(").append(list);
    sql.append(", schema = MAP {");
    for (int i = 0; i < columns.size(); i++) {
      Types.NestedField f = columns.get(i);
      sql.append(i == 0 ? "" : ", ")
          .append(f.fieldId())
          .append(": {name: ")
          .append(literal(f.name()))
          .append(", type: ")
          .append(literal(duckType(f.type())))
          .append(", default_value: NULL}");
    }
    return sql.append("})").toString();
  }

  /**
   * A SQL string literal.
   *
   * @param text the text
   * @return the text in single quotes, quotes doubled
   */
  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static boolean isLocal(String location) {
    return location.startsWith("/") || location.regionMatches(true, 0, "file:", 0, 5);
  }
}
