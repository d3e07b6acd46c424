package io.floe.impl.spi;

import io.floe.FloeConfig;
import io.floe.Row;
import io.floe.events.CommitEvent;
import io.floe.events.FloeListener;
import io.floe.events.MaintenanceEvent;
import io.floe.events.Outcome;
import io.floe.events.ScanEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event seam of one table of a Floe handle ({@link io.floe.events}): it fires scan, commit and
 * maintenance events to the handle's listeners, catching what they throw.
 *
 * <p>It travels as the metrics reporter of the table Floe hands out (a table of a handle without
 * listeners keeps the catalog's reporter and has none: {@link #of(Table)} is empty and nothing is
 * measured), and forwards Iceberg's own scan and commit reports to the catalog's reporter. Where
 * Floe fires: {@code CommitGuard} (every catalog commit attempt), {@link ScanPlan#rows()} (every
 * row scan, when closed) and the maintenance operations' {@code execute()}. Thread-safe.
 *
 * <pre>{@code
 * Events.of(table).ifPresent(events -> events.commit(base, metadata, startNanos, failure));
 * }</pre>
 */
public final class Events implements MetricsReporter {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private final Handle handle;
  private final String table;
  private final MetricsReporter delegate;

  private Events(Handle handle, String table, MetricsReporter delegate) {
    this.handle = handle;
    this.table = table;
    this.delegate = delegate;
  }

  /** The listeners of one handle, with the handle's catalog name and principal. */
  public static final class Handle {
    private final String catalog;
    private final String principal;
    private final List<FloeListener> listeners;
    private final Set<FloeListener> warned = ConcurrentHashMap.newKeySet();

    private Handle(String catalog, String principal, List<FloeListener> listeners) {
      this.catalog = catalog;
      this.principal = principal;
      this.listeners = List.copyOf(listeners);
    }

    /**
     * The events of one table of this handle.
     *
     * @param table the table's full name, as the user addressed it
     * @param reporter the table's own metrics reporter, which keeps receiving Iceberg's reports
     * @return the table's events
     */
    public Events table(String table, MetricsReporter reporter) {
      return new Events(this, table, reporter);
    }

    /**
     * The principal configured on the handle ({@link FloeConfig#PRINCIPAL}).
     *
     * @return the principal's name, the empty string when none is configured
     */
    public String principal() {
      return principal;
    }

    /**
     * Fires the event of an operation the handle's access policies denied.
     *
     * @param event what was denied
     */
    public void denied(io.floe.events.AccessDeniedEvent event) {
      for (FloeListener listener : listeners) {
        try {
          listener.onAccessDenied(event);
        } catch (RuntimeException e) {
          LOG.debug("Floe listener {} threw", listener.getClass().getName(), e);
        }
      }
    }
  }

  /**
   * The listeners of a Floe handle.
   *
   * @param floe a handle of Floe's implementation (a multi-catalog handle answers for its default
   *     catalog)
   * @return its listeners, empty when it has none or comes from elsewhere
   */
  public static Optional<Handle> handle(io.floe.Floe floe) {
    return Optional.ofNullable(io.floe.impl.FloeImpl.events(floe));
  }

  /**
   * The listeners of a handle opened with a configuration.
   *
   * @param config the configuration
   * @return the handle's listeners, empty when the configuration registers none
   */
  public static Optional<Handle> handle(FloeConfig config) {
    if (config.listeners().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Handle(
            config.name(),
            config.properties().getOrDefault(FloeConfig.PRINCIPAL, ""),
            config.listeners()));
  }

  /**
   * The events of a table Floe handed out.
   *
   * @param table the table
   * @return its events, empty when its handle has no listeners
   */
  public static Optional<Events> of(Table table) {
    if (table instanceof BaseTable base && base.reporter() instanceof Events events) {
      return Optional.of(events);
    }
    return Optional.empty();
  }

  /**
   * Forwards Iceberg's scan and commit reports to the table's own reporter.
   *
   * @param report the report
   */
  @Override
  public void report(MetricsReport report) {
    if (delegate != null) {
      delegate.report(report);
    }
  }

  /**
   * Fires the event of a catalog commit attempt.
   *
   * @param base the metadata the attempt started from (null for a new table)
   * @param metadata the metadata it tried to commit
   * @param startNanos {@link System#nanoTime()} when the attempt began
   * @param attempt the attempt's number, from 1
   * @param failure what ended the attempt, or null when it succeeded
   */
  public void commit(
      TableMetadata base, TableMetadata metadata, long startNanos, int attempt, Throwable failure) {
    try {
      fireCommit(base, metadata, startNanos, attempt, failure);
    } catch (RuntimeException e) {
      LOG.warn("Cannot build the commit event of {}; the commit is not affected", table, e);
    }
  }

