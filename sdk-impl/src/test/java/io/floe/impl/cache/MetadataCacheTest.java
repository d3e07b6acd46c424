package io.floe.impl.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.CacheStats;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.impl.plan.Planner;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataCacheTest {
  @TempDir Path tmp;

  private FloeConfig local(String revalidateMs) {
    return FloeConfig.builder("local")
        .property("type", FloeConfig.TYPE_LOCAL)
        .property("warehouse", tmp.toString())
        .property(MetadataCache.REVALIDATE_AFTER_MS, revalidateMs)
        .build();
  }

  private static FloeTable create(Floe floe) {
    floe.createNamespace("db");
    return floe.createTable("db.t")
        .column("id", Types.LongType.get())
        .required()
        .column("part", Types.IntegerType.get())
        .partitionBy(p -> p.identity("part"))
        .create();
  }

  private static void append(FloeTable table, long id) {
    table.newAppend().row(Map.of("id", id, "part", (int) (id % 4))).commit();
  }

  @Test
  void theDefaultBoundGrowsWithTheHeap() throws IOException {
    try (Floe floe = Floe.local(tmp.resolve("default-bound"))) {
      long expected =
          Math.max(64L << 20, Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 16));
      assertThat(floe.cacheStats().maxBytes())
          .isEqualTo(expected)
          .isGreaterThanOrEqualTo(64L << 20);
    }
  }

  @Test
  void ownCommitsAreSeenAtOnceAndOthersAfterRevalidation() {
    try (Floe reader = Floe.open(local("3600000"));
        Floe writer = Floe.open(local("3600000"))) {
      FloeTable mine = create(reader);
      FloeTable again = reader.loadTable("db.t");
      append(mine, 1);
      // own commit: every table loaded from this Floe shares the metadata, no refresh needed
      assertThat(again.newScan().count()).isEqualTo(1);
      assertThat(reader.loadTable("db.t").newScan().count()).isEqualTo(1);

      append(writer.loadTable("db.t"), 2);
      // another writer's commit: not seen while the cached entry is fresh (hour-long interval) ...
      assertThat(reader.loadTable("db.t").newScan().count()).isEqualTo(1);
      // ... and seen once revalidated
      assertThat(reader.loadTable("db.t").refresh().newScan().count()).isEqualTo(2);
      CacheStats stats = reader.cacheStats();
      assertThat(stats.tableHits()).isGreaterThanOrEqualTo(2);
      assertThat(stats.fileHits()).isPositive();
    }
  }

  @Test
  void expiredEntriesAreRevalidatedOnLoad() {
    try (Floe reader = Floe.open(local("0"));
        Floe writer = Floe.open(local("0"))) {
      create(reader);
      FloeTable before = reader.loadTable("db.t");
      append(writer.loadTable("db.t"), 7);
      assertThat(reader.loadTable("db.t").newScan().count()).isEqualTo(1);
      assertThat(before.currentSnapshot()).isPresent();
      assertThat(reader.cacheStats().revalidations()).isPositive();
    }
  }

  @Test
  void metadataWrittenHereIsServedFromMemory() throws IOException {
    try (Floe floe = Floe.open(local("0"))) {
      FloeTable table = create(floe);
      for (long i = 0; i < 5; i++) {
        append(table, i);
      }
      CacheStats before = floe.cacheStats();
      assertThat(before.files()).isPositive();
      assertThat(before.bytes()).isPositive().isLessThanOrEqualTo(before.maxBytes());
      assertThat(table.newScan().count()).isEqualTo(5);
      CacheStats after = floe.cacheStats();
      // manifests and the manifest list were cached as they were written: no storage read
      assertThat(after.fileHits()).isGreaterThan(before.fileHits());
      assertThat(after.fileMisses()).isEqualTo(before.fileMisses());
    }
  }

  @Test
  void cacheCanBeDisabledAndRejectsBadSizes() {
    FloeConfig off =
        FloeConfig.builder("local")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", tmp.toString())
            .property(MetadataCache.ENABLED, "false")
            .build();
    try (Floe floe = Floe.open(off)) {
      append(create(floe), 1);
      assertThat(floe.cacheStats()).isSameAs(CacheStats.empty());
    }
    FloeConfig bad =
        FloeConfig.builder("local")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", tmp.toString())
            .property(MetadataCache.MAX_BYTES, "lots")
            .build();
    assertThatThrownBy(() -> Floe.open(bad))
        .hasMessageContaining("floe.cache.max-bytes")
        .hasMessageContaining("lots");
  }

  @Test
  void plannerFindsTheSameFilesAsIceberg() throws IOException {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table = create(floe);
      for (long i = 0; i < 24; i++) {
        append(table, i);
      }
      Table iceberg = Internals.icebergTable(table);
      for (var filter :
          List.of(
              Expressions.alwaysTrue(),
              Expressions.equal("part", 2),
              Expressions.greaterThan("id", 20L),
              Expressions.equal("part", 9))) {
        TableScan scan = iceberg.newScan().filter(filter);
        List<FileScanTask> ours = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = Planner.planFiles(scan)) {
          tasks.forEach(ours::add);
        }
        Set<String> theirs = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
          tasks.forEach(t -> theirs.add(t.file().location() + "|" + t.residual()));
        }
        Set<String> mine = new HashSet<>();
        ours.forEach(t -> mine.add(t.file().location() + "|" + t.residual()));
        assertThat(mine).as("filter %s", filter).isEqualTo(theirs);
        assertThat(ours).hasSize(theirs.size());
      }
    }
  }
}
