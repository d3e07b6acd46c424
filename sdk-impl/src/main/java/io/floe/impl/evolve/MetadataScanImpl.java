package io.floe.impl.evolve;

import io.floe.MetadataTableType;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.Scan;
import io.floe.ValidationException;
import io.floe.impl.Errors;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataTableUtils;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.util.StructProjection;

/**
 * A {@link Scan} of a metadata table: Iceberg plans it (pruning by the filter where it can), Floe
 * evaluates the filter exactly and converts the rows from Iceberg's internal representation.
 */
public final class MetadataScanImpl implements Scan {
  private final String name;
  private final Table metadataTable;
  private final List<String> columns;
  private final Expression filter;
  private final boolean caseSensitive;
  private final Long snapshotId;
  private final Instant asOf;
  private final String ref;
  private final long limit;

  private MetadataScanImpl(String name, Table metadataTable, List<String> columns, Expression filter,
      boolean caseSensitive, Long snapshotId, Instant asOf, String ref, long limit) {
    this.name = name;
    this.metadataTable = metadataTable;
    this.columns = columns;
    this.filter = filter;
    this.caseSensitive = caseSensitive;
    this.snapshotId = snapshotId;
    this.asOf = asOf;
    this.ref = ref;
    this.limit = limit;
  }

  /**
   * The Iceberg metadata table of a given type.
   *
   * @param table the data table
   * @param type the metadata table type
   * @return the metadata table, readable with Iceberg's scans
   */
  public static Table icebergMetadataTable(Table table, MetadataTableType type) {
    Objects.requireNonNull(type, "type");
    return MetadataTableUtils.createMetadataTableInstance(
        table, org.apache.iceberg.MetadataTableType.valueOf(type.name()));
  }

  /**
   * A scan of all rows of a metadata table.
   *
   * @param name the data table's full name
   * @param table the data table
   * @param type the metadata table type
   * @return the scan
   */
  public static MetadataScanImpl of(String name, Table table, MetadataTableType type) {
    return new MetadataScanImpl(name + "." + type.name().toLowerCase(java.util.Locale.ROOT),
        icebergMetadataTable(table, type), null, Expressions.alwaysTrue(), true, null, null, null, Long.MAX_VALUE);
  }

  @Override
  public Scan select(String... names) {
    return select(Arrays.asList(Objects.requireNonNull(names, "columns")));
  }

  @Override
  public Scan select(Collection<String> names) {
    Objects.requireNonNull(names, "columns");
    names.forEach(n -> Objects.requireNonNull(n, "column"));
    return new MetadataScanImpl(name, metadataTable, List.copyOf(names), filter, caseSensitive, snapshotId, asOf,
        ref, limit);
  }

  @Override
  public Scan where(Expression expr) {
    Objects.requireNonNull(expr, "filter");
    return new MetadataScanImpl(name, metadataTable, columns, Expressions.and(filter, expr), caseSensitive,
        snapshotId, asOf, ref, limit);
  }

  @Override
  public Scan caseInsensitive() {
    return new MetadataScanImpl(name, metadataTable, columns, filter, false, snapshotId, asOf, ref, limit);
  }

  private void checkNoTimeTravel() {
    if (snapshotId != null || asOf != null || ref != null) {
      throw new IllegalStateException("Scan of " + name + " already chose a snapshot; use one of asOfSnapshot, "
          + "asOfTime, useRef");
    }
  }

  @Override
  public Scan asOfSnapshot(long id) {
    checkNoTimeTravel();
    return new MetadataScanImpl(name, metadataTable, columns, filter, caseSensitive, id, null, null, limit);
  }

  @Override
  public Scan asOfTime(Instant time) {
    Objects.requireNonNull(time, "time");
    checkNoTimeTravel();
    return new MetadataScanImpl(name, metadataTable, columns, filter, caseSensitive, null, time, null, limit);
  }

  @Override
  public Scan useRef(String refName) {
    Objects.requireNonNull(refName, "ref");
    checkNoTimeTravel();
    return new MetadataScanImpl(name, metadataTable, columns, filter, caseSensitive, null, null, refName, limit);
  }

  @Override
  public Scan limit(long maxRows) {
    if (maxRows < 0) {
      throw new IllegalArgumentException("Limit must not be negative: " + maxRows);
    }
    return new MetadataScanImpl(name, metadataTable, columns, filter, caseSensitive, snapshotId, asOf, ref, maxRows);
  }

  @Override
  public Schema schema() {
    Schema full = metadataTable.schema();
    if (columns == null) {
      return full;
    }
    for (String column : columns) {
      Object field = caseSensitive ? full.findField(column) : full.caseInsensitiveFindField(column);
      if (field == null) {
        throw new ValidationException("Metadata table " + name + " has no column '" + column + "'; columns are "
            + full.columns().stream().map(f -> f.name()).toList(), name, column, null);
      }
    }
    return caseSensitive ? full.select(columns) : full.caseInsensitiveSelect(columns);
  }

