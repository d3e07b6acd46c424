package io.floe.impl.read;

import io.floe.impl.spi.RowSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.iceberg.BaseFileScanTask;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.ResidualEvaluator;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.Parquet;

/**
 * Every Parquet read of sdk-impl as generic records (data files' splits, delete files): through
 * Floe's own decoder ({@link RowSource#records}, sdk-parquet) when it is on the class path and
 * reads the file, else through Iceberg's generic reader, which needs Hadoop (parquet-java's read
 * options load Hadoop's codec classes); with neither, the read fails with an {@link
 * io.floe.UnsupportedFeatureException} saying what to add. Stateless.
 */
public final class ParquetRecords {
  /** The faster reader on the class path (sdk-parquet's), or empty. */
  static final Optional<RowSource> SOURCE =
      ServiceLoader.load(RowSource.class, RowSource.class.getClassLoader()).findFirst();

  /** Whether Iceberg's generic Parquet reader can run: the Hadoop classes it loads are present. */
  private static final boolean HADOOP = hadoop();

  private ParquetRecords() {}

  /**
   * Opens a Parquet file's records: no deletes applied, no row filtered (row groups the read's
   * filter cannot match are skipped).
   *
   * @param read the file and what to read of it
   * @param constants identity partition values and metadata constants by field id, for Iceberg's
   *     reader (Floe's finds them in the task)
   * @return the records; close them
   * @throws io.floe.UnsupportedFeatureException when neither Floe's reader nor Hadoop is on the
   *     class path, or Floe's reader declines the file and Hadoop is absent
   */
  public static CloseableIterable<Record> open(RowSource.FileRead read, Map<Integer, ?> constants) {
    if (SOURCE.isPresent()) {
      Optional<CloseableIterable<Record>> records = SOURCE.get().records(read);
      if (records.isPresent()) {
        return records.get();
      }
    }
    if (!HADOOP) {
      throw ReadErrors.noParquetReader(
          read.table(), read.task().file().location(), SOURCE.isPresent());
    }
    Schema projection = read.projection();
    Parquet.ReadBuilder parquet =
        Parquet.read(
            read.io()
                .newInputFile(read.task().file().location(), read.task().file().fileSizeInBytes()));
    if (read.nameMapping() != null) {
      parquet = parquet.withNameMapping(read.nameMapping());
    }
    return parquet
        .project(projection)
        .createReaderFunc(
            fileSchema -> GenericParquetReaders.buildReader(projection, fileSchema, constants))
        .split(read.task().start(), read.task().length())
        .caseSensitive(read.caseSensitive())
        .filter(read.rowGroupFilter())
        .build();
  }

  /**
   * Opens the records of a Parquet delete file.
   *
   * @param table the table's name, for messages
   * @param io the table's file IO
   * @param delete the delete file
   * @param projection the columns read (the delete file's columns, by field id)
   * @param rowGroupFilter row groups in which it matches no row are skipped; null for none
   * @return the records; close them
   */
  public static CloseableIterable<Record> delete(
      String table,
      FileIO io,
      DeleteFile delete,
      Schema projection,
      org.apache.iceberg.expressions.Expression rowGroupFilter) {
    return open(
        new RowSource.FileRead(
            table, io, asDataFile(delete, projection), projection, rowGroupFilter, true, null),
        Map.of());
  }

  /**
   * Opens every record of a whole Parquet file (data or delete) with the columns of a projection,
   * as the readers of scans do (Floe's decoder when present): every page of those columns is read.
   *
   * @param table the table's name, for messages
   * @param io the file IO
   * @param location the file
   * @param size its size
   * @param rows its row count
   * @param projection the columns read, by field id
   * @return the records; close them
   */
  public static CloseableIterable<Record> whole(
      String table, FileIO io, String location, long size, long rows, Schema projection) {
    return open(
        new RowSource.FileRead(
            table, io, asDataFile(location, size, rows, projection), projection, null, true, null),
        Map.of());
  }

  /** A delete file as the task of an unpartitioned data file of the same location and size. */
  private static FileScanTask asDataFile(DeleteFile delete, Schema projection) {
    return asDataFile(
        delete.location(), delete.fileSizeInBytes(), delete.recordCount(), projection);
  }

  private static FileScanTask asDataFile(String location, long size, long rows, Schema projection) {
    PartitionSpec unpartitioned = PartitionSpec.unpartitioned();
    DataFile file =
        DataFiles.builder(unpartitioned)
            .withPath(location)
            .withFormat(FileFormat.PARQUET)
            .withFileSizeInBytes(size)
            .withRecordCount(rows)
            .build();
    return new BaseFileScanTask(
        file,
        new DeleteFile[0],
        SchemaParser.toJson(projection),
        PartitionSpecParser.toJson(unpartitioned),
        ResidualEvaluator.unpartitioned(Expressions.alwaysTrue()));
  }

  /**
   * Whether Iceberg's generic Parquet reader (and {@code IcebergGenerics}) can run: Hadoop's
   * classes are on the class path.
   *
   * @return true when they are
   */
  public static boolean icebergReaderAvailable() {
    return HADOOP;
  }

  /**
   * The live records of a table's current snapshot as Iceberg's generic reader ({@code
   * IcebergGenerics}) reads them, with its planning and delete filter, but with Parquet decoded
   * through {@link #open} (Floe's reader when sdk-parquet is on the class path, so no Hadoop).
   *
   * @param table the table
   * @return the records of the table's schema (plus {@code _pos} where position deletes apply),
   *     file by file; close them
   */
  public static CloseableIterable<Record> table(Table table) {
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Schema schema = table.schema();
    String json = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    NameMapping mapping = json == null ? null : NameMappingParser.fromJson(json);
    List<CloseableIterable<Record>> files = new ArrayList<>();
    for (FileScanTask task : tasks) {
      files.add(
          new CloseableIterable<>() {
            private CloseableIterable<Record> open;

            @Override
            public CloseableIterator<Record> iterator() {
              GenericDeleteFilter deletes =
                  FloeDeleteLoader.rows(table.name(), table.io(), task, schema, schema);
              open =
                  deletes.filter(
                      DataFileRecords.open(
                          table.name(), table.io(), task, deletes.requiredSchema(), true, mapping));
              return open.iterator();
            }

            @Override
            public void close() throws IOException {
              if (open != null) {
                open.close();
              }
            }
          });
    }
    return CloseableIterable.concat(files);
  }

  private static boolean hadoop() {
    ClassLoader loader = ParquetRecords.class.getClassLoader();
    try {
      Class.forName("org.apache.hadoop.conf.Configuration", false, loader);
      Class.forName("org.apache.hadoop.mapreduce.lib.input.FileInputFormat", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
