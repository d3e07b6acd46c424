package io.floe.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.floe.Append;
import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeTable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit sink that writes {@link AuditLog}'s events to an Iceberg table of the same Floe, in
 * batches, so that audit data is queryable like any table (SQL, Spark, Trino). Pass it to {@link
 * AuditLog.Builder#sink}, open the Floe with that audit log, then {@link #start} it on the Floe:
 *
 * <pre>{@code
 * AuditTable auditTable = AuditTable.builder("floe_audit.events").build();
 * FloeConfig config = FloeConfig.local(path).withListener(AuditLog.builder().sink(auditTable).build());
 * try (Floe floe = Floe.open(config); auditTable) {
 *   auditTable.start(floe);            // creates the table when missing
 *   ...
 * }                                    // close() writes what is left
 * }</pre>
 *
 * <p>The table ({@link #create} its schema) is partitioned by day of {@code time}; each row keeps
 * the main fields as columns and the whole JSON line in {@code line}. Events are buffered and
 * appended in one commit when {@code batchRows} are waiting or every {@code flushInterval}, on a
 * daemon thread of its own, never in the thread that committed or scanned. The audit table's own
 * commits are not audited (that would never end). When a flush fails (the table is unreachable),
 * the rows stay buffered and are retried; beyond {@code maxBufferedRows} the oldest are dropped,
 * counted in {@link #dropped()} and logged. Thread-safe.
 */
public final class AuditTable implements Consumer<String>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTable.class);
  private static final JsonFactory JSON = new JsonFactory();

  private final String tableName;
  private final int batchRows;
  private final Duration flushInterval;
  private final int maxBufferedRows;
  private final Deque<Map<String, Object>> buffer = new ArrayDeque<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Object flushing = new Object();
  private volatile FloeTable table;
  private ScheduledExecutorService flusher;
  private boolean closed;

  private AuditTable(Builder b) {
    this.tableName = b.tableName;
    this.batchRows = b.batchRows;
    this.flushInterval = b.flushInterval;
    this.maxBufferedRows = b.maxBufferedRows;
  }

  /**
   * Starts describing an audit table sink.
   *
   * @param tableName the audit table's full name, such as {@code floe_audit.events}
   * @return a builder
   */
  public static Builder builder(String tableName) {
    return new Builder(tableName);
  }

  /**
   * Creates the audit table (and its namespace) when it does not exist, then starts the periodic
   * flush; events received before are kept and written by the first flush.
   *
   * @param floe the Floe whose catalog holds the audit table
   * @return this sink
   * @throws IllegalStateException when already started or closed
   * @throws FloeException when the table cannot be created or loaded
   */
  public synchronized AuditTable start(Floe floe) {
    Objects.requireNonNull(floe, "floe");
    if (flusher != null || closed) {
      throw new IllegalStateException("Audit table " + tableName + " is already started or closed");
    }
    table = create(floe, tableName);
    flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "floe-audit-table");
              t.setDaemon(true);
              return t;
            });
    long millis = flushInterval.toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Loads the audit table, creating it (and its namespace) when missing.
   *
   * @param floe the Floe
   * @param name the table's full name
   * @return the table
   */
  public static FloeTable create(Floe floe, String name) {
    if (floe.tableExists(name)) {
      return floe.loadTable(name);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0 && !floe.namespaceExists(name.substring(0, dot))) {
      try {
        floe.createNamespace(name.substring(0, dot));
      } catch (io.floe.AlreadyExistsException e) {
        // created meanwhile by another process
      }
    }
    try {
      return floe.createTable(name)
          .column("time", Types.TimestampType.withZone())
          .required()
          .column("event", Types.StringType.get())
          .required()
          .column("catalog", Types.StringType.get())
          .column("table", Types.StringType.get())
          .column("principal", Types.StringType.get())
          .column("operation", Types.StringType.get())
          .column("snapshot_before", Types.LongType.get())
          .column("snapshot_after", Types.LongType.get())
          .column("outcome", Types.StringType.get())
          .column("failure", Types.StringType.get())
          .column("duration_ms", Types.DoubleType.get())
          .column("line", Types.StringType.get())
          .required()
          .partitionBy(p -> p.day("time"))
          .create();
    } catch (io.floe.AlreadyExistsException e) {
      return floe.loadTable(name);
    }
  }

  /**
   * Buffers one audit line (called by {@link AuditLog}); lines about the audit table itself are
   * skipped.
   *
   * @param line a JSON line of {@link AuditLog}
   */
  @Override
  public void accept(String line) {
    Map<String, Object> row = parse(line);
    if (row == null || tableName.equals(row.get("table"))) {
      return;
    }
    boolean full;
    synchronized (buffer) {
      buffer.addLast(row);
      while (buffer.size() > maxBufferedRows) {
        buffer.removeFirst();
        if (dropped.incrementAndGet() == 1) {
          LOG.warn(
              "Audit table {}: more than {} events waiting; dropping the oldest (see dropped())",
              tableName,
              maxBufferedRows);
        }
      }
      full = buffer.size() >= batchRows;
    }
    ScheduledExecutorService f = flusher;
    if (full && f != null) {
      try {
        f.execute(this::flushQuietly);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing: close() flushes what is left
      }
    }
  }

  /**
   * Appends every buffered event in one commit now.
   *
   * @return the number of events written
   * @throws IllegalStateException when not started
   * @throws FloeException when the commit fails; the events stay buffered
   */
  public int flush() {
    FloeTable t = table;
    if (t == null) {
      throw new IllegalStateException("Audit table " + tableName + ": call start(floe) first");
    }
    synchronized (flushing) {
      List<Map<String, Object>> rows;
      synchronized (buffer) {
        rows = new ArrayList<>(buffer);
        buffer.clear();
      }
      if (rows.isEmpty()) {
        return 0;
      }
      try {
        Append append = t.newAppend();
        for (Map<String, Object> row : rows) {
          append.row(row);
        }
        append.commit();
      } catch (RuntimeException e) {
        synchronized (buffer) {
          for (int i = rows.size() - 1; i >= 0; i--) {
            buffer.addFirst(rows.get(i));
          }
        }
        throw e;
      }
      written.addAndGet(rows.size());
      return rows.size();
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("Audit table {}: cannot write events now; retrying later", tableName, e);
    }
  }

  /**
   * Events written to the table so far.
   *
   * @return the count
   */
  public long written() {
    return written.get();
  }

  /**
   * Events dropped because more than {@code maxBufferedRows} were waiting.
   *
   * @return the count
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Stops the periodic flush and writes what is left.
   *
   * @throws FloeException when the last flush fails (the events are lost)
   */
  @Override
  public void close() {
    ScheduledExecutorService f;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      f = flusher;
    }
    if (f != null) {
      f.shutdown();
      try {
        f.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (table != null) {
      flush();
    }
  }

  /** The row of a line: the main fields as columns, the line itself in {@code line}. */
  private static Map<String, Object> parse(String line) {
    Map<String, Object> row = new HashMap<>();
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        switch (field) {
          case "time" -> row.put("time", Instant.parse(p.getText()));
          case "event", "catalog", "table", "principal", "operation", "outcome", "failure" ->
              row.put(field, p.getText());
          case "snapshot_before", "snapshot_after" -> row.put(field, p.getLongValue());
          case "duration_ms" -> row.put(field, p.getDoubleValue());
          default -> {
            // kept in the line
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Audit table: skipping a line that is not an audit event: {}", line, e);
      return null;
    }
    if (!row.containsKey("time") || !row.containsKey("event")) {
      return null;
    }
    row.put("line", line);
    return row;
  }

  /** Builds an {@link AuditTable}; mutable and not thread-safe. */
  public static final class Builder {
    private final String tableName;
    private int batchRows = 1_000;
    private Duration flushInterval = Duration.ofSeconds(10);
    private int maxBufferedRows = 100_000;

    private Builder(String tableName) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    /**
     * Writes as soon as this many events wait (default 1,000).
     *
     * @param rows a positive count
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder batchRows(int rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("batchRows must be positive: " + rows);
      }
      this.batchRows = rows;
      return this;
    }

    /**
     * Writes at least this often when events wait (default 10 seconds).
     *
     * @param interval a positive duration
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder flushInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("flushInterval must be positive: " + interval);
      }
      this.flushInterval = interval;
      return this;
    }

    /**
     * Keeps at most this many unwritten events, dropping the oldest beyond (default 100,000).
     *
     * @param rows a positive count
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder maxBufferedRows(int rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("maxBufferedRows must be positive: " + rows);
      }
      this.maxBufferedRows = rows;
      return this;
    }

    /**
     * Builds the sink; {@link AuditTable#start} it on a Floe.
     *
     * @return the sink
     */
    public AuditTable build() {
      return new AuditTable(this);
    }
  }
}
