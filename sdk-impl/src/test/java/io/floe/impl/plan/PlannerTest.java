package io.floe.impl.plan;

import static org.apache.iceberg.expressions.Expressions.alwaysTrue;
import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThan;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.in;
import static org.apache.iceberg.expressions.Expressions.isNull;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.iceberg.expressions.Expressions.notEqual;
import static org.apache.iceberg.expressions.Expressions.or;
import static org.apache.iceberg.expressions.Expressions.startsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.impl.TestTables;
import io.floe.impl.cache.DecodedManifest;
import io.floe.impl.cache.MetadataCache;
import io.floe.impl.catalog.QuietMetricsReporter;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.relocated.com.google.common.util.concurrent.MoreExecutors;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floe's planner against Iceberg's {@code planFiles()}: the same files, residuals, delete files,
 * sequence numbers and statistics, cold (manifests decoded now) and warm (decoded manifests from
 * the cache), over several partition specs, deleted entries, time travel and delete files.
 */
class PlannerTest {
  @TempDir Path tmp;

  /** One local Floe and table for the tests that only read (building the table takes a while). */
  @TempDir static Path shared;

  private static Floe sharedFloe;
  private static Table sharedTable;

  @BeforeAll
  static void buildSharedTable() {
    sharedFloe =
        Floe.open(
            FloeConfig.builder("local")
                .property("type", FloeConfig.TYPE_LOCAL)
                .property("warehouse", shared.toString())
                .build());
    sharedTable = Internals.icebergTable(evolvedTable(sharedFloe));
  }

  @AfterAll
  static void closeShared() {
    sharedFloe.close();
  }

  private static final List<Expression> FILTERS =
      List.of(
          alwaysTrue(),
          equal("part", 2),
          in("part", 1, 3),
          greaterThan("id", 20L),
          lessThan("id", 5L),
          and(equal("part", 1), greaterThanOrEqual("id", 9L)),
          or(equal("part", 0), equal("category", "c5")),
          notEqual("part", 3),
          startsWith("category", "c1"),
          isNull("category"),
          equal("part", 99));

  private Floe open(long maxBytes) {
    return Floe.open(
        FloeConfig.builder("local")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", tmp.toString())
            .property(MetadataCache.MAX_BYTES, Long.toString(maxBytes))
            .build());
  }

  /** Two specs (identity part, then part + bucket(id)), one deleted file, 32 appends. */
  private static FloeTable evolvedTable(Floe floe) {
    floe.createNamespace("db");
    FloeTable table =
        floe.createTable("db.t")
            .column("id", Types.LongType.get())
            .required()
            .column("part", Types.IntegerType.get())
            .column("category", Types.StringType.get())
            .partitionBy(p -> p.identity("part"))
            .property("commit.manifest-merge.enabled", "false")
            .create();
    for (long i = 0; i < 16; i++) {
      append(table, i);
    }
    Table iceberg = Internals.icebergTable(table);
    iceberg
        .updateSpec()
        .addField(org.apache.iceberg.expressions.Expressions.bucket("id", 4))
        .commit();
    for (long i = 16; i < 32; i++) {
      append(table, i);
    }
    // a manifest with a DELETED entry, which planning must skip
    DataFile first =
        TestTables.dataFiles(table).stream()
            .filter(f -> f.recordCount() == 2 && f.specId() == 0)
            .findFirst()
            .orElseThrow();
    iceberg.newDelete().deleteFile(first).commit();
    return table;
  }

