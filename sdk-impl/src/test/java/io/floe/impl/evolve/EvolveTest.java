package io.floe.impl.evolve;

import static io.floe.impl.TestFloes.openFresh;
import static io.floe.impl.TestFloes.read;
import static io.floe.impl.TestTables.floeRows;
import static io.floe.impl.TestTables.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AlreadyExistsException;
import io.floe.ChangelogScan;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.ValidationException;
import io.floe.impl.TestFloes;
import io.floe.impl.TestTables;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EvolveTest {
  @TempDir static Path tmp;

  static Stream<String> backends() {
    return Stream.of("local", "memory");
  }

  private static FloeTable events(Floe floe, String name) {
    return floe.createTable(name)
        .columns(
            s ->
                s.column("id", Types.LongType.get())
                    .required()
                    .identifier()
                    .column("category", Types.StringType.get())
                    .column("count", Types.IntegerType.get()))
        .partitionBy(p -> p.identity("category"))
        .create();
  }

  private static Map<String, Object> row(long id, String category, int count) {
    return TestFloes.row("id", id, "category", category, "count", count);
  }

  private static List<Map<String, Object>> rows(long from, long to, String category) {
    return LongStream.range(from, to).mapToObj(i -> row(i, category, (int) i)).toList();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void schemaEvolvesAndOldRowsStayReadable(String backend) throws IOException {
    try (Floe floe = openFresh(backend, tmp)) {
      FloeTable table = events(floe, "db.schema");
      table.newAppend().rows(rows(0, 3, "a")).commit();

      Schema schema =
          table
              .updateSchema()
              .addColumn("region", Types.StringType.get(), "sales region")
              .addColumn(
                  "address",
                  Types.StructType.of(
                      Types.NestedField.optional(100, "city", Types.StringType.get())))
              .renameColumn("category", "kind")
              .updateColumn("count", Types.LongType.get())
              .updateColumnDoc("id", "the event id")
              .moveFirst("region")
              .commit()
              .schema();
      assertThat(schema.columns())
          .extracting(Types.NestedField::name)
          .containsExactly("region", "id", "kind", "count", "address");
      assertThat(schema.findField("count").type()).isEqualTo(Types.LongType.get());
      assertThat(schema.findField("id").doc()).isEqualTo("the event id");
      assertThat(table.schema().sameSchema(schema)).isTrue();

      table
          .updateSchema()
          .addColumn("address", "zip", Types.IntegerType.get())
          .moveAfter("region", "kind")
          .commit();
      assertThat(table.schema().findField("address.zip")).isNotNull();

      Map<String, Object> address = new HashMap<>();
      address.put("city", "Oslo");
      address.put("zip", 150);
      Map<String, Object> newRow =
          new HashMap<>(Map.of("id", 10L, "kind", "b", "count", 5L, "region", "north"));
      newRow.put("address", address);
      table.newAppend().row(newRow).commit();

      List<Map<String, Object>> all = floeRows(table);
      assertThat(all).hasSize(4);
      assertThat(all.get(0))
          .containsEntry("kind", "a")
          .containsEntry("count", 0L)
          .containsEntry("region", null);
      assertThat(all.get(3)).containsEntry("region", "north").containsEntry("address", address);
      assertThat(all).isEqualTo(reference(table));

      table.updateSchema().deleteColumn("region").commit();
      assertThat(table.schema().findField("region")).isNull();
      assertThat(floeRows(table)).isEqualTo(reference(table));
    }
  }

  @Test
  void unionByNameAddsAndWidensAndPreviewDoesNotCommit() throws IOException {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table = events(floe, "db.union");
      Schema incoming =
          new Schema(
              Types.NestedField.required(1, "id", Types.LongType.get()),
              Types.NestedField.optional(2, "count", Types.LongType.get()),
              Types.NestedField.optional(
                  3, "tags", Types.ListType.ofOptional(4, Types.StringType.get())));
      Schema preview = table.updateSchema().unionByNameWith(incoming).apply();
      assertThat(preview.findField("tags")).isNotNull();
      assertThat(preview.findField("count").type()).isEqualTo(Types.LongType.get());
      assertThat(table.schema().findField("tags")).isNull();

      var update = table.updateSchema().unionByNameWith(incoming);
      update.commit();
      assertThat(table.schema().findField("tags")).isNotNull();
      assertThatThrownBy(update::commit)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("db.union");
    }
  }

  @Test
  void incompatibleSchemaChangesAreRejectedClearly() throws IOException {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table = events(floe, "db.bad");
      table.newAppend().rows(rows(0, 2, "a")).commit();
      Schema before = table.schema();

      assertThatThrownBy(() -> table.updateSchema().updateColumn("id", Types.IntegerType.get()))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.bad")
          .hasMessageContaining("'id'")
          .hasMessageContaining("long")
          .hasMessageContaining("only widening is allowed")
          .satisfies(e -> assertThat(((ValidationException) e).column()).contains("id"));
      assertThatThrownBy(() -> table.updateSchema().addColumn("category", Types.StringType.get()))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("category")
          .hasMessageContaining("already exists");
      assertThatThrownBy(() -> table.updateSchema().renameColumn("missing", "x"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("missing");
      assertThatThrownBy(() -> table.updateSchema().deleteColumn("id").commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("id")
          .hasMessageContaining("The table is unchanged");
      assertThat(table.refresh().schema().sameSchema(before)).isTrue();
      assertThat(floeRows(table)).hasSize(2);
    }
  }

  @Test
  void partitionSpecAndSortOrderEvolve() throws IOException {
    try (Floe floe = Floe.local(Files.createTempDirectory(tmp, "wh"))) {
      FloeTable table = events(floe, "db.spec");
      table.newAppend().rows(rows(0, 10, "a")).commit();

      assertThat(table.updateSpec().addField(Expressions.bucket("id", 4)).apply().fields())
          .hasSize(2);
      assertThat(table.spec().fields()).hasSize(1);
      table
          .updateSpec()
          .addField("shard", Expressions.bucket("id", 4))
          .removeField("category")
          .commit();
      assertThat(table.spec().fields()).extracting(f -> f.name()).containsExactly("shard");
      table.newAppend().rows(rows(10, 20, "b")).commit();
      table.updateSpec().renameField("shard", "id_bucket").commit();
      assertThat(table.spec().fields()).extracting(f -> f.name()).containsExactly("id_bucket");
      assertThat(TestTables.dataFiles(table)).extracting(DataFile::specId).containsOnly(0, 1);
      assertThat(floeRows(table)).hasSize(20).isEqualTo(reference(table));
      assertThat(table.newScan().where(Expressions.equal("id", 15L)).count()).isEqualTo(1);

      assertThatThrownBy(() -> table.updateSpec().removeField("nope"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.spec")
          .hasMessageContaining("nope");

      table
          .replaceSortOrder()
          .asc("category")
          .desc(Expressions.ref("id"), NullOrder.NULLS_LAST)
          .commit();
      assertThat(table.sortOrder().fields()).hasSize(2);
      assertThat(table.sortOrder().fields().get(1).nullOrder()).isEqualTo(NullOrder.NULLS_LAST);
      assertThatThrownBy(() -> table.replaceSortOrder().asc("nope"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("nope");
      table.replaceSortOrder().commit();
      assertThat(table.sortOrder().isUnsorted()).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void snapshotsBranchesTagsRollbackAndTimeTravel(String backend) throws IOException {
    try (Floe floe = openFresh(backend, tmp)) {
      FloeTable table = events(floe, "db.refs");
      long s1 = table.newAppend().rows(rows(0, 2, "a")).commit().snapshotId();
      long s2 = table.newAppend().rows(rows(2, 4, "a")).commit().snapshotId();
      long s3 = table.newAppend().rows(rows(4, 6, "b")).commit().snapshotId();

      table
          .manageSnapshots()
          .createTag("v1", s1)
          .createBranch("dev", s2)
          .maxRefAge("v1", Duration.ofDays(30))
          .minSnapshotsToKeep("dev", 2)
          .commit();
      assertThat(table.refs()).containsKeys("main", "v1", "dev");
      assertThat(table.refs().get("v1").isTag()).isTrue();
      assertThat(table.refs().get("v1").maxRefAgeMs()).isEqualTo(Duration.ofDays(30).toMillis());
      assertThat(table.refs().get("dev").minSnapshotsToKeep()).isEqualTo(2);
      assertThat(table.snapshot("v1")).get().extracting(Snapshot::snapshotId).isEqualTo(s1);
      assertThat(table.snapshot("nope")).isEmpty();

      assertThat(table.newScan().useRef("v1").count()).isEqualTo(2);
      assertThat(table.newScan().useRef("dev").count()).isEqualTo(4);
      long dev = table.newAppend().rows(rows(100, 103, "c")).toBranch("dev").commit().snapshotId();
      assertThat(table.newScan().useRef("dev").count()).isEqualTo(7);
      assertThat(table.newScan().count()).isEqualTo(6);
      assertThat(table.snapshot("dev")).get().extracting(Snapshot::snapshotId).isEqualTo(dev);

      assertThatThrownBy(() -> table.manageSnapshots().createTag("v1", s2).commit())
          .isInstanceOf(AlreadyExistsException.class)
          .hasMessageContaining("v1")
          .hasMessageContaining("db.refs");
      assertThatThrownBy(() -> table.manageSnapshots().rollbackTo(dev).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(Long.toString(dev));
      assertThatThrownBy(() -> table.manageSnapshots().makeCurrent(42L).commit())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("42");
      assertThat(table.currentSnapshot()).get().extracting(Snapshot::snapshotId).isEqualTo(s3);

      table.manageSnapshots().rollbackTo(s2).commit();
      assertThat(table.currentSnapshot()).get().extracting(Snapshot::snapshotId).isEqualTo(s2);
      assertThat(floeRows(table)).hasSize(4).isEqualTo(reference(table));
      table.manageSnapshots().makeCurrent(s3).commit();
      assertThat(table.newScan().count()).isEqualTo(6);
      long cutoff = table.snapshot(s3).get().timestampMillis();
      table.manageSnapshots().rollbackToTime(java.time.Instant.ofEpochMilli(cutoff)).commit();
      assertThat(table.currentSnapshot().get().snapshotId()).isIn(s1, s2);
      assertThat(table.currentSnapshot().get().timestampMillis()).isLessThan(cutoff);
      table.manageSnapshots().makeCurrent(s2).commit();

      table.manageSnapshots().replaceTag("v1", s2).renameBranch("dev", "feature").commit();
      assertThat(table.snapshot("v1")).get().extracting(Snapshot::snapshotId).isEqualTo(s2);
      assertThat(table.refs()).containsKey("feature").doesNotContainKey("dev");
      table.manageSnapshots().removeTag("v1").removeBranch("feature").commit();
      assertThat(table.refs()).containsOnlyKeys("main");
      assertThatThrownBy(() -> table.manageSnapshots().removeBranch("main"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void writeAuditPublishWithBranchesAndCherryPick() throws IOException {
    try (Floe floe = Floe.local(Files.createTempDirectory(tmp, "wh"))) {
      FloeTable table = events(floe, "db.wap");
      table.newAppend().rows(rows(0, 5, "a")).commit();
      table.manageSnapshots().createBranch("audit").commit();
      table.newAppend().rows(rows(5, 8, "b")).toBranch("audit").commit();
      // audit: the branch holds the new rows, main does not
      assertThat(table.newScan().useRef("audit").where(Expressions.equal("category", "b")).count())
          .isEqualTo(3);
      assertThat(table.newScan().count()).isEqualTo(5);
      table.manageSnapshots().fastForward("main", "audit").commit();
      assertThat(table.newScan().count()).isEqualTo(8);
      assertThat(table.currentSnapshot().get().snapshotId())
          .isEqualTo(table.snapshot("audit").get().snapshotId());

      // cherry-pick one audited snapshot onto a main branch that moved on
      long staged =
          table.newAppend().rows(rows(20, 22, "c")).toBranch("audit").commit().snapshotId();
      table.newAppend().rows(rows(30, 31, "d")).commit();
      table.manageSnapshots().cherryPick(staged).commit();
      assertThat(floeRows(table)).hasSize(11).isEqualTo(reference(table));
      assertThatThrownBy(() -> table.manageSnapshots().fastForward("main", "audit").commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.wap");
    }
  }

  @Test
  void incrementalScanReadsAppendsBetweenSnapshots() throws IOException {
    try (Floe floe = Floe.local(Files.createTempDirectory(tmp, "wh"))) {
      FloeTable table = events(floe, "db.incr");
      long s1 = table.newAppend().rows(rows(0, 3, "a")).commit().snapshotId();
      long s2 = table.newAppend().rows(rows(3, 5, "b")).commit().snapshotId();
      long s3 = table.newAppend().rows(rows(5, 9, "a")).commit().snapshotId();

      assertThat(read(table.newIncrementalScan().fromSnapshotExclusive(s1).rows()))
          .extracting(m -> m.get("id"))
          .containsExactlyInAnyOrder(3L, 4L, 5L, 6L, 7L, 8L);
      assertThat(
              read(
                  table
                      .newIncrementalScan()
                      .fromSnapshotInclusive(s2)
                      .toSnapshot(s2)
                      .select("id")
                      .rows()))
          .containsExactlyInAnyOrder(Map.of("id", 3L), Map.of("id", 4L));
      assertThat(read(table.newIncrementalScan().where(Expressions.equal("category", "a")).rows()))
          .hasSize(7);
      assertThat(read(table.newIncrementalScan().fromSnapshotExclusive(s3).rows())).isEmpty();
      assertThat(table.newIncrementalScan().select("id").schema().columns()).hasSize(1);

      table.manageSnapshots().createBranch("b", s3).commit();
      table.newAppend().rows(rows(50, 52, "z")).toBranch("b").commit();
      assertThat(read(table.newIncrementalScan().useBranch("b").fromSnapshotExclusive(s3).rows()))
          .extracting(m -> m.get("id"))
          .containsExactlyInAnyOrder(50L, 51L);

      assertThatThrownBy(
              () -> table.newIncrementalScan().fromSnapshotExclusive(s3).toSnapshot(s1).rows())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("not an ancestor");
      assertThatThrownBy(() -> table.newIncrementalScan().fromSnapshotExclusive(77L).rows())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("77");
      assertThatThrownBy(() -> table.newIncrementalScan().select("nope").rows())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("nope");
      assertThatThrownBy(
              () -> table.newIncrementalScan().fromSnapshotExclusive(s1).fromSnapshotInclusive(s2))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static List<String> changes(FloeTable table, long fromExclusive) throws IOException {
    List<String> out = new ArrayList<>();
    try (CloseableIterable<Row> rows =
        table.newChangelogScan().fromSnapshotExclusive(fromExclusive).rows()) {
      for (Row row : rows) {
        out.add(row.get(ChangelogScan.CHANGE_TYPE) + ":" + row.get("id") + ":" + row.get("count"));
      }
    }
    return out;
  }

  @Test
  void changelogWithPositionAndEqualityDeletesAndUpdates() throws IOException {
    try (Floe floe = Floe.local(Files.createTempDirectory(tmp, "wh"))) {
      FloeTable table = events(floe, "db.cdc");
      long s1 = table.newAppend().rows(rows(0, 5, "a")).commit().snapshotId();
      long s2 = table.newAppend().rows(rows(5, 8, "b")).commit().snapshotId();

      // Iceberg's own changelog scan rejects delete files; Floe's reads them
      DataFile fileA =
          TestTables.dataFiles(table).stream()
              .filter(f -> "a".equals(f.partition().get(0, String.class)))
              .findFirst()
              .orElseThrow();
      TestTables.deletePositions(table, fileA, Set.of(1L, 3L));
      long s3 = table.refresh().currentSnapshot().get().snapshotId();
      GenericRecord partitionB = GenericRecord.create(table.spec().partitionType());
      partitionB.set(0, "b");
      TestTables.deleteIds(table, partitionB, 6L);
      long s4 = table.refresh().currentSnapshot().get().snapshotId();
      // an update: delete id 0 by position and insert a new version, in one commit
      Table iceberg = Internals.icebergTable(table);
      assertThat(floeRows(table)).isEqualTo(reference(table)).hasSize(5);

      assertThat(changes(table, s2))
          .containsExactlyInAnyOrder("DELETE:1:1", "DELETE:3:3", "DELETE:6:6");
      List<Map<String, Object>> all = read(table.newChangelogScan().rows());
      assertThat(all).hasSize(11);
      assertThat(all).filteredOn(m -> m.get(ChangelogScan.CHANGE_TYPE).equals("INSERT")).hasSize(8);
      assertThat(all)
          .filteredOn(m -> m.get(ChangelogScan.COMMIT_SNAPSHOT_ID).equals(s3))
          .allSatisfy(m -> assertThat(m).containsEntry(ChangelogScan.CHANGE_ORDINAL, 2));
      assertThat(
              read(
                  table
                      .newChangelogScan()
                      .fromSnapshotInclusive(s4)
                      .toSnapshot(s4)
                      .select("id")
                      .rows()))
          .containsExactly(
              Map.of(
                  "id",
                  6L,
                  ChangelogScan.CHANGE_TYPE,
                  "DELETE",
                  ChangelogScan.CHANGE_ORDINAL,
                  0,
                  ChangelogScan.COMMIT_SNAPSHOT_ID,
                  s4));
      assertThat(table.newChangelogScan().select("id").schema().columns())
          .extracting(Types.NestedField::name)
          .containsExactly("id", "_change_type", "_change_ordinal", "_commit_snapshot_id");
      assertThat(
              read(
                  table
                      .newChangelogScan()
                      .fromSnapshotExclusive(s1)
                      .where(Expressions.equal("category", "b"))
                      .rows()))
          .extracting(m -> m.get("id"))
          .containsExactlyInAnyOrder(5L, 6L, 7L, 6L);

      // copy-on-write overwrite: file of partition b replaced by one with id 5 changed and 7
      // deleted
      DataFile fileB =
          TestTables.dataFiles(table).stream()
              .filter(f -> "b".equals(f.partition().get(0, String.class)))
              .findFirst()
              .orElseThrow();
      long before = table.refresh().currentSnapshot().get().snapshotId();
      io.floe.impl.write.TableFileWriter writer = new io.floe.impl.write.TableFileWriter(iceberg);
      writer.write(record(iceberg, 5L, "b", 50));
      List<DataFile> rewritten = writer.finish();
      var overwrite = iceberg.newOverwrite().deleteFile(fileB);
      rewritten.forEach(overwrite::addFile);
      overwrite.commit();
      assertThat(changes(table, before))
          .containsExactlyInAnyOrder("UPDATE_BEFORE:5:5", "UPDATE_AFTER:5:50", "DELETE:7:7");
      assertThat(floeRows(table)).isEqualTo(reference(table));
    }
  }

  private static GenericRecord record(Table table, long id, String category, int count) {
    GenericRecord record = GenericRecord.create(table.schema());
    record.setField("id", id);
    record.setField("category", category);
    record.setField("count", count);
    return record;
  }

  @Test
  void metadataTablesReadAsRows() throws IOException {
    try (Floe floe = Floe.local(Files.createTempDirectory(tmp, "wh"))) {
      FloeTable table = events(floe, "db.meta");
      long s1 = table.newAppend().rows(rows(0, 3, "a")).commit().snapshotId();
      long s2 = table.newAppend().rows(rows(3, 5, "b")).commit().snapshotId();
      table.manageSnapshots().createTag("t1", s1).commit();
      TestTables.deleteIds(table, partition(table, "a"), 1L);

      List<Map<String, Object>> snapshots =
          read(table.metadataTable(MetadataTableType.SNAPSHOTS).rows());
      assertThat(snapshots).hasSize(3);
      assertThat(snapshots.get(0))
          .containsEntry("snapshot_id", s1)
          .containsEntry("operation", "append");
      assertThat(snapshots.get(0).get("committed_at")).isInstanceOf(java.time.OffsetDateTime.class);
      assertThat(read(table.metadataTable(MetadataTableType.HISTORY).rows())).hasSize(3);
      assertThat(read(table.metadataTable(MetadataTableType.REFS).select("name", "type").rows()))
          .containsExactlyInAnyOrder(
              Map.of("name", "main", "type", "BRANCH"), Map.of("name", "t1", "type", "TAG"));

      List<Map<String, Object>> files = read(table.metadataTable(MetadataTableType.FILES).rows());
      assertThat(files).hasSize(3);
      assertThat(
              read(table.metadataTable(MetadataTableType.DATA_FILES).select("record_count").rows()))
          .extracting(m -> m.get("record_count"))
          .containsExactlyInAnyOrder(3L, 2L);
      assertThat(table.metadataTable(MetadataTableType.DELETE_FILES).count()).isEqualTo(1);
      assertThat(table.metadataTable(MetadataTableType.DATA_FILES).asOfSnapshot(s1).count())
          .isEqualTo(1);
      assertThat(table.metadataTable(MetadataTableType.DATA_FILES).useRef("t1").count())
          .isEqualTo(1);
      // the refinement chain and its time-travel checks are the data scan's
      assertThatThrownBy(
              () -> table.metadataTable(MetadataTableType.DATA_FILES).asOfSnapshot(42L).count())
          .isInstanceOf(io.floe.NotFoundException.class)
          .hasMessage("Table db.meta.data_files has no snapshot 42");
      assertThatThrownBy(() -> table.metadataTable(MetadataTableType.FILES).useRef("nope").rows())
          .isInstanceOf(io.floe.NotFoundException.class)
          .hasMessage("Table db.meta.files has no branch or tag 'nope'");
      assertThatThrownBy(
              () -> table.metadataTable(MetadataTableType.FILES).asOfSnapshot(s1).useRef("t1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already reads snapshot " + s1)
          .hasMessageContaining("db.meta.files");
      assertThat(table.metadataTable(MetadataTableType.MANIFESTS).count())
          .isGreaterThanOrEqualTo(2);
      List<Map<String, Object>> partitions =
          read(table.metadataTable(MetadataTableType.PARTITIONS).rows());
      assertThat(partitions).hasSize(2);
      assertThat(partitions)
          .extracting(m -> (Object) ((Map<?, ?>) m.get("partition")).get("category"))
          .containsExactlyInAnyOrder("a", "b");
      assertThat(read(table.metadataTable(MetadataTableType.ENTRIES).rows())).hasSize(3);
      assertThat(
              read(
                  table
                      .metadataTable(MetadataTableType.DATA_FILES)
                      .where(Expressions.equal("record_count", 2L))
                      .select("file_path")
                      .rows()))
          .hasSize(1);
      assertThat(table.metadataTable(MetadataTableType.ALL_DATA_FILES).count()).isEqualTo(2);
      assertThat(table.metadataTable(MetadataTableType.SNAPSHOTS).limit(1).count()).isEqualTo(1);
      assertThatThrownBy(() -> table.metadataTable(MetadataTableType.FILES).select("nope").rows())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("nope")
          .hasMessageContaining("files");
      assertThat(
              Internals.metadataTable(table, MetadataTableType.FILES)
                  .schema()
                  .findField("file_path"))
          .isNotNull();
      assertThat(s2).isNotEqualTo(s1);
    }
  }

  static GenericRecord partition(FloeTable table, String category) {
    GenericRecord partition = GenericRecord.create(table.spec().partitionType());
    partition.set(0, category);
    return partition;
  }

  @SuppressWarnings("unused")
  private static Set<Long> ids(List<Map<String, Object>> rows) {
    return rows.stream().map(m -> (Long) m.get("id")).collect(Collectors.toSet());
  }

  @SuppressWarnings("unused")
  private static final String MAIN = SnapshotRef.MAIN_BRANCH;
}
