package io.floe.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.floe.FloeTable;
import io.floe.Scan;
import io.floe.avro.AvroRows;
import io.floe.parquet.ArrowBatches;
import io.floe.parquet.write.ArrowAppend;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Exports what a scan reads to a file: CSV, JSON lines, Parquet, Avro or Arrow IPC. A pending
 * operation, used once.
 *
 * <p>The scan decides what is exported: columns ({@code select}), rows ({@code where}) and the
 * table's state ({@code asOfSnapshot}, {@code asOfTime}, {@code useRef}). Its rows are read as
 * Floe's Arrow batches and written as they come, so memory stays bounded whatever the size. The
 * file is written beside the target under a temporary name and moved into place at the end: a
 * failed export leaves no partial file. CSV has a header line of column names and writes values as
 * text the import reads back (ISO dates and times, timestamptz in UTC with {@code Z}, binary as
 * base64, nested values as JSON); JSON lines write numbers as numbers and nested values as objects
 * and arrays. Parquet files are written by Floe's own Parquet writer (with Iceberg field ids); Avro
 * files carry the Iceberg schema's field ids. Not thread-safe.
 *
 * <pre>{@code
 * ExportResult result = FileExport.from(table.newScan().select("id", "ts").where("id > 100"))
 *     .to(Path.of("out/events.parquet"))
 *     .run();
 * }</pre>
 */
public final class FileExport {
  private final Scan scan;
  private Path target;
  private FileFormat format;
  private CsvOptions csv = CsvOptions.defaults();
  private ProgressListener progress = ProgressListener.NONE;
  private int batchRows = 8192;
  private boolean ran;

  private FileExport(Scan scan) {
    this.scan = scan;
  }

  /**
   * Starts an export of what a scan reads.
   *
   * @param scan the scan: columns, filter and snapshot to export
   * @return a new export
   */
  public static FileExport from(Scan scan) {
    return new FileExport(Objects.requireNonNull(scan, "scan"));
  }

  /**
   * Starts an export of a whole table, as of its current snapshot.
   *
   * @param table the table
   * @return a new export
   */
  public static FileExport from(FloeTable table) {
    return from(Objects.requireNonNull(table, "table").newScan());
  }

  /**
   * Sets the file to write (replaced if it exists).
   *
   * @param path the file
   * @return this export
   */
  public FileExport to(Path path) {
    this.target = Objects.requireNonNull(path, "path");
    return this;
  }

  /**
   * Sets the format instead of telling it from the file's extension.
   *
   * @param format the format
   * @return this export
   */
  public FileExport format(FileFormat format) {
    this.format = Objects.requireNonNull(format, "format");
    return this;
  }

