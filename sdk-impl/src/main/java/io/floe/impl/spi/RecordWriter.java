package io.floe.impl.spi;

import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.data.Record;

/**
 * Writes Iceberg records into a table's data files as Floe's own appends do (the table's format,
 * partitioning, sort order, target file size and Floe's writer settings), without committing them.
 * Made by {@link DataWrites#recordWriter}. Not thread-safe.
 */
public interface RecordWriter extends AutoCloseable {
  /**
   * Writes one record.
   *
   * @param record a record of the table's schema
   */
  void write(Record record);

  /**
   * The number of records written so far.
   *
   * @return the count
   */
  long recordCount();

  /**
   * Closes the open files and returns all files written.
   *
   * @return the data files
   */
  List<DataFile> finish();

  /** Closes the open files and deletes every file this writer created. */
  void abort();

  /** Closes the open files ({@link #finish()}). */
  @Override
  void close();
}
