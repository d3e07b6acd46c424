package io.floe.avro;

import io.floe.Append;
import io.floe.AppendResult;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.iceberg.data.Record;

/**
 * Appends Avro container files ({@code .avro}, with the writer schema in their header) to a table.
 *
 * <p>Each file's schema is mapped to the table's by name as {@link AvroRows} does. All files are
 * checked before any row is written, so a field without a column (or of an incompatible type), or a
 * required column the file lacks, fails fast with a {@link ValidationException} naming the file and
 * the field. A bad value found while reading (a null for a required column) aborts the append and
 * deletes what it wrote; nothing is committed.
 *
 * <p>Files are untrusted input: before Avro reads a file, its header and block headers are checked
 * against the file's size (a block's decompressed size against the system property {@code
 * floe.avro.limits.blockBytes}, default 64 MiB), and records are decoded with the bounds {@link
 * AvroCodec} describes; a file claiming more than it holds fails with a {@link ValidationException}
 * naming it.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * AppendResult result = AvroFiles.append(table, List.of(Path.of("events-0001.avro")));
 * }</pre>
 */
public final class AvroFiles {
  private AvroFiles() {}

  /**
   * Appends the records of Avro container files to a table in one commit.
   *
   * @param table the table
   * @param files the Avro container files
   * @return what the commit did
   * @throws ValidationException when a file's schema or a value does not fit the table, naming the
   *     file and the field, or a file is corrupt; nothing is committed
   * @throws FloeIOException when a file cannot be read or is not an Avro container file
   * @throws io.floe.CommitConflictException when concurrent commits kept the append from landing
   */
  public static AppendResult append(FloeTable table, Collection<Path> files) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(files, "files");
    Append append = table.newAppend();
    try {
      addTo(append, table, files);
    } catch (RuntimeException e) {
      append.abort();
      throw e;
    }
    return append.commit();
  }

  /**
   * Adds the records of Avro container files to a pending append, which the caller commits (or
   * aborts).
   *
   * @param append the pending append
   * @param table the table the append is for (its schema is the mapping target)
   * @param files the Avro container files
   * @return the append
   * @throws ValidationException when a file's schema or a value does not fit the table, naming the
   *     file and the field, or a file is corrupt
   * @throws FloeIOException when a file cannot be read or is not an Avro container file
   */
  public static Append addTo(Append append, FloeTable table, Collection<Path> files) {
    Objects.requireNonNull(append, "append");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(files, "files");
    AvroRows rows = AvroRows.of(table.schema());
    List<RowReadPlan> plans = new ArrayList<>();
    for (Path file : files) {
      Objects.requireNonNull(file, "file");
      try (DataFileReader<GenericRecord> reader = open(file)) {
        plans.add(rows.plan(reader.getSchema(), "Avro file " + file));
      } catch (IOException e) {
        throw ioError(file, e);
      } catch (ValidationException e) {
        throw AvroErrors.schemaDoesNotFit(table.name(), file, e);
      }
    }
    int i = 0;
    for (Path file : files) {
      RowReadPlan plan = plans.get(i++);
      try (DataFileReader<GenericRecord> reader = open(file)) {
        Iterable<Record> fileRows = () -> records(reader, plan, file, table.name());
        append.records(fileRows);
      } catch (IOException e) {
        throw ioError(file, e);
      }
    }
    return append;
  }

  /**
   * Reads an Avro container file as rows of an Iceberg schema, mapping fields by name.
   *
   * @param file the Avro container file
   * @param schema the Iceberg schema of the rows
   * @return the rows, read into memory
   * @throws ValidationException when the file's schema or a value does not fit, or the file is
   *     corrupt, naming the file and the field
   * @throws FloeIOException when the file cannot be read or is not an Avro container file
   */
  public static List<Record> read(Path file, org.apache.iceberg.Schema schema) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(schema, "schema");
    AvroRows rows = AvroRows.of(schema);
    List<Record> out = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader = open(file)) {
      RowReadPlan plan = rows.plan(reader.getSchema(), "Avro file " + file);
      records(reader, plan, file, null).forEachRemaining(out::add);
    } catch (IOException e) {
      throw ioError(file, e);
    }
    return out;
  }

  private static DataFileReader<GenericRecord> open(Path file) throws IOException {
    // Avro allocates every length of the header and blocks before reading it: check them first
    ContainerCheck.check(file);
    try {
      return new DataFileReader<>(file.toFile(), new Bounded<>(new GenericDatumReader<>()));
    } catch (RuntimeException e) {
      throw new IOException("not an Avro container file: " + e.getMessage(), e);
    }
  }

  /** Decodes each record with a {@link BoundedDecoder} over its block. */
  private static final class Bounded<D> implements DatumReader<D> {
    private final DatumReader<D> delegate;
    private Schema writer;

    Bounded(DatumReader<D> delegate) {
      this.delegate = delegate;
    }

    @Override
    public void setSchema(Schema schema) {
      this.writer = schema;
      delegate.setSchema(schema);
    }

    @Override
    public D read(D reuse, Decoder in) throws IOException {
      try {
        return delegate.read(
            reuse, in instanceof BinaryDecoder binary ? BoundedDecoder.of(binary, writer) : in);
      } catch (StackOverflowError e) {
        throw new IOException("a record is nested too deeply", null);
      }
    }
  }

  private static FloeIOException ioError(Path file, IOException e) {
    return AvroErrors.unreadableFile(null, file, e);
  }

  private static Iterator<Record> records(
      DataFileReader<GenericRecord> reader, RowReadPlan plan, Path file, String table) {
    return new Iterator<>() {
      private long index = 0;

      @Override
      public boolean hasNext() {
        try {
          return reader.hasNext();
        } catch (AvroRuntimeException | UncheckedIOException e) {
          throw AvroErrors.unreadableFile(table, file, e);
        } catch (RuntimeException e) {
          throw corrupt(e);
        }
      }

      private ValidationException corrupt(RuntimeException e) {
        return AvroErrors.corruptRecord(table, file, index, e);
      }

      @Override
      public Record next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        GenericRecord record;
        try {
          record = reader.next();
        } catch (RuntimeException e) {
          throw corrupt(e);
        }
        try {
          return plan.toRow(record);
        } catch (ValidationException e) {
          throw AvroErrors.invalidRecord(table, file, index, e);
        } finally {
          index++;
        }
      }
    };
  }
}
