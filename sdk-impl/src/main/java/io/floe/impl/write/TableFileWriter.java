package io.floe.impl.write;

import io.floe.ValidationException;
import io.floe.impl.spi.ColumnFiles;
import io.floe.impl.spi.ForwardingFileIO;
import io.floe.impl.spi.RecordWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.DeleteGranularity;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.FanoutPositionOnlyDeleteWriter;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.PartitioningWriter;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Writes generic records of a table's current schema into data files of its current partition spec,
 * rolling to a new file at the table's target file size. Not thread-safe.
 *
 * <p>Three layouts: fanout (the default; one open file per partition seen), clustered (one open
 * file at a time; rows must arrive grouped by partition) and, on tables with a sort order, sorted
 * runs: rows are buffered (table property {@value WriterTuning#SORT_BUFFER_ROWS}, 500,000 rows by
 * default), sorted by partition and sort order, and each run written as its own sorted files.
 * Parquet settings come from the table's properties plus {@link WriterTuning}; Parquet data files
 * are written by {@link ParquetFileAppender} (which honours per-column dictionary settings).
 */
public final class TableFileWriter implements RecordWriter {
  /** How rows are routed to open files. */
  public enum Layout {
    /** One open file per partition seen. */
    FANOUT,
    /** One open file at a time; rows must arrive grouped by partition. */
    CLUSTERED
  }

  private static final AtomicInteger TASK_IDS = new AtomicInteger();

  private final Table table;
  private final Schema schema;
  private final PartitionSpec spec;
  private final PartitionKey partitionKey;
  private final InternalRecordWrapper wrapper;
  private final FileFormat format;
  private final long expectedRows;
  private FileWriterFactory<Record> writers;
  private final OutputFileFactory files;
  private final long targetSize;
  private final Layout layout;
  private final SortOrder sortOrder;
  private final int sortBufferRows;
  private final List<DataFile> written = new ArrayList<>();

  /**
   * Every file location this writer opened, so abort can delete files a failed writer never
   * reported.
   */
  private final Set<String> created = ConcurrentHashMap.newKeySet();

  private final List<Object[]> buffer = new ArrayList<>();

  /** The first rows, held until the files open (see {@link #sampleDictionaries()}); or null. */
  private List<Record> sample;

  private PartitioningWriter<Record, DataWriteResult> writer;
  private List<DataFile> result;
  private long records;

  /**
   * Opens a fanout writer for a table, sized without a row count hint.
   *
   * @param table the table
   */
  public TableFileWriter(Table table) {
    this(table, 0, Layout.FANOUT);
  }

  /**
   * Opens a writer for a table.
   *
   * @param table the table
   * @param expectedRows rows expected, or 0 when unknown (sizes Bloom filters)
   * @param layout how rows are routed to open files (ignored on sorted tables: sorted runs)
   */
  public TableFileWriter(Table table, long expectedRows, Layout layout) {
    this(
        table,
        table.spec(),
        table.sortOrder(),
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT),
        expectedRows,
        layout);
  }

  /**
   * Opens a writer of files of a given partition spec and sort order that roll at a given size,
   * such as the output of a compaction group.
   *
   * @param table the table
   * @param spec the partition spec of the files (one of the table's)
   * @param sortOrder the order recorded in the files; a sorted order also sorts each run of rows
   * @param targetSize the file size to roll at
   * @param expectedRows rows expected, or 0 when unknown (sizes Bloom filters)
   * @param layout how rows are routed to open files (ignored when sorted: sorted runs)
   */
  public TableFileWriter(
      Table table,
      PartitionSpec spec,
      SortOrder sortOrder,
      long targetSize,
      long expectedRows,
      Layout layout) {
    this.table = table;
    this.schema = table.schema();
    this.spec = spec;
    this.layout = layout;
    this.format =
        FileFormat.fromString(
            PropertyUtil.propertyAsString(
                table.properties(),
                TableProperties.DEFAULT_FILE_FORMAT,
                TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    this.expectedRows = expectedRows;
    this.targetSize = targetSize;
    this.sortOrder = sortOrder;
    this.sortBufferRows =
        Math.max(
            1,
            PropertyUtil.propertyAsInt(
                table.properties(),
                WriterTuning.SORT_BUFFER_ROWS,
                WriterTuning.SORT_BUFFER_ROWS_DEFAULT));
    FileIO tracking = new CreatedFilesIO(table.io(), created);
    this.files =
        OutputFileFactory.builderFor(table, 0, TASK_IDS.incrementAndGet())
            .format(format)
            .operationId(UUID.randomUUID().toString())
            .ioSupplier(() -> tracking)
            .build();
    this.partitionKey = spec.isUnpartitioned() ? null : new PartitionKey(spec, schema);
    this.wrapper = new InternalRecordWrapper(schema.asStruct());
  }

  /**
   * A writer of position-delete files (one file per data file) in the table's delete file format
   * and delete target size.
   *
   * @param table the table
   * @param loadPrevious the positions already deleted in a data file, merged into its new file (or
   *     null when none are to be merged)
   * @return the writer
   */
  public static FanoutPositionOnlyDeleteWriter<Record> positionDeletes(
      Table table, Function<CharSequence, PositionDeleteIndex> loadPrevious) {
    FileFormat format =
        FileFormat.fromString(
            PropertyUtil.propertyAsString(
                table.properties(),
                TableProperties.DELETE_DEFAULT_FILE_FORMAT,
                PropertyUtil.propertyAsString(
                    table.properties(),
                    TableProperties.DEFAULT_FILE_FORMAT,
                    TableProperties.DEFAULT_FILE_FORMAT_DEFAULT)));
    long targetSize =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.DELETE_TARGET_FILE_SIZE_BYTES,
            TableProperties.DELETE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    FileFormat dataFormat =
        FileFormat.fromString(
            PropertyUtil.propertyAsString(
                table.properties(),
                TableProperties.DEFAULT_FILE_FORMAT,
                TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    RecordFileWriters writers =
        new RecordFileWriters(
            table, dataFormat, format, table.schema(), table.sortOrder(), Map.of(), null, null);
    return new FanoutPositionOnlyDeleteWriter<>(
        writers,
        outputFiles(table, format),
        table.io(),
        targetSize,
        DeleteGranularity.FILE,
        loadPrevious);
  }

  /**
   * A factory of new data or delete file locations for one write.
   *
   * @param table the table
   * @param format the file format
   * @return the factory
   */
  public static OutputFileFactory outputFiles(Table table, FileFormat format) {
    return OutputFileFactory.builderFor(table, 0, TASK_IDS.incrementAndGet())
        .format(format)
        .operationId(UUID.randomUUID().toString())
        .build();
  }

  /**
   * Opens the column-mode Parquet data files of one write (a flat schema of primitive columns),
   * sharing page compressors between them.
   *
   * @param schema the Iceberg schema (top-level primitive columns only)
   * @param props table properties with Floe's overrides
   * @param metrics the table's metrics configuration
   * @return the files' factory; close it after the last file
   */
  public static ColumnFiles columnFiles(
      Schema schema, Map<String, String> props, MetricsConfig metrics) {
    return ParquetColumnFiles.open(schema, props, metrics);
  }

  private boolean sorted() {
    return sortOrder.isSorted();
  }

  /**
   * Holds the first {@value DictionarySample#ROWS} records before any file opens and writes columns
   * whose values are nearly all distinct without a Parquet dictionary ({@link DictionarySample}).
   * Only for writers whose records are not changed by the caller after {@link #write} (such as the
   * fresh records of a {@link RowConverter}); call before the first record. Parquet fanout writes
   * only: a clustered write reports rows out of partition order at the row that breaks it.
   *
   * @return this writer
   * @throws IllegalStateException when records were already written
   */
  public TableFileWriter sampleDictionaries() {
    if (records > 0) {
      throw new IllegalStateException("Dictionary sampling starts before the first record");
    }
    if (format == FileFormat.PARQUET && layout == Layout.FANOUT) {
      sample = new ArrayList<>();
    }
    return this;
  }

  /** Opens the file writer factory, with the sampled dictionary switches if any. */
  private FileWriterFactory<Record> writers() {
    if (writers == null) {
      Map<String, String> props = WriterTuning.dataProperties(table, expectedRows);
      if (sample != null) {
        Map<String, String> merged = new java.util.HashMap<>(table.properties());
        merged.putAll(props);
        props = new java.util.HashMap<>(props);
        props.putAll(DictionarySample.overrides(schema, merged, sample));
      }
      writers = new RecordFileWriters(table, format, schema, sortOrder, props);
    }
    return writers;
  }

  /** Writes the sampled records (once the sample is full, or at the end). */
  private void flushSample() {
    if (sample != null) {
      writers();
      List<Record> sampled = sample;
      sample = null;
      for (Record record : sampled) {
        route(record);
      }
    }
  }

  private PartitioningWriter<Record, DataWriteResult> openWriter(Layout kind) {
    FileWriterFactory<Record> writers = writers();
    return kind == Layout.CLUSTERED
        ? new ClusteredDataWriter<>(writers, files, table.io(), targetSize)
        : new FanoutDataWriter<>(writers, files, table.io(), targetSize);
  }

  /**
   * Writes one record.
   *
   * @param record a record of the table's schema
   * @throws ValidationException when the layout is clustered and the record's partition was left
   */
  @Override
  public void write(Record record) {
    if (result != null) {
      throw new IllegalStateException("Writer for " + table.name() + " is already finished");
    }
    records++;
    if (sample != null) {
      sample.add(record);
      if (sample.size() >= DictionarySample.ROWS) {
        flushSample();
      }
      return;
    }
    route(record);
  }

  private void route(Record record) {
    StructLike partition = null;
    if (partitionKey != null) {
      partitionKey.partition(wrapper.wrap(record));
      partition = partitionKey;
    }
    if (sorted()) {
      buffer.add(new Object[] {record, partition == null ? null : partitionKey.copy()});
      if (buffer.size() >= sortBufferRows) {
        flushSortedRun();
      }
      return;
    }
    if (writer == null) {
      writer = openWriter(layout);
    }
    try {
      writer.write(record, spec, partition);
    } catch (IllegalStateException e) {
      if (layout == Layout.CLUSTERED && String.valueOf(e.getMessage()).contains("clustered")) {
        throw WriteErrors.notClustered(table.name(), spec.partitionToPath(partitionKey), e);
      }
      throw e;
    }
  }

  private void flushSortedRun() {
    if (buffer.isEmpty()) {
      return;
    }
    Comparator<StructLike> order = SortOrderComparators.forSchema(schema, sortOrder);
    InternalRecordWrapper left = new InternalRecordWrapper(schema.asStruct());
    InternalRecordWrapper right = new InternalRecordWrapper(schema.asStruct());
    Comparator<Object[]> byRow =
        (a, b) -> order.compare(left.wrap((Record) a[0]), right.wrap((Record) b[0]));
    Comparator<Object[]> comparator = byRow;
    if (partitionKey != null) {
      Comparator<StructLike> byPartition = Comparators.forType(spec.partitionType());
      comparator =
          ((Comparator<Object[]>)
                  (a, b) -> byPartition.compare((StructLike) a[1], (StructLike) b[1]))
              .thenComparing(byRow);
    }
    buffer.sort(comparator);
    PartitioningWriter<Record, DataWriteResult> run = openWriter(Layout.CLUSTERED);
    try (run) {
      for (Object[] entry : buffer) {
        run.write((Record) entry[0], spec, (StructLike) entry[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write sorted data files of " + table.name(), e);
    }
    written.addAll(run.result().dataFiles());
    buffer.clear();
  }

  /**
   * The number of records written so far.
   *
   * @return the count
   */
  @Override
  public long recordCount() {
    return records;
  }

  /**
   * Closes the open files and returns all files written.
   *
   * @return the data files
   */
  @Override
  public List<DataFile> finish() {
    if (result == null) {
      try {
        flushSample();
        if (sorted()) {
          flushSortedRun();
        }
        if (writer != null) {
          writer.close();
          written.addAll(writer.result().dataFiles());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to close data files of " + table.name(), e);
      } finally {
        buffer.clear();
      }
      result = List.copyOf(written);
    }
    return result;
  }

  /**
   * Closes the open files and deletes every file this writer created, including files of a writer
   * that failed before it could report them.
   */
  @Override
  public void abort() {
    Set<String> toDelete = new LinkedHashSet<>(created);
    try {
      buffer.clear();
      sample = null;
      finish().forEach(file -> toDelete.add(file.location()));
    } catch (RuntimeException e) {
      written.forEach(file -> toDelete.add(file.location()));
    }
    for (String location : toDelete) {
      try {
        table.io().deleteFile(location);
      } catch (RuntimeException e) {
        // best effort: a file that never reached storage, or orphan-file removal picks it up
      }
    }
  }

  /** Passes calls to the table's FileIO and records the location of every output file. */
  private static final class CreatedFilesIO extends ForwardingFileIO {
    private static final long serialVersionUID = 1L;
    private final FileIO io;
    private final Set<String> created;

    CreatedFilesIO(FileIO io, Set<String> created) {
      this.io = io;
      this.created = created;
    }

    @Override
    protected FileIO delegate() {
      return io;
    }

    @Override
    public OutputFile newOutputFile(String path) {
      created.add(path);
      return super.newOutputFile(path);
    }

    @Override
    public void close() {
      // the table's file IO belongs to the catalog
    }
  }

  @Override
  public void close() {
    finish();
  }
}
