package io.floe.files;

import io.floe.parquet.ArrowBatches;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet files, read by Floe's own vectorized reader: the file is added in place to a {@link
 * Scratch} table of the file's schema and scanned as Arrow batches; columns map to the table's by
 * name. The row number stands for the line.
 */
final class ParquetReader implements RecordReader {
  private final Scratch scratch;
  private final BufferAllocator allocator = new RootAllocator();
  private final ArrowBatches batches;
  private final List<Types.NestedField> columns;
  private final Types.NestedField[] sources;
  private final long size;
  private VectorSchemaRoot batch;
  private FieldVector[] vectors;
  private int next;
  private long line;

  ParquetReader(Path file, Schema target) throws IOException {
    this.size = Files.size(file);
    Schema fileSchema = schema(file);
    for (Types.NestedField field : fileSchema.columns()) {
      if (target.findField(field.name()) == null) {
        allocator.close();
        throw new BadValue(
            "the file has column '" + field.name() + "', which the table does not have",
            field.name(),
            null);
      }
    }
    this.columns = target.columns();
    this.sources = new Types.NestedField[columns.size()];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = fileSchema.findField(columns.get(i).name());
    }
    Scratch opened = new Scratch(fileSchema, Long.MAX_VALUE);
    try {
      opened.table.addFiles().file(file.toAbsolutePath().toUri().toString()).commit();
      this.batches = opened.table.newScan().arrow(ArrowBatches.class, allocator);
    } catch (RuntimeException e) {
      opened.close();
      allocator.close();
      throw e;
    }
    this.scratch = opened;
  }

  /**
   * The Iceberg schema of a Parquet file, from its footer (field ids kept, or given in column order
   * when the file has none).
   */
  static Schema schema(Path file) throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long size = channel.size();
      ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      if (size < 12) {
        throw new BadValue("not a Parquet file (too short)", null);
      }
      channel.position(size - 8);
      while (tail.hasRemaining() && channel.read(tail) >= 0) {
        // read the footer length and magic
      }
      tail.flip();
      int length = tail.getInt();
      byte[] magic = new byte[4];
      tail.get(magic);
      if (!"PAR1".equals(new String(magic, StandardCharsets.US_ASCII))
          || length <= 0
          || length > size - 12) {
        throw new BadValue("not a Parquet file (no Parquet footer)", null);
      }
      ByteBuffer footer = ByteBuffer.allocate(length);
      channel.position(size - 8 - length);
      while (footer.hasRemaining() && channel.read(footer) >= 0) {
        // read the footer
      }
      ParquetMetadata metadata =
          new ParquetMetadataConverter()
              .readParquetMetadata(
                  new ByteArrayInputStream(footer.array()), ParquetMetadataConverter.NO_FILTER);
      MessageType type = metadata.getFileMetaData().getSchema();
      return ParquetSchemaUtil.convert(type);
    }
  }

  @Override
  public boolean next(Object[] row) {
    while (batch == null || next >= batch.getRowCount()) {
      if (!batches.hasNext()) {
        return false;
      }
      batch = batches.next();
      vectors = new FieldVector[columns.size()];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = sources[i] == null ? null : batch.getVector(sources[i].name());
      }
      next = 0;
    }
    line++;
    int index = next++;
    for (int i = 0; i < columns.size(); i++) {
      Types.NestedField field = columns.get(i);
      Object value =
          vectors[i] == null ? null : ArrowValues.get(vectors[i], sources[i].type(), index);
      try {
        row[i] = Values.fromObject(field.type(), value);
      } catch (BadValue e) {
        throw e.in(field.name());
      }
      if (row[i] == null && field.isRequired()) {
        throw new BadValue("null where the column is required", field.name(), null);
      }
    }
    return true;
  }

  @Override
  public long line() {
    return line;
  }

  @Override
  public String raw() {
    return "row " + line;
  }

  @Override
  public long bytesRead() {
    return line == 0 ? 0 : size;
  }

  @Override
  public void close() {
    try {
      batches.close();
    } finally {
      try {
        allocator.close();
      } finally {
        scratch.close();
      }
    }
  }
}
