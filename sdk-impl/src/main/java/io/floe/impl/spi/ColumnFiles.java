package io.floe.impl.spi;

import org.apache.iceberg.io.OutputFile;

/**
 * Opens the column-mode Parquet data files of one write (a flat schema of primitive columns), all
 * with the same settings, sharing page compressors between them. Close it after the last file:
 * closing returns the compressors to Floe's pool. Made by {@link DataWrites#columnFiles}.
 */
public interface ColumnFiles extends AutoCloseable {
  /**
   * Opens a data file.
   *
   * @param output the file to write
   * @return the file's appender; the caller closes it
   */
  ColumnAppender open(OutputFile output);

  /** Returns the shared compressors; files still open must not be written afterwards. */
  @Override
  void close();
}
