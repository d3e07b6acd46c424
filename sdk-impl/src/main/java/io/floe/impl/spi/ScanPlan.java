package io.floe.impl.spi;

import io.floe.ObjectStream;
import io.floe.ReadTask;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.impl.cache.MetadataCache;
import io.floe.impl.plan.Planner;
import io.floe.impl.read.FilterColumns;
import io.floe.impl.read.Filters;
import io.floe.impl.read.FloeDeleteLoader;
import io.floe.impl.read.ObjectReader;
import io.floe.impl.read.ReadTasks;
import io.floe.impl.read.RowFilter;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.iceberg.CombinedScanTask;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.data.DeleteLoader;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.metrics.MetricsReporter;
import org.apache.iceberg.metrics.ScanReport;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.TableScanUtil;

/**
 * One scan, planned: everything a reader needs to read it and nothing it must work out again. Table
 * scans, metadata-table scans, incremental and changelog scans produce it ({@link #of(Object)});
 * Floe's row reader, its read tasks and sdk-parquet's Arrow reader consume it.
 *
 * <p>The facts (table, snapshot, schemas, filter, case sensitivity, limit, file IO, name mapping)
 * are fixed when the plan is made, which is when columns and filters are validated; the file tasks
 * are planned once, on first use, on Floe's bounded planner ({@link #tasks()}), and planning errors
 * are translated there. Immutable and thread-safe. A plan restricted to given tasks ({@link
 * #withTasks}, what a read task carries) is Java-serializable; its table, snapshot and row reader
 * are not carried over.
 */
