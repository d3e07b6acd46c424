package io.floe.parquet.write;

import io.floe.AppendResult;
import io.floe.FloeTable;
import io.floe.UnsupportedFeatureException;
import io.floe.impl.spi.ColumnAppender;
import io.floe.impl.spi.ColumnFiles;
import io.floe.impl.spi.DataWrites;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.Internals;
import io.floe.impl.spi.WriteChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.StructLikeMap;

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
 *
 * <p>Columns are written one at a time from tight loops over the vectors' buffers; with {@link
 * #parallelism(int)} above 1 several files are written at once: the partitions of a batch, or for
 * unpartitioned tables contiguous shares of a batch, each into its own file. Parquet settings are
 * the table's ({@code write.parquet.*}, including per-column dictionary switches {@code
 * write.parquet.dictionary-enabled.column.<c>}) with Bloom filters sized from {@link
 * #expectedRows(long)}. Partitioned tables get one open file per partition; files roll at the
 * table's target size. Arrow batches are not sorted: data files are marked unsorted even when the
 * table has a sort order (compaction sorts them). Each batch is written before {@link #batch}
 * returns, so the caller may reuse or close it. Not thread-safe; the caller keeps ownership of
 * batches and allocators.
 *
 * <pre>{@code
 * try (ArrowAppend append = ArrowAppend.to(table).expectedRows(1_000_000)) {
 *   while (reader.loadNextBatch()) {
 *     append.batch(reader.getVectorSchemaRoot());
 *   }
 *   AppendResult result = append.commit();
 * }
 * }</pre>
 */
public final class ArrowAppend implements AutoCloseable {
  private enum State {
    OPEN,
    COMMITTED,
    ABORTED
  }

  /** Rows written between two file-size checks. */
  private static final int CHUNK_ROWS = 16_384;

  /**
   * Fewest rows of a batch per thread of an unpartitioned append with {@link #parallelism}: smaller
   * batches go to one file on the caller's thread (handing rows over costs more than it saves, and
   * every thread's share becomes a file).
   */
  static final int MIN_LANE_ROWS = 16_384;

  /** Rows of the first batch sampled for columns of nearly distinct values, and the fewest. */
  private static final int DICTIONARY_SAMPLE_ROWS = 16_384;

  private static final int DICTIONARY_MIN_SAMPLE = 8_192;

  /** Parquet's global and per-column dictionary switches (as Floe's ParquetSettings reads them). */
  private static final String DICTIONARY_ENABLED = "parquet.enable.dictionary";

  private static final String DICTIONARY_ENABLED_PREFIX =
      "write.parquet.dictionary-enabled.column.";
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final FloeTable floeTable;
  private final String name;
  private final Table table;
  private final Schema schema;
  private final PartitionSpec spec;
  private final Map<String, String> summary = new LinkedHashMap<>();
  private final List<DataFile> completed = new ArrayList<>();
  private final List<OpenFile> open = new ArrayList<>();
  private String branch;
  private long expectedRows;
  private int parallelism = 1;
  private boolean started;
  private ExecutorService pool;
  private ColumnFiles columnFiles;
  private Map<String, String> properties;
  private MetricsConfig metrics;
  private OutputFileFactory files;
  private long targetSize;
  private ArrowColumns.Scratch[] scratch;
  private PartitionKey partitionKey;

  /**
   * The open file of each lane of an unpartitioned append: one lane per thread, each batch split
   * between them in contiguous ranges of rows.
   */
  private OpenFile[] lanes;

  private StructLikeMap<Partition> partitions;

  /**
   * Encodes rows' partitions without objects, or null when the spec needs {@link #partitionKey}.
   */
  private ArrowPartitions encoder;

  /** The partitions by encoded key (see {@link ArrowPartitions}); keys are copies made once. */
  private final Map<ArrowPartitions.Key, Partition> byKey = new HashMap<>();

  /** The current and the previous row's keys, swapped as rows go by. */
  private ArrowPartitions.Key rowKey = new ArrowPartitions.Key();

  private ArrowPartitions.Key lastKey = new ArrowPartitions.Key();

  /** The partitions the current batch has rows for (partitioned appends); reused. */
  private final List<Partition> touched = new ArrayList<>();

  private long rows;

  /** Rows given so far, kept or quarantined (the positions in messages about bad rows). */
  private long given;

  private State state = State.OPEN;

  /** The table's data quality checks (io.floe.quality), opened with the first batch. */
  private WriteChecks checks;

  /** Rows of the current batch that broke a rule and were quarantined; reused. */
  private boolean[] bad = new boolean[0];

  /** The current batch's rows that passed, when some did not; reused. */
  private int[] kept = new int[0];

  /** One data file being written. */
  private static final class OpenFile {
    final EncryptedOutputFile file;
    final StructLike partition;
    final ColumnAppender appender;

    OpenFile(EncryptedOutputFile file, StructLike partition, ColumnAppender appender) {
      this.file = file;
      this.partition = partition;
      this.appender = appender;
    }
  }

  /** One partition of a partitioned append: its open file and this batch's rows for it. */
  private static final class Partition {
    final StructLike partition;

    /** The file rows go to; replaced when it rolls. */
    OpenFile file;

    /** This batch's rows for this partition; grown to the largest batch once, then reused. */
    int[] selection = new int[0];

    int selected;

    Partition(StructLike partition) {
      this.partition = partition;
    }
  }

  private ArrowAppend(FloeTable table) {
    this.floeTable = table;
    this.name = table.name();
    this.table = Internals.icebergTable(table);
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
      throw Errors.alreadyDone("Arrow append to " + name, state.name().toLowerCase());
    }
  }

  private void checkNotStarted(String setting) {
    if (started) {
      throw new IllegalStateException(
          setting + " must be set before the first batch of the append to " + name);
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
    checkNotStarted("expectedRows");
    this.expectedRows = expected;
    return this;
  }

  /**
   * Writes up to this many files at once, each on its own thread, the caller's included (1, the
   * default, uses the caller's thread only); call before the first batch. A partitioned append
   * writes the partitions a batch has rows for in parallel (the files are the same as with one
   * thread). An unpartitioned append keeps one file per thread and splits each batch of at least
   * {@code threads} × 16,384 rows between them in contiguous shares (smaller batches go to the
   * first file on the caller's thread), so the commit adds up to {@code threads} files, each rolled
   * at the target size, with the rows of a batch in order within each file. Pays when cores are
   * idle; on a busy machine the caller does the work the pool threads have not started. The extra
   * threads live until the append is committed or aborted.
   *
   * @param threads the number of threads, 1 to 64
   * @return this append
   * @throws IllegalArgumentException when threads is outside 1..64
   * @throws IllegalStateException when a batch was already written
   */
  public ArrowAppend parallelism(int threads) {
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("Parallelism must be between 1 and 64, got " + threads);
    }
    checkNotStarted("parallelism");
    this.parallelism = threads;
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
      if (!started) {
        start();
      }
      ArrowColumns.Batch bound = ArrowColumns.bind(name, schema, batch, scratch);
      int count = bound.rowCount;
      int[] selection = null;
      int selected = count;
      if (count > 0 && checks.active()) {
        if (bad.length < count) {
          bad = new boolean[count];
          kept = new int[count];
        }
        java.util.Arrays.fill(bad, 0, count, false);
        ArrowColumns.ArrowRow cursor = bound.row;
        int quarantined =
            checks.checkBatch(
                i -> {
                  cursor.index = i;
                  return cursor;
                },
                count,
                given,
                bad);
        if (quarantined > 0) {
          selected = 0;
          for (int i = 0; i < count; i++) {
            if (!bad[i]) {
              kept[selected++] = i;
            }
          }
          selection = kept;
        }
      }
      given += count;
      if (selected > 0) {
        if (columnFiles == null) {
          openColumnFiles(bound);
        }
        if (partitionKey == null) {
          writeUnpartitioned(bound, selection, selected);
        } else {
          writePartitioned(bound, selection, selected);
        }
      }
      rows += selected;
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    }
    return this;
  }

  private void start() {
    FileFormat format =
        FileFormat.fromString(
            PropertyUtil.propertyAsString(
                table.properties(),
                TableProperties.DEFAULT_FILE_FORMAT,
                TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    if (format != FileFormat.PARQUET) {
      throw ArrowWriteErrors.notParquet(name, format);
    }
    for (Types.NestedField field : schema.columns()) {
      if (!field.type().isPrimitiveType()) {
        throw ArrowWriteErrors.nestedColumn(name, field.name(), field.type());
      }
    }
    this.targetSize =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    this.files = DataWrites.outputFiles(table, format);
    this.properties = new HashMap<>(table.properties());
    // an unpartitioned append's rows spread over one file per thread: size Bloom filters per file
    long perFile =
        expectedRows > 0 && spec.isUnpartitioned()
            ? Math.max(1, expectedRows / parallelism)
            : expectedRows;
    properties.putAll(DataWrites.dataProperties(table, perFile));
    this.metrics = MetricsConfig.forTable(table);
    this.scratch = new ArrowColumns.Scratch[schema.columns().size()];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = new ArrowColumns.Scratch();
    }
    if (spec.isUnpartitioned()) {
      this.lanes = new OpenFile[parallelism];
    } else {
      this.partitionKey = new PartitionKey(spec, schema);
      this.partitions = StructLikeMap.create(spec.partitionType());
      this.encoder = ArrowPartitions.forSpec(schema, spec);
    }
    if (parallelism > 1) {
      int id = POOLS.incrementAndGet();
      AtomicInteger thread = new AtomicInteger();
      this.pool =
          Executors.newFixedThreadPool(
              parallelism - 1,
              runnable -> {
                Thread t =
                    new Thread(
                        runnable, "floe-arrow-append-" + id + "-" + thread.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    this.checks = WriteChecks.open(floeTable, "Arrow append");
    checks.expectRows(expectedRows);
    this.started = true;
  }

  /**
   * Opens the write's Parquet files factory once the first rows are bound. Columns without a
   * dictionary setting of their own whose first 16,384 values are at least 99% distinct (unique
   * ids, random doubles, free text) are written without a dictionary. Parquet decides at the end of
   * a column's first page (at most 20,000 rows by default) whether its dictionary pays; for such
   * columns it builds one for every value of that page, finds it does not pay and re-encodes the
   * values plainly (a quarter of the CPU time of such writes in profiles), ending with plain pages
   * either way. Tables with longer pages ({@code write.parquet.page-row-limit}) keep Parquet's own
   * decision.
   */
  private void openColumnFiles(ArrowColumns.Batch first) {
    // the sample stands for Parquet's first page, where Parquet decides: not for larger pages
    int pageRows =
        PropertyUtil.propertyAsInt(
            properties,
            TableProperties.PARQUET_PAGE_ROW_LIMIT,
            TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT);
    if (PropertyUtil.propertyAsBoolean(properties, DICTIONARY_ENABLED, true)
        && pageRows <= TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT) {
      List<Types.NestedField> fields = schema.columns();
      for (int i = 0; i < fields.size(); i++) {
        String key = DICTIONARY_ENABLED_PREFIX + fields.get(i).name();
        if (!properties.containsKey(key)
            && ArrowColumns.mostlyDistinct(
                first.columns[i], DICTIONARY_SAMPLE_ROWS, DICTIONARY_MIN_SAMPLE)) {
          properties.put(key, "false");
        }
      }
    }
    this.columnFiles = DataWrites.columnFiles(schema, properties, metrics);
  }

  private OpenFile newFile(StructLike partition) {
    EncryptedOutputFile file =
        partition == null ? files.newOutputFile() : files.newOutputFile(spec, partition);
    ColumnAppender appender = columnFiles.open(file.encryptingOutputFile());
    OpenFile opened = new OpenFile(file, partition, appender);
    synchronized (open) {
      open.add(opened);
    }
    return opened;
  }

  /**
   * Writes rows {@code from..to-1} of a batch (or of a selection of it) to a partition's file,
   * opening it when null and rolling it at the target size.
   *
   * @return the file the last rows went to
   */
  private OpenFile write(
      OpenFile current,
      StructLike partition,
      ArrowColumns.Batch batch,
      int[] selection,
      int from,
      int to) {
    OpenFile file = current != null ? current : newFile(partition);
    for (int pos = from; pos < to; ) {
      if (file.appender.length() >= targetSize) {
        // roll before writing more (never after the last rows: no empty files)
        finish(file);
        file = newFile(partition);
      }
      int end = Math.min(to, pos + CHUNK_ROWS);
      file.appender.addColumns(batch, selection, pos, end);
      pos = end;
    }
    return file;
  }

  /**
   * Groups a batch's rows by partition and writes each group to its partition's file. Each row's
   * partition is encoded from the vectors into a reused key ({@link ArrowPartitions}), compared
   * with the previous row's and else looked up by key; the row numbers go into a buffer each
   * partition keeps (grown to the largest batch once, then reused). Neither a row nor a change of
   * partition between consecutive rows allocates; a partition's first row computes its Iceberg
   * partition tuple. Specs the encoder does not cover compute the tuple of every row instead.
   */
  private void writePartitioned(ArrowColumns.Batch batch, int[] rowsKept, int count) {
    boolean encoded = encoder != null && encoder.supports(batch);
    touched.clear();
    Partition last = null;
    for (int k = 0; k < count; k++) {
      int i = rowsKept == null ? k : rowsKept[k];
      Partition partition;
      if (encoded) {
        ArrowPartitions.Key key = rowKey;
        encoder.key(batch, i, key);
        if (last != null && key.equals(lastKey)) {
          partition = last;
        } else {
          partition = byKey.get(key);
          if (partition == null) {
            partition = partition(batch, i);
            byKey.put(key.copy(), partition);
          }
          rowKey = lastKey;
          lastKey = key;
        }
      } else {
        batch.row.index = i;
        partitionKey.partition(batch.row);
        partition =
            last != null && samePartition(last.partition, partitionKey)
                ? last
                : partition(batch, i);
      }
      if (partition.selected == 0) {
        if (partition.selection.length < count) {
          partition.selection = new int[count];
        }
        touched.add(partition);
      }
      partition.selection[partition.selected++] = i;
      last = partition;
    }
    if (pool != null && touched.size() > 1) {
      batch.load();
      Partition[] work = touched.toArray(new Partition[0]);
      inParallel(work.length, i -> writePartition(work[i], batch));
    } else {
      for (Partition partition : touched) {
        writePartition(partition, batch);
      }
    }
    touched.clear();
  }

  private void writePartition(Partition partition, ArrowColumns.Batch batch) {
    int selected = partition.selected;
    partition.selected = 0;
    partition.file =
        write(partition.file, partition.partition, batch, partition.selection, 0, selected);
  }

  /**
   * Writes the rows of a batch of an unpartitioned append: with {@link #parallelism} above 1 and
   * enough rows, each thread writes a contiguous share of them to its own lane's file.
   */
  private void writeUnpartitioned(ArrowColumns.Batch batch, int[] selection, int count) {
    int shares = pool == null ? 1 : Math.min(parallelism, count / MIN_LANE_ROWS);
    if (shares <= 1) {
      lanes[0] = write(lanes[0], null, batch, selection, 0, count);
      return;
    }
    batch.load();
    inParallel(
        shares,
        lane -> {
          int from = (int) ((long) count * lane / shares);
          int to = (int) ((long) count * (lane + 1) / shares);
          lanes[lane] = write(lanes[lane], null, batch, selection, from, to);
        });
  }

  /**
   * Runs {@code task} for {@code 0..count-1}, each index once, on the caller's thread and up to
   * {@code parallelism - 1} pool threads, and returns when all are done. Indexes are claimed one at
   * a time, so the caller never waits for a pool thread that has not started (on a busy machine it
   * simply does all the work itself); it waits only for indexes another thread is writing. Tasks
   * write to distinct files.
   */
  private void inParallel(int count, java.util.function.IntConsumer task) {
    AtomicInteger next = new AtomicInteger();
    Runnable drain =
        () -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            task.accept(i);
          }
        };
    int helpers = Math.min(parallelism, count) - 1;
    List<AtomicInteger> states = new ArrayList<>(helpers); // 0 pending, 1 running, 2 skipped
    List<Future<?>> futures = new ArrayList<>(helpers);
    for (int t = 0; t < helpers; t++) {
      AtomicInteger state = new AtomicInteger();
      states.add(state);
      futures.add(
          pool.submit(
              () -> {
                if (state.compareAndSet(0, 1)) {
                  drain.run();
                }
              }));
    }
    RuntimeException failure = null;
    try {
      drain.run();
    } catch (RuntimeException e) {
      failure = e;
      next.set(count); // stop the others from claiming more
    }
    for (int t = 0; t < helpers; t++) {
      if (states.get(t).compareAndSet(0, 2)) {
        continue; // never started: nothing to wait for
      }
      try {
        futures.get(t).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure != null ? failure : Errors.interrupted("appending to " + name, e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (failure == null) {
          failure =
              cause instanceof RuntimeException r
                  ? r
                  : Errors.failedTask(name, "Writing Arrow rows", cause);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The partition of a row, by Iceberg's partition tuple: found, or new (no file yet). */
  private Partition partition(ArrowColumns.Batch batch, int row) {
    batch.row.index = row;
    partitionKey.partition(batch.row);
    Partition partition = partitions.get(partitionKey);
    if (partition == null) {
      partition = new Partition(partitionKey.copy());
      partitions.put(partition.partition, partition);
    }
    return partition;
  }

  private static boolean samePartition(StructLike a, StructLike b) {
    for (int i = 0; i < a.size(); i++) {
      if (!Objects.equals(a.get(i, Object.class), b.get(i, Object.class))) {
        return false;
      }
    }
    return true;
  }

  /** Closes a file and counts it as written; a file that fails to close stays open for abort. */
  private void finish(OpenFile file) {
    DataWriter<Void> writer =
        new DataWriter<>(
            file.appender,
            FileFormat.PARQUET,
            file.file.encryptingOutputFile().location(),
            spec,
            file.partition,
            file.file.keyMetadata(),
            SortOrder.unsorted());
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to close data file "
              + file.file.encryptingOutputFile().location()
              + " of "
              + name,
          e);
    }
    DataFile done = writer.toDataFile();
    synchronized (completed) {
      completed.add(done);
    }
    synchronized (open) {
      open.remove(file);
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
  public AppendResult commit() {
    checkOpen();
    try {
      // each file's last row group is encoded, compressed and written as it closes
      OpenFile[] last = open.toArray(new OpenFile[0]);
      if (pool != null && last.length > 1) {
        inParallel(last.length, i -> finish(last[i]));
      } else {
        for (OpenFile file : last) {
          finish(file);
        }
      }
    } catch (RuntimeException e) {
      abort();
      throw Errors.translate(name, e);
    } finally {
      shutdownPool();
    }
    if (checks != null) {
      try {
        // the quarantine commits first: a failure after it loses no row (docs/quality.md)
        summary.putAll(checks.beforeCommit());
      } catch (RuntimeException e) {
        abort();
        throw Errors.translate(name, e);
      }
    }
    state = State.COMMITTED;
    return DataWrites.commitAppend(name, table, List.copyOf(completed), summary, branch);
  }

  private void shutdownPool() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
    if (columnFiles != null) {
      columnFiles.close();
      columnFiles = null;
    }
  }

  /** Discards the append and deletes the files it wrote. Does nothing after a commit. */
  public void abort() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABORTED;
    if (checks != null) {
      checks.abort();
    }
    List<String> locations = new ArrayList<>();
    for (DataFile file : completed) {
      locations.add(file.location());
    }
    for (OpenFile file : open) {
      try {
        file.appender.close();
      } catch (IOException | RuntimeException e) {
        // already failing; the file is deleted below
      }
      locations.add(file.file.encryptingOutputFile().location());
    }
    open.clear();
    shutdownPool();
    for (String location : locations) {
      try {
        table.io().deleteFile(location);
      } catch (RuntimeException e) {
        // best effort: orphan-file removal picks up what is left
      }
    }
  }

  /** Aborts the append unless it was committed. */
  @Override
  public void close() {
    abort();
  }
}
