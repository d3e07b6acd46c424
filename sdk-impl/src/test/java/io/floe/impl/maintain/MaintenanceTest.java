package io.floe.impl.maintain;

import static io.floe.impl.EventTables.rows;
import static io.floe.impl.TestFloes.local;
import static io.floe.impl.TestTables.floeRows;
import static io.floe.impl.TestTables.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.TableHealth;
import io.floe.UnsupportedFeatureException;
import io.floe.impl.EventTables;
import io.floe.impl.TestTables;
import io.floe.impl.spi.Internals;
import io.floe.maintenance.ExpireSnapshots;
import io.floe.maintenance.RemoveOrphanFiles;
import io.floe.maintenance.RewriteDataFiles;
import io.floe.maintenance.RewriteManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceTest {
  @TempDir Path tmp;

  private static FloeTable events(Floe floe, String name) {
    return EventTables.events(floe, name).create();
  }

  /** Ten commits of 20 rows each: 20 small files in two partitions. */
  private static void smallFiles(FloeTable table) {
    for (int i = 0; i < 10; i++) {
      table.newAppend().rows(rows(i * 20L, i * 20L + 20)).commit();
    }
  }

  @Test
  void binPackCompactsSmallFilesWithRowsUnchanged() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.binpack");
      smallFiles(table);
      List<Map<String, Object>> before = reference(table);
      TableHealth sick = table.health();
      assertThat(sick.dataFiles()).isEqualTo(20);
      assertThat(sick.smallFileRatio()).isEqualTo(1.0);
      assertThat(sick.records()).isEqualTo(200);
      assertThat(sick.partitions()).isEqualTo(2);
      assertThat(sick.snapshots()).isEqualTo(10);

      RewriteDataFiles.Result result =
          table.maintenance().rewriteDataFiles().parallelism(2).execute();
      assertThat(result.groups()).isEqualTo(2);
      assertThat(result.rewrittenDataFiles()).isEqualTo(20);
      assertThat(result.addedDataFiles()).isEqualTo(2);
      assertThat(result.records()).isEqualTo(200);
      assertThat(result.rewrittenBytes()).isGreaterThan(result.addedBytes());
      assertThat(result.attempts()).isEqualTo(1);
      assertThat(table.refresh().currentSnapshot().get().operation())
          .isEqualTo(DataOperations.REPLACE);
      assertThat(result.snapshotId()).isEqualTo(table.currentSnapshot().get().snapshotId());
      assertThat(result.summary())
          .containsEntry("floe.operation", "rewrite-data-files")
          .containsEntry("added-data-files", "2");
      assertThat(reference(table)).isEqualTo(before);
      assertThat(floeRows(table)).isEqualTo(before);
      assertThat(table.health().dataFiles()).isEqualTo(2);

      RewriteDataFiles.Result again = table.maintenance().rewriteDataFiles().execute();
      assertThat(again.groups()).isZero();
      assertThat(table.snapshots()).hasSize(11);
    }
  }

  @Test
  void sortCompactionOrdersRowsAndHonoursFilter() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.sorted");
      smallFiles(table);
      List<Map<String, Object>> before = reference(table);
      assertThatThrownBy(() -> table.maintenance().rewriteDataFiles().sort().execute())
          .isInstanceOf(io.floe.ValidationException.class)
          .hasMessageContaining("db.sorted")
          .hasMessageContaining("no sort order");
      table.replaceSortOrder().desc("id").commit();
      RewriteDataFiles.Result result =
          table
              .maintenance()
              .rewriteDataFiles()
              .sort()
              .where(Expressions.equal("category", "odd"))
              .execute();
      assertThat(result.rewrittenDataFiles()).isEqualTo(10);
      assertThat(TestTables.dataFiles(table)).hasSize(11);
      List<Long> odd = new ArrayList<>();
      try (CloseableIterable<Row> rows =
          table.newScan().where(Expressions.equal("category", "odd")).rows()) {
        rows.forEach(r -> odd.add((Long) r.get("id")));
      }
      assertThat(odd).hasSize(100).isSortedAccordingTo((a, b) -> Long.compare(b, a));
      assertThat(reference(table)).isEqualTo(before);
    }
  }

  @Test
  void applyDeletesRewritesFilesAndDropsDeleteFiles() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.deletes");
      table.newAppend().rows(rows(0, 100)).commit();
      DataFile even =
          TestTables.dataFiles(table).stream()
              .filter(f -> "even".equals(f.partition().get(0, String.class)))
              .findFirst()
              .orElseThrow();
      TestTables.deletePositions(table, even, Set.of(0L, 2L, 4L));
      GenericRecord odd = GenericRecord.create(table.spec().partitionType());
      odd.set(0, "odd");
      TestTables.deleteIds(table, odd, 1L, 3L);
      List<Map<String, Object>> before = reference(table);
      assertThat(before).hasSize(95);
      TableHealth health = table.refresh().health();
      assertThat(health.positionDeleteFiles()).isEqualTo(1);
      assertThat(health.equalityDeleteFiles()).isEqualTo(1);
      assertThat(health.deleteFileRatio()).isEqualTo(1.0);

      org.apache.iceberg.Table iceberg = io.floe.impl.spi.Internals.icebergTable(table);
      iceberg.refresh();
      long snapshots =
          java.util.stream.StreamSupport.stream(iceberg.snapshots().spliterator(), false).count();

      RewriteDataFiles.Result result =
          table.maintenance().rewriteDataFiles().applyDeletes().execute();
      assertThat(result.rewrittenDataFiles()).isEqualTo(2);
      assertThat(result.records()).isEqualTo(95);
      assertThat(result.removedDeleteFiles()).isEqualTo(2);
      // one commit: the delete files went with the data files they applied to
      iceberg.refresh();
      assertThat(iceberg.snapshots()).hasSize((int) snapshots + 1);
      Snapshot compaction = table.snapshot(result.snapshotId()).orElseThrow();
      assertThat(compaction.summary())
          .containsEntry("floe.operation", "rewrite-data-files")
          .containsEntry("removed-delete-files", "2")
          .containsEntry("total-delete-files", "0");
      TableHealth healthy = table.refresh().health();
      assertThat(healthy.positionDeleteFiles() + healthy.equalityDeleteFiles()).isZero();
      assertThat(reference(table)).isEqualTo(before);
      assertThat(floeRows(table)).isEqualTo(before);
    }
  }

  @Test
  void concurrentAppendDuringCompactionIsKept() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.race");
      smallFiles(table);
      FloeTable other = floe.loadTable("db.race");
      List<Map<String, Object>> expected = new ArrayList<>(reference(table));
      RewriteDataFiles.Result result =
          ((RewriteDataFilesImpl) table.maintenance().rewriteDataFiles())
              .beforeCommit(() -> other.newAppend().rows(rows(1000, 1010)).commit())
              .execute();
      assertThat(result.attempts()).isEqualTo(1);
      assertThat(result.rewrittenDataFiles()).isEqualTo(20);
      // the concurrent append committed first; the result names the compaction's snapshot, on top
      // of it
      Snapshot compaction = table.refresh().snapshot(result.snapshotId()).orElseThrow();
      assertThat(compaction.operation()).isEqualTo(DataOperations.REPLACE);
      assertThat(table.snapshot(compaction.parentId()).orElseThrow().operation())
          .isEqualTo(DataOperations.APPEND);
      List<Map<String, Object>> after = reference(table);
      assertThat(after).hasSize(210);
      assertThat(after.subList(0, 200)).isEqualTo(expected);
      assertThat(floeRows(table)).isEqualTo(after);
      assertThat(TestTables.dataFiles(table)).hasSize(4);
    }
  }

  @Test
  void concurrentDeleteConflictIsRetriedWithoutLosingTheDeleteOrLeavingFiles() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.conflict");
      smallFiles(table);
      FloeTable other = floe.loadTable("db.conflict");
      AtomicInteger calls = new AtomicInteger();
      RewriteDataFiles.Result result =
          ((RewriteDataFilesImpl) table.maintenance().rewriteDataFiles())
              .beforeCommit(
                  () -> {
                    if (calls.getAndIncrement() == 0) {
                      DataFile victim = TestTables.dataFiles(other).get(0);
                      TestTables.deletePositions(
                          other,
                          victim,
                          Set.of(victim.recordCount() > 0 ? firstId(other, victim) : -1));
                    }
                  })
              .execute();
      assertThat(result.attempts()).isEqualTo(2);
      assertThat(reference(table)).hasSize(199);
      assertThat(floeRows(table)).isEqualTo(reference(table));
      // the files of the failed attempt were removed: nothing is orphaned
      RemoveOrphanFiles.Result orphans = TestTables.orphansNow(table);
      assertThat(orphans.orphanFiles()).isEmpty();
    }
  }

  private static long firstId(FloeTable table, DataFile file) {
    return TestTables.idsInFile(table, file).get(0);
  }

  @Test
  void expireSnapshotsDeletesUnreachableFilesOnly() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.expire");
      smallFiles(table);
      table.maintenance().rewriteDataFiles().execute();
      List<Map<String, Object>> before = reference(table);
      List<String> oldFiles = new ArrayList<>();
      Internals.icebergTable(table)
          .snapshot(table.snapshots().get(9).snapshotId())
          .addedDataFiles(Internals.icebergTable(table).io())
          .forEach(f -> oldFiles.add(f.location()));

      ExpireSnapshots.Result result =
          table
              .maintenance()
              .expireSnapshots()
              .olderThan(Instant.now().plusSeconds(1))
              .retainLast(1)
              .execute();
      assertThat(result.expiredSnapshots()).isEqualTo(10);
      assertThat(result.deletedDataFiles()).isEqualTo(20);
      assertThat(result.deletedManifestLists()).isEqualTo(10);
      assertThat(result.deletedManifests()).isPositive();
      assertThat(result.deletedBytes()).isPositive();
      assertThat(result.deletedFiles()).isGreaterThan(30);
      assertThat(table.snapshots()).hasSize(1);
      assertThat(oldFiles)
          .isNotEmpty()
          .allSatisfy(f -> assertThat(Path.of(f.replaceFirst("^file:", ""))).doesNotExist());
      assertThat(reference(table)).isEqualTo(before);
      assertThat(floeRows(table)).isEqualTo(before);
      assertThat(TestTables.orphansNow(table).orphanFiles()).isEmpty();
    }
  }

  @Test
  void expireKeepsTaggedSnapshotsAndCanKeepFiles() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.tagged");
      long first = table.newAppend().rows(rows(0, 10)).commit().snapshotId();
      table.manageSnapshots().createTag("keep", first).commit();
      table.newAppend().rows(rows(10, 20)).commit();
      table.newAppend().rows(rows(20, 30)).commit();
      ExpireSnapshots.Result result =
          table
              .maintenance()
              .expireSnapshots()
              .olderThan(Instant.now().plusSeconds(1))
              .retainLast(1)
              .keepFiles()
              .execute();
      assertThat(result.expiredSnapshots()).isEqualTo(1);
      assertThat(result.deletedFiles()).isZero();
      assertThat(table.snapshot(first)).isPresent();
      assertThat(table.newScan().useRef("keep").count()).isEqualTo(10);
      ExpireSnapshots once = table.maintenance().expireSnapshots();
      once.execute();
      assertThatThrownBy(once::execute)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("db.tagged");
    }
  }

  @Test
  void removeOrphanFilesHonoursAgeAndDryRun() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.orphans");
      smallFiles(table);
      List<Map<String, Object>> before = reference(table);
      Path data = Path.of(table.location().replaceFirst("^file:", "")).resolve("data");
      Path old =
          Files.writeString(data.resolve("crashed-writer.parquet"), "junk from a failed write");
      Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
      Path young = Files.writeString(data.resolve("in-flight.parquet"), "a write still running");

      RemoveOrphanFiles.Result dry = table.maintenance().removeOrphanFiles().dryRun().execute();
      assertThat(dry.orphanFiles()).singleElement().asString().endsWith("crashed-writer.parquet");
      assertThat(dry.orphanBytes()).isEqualTo(Files.size(old));
      assertThat(dry.deletedFiles()).isZero();
      assertThat(dry.scannedFiles()).isGreaterThan(20);
      assertThat(old).exists();

      RemoveOrphanFiles.Result removed = table.maintenance().removeOrphanFiles().execute();
      assertThat(removed.deletedFiles()).isEqualTo(1);
      assertThat(old).doesNotExist();
      assertThat(young).exists();
      assertThat(reference(table)).isEqualTo(before);
    }
    try (Floe memory = Floe.inMemory()) {
      FloeTable table = events(memory, "db.memory");
      assertThatThrownBy(() -> table.maintenance().removeOrphanFiles().execute())
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("db.memory")
          .hasMessageContaining("cannot list files");
    }
  }

  @Test
  void removeOrphanFilesKeepsMetadataFilesOlderThanTheLogAsIcebergDoes() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table =
          floe.createTable("db.history")
              .column("id", Types.LongType.get())
              .required()
              .property(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "2")
              .create();
      for (int i = 0; i < 6; i++) {
        table.newAppend().row(Map.of("id", (long) i)).commit();
      }
      Path metadata = Path.of(table.location().replaceFirst("^file:", "")).resolve("metadata");
      long jsonFiles;
      try (var files = Files.list(metadata)) {
        jsonFiles = files.filter(f -> f.toString().endsWith(".metadata.json")).count();
      }
      assertThat(jsonFiles).isEqualTo(7);
      // only two are in the current file's log; the others are reachable through the older files'
      // logs
      assertThat(
              ((HasTableOperations) Internals.icebergTable(table))
                  .operations()
                  .current()
                  .previousFiles())
          .hasSize(2);
      RemoveOrphanFiles.Result removed =
          table
              .maintenance()
              .removeOrphanFiles()
              .unsafeOlderThan(Instant.now().plusSeconds(60))
              .execute();
      assertThat(removed.orphanFiles()).isEmpty();
      assertThat(table.newScan().count()).isEqualTo(6);
    }
  }

  @Test
  void rewriteManifestsMergesSmallManifests() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.manifests");
      smallFiles(table);
      List<Map<String, Object>> before = reference(table);
      assertThat(table.health().manifests()).isEqualTo(10);
      RewriteManifests.Result result = table.maintenance().rewriteManifests().execute();
      assertThat(result.rewrittenManifests()).isEqualTo(10);
      assertThat(result.addedManifests()).isBetween(1L, 2L);
      assertThat(result.entries()).isEqualTo(20);
      assertThat(table.refresh().health().manifests()).isEqualTo(result.addedManifests());
      assertThat(reference(table)).isEqualTo(before);
      table.maintenance().rewriteManifests().execute();
      assertThat(table.refresh().health().manifests()).isEqualTo(result.addedManifests());
      assertThat(floeRows(table)).isEqualTo(before);
    }
  }
}