  private void fireCommit(
      TableMetadata base, TableMetadata metadata, long startNanos, int attempt, Throwable failure) {
    Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
    long before = snapshotId(base == null ? null : base.currentSnapshot());
    Set<Long> old = new HashSet<>();
    if (base != null) {
      base.snapshots().forEach(s -> old.add(s.snapshotId()));
    }
    String operation = "metadata";
    long addedRows = 0;
    long removedRows = 0;
    long addedFiles = 0;
    long removedFiles = 0;
    long addedBytes = 0;
    for (Snapshot snapshot : metadata.snapshots()) {
      if (old.contains(snapshot.snapshotId())) {
        continue;
      }
      Map<String, String> summary = snapshot.summary() == null ? Map.of() : snapshot.summary();
      if (snapshot.operation() != null) {
        operation = snapshot.operation();
      }
      addedRows += count(summary, SnapshotSummary.ADDED_RECORDS_PROP);
      removedRows += count(summary, SnapshotSummary.DELETED_RECORDS_PROP);
      addedFiles +=
          count(summary, SnapshotSummary.ADDED_FILES_PROP)
              + count(summary, SnapshotSummary.ADDED_DELETE_FILES_PROP);
      removedFiles +=
          count(summary, SnapshotSummary.DELETED_FILES_PROP)
              + count(summary, SnapshotSummary.REMOVED_DELETE_FILES_PROP);
      addedBytes += count(summary, SnapshotSummary.ADDED_FILE_SIZE_PROP);
    }
    Outcome outcome = outcome(failure);
    long after = outcome == Outcome.SUCCESS ? snapshotId(metadata.currentSnapshot()) : -1;
    CommitEvent event =
        new CommitEvent(
            Instant.now(),
            handle.catalog,
            table,
            handle.principal,
            operation,
            before,
            after,
            attempt,
            addedRows,
            removedRows,
            addedFiles,
            removedFiles,
            addedBytes,
            duration,
            outcome,
            failure == null ? "" : failure.getClass().getName());
    fire(listener -> listener.onCommit(event));
  }

  /**
   * Runs a maintenance operation and fires its event.
   *
   * @param operation the operation's name, such as {@code rewrite-data-files}
   * @param action runs the operation
   * @param counts the result's files rewritten, added, removed and bytes, in that order
   * @param <R> the result's type
   * @return the result
   */
  public <R> R maintenance(String operation, Supplier<R> action, Function<R, long[]> counts) {
    long start = System.nanoTime();
    R result;
    try {
      result = action.get();
    } catch (RuntimeException | Error e) {
      maintenanceEvent(operation, new long[4], start, e);
      throw e;
    }
    long[] values;
    try {
      values = counts.apply(result);
    } catch (RuntimeException e) {
      values = new long[4]; // an event never fails the operation
    }
    maintenanceEvent(operation, values, start, null);
    return result;
  }

  /**
   * Runs a maintenance operation of a table and fires its event when the table's handle has
   * listeners.
   *
   * @param table the table
   * @param operation the operation's name
   * @param action runs the operation
   * @param counts the result's files rewritten, added, removed and bytes, in that order
   * @param <R> the result's type
   * @return the result
   */
  public static <R> R maintenance(
      Table table, String operation, Supplier<R> action, Function<R, long[]> counts) {
    if (table instanceof BaseTable base && base.reporter() instanceof Events events) {
      return events.maintenance(operation, action, counts);
    }
    return action.get();
  }

  private void maintenanceEvent(String operation, long[] counts, long start, Throwable failure) {
    try {
      fireMaintenance(operation, counts, start, failure);
    } catch (RuntimeException e) {
      LOG.warn("Cannot build the maintenance event of {}; the operation is not affected", table, e);
    }
  }

  private void fireMaintenance(String operation, long[] counts, long start, Throwable failure) {
    MaintenanceEvent event =
        new MaintenanceEvent(
            Instant.now(),
            handle.catalog,
            table,
            handle.principal,
            operation,
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            Duration.ofNanos(System.nanoTime() - start),
            outcome(failure),
            failure == null ? "" : failure.getClass().getName());
    fire(listener -> listener.onMaintenance(event));
  }

  /**
   * The rows of a scan, firing its event when they are closed.
   *
   * @param plan the scan's plan
   * @param rows the rows, opened
   * @param startNanos {@link System#nanoTime()} when the scan was opened
   * @return rows that count themselves
   */
  CloseableIterable<Row> scan(ScanPlan plan, CloseableIterable<Row> rows, long startNanos) {
    return new ScanRows(plan, rows, startNanos);
  }

