package io.floe.impl.read;

import io.floe.Row;
import io.floe.UnsupportedFeatureException;
import io.floe.impl.plan.Planner;
import io.floe.impl.spi.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.Parquet;

/**
 * Streams the rows of a planned scan file by file, with delete files and residual filters applied,
 * as {@link Row}s of the scan's projection. Holds one open file at a time; each call to {@link
 * #iterator()} plans and reads anew.
 */
final class RowIterable implements CloseableIterable<Row> {
  private final String name;
  private final FileIO io;
  private final Schema tableSchema;
  private final Schema requested;
  private final boolean caseSensitive;
  private final Supplier<CloseableIterable<FileScanTask>> planner;
  private final Schema projection;
  private final long limit;
  private final NameMapping nameMapping;
  private final List<CloseableIterator<Row>> open = new ArrayList<>();

  RowIterable(String name, Table table, TableScan scan, Schema projection, long limit) {
    this(
        name,
        table.io(),
        table.schema(),
        scan.schema(),
        scan.isCaseSensitive(),
        () -> Planner.planFiles(scan),
        projection,
        limit,
        nameMapping(table));
  }

  /**
   * The table's default name mapping, which lets readers find the columns of files written without
   * Iceberg field ids (migrated from Delta, Hive or plain Parquet).
   *
   * @param table the table
   * @return the mapping, or null when the table has none
   */
  static NameMapping nameMapping(Table table) {
    String json = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    return json == null ? null : NameMappingParser.fromJson(json);
  }

  /**
   * Reads given tasks instead of planning a scan.
   *
   * @param name the table name, for messages
   * @param io the table's file access
   * @param tableSchema the table's schema (for equality deletes)
   * @param requested the columns to read: the projection and the columns the filter needs
   * @param caseSensitive how the residual filters bind
   * @param planner opens the tasks to read, called once per iterator
   * @param projection the schema of the rows returned
   * @param limit the maximum number of rows
   * @param nameMapping maps file columns without field ids to the table's, or null
   */
  RowIterable(
      String name,
      FileIO io,
      Schema tableSchema,
      Schema requested,
      boolean caseSensitive,
      Supplier<CloseableIterable<FileScanTask>> planner,
      Schema projection,
      long limit,
      NameMapping nameMapping) {
    this.nameMapping = nameMapping;
    this.name = name;
    this.io = io;
    this.tableSchema = tableSchema;
    this.requested = requested;
    this.caseSensitive = caseSensitive;
    this.planner = planner;
    this.projection = projection;
    this.limit = limit;
  }

  @Override
  public CloseableIterator<Row> iterator() {
    RowIterator it = new RowIterator();
    synchronized (open) {
      open.add(it);
    }
    return it;
  }

  @Override
  public void close() throws IOException {
    synchronized (open) {
      for (CloseableIterator<Row> it : open) {
        it.close();
      }
      open.clear();
    }
  }

  private final class RowIterator implements CloseableIterator<Row> {
    private CloseableIterable<FileScanTask> tasks;
    private CloseableIterator<FileScanTask> taskIterator;
    private CloseableIterable<Record> currentFile;
    private CloseableIterator<Record> current;
    private RecordRow.Layout layout;

    /** The task whose data file is being opened or read, for errors. */
    private FileScanTask reading;

    private long returned;
    private boolean closed;

    @Override
    public boolean hasNext() {
      if (closed || returned >= limit) {
        return false;
      }
      try {
        while (current == null || !current.hasNext()) {
          closeCurrent();
          reading = null;
          if (taskIterator == null) {
            tasks = planner.get();
            taskIterator = tasks.iterator();
          }
          if (!taskIterator.hasNext()) {
            return false;
          }
          reading = taskIterator.next();
          openTask(reading);
        }
        return true;
      } catch (RuntimeException e) {
        closeQuietly();
        throw failure(e);
      }
    }

    /**
     * A failure while a data file is open names the file; any other is translated for the table.
     */
    private RuntimeException failure(RuntimeException e) {
      return reading == null
          ? Errors.translate(name, e)
          : Errors.dataFileRead(name, reading.file().location(), !reading.deletes().isEmpty(), e);
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      returned++;
      try {
        return new RecordRow(layout, current.next());
      } catch (RuntimeException e) {
        closeQuietly();
        throw failure(e);
      }
    }

    private void openTask(FileScanTask task) {
      GenericDeleteFilter deletes = EqualityDeleteLoader.rows(io, task, tableSchema, requested);
      Schema readSchema = deletes.requiredSchema();
      CloseableIterable<Record> records = openFile(task, readSchema);
      records = deletes.filter(records);
      Expression residual = task.residual();
      if (residual != null && residual.op() != Expression.Operation.TRUE) {
        // deletes first, then Floe's filter semantics (RowFilter), never Iceberg's Evaluator
        InternalRecordWrapper wrapper = new InternalRecordWrapper(readSchema.asStruct());
        RowFilter filter = RowFilter.of(readSchema.asStruct(), residual, caseSensitive);
        records = CloseableIterable.filter(records, r -> filter.test(wrapper.wrap(r)));
      }
      if (layout == null || !layout.matches(readSchema)) {
        layout = RecordRow.Layout.of(projection, readSchema);
      }
      currentFile = records;
      current = records.iterator();
    }

    private CloseableIterable<Record> openFile(FileScanTask task, Schema readSchema) {
      InputFile input = io.newInputFile(task.file().location(), task.file().fileSizeInBytes());
      Map<Integer, ?> constants = PartitionConstants.of(task);
      switch (task.file().format()) {
        case PARQUET:
          Parquet.ReadBuilder parquet = Parquet.read(input);
          if (nameMapping != null) {
            parquet = parquet.withNameMapping(nameMapping);
          }
          return parquet
              .project(readSchema)
              .createReaderFunc(
                  fileSchema ->
                      GenericParquetReaders.buildReader(readSchema, fileSchema, constants))
              .split(task.start(), task.length())
              .caseSensitive(caseSensitive)
              .filter(pruning(task.residual(), readSchema))
              .build();
        case AVRO:
          Avro.ReadBuilder avro = Avro.read(input);
          if (nameMapping != null) {
            avro = avro.withNameMapping(nameMapping);
          }
          return avro.project(readSchema)
              .createResolvingReader(schema -> PlannedDataReader.create(schema, constants))
              .split(task.start(), task.length())
              .build();
        default:
          throw new UnsupportedFeatureException(
              "Cannot read "
                  + task.file().format()
                  + " file "
                  + task.file().location()
                  + " of table "
                  + name
                  + ": Floe reads Parquet and Avro data files",
              null);
      }
    }

    /**
     * The filter Iceberg's row-group filters (statistics, dictionaries, Bloom filters) prune with.
     */
    private Expression pruning(Expression residual, Schema readSchema) {
      return Filters.pruningOf(residual, readSchema.asStruct(), caseSensitive);
    }

    private void closeCurrent() {
      if (currentFile != null) {
        try {
          currentFile.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          currentFile = null;
          current = null;
        }
      }
    }

    private void closeQuietly() {
      try {
        close();
      } catch (IOException | RuntimeException ignored) {
        // already failing
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        closeCurrent();
      } finally {
        if (tasks != null) {
          tasks.close();
        }
      }
    }
  }
}