  private static void append(FloeTable table, long id) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long k = 0; k < 2; k++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", id * 10 + k);
      row.put("part", (int) (id % 4));
      row.put("category", id % 5 == 4 ? null : "c" + (id % 7));
      rows.add(row);
    }
    table.newAppend().rows(rows).commit();
  }

  /** Everything a task says that a reader relies on, order-independent. */
  private static Set<String> describe(CloseableIterable<FileScanTask> tasks) {
    Set<String> out = new TreeSet<>();
    try (tasks) {
      for (FileScanTask task : tasks) {
        DataFile f = task.file();
        List<String> deletes = task.deletes().stream().map(DeleteFile::location).sorted().toList();
        out.add(
            String.join(
                "|",
                f.location(),
                String.valueOf(f.specId()),
                String.valueOf(f.partition()),
                task.residual().toString(),
                String.valueOf(f.dataSequenceNumber()),
                String.valueOf(f.fileSequenceNumber()),
                String.valueOf(f.recordCount()),
                String.valueOf(f.fileSizeInBytes()),
                String.valueOf(f.lowerBounds()),
                String.valueOf(f.upperBounds()),
                String.valueOf(f.valueCounts()),
                String.valueOf(f.nullValueCounts()),
                String.valueOf(f.columnSizes()),
                String.valueOf(f.splitOffsets()),
                String.valueOf(f.sortOrderId()),
                String.valueOf(f.keyMetadata()),
                String.valueOf(f.firstRowId()),
                String.valueOf(f.pos()),
                String.valueOf(f.format()),
                String.valueOf(task.spec().specId()),
                task.schema().asStruct().toString(),
                deletes.toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Iceberg's own planning, run in this thread: the same manifest group, without the worker pool
   * whose 10 ms polling sleeps would make this test slow.
   */
  private static CloseableIterable<FileScanTask> iceberg(TableScan scan) {
    return scan.planWith(MoreExecutors.newDirectExecutorService()).planFiles();
  }

  private static void assertSamePlans(Table table, UnaryOperator<TableScan> configure) {
    for (Expression filter : FILTERS) {
      TableScan scan = configure.apply(table.newScan().filter(filter));
      Set<String> iceberg = describe(iceberg(scan));
      Set<String> cold = describe(Planner.planFiles(scan));
      Set<String> warm = describe(Planner.planFiles(scan));
      assertThat(cold).as("cold plan, filter %s", filter).isEqualTo(iceberg);
      assertThat(warm).as("warm plan, filter %s", filter).isEqualTo(iceberg);
    }
  }

  @Test
  void decodedManifestsPlanLikeIcebergAcrossSpecsAndFilters() {
    Table table = sharedTable;
    assertThat(table.specs()).hasSize(2);
    assertSamePlans(table, UnaryOperator.identity());
    assertSamePlans(table, scan -> scan.caseSensitive(true));
    assertSamePlans(table, scan -> scan.caseSensitive(false));
    assertSamePlans(table, TableScan::ignoreResiduals);
    assertSamePlans(table, TableScan::includeColumnStats);
    assertSamePlans(table, scan -> scan.includeColumnStats(List.of("id")));
    long first = table.history().get(5).snapshotId();
    assertSamePlans(table, scan -> scan.useSnapshot(first));
    // 16 appends of one file, 16 appends split in one or two by bucket(id), one file deleted
    assertThat(describe(Planner.planFiles(table.newScan())))
        .hasSizeBetween(31, 47)
        .isEqualTo(describe(iceberg(table.newScan())));
  }

  @Test
  void warmPlansReadNoManifestAndDecodeEachOnce() {
    Table table = sharedTable;
    MetadataCache cache = MetadataCache.of(table.io()).orElseThrow();
    cache.invalidateDecoded();
    // the manifest holding only the DELETED entry is skipped without reading
    long manifests =
        table.currentSnapshot().dataManifests(table.io()).stream()
            .filter(m -> m.hasAddedFiles() || m.hasExistingFiles())
            .count();
    TableScan scan = table.newScan().filter(greaterThan("id", 100L));

    long misses = cache.manifestMisses();
    Set<String> cold = describe(Planner.planFiles(scan));
    assertThat(cache.manifestMisses() - misses).isEqualTo(manifests);

    long fileReads = cache.stats().fileHits() + cache.stats().fileMisses();
    long hits = cache.manifestHits();
    Set<String> warm = describe(Planner.planFiles(scan));
    assertThat(warm).isEqualTo(cold).isNotEmpty();
    assertThat(cache.manifestHits() - hits).isEqualTo(manifests);
    assertThat(cache.manifestMisses() - misses).isEqualTo(manifests);
    // no manifest was opened: not even its cached bytes were read
    assertThat(cache.stats().fileHits() + cache.stats().fileMisses()).isEqualTo(fileReads);

    // another filter column needs other statistics: decoded again under its own key
    describe(Planner.planFiles(table.newScan().filter(equal("category", "c1"))));
    assertThat(cache.manifestMisses() - misses).isEqualTo(2L * manifests);
    // a filter on a partition column keeps that column's statistics: its own key as well (fewer
    // manifests, as partition summaries prune some)
    describe(Planner.planFiles(table.newScan().filter(equal("part", 1))));
    assertThat(cache.manifestMisses() - misses).isGreaterThan(2L * manifests);
  }

  @Test
  void decodedEntriesAreWeighedAndBounded() {
    try (Floe floe = open(256 << 10)) {
      Table table = Internals.icebergTable(evolvedTable(floe));
      MetadataCache cache = MetadataCache.of(table.io()).orElseThrow();
      assertSamePlans(table, UnaryOperator.identity());
      assertThat(cache.stats().bytes()).isPositive().isLessThanOrEqualTo(256 << 10);

      DataFile file;
      try (CloseableIterable<FileScanTask> tasks =
          table.newScan().includeColumnStats().planFiles()) {
        file = tasks.iterator().next().file();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      long withoutStats = DecodedManifest.of(List.of(file.copyWithoutStats())).weight();
      long withStats = DecodedManifest.of(List.of(file.copy())).weight();
      // path, partition and fields: a few hundred bytes; bounds and counts of 3 columns add more
      assertThat(withoutStats).isBetween(300L, 1_000L);
      assertThat(withStats).isGreaterThan(withoutStats + 3 * 100);
    }
  }

  @Test
  void snapshotsWithDeleteFilesAttachTheSameDeletes() {
    try (Floe floe = open(64L << 20)) {
      FloeTable floeTable = evolvedTable(floe);
      Table table = Internals.icebergTable(floeTable);
      DataFile target =
          TestTables.dataFiles(floeTable).stream()
              .filter(f -> f.specId() == 1)
              .findFirst()
              .orElseThrow();
      // the rows of one file of the second spec
      Set<Long> ids = java.util.stream.LongStream.range(0, 400).boxed().collect(Collectors.toSet());
      TestTables.deletePositions(floeTable, target, ids);
      TestTables.deleteIds(floeTable, target.partition(), 161L, 171L);
      table.refresh();
      assertThat(table.currentSnapshot().deleteManifests(table.io())).isNotEmpty();
      assertSamePlans(table, UnaryOperator.identity());
      long withDeletes =
          describe(Planner.planFiles(table.newScan())).stream()
              .filter(s -> !s.endsWith("|[]"))
              .count();
      assertThat(withDeletes).isPositive();
    }
  }

  @Test
  void tablesWithoutTheCachePlanLikeIceberg() {
    try (Floe floe = Floe.inMemory()) {
      Table table = Internals.icebergTable(evolvedTable(floe));
      assertThat(MetadataCache.of(table.io())).isEmpty();
      assertSamePlans(table, UnaryOperator.identity());
      assertSamePlans(table, TableScan::includeColumnStats);
    }
  }

  @Test
  void scanReportsAreNotLoggedAtInfo() {
    assertThat(((BaseTable) sharedTable).reporter()).isInstanceOf(QuietMetricsReporter.class);
    try (Floe floe =
        Floe.open(
            FloeConfig.builder("own")
                .property("type", FloeConfig.TYPE_LOCAL)
                .property("warehouse", tmp.resolve("own").toString())
                .property(
                    "metrics-reporter-impl", "org.apache.iceberg.metrics.LoggingMetricsReporter")
                .build())) {
      floe.createNamespace("db");
      Table table =
          Internals.icebergTable(
              floe.createTable("db.t").column("id", Types.LongType.get()).create());
      assertThat(((BaseTable) table).reporter().getClass().getSimpleName())
          .isEqualTo("LoggingMetricsReporter");
    }
  }

  @Test
  void fileTasksOfManyManifestsComeInManifestOrder() {
    Table table = sharedTable;
    List<String> order =
        table.currentSnapshot().dataManifests(table.io()).stream()
            .map(m -> m.path())
            .collect(Collectors.toList());
    for (int run = 0; run < 2; run++) {
      List<String> seen = new ArrayList<>();
      try (CloseableIterable<FileScanTask> tasks = Planner.planFiles(table.newScan())) {
        for (FileScanTask task : tasks) {
          seen.add(task.file().manifestLocation());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<String> distinct = seen.stream().distinct().toList();
      assertThat(order).containsSubsequence(distinct);
    }
  }
}
