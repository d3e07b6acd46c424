package io.floe.impl.evolve;

import io.floe.IncrementalScan;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.impl.spi.Errors;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.IncrementalAppendScan;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/** {@link IncrementalScan} over Iceberg's incremental append scan, read by Floe. */
public final class IncrementalScanImpl implements IncrementalScan {
  private final String name;
  private final Table table;
  private final Long fromExclusive;
  private final Long fromInclusive;
  private final Long to;
  private final String branch;
  private final List<String> columns;
  private final Expression filter;

  private IncrementalScanImpl(
      String name,
      Table table,
      Long fromExclusive,
      Long fromInclusive,
      Long to,
      String branch,
      List<String> columns,
      Expression filter) {
    this.name = name;
    this.table = table;
    this.fromExclusive = fromExclusive;
    this.fromInclusive = fromInclusive;
    this.to = to;
    this.branch = branch;
    this.columns = columns;
    this.filter = filter;
  }

  /**
   * A scan of everything appended to the main branch.
   *
   * @param name the table's full name
   * @param table the table
   * @return the scan
   */
  public static IncrementalScanImpl of(String name, Table table) {
    return new IncrementalScanImpl(
        name, table, null, null, null, null, null, Expressions.alwaysTrue());
  }

  private void checkNoStart() {
    if (fromExclusive != null || fromInclusive != null) {
      throw new IllegalStateException(
          "Incremental scan of "
              + name
              + " already starts at snapshot "
              + (fromExclusive != null ? fromExclusive : fromInclusive));
    }
  }

  @Override
  public IncrementalScan fromSnapshotExclusive(long snapshotId) {
    checkNoStart();
    return new IncrementalScanImpl(name, table, snapshotId, null, to, branch, columns, filter);
  }

  @Override
  public IncrementalScan fromSnapshotInclusive(long snapshotId) {
    checkNoStart();
    return new IncrementalScanImpl(name, table, null, snapshotId, to, branch, columns, filter);
  }

  @Override
  public IncrementalScan toSnapshot(long snapshotId) {
    return new IncrementalScanImpl(
        name, table, fromExclusive, fromInclusive, snapshotId, branch, columns, filter);
  }

  @Override
  public IncrementalScan useBranch(String branchName) {
    Objects.requireNonNull(branchName, "branch");
    return new IncrementalScanImpl(
        name, table, fromExclusive, fromInclusive, to, branchName, columns, filter);
  }

  @Override
  public IncrementalScan select(String... names) {
    Objects.requireNonNull(names, "columns");
    return new IncrementalScanImpl(
        name, table, fromExclusive, fromInclusive, to, branch, Ranges.columns(names), filter);
  }

  @Override
  public IncrementalScan where(Expression expr) {
    Objects.requireNonNull(expr, "filter");
    return new IncrementalScanImpl(
        name,
        table,
        fromExclusive,
        fromInclusive,
        to,
        branch,
        columns,
        Expressions.and(filter, expr));
  }

  @Override
  public IncrementalScan where(String text) {
    return where(io.floe.impl.read.FilterParser.parse(text, name));
  }

  @Override
  public <T> io.floe.ObjectStream<T> as(Class<T> type) {
    Objects.requireNonNull(type, "type");
    // without a select, read only the columns the class needs
    IncrementalScan scan =
        columns == null
            ? select(
                io.floe.impl.read.ObjectReader.columns(name, type, schema()).toArray(new String[0]))
            : this;
    io.floe.impl.read.ObjectReader<T> reader =
        io.floe.impl.read.ObjectReader.of(name, type, scan.schema());
    return reader.read(scan.rows());
  }

  @Override
  public Schema schema() {
    return Ranges.projection(name, table.schema(), columns);
  }

  @Override
  public RowStream rows() {
    return RowStream.of(openRows());
  }

  private CloseableIterable<Row> openRows() {
    Schema projection = schema();
    Schema readSchema = Ranges.readSchema(name, table.schema(), projection, filter, Set.of());
    Snapshot end = Ranges.end(name, table, to, branch);
    // validates the range eagerly, with Floe's messages
    List<Snapshot> range = Ranges.between(name, table, fromExclusive, fromInclusive, end);
    if (range.isEmpty()) {
      return CloseableIterable.empty();
    }
    return new TaskRows(
        name,
        table,
        () ->
            Errors.translate(
                name,
                () -> {
                  IncrementalAppendScan scan =
                      table.newIncrementalAppendScan().toSnapshot(end.snapshotId());
                  if (fromExclusive != null) {
                    scan = scan.fromSnapshotExclusive(fromExclusive);
                  } else if (fromInclusive != null) {
                    scan = scan.fromSnapshotInclusive(fromInclusive);
                  }
                  if (filter != Expressions.alwaysTrue()) {
                    // pruning only: rows are filtered by RecordProjector with Floe's semantics
                    scan =
                        scan.filter(
                            io.floe.impl.read.Filters.withTruncateOverflow(
                                io.floe.impl.read.Filters.pruningOf(
                                    filter, table.schema().asStruct(), true),
                                table));
                  }
                  return io.floe.impl.plan.Planner.withFloeResiduals(
                      scan.planFiles(), filter, table.schema().asStruct(), true);
                }),
        readSchema,
        projection,
        filter,
        true);
  }

  @Override
  public String toString() {
    return "IncrementalScan{"
        + name
        + ", from="
        + (fromExclusive != null ? fromExclusive + " (exclusive)" : fromInclusive)
        + ", to="
        + to
        + "}";
  }
}
