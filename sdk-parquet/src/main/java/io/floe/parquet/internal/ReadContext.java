package io.floe.parquet.internal;

import io.floe.impl.spi.DataFileCache;
import io.floe.impl.spi.ScanPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/** What every file of one scan is read with; immutable. */
public final class ReadContext {
  /**
   * The metadata columns an Arrow scan fills: the file's location, the row's position, the spec id.
   */
  static final Set<Integer> SUPPORTED_METADATA =
      Set.of(
          MetadataColumns.FILE_PATH.fieldId(),
          MetadataColumns.ROW_POSITION.fieldId(),
          MetadataColumns.SPEC_ID.fieldId());

  /** The scan's plan: table, schemas, case sensitivity, file IO, name mapping, limit. */
  final ScanPlan plan;

  final String table;
  final Schema tableSchema;
  final Schema readSchema;
  final Schema outputSchema;
  final int[] outputColumns;
  final boolean caseSensitive;
  final int batchSize;
  final FileIO io;
  final ScanCounters counters;

  /** Floe's metadata cache for footers, Bloom filters and dictionaries, or null. */
  final DataFileCache cache;

  /** The table's name mapping for files without field ids, or null. */
  final NameMapping nameMapping;

  /** Rows the scan returns at most; files and row groups are not opened once it is reached. */
  final long limit;

  /**
   * For a read of records ({@link io.floe.impl.spi.RowSource#records}): the filter row groups are
   * pruned with as given (no row is filtered, no delete applied); null for a scan, whose tasks'
   * residuals filter rows and whose deletes apply.
   */
  final Expression rowGroupFilter;

  /**
   * Creates a context.
   *
   * @param plan the scan's plan
   * @param tasks the planned tasks (their equality deletes may need extra columns)
   * @param batchSize rows per batch
   * @param counters the scan's counters
   */
  public ReadContext(
      ScanPlan plan, List<FileScanTask> tasks, int batchSize, ScanCounters counters) {
    this(plan, tasks, batchSize, counters, null);
  }

  /**
   * A context for reading one file's records: the plan's requested columns exactly, row groups
   * pruned with a filter as given, no row filtered and no delete applied.
   *
   * @param plan a plan of the file (its requested schema is what is read)
   * @param rowGroupFilter the filter row groups are pruned with
   * @param batchSize rows per batch
   * @return the context
   */
  static ReadContext records(ScanPlan plan, Expression rowGroupFilter, int batchSize) {
    return new ReadContext(plan, List.of(), batchSize, new ScanCounters(), rowGroupFilter);
  }

  private ReadContext(
      ScanPlan plan,
      List<FileScanTask> tasks,
      int batchSize,
      ScanCounters counters,
      Expression rowGroupFilter) {
    this.rowGroupFilter = rowGroupFilter;
    this.plan = plan;
    this.table = plan.tableName();
    this.cache = plan.dataFileCache().orElse(null);
    this.nameMapping = plan.nameMapping().orElse(null);
    this.limit = plan.limit();
    this.tableSchema = plan.tableSchema();
    this.caseSensitive = plan.caseSensitive();
    this.batchSize = batchSize;
    this.io = plan.io();
    this.counters = counters;
    Schema projection = plan.requested();
    Schema output = plan.projected();
    for (FileScanTask task : tasks) {
      // columns the residual names but the projection lacks (notNull of a required column binds
      // to true, so Iceberg leaves it out of a scan's schema): read them to evaluate the residual
      if (task.residual() != null
          && task.residual().op() != org.apache.iceberg.expressions.Expression.Operation.TRUE) {
        projection = plan.withFilterColumns(projection, task.residual());
      }
    }
    Set<Integer> projected = TypeUtil.getProjectedIds(projection);
    Set<Integer> extraTop = new HashSet<>();
    for (FileScanTask task : tasks) {
      for (DeleteFile delete : task.deletes()) {
        if (delete.content() == FileContent.EQUALITY_DELETES) {
          for (int id : delete.equalityFieldIds()) {
            if (!projected.contains(id)) {
              extraTop.add(topLevelId(tableSchema, id));
            }
          }
        }
      }
    }
    if (extraTop.isEmpty()) {
      this.readSchema = projection;
    } else {
      List<Types.NestedField> cols = new ArrayList<>(projection.columns());
      for (Types.NestedField col : tableSchema.columns()) {
        if (extraTop.contains(col.fieldId()) && projection.findField(col.fieldId()) == null) {
          cols.add(col);
        }
      }
      this.readSchema = new Schema(cols);
    }
    for (Types.NestedField col : readSchema.columns()) {
      if (MetadataColumns.isMetadataColumn(col.fieldId())
          && !SUPPORTED_METADATA.contains(col.fieldId())) {
        throw new io.floe.UnsupportedFeatureException(
            "Arrow scans of table "
                + table
                + " do not return the metadata column '"
                + col.name()
                + "'; they return _file, _pos and _spec_id. Select those or table columns, or use the row scan.",
            null);
      }
    }
    this.outputSchema = output;
    this.outputColumns = new int[output.columns().size()];
    List<Types.NestedField> readCols = readSchema.columns();
    for (int i = 0; i < outputColumns.length; i++) {
      int id = output.columns().get(i).fieldId();
      int at = -1;
      for (int j = 0; j < readCols.size(); j++) {
        if (readCols.get(j).fieldId() == id) {
          at = j;
        }
      }
      if (at < 0) {
        throw new IllegalArgumentException(
            "Output column " + output.columns().get(i) + " is not projected");
      }
      outputColumns[i] = at;
    }
  }

  private static int topLevelId(Schema schema, int id) {
    for (Types.NestedField col : schema.columns()) {
      if (col.fieldId() == id || TypeUtil.getProjectedIds(col.type()).contains(id)) {
        return col.fieldId();
      }
    }
    throw new IllegalArgumentException(
        "Equality delete column " + id + " is not in the table schema");
  }

  /**
   * Whether the scan has produced as many rows as its limit, so no further file or row group is
   * opened.
   */
  boolean limitReached() {
    return limit != Long.MAX_VALUE && counters.rowsReturned.sum() >= limit;
  }

  /** The schema batches are decoded with (projection plus equality delete columns). */
  public Schema readSchema() {
    return readSchema;
  }

  /** The schema of the batches returned. */
  public Schema outputSchema() {
    return outputSchema;
  }

  /** Whether the returned batches are the decoded batches themselves. */
  boolean outputIsRead() {
    if (outputColumns.length != readSchema.columns().size()) {
      return false;
    }
    for (int i = 0; i < outputColumns.length; i++) {
      if (outputColumns[i] != i) {
        return false;
      }
    }
    return true;
  }
}
