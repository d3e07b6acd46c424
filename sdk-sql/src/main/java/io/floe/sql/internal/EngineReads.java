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
    if (folders.isEmpty() || !plan.dataFiles()) {
      return plan;
    }
    List<String> floats = new ArrayList<>();
    for (Types.NestedField field : plan.projected().columns()) {
      Type.TypeID id = field.type().typeId();
      if (id == Type.TypeID.FLOAT || id == Type.TypeID.DOUBLE) {
        floats.add(field.name());
      }
    }
    return plan.withColumnStats(floats);
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
    if (folders.isEmpty()
        || !plan.dataFiles()
        || plan.masking().isPresent()
        || plan.nameMapping().isPresent()
        || plan.limit() != Long.MAX_VALUE) {
      return null;
    }
    for (Types.NestedField field : plan.projected().columns()) {
      if (duckType(field.type()) == null || field.initialDefault() != null) {
        return null;
      }
    }
    // DuckDB prunes row groups by their min/max, which Parquet writers keep free of NaN: a filter
    // that NaN rows satisfy (x = 'NaN', x > 40) would skip them. Files with NaN are Floe's.
    List<Integer> floats = new ArrayList<>();
    for (Types.NestedField field : plan.projected().columns()) {
      Type.TypeID id = field.type().typeId();
      if (id == Type.TypeID.FLOAT || id == Type.TypeID.DOUBLE) {
        floats.add(field.fieldId());
      }
    }
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
   * The table function that reads files with the given columns, matched by field id: a column a
   * file lacks (added later) reads as null, a renamed column by its id.
   *
   * @param files local paths
   * @param columns the columns, in the order returned
   * @return {@code read_parquet([...], schema = MAP {...})}
   */
  public static String readParquet(List<String> files, List<Types.NestedField> columns) {
    StringBuilder sql = new StringBuilder("read_parquet([");
    for (int i = 0; i < files.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(literal(files.get(i)));
    }
    sql.append("], schema = MAP {");
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
