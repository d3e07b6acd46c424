package io.floe.parquet;

import io.floe.ChangelogScan;
import io.floe.FloeIOException;
import io.floe.IncrementalScan;
import io.floe.NotFoundException;
import io.floe.ValidationException;
import io.floe.impl.spi.Events;
import io.floe.impl.spi.ScanPlan;
import io.floe.parquet.internal.ArrowTypes;
import io.floe.parquet.internal.ReadContext;
import io.floe.parquet.internal.RowBatches;
import io.floe.parquet.internal.RowStructs;
import io.floe.parquet.internal.ScanCounters;
import io.floe.parquet.internal.ScanDriver;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.TableScan;

/**
 * A vectorized read of an Iceberg table into Arrow batches, decoding Parquet pages straight into
 * Arrow vectors with deletes (position deletes, deletion vectors, equality deletes), schema
 * evolution and filters applied.
 *
 * <p>Partitions, manifests and files are pruned by Iceberg planning; row groups by column
 * statistics, dictionaries and Bloom filters; the remaining rows by the scan's filter (with the
 * semantics documented on {@link io.floe.Scan}: three-valued logic, IEEE NaN, unsigned uuid order,
 * the same as the row path), evaluated column-at-a-time before the other columns are decoded, and
 * when few rows survive only their values are decoded. With Floe's metadata cache (every Floe
 * catalog has one unless disabled), the data files' Parquet footers, Bloom filters and dictionaries
 * are kept between scans, so repeated point lookups read only the row groups that hold their keys
 * ({@link io.floe.CacheStats#dataFileHits()}). Files without Parquet field ids (imports, Delta
 * migrations) are read through the table's name mapping ({@code schema.name-mapping.default}); the
 * metadata columns {@code _file}, {@code _pos} and {@code _spec_id} can be projected; a scan's
 * limit stops opening files and row groups once enough rows were produced. Every Iceberg type is
 * supported, including decimal, uuid, fixed, binary, time, timestamps (with zone, nanoseconds) and
 * nested structs, lists and maps.
 *
 * <p>A Floe scan opens the same batches without naming this class: {@code
 * scan.arrow(ArrowBatches.class, allocator)} ({@link io.floe.Scan#arrow(Class, Object, int)}).
 *
 * <p>An {@code ArrowScan} is immutable and thread-safe: every method returns a new scan, and {@link
 * #open(BufferAllocator)} may be called any number of times.
 *
 * <pre>{@code
 * try (BufferAllocator allocator = new RootAllocator();
 *     ArrowBatches batches = ArrowScan.of(icebergTable.newScan().select("id", "category"))
 *         .batchSize(8192)
 *         .open(allocator)) {
 *   while (batches.hasNext()) {
 *     VectorSchemaRoot batch = batches.next();
 *     rows += batch.getRowCount();
 *   }
 * }
 * }</pre>
 */
public final class ArrowScan {
  /** The default number of rows per batch. */
  public static final int DEFAULT_BATCH_SIZE = 8192;

  private final ScanPlan plan;
  private final int batchSize;
  private final int parallelism;

  private ArrowScan(ScanPlan plan, int batchSize, int parallelism) {
    this.plan = plan;
    this.batchSize = batchSize;
    this.parallelism = parallelism;
  }

  /**
   * Not for users: an Arrow scan of a plan ({@code io.floe.impl.spi}), for Floe's sibling modules
   * that plan first and read part of the files (SQL reads the rest itself). Scans of data files
   * read one file per core at once.
   *
   * @param plan the plan, for example one restricted with {@link ScanPlan#withTasks}
   * @return a new Arrow scan with the default batch size
   */
  public static ArrowScan of(ScanPlan plan) {
    Objects.requireNonNull(plan, "plan");
    return new ArrowScan(
        plan,
        DEFAULT_BATCH_SIZE,
        plan.dataFiles() ? Runtime.getRuntime().availableProcessors() : 1);
  }