  /**
   * Sets how CSV is written (a header line unless {@link CsvOptions#withoutHeader()}).
   *
   * @param options the CSV options
   * @return this export
   */
  public FileExport csv(CsvOptions options) {
    this.csv = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Reports progress to a listener once per batch (bytes written so far, no total).
   *
   * @param listener the listener
   * @return this export
   */
  public FileExport progress(ProgressListener listener) {
    this.progress = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Sets the most rows per Arrow batch read from the scan (default 8,192).
   *
   * @param rows the batch size, 1 to 1,048,576
   * @return this export
   * @throws IllegalArgumentException when rows is out of range
   */
  public FileExport batchRows(int rows) {
    if (rows < 1 || rows > 1 << 20) {
      throw new IllegalArgumentException("Batch rows must be between 1 and 1048576, got " + rows);
    }
    this.batchRows = rows;
    return this;
  }

  /**
   * Runs the export.
   *
   * @return what was written
   * @throws io.floe.FloeIOException when the file cannot be written or a data file read
   * @throws io.floe.ValidationException when a column or filter of the scan does not fit the table
   * @throws io.floe.NotFoundException when the scan's snapshot, time or ref does not exist
   * @throws io.floe.UnsupportedFeatureException when the format cannot be told from the file name
   * @throws IllegalStateException when the export already ran or has no target
   */
  public ExportResult run() {
    if (ran) {
      throw new IllegalStateException("The export to " + target + " already ran");
    }
    if (target == null) {
      throw new IllegalStateException("The export has no target: call to(path)");
    }
    ran = true;
    FileFormat chosen =
        format != null
            ? format
            : FileFormat.fromPath(target).orElseThrow(() -> FileErrors.unknownFormat(target));
    Path absolute = target.toAbsolutePath();
    Path temporary =
        absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
    Schema schema = scan.schema();
    long start = System.nanoTime();
    long rows;
    try {
      Files.createDirectories(absolute.getParent());
      if (chosen == FileFormat.PARQUET) {
        rows = writeParquet(schema, temporary, start);
      } else {
        try (BufferAllocator allocator = new RootAllocator();
            CountingOutput out =
                new CountingOutput(
                    new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16));
            ArrowBatches batches = scan.arrow(ArrowBatches.class, allocator, batchRows)) {
          Writer writer = writer(chosen, schema, batches, allocator, out);
          try {
            rows = 0;
            while (batches.hasNext()) {
              VectorSchemaRoot batch = batches.next();
              writer.write(batch);
              rows += batch.getRowCount();
              progress.progress(
                  new Progress(rows, out.count, -1, target.toString(), System.nanoTime() - start));
            }
            writer.finish();
          } finally {
            writer.release();
          }
        }
      }
      Files.move(
          temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      long bytes = Files.size(absolute);
      progress.progress(
          new Progress(rows, bytes, bytes, target.toString(), System.nanoTime() - start));
      return new ExportResult(target.toString(), chosen, rows, bytes);
    } catch (IOException e) {
      throw FileErrors.io("write", target, e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException e) {
        // best effort: the failure being reported matters more
      }
    }
  }

  /**
   * Parquet through Floe's writer: a scratch table of the scan's schema, its one file moved out.
   */
  private long writeParquet(Schema schema, Path temporary, long start) throws IOException {
    try (Scratch scratch = new Scratch(schema, Long.MAX_VALUE);
        BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = scan.arrow(ArrowBatches.class, allocator, batchRows)) {
      long rows = 0;
      if (TableSink.Arrow.supports(scratch.table)) {
        try (ArrowAppend append = ArrowAppend.to(scratch.table)) {
          while (batches.hasNext()) {
            VectorSchemaRoot batch = batches.next();
            append.batch(batch);
            rows += batch.getRowCount();
            progress.progress(
                new Progress(rows, 0, -1, target.toString(), System.nanoTime() - start));
          }
          append.commit();
        }
      } else {
        try (io.floe.Append append = scratch.table.newAppend()) {
          List<Types.NestedField> columns = schema.columns();
          while (batches.hasNext()) {
            VectorSchemaRoot batch = batches.next();
            for (int i = 0; i < batch.getRowCount(); i++) {
              append.record(row(schema, batch, i));
            }
            rows += batch.getRowCount();
            progress.progress(
                new Progress(rows, 0, -1, target.toString(), System.nanoTime() - start));
          }
          append.commit();
          columns.size();
        }
      }
      List<Path> files = scratch.dataFiles();
      if (files.size() != 1) {
        throw new IOException(
            "Floe wrote "
                + files.size()
                + " Parquet files for "
                + rows
                + " rows; expected one"
                + (rows == 0 ? " (an export of no rows to Parquet is not supported)" : ""));
      }
      Files.move(files.get(0), temporary, StandardCopyOption.REPLACE_EXISTING);
      return rows;
    }
  }

  static ArrayStruct row(Schema schema, VectorSchemaRoot batch, int i) {
    List<Types.NestedField> columns = schema.columns();
    Object[] values = new Object[columns.size()];
    for (int c = 0; c < values.length; c++) {
      values[c] = ArrowValues.get(batch.getVector(c), columns.get(c).type(), i);
    }
    return new ArrayStruct(schema.asStruct(), values);
  }

  private Writer writer(
      FileFormat chosen,
      Schema schema,
      ArrowBatches batches,
      BufferAllocator allocator,
      OutputStream out)
      throws IOException {
    switch (chosen) {
      case CSV:
        return new CsvWriter(schema, csv, out);
      case JSON_LINES:
        return new JsonWriter(schema, out);
      case AVRO:
        return new AvroWriter(schema, out);
      case ARROW_IPC:
        return new IpcWriter(batches.schema(), allocator, out);
      default:
        throw new IllegalStateException("No writer for " + chosen);
    }
  }

  /** Writes batches to one output format. */
  private interface Writer {
    void write(VectorSchemaRoot batch) throws IOException;

    void finish() throws IOException;

    /** Releases what the writer holds (Arrow memory), finished or not. */
    default void release() {}
  }

  /** CSV through Jackson's CSV generator (quoting as RFC 4180). */
  private static final class CsvWriter implements Writer {
    private final Schema schema;
    private final CsvOptions options;
    private final CsvGenerator generator;

    CsvWriter(Schema schema, CsvOptions options, OutputStream out) throws IOException {
      this.schema = schema;
      this.options = options;
      CsvSchema.Builder columns = CsvSchema.builder();
      for (Types.NestedField column : schema.columns()) {
        columns.addColumn(column.name());
      }
      CsvSchema csvSchema =
          columns
              .build()
              .withColumnSeparator(options.delimiter())
              .withQuoteChar(options.quote())
              .withNullValue(options.nullString())
              .withLineSeparator("\n");
      this.generator = CsvReader.FACTORY.createGenerator(out);
      // quote only what needs it (by default Jackson quotes every value longer than 24 chars)
      generator.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
      generator.setSchema(options.header() ? csvSchema.withHeader() : csvSchema.withoutHeader());
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
      List<Types.NestedField> columns = schema.columns();
      FieldVector[] vectors = batch.getFieldVectors().toArray(new FieldVector[0]);
      for (int i = 0; i < batch.getRowCount(); i++) {
        generator.writeStartArray();
        for (int c = 0; c < vectors.length; c++) {
          Object value = ArrowValues.get(vectors[c], columns.get(c).type(), i);
          if (value == null) {
            generator.writeNull();
          } else {
            generator.writeString(text(columns.get(c).type(), value));
          }
        }
        generator.writeEndArray();
      }
    }

    @Override
    public void finish() throws IOException {
      generator.close();
    }

    private static String text(Type type, Object value) throws IOException {
      switch (type.typeId()) {
        case DECIMAL:
          return ((BigDecimal) value).toPlainString();
        case BINARY:
          return Base64.getEncoder().encodeToString(bytes((ByteBuffer) value));
        case FIXED:
          return Base64.getEncoder().encodeToString((byte[]) value);
        case STRUCT:
        case LIST:
        case MAP:
          java.io.StringWriter text = new java.io.StringWriter();
          try (JsonGenerator json = Values.JSON.getFactory().createGenerator(text)) {
            JsonWriter.value(json, type, value);
          }
          return text.toString();
        default:
          return value.toString();
      }
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /** JSON lines through Jackson's generator. */
  private static final class JsonWriter implements Writer {
    private final Schema schema;
    private final JsonGenerator generator;
    private boolean written;

    JsonWriter(Schema schema, OutputStream out) throws IOException {
      this.schema = schema;
      this.generator = Values.JSON.getFactory().createGenerator(out);
      generator.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
      List<Types.NestedField> columns = schema.columns();
      FieldVector[] vectors = batch.getFieldVectors().toArray(new FieldVector[0]);
      written |= batch.getRowCount() > 0;
      for (int i = 0; i < batch.getRowCount(); i++) {
        generator.writeStartObject();
        for (int c = 0; c < vectors.length; c++) {
          Object value = ArrowValues.get(vectors[c], columns.get(c).type(), i);
          if (value != null) {
            generator.writeFieldName(columns.get(c).name());
            value(generator, columns.get(c).type(), value);
          }
        }
        generator.writeEndObject();
      }
    }

    @Override
    public void finish() throws IOException {
      if (written) {
        generator.writeRaw('\n'); // the separator goes between records only
      }
      generator.close();
    }

    static void value(JsonGenerator json, Type type, Object value) throws IOException {
      if (value == null) {
        json.writeNull();
        return;
      }
      switch (type.typeId()) {
        case BOOLEAN:
          json.writeBoolean((Boolean) value);
          return;
        case INTEGER:
          json.writeNumber((Integer) value);
          return;
        case LONG:
          json.writeNumber((Long) value);
          return;
        case FLOAT:
          json.writeNumber((Float) value);
          return;
        case DOUBLE:
          json.writeNumber((Double) value);
          return;
        case DECIMAL:
          json.writeNumber((BigDecimal) value);
          return;
        case BINARY:
          json.writeString(Base64.getEncoder().encodeToString(bytes((ByteBuffer) value)));
          return;
        case FIXED:
          json.writeString(Base64.getEncoder().encodeToString((byte[]) value));
          return;
        case STRUCT:
          {
            ArrayStruct struct = (ArrayStruct) value;
            List<Types.NestedField> fields = type.asStructType().fields();
            json.writeStartObject();
            for (int f = 0; f < fields.size(); f++) {
              if (struct.values[f] != null) {
                json.writeFieldName(fields.get(f).name());
                value(json, fields.get(f).type(), struct.values[f]);
              }
            }
            json.writeEndObject();
            return;
          }
        case LIST:
          json.writeStartArray();
          for (Object item : (List<?>) value) {
            value(json, type.asListType().elementType(), item);
          }
          json.writeEndArray();
          return;
        case MAP:
          json.writeStartObject();
          for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            json.writeFieldName(String.valueOf(entry.getKey()));
            value(json, type.asMapType().valueType(), entry.getValue());
          }
          json.writeEndObject();
          return;
        default:
          json.writeString(value.toString());
      }
    }
  }

  /** Avro object container file of the schema sdk-avro converts to (with field ids). */
  private static final class AvroWriter implements Writer {
    private final Schema schema;
    private final AvroRows rows;
    private final DataFileWriter<GenericRecord> writer;

    AvroWriter(Schema schema, OutputStream out) throws IOException {
      this.schema = schema;
      this.rows = AvroRows.of(schema);
      this.writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(rows.avroSchema()));
      writer.setCodec(CodecFactory.snappyCodec());
      writer.create(rows.avroSchema(), out);
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
      for (int i = 0; i < batch.getRowCount(); i++) {
        writer.append(rows.toAvro(row(schema, batch, i)));
      }
    }

    @Override
    public void finish() throws IOException {
      writer.close();
    }
  }

  /** Arrow IPC file format: each batch copied into the writer's own root. */
  private static final class IpcWriter implements Writer {
    private final VectorSchemaRoot root;
    private final ArrowFileWriter writer;

    IpcWriter(
        org.apache.arrow.vector.types.pojo.Schema schema,
        BufferAllocator allocator,
        OutputStream out)
        throws IOException {
      this.root = VectorSchemaRoot.create(schema, allocator);
      this.writer = new ArrowFileWriter(root, null, Channels.newChannel(out));
      writer.start();
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
      try (ArrowRecordBatch records = new VectorUnloader(batch).getRecordBatch()) {
        new VectorLoader(root).load(records);
        writer.writeBatch();
      }
    }

    @Override
    public void finish() throws IOException {
      writer.end();
      writer.close();
    }

    @Override
    public void release() {
      root.close();
    }
  }

  /** Counts the bytes written through it. */
  private static final class CountingOutput extends java.io.FilterOutputStream {
    long count;

    CountingOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