  void scanEvent(ScanPlan plan, long rows, long start, Throwable failure) {
    scanned(plan, rows, -1, -1, start, failure);
  }

  /**
   * Fires the event of a scan that was closed: a row scan ({@link ScanPlan#rows()}) or an Arrow
   * scan (sdk-parquet), which also knows the Parquet row groups it read and pruned. Never throws.
   *
   * @param plan the scan's plan
   * @param rows the rows returned
   * @param rowGroupsRead the row groups decoded, -1 when unknown
   * @param rowGroupsPruned the row groups skipped by statistics, dictionaries, Bloom filters or
   *     filter columns, -1 when unknown
   * @param startNanos {@link System#nanoTime()} when the scan was opened
   * @param failure what the scan threw, or null
   */
  public void scanned(
      ScanPlan plan,
      long rows,
      long rowGroupsRead,
      long rowGroupsPruned,
      long startNanos,
      Throwable failure) {
    try {
      fireScan(plan, rows, rowGroupsRead, rowGroupsPruned, startNanos, failure);
    } catch (RuntimeException e) {
      LOG.warn("Cannot build the scan event of {}; the scan is not affected", table, e);
    }
  }

  private void fireScan(
      ScanPlan plan,
      long rows,
      long rowGroupsRead,
      long rowGroupsPruned,
      long start,
      Throwable failure) {
    ScanPlan.Tasks tasks = plan.plannedIfDone();
    long files = tasks == null ? 0 : tasks.files().size();
    long bytes = 0;
    if (tasks != null) {
      for (FileScanTask task : tasks.files()) {
        bytes += task.length();
      }
    }
    List<String> columns = new ArrayList<>();
    plan.projected().columns().forEach(f -> columns.add(f.name()));
    ScanEvent event =
        new ScanEvent(
            Instant.now(),
            handle.catalog,
            table,
            plan.principal().orElse(handle.principal),
            plan.snapshotId(),
            plan.filter().toString(),
            columns,
            Duration.ofNanos(plan.planningNanos()),
            files,
            tasks == null ? 0 : tasks.skippedFiles(),
            rowGroupsRead,
            rowGroupsPruned,
            rows,
            bytes,
            Duration.ofNanos(System.nanoTime() - start),
            outcome(failure),
            failure == null ? "" : failure.getClass().getName());
    fire(listener -> listener.onScan(event));
  }

  private void fire(Consumer<FloeListener> call) {
    for (FloeListener listener : handle.listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        if (handle.warned.add(listener)) {
          LOG.warn(
              "Floe listener {} threw; its exceptions are ignored (logged at DEBUG from now on)",
              listener.getClass().getName(),
              e);
        } else {
          LOG.debug("Floe listener {} threw", listener.getClass().getName(), e);
        }
      }
    }
  }

  private static Outcome outcome(Throwable failure) {
    if (failure == null) {
      return Outcome.SUCCESS;
    }
    if (failure instanceof CommitFailedException) {
      return Outcome.CONFLICT;
    }
    if (failure instanceof org.apache.iceberg.exceptions.CommitStateUnknownException
        || failure instanceof io.floe.CommitStateUnknownException) {
      return Outcome.UNKNOWN;
    }
    return Outcome.FAILED;
  }

  private static long snapshotId(Snapshot snapshot) {
    return snapshot == null ? -1 : snapshot.snapshotId();
  }

  private static long count(Map<String, String> summary, String key) {
    String value = summary.get(key);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A scan's rows, counted; the scan's event fires once, at close. */
  private final class ScanRows implements CloseableIterable<Row> {
    private final ScanPlan plan;
    private final CloseableIterable<Row> rows;
    private final long start;
    private long count;
    private Throwable failure;
    private boolean fired;

    ScanRows(ScanPlan plan, CloseableIterable<Row> rows, long start) {
      this.plan = plan;
      this.rows = rows;
      this.start = start;
    }

    @Override
    public CloseableIterator<Row> iterator() {
      CloseableIterator<Row> it = rows.iterator();
      return new CloseableIterator<>() {
        @Override
        public boolean hasNext() {
          try {
            return it.hasNext();
          } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
          }
        }

        @Override
        public Row next() {
          try {
            Row row = it.next();
            count++;
            return row;
          } catch (RuntimeException | Error e) {
            if (!(e instanceof java.util.NoSuchElementException)) {
              failure = e;
            }
            throw e;
          }
        }

        @Override
        public void close() throws IOException {
          it.close();
        }
      };
    }

    @Override
    public void close() throws IOException {
      try {
        rows.close();
      } catch (IOException | RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
        throw e;
      } finally {
        if (!fired) {
          fired = true;
          scanEvent(plan, count, start, failure);
        }
      }
    }
  }
}
