package io.floe.impl.evolve;

import io.floe.impl.read.FilterColumns;
import io.floe.impl.spi.Errors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.TypeUtil;

/** Resolves snapshot ranges and projections for incremental and changelog scans. */
final class Ranges {
  private Ranges() {}

  static Snapshot snapshot(String name, Table table, long id) {
    Snapshot snapshot = table.snapshot(id);
    if (snapshot == null) {
      throw Errors.noSuchSnapshot(name, id, snapshotIds(table));
    }
    return snapshot;
  }

  private static List<Long> snapshotIds(Table table) {
    List<Long> ids = new ArrayList<>();
    table.snapshots().forEach(s -> ids.add(s.snapshotId()));
    return ids.size() > 20 ? ids.subList(ids.size() - 20, ids.size()) : ids;
  }

  /**
   * The end snapshot of a range: the given one, or the head of the branch (null for an empty
   * table).
   */
  static Snapshot end(String name, Table table, Long to, String branch) {
    if (to != null) {
      return snapshot(name, table, to);
    }
    String ref = branch == null ? SnapshotRef.MAIN_BRANCH : branch;
    if (branch != null && table.refs().get(branch) == null) {
      throw Errors.noSuchBranch(name, branch, table.refs().keySet());
    }
    return table.snapshot(ref);
  }

  /**
   * The snapshots after {@code fromExclusive} (or from {@code fromInclusive}) up to {@code end},
   * oldest first, following parents.
   */
  static List<Snapshot> between(
      String name, Table table, Long fromExclusive, Long fromInclusive, Snapshot end) {
    if (end == null) {
      return List.of();
    }
    Long start = fromExclusive != null ? fromExclusive : fromInclusive;
    if (start != null) {
      snapshot(name, table, start);
    }
    List<Snapshot> out = new ArrayList<>();
    Snapshot current = end;
    boolean reached = start == null;
    while (current != null) {
      if (fromExclusive != null && current.snapshotId() == fromExclusive) {
        reached = true;
        break;
      }
      out.add(current);
      if (fromInclusive != null && current.snapshotId() == fromInclusive) {
        reached = true;
        break;
      }
      current = current.parentId() == null ? null : table.snapshot(current.parentId());
    }
    if (!reached) {
      throw EvolveErrors.notAncestor(name, start, end.snapshotId());
    }
    Collections.reverse(out);
    return out;
  }

  static Schema projection(String name, Schema schema, List<String> columns) {
    if (columns == null) {
      return schema;
    }
    for (String column : columns) {
      if (schema.findField(column) == null) {
        throw Errors.noSuchColumn(
            name, column, schema.columns().stream().map(f -> f.name()).toList());
      }
    }
    return schema.select(columns);
  }

  /** The columns to read: the projection plus those the filter and {@code extraIds} need. */
  static Schema readSchema(
      String name, Schema schema, Schema projection, Expression filter, Set<Integer> extraIds) {
    Set<Integer> ids = new HashSet<>(TypeUtil.getProjectedIds(projection));
    ids.addAll(extraIds);
    if (filter != Expressions.alwaysTrue()) {
      try {
        ids.addAll(
            Binder.boundReferences(
                schema.asStruct(),
                List.of(io.floe.impl.read.Filters.normalize(filter, schema.asStruct(), true)),
                true));
        // and those binding folds away (notNull of a required column), which residuals still name
        ids.addAll(FilterColumns.ids(schema, filter, true));
      } catch (RuntimeException e) {
        throw EvolveErrors.invalidFilter(
            "Invalid filter for table ",
            name,
            schema.columns().stream().map(f -> f.name()).toList(),
            e);
      }
    }
    return TypeUtil.select(schema, ids);
  }

  static List<String> columns(String... columns) {
    return List.copyOf(Arrays.asList(columns));
  }
}
