package io.floe.impl.spi;

import io.floe.AppendResult;
import io.floe.impl.write.AppendImpl;
import io.floe.impl.write.RowConverter;
import io.floe.impl.write.TableFileWriter;
import io.floe.impl.write.WriterTuning;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * The write side of Floe for its own modules: data files written with Floe's settings and layout,
 * and committed as Floe's appends commit them (sdk-parquet's Arrow append, the benchmarks, the test
 * kit). Not public API (see the package documentation). Stateless; thread-safe.
 */
public final class DataWrites {
  private DataWrites() {}

  /**
   * A factory of new data file locations for one write, as Floe's own writers use.
   *
   * @param table the table
   * @param format the file format
   * @return the factory
   */
  public static OutputFileFactory outputFiles(Table table, FileFormat format) {
    return TableFileWriter.outputFiles(table, format);
  }

  /**
   * The writer properties Floe adds to a table's for data files (Bloom filters sized from the rows
   * expected, Hadoop-free codecs).
   *
   * @param table the table
   * @param expectedRows rows expected in this write, or 0 when unknown
   * @return properties overriding the table's (never null)
   */
  public static Map<String, String> dataProperties(Table table, long expectedRows) {
    return WriterTuning.dataProperties(table, expectedRows);
  }

  /**
   * Opens the column-mode Parquet data files of one write.
   *
   * @param schema the Iceberg schema (top-level primitive columns only)
   * @param props table properties with Floe's overrides ({@link #dataProperties})
   * @param metrics the table's metrics configuration
   * @return the files' factory; close it after the last file
   */
  public static ColumnFiles columnFiles(
      Schema schema, Map<String, String> props, MetricsConfig metrics) {
    return TableFileWriter.columnFiles(schema, props, metrics);
  }

  /**
   * Opens a writer of records into a table's data files, sized without a row count hint.
   *
   * @param table the table
   * @return the writer
   */
  public static RecordWriter recordWriter(Table table) {
    return new TableFileWriter(Objects.requireNonNull(table, "table"));
  }

  /**
   * Commits data files written elsewhere (such as Arrow batches) as one Floe append: one new
   * snapshot, retrying on concurrent commits, with Floe's commit id in its summary.
   *
   * @param name the table's full name, for messages
   * @param table the table
   * @param files the data files
   * @param summary properties to add to the snapshot summary
   * @param branch the branch to commit to, or null for the main branch
   * @return what the commit did
   * @throws io.floe.CommitConflictException when retries are exhausted; nothing was committed
   * @throws io.floe.CommitStateUnknownException when the outcome is unknown; no file was deleted
   */
  public static AppendResult commitAppend(
      String name, Table table, List<DataFile> files, Map<String, String> summary, String branch) {
    AppendImpl append = new AppendImpl(name, table);
    summary.forEach(append::set);
    if (branch != null) {
      append.toBranch(branch);
    }
    return append.commitFiles(files);
  }

  /**
   * Converts rows given as maps of column name to value into records of a schema, as Floe's writes
   * do (Java values to Iceberg's representation; unknown columns, wrong types and nulls in required
   * columns rejected with a {@link io.floe.ValidationException} naming the table and column).
   *
   * @param table the table's full name, for messages
   * @param schema the schema of the records
   * @return the conversion; thread-safe
   */
  public static Function<Map<String, ?>, Record> rowConverter(String table, Schema schema) {
    return new RowConverter(table, schema)::fromMap;
  }
}
