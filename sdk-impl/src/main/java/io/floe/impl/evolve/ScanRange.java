package io.floe.impl.evolve;

import java.util.List;
import java.util.Objects;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * What an incremental or changelog scan reads: its snapshot range, branch, columns and filter; each
 * refinement returns a copy. Immutable.
 *
 * @param fromExclusive the snapshot the range starts after, or null
 * @param fromInclusive the snapshot the range starts at, or null
 * @param to the snapshot the range ends at, or null for the head of the branch
 * @param branch the branch, or null for main
 * @param columns the selected columns, or null for all
 * @param filter the filter, {@code alwaysTrue()} for none
 */
record ScanRange(
    Long fromExclusive,
    Long fromInclusive,
    Long to,
    String branch,
    List<String> columns,
    Expression filter) {
  /** Everything on the main branch. */
  static final ScanRange ALL =
      new ScanRange(null, null, null, null, null, Expressions.alwaysTrue());

  /** Starts after a snapshot; {@code scan} names the scan for the error when a start is set. */
  ScanRange fromExclusive(String scan, long id) {
    checkNoStart(scan);
    return new ScanRange(id, null, to, branch, columns, filter);
  }

  /** Starts at a snapshot; {@code scan} names the scan for the error when a start is set. */
  ScanRange fromInclusive(String scan, long id) {
    checkNoStart(scan);
    return new ScanRange(null, id, to, branch, columns, filter);
  }

  ScanRange to(long id) {
    return new ScanRange(fromExclusive, fromInclusive, id, branch, columns, filter);
  }

  ScanRange branch(String name) {
    Objects.requireNonNull(name, "branch");
    return new ScanRange(fromExclusive, fromInclusive, to, name, columns, filter);
  }

  ScanRange select(String... names) {
    Objects.requireNonNull(names, "columns");
    return select(Ranges.columns(names));
  }

  ScanRange select(List<String> names) {
    return new ScanRange(fromExclusive, fromInclusive, to, branch, List.copyOf(names), filter);
  }

  ScanRange where(Expression expr) {
    Objects.requireNonNull(expr, "filter");
    return new ScanRange(
        fromExclusive, fromInclusive, to, branch, columns, Expressions.and(filter, expr));
  }

  private void checkNoStart(String scan) {
    if (fromExclusive != null || fromInclusive != null) {
      throw new IllegalStateException(
          scan
              + " already starts at snapshot "
              + (fromExclusive != null ? fromExclusive : fromInclusive));
    }
  }

  /** The range for {@code toString()}: {@code from=..., to=...}. */
  String bounds() {
    return "from="
        + (fromExclusive != null ? fromExclusive + " (exclusive)" : fromInclusive)
        + ", to="
        + to;
  }
}
