package io.floe.parquet.write;

import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The errors of Arrow appends, one factory per condition; each names the table and, where one is at
 * fault, the column (as {@link io.floe.FloeException#table()} and {@link
 * io.floe.FloeException#column()} too). Stateless.
 */
final class ArrowWriteErrors {
  private ArrowWriteErrors() {}

  /** A batch that does not fit the table, in one column. */
  static ValidationException invalidBatch(String table, String column, String problem) {
    return new ValidationException(
        "Invalid Arrow batch for table " + table + ", column '" + column + "': " + problem,
        table,
        column,
        null);
  }

  /** A batch with a vector for a column the table does not have. */
  static ValidationException unknownColumn(String table, String column, List<String> columns) {
    return invalidBatch(table, column, "unknown column; the table has columns " + columns);
  }

  /** A batch without a vector for a required column. */
  static ValidationException requiredColumnMissing(String table, String column) {
    return invalidBatch(table, column, "required column is missing from the batch");
  }

  /** A batch with nulls in a required column. */
  static ValidationException requiredFieldNull(String table, String column, int nulls) {
    return invalidBatch(table, column, nulls + " nulls in required column");
  }

  /** A vector with fewer values than the batch has rows. */
  static ValidationException shortVector(String table, String column, int values, int rows) {
    return invalidBatch(
        table,
        column,
        "the vector holds "
            + values
            + " values but the batch has "
            + rows
            + " rows (set the value count of each vector)");
  }

  /** A vector whose Arrow type cannot be written to the column's type. */
  static ValidationException typeMismatch(
      String table, Types.NestedField field, FieldVector vector) {
    return invalidBatch(
        table,
        field.name(),
        "expected "
            + field.type()
            + " but the vector is "
            + vector.getField().getType()
            + " ("
            + vector.getClass().getSimpleName()
            + ")");
  }

  /** A table with a nested column, which Arrow appends do not write. */
  static UnsupportedFeatureException nestedColumn(String table, String column, Type type) {
    return new UnsupportedFeatureException(
        "Arrow appends write tables of primitive columns; column '"
            + column
            + "' of table "
            + table
            + " is "
            + type
            + ": append such rows with FloeTable.newAppend()",
        table,
        column,
        null,
        null);
  }

  /** A table whose data files are not Parquet. */
  static UnsupportedFeatureException notParquet(String table, FileFormat format) {
    return new UnsupportedFeatureException(
        "Arrow appends write Parquet; table "
            + table
            + " writes "
            + format
            + " (write.format.default): use FloeTable.newAppend()",
        table,
        null,
        null,
        null);
  }
}
