package io.floe.interop;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.Scan;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The Floe side of the interop tests: a Floe over the warehouse Spark's catalog of the same name
 * sees ({@link SparkLocal#catalog}), and the rows Floe and Iceberg's generic reader return, in
 * {@link Canonical} form sorted by the first column (the id).
 */
final class InteropTables {
  private InteropTables() {}

  /** Opens Floe's local catalog {@code catalog} over {@code warehouse}. */
  static Floe localFloe(String catalog, Path warehouse) {
    return Floe.open(
        FloeConfig.builder(catalog)
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", warehouse.toString())
            .build());
  }

  /** The rows sorted by their first column, a long id. */
  static List<List<Object>> sortedById(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(r -> (Long) r.get(0)));
    return out;
  }

  /** The rows a Floe scan returns, sorted by id. */
  static List<List<Object>> floeRows(Scan scan) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    try (CloseableIterable<Row> rows = scan.rows()) {
      rows.forEach(r -> out.add(Canonical.of(r)));
    }
    return sortedById(out);
  }

  /** The rows of the table's snapshot as Iceberg's generic reader returns them, sorted by id. */
  static List<List<Object>> genericRows(FloeTable table) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    int width = table.schema().columns().size();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(Internals.icebergTable(table)).build()) {
      // the generic reader appends _pos to rows of files that have position deletes: drop it
      records.forEach(r -> out.add(Canonical.of(r).subList(0, width)));
    }
    return sortedById(out);
  }
}
