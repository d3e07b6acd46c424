package io.floe.parquet.internal;

import io.floe.Row;
import io.floe.UnsupportedFeatureException;
import io.floe.impl.spi.RowSource;
import io.floe.impl.spi.ScanPlan;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableGroup;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;

/**
 * The {@link RowSource} behind Floe's row scans ({@code rows()}, typed reads, read tasks) when
 * sdk-parquet is on the class path: each Parquet data file is read by {@link FileScan} (statistics,
 * dictionary and Bloom-filter pruning, deletes, Floe's filter semantics, vectorized decoding) one
 * batch at a time, and every batch is copied column by column into Java arrays ({@link BatchRows}),
 * so rows stay valid after the next batch reuses the vectors. Plans it cannot read (types without
 * an Arrow mapping, metadata columns other than {@code _file}, {@code _pos}, {@code _spec_id}) and
 * files it cannot read (not Parquet, a column default the file lacks, a Parquet feature the decoder
 * lacks, found before any row of the file is returned) are left to Floe's generic reader. It also
 * reads single files as Iceberg generic records ({@link #records}) for sdk-impl's other readers.
 * Found with {@link java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class ArrowRowSource implements RowSource {
  /** Rows per decoded batch. */
  static final int BATCH_SIZE = 8192;

  /** Where the readers' vectors live: a child allocator per open reader, closed with it. */
  static final BufferAllocator ALLOCATOR = new RootAllocator();

  /** Creates the source; {@link java.util.ServiceLoader} calls it. */
  public ArrowRowSource() {}

  @Override
  public Optional<Files> open(ScanPlan plan) {
    if (!plan.dataFiles()) {
      return Optional.empty();
    }
    ReadContext ctx;
    try {
      ctx = new ReadContext(plan, plan.tasks(), BATCH_SIZE, new ScanCounters());
      ArrowTypes.convert(ctx.readSchema());
      if (ArrowTypes.hasVariant(ctx.readSchema().asStruct())) {
        // rows of files with variants come from records(...): Iceberg's variant readers
        return Optional.empty();
      }
    } catch (UnsupportedFeatureException | ArrowTypes.UnsupportedTypeException e) {
      return Optional.empty();
    }
    return Optional.of(new ArrowFiles(ctx));
  }

  @Override
  public Optional<CloseableIterable<Record>> records(FileRead read) {
    if (read.task().file().format() != FileFormat.PARQUET) {
      return Optional.empty();
    }
    ScanPlan plan =
        ScanPlan.builder(read.table(), null)
            .io(read.io())
            .nameMapping(read.nameMapping())
            .tableSchema(read.projection())
            .requested(read.projection())
            .projected(read.projection())
            .caseSensitive(read.caseSensitive())
            .build();
    ReadContext ctx;
    try {
      ctx = ReadContext.records(plan, read.rowGroupFilter(), BATCH_SIZE);
      ArrowTypes.convert(ctx.readSchema());
      if (ArrowTypes.hasVariant(ctx.readSchema().asStruct())) {
        // Iceberg's variant readers (shredded or not) over Floe's Hadoop-free file reader
        return Optional.of(VariantRecords.of(read));
      }
    } catch (UnsupportedFeatureException | ArrowTypes.UnsupportedTypeException e) {
      return Optional.empty();
    }
    RecordValues values = RecordValues.of(read.projection().asStruct());
    FileRecords records = new FileRecords(ctx, read.task(), values);
    return records.openFirst() ? Optional.of(records) : Optional.empty();
  }

  /**
   * The records of one file: each {@code iterator()} decodes the file anew into its own slot, and
   * closing the iterable closes the iterators still open.
   */
  private static final class FileRecords extends CloseableGroup
      implements CloseableIterable<Record> {
    private final ReadContext ctx;
    private final FileScanTask task;
    private final RecordValues values;
    private CloseableIterator<Record> first;

    FileRecords(ReadContext ctx, FileScanTask task, RecordValues values) {
      this.ctx = ctx;
      this.task = task;
      this.values = values;
    }

    /** Opens the first iterator (and its first batch); false when the file is declined. */
    boolean openFirst() {
      first = open().orElse(null);
      return first != null;
    }

    private Optional<CloseableIterator<Record>> open() {
      ArrowFiles files = new ArrowFiles(ctx);
      Optional<CloseableIterator<Row>> rows;
      try {
        rows = files.open(task);
      } catch (RuntimeException | Error e) {
        files.close();
        throw e;
      }
      if (rows.isEmpty()) {
        files.close();
        return Optional.empty();
      }
      CloseableIterator<Row> it = rows.get();
      CloseableIterator<Record> records =
          new CloseableIterator<>() {
            private boolean closed;

            @Override
            public boolean hasNext() {
              if (closed) {
                return false;
              }
              if (it.hasNext()) {
                return true;
              }
              close(); // the memory goes back at the end, not only on close
              return false;
            }

            @Override
            public Record next() {
              if (!hasNext()) {
                throw new NoSuchElementException();
              }
              return values.record(it.next());
            }

            @Override
            public void close() {
              if (!closed) {
                closed = true;
                try {
                  it.close();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                } finally {
                  files.close();
                }
              }
            }
          };
      addCloseable(records);
      return Optional.of(records);
    }

    @Override
    public CloseableIterator<Record> iterator() {
      CloseableIterator<Record> it = first;
      first = null;
      if (it == null) {
        it =
            open()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "The file " + task.file().location() + " could be read before"));
      }
      return it;
    }
  }

  /** The files of one row scan, decoded into one reused slot. */
  static final class ArrowFiles implements Files {
    private final ReadContext ctx;
    private final BatchRows.Layout layout;
    private BufferAllocator allocator;
    private Slot slot;

    ArrowFiles(ReadContext ctx) {
      this.ctx = ctx;
      this.layout = BatchRows.Layout.of(ctx.outputSchema().asStruct());
    }

    /** The scan's counters (files, row groups pruned, bytes read), for tests. */
    ScanCounters counters() {
      return ctx.counters;
    }

    @Override
    public Optional<CloseableIterator<Row>> open(FileScanTask task) {
      if (task.file().format() != FileFormat.PARQUET) {
        return Optional.empty();
      }
      if (slot == null) {
        allocator = ALLOCATOR.newChildAllocator("floe-row-scan", 0, Long.MAX_VALUE);
        try {
          slot = new Slot(ctx, allocator, 0);
        } catch (RuntimeException | Error e) {
          close();
          throw e;
        }
      }
      FileScan scan;
      try {
        scan = new FileScan(task, ctx);
      } catch (UnsupportedFeatureException e) {
        return Optional.empty();
      }
      // the first batch now: a feature the decoder lacks shows here, before any row is returned
      BatchRows first;
      try {
        first = scan.next(slot) ? BatchRows.of(layout, slot.out()) : null;
      } catch (UnsupportedFeatureException e) {
        scan.close();
        return Optional.empty();
      } catch (RuntimeException | Error e) {
        try {
          scan.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      return Optional.of(new FileRows(scan, first));
    }

    @Override
    public void close() {
      try {
        if (slot != null) {
          slot.close();
        }
      } finally {
        slot = null;
        if (allocator != null) {
          allocator.close();
          allocator = null;
        }
      }
    }

    /** The rows of one file, a batch at a time. */
    private final class FileRows implements CloseableIterator<Row> {
      private FileScan scan;
      private BatchRows batch;
      private int next;

      FileRows(FileScan scan, BatchRows first) {
        this.scan = scan;
        this.batch = first;
        if (first == null) {
          close();
        }
      }

      @Override
      public boolean hasNext() {
        while (batch == null || next >= batch.size()) {
          if (scan == null) {
            return false;
          }
          batch = null;
          if (scan.next(slot)) {
            batch = BatchRows.of(layout, slot.out());
            next = 0;
          } else {
            close();
          }
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return batch.row(next++);
      }

      @Override
      public void close() {
        if (scan != null) {
          FileScan closing = scan;
          scan = null;
          closing.close();
        }
      }
    }
  }
}
