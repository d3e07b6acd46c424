package io.floe.impl.read;

import io.floe.Row;
import io.floe.Scan;
import io.floe.ValidationException;
import io.floe.impl.Errors;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/** An immutable scan description; each refinement returns a copy. */
public final class ScanImpl implements Scan {
  private final String name;
  private final Table table;
  private final List<String> columns;
  private final Expression filter;
  private final boolean caseSensitive;
  private final Long snapshotId;
  private final Instant asOf;
  private final String ref;
  private final long limit;

  private ScanImpl(String name, Table table, List<String> columns, Expression filter, boolean caseSensitive,
      Long snapshotId, Instant asOf, String ref, long limit) {
    this.name = name;
    this.table = table;
    this.columns = columns;
    this.filter = filter;
    this.caseSensitive = caseSensitive;
    this.snapshotId = snapshotId;
    this.asOf = asOf;
    this.ref = ref;
    this.limit = limit;
  }

  /**
   * A scan of all rows and columns of a table's current snapshot.
   *
   * @param name the table's full name
   * @param table the table
   * @return the scan
   */
  public static ScanImpl of(String name, Table table) {
    return new ScanImpl(name, table, null, Expressions.alwaysTrue(), true, null, null, null, Long.MAX_VALUE);
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
    return limit;
  }

  @Override
  public Scan select(String... names) {
    return select(Arrays.asList(Objects.requireNonNull(names, "columns")));
  }

  @Override
  public Scan select(Collection<String> names) {
    Objects.requireNonNull(names, "columns");
    names.forEach(n -> Objects.requireNonNull(n, "column"));
    return new ScanImpl(name, table, List.copyOf(names), filter, caseSensitive, snapshotId, asOf, ref, limit);
  }

  @Override
  public Scan where(Expression expr) {
    Objects.requireNonNull(expr, "filter");
    return new ScanImpl(name, table, columns, Expressions.and(filter, expr), caseSensitive, snapshotId, asOf, ref, limit);
  }

  @Override
  public Scan caseInsensitive() {
    return new ScanImpl(name, table, columns, filter, false, snapshotId, asOf, ref, limit);
  }

  private void checkNoTimeTravel() {
    if (snapshotId != null || asOf != null || ref != null) {
      throw new IllegalStateException(
          "Scan of " + name + " already reads " + (snapshotId != null ? "snapshot " + snapshotId
              : asOf != null ? "as of " + asOf : "ref " + ref) + "; choose one of asOfSnapshot, asOfTime, useRef");
    }
  }

  @Override
  public Scan asOfSnapshot(long id) {
    checkNoTimeTravel();
    return new ScanImpl(name, table, columns, filter, caseSensitive, id, null, null, limit);
  }

  @Override
  public Scan asOfTime(Instant time) {
    Objects.requireNonNull(time, "time");
    checkNoTimeTravel();
    return new ScanImpl(name, table, columns, filter, caseSensitive, null, time, null, limit);
  }

  @Override
  public Scan useRef(String refName) {
    Objects.requireNonNull(refName, "ref");
    checkNoTimeTravel();
    return new ScanImpl(name, table, columns, filter, caseSensitive, null, null, refName, limit);
  }

  @Override
  public Scan limit(long maxRows) {
    if (maxRows < 0) {
      throw new IllegalArgumentException("Limit must not be negative: " + maxRows);
    }
    return new ScanImpl(name, table, columns, filter, caseSensitive, snapshotId, asOf, ref, maxRows);
  }

  /**
   * The Iceberg scan this scan is configured as.
   *
   * @return the Iceberg scan
   * @throws io.floe.NotFoundException when the snapshot, time or ref does not exist
   * @throws ValidationException when a column or the filter does not fit the table
   */
  public TableScan icebergScan() {
    TableScan scan = table.newScan().caseSensitive(caseSensitive);
    try {
      if (snapshotId != null) {
        if (table.snapshot(snapshotId) == null) {
          throw new io.floe.NotFoundException("Table " + name + " has no snapshot " + snapshotId, null);
        }
        scan = scan.useSnapshot(snapshotId);
      } else if (asOf != null) {
        scan = scan.asOfTime(asOf.toEpochMilli());
      } else if (ref != null) {
        if (table.refs().get(ref) == null) {
          throw new io.floe.NotFoundException("Table " + name + " has no branch or tag '" + ref + "'", null);
        }
        scan = scan.useRef(ref);
      }
    } catch (IllegalArgumentException e) {
      throw new io.floe.NotFoundException("Cannot time-travel table " + name + ": " + e.getMessage(), e);
    }
    if (columns != null) {
      Schema base = scan.schema();
      for (String column : columns) {
        Object field = caseSensitive ? base.findField(column) : base.caseInsensitiveFindField(column);
        if (field == null) {
          throw new ValidationException(
              "Table " + name + " has no column '" + column + "'; columns are "
                  + base.columns().stream().map(f -> f.name()).toList(), name, column, null);
        }
      }
      scan = scan.select(columns);
    }
    if (filter != Expressions.alwaysTrue()) {
      scan = scan.filter(filter);
    }
    try {
      scan.schema();
      // binds the filter now, so an unknown column fails here with a clear message
      if (filter != Expressions.alwaysTrue()) {
        org.apache.iceberg.expressions.Binder.bind(scan.table().schemas().get(schemaIdOf(scan)).asStruct(), filter, caseSensitive);
      }
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException
        | org.apache.iceberg.exceptions.ValidationException e) {
      // a literal Iceberg cannot convert to the column's type (such as "x" for a timestamp) fails
      // with DateTimeParseException or NumberFormatException
      throw invalid(e);
    }
    return scan;
  }