  private TableScan icebergScan() {
    TableScan scan = metadataTable.newScan().caseSensitive(caseSensitive);
    Table base = metadataTable;
    try {
      if (snapshotId != null) {
        scan = scan.useSnapshot(snapshotId);
      } else if (asOf != null) {
        scan = scan.asOfTime(asOf.toEpochMilli());
      } else if (ref != null) {
        scan = scan.useRef(ref);
      }
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("Cannot time-travel " + name + ": " + e.getMessage(), e);
    }
    if (filter != Expressions.alwaysTrue()) {
      try {
        scan = scan.filter(filter);
        new Evaluator(base.schema().asStruct(), filter, caseSensitive);
      } catch (RuntimeException e) {
        throw new ValidationException("Invalid filter on " + name + ": " + e.getMessage() + "; columns are "
            + base.schema().columns().stream().map(f -> f.name()).toList(), name, null, e);
      }
    }
    return scan;
  }

  @Override
  public CloseableIterable<Row> rows() {
    Schema projection = schema();
    return rows(projection, struct -> ValueRow.fromInternal(projection.asStruct(), struct));
  }

  /**
   * The scan's rows in Iceberg's internal representation (timestamps as microseconds, strings as
   * {@code CharSequence}, structs as {@code StructLike}), projected to {@link #schema()}, filtered
   * and limited; for columnar readers. A row is valid only until the next one is read.
   *
   * @return the rows; close them when done
   */
  public CloseableIterable<StructLike> internalRows() {
    return rows(schema(), struct -> struct);
  }

  /**
   * The table's full name with the metadata table's, such as {@code db.events.files}.
   *
   * @return the name
   */
  public String tableName() {
    return name;
  }

  private <T> CloseableIterable<T> rows(Schema projection, java.util.function.Function<StructLike, T> convert) {
    TableScan scan = icebergScan();
    return new CloseableIterable<>() {
      private MetadataRows<T> last;

      @Override
      public CloseableIterator<T> iterator() {
        last = new MetadataRows<>(scan, projection, convert);
        return last;
      }

      @Override
      public void close() throws IOException {
        if (last != null) {
          last.close();
        }
      }
    };
  }

  @Override
  public long count() {
    long n = 0;
    try (CloseableIterable<Row> rows = rows()) {
      for (Row ignored : rows) {
        n++;
      }
    } catch (IOException e) {
      throw Errors.io("read", name, e);
    }
    return n;
  }

  private final class MetadataRows<T> implements CloseableIterator<T> {
    private final TableScan scan;
    private final Schema projection;
    private final java.util.function.Function<StructLike, T> convert;
    private final Evaluator evaluator;
    private final StructProjection projector;
    private CloseableIterable<FileScanTask> tasks;
    private Iterator<FileScanTask> taskIterator;
    private CloseableIterable<StructLike> taskRows;
    private Iterator<StructLike> rows;
    private T next;
    private long returned;
    private boolean closed;

    MetadataRows(TableScan scan, Schema projection, java.util.function.Function<StructLike, T> convert) {
      this.scan = scan;
      this.projection = projection;
      this.convert = convert;
      Schema full = metadataTable.schema();
      this.evaluator = filter == Expressions.alwaysTrue() ? null
          : new Evaluator(full.asStruct(), filter, caseSensitive);
      this.projector = columns == null ? null : StructProjection.create(full, projection);
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (closed || returned >= limit) {
        return false;
      }
      try {
        while (true) {
          if (rows != null && rows.hasNext()) {
            StructLike row = rows.next();
            if (evaluator == null || evaluator.eval(row)) {
              StructLike projected = projector == null ? row : projector.wrap(row);
              next = convert.apply(projected);
              returned++;
              return true;
            }
            continue;
          }
          closeTaskRows();
          if (taskIterator == null) {
            tasks = scan.planFiles();
            taskIterator = tasks.iterator();
          }
          if (!taskIterator.hasNext()) {
            close();
            return false;
          }
          FileScanTask task = taskIterator.next();
          taskRows = task.asDataTask().rows();
          rows = taskRows.iterator();
        }
      } catch (IOException e) {
        throw Errors.io("read", name, e);
      } catch (RuntimeException e) {
        throw Errors.translate(name, e);
      }
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T row = next;
      next = null;
      return row;
    }

    private void closeTaskRows() throws IOException {
      if (taskRows != null) {
        try {
          taskRows.close();
        } finally {
          taskRows = null;
          rows = null;
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        closeTaskRows();
      } finally {
        if (tasks != null) {
          tasks.close();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Scan{" + name + ", columns=" + (columns == null ? "*" : columns) + ", filter=" + filter + "}";
  }
}
