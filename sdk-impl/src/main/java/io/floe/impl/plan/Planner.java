package io.floe.impl.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CancellationException;
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
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.ManifestEvaluator;
import org.apache.iceberg.expressions.ResidualEvaluator;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;

/**
 * Plans scans on Floe's own bounded executor: manifests are read in parallel and their tasks handed
 * back in manifest order, the consumer blocking on each manifest's future instead of polling.
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
  private static final int THREADS = Math.max(1,
      Integer.getInteger("floe.planning.threads", Runtime.getRuntime().availableProcessors()));
  private static final ExecutorService POOL = newPool();
  private static final ExecutorService CALLER_RUNS = new CallerRuns();

  private Planner() {}

  private static ExecutorService newPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
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
   * Plans the files of a configured Iceberg scan; the same tasks as {@link TableScan#planFiles()},
   * in manifest order.
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
    if (!snapshot.deleteManifests(io).isEmpty()) {
      // delete files need Iceberg's delete index: plan with Iceberg, in this thread
      return scan.planWith(CALLER_RUNS).planFiles();
    }
    Map<Integer, PartitionSpec> specs = table.specs();
    Expression filter = scan.filter();
    boolean caseSensitive = scan.isCaseSensitive();
    List<ManifestFile> manifests = new ArrayList<>();
    for (ManifestFile manifest : snapshot.dataManifests(io)) {
      if (manifest.hasAddedFiles() || manifest.hasExistingFiles()) {
        PartitionSpec spec = specs.get(manifest.partitionSpecId());
        if (filter == Expressions.alwaysTrue()
            || ManifestEvaluator.forRowFilter(filter, spec, caseSensitive).eval(manifest)) {
          manifests.add(manifest);
        }
      }
    }
    ManifestPlan plan = new ManifestPlan(io, specs, filter, caseSensitive);
    if (manifests.size() <= 1) {
      List<FileScanTask> tasks = manifests.isEmpty() ? List.of() : plan.tasks(manifests.get(0));
      return CloseableIterable.withNoopClose(tasks);
    }
    return new ParallelTasks(plan, manifests);
  }

  /** Reads one manifest into scan tasks, as Iceberg's ManifestGroup does for data-only snapshots. */
  private static final class ManifestPlan {
    private final FileIO io;
    private final Map<Integer, PartitionSpec> specs;
    private final Expression filter;
    private final boolean caseSensitive;
    private final Map<Integer, String[]> strings = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Integer, ResidualEvaluator> residuals = new java.util.concurrent.ConcurrentHashMap<>();

    ManifestPlan(FileIO io, Map<Integer, PartitionSpec> specs, Expression filter, boolean caseSensitive) {
      this.io = io;
      this.specs = specs;
      this.filter = filter;
      this.caseSensitive = caseSensitive;
    }

    List<FileScanTask> tasks(ManifestFile manifest) {
      int specId = manifest.partitionSpecId();
      PartitionSpec spec = specs.get(specId);
      String[] json = strings.computeIfAbsent(specId,
          id -> new String[] {SchemaParser.toJson(spec.schema()), PartitionSpecParser.toJson(spec)});
      ResidualEvaluator residual = residuals.computeIfAbsent(specId,
          id -> ResidualEvaluator.of(spec, filter, caseSensitive));
      List<FileScanTask> tasks = new ArrayList<>();
      try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, io, specs)
          .filterRows(filter).caseSensitive(caseSensitive)) {
        for (DataFile file : reader) {
          tasks.add(new BaseFileScanTask(file.copyWithoutStats(), new DeleteFile[0], json[0], json[1], residual));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read manifest " + manifest.path(), e);
      }
      return tasks;
    }
  }

  /** Tasks of many manifests, read on the pool with a bounded window of futures. */
  private static final class ParallelTasks implements CloseableIterable<FileScanTask> {
    private final ManifestPlan plan;
    private final List<ManifestFile> manifests;
    private final List<Iter> open = Collections.synchronizedList(new ArrayList<>());

    ParallelTasks(ManifestPlan plan, List<ManifestFile> manifests) {
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
          window.addLast(POOL.submit(() -> plan.tasks(manifest)));
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
          Thread.currentThread().interrupt();
          close();
          throw new IllegalStateException("Interrupted while planning a scan", e);
        } catch (ExecutionException e) {
          close();
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException("Scan planning failed: " + cause, cause);
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

  /** Runs each task in the submitting thread: Iceberg's planner then never waits on a worker. */
  private static final class CallerRuns extends AbstractExecutorService {
    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return false;
    }
  }
}