  private static int schemaIdOf(TableScan scan) {
    return scan.snapshot() == null || scan.snapshot().schemaId() == null
        ? scan.table().schema().schemaId() : scan.snapshot().schemaId();
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
        "Invalid scan of table " + name + ": " + message
            + (column == null ? "" : "; columns are " + table.schema().columns().stream().map(f -> f.name()).toList()),
        name, column, e);
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
    if (columns == null) {
      return scan.schema();
    }
    Schema base = scan.table().schemas().get(schemaIdOf(scan));
    return caseSensitive ? base.select(columns) : base.caseInsensitiveSelect(columns);
  }

  @Override
  public CloseableIterable<Row> rows() {
    TableScan scan = icebergScan();
    return Errors.translate(name, () -> new RowIterable(name, table, scan, projection(scan), limit));
  }

  @Override
  public long count() {
    TableScan scan = icebergScan();
    long total = 0;
    boolean exact = true;
    try (CloseableIterable<FileScanTask> tasks = io.floe.impl.plan.Planner.planFiles(scan)) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty() || task.residual() != Expressions.alwaysTrue()) {
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
      return Math.min(total, limit);
    }
    long n = 0;
    try (CloseableIterable<Row> rows = new RowIterable(name, table, scan, projection(scan), limit)) {
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
    return planTasks(icebergScan(), org.apache.iceberg.util.PropertyUtil.propertyAsLong(table.properties(),
        org.apache.iceberg.TableProperties.SPLIT_SIZE, org.apache.iceberg.TableProperties.SPLIT_SIZE_DEFAULT));
  }

  @Override
  public List<io.floe.ReadTask> planTasks(long targetSplitBytes) {
    if (targetSplitBytes < 1) {
      throw new IllegalArgumentException("Target split size must be at least 1 byte: " + targetSplitBytes);
    }
    return planTasks(icebergScan(), targetSplitBytes);
  }

  private List<io.floe.ReadTask> planTasks(TableScan scan, long splitSize) {
    Schema projection = projection(scan);
    Schema requested = scan.schema();
    long snapshot = scan.snapshot() == null ? -1 : scan.snapshot().snapshotId();
    Map<String, String> props = table.properties();
    int lookback = org.apache.iceberg.util.PropertyUtil.propertyAsInt(props,
        org.apache.iceberg.TableProperties.SPLIT_LOOKBACK, org.apache.iceberg.TableProperties.SPLIT_LOOKBACK_DEFAULT);
    long openFileCost = org.apache.iceberg.util.PropertyUtil.propertyAsLong(props,
        org.apache.iceberg.TableProperties.SPLIT_OPEN_FILE_COST,
        org.apache.iceberg.TableProperties.SPLIT_OPEN_FILE_COST_DEFAULT);
    org.apache.iceberg.mapping.NameMapping mapping = RowIterable.nameMapping(table);
    List<io.floe.ReadTask> result = new java.util.ArrayList<>();
    // Floe's planner (no sleep-polling), then Iceberg's own split and bin-packing of file ranges
    // closing the groups closes the planned files (once: Iceberg's planner refuses a second close)
    try (CloseableIterable<org.apache.iceberg.CombinedScanTask> groups = org.apache.iceberg.util.TableScanUtil.planTasks(
        org.apache.iceberg.util.TableScanUtil.splitFiles(io.floe.impl.plan.Planner.planFiles(scan), splitSize),
        splitSize, lookback, openFileCost)) {
      for (org.apache.iceberg.CombinedScanTask group : groups) {
        result.add(new ReadTaskImpl(name, snapshot, table.io(), table.schema(), requested, projection,
            caseSensitive, limit, group, mapping));
      }
    } catch (java.io.IOException e) {
      throw Errors.io("plan", name, e);
    } catch (RuntimeException e) {
      throw Errors.translate(name, e);
    }
    return java.util.Collections.unmodifiableList(result);
  }

  @Override
  public String toString() {
    return "Scan{" + name + ", columns=" + (columns == null ? "*" : columns) + ", filter=" + filter + "}";
  }
}
