package io.floe.impl.read;

import io.floe.NotFoundException;
import io.floe.RowStream;
import io.floe.Scan;
import io.floe.impl.spi.ScanPlan;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * The refinement chain that Floe's scans share: what to read ({@link Options}) and the {@link Scan}
 * methods that return a refined copy. Subclasses say how a copy is made ({@link #with(Options)})
 * and what is read. Immutable and thread-safe.
 */
public abstract class RefinableScan implements Scan, ScanPlan.Source {
  /** The scanned table's full name, for messages. */
  protected final String name;

  /** What the scan reads. */
  protected final Options options;

  /**
   * What a scan reads.
   *
   * @param columns the selected columns, null for all
   * @param filter the filter, {@code alwaysTrue()} for none
   * @param caseSensitive whether column names match case-sensitively
   * @param snapshotId the snapshot to read, or null
   * @param asOf the time to read the table as of, or null
   * @param ref the branch or tag to read, or null
   * @param limit the most rows to return, {@code Long.MAX_VALUE} for no limit
   */
  public record Options(
      List<String> columns,
      Expression filter,
      boolean caseSensitive,
      Long snapshotId,
      Instant asOf,
      String ref,
      long limit) {
    /** Every row and column of the current snapshot. */
    public static final Options ALL =
        new Options(null, Expressions.alwaysTrue(), true, null, null, null, Long.MAX_VALUE);

    /**
     * Whether the scan travels to a snapshot, time or ref.
     *
     * @return true when it does
     */
    public boolean travels() {
      return snapshotId != null || asOf != null || ref != null;
    }
  }

  /**
   * Creates a scan.
   *
   * @param name the scanned table's full name
   * @param options what it reads
   */
  protected RefinableScan(String name, Options options) {
    this.name = name;
    this.options = options;
  }

  /**
   * A scan of the same table that reads other rows.
   *
   * @param refined what the new scan reads
   * @return the new scan
   */
  protected abstract Scan with(Options refined);

  @Override
  public Scan select(String... names) {
    return select(Arrays.asList(Objects.requireNonNull(names, "columns")));
  }

  @Override
  public Scan select(Collection<String> names) {
    Objects.requireNonNull(names, "columns");
    names.forEach(n -> Objects.requireNonNull(n, "column"));
    Options o = options;
    return with(
        new Options(
            List.copyOf(names), o.filter, o.caseSensitive, o.snapshotId, o.asOf, o.ref, o.limit));
  }

  @Override
  public Scan where(Expression expr) {
    Objects.requireNonNull(expr, "filter");
    Options o = options;
    return with(
        new Options(
            o.columns,
            Expressions.and(o.filter, expr),
            o.caseSensitive,
            o.snapshotId,
            o.asOf,
            o.ref,
            o.limit));
  }

  @Override
  public Scan where(String filter) {
    return where(FilterParser.parse(filter, name));
  }

  @Override
  public <T> io.floe.ObjectStream<T> as(Class<T> type) {
    Objects.requireNonNull(type, "type");
    ScanPlan plan = plan();
    if (options.columns == null) {
      // without a select, read only the columns the class needs
      plan = ((RefinableScan) select(ObjectReader.columns(name, type, plan.projected()))).plan();
    }
    return ObjectReader.of(name, type, plan.projected()).read(RowStream.of(plan.rows()));
  }

  @Override
  public io.floe.ScanExplanation explain() {
    ScanPlan plan = plan();
    ScanPlan.Tasks tasks = plan.planned();
    List<io.floe.ScanExplanation.FileToRead> files = new java.util.ArrayList<>();
    for (org.apache.iceberg.FileScanTask task : tasks.files()) {
      org.apache.iceberg.DataFile file = task.file();
      org.apache.iceberg.PartitionSpec spec = task.spec();
      String partition =
          spec.isUnpartitioned() ? "" : spec.partitionToPath(file.partition()).replace('/', ',');
      files.add(
          new io.floe.ScanExplanation.FileToRead(
              file.location(),
              partition,
              file.recordCount(),
              file.fileSizeInBytes(),
              task.deletes().size(),
              task.residual().toString()));
    }
    List<String> columns = new java.util.ArrayList<>();
    plan.projected().columns().forEach(c -> columns.add(c.name()));
    return new io.floe.ScanExplanation(
        name,
        plan.snapshotId(),
        columns,
        plan.filter().toString(),
        files,
        tasks.skippedFiles(),
        tasks.skippedManifests(),
        java.time.Duration.ofNanos(plan.planningNanos()));
  }

  @Override
  public Scan caseInsensitive() {
    Options o = options;
    return with(new Options(o.columns, o.filter, false, o.snapshotId, o.asOf, o.ref, o.limit));
  }

  @Override
  public Scan asOfSnapshot(long id) {
    checkNoTimeTravel();
    Options o = options;
    return with(new Options(o.columns, o.filter, o.caseSensitive, id, null, null, o.limit));
  }

  @Override
  public Scan asOfTime(Instant time) {
    Objects.requireNonNull(time, "time");
    checkNoTimeTravel();
    Options o = options;
    return with(new Options(o.columns, o.filter, o.caseSensitive, null, time, null, o.limit));
  }

  @Override
  public Scan useRef(String refName) {
    Objects.requireNonNull(refName, "ref");
    checkNoTimeTravel();
    Options o = options;
    return with(new Options(o.columns, o.filter, o.caseSensitive, null, null, refName, o.limit));
  }

  @Override
  public Scan limit(long maxRows) {
    if (maxRows < 0) {
      throw new IllegalArgumentException("Limit must not be negative: " + maxRows);
    }
    Options o = options;
    return with(
        new Options(o.columns, o.filter, o.caseSensitive, o.snapshotId, o.asOf, o.ref, maxRows));
  }

  private void checkNoTimeTravel() {
    Options o = options;
    if (o.travels()) {
      throw new IllegalStateException(
          "Scan of "
              + name
              + " already reads "
              + (o.snapshotId != null
                  ? "snapshot " + o.snapshotId
                  : o.asOf != null ? "as of " + o.asOf : "ref " + o.ref)
              + "; choose one of asOfSnapshot, asOfTime, useRef");
    }
  }

  /**
   * Points an Iceberg scan at the snapshot, time or ref this scan reads.
   *
   * @param table the table the scan reads (a data or metadata table)
   * @param scan the Iceberg scan of {@code table}
   * @return the scan, travelled
   * @throws NotFoundException when the snapshot, ref or a snapshot at that time does not exist
   */
  protected TableScan travel(Table table, TableScan scan) {
    Options o = options;
    try {
      if (o.snapshotId != null) {
        if (table.snapshot(o.snapshotId) == null) {
          throw ReadErrors.noSnapshot(name, o.snapshotId);
        }
        return scan.useSnapshot(o.snapshotId);
      } else if (o.asOf != null) {
        return scan.asOfTime(o.asOf.toEpochMilli());
      } else if (o.ref != null) {
        if (table.refs().get(o.ref) == null) {
          throw ReadErrors.noBranchOrTag(name, o.ref);
        }
        return scan.useRef(o.ref);
      }
      return scan;
    } catch (IllegalArgumentException e) {
      throw ReadErrors.cannotTimeTravel(name, e);
    }
  }

  @Override
  public String toString() {
    return "Scan{"
        + name
        + ", columns="
        + (options.columns == null ? "*" : options.columns)
        + ", filter="
        + options.filter
        + "}";
  }
}
