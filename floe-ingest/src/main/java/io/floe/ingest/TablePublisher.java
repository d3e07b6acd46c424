package io.floe.ingest;

import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.iceberg.Snapshot;

/**
 * Publishes the rows appended to a table, or its change records, as they are committed: a {@link
 * Flow.Publisher} that follows the table's main branch snapshot by snapshot with Floe's incremental
 * scan ({@link FloeTable#newIncrementalScan()}: the rows of append snapshots) or changelog scan
 * ({@link FloeTable#newChangelogScan()}: inserts and deletes with their change type), polling for
 * new snapshots at the configured interval.
 *
 * <p>Each subscriber gets a thread of its own that reads only as far as the subscriber's demand
 * ({@link Flow.Subscription#request(long)}): with no demand it waits, reading nothing, and when the
 * table has no new snapshot it sleeps for the poll interval (never a busy loop). Items are {@link
 * Change}s carrying the row and the id of the snapshot that added it, in commit order; a subscriber
 * that keeps the last snapshot id it completed can resume with {@link Builder#fromSnapshot(long)}.
 * {@link Flow.Subscription#cancel()} or {@link #close()} stops the reading within one poll
 * interval; {@code onComplete} is never called (the table may always grow), {@code onError} is
 * called with the {@link FloeException} of a failed scan. Thread-safe.
 *
 * <pre>{@code
 * try (TablePublisher publisher = TablePublisher.builder(table)
 *         .pollInterval(Duration.ofSeconds(1))
 *         .build()) {
 *   publisher.subscribe(subscriber);
 * }
 * }</pre>
 */
public final class TablePublisher implements Flow.Publisher<TablePublisher.Change>, AutoCloseable {
  private final FloeTable table;
  private final Long fromSnapshot;
  private final boolean fromBeginning;
  private final boolean changelog;
  private final Duration pollInterval;
  private final String[] columns;
  private final java.util.Set<Worker> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private TablePublisher(Builder b) {
    this.table = b.table;
    this.fromSnapshot = b.fromSnapshot;
    this.fromBeginning = b.fromBeginning;
    this.changelog = b.changelog;
    this.pollInterval = b.pollInterval;
    this.columns = b.columns;
  }

  /**
   * Starts a publisher of a table's new rows.
   *
   * @param table the table
   * @return a builder
   */
  public static Builder builder(FloeTable table) {
    return new Builder(table);
  }

  /**
   * Subscribes: the subscriber's thread starts at once, reading after the start snapshot chosen
   * when the publisher was built (by default the table's current snapshot at subscription).
   *
   * @param subscriber the subscriber
   * @throws IllegalStateException when the publisher is closed
   */
  @Override
  public void subscribe(Flow.Subscriber<? super Change> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (closed) {
      throw new IllegalStateException("The publisher of " + table.name() + " is closed");
    }
    Worker worker = new Worker(subscriber, start());
    workers.add(worker);
    subscriber.onSubscribe(worker);
    worker.thread.start();
  }

  private Long start() {
    if (fromBeginning) {
      return null;
    }
    if (fromSnapshot != null) {
      return fromSnapshot;
    }
    return table.refresh().currentSnapshot().map(Snapshot::snapshotId).orElse(null);
  }

  /** Cancels every subscription and waits for their threads to end. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (Worker worker : workers) {
      worker.cancel();
    }
    for (Worker worker : workers) {
      try {
        worker.thread.join(TimeUnit.MINUTES.toMillis(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * One row added to (or, for a changelog, changed in) the table.
   *
   * @param snapshotId the snapshot that added the row
   * @param row the row; for a changelog it carries the changelog scan's {@code _change_type},
   *     {@code _change_ordinal} and {@code _commit_snapshot_id} columns
   */
  public record Change(long snapshotId, Row row) {}

  private final class Worker implements Flow.Subscription, Runnable {
    private final Flow.Subscriber<? super Change> subscriber;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private long demand;
    private volatile boolean cancelled;
    private volatile IllegalArgumentException badRequest;
    private final Long from;

