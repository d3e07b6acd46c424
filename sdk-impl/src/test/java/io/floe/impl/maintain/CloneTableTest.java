package io.floe.impl.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AlreadyExistsException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.ValidationException;
import io.floe.WriteMode;
import io.floe.maintenance.CloneTable;
import io.floe.maintenance.VerifyTable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maintenance().cloneTable()} on local warehouses: the clone references the source's files
 * in place, both take writes, and the expiry, compaction and orphan removal of each leave every row
 * of both readable; the source's maintenance keeps what its clones read, and refuses while a
 * recorded clone cannot be loaded.
 */
class CloneTableTest {
  @TempDir Path dir;

  private static FloeTable create(Floe floe, TreeMap<Long, String> model) {
    floe.createNamespace("db");
    FloeTable t =
        floe.createTable("db.t")
            .formatVersion(2)
            .column("id", Types.LongType.get())
            .column("kind", Types.StringType.get())
            .partitionBy(p -> p.identity("kind"))
            .create();
    append(t, model, 0, 100);
    append(t, model, 100, 100);
    return t;
  }

  private static void append(FloeTable t, TreeMap<Long, String> model, long from, int rows) {
    var append = t.newAppend();
    for (long i = from; i < from + rows; i++) {
      String kind = i % 2 == 0 ? "x" : "y";
      append.row(Map.of("id", i, "kind", kind));
      model.put(i, kind);
    }
    append.commit();
  }

  private static void delete(FloeTable t, TreeMap<Long, String> model, long id, WriteMode mode) {
    t.newDelete().where(Expressions.equal("id", id)).mode(mode).commit();
    model.remove(id);
  }

  private static TreeMap<Long, String> rows(FloeTable t) {
    TreeMap<Long, String> out = new TreeMap<>();
    try (RowStream rows = t.refresh().newScan().select("id", "kind").rows()) {
      for (Row r : rows) {
        assertThat(out.put(r.get("id", Long.class), r.get("kind", String.class))).isNull();
      }
    }
    return out;
  }

  private static List<String> dataFiles(FloeTable t) {
    List<String> out = new ArrayList<>();
    try (RowStream rows =
        t.metadataTable(MetadataTableType.DATA_FILES).select("file_path").rows()) {
      rows.forEach(r -> out.add(r.get("file_path", String.class)));
    }
    return out;
  }

  private static String uuid(FloeTable t) {
    return io.floe.impl.spi.Internals.icebergTable(t).uuid().toString();
  }

  private static String metadataFile(FloeTable t) {
    return ((org.apache.iceberg.HasTableOperations) io.floe.impl.spi.Internals.icebergTable(t))
        .operations()
        .current()
        .metadataFileLocation();
  }

  private static Path path(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  private static void expireAndRemoveOrphans(FloeTable t) {
    t.refresh().maintenance().expireSnapshots().olderThan(Instant.now()).retainLast(1).execute();
    t.maintenance().removeOrphanFiles().unsafeOlderThan(Instant.now().plusSeconds(5)).execute();
  }

  private static void assertIntact(FloeTable t) {
    VerifyTable.Result verified = t.refresh().maintenance().verifyTable().allSnapshots().execute();
    assertThat(verified.intact()).as(t.name() + ": " + verified.problems()).isTrue();
  }

  /** Writes to both, compacts both, expires and removes orphans on both: every row survives. */
  private void bothSurviveEachOthersMaintenance(Floe floe, Floe cloneFloe) {
    TreeMap<Long, String> source = new TreeMap<>();
    FloeTable t = create(floe, source);
    if (cloneFloe != floe) {
      cloneFloe.createNamespace("db");
    }
    CloneTable.Result r = t.maintenance().cloneTable().to(cloneFloe, "db.c").execute();
    FloeTable c = cloneFloe.loadTable("db.c");
    TreeMap<Long, String> clone = new TreeMap<>(source);
    assertThat(r.snapshotId()).isEqualTo(t.currentSnapshot().orElseThrow().snapshotId());
    assertThat(uuid(c)).isEqualTo(r.cloneUuid()).isNotEqualTo(uuid(t));
    assertThat(path(c.location()).startsWith(path(t.location()))).isFalse();
    assertThat(t.refresh().properties()).containsKey(CloneTable.CLONES_PREFIX + r.cloneUuid());
    assertThat(c.properties()).containsEntry(CloneTable.SOURCE_UUID, uuid(t));
    // nothing copied: the clone reads the source's files in place
    assertThat(dataFiles(c)).containsExactlyInAnyOrderElementsOf(dataFiles(t));
    assertThat(rows(c)).isEqualTo(clone);

    // both take writes: appends, a merge-on-read and a copy-on-write delete each
    append(t, source, 1000, 50);
    append(c, clone, 2000, 50);
    delete(t, source, 4, WriteMode.COPY_ON_WRITE);
    delete(c, clone, 6, WriteMode.COPY_ON_WRITE);
    delete(t, source, 9, WriteMode.MERGE_ON_READ);
    delete(c, clone, 11, WriteMode.MERGE_ON_READ);
    // compaction replaces every data file of both (the source's old ones still the clone's)
    t.maintenance().rewriteDataFiles().rewriteAll().applyDeletes().execute();
    c.refresh()
        .maintenance()
        .rewriteDataFiles()
        .where(Expressions.equal("kind", "y"))
        .rewriteAll()
        .execute();
    assertThat(rows(t)).isEqualTo(source);
    assertThat(rows(c)).isEqualTo(clone);
    // the clone wrote its own files under its own location
    assertThat(dataFiles(c)).anyMatch(f -> path(f).startsWith(path(c.location())));

    expireAndRemoveOrphans(t);
    expireAndRemoveOrphans(c);
    expireAndRemoveOrphans(t);

    assertThat(rows(t)).isEqualTo(source);
    assertThat(rows(c)).isEqualTo(clone);
    assertIntact(t);
    assertIntact(c);
    // the clone still reads some of the source's files, which the source no longer does
    assertThat(dataFiles(c)).anyMatch(f -> path(f).startsWith(path(t.location())));
    assertThat(dataFiles(t)).allMatch(f -> path(f).startsWith(path(t.location())));
  }

  @Test
  void aCloneInTheSameCatalogAndItsSourceSurviveEachOthersMaintenance() {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      bothSurviveEachOthersMaintenance(floe, floe);
    }
  }

