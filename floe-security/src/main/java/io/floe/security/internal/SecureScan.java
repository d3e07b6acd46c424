package io.floe.security.internal;

import io.floe.Filter;
import io.floe.ObjectStream;
import io.floe.ReadTask;
import io.floe.RowStream;
import io.floe.Scan;
import io.floe.impl.spi.ScanPlan;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;

/**
 * A table scan for one principal: the one place where the policy meets a table scan. The caller's
 * projection and filter are checked as they are given (denied columns refused; filters on denied or
 * masked columns refused); when the scan is planned, denied columns are left out of a scan without
 * a select, the principal's row filters are ANDed to the caller's filter (so they prune files and
 * row groups like any filter), and the plan carries the column masks, which the row reader, read
 * tasks and the Arrow reader apply after filtering. Every read path ({@link #rows}, {@link #as},
 * {@link #count}, {@link #planTasks}, Arrow through {@link ScanPlan#of}) goes through {@link
 * #plan()}. Immutable.
 */
final class SecureScan implements Scan, ScanPlan.Source {
  private final SecureTable table;
  private final Scan inner;
  private final List<String> columns;
  private final Expression filter;
  private final boolean caseSensitive;

  SecureScan(
      SecureTable table,
      Scan inner,
      List<String> columns,
      Expression filter,
      boolean caseSensitive) {
    this.table = table;
    this.inner = inner;
    this.columns = columns;
    this.filter = filter;
    this.caseSensitive = caseSensitive;
  }

  private SecureScan with(Scan refined) {
    return new SecureScan(table, refined, columns, filter, caseSensitive);
  }

  @Override
  public Scan select(String... names) {
    return select(Arrays.asList(Objects.requireNonNull(names, "columns")));
  }

  @Override
  public Scan select(Collection<String> names) {
    List<String> copy = List.copyOf(Objects.requireNonNull(names, "columns"));
    table.checkColumns(table.requireRead(), copy, caseSensitive);
    return new SecureScan(table, inner.select(copy), copy, filter, caseSensitive);
  }

  @Override
  public Scan where(Expression expr) {
    Objects.requireNonNull(expr, "filter");
    table.checkFilter(table.requireRead(), expr, caseSensitive);
    Expression all =
        filter == null ? expr : org.apache.iceberg.expressions.Expressions.and(filter, expr);
    return new SecureScan(table, inner.where(expr), columns, all, caseSensitive);
  }

  @Override
  public Scan where(String text) {
    return where(Filter.parse(Objects.requireNonNull(text, "filter")));
  }

  @Override
  public Scan caseInsensitive() {
    return new SecureScan(table, inner.caseInsensitive(), columns, filter, false);
  }

  @Override
  public Scan asOfSnapshot(long snapshotId) {
    return with(inner.asOfSnapshot(snapshotId));
  }

  @Override
  public Scan asOfTime(Instant time) {
    return with(inner.asOfTime(time));
  }

  @Override
  public Scan useRef(String ref) {
    return with(inner.useRef(ref));
  }

  @Override
  public Scan limit(long maxRows) {
    return with(inner.limit(maxRows));
  }

  /** The inner scan with the policy's projection and row filters; checks again (reloads). */
  private Scan enforced(Access access) {
    table.checkColumns(access, columns, caseSensitive);
    if (filter != null) {
      table.checkFilter(access, filter, caseSensitive);
    }
    Scan scan = inner;
    if (columns == null && !access.denied.isEmpty()) {
      scan = scan.select(table.allowedColumns(access));
    }
    Expression rows = access.rowFilter();
    if (rows != null) {
      scan = scan.where(rows);
    }
    return scan;
  }

  @Override
  public ScanPlan plan() {
    Access access = table.requireRead();
    Scan scan = enforced(access);
    ScanPlan plan = ScanPlan.of(scan);
    return plan.withMasking(access.masking(table.inner.schema(), table.principal));
  }

  @Override
  public Schema schema() {
    return enforced(table.requireRead()).schema();
  }

  @Override
  public RowStream rows() {
    return RowStream.of(plan().rows());
  }

  @Override
  public <T> ObjectStream<T> as(Class<T> type) {
    return plan().objects(type);
  }

  @Override
  public long count() {
    // masks do not change the count; the row filters do
    return enforced(table.requireRead()).count();
  }

  @Override
  public io.floe.ScanExplanation explain() {
    Access access = table.requireRead();
    io.floe.ScanExplanation plan = enforced(access).explain();
    if (access.denied.isEmpty() && access.masks.isEmpty()) {
      return plan;
    }
    // partition values and residuals could show values of columns the principal may not see
    List<io.floe.ScanExplanation.FileToRead> files = new java.util.ArrayList<>();
    for (io.floe.ScanExplanation.FileToRead f : plan.files()) {
      files.add(
          new io.floe.ScanExplanation.FileToRead(
              f.path(),
              f.partition().isEmpty() ? "" : HIDDEN,
              f.records(),
              f.bytes(),
              f.deleteFiles(),
              "true".equals(f.residual()) ? "true" : HIDDEN));
    }
    return new io.floe.ScanExplanation(
        plan.table(),
        plan.snapshotId(),
        plan.columns(),
        HIDDEN,
        files,
        plan.skippedDataFiles(),
        plan.skippedManifests(),
        plan.planning());
  }

  /** What an explanation shows instead of values a policy may hide. */
  private static final String HIDDEN = "(hidden by policy)";

  @Override
  public List<ReadTask> planTasks() {
    long split =
        org.apache.iceberg.util.PropertyUtil.propertyAsLong(
            table.inner.properties(),
            org.apache.iceberg.TableProperties.SPLIT_SIZE,
            org.apache.iceberg.TableProperties.SPLIT_SIZE_DEFAULT);
    return planTasks(split);
  }

  @Override
  public List<ReadTask> planTasks(long targetSplitBytes) {
    // each task carries the enforced plan (projection, residual with the row filters, masks)
    return plan().readTasks(targetSplitBytes);
  }

  @Override
  public String toString() {
    return "SecureScan{" + inner + " as " + table.principal + "}";
  }
}