    Worker(Flow.Subscriber<? super Change> subscriber, Long from) {
      this.subscriber = subscriber;
      this.from = from;
      this.thread = new Thread(this, "floe-table-publisher-" + table.name());
      thread.setDaemon(true);
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        // signalled from the publishing thread, never concurrently with onNext (rule 1.3)
        badRequest =
            new IllegalArgumentException("Flow.Subscription.request needs n > 0 (rule 3.9): " + n);
        cancel();
        return;
      }
      lock.lock();
      try {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        wake.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      lock.lock();
      try {
        wake.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** Waits until there is demand; false when cancelled meanwhile. */
    private boolean awaitDemand() throws InterruptedException {
      lock.lock();
      try {
        while (demand == 0 && !cancelled) {
          wake.await();
        }
        if (cancelled) {
          return false;
        }
        demand--;
        return true;
      } finally {
        lock.unlock();
      }
    }

    /** Sleeps one poll interval, waking early only when cancelled. */
    private void pause() throws InterruptedException {
      long nanos = pollInterval.toNanos();
      lock.lock();
      try {
        while (nanos > 0 && !cancelled) {
          nanos = wake.awaitNanos(nanos);
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void run() {
      try {
        Long last = from;
        while (!cancelled) {
          Deque<Snapshot> next = newSnapshots(last);
          if (next.isEmpty()) {
            pause();
            continue;
          }
          for (Snapshot snapshot : next) {
            if (!publish(last, snapshot)) {
              return;
            }
            last = snapshot.snapshotId();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        if (!cancelled) {
          cancelled = true;
          subscriber.onError(e);
        }
      } finally {
        if (badRequest != null) {
          subscriber.onError(badRequest);
        }
        workers.remove(this);
      }
    }

    /** The snapshots after {@code last} in the current main branch, oldest first. */
    private Deque<Snapshot> newSnapshots(Long last) {
      Deque<Snapshot> out = new ArrayDeque<>();
      Snapshot s = table.refresh().currentSnapshot().orElse(null);
      while (s != null && (last == null || s.snapshotId() != last)) {
        out.addFirst(s);
        Long parent = s.parentId();
        s = parent == null ? null : table.snapshot(parent).orElse(null);
      }
      if (last != null && s == null && !out.isEmpty()) {
        throw new io.floe.ValidationException(
            "Snapshot "
                + last
                + " is no longer an ancestor of the current snapshot of "
                + table.name()
                + " (the table was rolled back, or it was expired); subscribe again from a"
                + " current snapshot",
            table.name(),
            null,
            null);
      }
      return out;
    }

    /** Publishes the rows of one snapshot; false when cancelled. */
    private boolean publish(Long parent, Snapshot snapshot) throws InterruptedException {
      if (!changelog && !"append".equals(snapshot.operation())) {
        return true; // the incremental scan reads appends only
      }
      RowStream rows;
      if (changelog) {
        var scan = table.newChangelogScan().toSnapshot(snapshot.snapshotId());
        scan =
            parent == null
                ? scan.fromSnapshotInclusive(snapshot.snapshotId())
                : scan.fromSnapshotExclusive(parent);
        if (columns != null) {
          scan = scan.select(columns);
        }
        rows = scan.rows();
      } else {
        var scan = table.newIncrementalScan().toSnapshot(snapshot.snapshotId());
        scan =
            parent == null
                ? scan.fromSnapshotInclusive(snapshot.snapshotId())
                : scan.fromSnapshotExclusive(parent);
        if (columns != null) {
          scan = scan.select(columns);
        }
        rows = scan.rows();
      }
      try (rows) {
        Iterator<Row> it = rows.iterator();
        while (it.hasNext()) {
          Row row = it.next();
          if (!awaitDemand()) {
            return false;
          }
          subscriber.onNext(new Change(snapshot.snapshotId(), row));
        }
      }
      return !cancelled;
    }
  }

  /** Configures a {@link TablePublisher}: a value builder. */
  public static final class Builder {
    private final FloeTable table;
    private Long fromSnapshot;
    private boolean fromBeginning;
    private boolean changelog;
    private Duration pollInterval = Duration.ofSeconds(1);
    private String[] columns;

    private Builder(FloeTable table) {
      this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Publishes the rows committed after this snapshot (exclusive), which must be in the main
     * branch's history.
     *
     * @param snapshotId the snapshot
     * @return this builder
     * @throws IllegalStateException when {@link #fromBeginning()} was chosen
     */
    public Builder fromSnapshot(long snapshotId) {
      if (fromBeginning) {
        throw new IllegalStateException("fromSnapshot and fromBeginning exclude each other");
      }
      this.fromSnapshot = snapshotId;
      return this;
    }

    /**
     * Publishes every row of the table's history first, then the new ones.
     *
     * @return this builder
     * @throws IllegalStateException when {@link #fromSnapshot(long)} was chosen
     */
    public Builder fromBeginning() {
      if (fromSnapshot != null) {
        throw new IllegalStateException("fromSnapshot and fromBeginning exclude each other");
      }
      this.fromBeginning = true;
      return this;
    }

    /**
     * Publishes change records (changelog scan: inserts and deletes of every snapshot) instead of
     * appended rows.
     *
     * @return this builder
     */
    public Builder changelog() {
      this.changelog = true;
      return this;
    }

    /**
     * Reads only these columns.
     *
     * @param columns the column names
     * @return this builder
     */
    public Builder select(String... columns) {
      this.columns = columns.clone();
      return this;
    }

    /**
     * Sets how long to wait before looking for a new snapshot again when there was none (default 1
     * s).
     *
     * @param interval at least 10 ms
     * @return this builder
     * @throws IllegalArgumentException when shorter than 10 ms
     */
    public Builder pollInterval(Duration interval) {
      if (Objects.requireNonNull(interval, "interval").toMillis() < 10) {
        throw new IllegalArgumentException("The poll interval must be at least 10 ms: " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * Builds the publisher.
     *
     * @return the publisher
     */
    public TablePublisher build() {
      return new TablePublisher(this);
    }
  }
}
