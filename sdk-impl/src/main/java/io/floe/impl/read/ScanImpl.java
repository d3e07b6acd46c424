package io.floe.impl.read;

import io.floe.Row;
import io.floe.RowStream;
import io.floe.Scan;
import io.floe.ValidationException;
import io.floe.impl.spi.Errors;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

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
   * The table's full name.
   *
   * @return the name
   */
  public String tableName() {
    return name;
  }

  /**
   * The row limit.
   *
   * @return the limit, {@code Long.MAX_VALUE} when none
   */
  public long limitValue() {
    return options.limit();
  }

  /**
   * The Iceberg scan this scan is configured as.
   *
   * @return the Iceberg scan
   * @throws io.floe.NotFoundException when the snapshot, time or ref does not exist
   * @throws ValidationException when a column or the filter does not fit the table
   */
  public TableScan icebergScan() {
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
          throw new ValidationException(
              "Table "
                  + name
                  + " has no column '"
                  + column
                  + "'; columns are "
                  + base.columns().stream().map(f -> f.name()).toList(),
              name,
              column,
              null);
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
    return new ValidationException(
        "Invalid scan of table "
            + name
            + ": "
            + message
            + (column == null
                ? ""
                : "; columns are " + table.schema().columns().stream().map(f -> f.name()).toList()),
        name,
        column,
        e);
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
    Schema base = io.floe.impl.plan.Planner.schemaOf(scan);
    return options.caseSensitive()
        ? base.select(options.columns())
        : base.caseInsensitiveSelect(options.columns());
  }

  @Override
  public RowStream rows() {
    return RowStream.of(openRows());
  }

  private CloseableIterable<Row> openRows() {
    TableScan scan = icebergScan();
    return Errors.translate(
        name, () -> new RowIterable(name, table, scan, projection(scan), options.limit()));
  }

  @Override
  public long count() {
    TableScan scan = icebergScan();
    long total = 0;
    boolean exact = true;
    try (CloseableIterable<FileScanTask> tasks = io.floe.impl.plan.Planner.planFiles(scan)) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()
            || task.residual().op() != org.apache.iceberg.expressions.Expression.Operation.TRUE) {
          // Floe's residual: rows must be read whenever the filter is not decided by partitions
          exact = false;
          break;
        }
        total += task.file().recordCount();
      }
    } catch (java.io.IOException e) {
      throw Errors.io("plan", name, e);
    } catch (RuntimeException e) {
      throw Errors.translate(name, e);
    }
    if (exact) {
      return Math.min(total, options.limit());
    }
    long n = 0;
    try (CloseableIterable<Row> rows =
        new RowIterable(name, table, scan, projection(scan), options.limit())) {
      for (Row ignored : rows) {
        n++;
      }
    } catch (java.io.IOException e) {
      throw Errors.io("read", name, e);
    }
    return n;
  }

  @Override
  public List<io.floe.ReadTask> planTasks() {
    return planTasks(
        icebergScan(),
        org.apache.iceberg.util.PropertyUtil.propertyAsLong(
            table.properties(),
            org.apache.iceberg.TableProperties.SPLIT_SIZE,
            org.apache.iceberg.TableProperties.SPLIT_SIZE_DEFAULT));
  }

  @Override
  public List<io.floe.ReadTask> planTasks(long targetSplitBytes) {
    if (targetSplitBytes < 1) {
      throw new IllegalArgumentException(
          "Target split size must be at least 1 byte: " + targetSplitBytes);
    }
    return planTasks(icebergScan(), targetSplitBytes);
  }

  private List<io.floe.ReadTask> planTasks(TableScan scan, long splitSize) {
    Schema projection = projection(scan);
    Schema requested = scan.schema();
    long snapshot = scan.snapshot() == null ? -1 : scan.snapshot().snapshotId();
    Map<String, String> props = table.properties();
    int lookback =
        org.apache.iceberg.util.PropertyUtil.propertyAsInt(
            props,
            org.apache.iceberg.TableProperties.SPLIT_LOOKBACK,
            org.apache.iceberg.TableProperties.SPLIT_LOOKBACK_DEFAULT);
    long openFileCost =
        org.apache.iceberg.util.PropertyUtil.propertyAsLong(
            props,
            org.apache.iceberg.TableProperties.SPLIT_OPEN_FILE_COST,
            org.apache.iceberg.TableProperties.SPLIT_OPEN_FILE_COST_DEFAULT);
    org.apache.iceberg.mapping.NameMapping mapping = RowIterable.nameMapping(table);
    List<io.floe.ReadTask> result = new java.util.ArrayList<>();
    // Floe's planner (no sleep-polling), then Iceberg's own split and bin-packing of file ranges
    // closing the groups closes the planned files (once: Iceberg's planner refuses a second close)
    try (CloseableIterable<org.apache.iceberg.CombinedScanTask> groups =
        org.apache.iceberg.util.TableScanUtil.planTasks(
            org.apache.iceberg.util.TableScanUtil.splitFiles(
                io.floe.impl.plan.Planner.planFiles(scan), splitSize),
            splitSize,
            lookback,
            openFileCost)) {
      for (org.apache.iceberg.CombinedScanTask group : groups) {
        result.add(
            new ReadTaskImpl(
                name,
                snapshot,
                table.io(),
                table.schema(),
                requested,
                projection,
                options.caseSensitive(),
                options.limit(),
                group,
                mapping));
      }
    } catch (java.io.IOException e) {
      throw Errors.io("plan", name, e);
    } catch (RuntimeException e) {
      throw Errors.translate(name, e);
    }
    return java.util.Collections.unmodifiableList(result);
  }
}