  @Test
  void aCloneInAnotherCatalogOverTheSameStorageIsKeptToo() {
    try (Floe floe = Floe.local(dir.resolve("wh"));
        Floe other = Floe.local(dir.resolve("other"))) {
      bothSurviveEachOthersMaintenance(floe, other);
      assertThat(path(other.loadTable("db.c").location())).startsWith(dir.resolve("other"));
    }
  }

  @Test
  void aCloneOfACloneKeepsTheFirstSourcesFilesToo() {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      TreeMap<Long, String> model = new TreeMap<>();
      FloeTable t = create(floe, model);
      t.maintenance().cloneTable().to(floe, "db.c1").execute();
      FloeTable c1 = floe.loadTable("db.c1");
      c1.maintenance().cloneTable().to(floe, "db.c2").execute();
      FloeTable c2 = floe.loadTable("db.c2");
      TreeMap<Long, String> second = new TreeMap<>(model);
      assertThat(rows(c2)).isEqualTo(second);

      // the source and the first clone both replace every file they had, and clean up
      t.maintenance().rewriteDataFiles().rewriteAll().execute();
      c1.refresh().maintenance().rewriteDataFiles().rewriteAll().execute();
      expireAndRemoveOrphans(c1);
      expireAndRemoveOrphans(t);

      // the second clone still reads the source's original files, through the first clone's record
      assertThat(rows(c2)).isEqualTo(second);
      assertIntact(c2);
      assertThat(dataFiles(c2)).allMatch(f -> path(f).startsWith(path(t.location())));
      assertThat(dataFiles(t)).noneMatch(dataFiles(c2)::contains);
    }
  }

  @Test
  void cloneRecordsStayWithTheSourceNotWithItsReplicasAndBackups() {
    TreeMap<Long, String> model = new TreeMap<>();
    String backup = dir.resolve("backup").toString();
    try (Floe primary = Floe.local(dir.resolve("wh"));
        Floe dr = Floe.local(dir.resolve("dr"))) {
      FloeTable t = create(primary, model);
      t.maintenance().cloneTable().to(primary, "db.c").execute();
      t.refresh().maintenance().replicateTable().to(dr, "db.t").execute();
      FloeTable replica = dr.loadTable("db.t");
      assertThat(replica.properties().keySet())
          .noneMatch(k -> k.startsWith(CloneTable.CLONES_PREFIX));
      // nothing new: nothing copied, nothing committed (the records are not a difference)
      String before = metadataFile(replica);
      assertThat(t.maintenance().replicateTable().to(dr, "db.t").execute().copiedFiles()).isZero();
      assertThat(metadataFile(replica.refresh())).isEqualTo(before);
      t.maintenance().backupTable().to(backup).execute();
    }
    try (Floe dr = Floe.local(dir.resolve("dr"))) {
      // the clone's catalog is not open here: a record would make the replica's expiry refuse
      FloeTable replica = dr.loadTable("db.t");
      replica.maintenance().expireSnapshots().olderThan(Instant.now()).retainLast(1).execute();
      assertThat(rows(replica)).isEqualTo(model);
      dr.restoreTable("db.restored", backup).execute();
      FloeTable restored = dr.loadTable("db.restored");
      assertThat(restored.properties().keySet())
          .noneMatch(k -> k.startsWith(CloneTable.CLONES_PREFIX));
      assertThat(rows(restored)).isEqualTo(model);
    }
  }

  @Test
  void aCloneThatNamesItsSourcesFilesIsNotBackedUp() {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      FloeTable t = create(floe, new TreeMap<>());
      t.maintenance().cloneTable().to(floe, "db.c").execute();
      FloeTable c = floe.loadTable("db.c");
      assertThatThrownBy(
              () -> c.maintenance().backupTable().to(dir.resolve("b").toString()).execute())
          .isInstanceOf(io.floe.UnsupportedFeatureException.class)
          .hasMessageContaining("db.c")
          .hasMessageContaining("is outside the table's location");
    }
  }

  @Test
  void aCloneAsOfAnEarlierSnapshotHasItsRows() {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      TreeMap<Long, String> model = new TreeMap<>();
      FloeTable t = create(floe, model);
      long first = t.snapshots().iterator().next().snapshotId();
      CloneTable.Result r =
          t.maintenance().cloneTable().to(floe, "db.old").asOfSnapshot(first).execute();
      assertThat(r.snapshotId()).isEqualTo(first);
      FloeTable c = floe.loadTable("db.old");
      assertThat(rows(c)).isEqualTo(new TreeMap<>(model.headMap(100L)));
      assertThat(c.snapshots()).hasSize(1);

      // the source expires that snapshot; the clone's files stay
      t.maintenance().expireSnapshots().expireSnapshot(first).execute();
      t.maintenance().removeOrphanFiles().unsafeOlderThan(Instant.now().plusSeconds(5)).execute();
      assertThat(rows(c)).isEqualTo(new TreeMap<>(model.headMap(100L)));
      assertIntact(c);

      assertThatThrownBy(
              () -> t.maintenance().cloneTable().to(floe, "db.bad").asOfSnapshot(42).execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.t")
          .hasMessageContaining("snapshot 42");
      assertThatThrownBy(() -> t.maintenance().cloneTable().to(floe, "db.old").execute())
          .isInstanceOf(AlreadyExistsException.class)
          .hasMessageContaining("db.old");
    }
  }

  @Test
  void theSourceRefusesToDeleteFilesWhileARecordedCloneCannotBeLoaded() {
    TreeMap<Long, String> model = new TreeMap<>();
    String property;
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      FloeTable t = create(floe, model);
      CloneTable.Result r = t.maintenance().cloneTable().to(floe, "db.c").execute();
      String local = CloneTable.CLONES_PREFIX + r.cloneUuid();

      // purging the source would delete the clone's files; purging the clone the source's
      assertThatThrownBy(() -> floe.purgeTable("db.t"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.t")
          .hasMessageContaining("db.c")
          .hasMessageContaining(local);
      assertThatThrownBy(() -> floe.purgeTable("db.c"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.c");
      assertThat(rows(t)).isEqualTo(model);

      // dropping a clone takes its record off the source
      assertThat(floe.dropTable("db.c")).isTrue();
      assertThat(t.refresh().properties()).doesNotContainKey(local);

      // a clone in a catalog that is not open in this process cannot be checked
      try (Floe other = Floe.local(dir.resolve("other"))) {
        other.createNamespace("db");
        CloneTable.Result away = t.maintenance().cloneTable().to(other, "db.away").execute();
        property = CloneTable.CLONES_PREFIX + away.cloneUuid();
      }
      delete(t, model, 4, WriteMode.COPY_ON_WRITE);
      assertThatThrownBy(() -> t.maintenance().expireSnapshots().olderThan(Instant.now()).execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("expire snapshots of table db.t")
          .hasMessageContaining("db.away")
          .hasMessageContaining(property);
      assertThat(t.refresh().snapshots()).hasSize(3); // nothing expired
      assertThatThrownBy(
              () ->
                  t.maintenance()
                      .removeOrphanFiles()
                      .unsafeOlderThan(Instant.now().plusSeconds(5))
                      .execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("remove orphan files of table db.t")
          .hasMessageContaining(property);
    }

    // with its catalog open again, the source's expiry keeps the clone's files
    try (Floe floe = Floe.local(dir.resolve("wh"));
        Floe other = Floe.local(dir.resolve("other"))) {
      FloeTable t = floe.loadTable("db.t");
      assertThat(
              t.maintenance()
                  .expireSnapshots()
                  .olderThan(Instant.now())
                  .execute()
                  .expiredSnapshots())
          .isEqualTo(2);
      assertThat(rows(t)).isEqualTo(model);
      FloeTable away = other.loadTable("db.away");
      assertThat(rows(away)).hasSize(200).containsEntry(4L, "x");
      assertIntact(away);
      // dropped while the source is open elsewhere in this process: the record goes too
      assertThat(other.dropTable("db.away")).isTrue();
      assertThat(t.refresh().properties()).doesNotContainKey(property);
      assertThat(floe.purgeTable("db.t")).isTrue();
    }
  }

  @Test
  void aCloneLocationInsideTheSourceIsRefusedBeforeAnythingIsWritten() throws Exception {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      FloeTable t = create(floe, new TreeMap<>());
      String inside = path(t.location()).resolve("clone").toString();
      assertThatThrownBy(
              () -> t.maintenance().cloneTable().to(floe, "db.c").location(inside).execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.t")
          .hasMessageContaining("overlaps");
      assertThat(floe.tableExists("db.c")).isFalse();
      assertThat(t.refresh().properties().keySet())
          .noneMatch(k -> k.startsWith(CloneTable.CLONES_PREFIX));
      try (Stream<Path> files = Files.walk(path(t.location()))) {
        assertThat(files).noneMatch(p -> p.startsWith(Path.of(inside)));
      }
    }
  }
}
