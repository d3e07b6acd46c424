package io.floe.impl.write;

import io.floe.impl.spi.ColumnSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.iceberg.DoubleFieldMetrics;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.FloatFieldMetrics;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Floe's Parquet data file writer: Iceberg's file layout and metrics, Floe's settings.
 *
 * <p>It writes the same files as Iceberg's own Parquet appender (same schema with field ids, {@code
 * iceberg.schema} footer entry, row group sizing, metrics from the footer), with two differences:
 * settings come from {@link ParquetSettings} (so per-column dictionary switches are honoured), and
 * it has a columnar mode. In row mode ({@link #rows}) an Iceberg value writer writes each row, as
 * in Iceberg. In column mode ({@link #columns}, flat schemas only) the caller pushes a range of
 * rows one column at a time through a {@link ColumnSource}; each column has its own page buffers.
 * Not thread-safe: one caller at a time (writes that use several threads write several files).
 *
 * @param <T> the row type in row mode ({@code Void} in column mode)
 */
final class ParquetFileAppender<T> implements FileAppender<T> {
  private static final String SCHEMA_NAME = "table";

  /** Rows of one column written before the column's store sees their record ends (column mode). */
  private static final int PAGE_CHECK_ROWS = 1024;

  private final OutputFile output;
  private final MessageType type;

  /** Widens integers of shredded variant fields to their typed column's width, or null. */
  private final java.util.function.UnaryOperator<T> widen;

  private final ParquetSettings settings;
  private final ParquetProperties props;
  private final MetricsConfig metricsConfig;
  private final Map<String, String> metadata = new HashMap<>();
  private final ParquetValueWriter<T> model;
  private final MessageType[] storeTypes;
  private final ColumnDescriptor[] leaves;
  private final Object[] fieldMetrics;
  private final Compressors compressors;
  private final boolean ownsCompressors;
  private ColumnChunkPageWriteStore[] pageStores;
  private ColumnWriteStore[] writeStores;
  private ColumnWriter[] columnWriters;
  private ParquetFileWriter writer;
  private long recordCount;
  private long nextCheckRecordCount = 10;
  private int rowGroupOrdinal;
  private boolean closed;
  private long finalLength = -1;
  private Metrics finalMetrics;
  private List<Long> finalSplits;

  private ParquetFileAppender(
      OutputFile output,
      Schema schema,
      Map<String, String> props,
      MetricsConfig metricsConfig,
      BiFunction<Schema, MessageType, ParquetValueWriter<?>> rowWriter,
      Compressors shared) {
    this.output = output;
    this.type =
        rowWriter == null
            ? ParquetSchemaUtil.convert(schema, SCHEMA_NAME)
            : VariantShredding.parquetType(output.location(), schema, props, SCHEMA_NAME);
    this.settings = ParquetSettings.forData(schema, type, props);
    @SuppressWarnings("unchecked")
    java.util.function.UnaryOperator<T> w =
        rowWriter == null
            ? null
            : (java.util.function.UnaryOperator<T>) VariantShredding.widening(schema, props);
    this.widen = w;
    this.props = settings.properties;
    this.metricsConfig = metricsConfig;
    this.metadata.put("iceberg.schema", SchemaParser.toJson(schema));
    if (rowWriter != null) {
      @SuppressWarnings("unchecked")
      ParquetValueWriter<T> m = (ParquetValueWriter<T>) rowWriter.apply(schema, type);
      this.model = m;
      this.storeTypes = new MessageType[] {type};
      this.leaves = null;
      this.fieldMetrics = null;
    } else {
      this.model = null;
      List<Types.NestedField> fields = schema.columns();
      if (type.getFieldCount() != fields.size() || type.getColumns().size() != fields.size()) {
        throw new IllegalArgumentException(
            "Column mode writes flat schemas of primitive columns, not " + schema);
      }
      this.storeTypes = new MessageType[fields.size()];
      this.leaves = new ColumnDescriptor[fields.size()];
      this.fieldMetrics = new Object[fields.size()];
      for (int i = 0; i < fields.size(); i++) {
        storeTypes[i] = new MessageType(SCHEMA_NAME, type.getType(i));
        leaves[i] = storeTypes[i].getColumns().get(0);
        Types.NestedField field = fields.get(i);
        if (field.type().typeId() == Type.TypeID.FLOAT) {
          fieldMetrics[i] = new FloatFieldMetrics.Builder(field.fieldId());
        } else if (field.type().typeId() == Type.TypeID.DOUBLE) {
          fieldMetrics[i] = new DoubleFieldMetrics.Builder(field.fieldId());
        }
      }
    }
    this.ownsCompressors = shared == null;
    this.compressors = shared != null ? shared : new Compressors(props);
    if (compressors.codec != settings.codec) {
      throw new IllegalArgumentException(
          "Compressors for " + compressors.codec + " used for a " + settings.codec + " file");
    }
    startRowGroup();
  }

  /**
   * Opens a row-mode appender.
   *
   * @param output the file to write
   * @param schema the Iceberg schema of the rows
   * @param props table properties with Floe's overrides
   * @param metricsConfig the table's metrics configuration
   * @param rowWriter creates the Iceberg value writer for the rows
   * @param <T> the row type
   * @return the appender
   */
  public static <T> ParquetFileAppender<T> rows(
      OutputFile output,
      Schema schema,
      Map<String, String> props,
      MetricsConfig metricsConfig,
      BiFunction<Schema, MessageType, ParquetValueWriter<?>> rowWriter) {
    return new ParquetFileAppender<>(output, schema, props, metricsConfig, rowWriter, null);
  }

  /**
   * Opens a column-mode appender for a flat schema of primitive columns.
   *
   * @param output the file to write
   * @param schema the Iceberg schema (top-level primitive columns only)
   * @param props table properties with Floe's overrides
   * @param metricsConfig the table's metrics configuration
   * @param compressors the compressors to share between the files of one write (the caller closes
   *     them after the last file), or null for the file's own
   * @return the appender
   * @throws IllegalArgumentException when the schema has nested columns
   */
  public static ParquetFileAppender<Void> columns(
      OutputFile output,
      Schema schema,
      Map<String, String> props,
      MetricsConfig metricsConfig,
      Compressors compressors) {
    return new ParquetFileAppender<>(output, schema, props, metricsConfig, null, compressors);
  }

  /**
   * The page compressors of one write: one per thread that compresses, taken on first use from a
   * process-wide pool and shared by all files of the write (a thread compresses one page at a time,
   * and Parquet copies the compressed bytes before that thread compresses the next); {@link
   * #close()} returns them to the pool. Parquet's heap compressor allocates a page-sized buffer
   * when created (1 MiB by default): writes of a few rows, as tests and small commits make, spent
   * more time creating compressors than compressing. Thread-safe.
   */
  public static final class Compressors
      implements CompressionCodecFactory.BytesInputCompressor, AutoCloseable {
    /** Idle compressors kept per codec and level. */
    static final int MAX_IDLE = 8;

    private static final ConcurrentMap<String, Deque<CompressionCodecFactory.BytesInputCompressor>>
        IDLE = new ConcurrentHashMap<>();

    private final ParquetSettings settings;
    private final CompressionCodecName codec;
    private final String key;
    private final Map<Thread, CompressionCodecFactory.BytesInputCompressor> byThread =
        new ConcurrentHashMap<>();

    /**
     * Creates the compressors for the codec the properties select.
     *
     * @param props table properties with Floe's overrides
     */
    public Compressors(Map<String, String> props) {
      this.settings = ParquetSettings.forData(new Schema(), new MessageType(SCHEMA_NAME), props);
      this.codec = settings.codec;
      this.key = codec + "/" + settings.level;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      return byThread.computeIfAbsent(Thread.currentThread(), t -> take()).compress(bytes);
    }

    private CompressionCodecFactory.BytesInputCompressor take() {
      Deque<CompressionCodecFactory.BytesInputCompressor> idle = IDLE.get(key);
      CompressionCodecFactory.BytesInputCompressor pooled = idle == null ? null : idle.pollFirst();
      return pooled != null ? pooled : PageCompression.compressor(codec, settings.level);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {
      // released by close(), once every file of the write is done
    }

    @Override
    public void close() {
      Deque<CompressionCodecFactory.BytesInputCompressor> idle =
          IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
      for (CompressionCodecFactory.BytesInputCompressor c : byThread.values()) {
        if (idle.size() < MAX_IDLE) {
          idle.offerFirst(c);
        } else {
          c.release();
        }
      }
      byThread.clear();
    }
  }

  /**
   * Adds a key-value entry to the file's footer (Iceberg's delete files say {@code delete-type} and
   * {@code delete-field-ids} there).
   *
   * @param key the key
   * @param value the value
   * @return this appender
   */
  ParquetFileAppender<T> meta(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  @Override
  public void add(T row) {
    if (model == null) {
      throw new IllegalStateException("Column-mode appender: use addColumns");
    }
    recordCount++;
    model.write(0, widen == null ? row : widen.apply(row));
    writeStores[0].endRecord();
    checkSize();
  }

  /**
   * Writes rows of the caller's current batch, column by column (column mode).
   *
   * @param source writes one column's values
   * @param rows a selection of batch rows, or null for the range itself
   * @param from first index
   * @param to end index (exclusive)
   */
  public void addColumns(ColumnSource source, int[] rows, int from, int to) {
    if (model != null) {
      throw new IllegalStateException("Row-mode appender: use add");
    }
    int pos = from;
    while (pos < to) {
      int n = (int) Math.min(to - pos, Math.max(1, nextCheckRecordCount - recordCount));
      writeSlice(source, rows, pos, pos + n);
      recordCount += n;
      pos += n;
      checkSize();
    }
  }

  private void writeSlice(ColumnSource source, int[] rows, int from, int to) {
    for (int c = 0; c < leaves.length; c++) {
      writeColumn(source, c, rows, from, to);
    }
  }

  private void writeColumn(ColumnSource source, int c, int[] rows, int from, int to) {
    ColumnWriter writer = columnWriters[c];
    ColumnWriteStore store = writeStores[c];
    // values run ahead of endRecord by at most one step, so pages split close to where row mode
    // would; steps end at multiples of PAGE_CHECK_ROWS rows of the row group, however rows arrive
    long done = recordCount; // rows of this row group before the slice
    for (int pos = from; pos < to; ) {
      int step = (int) (PAGE_CHECK_ROWS - (done + pos - from) % PAGE_CHECK_ROWS);
      int end = Math.min(to, pos + step);
      source.write(c, writer, fieldMetrics[c], rows, pos, end);
      for (int i = pos; i < end; i++) {
        store.endRecord();
      }
      pos = end;
    }
  }

  private long bufferedSize() {
    long size = 0;
    for (ColumnWriteStore store : writeStores) {
      size += store.getBufferedSize();
    }
    return size;
  }

  private void checkSize() {
    if (recordCount >= nextCheckRecordCount) {
      long bufferedSize = bufferedSize();
      double avgRecordSize = ((double) bufferedSize) / recordCount;
      if (bufferedSize > (settings.rowGroupSize - 2 * avgRecordSize)) {
        flushRowGroup(false);
      } else {
        long remainingSpace = settings.rowGroupSize - bufferedSize;
        long remainingRecords = (long) (remainingSpace / avgRecordSize);
        this.nextCheckRecordCount =
            recordCount
                + Math.min(
                    Math.max(remainingRecords / 2, props.getMinRowCountForPageSizeCheck()),
                    props.getMaxRowCountForPageSizeCheck());
      }
    }
  }

  private void ensureWriterInitialized() {
    if (writer == null) {
      try {
        writer =
            new ParquetFileWriter(
                new ParquetOutput(output),
                type,
                ParquetFileWriter.Mode.OVERWRITE,
                settings.rowGroupSize,
                0,
                settings.columnIndexTruncateLength,
                props.getStatisticsTruncateLength(),
                props.getPageWriteChecksumEnabled(),
                (org.apache.parquet.crypto.InternalFileEncryptor) null);
        writer.start();
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to create Parquet file " + output.location(), e);
      }
    }
  }

  private void flushRowGroup(boolean finished) {
    try {
      if (recordCount > 0) {
        ensureWriterInitialized();
        writer.startBlock(recordCount);
        flushStores();
        for (ColumnChunkPageWriteStore pageStore : pageStores) {
          pageStore.flushToFileWriter(writer);
        }
        writer.endBlock();
        if (!finished) {
          closeStores();
          startRowGroup();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to flush a row group of " + output.location(), e);
    }
  }

  /** Writes the last page and dictionary of each column. */
  private void flushStores() {
    for (ColumnWriteStore store : writeStores) {
      store.flush();
    }
  }

  private void closeStores() {
    for (ColumnWriteStore store : writeStores) {
      store.close();
    }
    for (ColumnChunkPageWriteStore store : pageStores) {
      store.close();
    }
  }

  private void startRowGroup() {
    this.nextCheckRecordCount =
        Math.min(
            Math.max(recordCount / 2, props.getMinRowCountForPageSizeCheck()),
            props.getMaxRowCountForPageSizeCheck());
    this.recordCount = 0;
    int stores = storeTypes.length;
    this.pageStores = new ColumnChunkPageWriteStore[stores];
    this.writeStores = new ColumnWriteStore[stores];
    for (int i = 0; i < stores; i++) {
      pageStores[i] =
          new ColumnChunkPageWriteStore(
              compressors,
              storeTypes[i],
              props.getAllocator(),
              settings.columnIndexTruncateLength,
              props.getPageWriteChecksumEnabled(),
              null,
              rowGroupOrdinal);
      writeStores[i] = props.newColumnWriteStore(storeTypes[i], pageStores[i], pageStores[i]);
    }
    this.rowGroupOrdinal++;
    if (model != null) {
      model.setColumnStore(writeStores[0]);
    } else {
      this.columnWriters = new ColumnWriter[stores];
      for (int i = 0; i < stores; i++) {
        columnWriters[i] = writeStores[i].getColumnWriter(leaves[i]);
      }
    }
  }

  @Override
  public Metrics metrics() {
    if (!closed) {
      throw new IllegalStateException(
          "Cannot return metrics for an unclosed writer of " + output.location());
    }
    return finalMetrics;
  }

  @Override
  public long length() {
    if (closed) {
      return finalLength;
    }
    try {
      long written = writer == null ? 0 : writer.getPos();
      return written + (recordCount > 0 ? bufferedSize() : 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to get the length of " + output.location(), e);
    }
  }

  @Override
  public List<Long> splitOffsets() {
    return closed ? finalSplits : null;
  }

  private Stream<FieldMetrics<?>> fieldMetrics() {
    if (model != null) {
      return model.metrics();
    }
    List<FieldMetrics<?>> out = new ArrayList<>();
    for (Object m : fieldMetrics) {
      if (m instanceof FloatFieldMetrics.Builder f) {
        out.add(f.build());
      } else if (m instanceof DoubleFieldMetrics.Builder d) {
        out.add(d.build());
      }
    }
    return out.stream();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushRowGroup(true);
      closeStores();
      ensureWriterInitialized();
      writer.end(metadata);
      finalLength = writer.getPos();
      finalMetrics = ParquetUtil.footerMetrics(writer.getFooter(), fieldMetrics(), metricsConfig);
      finalSplits = ParquetUtil.getSplitOffsets(writer.getFooter());
    } finally {
      if (ownsCompressors) {
        compressors.close();
      }
    }
  }

  /** Parquet's view of an Iceberg output file. */
  private static final class ParquetOutput implements org.apache.parquet.io.OutputFile {
    private final OutputFile file;

    ParquetOutput(OutputFile file) {
      this.file = file;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return wrap(file.create());
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return wrap(file.createOrOverwrite());
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return file.location();
    }

    private static PositionOutputStream wrap(org.apache.iceberg.io.PositionOutputStream out) {
      return new PositionOutputStream() {
        @Override
        public long getPos() throws IOException {
          return out.getPos();
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }
  }
}
