package io.floe.parquet.write;

import io.floe.CommitResult;
import io.floe.FloeTable;
import io.floe.UnsupportedFeatureException;
import io.floe.impl.Errors;
import io.floe.impl.FloeInternals;
import io.floe.impl.write.AppendImpl;
import io.floe.impl.write.TableFileWriter;
import io.floe.impl.write.WriterTuning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Appends Arrow record batches to a table in one commit, writing the vectors straight into Parquet
 * column writers (no per-row objects): a pending operation, used once.
 *
 * <p>Batch columns are matched to the table's top-level columns by name; columns the batch lacks
 * are null (required ones are an error), unknown columns are an error. Supported column types:
 * boolean, int (from 8-, 16- or 32-bit vectors), long (also from int vectors), float, double,
 * string, binary, fixed, uuid (16-byte fixed vectors), date (day vectors), time (micro or milli),
 * timestamp and timestamptz (micro, milli or nano vectors; zone flavour must match), decimal (same
 * scale). Tables with nested columns are appended with {@link FloeTable#newAppend()} instead.
 * Partitioned tables get one open file per partition; files roll at the table's target size.
 * Arrow batches are not sorted: data files are marked unsorted even when the table has a sort
 * order (compaction sorts them). Each batch is written before {@link #batch} returns, so the
 * caller may reuse or close it. Not thread-safe; the caller keeps ownership of batches and
 * allocators.
 *
 * <pre>{@code
 * try (ArrowAppend append = ArrowAppend.to(table).expectedRows(1_000_000)) {
 *   while (reader.loadNextBatch()) {
 *     append.batch(reader.getVectorSchemaRoot());
 *   }
 *   CommitResult result = append.commit();
 * }
 * }</pre>
 */
public final class ArrowAppend implements AutoCloseable {
  private enum State { OPEN, COMMITTED, ABORTED }

  private final String name;
  private final Table table;
  private final Schema schema;
  private final PartitionSpec spec;
  private final Map<String, String> summary = new LinkedHashMap<>();
  private String branch;
  private long expectedRows;
  private FanoutDataWriter<ArrowColumns.ArrowRow> writer;
  private PartitionKey partitionKey;
  private long rows;
  private State state = State.OPEN;

  private ArrowAppend(FloeTable table) {
    this.name = table.name();
    this.table = FloeInternals.icebergTable(table);
    this.schema = this.table.schema();
    this.spec = this.table.spec();
  }

  /**
   * Starts an Arrow append to a table.
   *
   * @param table the table, from Floe's implementation
   * @return a new pending append
   * @throws NullPointerException when table is null
   * @throws IllegalArgumentException when the table does not come from Floe's implementation
   */
  public static ArrowAppend to(FloeTable table) {
    return new ArrowAppend(Objects.requireNonNull(table, "table"));
  }

  private void checkOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("Arrow append to " + name + " was already " + state.name().toLowerCase());
    }
  }

  /**
   * Sizes the write (Bloom filters) for an expected number of rows; call before the first batch.
   *
   * @param expected the number of rows expected, at least 1
   * @return this append
   * @throws IllegalArgumentException when expected is less than 1
   * @throws IllegalStateException when a batch was already written
   */
  public ArrowAppend expectedRows(long expected) {
    if (expected < 1) {
      throw new IllegalArgumentException("Expected rows must be at least 1, got " + expected);
    }
    if (writer != null) {
      throw new IllegalStateException("expectedRows must be set before the first batch of the append to " + name);
    }
    this.expectedRows = expected;
    return this;
  }

  /**
   * Writes the rows of a batch.
   *
   * @param batch the batch; still owned by the caller, who may reuse it after this returns
   * @return this append
   * @throws io.floe.ValidationException when a column is unknown, of another type, or null where
   *     required; the append is aborted and its files deleted
   * @throws UnsupportedFeatureException when the table has nested columns or is not Parquet
   * @throws IllegalStateException when the append was already committed or aborted
   */
  public ArrowAppend batch(VectorSchemaRoot batch) {
    Objects.requireNonNull(batch, "batch");
    checkOpen();
    try {
      ArrowColumns.ArrowRow row = ArrowColumns.bind(name, schema, batch);
      if (writer == null) {
        writer = openWriter();
      }
      int count = batch.getRowCount();
      if (partitionKey == null) {
        for (int i = 0; i < count; i++) {
          row.index = i;
          writer.write(row, spec, null);
        }
      } else {
        for (int i = 0; i < count; i++) {
          row.index = i;
          partitionKey.partition(row);
          writer.write(row, spec, partitionKey);
        }
      }
      rows += count;
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    return this;
  }

  private FanoutDataWriter<ArrowColumns.ArrowRow> openWriter() {
    FileFormat format = FileFormat.fromString(PropertyUtil.propertyAsString(table.properties(),
        TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    if (format != FileFormat.PARQUET) {
      throw new UnsupportedFeatureException("Arrow appends write Parquet; table " + name + " writes " + format
          + " (write.format.default): use FloeTable.newAppend()", null);
    }
    long targetSize = PropertyUtil.propertyAsLong(table.properties(),
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    OutputFileFactory files = TableFileWriter.outputFiles(table, format);
    Map<String, String> tuning = WriterTuning.dataProperties(table, expectedRows);
    this.partitionKey = spec.isUnpartitioned() ? null : new PartitionKey(spec, schema);
    return new FanoutDataWriter<>(new Factory(tuning), files, table.io(), targetSize);
  }

  /** Creates Parquet data writers whose value writer reads Arrow vectors. */
  private final class Factory implements FileWriterFactory<ArrowColumns.ArrowRow> {
    private final Map<String, String> tuning;
    private final MetricsConfig metrics = MetricsConfig.forTable(table);

    Factory(Map<String, String> tuning) {
      this.tuning = tuning;
    }

    @Override
    public DataWriter<ArrowColumns.ArrowRow> newDataWriter(EncryptedOutputFile file, PartitionSpec fileSpec,
        StructLike partition) {
      try {
        return Parquet.writeData(file)
            .forTable(table)
            .setAll(tuning)
            .metricsConfig(metrics)
            .withSpec(fileSpec)
            .withPartition(partition)
            .withSortOrder(SortOrder.unsorted())
            .createWriterFunc(type -> new ArrowColumns.RowWriter(name, schema, type))
            .overwrite()
            .build();
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to open a data file of " + name, e);
      }
    }

    @Override
    public EqualityDeleteWriter<ArrowColumns.ArrowRow> newEqualityDeleteWriter(EncryptedOutputFile file,
        PartitionSpec fileSpec, StructLike partition) {
      throw new UnsupportedOperationException("Arrow appends write data files only");
    }

    @Override
    public PositionDeleteWriter<ArrowColumns.ArrowRow> newPositionDeleteWriter(EncryptedOutputFile file,
        PartitionSpec fileSpec, StructLike partition) {
      throw new UnsupportedOperationException("Arrow appends write data files only");
    }
  }

  /**
   * The number of rows written so far.
   *
   * @return the count
   */
  public long rowCount() {
    return rows;
  }

  /**
   * Adds a property to the snapshot summary of the commit.
   *
   * @param key the property key
   * @param value the property value
   * @return this append
   */
  public ArrowAppend set(String key, String value) {
    summary.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Commits to a branch instead of the main one.
   *
   * @param branchName the branch name
   * @return this append
   */
  public ArrowAppend toBranch(String branchName) {
    this.branch = Objects.requireNonNull(branchName, "branch");
    return this;
  }

  /**
   * Publishes the rows written as one new snapshot, retrying on concurrent commits.
   *
   * @return what the commit did
   * @throws io.floe.CommitConflictException when retries are exhausted; nothing was committed
   * @throws io.floe.CommitStateUnknownException when the outcome is unknown; no file was deleted
   * @throws IllegalStateException when the append was already committed or aborted
   */
  public CommitResult commit() {
    checkOpen();
    List<DataFile> files;
    try {
      if (writer != null) {
        writer.close();
      }
      files = writer == null ? List.of() : writer.result().dataFiles();
    } catch (IOException | RuntimeException e) {
      abort();
      throw e instanceof RuntimeException re ? Errors.translate(name, re)
          : Errors.io("close data files of", name, (IOException) e);
    }
    AppendImpl append = new AppendImpl(name, table);
    summary.forEach(append::set);
    if (branch != null) {
      append.toBranch(branch);
    }
    state = State.COMMITTED;
    return append.commitFiles(files);
  }

  /** Discards the append and deletes the files it wrote. Does nothing after a commit. */
  public void abort() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABORTED;
    if (writer != null) {
      try {
        writer.close();
        for (DataFile file : writer.result().dataFiles()) {
          try {
            table.io().deleteFile(file.location());
          } catch (RuntimeException e) {
            // best effort: orphan-file removal picks up what is left
          }
        }
      } catch (IOException | RuntimeException e) {
        // already failing; orphan-file removal picks up what is left
      }
    }
  }

  /** Aborts the append unless it was committed. */
  @Override
  public void close() {
    abort();
  }
}
