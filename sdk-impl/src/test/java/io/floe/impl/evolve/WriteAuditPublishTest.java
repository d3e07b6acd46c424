package io.floe.impl.evolve;

import static io.floe.impl.EventTables.rows;
import static io.floe.impl.TestFloes.local;
import static io.floe.impl.TestTables.floeRows;
import static io.floe.impl.TestTables.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AppendResult;
import io.floe.ChangeResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.ValidationException;
import io.floe.WriteMode;
import io.floe.impl.EventTables;
import io.floe.impl.TestTables;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write-audit-publish with staged commits and {@code wap.id}, as Spark and Iceberg do it. */
class WriteAuditPublishTest {
  @TempDir Path tmp;

  private static FloeTable table(Floe floe, String name, int formatVersion) {
    return EventTables.events(floe, name)
        .property("write.wap.enabled", "true")
        .formatVersion(formatVersion)
        .create();
  }

  /** The rows of one snapshot, read by Iceberg's generic reader, sorted by id. */
  private static List<Map<String, Object>> referenceAt(FloeTable table, long snapshotId) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(Internals.icebergTable(table)).useSnapshot(snapshotId).build()) {
      for (Record record : records) {
        Map<String, Object> map = TestTables.toMap(record);
        map.remove("_pos");
        out.add(map);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(m -> (Long) m.get("id")));
    return out;
  }

  private static List<Map<String, Object>> floeRowsAt(FloeTable table, long snapshotId) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (CloseableIterable<Row> rows = table.newScan().asOfSnapshot(snapshotId).rows()) {
      rows.forEach(r -> out.add(r.toMap()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(m -> (Long) m.get("id")));
    return out;
  }

  private static long head(FloeTable table) {
    return table.refresh().currentSnapshot().orElseThrow().snapshotId();
  }

  @Test
  void stagedAppendIsInvisibleUntilPublishedAtomicallyByWapId() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = table(floe, "db.wap", 2);
      table.newAppend().rows(rows(0, 10, "a")).commit();
      long before = head(table);
      List<Map<String, Object>> published = reference(table);

      AppendResult staged = table.newAppend().rows(rows(10, 30, "b")).stage("job-42").commit();
      // staged: in the metadata, on no branch
      assertThat(head(table)).isEqualTo(before);
      assertThat(table.newScan().count()).isEqualTo(10);
      assertThat(floeRows(table)).isEqualTo(published);
      Snapshot snapshot = table.snapshot(staged.snapshotId()).orElseThrow();
      assertThat(snapshot.summary()).containsEntry("wap.id", "job-42");
      assertThat(snapshot.parentId()).isEqualTo(before);
      assertThat(table.refs()).containsOnlyKeys("main");

      // audit: by snapshot id, or through a branch created on it
      List<Map<String, Object>> audited = referenceAt(table, staged.snapshotId());
      assertThat(audited).hasSize(30);
      assertThat(floeRowsAt(table, staged.snapshotId())).isEqualTo(audited);
      table.manageSnapshots().createBranch("audit", staged.snapshotId()).commit();
      assertThat(table.newScan().useRef("audit").count()).isEqualTo(30);

      // main has not moved: publishing makes the staged snapshot itself current
      table.manageSnapshots().publish("job-42").removeBranch("audit").commit();
      assertThat(head(table)).isEqualTo(staged.snapshotId());
      assertThat(reference(table)).isEqualTo(audited);
      assertThat(floeRows(table)).isEqualTo(audited);

      assertThatThrownBy(() -> table.manageSnapshots().publish("job-42").commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.wap")
          .hasMessageContaining("job-42")
          .hasMessageContaining("published");
      assertThatThrownBy(() -> table.manageSnapshots().publish("job-7").commit())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("db.wap")
          .hasMessageContaining("job-7")
          .hasMessageContaining("Nothing was committed");
      assertThat(head(table)).isEqualTo(staged.snapshotId());
      assertThatThrownBy(() -> table.newAppend().stage(" "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("blank");
    }
  }

  @Test
  void stagedAppendIsCherryPickedOntoAMovedMainWithoutLosingTheConcurrentCommit()
      throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = table(floe, "db.wapmoved", 2);
      table.newAppend().rows(rows(0, 10, "a")).commit();
      AppendResult staged = table.newAppend().rows(rows(10, 20, "b")).stage("job-1").commit();
      FloeTable other = floe.loadTable("db.wapmoved");
      long concurrent = other.newAppend().rows(rows(100, 105, "c")).commit().snapshotId();
      assertThat(table.newScan().count()).isEqualTo(15);

      table.manageSnapshots().publish("job-1").commit();
      Snapshot current = table.refresh().currentSnapshot().orElseThrow();
      assertThat(current.snapshotId()).isNotEqualTo(staged.snapshotId());
      assertThat(current.parentId()).isEqualTo(concurrent);
      assertThat(current.summary())
          .containsEntry("published-wap-id", "job-1")
          .containsEntry("source-snapshot-id", Long.toString(staged.snapshotId()));
      List<Map<String, Object>> after = reference(table);
      assertThat(after).hasSize(25);
      assertThat(after.stream().map(r -> (Long) r.get("id")))
          .containsAll(LongStream.range(10, 20).boxed().toList())
          .containsAll(LongStream.range(100, 105).boxed().toList());
      assertThat(floeRows(table)).isEqualTo(after);

      // a write staged without an id is published by its snapshot id
      AppendResult anonymous = table.newAppend().rows(rows(200, 201, "d")).stageOnly().commit();
      assertThat(table.newScan().count()).isEqualTo(25);
      table.manageSnapshots().cherryPick(anonymous.snapshotId()).commit();
      assertThat(table.refresh().newScan().count()).isEqualTo(26);
    }
  }

  @Test
  void stagedDeletesAndUpsertsOnV3PublishOnlyOverTheSnapshotTheyWerePlannedOn() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = table(floe, "db.waprows", 3);
      table.newAppend().rows(rows(0, 20, "a")).commit();
      long before = head(table);
      List<Map<String, Object>> original = reference(table);

      ChangeResult delete =
          table
              .newDelete()
              .where(Expressions.lessThan("id", 5L))
              .mode(WriteMode.MERGE_ON_READ)
              .stage("del-1")
              .commit();
      assertThat(head(table)).isEqualTo(before);
      assertThat(reference(table)).isEqualTo(original);
      assertThat(referenceAt(table, delete.snapshotId())).hasSize(15);
      assertThat(floeRowsAt(table, delete.snapshotId()))
          .isEqualTo(referenceAt(table, delete.snapshotId()));
      table.manageSnapshots().publish("del-1").commit();
      assertThat(head(table)).isEqualTo(delete.snapshotId());
      assertThat(floeRows(table)).isEqualTo(reference(table)).hasSize(15);

      ChangeResult upsert =
          table.newUpsert().key("id").rows(rows(15, 25, "u")).stage("up-1").commit();
      assertThat(upsert.updatedRows()).isEqualTo(5);
      assertThat(table.newScan().count()).isEqualTo(15);
      List<Map<String, Object>> audited = referenceAt(table, upsert.snapshotId());
      assertThat(audited)
          .hasSize(20)
          .filteredOn(r -> (Long) r.get("id") >= 15)
          .allSatisfy(r -> assertThat(r.get("payload")).asString().startsWith("u"));
      assertThat(floeRowsAt(table, upsert.snapshotId())).isEqualTo(audited);

      // main moves before the publish: a staged row-level change no longer applies, nothing changes
      table.newAppend().rows(rows(50, 51, "c")).commit();
      long moved = head(table);
      List<Map<String, Object>> current = reference(table);
      assertThatThrownBy(() -> table.manageSnapshots().publish("up-1").commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.waprows")
          .hasMessageContaining("up-1")
          .hasMessageContaining("Nothing was committed");
      assertThat(head(table)).isEqualTo(moved);
      assertThat(reference(table)).isEqualTo(current);

      // the abandoned staged snapshot expires like any other, and its files with it
      table.maintenance().expireSnapshots().expireSnapshot(upsert.snapshotId()).execute();
      assertThat(table.refresh().snapshot(upsert.snapshotId())).isEmpty();
      assertThat(reference(table)).isEqualTo(current);
      assertThat(TestTables.orphansNow(table).orphanFiles()).isEmpty();
    }
  }
}
