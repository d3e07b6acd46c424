package io.floe.metrics;

import io.floe.CacheStats;
import io.floe.Floe;
import io.floe.events.CommitEvent;
import io.floe.events.FloeListener;
import io.floe.events.MaintenanceEvent;
import io.floe.events.Outcome;
import io.floe.events.ScanEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Records a Floe handle's events as Micrometer meters: scans, commits and maintenance operations,
 * tagged with the catalog and table, and (through {@link #bindCache(Floe)}) the handle's metadata
 * cache. Names follow Micrometer's conventions (dotted, lower case; the registry renders them, such
 * as {@code floe_scan_duration_seconds} in Prometheus); {@code docs/observability.md} lists them.
 *
 * <p>The {@code table} tag is bounded: by default the first 100 distinct tables keep their name and
 * later ones are counted under {@code other}; {@link Builder#tables(Set)} names the tables to keep
 * instead. Thread-safe.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * FloeMetrics metrics = FloeMetrics.builder(registry).maxTables(20).build();
 * try (Floe floe = Floe.open(FloeConfig.local(warehouse).withListener(metrics))) {
 *   metrics.bindCache(floe);
 *   ...
 * }
 * }</pre>
 */
public final class FloeMetrics implements FloeListener {
  /** The tag value of tables beyond the bound. */
  public static final String OTHER = "other";

  private final MeterRegistry registry;
  private final Set<String> allowed;
  private final int maxTables;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  private FloeMetrics(Builder b) {
    this.registry = b.registry;
    this.allowed = Set.copyOf(b.allowed);
    this.maxTables = b.maxTables;
  }

  /**
   * Meters in a registry, with the default table bound (100 distinct tables).
   *
   * @param registry the registry
   * @return the listener to register on a Floe handle
   */
  public static FloeMetrics bindTo(MeterRegistry registry) {
    return builder(registry).build();
  }

  /**
   * Starts meters in a registry.
   *
   * @param registry the registry
   * @return a builder
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Adds gauges and counters of a handle's metadata cache ({@link Floe#cacheStats()}), tagged with
   * its catalog: {@code floe.cache.gets} (tags {@code cache=table|file|data-file}, {@code
   * result=hit|miss}), {@code floe.cache.revalidations}, {@code floe.cache.evictions}, {@code
   * floe.cache.files}, {@code floe.cache.bytes} and {@code floe.cache.max.bytes}. The meters read
   * the handle's statistics when the registry polls them; they hold the handle weakly.
   *
   * @param floe the handle
   * @return this
   */
  public FloeMetrics bindCache(Floe floe) {
    Objects.requireNonNull(floe, "floe");
    Tags tags = Tags.of("catalog", floe.name());
    cacheCounter(floe, "table", "hit", tags, CacheStats::tableHits);
    cacheCounter(floe, "table", "miss", tags, CacheStats::tableMisses);
    cacheCounter(floe, "file", "hit", tags, CacheStats::fileHits);
    cacheCounter(floe, "file", "miss", tags, CacheStats::fileMisses);
    cacheCounter(floe, "data-file", "hit", tags, CacheStats::dataFileHits);
    cacheCounter(floe, "data-file", "miss", tags, CacheStats::dataFileMisses);
    FunctionCounter.builder("floe.cache.revalidations", floe, f -> f.cacheStats().revalidations())
        .description("cached tables checked against the catalog")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("floe.cache.evictions", floe, f -> f.cacheStats().evictions())
        .description("entries evicted from the metadata cache")
        .tags(tags)
        .register(registry);
    Gauge.builder("floe.cache.files", floe, f -> f.cacheStats().files())
        .description("metadata files held by the cache")
        .tags(tags)
        .register(registry);
    Gauge.builder("floe.cache.bytes", floe, f -> f.cacheStats().bytes())
        .description("bytes held by the metadata cache")
        .baseUnit("bytes")
        .tags(tags)
        .register(registry);
    Gauge.builder("floe.cache.max.bytes", floe, f -> f.cacheStats().maxBytes())
        .description("the metadata cache's bound")
        .baseUnit("bytes")
        .tags(tags)
        .register(registry);
    return this;
  }

  private void cacheCounter(
      Floe floe, String cache, String result, Tags tags, ToLongFunction<CacheStats> value) {
    FunctionCounter.builder("floe.cache.gets", floe, f -> value.applyAsLong(f.cacheStats()))
        .description("metadata cache lookups")
        .tags(tags.and("cache", cache, "result", result))
        .register(registry);
  }

  /**
   * The {@code table} tag value of a table: its name when within the bound, else {@link #OTHER}.
   *
   * @param table the table's full name
   * @return the tag value
   */
  String tableTag(String table) {
    if (!allowed.isEmpty()) {
      return allowed.contains(table) ? table : OTHER;
    }
    if (seen.contains(table)) {
      return table;
    }
    synchronized (seen) {
      if (seen.contains(table)) {
        return table;
      }
      if (seen.size() < maxTables) {
        seen.add(table);
        return table;
      }
    }
    return OTHER;
  }

  private Tags tags(String catalog, String table) {
    return Tags.of("catalog", catalog, "table", tableTag(table));
  }

  /**
   * Records a scan: {@code floe.scan.duration} and {@code floe.scan.planning} (timers), {@code
   * floe.scan.files} and {@code floe.scan.row.groups} ({@code result=read|pruned}), {@code
   * floe.scan.rows}, {@code floe.scan.bytes}.
   *
   * @param event the scan
   */
  @Override
  public void onScan(ScanEvent event) {
    Tags tags = tags(event.catalog(), event.table());
    Timer.builder("floe.scan.duration")
        .description("row scans, from opening to closing")
        .tags(tags.and("outcome", event.outcome().tag()))
        .register(registry)
        .record(event.duration());
    Timer.builder("floe.scan.planning")
        .description("planning of row scans")
        .tags(tags)
        .register(registry)
        .record(event.planning());
    count("floe.scan.files", "data files planned or pruned", tags.and("result", "read"))
        .increment(event.filesRead());
    count("floe.scan.files", "data files planned or pruned", tags.and("result", "pruned"))
        .increment(event.filesPruned());
    if (event.rowGroupsRead() >= 0) {
      count("floe.scan.row.groups", "Parquet row groups", tags.and("result", "read"))
          .increment(event.rowGroupsRead());
    }
    if (event.rowGroupsPruned() >= 0) {
      count("floe.scan.row.groups", "Parquet row groups", tags.and("result", "pruned"))
          .increment(event.rowGroupsPruned());
    }
    count("floe.scan.rows", "rows returned by scans", tags).increment(event.rows());
    Counter.builder("floe.scan.bytes")
        .description("size of the data files scans planned")
        .baseUnit("bytes")
        .tags(tags)
        .register(registry)
        .increment(event.bytes());
  }

  /**
   * Records a commit attempt: {@code floe.commit.duration} (tags {@code operation}, {@code
   * outcome}), {@code floe.commit.attempts} (attempts of commits that ended, conflicts excluded),
   * and for successful ones {@code floe.commit.rows} and {@code floe.commit.files} ({@code
   * change=added|removed}) and {@code floe.commit.bytes}.
   *
   * @param event the commit attempt
   */
  @Override
  public void onCommit(CommitEvent event) {
    Tags tags = tags(event.catalog(), event.table()).and("operation", event.operation());
    Timer.builder("floe.commit.duration")
        .description("catalog commit attempts")
        .tags(tags.and("outcome", event.outcome().tag()))
        .register(registry)
        .record(event.duration());
    if (event.outcome() != Outcome.CONFLICT) {
      DistributionSummary.builder("floe.commit.attempts")
          .description("attempts a commit took")
          .tags(tags)
          .register(registry)
          .record(event.attempt());
    }
    if (event.outcome() == Outcome.SUCCESS) {
      count("floe.commit.rows", "rows committed", tags.and("change", "added"))
          .increment(event.addedRows());
      count("floe.commit.rows", "rows committed", tags.and("change", "removed"))
          .increment(event.removedRows());
      count("floe.commit.files", "files committed", tags.and("change", "added"))
          .increment(event.addedFiles());
      count("floe.commit.files", "files committed", tags.and("change", "removed"))
          .increment(event.removedFiles());
      Counter.builder("floe.commit.bytes")
          .description("size of the files commits added")
          .baseUnit("bytes")
          .tags(tags)
          .register(registry)
          .increment(event.addedBytes());
    }
  }

  /**
   * Records a maintenance operation: {@code floe.maintenance.duration} (tags {@code operation},
   * {@code outcome}), {@code floe.maintenance.files} ({@code change=rewritten|added|removed}),
   * {@code floe.maintenance.bytes}.
   *
   * @param event the operation
   */
  @Override
  public void onMaintenance(MaintenanceEvent event) {
    Tags tags = tags(event.catalog(), event.table()).and("operation", event.operation());
    Timer.builder("floe.maintenance.duration")
        .description("maintenance operations")
        .tags(tags.and("outcome", event.outcome().tag()))
        .register(registry)
        .record(event.duration());
    String files = "files maintenance rewrote, wrote or deleted";
    count("floe.maintenance.files", files, tags.and("change", "rewritten"))
        .increment(event.filesRewritten());
    count("floe.maintenance.files", files, tags.and("change", "added"))
        .increment(event.filesAdded());
    count("floe.maintenance.files", files, tags.and("change", "removed"))
        .increment(event.filesRemoved());
    Counter.builder("floe.maintenance.bytes")
        .description("bytes maintenance rewrote or deleted")
        .baseUnit("bytes")
        .tags(tags)
        .register(registry)
        .increment(event.bytes());
  }

  private Counter count(String name, String description, Tags tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  /** Builds {@link FloeMetrics}; mutable and not thread-safe. */
  public static final class Builder {
    private final MeterRegistry registry;
    private final Set<String> allowed = new LinkedHashSet<>();
    private int maxTables = 100;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Tags only these tables with their names; every other table is tagged {@link #OTHER}.
     *
     * @param tables the tables' full names, as the handle addresses them ({@code ns.table})
     * @return this builder
     */
    public Builder tables(Set<String> tables) {
      Objects.requireNonNull(tables, "tables").forEach(t -> allowed.add(Objects.requireNonNull(t)));
      return this;
    }

    /**
     * Tags at most this many distinct tables with their names (the first seen); later ones are
     * tagged {@link #OTHER}. Ignored when {@link #tables(Set)} names the tables.
     *
     * @param count the bound, 0 to tag every table {@link #OTHER}
     * @return this builder
     * @throws IllegalArgumentException when count is negative
     */
    public Builder maxTables(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("maxTables must be at least 0, was " + count);
      }
      this.maxTables = count;
      return this;
    }

    /**
     * Builds the listener.
     *
     * @return the listener to register on a Floe handle
     */
    public FloeMetrics build() {
      return new FloeMetrics(this);
    }
  }
}
