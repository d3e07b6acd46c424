package io.floe.impl.evolve;

import io.floe.IncrementalScan;
import io.floe.RowStream;
import io.floe.impl.spi.ScanPlan;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.IncrementalAppendScan;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/** {@link IncrementalScan} over Iceberg's incremental append scan, read by Floe. */
public final class IncrementalScanImpl extends RangeScan<IncrementalScan>
    implements IncrementalScan {
  private IncrementalScanImpl(String name, Table table, ScanRange range) {
    super(name, table, range);
  }

  /**
   * A scan of everything appended to the main branch.
   *
   * @param name the table's full name
   * @param table the table
   * @return the scan
   */
  public static IncrementalScanImpl of(String name, Table table) {
    return new IncrementalScanImpl(name, table, ScanRange.ALL);
  }

  @Override
  public IncrementalScan useBranch(String branchName) {
    return with(range.branch(branchName));
  }

  @Override
  public <T> io.floe.ObjectStream<T> as(Class<T> type) {
    Objects.requireNonNull(type, "type");
    // without a select, read only the columns the class needs
    ScanPlan plan =
        range.columns() == null
            ? with(range.select(io.floe.impl.read.ObjectReader.columns(name, type, schema())))
                .plan()
            : plan();
    return io.floe.impl.read.ObjectReader.of(name, type, plan.projected())
        .read(RowStream.of(plan.rows()));
  }

  @Override
  public Schema schema() {
    return Ranges.projection(name, table.schema(), range.columns());
  }

  @Override
  public RowStream rows() {
    return RowStream.of(plan().rows());
  }

  @Override
  public ScanPlan plan() {
    Schema projection = schema();
    Expression filter = range.filter();
    Schema readSchema = Ranges.readSchema(name, table.schema(), projection, filter, Set.of());
    Snapshot end = Ranges.end(name, table, range.to(), range.branch());
    // validates the range eagerly, with Floe's messages
    boolean empty =
        Ranges.between(name, table, range.fromExclusive(), range.fromInclusive(), end).isEmpty();
    return ScanPlan.builder(name, table)
        .snapshot(end)
        .requested(readSchema)
        .projected(projection)
        .filter(filter)
        .planning(empty ? null : reporter -> planFiles(end))
        .rows(plan -> empty ? CloseableIterable.empty() : new TaskRows(plan))
        .build();
  }

  private CloseableIterable<FileScanTask> planFiles(Snapshot end) {
    IncrementalAppendScan scan = table.newIncrementalAppendScan().toSnapshot(end.snapshotId());
    if (range.fromExclusive() != null) {
      scan = scan.fromSnapshotExclusive(range.fromExclusive());
    } else if (range.fromInclusive() != null) {
      scan = scan.fromSnapshotInclusive(range.fromInclusive());
    }
    Expression filter = range.filter();
    if (filter != Expressions.alwaysTrue()) {
      // pruning only: rows are filtered by RecordProjector with Floe's semantics
      scan =
          scan.filter(
              io.floe.impl.read.Filters.withTruncateOverflow(
                  io.floe.impl.read.Filters.pruningOf(filter, table.schema().asStruct(), true),
                  table));
    }
    return io.floe.impl.plan.Planner.withFloeResiduals(
        scan.planFiles(), filter, table.schema().asStruct(), true);
  }

  @Override
  IncrementalScanImpl with(ScanRange refined) {
    return new IncrementalScanImpl(name, table, refined);
  }

  @Override
  String kind() {
    return "Incremental scan";
  }

  @Override
  public String toString() {
    return "IncrementalScan{" + name + ", " + range.bounds() + "}";
  }
}
