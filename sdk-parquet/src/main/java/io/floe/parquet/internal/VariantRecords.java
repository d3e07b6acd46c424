package io.floe.parquet.internal;

import io.floe.impl.spi.RowSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableGroup;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetValueReader;
import org.apache.iceberg.util.PartitionUtil;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.schema.MessageType;

/**
 * Records of a Parquet file with {@code variant} columns, without Hadoop: Iceberg's generic value
 * readers (which decode variants, shredded or not, with {@code ParquetVariantReaders}) driven over
 * the row groups of the task's split, which parquet-java's file reader opens with Floe's
 * Hadoop-free options. Floe's vectorized decoder does not decode variants; this replaces Iceberg's
 * {@code Parquet.read(...)} (which needs Hadoop's {@code Configuration}) for such files. No row
 * group is pruned (callers filter rows); no delete is applied (callers do). Each {@code iterator()}
 * reads the file anew.
 */
final class VariantRecords extends CloseableGroup implements CloseableIterable<Record> {
  private final RowSource.FileRead read;

  private VariantRecords(RowSource.FileRead read) {
    this.read = read;
  }

  /**
   * The records of one file read.
   *
   * @param read the file and its projection
   * @return the records
   */
  static CloseableIterable<Record> of(RowSource.FileRead read) {
    return new VariantRecords(read);
  }

  @Override
  public CloseableIterator<Record> iterator() {
    FileIterator it = new FileIterator(read);
    addCloseable(it);
    return it;
  }

  /** Row groups one after another; the file is open while iterating. */
  private static final class FileIterator implements CloseableIterator<Record> {
    private final ParquetFile file;
    private final ParquetFileReader reader;
    private final ParquetValueReader<Record> model;
    private final List<BlockMetaData> blocks;
    private final List<Integer> rowGroups;
    private int nextGroup;
    private long remaining;

    FileIterator(RowSource.FileRead read) {
      FileScanTask task = read.task();
      String path = task.file().location();
      ParquetFile opened =
          new ParquetFile(
              new CountingInputFile(read.io().newInputFile(task.file()), new LongAdder()),
              path,
              task.file().fileSizeInBytes(),
              null,
              ReadOptions.create(new PageCodecs()));
      try {
        MessageType written = opened.footer().getFileMetaData().getSchema();
        MessageType withIds;
        MessageType projection;
        if (ParquetSchemaUtil.hasIds(written)) {
          withIds = written;
          projection = ParquetSchemaUtil.pruneColumns(written, read.projection());
        } else if (read.nameMapping() != null) {
          withIds = ParquetSchemaUtil.applyNameMapping(written, read.nameMapping());
          projection = ParquetSchemaUtil.pruneColumns(withIds, read.projection());
        } else {
          withIds = ParquetSchemaUtil.addFallbackIds(written);
          projection = ParquetSchemaUtil.pruneColumnsFallback(written, read.projection());
        }
        Schema expected = read.projection();
        Map<Integer, ?> constants =
            PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant);
        this.model = GenericParquetReaders.buildReader(expected, withIds, constants);
        this.reader = opened.reader();
        reader.setRequestedSchema(projection);
        this.blocks = opened.footer().getBlocks();
        this.rowGroups = opened.rowGroupsOf(task.start(), task.length());
        this.file = opened;
      } catch (IOException e) {
        closeQuietly(opened);
        throw new UncheckedIOException("Cannot read Parquet file " + path, e);
      } catch (RuntimeException | Error e) {
        closeQuietly(opened);
        throw e;
      }
    }

    private static void closeQuietly(ParquetFile file) {
      try {
        file.close();
      } catch (IOException | RuntimeException suppressed) {
        // the original failure is what the caller sees
      }
    }

    @Override
    public boolean hasNext() {
      while (remaining == 0) {
        if (nextGroup >= rowGroups.size()) {
          return false;
        }
        int index = rowGroups.get(nextGroup++);
        PageReadStore pages;
        try {
          pages = reader.readRowGroup(index);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        model.setPageSource(pages);
        remaining = blocks.get(index).getRowCount();
      }
      return true;
    }

    @Override
    public Record next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      remaining--;
      return model.read(null);
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
