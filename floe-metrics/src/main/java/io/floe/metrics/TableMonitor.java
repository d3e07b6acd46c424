package io.floe.metrics;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.TableHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.apache.iceberg.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches tables from their metadata only (no data file is read): freshness, snapshots, data and
 * delete files and bytes, small-file and delete-file ratios, partition count and skew, manifests;
 * as Micrometer gauges ({@code floe.table.*}, tags {@code catalog} and {@code table}) and as {@link
 * TableAlert}s when a threshold ({@link AlertThresholds}) is crossed, to a listener and the log
 * (logger {@code io.floe.monitor}: WARN when an alert fires, INFO when it resolves).
 *
 * <p>A refresh reloads each table's metadata (one small read, or none when Floe's metadata cache is
 * current) and recomputes the file statistics only when the table changed (its snapshot, snapshot
 * count or properties): an unchanged 10,000-file table costs a metadata check per refresh. Started
 * with {@link Builder#start()} it refreshes on one daemon thread every {@link
 * Builder#every(Duration)} interval; {@link #refresh()} runs one at once. Thread-safe; close it to
 * stop the thread and remove its meters. A failing table raises {@link TableAlert.Kind#UNAVAILABLE}
 * and keeps its last status; a failing listener is logged and never stops the monitor.
 *
 * <pre>{@code
 * try (TableMonitor monitor = TableMonitor.builder(floe)
 *     .watch("analytics.events")
 *     .every(Duration.ofMinutes(1))
 *     .thresholds(AlertThresholds.defaults().staleAfter(Duration.ofHours(1)))
 *     .registry(registry)
 *     .listener(alert -> pager.send(alert.message()))
 *     .start()) {
 *   ...
 * }
 * }</pre>
 */
public final class TableMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.floe.monitor");

  private final Floe floe;
  private final Duration every;
  private final AlertThresholds thresholds;
  private final Consumer<TableAlert> listener;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Watched> watched = new LinkedHashMap<>();
  private final List<Meter> meters = new ArrayList<>();
  private final Counter recomputes;
  private ScheduledExecutorService scheduler;

  /** One watched table: its last status, what it was computed from, and its firing alerts. */
  private static final class Watched {
    final String name;
    FloeTable table;
    String computedFrom;
    TableStatus computed;
    volatile TableStatus status;
    final Map<TableAlert.Kind, TableAlert> firing = new EnumMap<>(TableAlert.Kind.class);

    Watched(String name) {
      this.name = name;
    }
  }

  private TableMonitor(Builder b) {
    this.floe = b.floe;
    this.every = b.every;
    this.thresholds = b.thresholds;
    this.listener = b.listener;
    this.registry = b.registry;
    this.clock = b.clock;
    for (String table : b.tables) {
      watched.put(table, new Watched(table));
    }
    this.recomputes =
        registry == null
            ? null
            : Counter.builder("floe.table.monitor.recomputes")
                .description("table statistics recomputed from manifests after a change")
                .tags(Tags.of("catalog", floe.name()))
                .register(registry);
    if (recomputes != null) {
      meters.add(recomputes);
    }
    if (registry != null) {
      watched.values().forEach(this::registerGauges);
    }
  }

  /**
   * Starts a monitor of tables of a Floe handle.
   *
   * @param floe the handle (the monitor does not close it)
   * @return a builder
   */
  public static Builder builder(Floe floe) {
    return new Builder(floe);
  }

  /**
   * Refreshes every watched table now: statuses, gauges, alerts.
   *
   * @return the statuses, in the order the tables were watched (a table that failed keeps its last
   *     status and is left out when it never had one)
   */
  public synchronized List<TableStatus> refresh() {
    List<TableStatus> out = new ArrayList<>();
    for (Watched w : watched.values()) {
      refresh(w);
      if (w.status != null) {
        out.add(w.status);
      }
    }
    return out;
  }

  /**
   * The last status of a watched table.
   *
   * @param table the table's full name
   * @return its status; empty before its first successful refresh or when it is not watched
   */
  public Optional<TableStatus> status(String table) {
    Watched w = watched.get(table);
    return w == null ? Optional.empty() : Optional.ofNullable(w.status);
  }

  /** Stops the refresh thread (if started) and removes the monitor's meters from the registry. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
    if (registry != null) {
      meters.forEach(registry::remove);
      meters.clear();
    }
  }

  private synchronized void startScheduler() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "floe-table-monitor");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            refresh();
          } catch (RuntimeException e) {
            LOG.warn("Table monitor refresh failed: {}", e.toString());
          }
        },
        0,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void refresh(Watched w) {
    Instant now = clock.instant();
    try {
      FloeTable t = w.table == null ? floe.loadTable(w.name) : w.table.refresh();
      w.table = t;
      Optional<Snapshot> current = t.currentSnapshot();
      String from =
          current.map(s -> Long.toString(s.snapshotId())).orElse("-")
              + "/"
              + t.snapshots().size()
              + "/"
              + t.properties().hashCode();
      if (!from.equals(w.computedFrom) || w.computed == null) {
        w.computed = compute(t, current, now);
        w.computedFrom = from;
        if (recomputes != null) {
          recomputes.increment();
        }
      }
      update(w, conditions(copy(w.computed, now, List.of())), now);
      w.status = copy(w.computed, now, new ArrayList<>(w.firing.values()));
    } catch (RuntimeException e) {
      w.table = null;
      Map<TableAlert.Kind, Condition> conditions = new EnumMap<>(TableAlert.Kind.class);
      // keep the alerts of the last good status firing: nothing says they ended
      w.firing.forEach(
          (k, a) -> conditions.put(k, new Condition(a.message(), a.value(), a.threshold())));
      conditions.put(
          TableAlert.Kind.UNAVAILABLE,
          new Condition(w.name + ": cannot be read: " + oneLine(e), 0, 0));
      update(w, conditions, now);
      TableStatus last = w.status;
      if (last != null) {
        w.status = copy(last, last.refreshedAt(), new ArrayList<>(w.firing.values()));
      }
    }
  }

  /** A status as of another time, with other alerts firing. */
  private static TableStatus copy(TableStatus s, Instant at, List<TableAlert> active) {
    return new TableStatus(
        s.table(),
        s.snapshotId(),
        s.lastCommit(),
        at,
        s.health(),
        s.partitions(),
        s.largestPartitionRecords(),
        s.medianPartitionRecords(),
        s.largestPartitionBytes(),
        active);
  }

  private static String oneLine(RuntimeException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static TableStatus compute(FloeTable t, Optional<Snapshot> current, Instant now) {
    TableHealth health = t.health();
    List<Long> records = new ArrayList<>();
    long largestBytes = 0;
    if (current.isPresent()) {
      try (RowStream rows =
          t.metadataTable(MetadataTableType.PARTITIONS)
              .select("record_count", "total_data_file_size_in_bytes")
              .rows()) {
        for (Row row : rows) {
          records.add(row.get("record_count", Long.class));
          largestBytes =
              Math.max(largestBytes, row.get("total_data_file_size_in_bytes", Long.class));
        }
      }
    }
    records.sort(null);
    long largest = records.isEmpty() ? 0 : records.get(records.size() - 1);
    long median = records.isEmpty() ? 0 : records.get(records.size() / 2);
    return new TableStatus(
        t.name(),
        current.map(Snapshot::snapshotId).orElse(-1L),
        current.map(s -> Instant.ofEpochMilli(s.timestampMillis())).orElse(null),
        now,
        health,
        records.size(),
        largest,
        median,
        largestBytes,
        List.of());
  }

  /** A condition that holds, with its message and figures. */
  private record Condition(String message, double value, double threshold) {}

  private Map<TableAlert.Kind, Condition> conditions(TableStatus s) {
    Map<TableAlert.Kind, Condition> c = new EnumMap<>(TableAlert.Kind.class);
    TableHealth h = s.health();
    String t = s.table();
    if (thresholds.staleAfter() != null && s.freshness().isPresent()) {
      Duration age = s.freshness().get();
      if (age.compareTo(thresholds.staleAfter()) > 0) {
        c.put(
            TableAlert.Kind.STALE,
            new Condition(
                t
                    + ": no commit for "
                    + human(age)
                    + " (more than "
                    + human(thresholds.staleAfter())
                    + "); check the jobs that write it",
                age.toSeconds(),
                thresholds.staleAfter().toSeconds()));
      }
    }
    if (h.smallDataFiles() >= Math.max(1, thresholds.minSmallFiles())
        && h.smallFileRatio() > thresholds.smallFileRatio()) {
      c.put(
          TableAlert.Kind.SMALL_FILES,
          new Condition(
              t
                  + ": "
                  + h.smallDataFiles()
                  + " of "
                  + h.dataFiles()
                  + " data files under "
                  + bytes(h.smallFileThreshold())
                  + " ("
                  + percent(h.smallFileRatio())
                  + "), compaction recommended",
              h.smallFileRatio(),
              thresholds.smallFileRatio()));
    }
    long deleteFiles = h.positionDeleteFiles() + h.equalityDeleteFiles();
    if (deleteFiles > 0 && h.deleteFileRatio() > thresholds.deleteFileRatio()) {
      c.put(
          TableAlert.Kind.DELETE_FILES,
          new Condition(
              t
                  + ": "
                  + deleteFiles
                  + " delete files for "
                  + h.dataFiles()
                  + " data files ("
                  + String.format(Locale.ROOT, "%.2f", h.deleteFileRatio())
                  + " per data file), compaction with deletes applied recommended",
              h.deleteFileRatio(),
              thresholds.deleteFileRatio()));
    }
    if (s.partitions() >= 2 && s.partitionSkew() > thresholds.partitionSkew()) {
      c.put(
          TableAlert.Kind.PARTITION_SKEW,
          new Condition(
              t
                  + ": the largest of "
                  + s.partitions()
                  + " partitions holds "
                  + s.largestPartitionRecords()
                  + " rows, "
                  + String.format(Locale.ROOT, "%.1f", s.partitionSkew())
                  + "x the median; consider a finer partitioning of its values",
              s.partitionSkew(),
              thresholds.partitionSkew()));
    }
    if (h.snapshots() > thresholds.maxSnapshots()) {
      c.put(
          TableAlert.Kind.SNAPSHOTS,
          new Condition(
              t + ": " + h.snapshots() + " snapshots, expiring snapshots recommended",
              h.snapshots(),
              thresholds.maxSnapshots()));
    }
    if (h.manifests() > thresholds.maxManifests()) {
      c.put(
          TableAlert.Kind.MANIFESTS,
          new Condition(
              t + ": " + h.manifests() + " manifests, rewriting manifests recommended",
              h.manifests(),
              thresholds.maxManifests()));
    }
    return c;
  }

  /** Fires the conditions that started, resolves the ones that ended. */
  private void update(Watched w, Map<TableAlert.Kind, Condition> now, Instant at) {
    for (TableAlert.Kind kind : TableAlert.Kind.values()) {
      Condition c = now.get(kind);
      TableAlert was = w.firing.get(kind);
      if (c != null && was == null) {
        TableAlert alert =
            new TableAlert(
                w.name, kind, TableAlert.State.FIRING, c.message(), c.value(), c.threshold(), at);
        w.firing.put(kind, alert);
        LOG.warn("{}", c.message());
        deliver(alert);
      } else if (c == null && was != null) {
        w.firing.remove(kind);
        TableAlert alert =
            new TableAlert(
                w.name,
                kind,
                TableAlert.State.RESOLVED,
                w.name + ": resolved: " + was.message(),
                was.value(),
                was.threshold(),
                at);
        LOG.info("{}", alert.message());
        deliver(alert);
      }
    }
  }

  private void deliver(TableAlert alert) {
    if (listener == null) {
      return;
    }
    try {
      listener.accept(alert);
    } catch (RuntimeException e) {
      LOG.warn("Table alert listener failed on {}: {}", alert.kind(), e.toString());
    }
  }

  private void registerGauges(Watched w) {
    Tags tags = Tags.of("catalog", floe.name(), "table", w.name);
    gauge(
        "floe.table.freshness",
        "seconds since the table's last commit",
        "seconds",
        tags,
        w,
        s -> s.freshness().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
    gauge(
        "floe.table.snapshots",
        "snapshots in the metadata",
        null,
        tags,
        w,
        s -> s.health().snapshots());
    gauge(
        "floe.table.files",
        "live files",
        null,
        tags.and("content", "data"),
        w,
        s -> s.health().dataFiles());
    gauge(
        "floe.table.files",
        "live files",
        null,
        tags.and("content", "delete"),
        w,
        s -> s.health().positionDeleteFiles() + s.health().equalityDeleteFiles());
    gauge(
        "floe.table.bytes",
        "bytes of live files",
        "bytes",
        tags.and("content", "data"),
        w,
        s -> s.health().dataBytes());
    gauge(
        "floe.table.bytes",
        "bytes of live files",
        "bytes",
        tags.and("content", "delete"),
        w,
        s -> s.health().deleteBytes());
    gauge(
        "floe.table.records",
        "rows in live data files, before deletes",
        null,
        tags,
        w,
        s -> s.health().records());
    gauge(
        "floe.table.small.files.ratio",
        "share of data files under 75% of the target size",
        null,
        tags,
        w,
        s -> s.health().smallFileRatio());
    gauge(
        "floe.table.delete.files.ratio",
        "delete files per data file",
        null,
        tags,
        w,
        s -> s.health().deleteFileRatio());
    gauge(
        "floe.table.partitions", "partitions holding data", null, tags, w, TableStatus::partitions);
    gauge(
        "floe.table.partition.skew",
        "largest over median partition rows",
        null,
        tags,
        w,
        TableStatus::partitionSkew);
    gauge(
        "floe.table.partition.max.bytes",
        "data bytes of the largest partition",
        "bytes",
        tags,
        w,
        TableStatus::largestPartitionBytes);
    gauge(
        "floe.table.manifests",
        "manifests of the current snapshot",
        null,
        tags,
        w,
        s -> s.health().manifests());
    gauge("floe.table.alerts", "alerts firing", null, tags, w, s -> s.active().size());
  }

  private void gauge(
      String name,
      String description,
      String unit,
      Tags tags,
      Watched w,
      ToDoubleFunction<TableStatus> value) {
    Gauge.Builder<Watched> b =
        Gauge.builder(
                name,
                w,
                x -> {
                  TableStatus s = x.status;
                  return s == null ? Double.NaN : value.applyAsDouble(s);
                })
            .description(description)
            .tags(tags);
    if (unit != null) {
      b.baseUnit(unit);
    }
    meters.add(b.register(registry));
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    if (s < 172800) {
      return s / 3600 + " h";
    }
    return s / 86400 + " days";
  }

  private static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Configures a {@link TableMonitor}. Not thread-safe; one builder makes one monitor. */
  public static final class Builder {
    private final Floe floe;
    private final List<String> tables = new ArrayList<>();
    private Duration every = Duration.ofMinutes(1);
    private AlertThresholds thresholds = AlertThresholds.defaults();
    private Consumer<TableAlert> listener;
    private MeterRegistry registry;
    private Clock clock = Clock.systemUTC();

    private Builder(Floe floe) {
      this.floe = Objects.requireNonNull(floe, "floe");
    }

    /**
     * Adds tables to watch.
     *
     * @param tables full table names
     * @return this builder
     * @throws IllegalArgumentException when a name is blank or given twice
     */
    public Builder watch(String... tables) {
      for (String t : tables) {
        Objects.requireNonNull(t, "table");
        if (t.isBlank() || this.tables.contains(t)) {
          throw new IllegalArgumentException("Blank or repeated table to watch: '" + t + "'");
        }
        this.tables.add(t);
      }
      return this;
    }

    /**
     * How often a started monitor refreshes (default one minute).
     *
     * @param interval the delay between the end of a refresh and the next
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder every(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("The refresh interval must be positive: " + interval);
      }
      this.every = interval;
      return this;
    }

    /**
     * The alert thresholds (default {@link AlertThresholds#defaults()}).
     *
     * @param thresholds the thresholds
     * @return this builder
     */
    public Builder thresholds(AlertThresholds thresholds) {
      this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
      return this;
    }

    /**
     * Receives alerts as they fire and resolve, on the refreshing thread.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(Consumer<TableAlert> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Registers the {@code floe.table.*} gauges in a registry (none without).
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder registry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * The clock freshness is measured with (default UTC system clock; tests pass a fixed one).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A monitor that refreshes only when {@link TableMonitor#refresh()} is called.
     *
     * @return the monitor
     * @throws IllegalStateException when no table is watched
     */
    public TableMonitor build() {
      if (tables.isEmpty()) {
        throw new IllegalStateException("Watch at least one table (watch(\"ns.table\"))");
      }
      return new TableMonitor(this);
    }

    /**
     * A monitor that refreshes now and then every {@link #every(Duration)} on a daemon thread.
     *
     * @return the started monitor; close it to stop
     * @throws IllegalStateException when no table is watched
     */
    public TableMonitor start() {
      TableMonitor m = build();
      m.startScheduler();
      return m;
    }
  }
}