  /**
   * An Arrow scan of a Floe scan: its columns, filter, snapshot or ref, case sensitivity and limit.
   * A scan of a metadata table ({@link io.floe.FloeTable#metadataTable}, such as {@code files} or
   * {@code snapshots}) reads its rows and copies them into the batches on the calling thread.
   *
   * @param scan a scan from {@link io.floe.FloeTable#newScan()}
   * @return a new Arrow scan with the default batch size, reading up to one file per core at once
   * @throws ValidationException when a selected column does not exist
   * @throws IllegalArgumentException when the scan does not come from Floe's implementation
   */
  public static ArrowScan of(io.floe.Scan scan) {
    return of(ScanPlan.of(Objects.requireNonNull(scan, "scan")));
  }

  /**
   * An Arrow scan of an incremental scan. There is no vectorized reader for incremental scans: the
   * rows of {@link IncrementalScan#rows()} are copied into the batches on the calling thread, in
   * order, and {@link ArrowBatches#metrics()} stays at zero.
   *
   * @param scan a scan from {@link io.floe.FloeTable#newIncrementalScan()}
   * @return a new Arrow scan with the default batch size
   * @throws ValidationException when a selected column does not exist
   */
  public static ArrowScan of(IncrementalScan scan) {
    return of(ScanPlan.of(Objects.requireNonNull(scan, "scan")));
  }

  /**
   * An Arrow scan of a changelog scan. There is no vectorized reader for changelog scans: the rows
   * of {@link ChangelogScan#rows()}, change columns included, are copied into the batches on the
   * calling thread, in order, and {@link ArrowBatches#metrics()} stays at zero.
   *
   * @param scan a scan from {@link io.floe.FloeTable#newChangelogScan()}
   * @return a new Arrow scan with the default batch size
   * @throws ValidationException when a selected column does not exist
   */
  public static ArrowScan of(ChangelogScan scan) {
    return of(ScanPlan.of(Objects.requireNonNull(scan, "scan")));
  }

  /**
   * An Arrow scan of a configured Iceberg table scan (projection, filter, snapshot or ref, case
   * sensitivity are taken from it), for code that already holds an Iceberg {@code Table}.
   *
   * @param scan the Iceberg scan
   * @return a new Arrow scan with the default batch size, reading up to one file per core at once
   */
  public static ArrowScan of(TableScan scan) {
    return of(ScanPlan.of(Objects.requireNonNull(scan, "scan")));
  }

  /**
   * Returns batches of at most this many rows (batches may be smaller: at the end of each row
   * group, and after deletes and filters remove rows).
   *
   * @param rows the maximum number of rows per batch, from 1 to 1,048,576
   * @return a new scan
   * @throws IllegalArgumentException when rows is out of range
   */
  public ArrowScan batchSize(int rows) {
    if (rows < 1 || rows > (1 << 20)) {
      throw new IllegalArgumentException(
          "Batch size must be between 1 and 1048576 rows, was " + rows);
    }
    return new ArrowScan(plan, rows, parallelism);
  }

  /**
   * Reads up to this many files at once on Floe's shared, bounded reader pool; 1 reads on the
   * calling thread. With more than one, batches of different files interleave in no fixed order.
   *
   * @param files how many files to decode at once, 1 or more
   * @return a new scan
   * @throws IllegalArgumentException when files is less than 1
   */
  public ArrowScan parallelism(int files) {
    if (files < 1) {
      throw new IllegalArgumentException("Parallelism must be at least 1, was " + files);
    }
    return new ArrowScan(plan, batchSize, files);
  }

  /**
   * The Arrow schema of the batches this scan returns.
   *
   * @return the schema; each field carries its Iceberg field id in {@code PARQUET:field_id}
   * @throws io.floe.UnsupportedFeatureException when a column's type has no Arrow mapping
   */
  public org.apache.arrow.vector.types.pojo.Schema schema() {
    try {
      return ArrowTypes.convert(plan.projected());
    } catch (ArrowTypes.UnsupportedTypeException e) {
      throw new io.floe.UnsupportedFeatureException(
          e.getMessage() + " (table " + plan.tableName() + ")", null);
    }
  }

