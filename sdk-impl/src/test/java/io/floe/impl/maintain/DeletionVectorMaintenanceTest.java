package io.floe.impl.maintain;

import static io.floe.impl.EventTables.rows;
import static io.floe.impl.TestFloes.local;
import static io.floe.impl.TestTables.floeRows;
import static io.floe.impl.TestTables.reference;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.ChangelogScan;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.TableHealth;
import io.floe.impl.EventTables;
import io.floe.impl.TestTables;
import io.floe.impl.spi.Internals;
import io.floe.maintenance.RewriteDataFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.ContentFileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format v3: deletion vectors written by Floe's own merge-on-read deletes and upserts, plus
 * equality deletes, under compaction and in changelog scans.
 */
class DeletionVectorMaintenanceTest {
  @TempDir Path tmp;

  private static FloeTable v3(Floe floe, String name) {
    return EventTables.eventsWithIdentifier(floe, name)
        .formatVersion(3)
        .property("write.delete.mode", "merge-on-read")
        .property("write.merge.mode", "merge-on-read")
        .create();
  }

  private static List<DeleteFile> liveDeletes(FloeTable table) throws IOException {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    Map<String, DeleteFile> out = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        task.deletes().forEach(d -> out.put(d.location() + "@" + d.contentOffset(), d));
      }
    }
    return new ArrayList<>(out.values());
  }

  private static List<String> changes(FloeTable table, long fromExclusive) throws IOException {
    List<String> out = new ArrayList<>();
    try (CloseableIterable<Row> rows =
        table.newChangelogScan().fromSnapshotExclusive(fromExclusive).rows()) {
      for (Row row : rows) {
        out.add(
            row.get(ChangelogScan.CHANGE_TYPE) + ":" + row.get("id") + ":" + row.get("payload"));
      }
    }
    return out;
  }

  private static long head(FloeTable table) {
    return table.refresh().currentSnapshot().orElseThrow().snapshotId();
  }

  @Test
  void applyDeletesCompactsDeletionVectorsAndEqualityDeletesWithRowsUnchanged() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = v3(floe, "db.dvcompact");
      for (int i = 0; i < 3; i++) {
        table.newAppend().rows(rows(i * 20L, i * 20L + 20, "a")).commit();
      }
      table.newDelete().where(Expressions.in("id", 0L, 1L, 21L, 42L)).commit();
      table
          .newDelete()
          .where(Expressions.equal("id", 2L))
          .commit(); // extends the deletion vector of id 0
      table.newUpsert().rows(rows(50, 65, "u")).commit();
      GenericRecord odd = GenericRecord.create(table.spec().partitionType());
      odd.set(0, "odd");
      TestTables.deleteIds(table, odd, 3L, 23L);
      List<Map<String, Object>> before = reference(table);
      assertThat(before).hasSize(65 - 7);
      assertThat(floeRows(table)).isEqualTo(before);
      List<DeleteFile> deletes = liveDeletes(table);
      assertThat(deletes).filteredOn(ContentFileUtil::isDV).isNotEmpty();
      TableHealth sick = table.refresh().health();
      assertThat(sick.positionDeleteFiles()).isPositive();
      assertThat(sick.equalityDeleteFiles()).isEqualTo(1);
      long beforeCompaction = head(table);

      RewriteDataFiles.Result result =
          table.maintenance().rewriteDataFiles().applyDeletes().execute();
      assertThat(result.rewrittenDataFiles()).isPositive();
      assertThat(result.records()).isEqualTo(before.size());
      assertThat(result.removedDeleteFiles())
          .isEqualTo(sick.positionDeleteFiles() + sick.equalityDeleteFiles());
      TableHealth healthy = table.refresh().health();
      assertThat(healthy.positionDeleteFiles() + healthy.equalityDeleteFiles()).isZero();
      assertThat(healthy.records()).isEqualTo(before.size());
      assertThat(liveDeletes(table)).isEmpty();
      assertThat(reference(table)).isEqualTo(before);
      assertThat(floeRows(table)).isEqualTo(before);
      // compaction changes no row
      assertThat(changes(table, beforeCompaction)).isEmpty();
      assertThat(table.snapshot(head(table)).orElseThrow().operation())
          .isIn(DataOperations.REPLACE);

      // merge-on-read keeps working on the compacted files
      table.newDelete().where(Expressions.equal("id", 4L)).commit();
      assertThat(liveDeletes(table))
          .singleElement()
          .satisfies(d -> assertThat(ContentFileUtil.isDV(d)).isTrue());
      assertThat(floeRows(table)).isEqualTo(reference(table)).hasSize(before.size() - 1);
    }
  }

  @Test
  void changelogOfDeletionVectorDeletesAndUpserts() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = v3(floe, "db.dvcdc");
      long s1 = table.newAppend().rows(rows(0, 10, "a")).commit().snapshotId();
      table.newDelete().where(Expressions.lessThan("id", 3L)).commit();
      long s2 = head(table);
      assertThat(liveDeletes(table))
          .isNotEmpty()
          .allSatisfy(d -> assertThat(ContentFileUtil.isDV(d)).isTrue());
      assertThat(changes(table, s1))
          .containsExactlyInAnyOrder("DELETE:0:a0", "DELETE:1:a1", "DELETE:2:a2");

      table.newUpsert().rows(rows(8, 12, "u")).commit();
      long s3 = head(table);
      assertThat(changes(table, s2))
          .containsExactlyInAnyOrder(
              "UPDATE_BEFORE:8:a8",
              "UPDATE_AFTER:8:u8",
              "UPDATE_BEFORE:9:a9",
              "UPDATE_AFTER:9:u9",
              "INSERT:10:u10",
              "INSERT:11:u11");

      // a second delete in a file with a deletion vector replaces it: only the new row is a change
      table.newDelete().where(Expressions.equal("id", 4L)).commit();
      long s4 = head(table);
      assertThat(changes(table, s3)).containsExactly("DELETE:4:a4");
      // an upsert that deletes an updated row again and re-inserts it
      table.newUpsert().rows(rows(9, 10, "v")).commit();
      assertThat(changes(table, s4))
          .containsExactlyInAnyOrder("UPDATE_BEFORE:9:u9", "UPDATE_AFTER:9:v9");

      // the net changes over the whole history, and the table's rows agree with Iceberg's reader
      List<String> all = changes(table, s1);
      assertThat(all).filteredOn(c -> c.startsWith("DELETE")).hasSize(4);
      assertThat(all).filteredOn(c -> c.startsWith("INSERT")).hasSize(2);
      assertThat(floeRows(table)).isEqualTo(reference(table)).hasSize(10 - 4 + 2);

      // after compaction the changelog up to it is the same, and nothing more
      long beforeCompaction = head(table);
      table.maintenance().rewriteDataFiles().applyDeletes().execute();
      assertThat(changes(table, beforeCompaction)).isEmpty();
      assertThat(changes(table, s1)).containsExactlyInAnyOrderElementsOf(all);
    }
  }
}