public final class ScanPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A scan of Floe's implementation, which can be planned. */
  public interface Source {
    /**
     * Plans this scan: validates its columns, filter and snapshot and fixes what it reads.
     *
     * @return the plan; its file tasks are planned on first use
     * @throws io.floe.ValidationException when a column or the filter does not fit the table
     * @throws io.floe.NotFoundException when the snapshot, time, ref or branch does not exist
     */
    ScanPlan plan();
  }

  /** Plans the file tasks of a scan. */
  @FunctionalInterface
  public interface Planning {
    /**
     * Plans the files.
     *
     * @param reporter receives Iceberg's scan report, if the planner sends one
     * @return the tasks, in planning order; closed by the caller
     */
    CloseableIterable<FileScanTask> planFiles(MetricsReporter reporter);
  }

  /** Plans the file tasks of a scan keeping some columns' statistics in them. */
  @FunctionalInterface
  public interface StatsPlanning {
    /**
     * The planning that keeps the statistics of the given columns.
     *
     * @param columns column names of the table's schema
     * @return the planning
     */
    Planning keeping(java.util.Collection<String> columns);
  }

  /** Reads the rows of a plan. */
  @FunctionalInterface
  public interface RowReader {
    /**
     * Opens the rows.
     *
     * @param plan the plan
     * @return the rows of the plan's projection, filtered and limited
     */
    CloseableIterable<Row> rows(ScanPlan plan);
  }

  /**
   * The planned file tasks and what planning skipped.
   *
   * @param files the tasks to read, in order
   * @param skippedFiles the data files of the snapshot that planning pruned (0 when unknown)
   * @param skippedManifests the data manifests planning pruned (0 when unknown)
   */
  public record Tasks(List<FileScanTask> files, long skippedFiles, long skippedManifests) {}

  private final String tableName;
  private final transient Table table;
  private final transient Snapshot snapshot;
  private final long snapshotId;
  private final Schema tableSchema;
  private final Schema requested;
  private final Schema projected;
  private final Expression filter;
  private final boolean caseSensitive;
  private final long limit;
  private final FileIO io;
  private final NameMapping nameMapping;
  private final boolean dataFiles;
  private final transient Planning planning;
  private final transient StatsPlanning statsPlanning;
  private final transient RowReader reader;

  /** Tasks given instead of planned (a read task's), or null. */
  private final List<FileScanTask> fixed;

  /** Column masks applied to what is returned (access control), or null for none. */
  private final Masking masking;

  /** The principal the scan is for (access control), or null for the handle's. */
  private final String principal;

  private transient volatile Tasks planned;
  private transient volatile long planningNanos;

  private ScanPlan(Builder b, List<FileScanTask> fixed) {
    this(b, fixed, null);
  }

  private ScanPlan(Builder b, List<FileScanTask> fixed, Masking masking) {
    this.masking = masking == null || masking.isEmpty() ? null : masking;
    this.principal = masking == null ? null : masking.principal().orElse(null);
    this.tableName = b.tableName;
    this.table = b.table;
    this.snapshot = b.snapshot;
    this.snapshotId = b.snapshotId;
    this.tableSchema = b.tableSchema;
    this.requested = b.requested;
    this.projected = b.projected;
    this.filter = b.filter;
    this.caseSensitive = b.caseSensitive;
    this.limit = b.limit;
    this.io = b.io;
    this.nameMapping = b.nameMapping;
    this.dataFiles = b.dataFiles;
    this.planning = b.planning;
    this.statsPlanning = b.statsPlanning;
    this.reader = b.reader;
    this.fixed = fixed;
  }

  /**
   * The plan of a Floe scan ({@link io.floe.Scan}, {@link io.floe.IncrementalScan}, {@link
   * io.floe.ChangelogScan}).
   *
   * @param scan a scan from Floe's implementation
   * @return its plan
   * @throws IllegalArgumentException when the scan comes from another implementation
   * @throws io.floe.ValidationException when a column or the filter does not fit the table
   * @throws io.floe.NotFoundException when the snapshot, time, ref or branch does not exist
   */
  public static ScanPlan of(Object scan) {
    if (scan instanceof Source source) {
      return source.plan();
    }
    throw new IllegalArgumentException("Not a scan of Floe's implementation: " + scan);
  }

  /**
   * The plan of a configured Iceberg table scan (projection, filter, snapshot or ref, case
   * sensitivity are taken from it), read with Floe's planner and without a limit.
   *
   * @param scan the Iceberg scan
   * @return its plan, read as data files
   */
  public static ScanPlan of(TableScan scan) {
    Table table = scan.table();
    return builder(table.name(), table)
        .snapshot(scan.snapshot())
        .requested(scan.schema())
        .projected(scan.schema())
        .filter(scan.filter())
        .caseSensitive(scan.isCaseSensitive())
        .planning(reporter -> Planner.planFiles(scan.metricsReporter(reporter)))
        .dataFiles()
        .build();
  }

  /**
   * Starts a plan of a table; by default it reads all columns of the table's schema, unfiltered,
   * case-sensitively, without a limit, through the table's file IO and name mapping.
   *
   * @param tableName the table's full name, for messages
   * @param table the Iceberg table read (a metadata table for metadata-table scans), or null for a
   *     plan of given files (then set its schema and file IO)
   * @return a builder
   */
  public static Builder builder(String tableName, Table table) {
    Builder b = new Builder(tableName, table);
    if (table != null) {
      b.tableSchema = table.schema();
      b.io = table.io();
      String json = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
      b.nameMapping = json == null ? null : NameMappingParser.fromJson(json);
    }
    return b;
  }

  /**
   * The table's full name, for messages.
   *
   * @return the name
   */
  public String tableName() {
    return tableName;
  }

  /**
   * The Iceberg table read (a metadata table for metadata-table scans).
   *
   * @return the table; null in a deserialized plan
   */
  public Table table() {
    return table;
  }

  /**
   * The snapshot read (the end of the range for incremental and changelog scans).
   *
   * @return the snapshot, empty for an empty table or in a deserialized plan
   */
  public Optional<Snapshot> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  /**
   * The id of the snapshot read.
   *
   * @return the id, -1 for an empty table
   */
  public long snapshotId() {
    return snapshotId;
  }

  /**
   * The table's schema, which delete files and filters resolve against.
   *
   * @return the schema
   */
  public Schema tableSchema() {
    return tableSchema;
  }

  /**
   * The columns read: the projection and the columns the filter needs.
   *
   * @return the requested schema
   */
  public Schema requested() {
    return requested;
  }

  /**
   * The columns returned.
   *
   * @return the projected schema
   */
  public Schema projected() {
    return projected;
  }

  /**
   * The scan's filter as given (each task carries its residual).
   *
   * @return the filter, {@code alwaysTrue()} for none
   */
  public Expression filter() {
    return filter;
  }

  /**
   * Whether column names match case-sensitively.
   *
   * @return true when they do
   */
  public boolean caseSensitive() {
    return caseSensitive;
  }

  /**
   * The most rows the scan returns.
   *
   * @return the limit, {@code Long.MAX_VALUE} for none
   */
  public long limit() {
    return limit;
  }

  /**
   * The file IO the table's files are read through.
   *
   * @return the file IO
   */
  public FileIO io() {
    return io;
  }

  /**
   * The table's name mapping, parsed once, for data files without Iceberg field ids (imports,
   * migrations).
   *
   * @return the mapping, empty when the table has none
   */
  public Optional<NameMapping> nameMapping() {
    return Optional.ofNullable(nameMapping);
  }

  /**
   * Whether the tasks are data files of the table that a file reader decodes (table scans); when
   * not (metadata-table, incremental and changelog scans), read the plan with {@link #rows()}.
   *
   * @return true for a scan of data files
   */
  public boolean dataFiles() {
    return dataFiles;
  }

  /**
   * The file tasks, planned on first use on Floe's bounded planner and kept. With a limit, planning
   * stops once files that need no filtering and have no deletes hold enough rows.
   *
   * @return the tasks; empty for scans that plan as they read (changelog scans)
   * @throws io.floe.FloeException when planning fails (translated, naming the table)
   */
  public List<FileScanTask> tasks() {
    return planned().files();
  }

  /**
   * The file tasks with what planning skipped.
   *
   * @return the planned tasks
   * @throws io.floe.FloeException when planning fails (translated, naming the table)
   */
  public Tasks planned() {
    Tasks result = planned;
    if (result == null) {
      synchronized (this) {
        result = planned;
        if (result == null) {
          long start = System.nanoTime();
          result = fixed != null ? new Tasks(fixed, 0, 0) : plan();
          planningNanos = System.nanoTime() - start;
          planned = result;
        }
      }
    }
    return result;
  }

  /**
   * The planned tasks if the plan was planned already; never plans.
   *
   * @return the tasks, or null when not planned yet
   */
  Tasks plannedIfDone() {
    return planned;
  }

  /**
   * How long planning the tasks took.
   *
   * @return the nanoseconds, 0 when not planned yet
   */
  public long planningNanos() {
    return planningNanos;
  }

  /**
   * The same plan reading only the given tasks, without its table, snapshot or row reader:
   * serializable, what a read task carries.
   *
   * @param files the tasks to read
   * @return the restricted plan
   */
  public ScanPlan withTasks(List<FileScanTask> files) {
    Builder b = new Builder(tableName, null);
    b.snapshotId = snapshotId;
    b.tableSchema = tableSchema;
    b.requested = requested;
    b.projected = projected;
    b.filter = filter;
    b.caseSensitive = caseSensitive;
    b.limit = limit;
    b.io = io;
    b.nameMapping = nameMapping;
    b.dataFiles = dataFiles;
    return new ScanPlan(b, new ArrayList<>(files), masking == null ? principalOnly() : masking);
  }

  /**
   * The same plan, not planned yet, whose tasks keep the statistics (value, null and NaN counts,
   * bounds) of the given columns, for a reader that decides by them (SQL's engine reads only files
   * without NaN). Plans that cannot keep statistics return themselves.
   *
   * @param columns column names of the table's schema; empty returns this plan
   * @return the plan
   */
  public ScanPlan withColumnStats(java.util.Collection<String> columns) {
    if (statsPlanning == null || fixed != null || columns.isEmpty()) {
      return this;
    }
    Builder b = copy();
    b.planning = statsPlanning.keeping(List.copyOf(columns));
    return new ScanPlan(b, null, masking == null ? principalOnly() : masking);
  }

  private Builder copy() {
    Builder b = new Builder(tableName, table);
    b.snapshot = snapshot;
    b.snapshotId = snapshotId;
    b.tableSchema = tableSchema;
    b.requested = requested;
    b.projected = projected;
    b.filter = filter;
    b.caseSensitive = caseSensitive;
    b.limit = limit;
    b.io = io;
    b.nameMapping = nameMapping;
    b.dataFiles = dataFiles;
    b.planning = planning;
    b.statsPlanning = statsPlanning;
    b.reader = reader;
    return b;
  }

  /**
   * The same plan reading only some of its planned tasks (a reader that reads the others itself,
   * such as SQL's engine): its table, snapshot, masks and what planning skipped are kept.
   *
   * @param files the tasks to read, a subset of {@link #tasks()}
   * @return the restricted plan, already planned
   */
  public ScanPlan readingOnly(List<FileScanTask> files) {
    Tasks all = planned();
    Builder b = copy();
    ScanPlan restricted = new ScanPlan(b, fixed, masking == null ? principalOnly() : masking);
    restricted.planned = new Tasks(List.copyOf(files), all.skippedFiles(), all.skippedManifests());
    restricted.planningNanos = planningNanos;
    return restricted;
  }

  /**
   * The same plan returning masked values: the access-control hook ({@code floe-security}). Row
   * scans, read tasks (which carry the masks to the JVM that reads them) and Arrow scans apply the
   * masks after filtering, so filters and pruning see the stored values. The caller restricts the
   * projection and adds row filters before planning; this plan only masks.
   *
   * @param value the masks, replacing any this plan has
   * @return a plan with the masks (the same planned tasks once planned)
   */
  public ScanPlan withMasking(Masking value) {
    Objects.requireNonNull(value, "masking");
    return new ScanPlan(copy(), fixed, value);
  }

  private Masking principalOnly() {
    return principal == null ? null : Masking.of(List.of(), principal);
  }

  /**
   * The principal the scan is for, which its scan events name ({@link Masking#principal()}).
   *
   * @return the name, empty for the handle's configured principal
   */
  public Optional<String> principal() {
    return Optional.ofNullable(principal);
  }

  /**
   * The column masks of this plan.
   *
   * @return the masks, empty when no column is masked
   */
  public Optional<Masking> masking() {
    return Optional.ofNullable(masking);
  }

  /**
   * Applies this plan's masks to rows of its projection.
   *
   * @param rows rows of {@link #projected()}
   * @return the masked rows (the given ones when nothing is masked)
   */
  public CloseableIterable<Row> mask(CloseableIterable<Row> rows) {
    return masking == null ? rows : masking.apply(projected.asStruct(), rows);
  }

  /**
   * The scan's files as read tasks for other threads or JVMs ({@link io.floe.Scan#planTasks}), each
   * carrying this plan's projection, residual filter and masks.
   *
   * @param splitBytes the target bytes per task
   * @return the tasks
   */
  public List<ReadTask> readTasks(long splitBytes) {
    return ReadTasks.of(this, splitBytes);
  }

  /**
   * One read task over given file tasks (for example every file under a table's location, read
   * physically to verify an erasure), with this plan's schema, filter, file IO and masks. Works on
   * a plan without a table ({@link #builder} with a null table).
   *
   * @param files the file tasks; each task's residual is the filter applied
   * @return the task
   */
  public ReadTask readTask(List<FileScanTask> files) {
    return ReadTasks.of(this, files);
  }

  /**
   * Reads the rows of this plan as objects of a class ({@link io.floe.Scan#as}).
   *
   * @param type the class
   * @param <T> the class
   * @return the objects
   */
  public <T> ObjectStream<T> objects(Class<T> type) {
    return ObjectReader.of(tableName, type, projected).read(RowStream.of(rows()));
  }

  /**
   * The scan's files split and bin-packed into groups of about {@code splitBytes} data bytes
   * (Iceberg's splitting, with the table's lookback and open-file cost), every file planned.
   *
   * @param splitBytes the target bytes per group
   * @return the groups
   * @throws io.floe.FloeException when planning fails (translated, naming the table)
   */
  public List<CombinedScanTask> splitTasks(long splitBytes) {
    int lookback =
        PropertyUtil.propertyAsInt(
            table.properties(),
            TableProperties.SPLIT_LOOKBACK,
            TableProperties.SPLIT_LOOKBACK_DEFAULT);
    long openFileCost =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.SPLIT_OPEN_FILE_COST,
            TableProperties.SPLIT_OPEN_FILE_COST_DEFAULT);
    List<CombinedScanTask> result = new ArrayList<>();
    // closing the groups closes the planned files (once: Iceberg's planner refuses a second close)
    try (CloseableIterable<CombinedScanTask> groups =
        TableScanUtil.planTasks(
            TableScanUtil.splitFiles(planning.planFiles(report -> {}), splitBytes),
            splitBytes,
            lookback,
            openFileCost)) {
      groups.forEach(result::add);
    } catch (IOException e) {
      throw Errors.tableIo("plan", tableName, e);
    } catch (RuntimeException e) {
      throw Errors.translate(tableName, e);
    }
    return result;
  }

  /**
   * Opens the rows of the scan with its own row reader (projected, filtered, limited).
   *
   * @return the rows
   * @throws IllegalStateException for a deserialized plan
   */
  public CloseableIterable<Row> rows() {
    if (reader == null) {
      throw new IllegalStateException("The scan of " + tableName + " has no row reader here");
    }
    if (table instanceof org.apache.iceberg.BaseTable base && base.reporter() instanceof Events e) {
      // the handle has listeners: count the rows, fire the scan's event at close
      long start = System.nanoTime();
      CloseableIterable<Row> rows;
      try {
        rows = mask(reader.rows(this));
      } catch (RuntimeException | Error failure) {
        e.scanEvent(this, 0, start, failure);
        throw failure;
      }
      return e.scan(this, rows, start);
    }
    return mask(reader.rows(this));
  }

  /**
   * Floe's data-file metadata cache of the table's file IO.
   *
   * @return the cache, empty when the file IO has none
   */
  public Optional<DataFileCache> dataFileCache() {
    return MetadataCache.of(io).map(cache -> cache);
  }

  /**
   * A residual filter in the form Floe evaluates it (no {@code not}; Floe's null, NaN and ordering
   * semantics).
   *
   * @param residual a task's residual
   * @param readSchema the columns read
   * @return the normalized filter
   */
  public Expression normalize(Expression residual, Schema readSchema) {
    return Filters.normalize(residual, readSchema.asStruct(), caseSensitive);
  }

  /**
   * A filter weaker than a normalized one, for Iceberg's row-group filters: it never drops a row
   * Floe's semantics keep.
   *
   * @param normalized a filter from {@link #normalize}
   * @param readSchema the columns read
   * @param byValues true for dictionary and Bloom filters, false for statistics (the weakest)
   * @return the pruning filter
   */
  public Expression pruning(Expression normalized, Schema readSchema, boolean byValues) {
    return Filters.pruning(normalized, readSchema.asStruct(), caseSensitive, byValues);
  }

  /**
   * Floe's row-at-a-time filter semantics for a residual.
   *
   * @param schema the schema of the rows tested
   * @param residual the residual filter
   * @return a test that is true for the rows the filter keeps
   */
  public Predicate<StructLike> rowFilter(Schema schema, Expression residual) {
    return RowFilter.of(schema.asStruct(), residual, caseSensitive)::test;
  }

  /**
   * The projection widened by the columns a residual names but the projection lacks (a {@code
   * notNull} of a required column binds to true, so Iceberg leaves it out of a scan's schema).
   *
   * @param projection the columns read so far
   * @param residual a task's residual
   * @return the projection itself when it holds them all, else a wider schema
   */
  public Schema withFilterColumns(Schema projection, Expression residual) {
    return FilterColumns.withFilterColumns(tableSchema, projection, residual, caseSensitive);
  }

  /**
   * Floe's loader of delete files: Parquet delete files read by Floe's decoder when sdk-parquet is
   * on the class path (no Hadoop), fixed values copied.
   *
   * @param files opens a delete file
   * @return the loader
   */
  public DeleteLoader deleteLoader(Function<DeleteFile, InputFile> files) {
    return new FloeDeleteLoader(tableName, io, files);
  }

  private Tasks plan() {
    if (planning == null) {
      return new Tasks(List.of(), 0, 0);
    }
    AtomicLong skippedFiles = new AtomicLong();
    AtomicLong skippedManifests = new AtomicLong();
    AtomicBoolean reported = new AtomicBoolean();
    MetricsReporter reporter =
        report -> {
          reported.set(true);
          if (report instanceof ScanReport scanReport) {
            if (scanReport.scanMetrics().skippedDataFiles() != null) {
              skippedFiles.set(scanReport.scanMetrics().skippedDataFiles().value());
            }
            if (scanReport.scanMetrics().skippedDataManifests() != null) {
              skippedManifests.set(scanReport.scanMetrics().skippedDataManifests().value());
            }
          }
        };
    List<FileScanTask> tasks = new ArrayList<>();
    boolean complete = true;
    long guaranteedRows = 0;
    try (CloseableIterable<FileScanTask> files = planning.planFiles(reporter)) {
      for (FileScanTask task : files) {
        tasks.add(task);
        if (dataFiles
            && limit != Long.MAX_VALUE
            && task.deletes().isEmpty()
            && (task.residual() == null || task.residual().op() == Expression.Operation.TRUE)) {
          // every row of this file is returned: once the limit is covered, later files are not
          // needed
          guaranteedRows += task.file().recordCount();
          if (guaranteedRows >= limit) {
            complete = false;
            break;
          }
        }
      }
    } catch (IOException e) {
      throw Errors.tableIo("plan", tableName, e);
    } catch (RuntimeException e) {
      throw Errors.translate(tableName, e);
    }
    if (complete && !reported.get() && snapshot != null) {
      // Floe's planner reports nothing: files pruned are those of the snapshot not planned
      String total = snapshot.summary().get(SnapshotSummary.TOTAL_DATA_FILES_PROP);
      if (total != null) {
        skippedFiles.set(Math.max(0, Long.parseLong(total) - tasks.size()));
      }
    }
    return new Tasks(
        java.util.Collections.unmodifiableList(tasks), skippedFiles.get(), skippedManifests.get());
  }

  @Override
  public String toString() {
    return "ScanPlan{" + tableName + ", snapshot " + snapshotId + ", columns " + projected + "}";
  }

  /** Builds a {@link ScanPlan}; the producers of plans use it. Not thread-safe. */
  public static final class Builder {
    private final String tableName;
    private final Table table;
    private Snapshot snapshot;
    private long snapshotId = -1;
    private Schema tableSchema;
    private Schema requested;
    private Schema projected;
    private Expression filter = Expressions.alwaysTrue();
    private boolean caseSensitive = true;
    private long limit = Long.MAX_VALUE;
    private FileIO io;
    private NameMapping nameMapping;
    private boolean dataFiles;
    private Planning planning;
    private StatsPlanning statsPlanning;
    private RowReader reader;

    /**
     * A builder with nothing taken from the table: {@link ScanPlan#builder} sets the table's
     * schema, file IO and name mapping, copies of a plan set every field from the plan (without
     * parsing the table's name mapping again).
     */
    private Builder(String tableName, Table table) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
      this.table = table;
    }

    /**
     * Sets the snapshot read.
     *
     * @param value the snapshot, or null for an empty table
     * @return this builder
     */
    public Builder snapshot(Snapshot value) {
      this.snapshot = value;
      this.snapshotId = value == null ? -1 : value.snapshotId();
      return this;
    }

    /**
     * Sets the file IO the files are read through (default: the table's).
     *
     * @param value the file IO
     * @return this builder
     */
    public Builder io(FileIO value) {
      this.io = Objects.requireNonNull(value, "io");
      return this;
    }

    /**
     * Sets the name mapping for data files without field ids (default: the table's).
     *
     * @param value the mapping, or null for none
     * @return this builder
     */
    public Builder nameMapping(NameMapping value) {
      this.nameMapping = value;
      return this;
    }

    /**
     * Sets the table schema deletes and filters resolve against (default: the table's).
     *
     * @param value the schema
     * @return this builder
     */
    public Builder tableSchema(Schema value) {
      this.tableSchema = Objects.requireNonNull(value, "tableSchema");
      return this;
    }

    /**
     * Sets the columns read (default: the projection).
     *
     * @param value the schema
     * @return this builder
     */
    public Builder requested(Schema value) {
      this.requested = Objects.requireNonNull(value, "requested");
      return this;
    }

    /**
     * Sets the columns returned (default: the table schema).
     *
     * @param value the schema
     * @return this builder
     */
    public Builder projected(Schema value) {
      this.projected = Objects.requireNonNull(value, "projected");
      return this;
    }

    /**
     * Sets the filter as given.
     *
     * @param value the filter
     * @return this builder
     */
    public Builder filter(Expression value) {
      this.filter = Objects.requireNonNull(value, "filter");
      return this;
    }

    /**
     * Sets how column names match.
     *
     * @param value true for case-sensitive
     * @return this builder
     */
    public Builder caseSensitive(boolean value) {
      this.caseSensitive = value;
      return this;
    }

    /**
     * Sets the most rows returned.
     *
     * @param value the limit, {@code Long.MAX_VALUE} for none
     * @return this builder
     */
    public Builder limit(long value) {
      this.limit = value;
      return this;
    }

    /**
     * Sets how the file tasks are planned (default: there are none).
     *
     * @param value the planning
     * @return this builder
     */
    public Builder planning(Planning value) {
      this.planning = value;
      return this;
    }

    /**
     * Sets how the files are planned when a reader asks for columns' statistics ({@link
     * #withColumnStats}); without it such plans keep none.
     *
     * @param value the planning by the columns whose statistics to keep
     * @return this builder
     */
    public Builder statsPlanning(StatsPlanning value) {
      this.statsPlanning = value;
      return this;
    }

    /**
     * Marks the tasks as data files of the table that a file reader decodes.
     *
     * @return this builder
     */
    public Builder dataFiles() {
      this.dataFiles = true;
      return this;
    }

    /**
     * Sets the row reader of {@link ScanPlan#rows()}.
     *
     * @param value the reader
     * @return this builder
     */
    public Builder rows(RowReader value) {
      this.reader = value;
      return this;
    }

    /**
     * Builds the plan.
     *
     * @return the plan
     */
    public ScanPlan build() {
      if (projected == null) {
        projected = tableSchema;
      }
      if (requested == null) {
        requested = projected;
      }
      return new ScanPlan(this, null);
    }
  }
}
