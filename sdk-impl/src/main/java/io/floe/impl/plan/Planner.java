package io.floe.impl.plan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.floe.impl.cache.DecodedManifest;
import io.floe.impl.cache.MetadataCache;
import io.floe.impl.read.Filters;
import io.floe.impl.read.RowFilter;
import io.floe.impl.spi.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.BaseFileScanTask;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.InclusiveMetricsEvaluator;
import org.apache.iceberg.expressions.ManifestEvaluator;
import org.apache.iceberg.expressions.Projections;
import org.apache.iceberg.expressions.ResidualEvaluator;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.ContentFileUtil;

/**
 * Plans scans on Floe's own bounded executor: manifests are read in parallel and their tasks handed
 * back in manifest order, the consumer blocking on each manifest's future instead of polling.
 *
 * <p>With a {@link MetadataCache} (Floe's caching file IO), each data manifest is decoded once into
 * its live data files, keeping statistics only for the columns the filter reads, and later scans
 * prune those files in memory with the same evaluators Iceberg's manifest reader uses (partition
 * projection, then column metrics); manifests already decoded are planned in the caller's thread.
 *
 * <p>Iceberg's default planning runs through {@code ParallelIterable}, whose consumer sleeps 10 ms
 * whenever its queue is empty; on a table with hundreds of small manifests that sleep dominates.
 * Here at most {@code 2 × threads} manifests are in flight per scan (bounding memory to their
 * tasks), a single manifest is read in the caller's thread, and snapshots with delete manifests go
 * to Iceberg's own planner run in the caller's thread (no worker pool, so no sleep either). The
 * pool has {@code floe.planning.threads} daemon threads (system property, default: the number of
 * processors). Thread-safe.
 */
public final class Planner {
  private static final int THREADS =
      Math.max(
          1,
          Integer.getInteger("floe.planning.threads", Runtime.getRuntime().availableProcessors()));
  private static final ExecutorService POOL = newPool();
  private static final ExecutorService CALLER_RUNS = CallerRunsExecutor.INSTANCE;
  private static final DeleteFile[] NO_DELETES = new DeleteFile[0];

  private Planner() {}

  private static ExecutorService newPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "floe-plan-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * The number of planning threads.
   *
   * @return the pool size
   */
  public static int threads() {
    return THREADS;
  }

