package io.floe.impl.evolve;

import io.floe.impl.read.FilterParser;
import io.floe.impl.spi.ScanPlan;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;

/**
 * The refinement chain incremental and changelog scans share: a table and a {@link ScanRange}, each
 * refinement a copy ({@link #with}). Immutable and thread-safe.
 *
 * @param <S> the scan type the refinements return
 */
abstract class RangeScan<S> implements ScanPlan.Source {
  /** The table's full name, for messages. */
  final String name;

  final Table table;
  final ScanRange range;

  RangeScan(String name, Table table, ScanRange range) {
    this.name = name;
    this.table = table;
    this.range = range;
  }

  /** A scan of the same table over another range. */
  abstract S with(ScanRange refined);

  /** The scan's kind for messages, such as {@code "Incremental scan"}. */
  abstract String kind();

  public S fromSnapshotExclusive(long snapshotId) {
    return with(range.fromExclusive(kind() + " of " + name, snapshotId));
  }

  public S fromSnapshotInclusive(long snapshotId) {
    return with(range.fromInclusive(kind() + " of " + name, snapshotId));
  }

  public S toSnapshot(long snapshotId) {
    return with(range.to(snapshotId));
  }

  public S select(String... names) {
    return with(range.select(names));
  }

  public S where(Expression expr) {
    return with(range.where(expr));
  }

  public S where(String text) {
    return where(FilterParser.parse(text, name));
  }
}
