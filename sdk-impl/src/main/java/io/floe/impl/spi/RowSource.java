package io.floe.impl.spi;

import io.floe.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterator;

/**
 * A faster reader of a plan's data files as {@link Row}s than Iceberg's generic reader: sdk-parquet
 * provides one over its Arrow decoder (statistics, dictionary and Bloom-filter pruning, vectorized
 * decoding, merge-on-read deletes), found with {@link java.util.ServiceLoader}. Floe's row reader
 * asks it first, file by file, and reads with Iceberg's generic reader whatever it declines (no
 * source on the class path, a plan or file it cannot read). Implementations are thread-safe.
 */
public interface RowSource {

  /**
   * Opens a reader of a plan's data files, planning its tasks if needed.
   *
   * @param plan a plan of data files ({@link ScanPlan#dataFiles()})
   * @return the reader, or empty when this source cannot read the plan (a column type, a metadata
   *     column or a file format it does not decode)
   */
  Optional<Files> open(ScanPlan plan);

  /** Reads a plan's files one at a time; close it to release its memory. Not thread-safe. */
  interface Files extends AutoCloseable {
    /**
     * Opens the rows of one task of the plan: the plan's projection, with the task's deletes and
     * residual filter applied (Floe's filter semantics), in file order. Each row stays valid after
     * the iterator moves on. Rows already returned are not affected when the iterator is closed.
     * The limit is the caller's to apply.
     *
     * @param task one of the plan's tasks
     * @return the rows, or empty when this source cannot read the task's file (the caller reads it
     *     another way); close them before opening the next task
     * @throws io.floe.FloeException naming the table and file when the file cannot be read
     */
    Optional<CloseableIterator<Row>> open(FileScanTask task);

    /** Releases the reader's memory. */
    @Override
    void close();
  }

  /**
   * A value as {@link Row#toMap()} returns it, shared by the row classes of both readers: nested
   * rows become maps, lists and maps are copied (their elements likewise), other values are
   * returned as they are (they are immutable).
   *
   * @param value a row's value, or null
   * @return the value detached from the row
   */
  static Object plain(Object value) {
    if (value instanceof Row row) {
      return row.toMap();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(plain(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(plain(k), plain(v)));
      return out;
    }
    return value;
  }
}
