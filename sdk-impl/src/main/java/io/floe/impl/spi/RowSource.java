package io.floe.impl.spi;

import io.floe.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.mapping.NameMapping;

/**
 * A faster reader of a plan's data files as {@link Row}s than Iceberg's generic reader: sdk-parquet
 * provides one over its Arrow decoder (statistics, dictionary and Bloom-filter pruning, vectorized
 * decoding, merge-on-read deletes), found with {@link java.util.ServiceLoader}. Floe's row reader
 * asks it first, file by file, and reads with Iceberg's generic reader whatever it declines (no
 * source on the class path, a plan or file it cannot read). Implementations are thread-safe.
 *
 * <p>It also reads single files as Iceberg generic records ({@link #records}): what sdk-impl's
 * other readers (delete files, upsert and copy-on-write matching, compaction, incremental and
 * changelog scans, dangling-delete checks) decode Parquet with, so that no Parquet read of the SDK
 * needs Iceberg's generic reader (and Hadoop) when sdk-parquet is on the class path.
 */
public interface RowSource {

  /**
   * Opens the records of one Parquet file, with no deletes applied and no row filtered: row groups
   * in which no row can match {@link FileRead#rowGroupFilter()} are skipped (Iceberg's statistics,
   * dictionary and Bloom-filter row-group filters, with the filter as given), as Iceberg's generic
   * reader does. The records are Iceberg's generic representation of {@link FileRead#projection()}
   * (the classes {@code GenericParquetReaders} gives), fresh for each row. Each call of the
   * result's {@code iterator()} reads the file anew.
   *
   * @param read the file and what to read of it
   * @return the records, or empty when this source cannot read the file (not Parquet, a column
   *     type, metadata column or Parquet feature it does not decode, found before any record is
   *     returned); the default is empty
   * @throws io.floe.FloeException naming the table and file when the file cannot be read
   */
  default Optional<CloseableIterable<Record>> records(FileRead read) {
    return Optional.empty();
  }

  /**
   * One file read as records.
   *
   * @param table the table's full name, for messages
   * @param io the file IO the file is read through
   * @param task the file: a data file's task (its delete files and residual are ignored; its split
   *     and identity partition values are used) or a delete file read as a data file
   * @param projection the columns read, by field id; may hold {@code _pos}, {@code _file}, {@code
   *     _spec_id}
   * @param rowGroupFilter row groups in which it matches no row are skipped; {@code alwaysTrue()}
   *     for none
   * @param caseSensitive how the filter's column names bind
   * @param nameMapping maps columns of files without field ids to the table's, or null
   */
  record FileRead(
      String table,
      FileIO io,
      FileScanTask task,
      Schema projection,
      Expression rowGroupFilter,
      boolean caseSensitive,
      NameMapping nameMapping) {
    /** Checks the required parts and turns a null filter into {@code alwaysTrue()}. */
    public FileRead {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(io, "io");
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(projection, "projection");
      rowGroupFilter = rowGroupFilter == null ? Expressions.alwaysTrue() : rowGroupFilter;
    }
  }

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
