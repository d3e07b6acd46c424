package io.floe.impl.quality;

import io.floe.Row;
import io.floe.RowStream;
import io.floe.impl.spi.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * The keys already in a table, for a table-wide unique rule on a long or int column, looked up as
 * cheaply as the table's metadata allows: the key ranges of the live data files (Iceberg's lower
 * and upper bounds from the manifests, merged into sorted intervals) answer "not there" without
 * reading data for any key outside them; the first key inside one loads the column's values once (a
 * Floe scan of the one column, deletes applied) into an unboxed set. A file without bounds for the
 * column counts as covering every key. The snapshot is the table's current one when the write
 * starts. Not thread-safe.
 */
final class TableKeys {
  private final String name;
  private final Table table;
  private final String column;
  private final long[] lows;
  private final long[] highs;
  private final long snapshotId;
  private LongSet loaded;

  TableKeys(String name, Table table, Types.NestedField field) {
    this.name = name;
    this.table = table;
    this.column = field.name();
    List<long[]> ranges = new ArrayList<>();
    Snapshot snapshot = table.currentSnapshot();
    this.snapshotId = snapshot == null ? -1 : snapshot.snapshotId();
    if (snapshot != null) {
      try (CloseableIterable<FileScanTask> tasks =
          table.newScan().useSnapshot(snapshot.snapshotId()).includeColumnStats().planFiles()) {
        for (FileScanTask task : tasks) {
          ranges.add(range(task.file(), field));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ranges.removeIf(r -> r == null);
    ranges.sort((a, b) -> Long.compare(a[0], b[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] r : ranges) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.add(new long[] {r[0], r[1]});
      }
    }
    this.lows = new long[merged.size()];
    this.highs = new long[merged.size()];
    for (int i = 0; i < lows.length; i++) {
      lows[i] = merged.get(i)[0];
      highs[i] = merged.get(i)[1];
    }
  }

  /** A file's key range, null when it holds no key (only nulls), everything when unknown. */
  private static long[] range(DataFile file, Types.NestedField field) {
    int id = field.fieldId();
    ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(id);
    ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(id);
    if (lower == null || upper == null) {
      Long values = file.valueCounts() == null ? null : file.valueCounts().get(id);
      Long nulls = file.nullValueCounts() == null ? null : file.nullValueCounts().get(id);
      boolean onlyNulls = values != null && values.equals(nulls);
      return onlyNulls ? null : new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    }
    Object lo = Conversions.fromByteBuffer(field.type(), lower);
    Object hi = Conversions.fromByteBuffer(field.type(), upper);
    return new long[] {((Number) lo).longValue(), ((Number) hi).longValue()};
  }

  /** Whether the table holds the key. */
  boolean contains(long key) {
    int at = java.util.Arrays.binarySearch(lows, key);
    int interval = at >= 0 ? at : -at - 2; // the last interval starting at or below the key
    if (interval < 0 || key > highs[interval]) {
      return false; // outside every file's range: not in the table, no data read
    }
    if (loaded == null) {
      loaded = load();
    }
    return loaded.contains(key);
  }

  /** Whether the table's keys were read (a key fell within a file's range). */
  boolean loaded() {
    return loaded != null;
  }

  private LongSet load() {
    LongSet keys = new LongSet();
    Errors.run(
        name,
        () -> {
          try (RowStream rows =
              io.floe.impl.read.ScanImpl.of(name, table)
                  .select(column)
                  .asOfSnapshot(snapshotId)
                  .rows()) {
            for (Row row : rows) {
              Object v = row.get(0);
              if (v != null) {
                keys.add(((Number) v).longValue());
              }
            }
          }
        });
    return keys;
  }
}
