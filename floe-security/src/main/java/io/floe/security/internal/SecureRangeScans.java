package io.floe.security.internal;

import io.floe.ChangelogScan;
import io.floe.Filter;
import io.floe.IncrementalScan;
import io.floe.ObjectStream;
import io.floe.RowStream;
import io.floe.impl.spi.ScanPlan;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Incremental and changelog scans for one principal, enforced like {@link SecureScan}: projection
 * and filter checked as given; at planning, denied columns left out, row filters ANDed, masks
 * carried by the plan (the change columns are never masked).
 */
final class SecureRangeScans {
  private SecureRangeScans() {}

  static final class Incremental implements IncrementalScan, ScanPlan.Source {
    private final SecureTable table;
    private final IncrementalScan inner;
    private final List<String> columns;
    private final Expression filter;

    Incremental(SecureTable table, IncrementalScan inner, List<String> columns, Expression filter) {
      this.table = table;
      this.inner = inner;
      this.columns = columns;
      this.filter = filter;
    }

    private Incremental with(IncrementalScan refined) {
      return new Incremental(table, refined, columns, filter);
    }

    @Override
    public IncrementalScan fromSnapshotExclusive(long snapshotId) {
      return with(inner.fromSnapshotExclusive(snapshotId));
    }

    @Override
    public IncrementalScan fromSnapshotInclusive(long snapshotId) {
      return with(inner.fromSnapshotInclusive(snapshotId));
    }

    @Override
    public IncrementalScan toSnapshot(long snapshotId) {
      return with(inner.toSnapshot(snapshotId));
    }

    @Override
    public IncrementalScan useBranch(String branch) {
      return with(inner.useBranch(branch));
    }

    @Override
    public IncrementalScan select(String... names) {
      List<String> copy = List.copyOf(Arrays.asList(Objects.requireNonNull(names, "columns")));
      table.checkColumns(table.requireRead(), copy, true);
      return new Incremental(table, inner.select(names), copy, filter);
    }

    @Override
    public IncrementalScan where(Expression expr) {
      table.checkFilter(table.requireRead(), Objects.requireNonNull(expr, "filter"), true);
      return new Incremental(
          table, inner.where(expr), columns, filter == null ? expr : Expressions.and(filter, expr));
    }

    @Override
    public IncrementalScan where(String text) {
      return where(Filter.parse(text));
    }

    private IncrementalScan enforced(Access access) {
      table.checkColumns(access, columns, true);
      if (filter != null) {
        table.checkFilter(access, filter, true);
      }
      IncrementalScan scan = inner;
      if (columns == null && !access.denied.isEmpty()) {
        scan = scan.select(table.allowedColumns(access).toArray(String[]::new));
      }
      Expression rows = access.rowFilter();
      return rows == null ? scan : scan.where(rows);
    }

    @Override
    public ScanPlan plan() {
      Access access = table.requireRead();
      return ScanPlan.of(enforced(access))
          .withMasking(access.masking(table.inner.schema(), table.principal));
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
  }

  static final class Changelog implements ChangelogScan, ScanPlan.Source {
    private final SecureTable table;
    private final ChangelogScan inner;
    private final List<String> columns;
    private final Expression filter;

    Changelog(SecureTable table, ChangelogScan inner, List<String> columns, Expression filter) {
      this.table = table;
      this.inner = inner;
      this.columns = columns;
      this.filter = filter;
    }

    private Changelog with(ChangelogScan refined) {
      return new Changelog(table, refined, columns, filter);
    }

    @Override
    public ChangelogScan fromSnapshotExclusive(long snapshotId) {
      return with(inner.fromSnapshotExclusive(snapshotId));
    }

    @Override
    public ChangelogScan fromSnapshotInclusive(long snapshotId) {
      return with(inner.fromSnapshotInclusive(snapshotId));
    }

    @Override
    public ChangelogScan toSnapshot(long snapshotId) {
      return with(inner.toSnapshot(snapshotId));
    }

    @Override
    public ChangelogScan select(String... names) {
      List<String> copy = List.copyOf(Arrays.asList(Objects.requireNonNull(names, "columns")));
      table.checkColumns(table.requireRead(), copy, true);
      return new Changelog(table, inner.select(names), copy, filter);
    }

    @Override
    public ChangelogScan where(Expression expr) {
      table.checkFilter(table.requireRead(), Objects.requireNonNull(expr, "filter"), true);
      return new Changelog(
          table, inner.where(expr), columns, filter == null ? expr : Expressions.and(filter, expr));
    }

    @Override
    public ChangelogScan where(String text) {
      return where(Filter.parse(text));
    }

    private ChangelogScan enforced(Access access) {
      table.checkColumns(access, columns, true);
      if (filter != null) {
        table.checkFilter(access, filter, true);
      }
      ChangelogScan scan = inner;
      if (columns == null && !access.denied.isEmpty()) {
        scan = scan.select(table.allowedColumns(access).toArray(String[]::new));
      }
      Expression rows = access.rowFilter();
      return rows == null ? scan : scan.where(rows);
    }

    @Override
    public ScanPlan plan() {
      Access access = table.requireRead();
      return ScanPlan.of(enforced(access))
          .withMasking(access.masking(table.inner.schema(), table.principal));
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
  }
}
