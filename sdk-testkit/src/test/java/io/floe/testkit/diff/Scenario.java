package io.floe.testkit.diff;

import io.floe.WriteMode;
import io.floe.testkit.diff.Pred.Col;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One generated case: a table (columns, format version, partitioning, Parquet layout), the writes
 * and deletes that fill it, the filters and projection that read it, and the backend. Rows carry no
 * {@code id}: the runner numbers them as they are written, so the oracle can track which rows are
 * live independently of Floe.
 */
record Scenario(
    List<Col> cols,
    int formatVersion,
    Layout layout,
    List<PartField> partitions,
    List<Op> ops,
    List<Pred> filters,
    List<Integer> projection,
    boolean local) {

  /**
   * Parquet writer settings that give pruning work: tiny row groups and pages, dictionaries on or
   * off, Bloom filters.
   */
  record Layout(
      int rowGroupBytes,
      int pageRows,
      boolean dictionary,
      List<Integer> bloomColumns,
      long targetFileBytes) {
    @Override
    public String toString() {
      return "Layout[rowGroupBytes="
          + (rowGroupBytes == 0 ? "default" : rowGroupBytes)
          + ", pageRows="
          + pageRows
          + ", dictionary="
          + dictionary
          + ", bloom="
          + bloomColumns
          + ", targetFileBytes="
          + (targetFileBytes == 0 ? "default" : targetFileBytes)
          + "]";
    }
  }

  /** Partition transforms. */
  enum Transform {
    IDENTITY,
    BUCKET,
    TRUNCATE
  }

  /** One partition field. */
  record PartField(Transform transform, int col, int param) {}

  /** One change to the table. */
  sealed interface Op {}

  /**
   * Rows appended by Floe ({@code newAppend()}) or by Iceberg's own writers and {@code
   * newAppend().appendFile}.
   */
  record Append(boolean iceberg, List<List<Object>> rows) implements Op {}

  /**
   * An equality delete written by Iceberg's writers ({@code newRowDelta()}): the tuples are taken
   * from the live row at {@code liveIndex} (modulo the live count) when it is not negative, else
   * given. With {@code wholeRow}, the delete file holds every column (as CDC writers write it): the
   * equality columns from the tuple, the others from another live row, so they differ from the
   * deleted row's and only the equality columns may decide.
   */
  record EqDelete(List<Integer> eqCols, List<Target> targets, boolean wholeRow) implements Op {}

  /** An equality-delete tuple: a live row's values, or given values. */
  record Target(int liveIndex, List<Object> values) {}

  /** Position deletes (v2) or deletion vectors (v3) written by Iceberg's writers for live rows. */
  record PosDelete(List<Integer> liveIndexes) implements Op {}

  /**
   * Floe's {@code newDelete()}: by a filter, or by the ids of live rows when the filter is null.
   */
  record FloeDelete(WriteMode mode, Pred filter, List<Integer> liveIndexes) implements Op {}

  /**
   * Floe's {@code newUpsert().key("id")}: rows replacing live rows ({@code liveIndex >= 0}) or new.
   */
  record Upsert(WriteMode mode, List<UpsertRow> rows) implements Op {}

  /** One upserted row. */
  record UpsertRow(int liveIndex, List<Object> values) {}

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Scenario{\n");
    b.append("  columns: ").append(cols).append('\n');
    b.append("  format v")
        .append(formatVersion)
        .append(", ")
        .append(layout)
        .append(", ")
        .append(local ? "Floe.local" : "Floe.inMemory")
        .append('\n');
    b.append("  partitions: ")
        .append(
            partitions.stream()
                .map(
                    p ->
                        p.transform().name().toLowerCase()
                            + "("
                            + cols.get(p.col()).name()
                            + (p.transform() == Transform.IDENTITY ? "" : ", " + p.param())
                            + ")")
                .collect(Collectors.toList()))
        .append('\n');
    for (Op op : ops) {
      b.append("  ").append(show(op)).append('\n');
    }
    b.append("  filters: ")
        .append(filters.stream().map(f -> f.show(cols)).collect(Collectors.toList()))
        .append('\n');
    b.append("  projection: ")
        .append(projection.stream().map(i -> cols.get(i).name()).collect(Collectors.toList()));
    return b.append("\n}").toString();
  }

  private String show(Op op) {
    if (op instanceof Append a) {
      return (a.iceberg() ? "icebergAppend " : "floeAppend ")
          + a.rows().stream().map(this::showRow).toList();
    }
    if (op instanceof EqDelete d) {
      List<String> targets = new ArrayList<>();
      for (Target t : d.targets()) {
        targets.add(
            t.liveIndex() >= 0 ? "live#" + t.liveIndex() : showValues(d.eqCols(), t.values()));
      }
      return "icebergEqualityDelete"
          + (d.wholeRow() ? " (whole rows)" : "")
          + " on "
          + d.eqCols().stream().map(i -> cols.get(i).name()).toList()
          + " "
          + targets;
    }
    if (op instanceof PosDelete d) {
      return (formatVersion >= 3 ? "icebergDeletionVector live#" : "icebergPositionDelete live#")
          + d.liveIndexes();
    }
    if (op instanceof FloeDelete d) {
      return "floeDelete "
          + d.mode()
          + " "
          + (d.filter() == null ? "ids of live#" + d.liveIndexes() : d.filter().show(cols));
    }
    Upsert u = (Upsert) op;
    return "floeUpsert "
        + u.mode()
        + " "
        + u.rows().stream()
            .map(r -> (r.liveIndex() >= 0 ? "live#" + r.liveIndex() : "new") + showRow(r.values()))
            .toList();
  }

  private String showRow(List<Object> values) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 1; i < cols.size(); i++) {
      idx.add(i);
    }
    return showValues(idx, values);
  }

  private String showValues(List<Integer> colIdx, List<Object> values) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < colIdx.size(); i++) {
      b.append(i > 0 ? ", " : "").append(cols.get(colIdx.get(i)).kind().canon(values.get(i)));
    }
    return b.append(')').toString();
  }
}