  /**
   * Plans the files of a configured Iceberg scan; the same tasks as {@link TableScan#planFiles()}
   * (files, residuals, delete files, statistics kept), in manifest order.
   *
   * <p>When the table's file IO carries a {@link MetadataCache}, data manifests are decoded once
   * into {@link DecodedManifest}s and pruned from memory on later scans; otherwise each manifest is
   * read with Iceberg's filtering reader.
   *
   * @param scan the scan (snapshot, filter, case sensitivity and projection already set)
   * @return the file tasks; close it to cancel planning that is still running
   */
  public static CloseableIterable<FileScanTask> planFiles(TableScan scan) {
    Snapshot snapshot = scan.snapshot();
    if (snapshot == null) {
      return CloseableIterable.empty();
    }
    Table table = scan.table();
    FileIO io = table.io();
    boolean caseSensitive = scan.isCaseSensitive();
    Types.StructType struct = schemaOf(scan).asStruct();
    // Floe's semantics: the exact filter decides rows (residuals), a weaker one prunes
    Expression normalized = Filters.normalize(scan.filter(), struct, caseSensitive);
    Expression pruning =
        Filters.withTruncateOverflow(
            Filters.pruning(normalized, struct, caseSensitive, false), scan.table());
    ScanOptions options = ScanOptions.of(scan);
    // a scan that ignores residuals (TableScan.ignoreResiduals()) reads every row of its files
    Expression exact =
        options != null && options.residualFilter().op() == Expression.Operation.TRUE
            ? Expressions.alwaysTrue()
            : normalized;
    if (options == null || !snapshot.deleteManifests(io).isEmpty()) {
      // delete files need Iceberg's delete index, other scan kinds their own planning: plan with
      // Iceberg, in this thread, pruning with the weaker filter
      TableScan planning = scan;
      boolean dropStats = false;
      if (options != null && (options.statsToKeep() == null || options.statsToKeep().isEmpty())) {
        planning =
            table
                .newScan()
                .useSnapshot(snapshot.snapshotId())
                .caseSensitive(caseSensitive)
                .filter(pruning);
        if (exact.op() == Expression.Operation.TRUE) {
          planning = planning.ignoreResiduals();
        }
        Set<String> equalityColumns = EqualityDeletes.statsColumns(table, snapshot);
        if (options.returnStats()) {
          planning = planning.includeColumnStats();
        } else if (!equalityColumns.isEmpty()) {
          // statistics of the equality columns, for EqualityDeletes; dropped from the tasks after
          planning = planning.includeColumnStats(equalityColumns);
          dropStats = true;
        }
      }
      // Floe attaches the equality deletes Iceberg's index leaves out (uuid bounds, scan filter)
      boolean withoutStats = dropStats;
      return CloseableIterable.transform(
          EqualityDeletes.complete(
              table, snapshot, planning.filter(), planning.planWith(CALLER_RUNS).planFiles()),
          task -> withResidual(task, exact, caseSensitive, withoutStats));
    }
    ManifestPlan plan =
        new ManifestPlan(
            table, pruning, exact, caseSensitive, options, MetadataCache.of(io).orElse(null));
    List<ManifestFile> manifests = new ArrayList<>();
    for (ManifestFile manifest : snapshot.dataManifests(io)) {
      if ((manifest.hasAddedFiles() || manifest.hasExistingFiles()) && plan.matches(manifest)) {
        manifests.add(manifest);
      }
    }
    if (manifests.size() <= 1) {
      List<FileScanTask> tasks = manifests.isEmpty() ? List.of() : plan.tasks(manifests.get(0));
      return CloseableIterable.withNoopClose(tasks);
    }
    return new ParallelTasks(table.name(), plan, manifests);
  }

  /**
   * The table schema Iceberg resolved for a scan: the current one, or the snapshot's when
   * time-travelling. Filters and selections bind to it.
   *
   * @param scan the scan
   * @return its table schema (not the projection)
   */
  public static Schema schemaOf(TableScan scan) {
    // the table schema Iceberg resolved for the scan: the current one, or the snapshot's when
    // time-travelling (BaseScan.tableSchema(), protected)
    if (TABLE_SCHEMA != null && TABLE_SCHEMA.getDeclaringClass().isInstance(scan)) {
      try {
        return (Schema) TABLE_SCHEMA.invoke(scan);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fall through
      }
    }
    Snapshot snapshot = scan.snapshot();
    Integer id = snapshot == null ? null : snapshot.schemaId();
    Schema schema = id == null ? null : scan.table().schemas().get(id);
    return schema != null ? schema : scan.table().schema();
  }

  private static final Method TABLE_SCHEMA = tableSchemaMethod();

