package io.floe.impl.read;

import io.floe.ReadTask;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Scan;
import io.floe.ValidationException;
import io.floe.impl.plan.Planner;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.ScanPlan;
import java.io.IOException;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.PropertyUtil;

/** A scan of a table's rows; immutable, each refinement returns a copy. Thread-safe. */
public final class ScanImpl extends RefinableScan {
  private final Table table;

  private ScanImpl(String name, Table table, Options options) {
    super(name, options);
    this.table = table;
  }

  /**
   * A scan of all rows and columns of a table's current snapshot.
   *
   * @param name the table's full name
   * @param table the table
   * @return the scan
   */
  public static ScanImpl of(String name, Table table) {
    return new ScanImpl(name, table, Options.ALL);
  }

  @Override
  protected Scan with(Options refined) {
    return new ScanImpl(name, table, refined);
  }

  /**
   * The Iceberg scan this scan is configured as.
   *
   * @return the Iceberg scan
   * @throws io.floe.NotFoundException when the snapshot, time or ref does not exist
   * @throws ValidationException when a column or the filter does not fit the table
   */
  TableScan icebergScan() {
    TableScan scan = table.newScan().caseSensitive(options.caseSensitive());
    scan = travel(table, scan);
    // the schema Iceberg resolved: the table's current one, or the snapshot's when time-travelling
    // (a scan of the current state sees columns added after its snapshot was written)
    Schema base = scan.schema();
    if (options.columns() != null) {
      for (String column : options.columns()) {
        Object field =
            options.caseSensitive()
                ? base.findField(column)
                : base.caseInsensitiveFindField(column);
        if (field == null) {
          throw Errors.noSuchColumn(
              name, column, base.columns().stream().map(f -> f.name()).toList());
        }
      }
      // the projection and every column the filter names (Iceberg's own select leaves out those
      // binding folds away, such as notNull of a required column, yet binds each file's residual
      // against the columns read; and it refuses filters on list and map columns)
      Schema selected =
          options.caseSensitive()
              ? base.select(options.columns())
              : base.caseInsensitiveSelect(options.columns());
      java.util.Set<Integer> ids =
          new java.util.HashSet<>(org.apache.iceberg.types.TypeUtil.getProjectedIds(selected));
      if (options.filter() != Expressions.alwaysTrue()) {
        ids.addAll(FilterColumns.ids(base, options.filter(), options.caseSensitive()));
      }
      scan = scan.project(org.apache.iceberg.types.TypeUtil.select(base, ids));
    }
    if (options.filter() != Expressions.alwaysTrue()) {
      try {
        // Floe's semantics (Filters): also makes the scan read the columns a comparison Iceberg
        // would bind to "always true" still needs (it is UNKNOWN for null)
        scan =
            scan.filter(
                Filters.normalize(options.filter(), base.asStruct(), options.caseSensitive()));
      } catch (IllegalArgumentException
          | java.time.format.DateTimeParseException
          | org.apache.iceberg.exceptions.ValidationException e) {
        throw invalid(e);
      }
    }
    try {
      scan.schema();
      // binds the filter now, so an unknown column fails here with a clear message
      if (options.filter() != Expressions.alwaysTrue()) {
        org.apache.iceberg.expressions.Binder.bind(
            base.asStruct(), options.filter(), options.caseSensitive());
      }
    } catch (IllegalArgumentException
        | java.time.format.DateTimeParseException
        | org.apache.iceberg.exceptions.ValidationException e) {
      // a literal Iceberg cannot convert to the column's type (such as "x" for a timestamp) fails
      // with DateTimeParseException or NumberFormatException
      throw invalid(e);
    }
    return scan;
  }

  private ValidationException invalid(RuntimeException e) {
    String message = e.getMessage();
    String column = null;
    int start = message == null ? -1 : message.indexOf('\'');
    int end = start < 0 ? -1 : message.indexOf('\'', start + 1);
    if (end > start) {
      column = message.substring(start + 1, end);
    }
    return ReadErrors.invalidScan(
        name, column, table.schema().columns().stream().map(f -> f.name()).toList(), e);
  }

  @Override
  public Schema schema() {
    return projection(icebergScan());
  }

  /**
   * The schema of the rows returned: the selected columns only (Iceberg's own scan schema also
   * holds the columns its filter needs).
   *
   * @param scan the configured Iceberg scan
   * @return the projection
   */
  Schema projection(TableScan scan) {
    if (options.columns() == null) {
      return scan.schema();
    }
    Schema base = Planner.schemaOf(scan);
    return options.caseSensitive()
        ? base.select(options.columns())
        : base.caseInsensitiveSelect(options.columns());
  }

  @Override
  public ScanPlan plan() {
    TableScan scan = icebergScan();
    return ScanPlan.builder(name, table)
        .snapshot(scan.snapshot())
        .requested(scan.schema())
        .projected(projection(scan))
        .filter(options.filter())
        .caseSensitive(options.caseSensitive())
        .limit(options.limit())
        .planning(reporter -> Planner.planFiles(scan.metricsReporter(reporter)))
        .statsPlanning(
            columns ->
                reporter ->
                    Planner.planFiles(scan.includeColumnStats(columns).metricsReporter(reporter)))
        .dataFiles()
        .rows(RowIterable::new)
        .build();
  }

  @Override
  public RowStream rows() {
    return RowStream.of(plan().rows());
  }

  @Override
  public long count() {
    ScanPlan plan = plan();
    long total = 0;
    for (FileScanTask task : plan.tasks()) {
      if (!task.deletes().isEmpty() || task.residual().op() != Expression.Operation.TRUE) {
        // Floe's residual: rows must be read whenever the filter is not decided by partitions
        return countRows(plan);
      }
      total += task.file().recordCount();
    }
    return Math.min(total, options.limit());
  }

  private long countRows(ScanPlan plan) {
    long n = 0;
    try (CloseableIterable<Row> rows = plan.rows()) {
      for (Row ignored : rows) {
        n++;
      }
    } catch (IOException e) {
      throw Errors.tableIo("read", name, e);
    }
    return n;
  }

  @Override
  public List<ReadTask> planTasks() {
    return planTasks(
        PropertyUtil.propertyAsLong(
            table.properties(), TableProperties.SPLIT_SIZE, TableProperties.SPLIT_SIZE_DEFAULT));
  }

  @Override
  public List<ReadTask> planTasks(long targetSplitBytes) {
    if (targetSplitBytes < 1) {
      throw new IllegalArgumentException(
          "Target split size must be at least 1 byte: " + targetSplitBytes);
    }
    return ReadTasks.of(plan(), targetSplitBytes);
  }
}