  /**
   * Plans the scan and opens the stream of batches; nothing is decoded until the first batch is
   * asked for.
   *
   * @param allocator where batches are allocated; not closed by the scan, and must outlive the
   *     returned stream
   * @return the open batches; close them when done
   * @throws ValidationException when a column or filter does not fit the table
   * @throws NotFoundException when the snapshot or ref does not exist
   * @throws io.floe.UnsupportedFeatureException when a file is not Parquet or a type has no Arrow
   *     mapping
   * @throws FloeIOException when metadata cannot be read
   */
  public ArrowBatches open(BufferAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator");
    org.apache.arrow.vector.types.pojo.Schema arrowSchema = schema();
    if (!plan.dataFiles() || ArrowTypes.hasNestedVariant(plan.projected().asStruct())) {
      // its row scan fires the scan's event; variants inside structs, lists or maps are decoded
      // by Iceberg's variant reader and copied into the variant layout's two binaries (top-level
      // variant columns are decoded by Floe's decoder)
      return openRows(allocator, arrowSchema);
    }
    long start = System.nanoTime();
    // planned once, on Floe's planner (decoded manifests from the metadata cache, no polling)
    ScanPlan.Tasks planned = plan.planned();
    for (FileScanTask task : planned.files()) {
      if (task.file().format() != FileFormat.PARQUET) {
        throw new io.floe.UnsupportedFeatureException(
            "Data file "
                + task.file().location()
                + " of table "
                + plan.tableName()
                + " is "
                + task.file().format()
                + "; Arrow scans read Parquet files only. Use the row scan.",
            null);
      }
    }
    ScanCounters counters = new ScanCounters();
    ReadContext ctx = new ReadContext(plan, planned.files(), batchSize, counters);
    BufferAllocator child = allocator.newChildAllocator("floe-arrow-scan", 0, allocator.getLimit());
    ScanDriver driver = new ScanDriver(planned.files(), ctx, child, parallelism);
    ArrowBatches batches =
        new ArrowBatches(
            // access control: masks applied after filtering (none: the driver itself)
            io.floe.parquet.internal.ArrowMasks.of(
                driver, child, plan.projected(), plan.masking().orElse(null)),
            child,
            arrowSchema,
            counters,
            planned.skippedFiles(),
            planned.skippedManifests(),
            plan.limit());
    Events events = plan.table() == null ? null : Events.of(plan.table()).orElse(null);
    if (events != null) {
      // the handle has listeners: the scan's event, with its row groups, when it is closed
      batches.onClose(
          failure -> {
            ScanMetrics m = batches.metrics();
            events.scanned(
                plan,
                m.rowsReturned(),
                m.rowGroupsRead(),
                m.rowGroupsPrunedByStats()
                    + m.rowGroupsPrunedByDictionary()
                    + m.rowGroupsPrunedByBloomFilter()
                    + m.rowGroupsPrunedByFilterColumns(),
                start,
                failure);
          });
    }
    return batches;
  }

  /** Rows (projected, filtered, limited by the Floe scan) copied into vectors. */
  private ArrowBatches openRows(
      BufferAllocator allocator, org.apache.arrow.vector.types.pojo.Schema arrowSchema) {
    BufferAllocator child =
        allocator.newChildAllocator("floe-arrow-row-scan", 0, allocator.getLimit());
    try {
      RowBatches batches =
          new RowBatches(RowStructs.of(plan.rows()), plan.projected(), child, batchSize);
      return new ArrowBatches(
          batches, child, arrowSchema, new ScanCounters(), 0, 0, Long.MAX_VALUE);
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
  }
}