  private static Method tableSchemaMethod() {
    try {
      Method method = Class.forName("org.apache.iceberg.BaseScan").getDeclaredMethod("tableSchema");
      method.setAccessible(true);
      return method;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * Tasks planned by Iceberg (incremental and changelog scans) with Floe's residuals in place of
   * Iceberg's, whose evaluator differs from Floe's semantics (and fails on some null partitions).
   *
   * @param tasks the planned tasks
   * @param filter the scan's filter, as the user gave it
   * @param struct the row type the filter binds to
   * @param caseSensitive how column names bind
   * @return the same tasks with Floe's residuals
   */
  public static CloseableIterable<FileScanTask> withFloeResiduals(
      CloseableIterable<FileScanTask> tasks,
      Expression filter,
      Types.StructType struct,
      boolean caseSensitive) {
    Expression exact = Filters.normalize(filter, struct, caseSensitive);
    return CloseableIterable.transform(
        tasks, task -> withResidual(task, exact, caseSensitive, false));
  }

  /** An Iceberg-planned task with Floe's residual in place of Iceberg's. */
  private static FileScanTask withResidual(
      FileScanTask task, Expression exact, boolean caseSensitive, boolean dropStats) {
    String[] json = json(task.spec());
    Expression residual =
        Filters.residual(exact, task.spec(), task.file().partition(), caseSensitive);
    DataFile file = dropStats ? task.file().copyWithoutStats() : task.file();
    return new BaseFileScanTask(
        file,
        task.deletes().toArray(NO_DELETES),
        json[0],
        json[1],
        ResidualEvaluator.unpartitioned(residual));
  }

  /** What a scan asks for beyond its filter, read from Iceberg's scan (protected accessors). */
  private record ScanOptions(
      boolean returnStats, Set<Integer> statsToKeep, Expression residualFilter) {
    private static final Class<?> DATA_TABLE_SCAN = load("org.apache.iceberg.DataTableScan");
    private static final Method RETURN_STATS = method("shouldReturnColumnStats");
    private static final Method STATS_TO_KEEP = method("columnsToKeepStats");
    private static final Method RESIDUAL_FILTER = method("residualFilter");

    private static Class<?> load(String name) {
      try {
        return Class.forName(name);
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }

    private static Method method(String name) {
      try {
        Method method = load("org.apache.iceberg.BaseScan").getDeclaredMethod(name);
        method.setAccessible(true);
        return method;
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null;
      }
    }

    /**
     * The options of a plain data table scan, or null when they cannot be read (plan with Iceberg).
     */
    @SuppressWarnings("unchecked")
    static ScanOptions of(TableScan scan) {
      if (DATA_TABLE_SCAN == null
          || RETURN_STATS == null
          || STATS_TO_KEEP == null
          || RESIDUAL_FILTER == null
          || scan.getClass() != DATA_TABLE_SCAN) {
        return null;
      }
      try {
        return new ScanOptions(
            (Boolean) RETURN_STATS.invoke(scan),
            (Set<Integer>) STATS_TO_KEEP.invoke(scan),
            (Expression) RESIDUAL_FILTER.invoke(scan));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  }

  /**
   * Per partition spec: task strings, residuals and the evaluators that prune manifests and files.
   */
  private static final class SpecPlan {
    final PartitionSpec spec;
    final String schemaJson;
    final String specJson;
    final ManifestEvaluator manifests;

    /** Floe's row filter over the partition tuple (inclusive projection of the pruning filter). */
    final RowFilter partitions;

    final InclusiveMetricsEvaluator metrics;

    /** Columns whose statistics decoded files keep: those the filter reads, or null for all. */
    final Set<Integer> statsColumns;

    SpecPlan(PartitionSpec spec, Expression filter, boolean caseSensitive, ScanOptions options) {
      this.spec = spec;
      String[] json = json(spec);
      this.schemaJson = json[0];
      this.specJson = json[1];
      if (filter == Expressions.alwaysTrue()) {
        this.manifests = null;
        this.partitions = null;
        this.metrics = null;
      } else {
        // the same evaluators as Iceberg's ManifestGroup and ManifestReader.filterRows
        this.manifests = ManifestEvaluator.forRowFilter(filter, spec, caseSensitive);
        // Floe's evaluator, not Iceberg's: a null partition value makes a comparison UNKNOWN
        // (never "less than everything"), and in/notIn over a null string does not fail
        this.partitions =
            RowFilter.of(
                spec.partitionType(),
                Projections.inclusive(spec, caseSensitive).project(filter),
                caseSensitive);
        this.metrics = new InclusiveMetricsEvaluator(spec.schema(), filter, caseSensitive);
      }
      if (options.returnStats()) {
        this.statsColumns = null;
      } else if (filter == Expressions.alwaysTrue()) {
        this.statsColumns = Set.of();
      } else {
        this.statsColumns =
            Set.copyOf(
                Binder.boundReferences(spec.schema().asStruct(), List.of(filter), caseSensitive));
      }
    }

    boolean matches(DataFile file) {
      return partitions == null || (partitions.test(file.partition()) && metrics.eval(file));
    }
  }

  /**
   * Every data file column of a manifest but the column metrics (Iceberg's scan columns, and more).
   */
  private static final List<String> NO_STATS = noStatsColumns();

  private static List<String> noStatsColumns() {
    Set<String> metrics =
        Set.of(
            DataFile.COLUMN_SIZES.name(),
            DataFile.VALUE_COUNTS.name(),
            DataFile.NULL_VALUE_COUNTS.name(),
            DataFile.NAN_VALUE_COUNTS.name(),
            DataFile.LOWER_BOUNDS.name(),
            DataFile.UPPER_BOUNDS.name());
    List<String> columns = new ArrayList<>();
    for (Types.NestedField field : DataFile.getType(Types.StructType.of()).fields()) {
      if (!metrics.contains(field.name())) {
        columns.add(field.name());
      }
    }
    return List.copyOf(columns);
  }

  /** Task strings by spec object (weak keys: identity, gone with the table metadata). */
  private static final Cache<PartitionSpec, String[]> JSON =
      Caffeine.newBuilder().weakKeys().build();

  /**
   * A spec's schema and spec as the JSON strings a {@link BaseFileScanTask} takes, cached per spec.
   */
  static String[] json(PartitionSpec spec) {
    return JSON.get(
        spec, x -> new String[] {SchemaParser.toJson(x.schema()), PartitionSpecParser.toJson(x)});
  }

  /**
   * Reads one manifest into scan tasks, as Iceberg's ManifestGroup does for data-only snapshots.
   */
  private static final class ManifestPlan {
    private final FileIO io;
    private final Map<Integer, PartitionSpec> specs;
    private final Expression filter;
    private final Expression exact;
    private final boolean caseSensitive;
    private final ScanOptions options;
    private final MetadataCache cache;
    private final Map<Integer, SpecPlan> bySpec = new ConcurrentHashMap<>();

    ManifestPlan(
        Table table,
        Expression filter,
        Expression exact,
        boolean caseSensitive,
        ScanOptions options,
        MetadataCache cache) {
      this.io = table.io();
      this.specs = table.specs();
      this.filter = filter;
      this.exact = exact;
      this.caseSensitive = caseSensitive;
      this.options = options;
      this.cache = cache;
    }

    private SpecPlan spec(int specId) {
      return bySpec.computeIfAbsent(
          specId, id -> new SpecPlan(specs.get(id), filter, caseSensitive, options));
    }

    boolean matches(ManifestFile manifest) {
      SpecPlan spec = spec(manifest.partitionSpecId());
      return spec.manifests == null || spec.manifests.eval(manifest);
    }

    boolean cached(ManifestFile manifest) {
      return cache != null
          && cache.holds(
              DecodedManifest.Key.of(manifest, spec(manifest.partitionSpecId()).statsColumns));
    }

    List<FileScanTask> tasks(ManifestFile manifest) {
      SpecPlan spec = spec(manifest.partitionSpecId());
      List<FileScanTask> tasks = new ArrayList<>();
      if (cache == null) {
        // Floe's evaluators (not the reader's filterRows, whose partition evaluator is Iceberg's)
        try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, io, specs)) {
          for (DataFile file : reader) {
            if (spec.matches(file)) {
              tasks.add(task(file, spec));
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Failed to read manifest " + manifest.path(), e);
        }
        return tasks;
      }
      DecodedManifest decoded =
          cache.manifest(
              DecodedManifest.Key.of(manifest, spec.statsColumns),
              () -> decode(manifest, spec.statsColumns));
      for (DataFile file : decoded.files()) {
        if (spec.matches(file)) {
          tasks.add(task(file, spec));
        }
      }
      return tasks;
    }

    private FileScanTask task(DataFile file, SpecPlan spec) {
      DataFile copy = ContentFileUtil.copy(file, options.returnStats(), options.statsToKeep());
      Expression residual = Filters.residual(exact, spec.spec, file.partition(), caseSensitive);
      return new BaseFileScanTask(
          copy,
          NO_DELETES,
          spec.schemaJson,
          spec.specJson,
          ResidualEvaluator.unpartitioned(residual));
    }

    private DecodedManifest decode(ManifestFile manifest, Set<Integer> statsColumns) {
      List<DataFile> files = new ArrayList<>();
      ManifestReader<DataFile> opened = ManifestFiles.read(manifest, io, specs);
      // without statistics the six metric maps are neither projected nor decoded; the reader's
      // iterator hands out copies already
      try (ManifestReader<DataFile> reader =
          statsColumns != null && statsColumns.isEmpty() ? opened.select(NO_STATS) : opened) {
        for (DataFile file : reader) {
          files.add(
              statsColumns == null || statsColumns.isEmpty()
                  ? file
                  : file.copyWithStats(statsColumns));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read manifest " + manifest.path(), e);
      }
      return DecodedManifest.of(files);
    }
  }

  /** Tasks of many manifests, read on the pool with a bounded window of futures. */
  private static final class ParallelTasks implements CloseableIterable<FileScanTask> {
    private final String table;
    private final ManifestPlan plan;
    private final List<ManifestFile> manifests;
    private final List<Iter> open = Collections.synchronizedList(new ArrayList<>());

    ParallelTasks(String table, ManifestPlan plan, List<ManifestFile> manifests) {
      this.table = table;
      this.plan = plan;
      this.manifests = manifests;
    }

    @Override
    public CloseableIterator<FileScanTask> iterator() {
      Iter iter = new Iter();
      open.add(iter);
      return iter;
    }

    @Override
    public void close() {
      synchronized (open) {
        open.forEach(Iter::close);
        open.clear();
      }
    }

    private final class Iter implements CloseableIterator<FileScanTask> {
      private final Deque<Future<List<FileScanTask>>> window = new ArrayDeque<>();
      private final Iterator<ManifestFile> pending = manifests.iterator();
      private Iterator<FileScanTask> current = Collections.emptyIterator();
      private boolean closed;

      Iter() {
        fill();
      }

      private void fill() {
        while (!closed && window.size() < 2 * THREADS && pending.hasNext()) {
          ManifestFile manifest = pending.next();
          if (plan.cached(manifest)) {
            // decoded already: pruning in memory is cheaper than a hand-off to the pool
            window.addLast(inline(manifest));
          } else {
            window.addLast(POOL.submit(() -> plan.tasks(manifest)));
          }
        }
      }

      private Future<List<FileScanTask>> inline(ManifestFile manifest) {
        try {
          return CompletableFuture.completedFuture(plan.tasks(manifest));
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(e);
        }
      }

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (closed || window.isEmpty()) {
            return false;
          }
          Future<List<FileScanTask>> next = window.removeFirst();
          fill();
          current = await(next).iterator();
        }
        return true;
      }

      private List<FileScanTask> await(Future<List<FileScanTask>> future) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          close();
          throw Errors.interrupted("planning a scan of " + table, e);
        } catch (ExecutionException e) {
          close();
          throw Errors.failedTask(table, "Scan planning", e.getCause());
        } catch (CancellationException e) {
          return List.of();
        }
      }

      @Override
      public FileScanTask next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }

      @Override
      public void close() {
        closed = true;
        window.forEach(f -> f.cancel(true));
        window.clear();
      }
    }
  }
}
