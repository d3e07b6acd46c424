package io.floe.impl.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.data.DeleteLoader;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.StructLikeSet;

/**
 * Floe's loader of equality deletes: Iceberg's {@link BaseDeleteLoader} keeps the delete rows it
 * reads, but Iceberg's generic Parquet reader hands out one reused {@code byte[]} for every {@code
 * fixed} value, so a delete file with two fixed values ends up holding the last value twice and the
 * other value's rows are not deleted. This loader copies each value it keeps. Delete rows match
 * null-safely (a null delete value deletes rows whose column is null), as the Iceberg spec says.
 * Position deletes and deletion vectors are Iceberg's.
 */
public final class EqualityDeleteLoader extends BaseDeleteLoader {
  private final Function<DeleteFile, InputFile> files;

  /**
   * A loader reading delete files through a function.
   *
   * @param files opens a delete file
   */
  public EqualityDeleteLoader(Function<DeleteFile, InputFile> files) {
    super(files);
    this.files = files;
  }

  /**
   * Iceberg's generic delete filter for a task, with this loader for its equality deletes.
   *
   * @param io the table's file access
   * @param task the task
   * @param tableSchema the table schema
   * @param requested the columns read
   * @return the delete filter
   */
  public static GenericDeleteFilter rows(
      FileIO io, FileScanTask task, Schema tableSchema, Schema requested) {
    return new GenericDeleteFilter(io, task, tableSchema, requested) {
      @Override
      protected DeleteLoader newDeleteLoader() {
        return new EqualityDeleteLoader(this::loadInputFile);
      }
    };
  }

  @Override
  public StructLikeSet loadEqualityDeletes(Iterable<DeleteFile> deleteFiles, Schema projection) {
    StructLikeSet set = StructLikeSet.create(projection.asStruct());
    InternalRecordWrapper wrapper = new InternalRecordWrapper(projection.asStruct());
    List<DeleteFile> others = new ArrayList<>();
    for (DeleteFile file : deleteFiles) {
      CloseableIterable<Record> records = open(file, projection);
      if (records == null) {
        others.add(file);
        continue;
      }
      try (CloseableIterable<Record> r = records) {
        for (Record record : r) {
          set.add(wrapper.copyFor(detach(record)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read equality delete file " + file.location(), e);
      }
    }
    if (!others.isEmpty()) {
      set.addAll(super.loadEqualityDeletes(others, projection));
    }
    return set;
  }

  private CloseableIterable<Record> open(DeleteFile file, Schema projection) {
    InputFile input = files.apply(file);
    switch (file.format()) {
      case PARQUET:
        return Parquet.read(input)
            .project(projection)
            .createReaderFunc(
                fileSchema -> GenericParquetReaders.buildReader(projection, fileSchema))
            .build();
      case AVRO:
        return Avro.read(input)
            .project(projection)
            .createResolvingReader(PlannedDataReader::create)
            .build();
      default:
        return null;
    }
  }

  /** A copy of a record that shares no mutable value with the reader. */
  private static Record detach(Record record) {
    Record copy = record.copy();
    for (int i = 0; i < copy.size(); i++) {
      Object value = copy.get(i);
      if (value instanceof byte[]) {
        copy.set(i, ((byte[]) value).clone());
      } else if (value instanceof ByteBuffer) {
        ByteBuffer source = ((ByteBuffer) value).duplicate();
        ByteBuffer owned = ByteBuffer.allocate(source.remaining());
        owned.put(source).flip();
        copy.set(i, owned);
      } else if (value instanceof Record) {
        copy.set(i, detach((Record) value));
      }
    }
    return copy;
  }
}
