package io.floe.impl.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.data.DeleteLoader;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.deletes.Deletes;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.deletes.PositionDeleteIndexUtil;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.util.ContentFileUtil;
import org.apache.iceberg.util.StructLikeSet;

/**
 * Floe's loader of delete files. Parquet delete files (equality and position deletes) are read
 * through {@link ParquetRecords}, so with sdk-parquet on the class path by Floe's own decoder and
 * with no Hadoop; Avro ones with Iceberg's Avro reader; deletion vectors by Iceberg ({@link
 * BaseDeleteLoader}, which reads Puffin blobs directly).
 *
 * <p>Equality deletes: Iceberg's generic Parquet reader hands out one reused {@code byte[]} for
 * every {@code fixed} value, so a delete file with two fixed values would end up holding the last
 * value twice and the other value's rows would not be deleted; this loader copies each value it
 * keeps. Delete rows match null-safely (a null delete value deletes rows whose column is null), as
 * the Iceberg spec says.
 */
public final class FloeDeleteLoader extends BaseDeleteLoader {
  /** The columns of a position delete file that say which rows are deleted. */
  private static final Schema POSITIONS =
      new Schema(MetadataColumns.DELETE_FILE_PATH, MetadataColumns.DELETE_FILE_POS);

  private final String table;
  private final FileIO io;
  private final Function<DeleteFile, InputFile> files;

  /**
   * A loader reading delete files through a function.
   *
   * @param table the table's name, for messages
   * @param io the table's file IO
   * @param files opens a delete file
   */
  public FloeDeleteLoader(String table, FileIO io, Function<DeleteFile, InputFile> files) {
    super(files);
    this.table = table;
    this.io = io;
    this.files = files;
  }

  /**
   * A loader reading delete files through a table's file IO.
   *
   * @param table the table's name, for messages
   * @param io the table's file IO
   */
  public FloeDeleteLoader(String table, FileIO io) {
    this(table, io, io::newInputFile);
  }

  /**
   * Iceberg's generic delete filter for a task, with this loader for its delete files.
   *
   * @param table the table's name, for messages
   * @param io the table's file access
   * @param task the task
   * @param tableSchema the table schema
   * @param requested the columns read
   * @return the delete filter
   */
  public static GenericDeleteFilter rows(
      String table, FileIO io, FileScanTask task, Schema tableSchema, Schema requested) {
    return new GenericDeleteFilter(io, task, tableSchema, requested) {
      @Override
      protected DeleteLoader newDeleteLoader() {
        return new FloeDeleteLoader(table, io, this::loadInputFile);
      }
    };
  }

  @Override
  public StructLikeSet loadEqualityDeletes(Iterable<DeleteFile> deleteFiles, Schema projection) {
    StructLikeSet set = StructLikeSet.create(projection.asStruct());
    InternalRecordWrapper wrapper = new InternalRecordWrapper(projection.asStruct());
    List<DeleteFile> others = new ArrayList<>();
    for (DeleteFile file : deleteFiles) {
      CloseableIterable<Record> records = open(file, projection, null);
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

  @Override
  public PositionDeleteIndex loadPositionDeletes(
      Iterable<DeleteFile> deleteFiles, CharSequence filePath) {
    List<PositionDeleteIndex> indexes = new ArrayList<>();
    List<DeleteFile> others = new ArrayList<>();
    for (DeleteFile file : deleteFiles) {
      // row groups of other data files are skipped (position delete files are sorted by path)
      CloseableIterable<Record> records =
          ContentFileUtil.isDV(file)
              ? null
              : open(
                  file,
                  POSITIONS,
                  Expressions.equal(MetadataColumns.DELETE_FILE_PATH.name(), filePath.toString()));
      if (records == null) {
        others.add(file); // deletion vectors and formats read by Iceberg
      } else {
        // closes the records; keeps the positions of rows of this data file
        indexes.add(Deletes.toPositionIndex(filePath, records, file));
      }
    }
    if (!others.isEmpty()) {
      indexes.add(super.loadPositionDeletes(others, filePath));
    }
    return indexes.size() == 1 ? indexes.get(0) : PositionDeleteIndexUtil.merge(indexes);
  }

  private CloseableIterable<Record> open(DeleteFile file, Schema projection, Expression filter) {
    if (file.format() == FileFormat.PARQUET) {
      return ParquetRecords.delete(table, io, file, projection, filter);
    }
    if (file.format() == FileFormat.AVRO) {
      return Avro.read(files.apply(file))
          .project(projection)
          .createResolvingReader(PlannedDataReader::create)
          .build();
    }
    return null;
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
