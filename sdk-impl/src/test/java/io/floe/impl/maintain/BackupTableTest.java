package io.floe.impl.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.ValidationException;
import io.floe.WriteMode;
import io.floe.maintenance.BackupTable;
import io.floe.maintenance.RestoreTable;
import io.floe.maintenance.VerifyTable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maintenance().backupTable()} and {@code Floe.restoreTable} on {@code Floe.local}: a backup
 * survives the original's destruction with every snapshot, is incremental, is never left half
 * visible by an interruption, and a tampered file stops the restore.
 */
class BackupTableTest {
  @TempDir Path dir;
  @TempDir Path backups;

  /** A partitioned v2 table: 3 appends of 2 partitions x 50 rows, then a copy-on-write delete. */
  private static FloeTable create(Floe floe) {
    floe.createNamespace("db");
    FloeTable t =
        floe.createTable("db.t")
            .formatVersion(2)
            .column("id", Types.LongType.get())
            .column("kind", Types.StringType.get())
            .partitionBy(p -> p.identity("kind"))
            .create();
    for (int a = 0; a < 3; a++) {
      append(t, a * 100L, 100);
    }
    t.newDelete().where(Expressions.equal("id", 3L)).mode(WriteMode.COPY_ON_WRITE).commit();
    return t;
  }

  private static void append(FloeTable t, long from, int rows) {
    var append = t.newAppend();
    for (long i = from; i < from + rows; i++) {
      append.row(Map.of("id", i, "kind", i % 2 == 0 ? "x" : "y"));
    }
    append.commit();
  }

  private static TreeSet<Long> ids(FloeTable t, long snapshotId) {
    TreeSet<Long> ids = new TreeSet<>();
    try (RowStream rows = t.newScan().asOfSnapshot(snapshotId).select("id").rows()) {
      for (Row r : rows) {
        ids.add(r.get("id", Long.class));
      }
    }
    return ids;
  }

  /** Rows at every snapshot, oldest first. */
  private static Map<Long, TreeSet<Long>> history(FloeTable t) {
    Map<Long, TreeSet<Long>> history = new LinkedHashMap<>();
    for (Snapshot s : t.snapshots()) {
      history.put(s.snapshotId(), ids(t, s.snapshotId()));
    }
    return history;
  }

  private static Path path(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  private static List<Path> filesUnder(Path root, String suffix) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static List<String> dataFiles(FloeTable t) {
    List<String> files = new ArrayList<>();
    try (RowStream rows = t.metadataTable(MetadataTableType.FILES).select("file_path").rows()) {
      rows.forEach(r -> files.add(r.get("file_path", String.class)));
    }
    files.sort(null);
    return files;
  }

  @Test
  void aBackupRestoresEverySnapshotAfterTheOriginalIsGone() throws Exception {
    String target = backups.resolve("t").toString();
    Map<Long, TreeSet<Long>> before;
    long current;
    BackupTable.Result backup;
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      FloeTable t = create(floe);
      before = history(t);
      current = t.currentSnapshot().orElseThrow().snapshotId();
      String location = t.location();
      backup = t.maintenance().backupTable().to(target).execute();
      assertThat(backup.snapshots()).isEqualTo(4);
      assertThat(backup.snapshotId()).isEqualTo(current);
      assertThat(backup.skippedFiles()).isZero();
      assertThat(backup.copiedFiles()).isGreaterThan(10);
      assertThat(path(backup.metadataLocation())).exists().startsWith(backups);
      // self-contained: nothing in the backup's metadata names the original location
      String sourceRoot = path(location).toString();
      assertThat(Files.readString(path(backup.metadataLocation()))).doesNotContain(sourceRoot);
      // the original is untouched by the backup, then destroyed
      assertThat(floe.purgeTable("db.t")).isTrue();
      deleteRecursively(path(location));
      assertThat(path(location)).doesNotExist();
    }
    try (Floe floe = Floe.local(dir.resolve("other"))) {
      floe.createNamespace("db");
      Map<Path, Long> backupFiles = sizes(backups);
      RestoreTable.Result restored = floe.restoreTable("db.t", target).execute();
      assertThat(restored.backupMetadataLocation()).isEqualTo(backup.metadataLocation());
      assertThat(restored.snapshotId()).isEqualTo(current);
      assertThat(restored.checkedFiles()).isEqualTo(backup.copiedFiles());
      FloeTable t = floe.loadTable("db.t");
      assertThat(history(t)).isEqualTo(before);
      assertThat(ids(t, current)).hasSize(299).doesNotContain(3L);
      VerifyTable.Result verified = t.maintenance().verifyTable().allSnapshots().deep().execute();
      assertThat(verified.intact()).as(verified.problems().toString()).isTrue();
      // the restored table lives in the catalog's own folder, not in the backup
      assertThat(restored.location()).isEqualTo(t.location());
      assertThat(path(t.location())).startsWith(dir.resolve("other"));
      assertThat(restored.metadataLocation()).startsWith(t.location());
      assertThat(dataFiles(t)).allMatch(f -> path(f).startsWith(dir.resolve("other")));
      assertThat(sizes(backups)).isEqualTo(backupFiles);
    }
  }

  @Test
  void theRestoredTablesMaintenanceNeverTouchesTheBackup() throws Exception {
    String target = backups.resolve("t").toString();
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      FloeTable t = create(floe);
      Map<Long, TreeSet<Long>> before = history(t);
      t.maintenance().backupTable().to(target).execute();
      Map<Path, Long> backupFiles = sizes(backups);
      floe.purgeTable("db.t");

      floe.restoreTable("db.t", target).execute();
      FloeTable restored = floe.loadTable("db.t");
      // the restored table's writes and maintenance: a new snapshot, expiry of all the old ones,
      // orphan removal of what they leave
      append(restored, 5000, 10);
      restored
          .maintenance()
          .expireSnapshots()
          .retainLast(1)
          .olderThan(java.time.Instant.now())
          .execute();
      restored
          .maintenance()
          .removeOrphanFiles()
          .unsafeOlderThan(java.time.Instant.now().plusSeconds(60))
          .execute();
      assertThat(ids(restored, restored.currentSnapshot().orElseThrow().snapshotId())).hasSize(309);
      // the backup is byte for byte what it was, and restores again with its whole history
      assertThat(sizes(backups)).isEqualTo(backupFiles);
      floe.restoreTable("db.again", target).execute();
      assertThat(history(floe.loadTable("db.again"))).isEqualTo(before);
    }
  }

  @Test
  void aBackupLocationThatATableOrCatalogOwnsIsRefusedWithNothingWritten() throws Exception {
    Path wh = dir.resolve("wh");
    try (Floe floe = Floe.local(wh)) {
      FloeTable t = create(floe);
      FloeTable t2 =
          floe.createTable("db.t2") // its folder shares the prefix "db/t"
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .create();
      append(t2, 0, 5);
      Path elsewhere = dir.resolve("elsewhere");
      FloeTable u =
          floe.createTable("db.u")
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .property("write.data.path", elsewhere.resolve("data").toString())
              .create();
      append(u, 0, 5);
      Map<Path, Long> before = sizes(dir);
      Map<String, String> refused = new LinkedHashMap<>();
      refused.put(t2.location(), "overlaps the folder");
      refused.put(t2.location() + "/backup", "overlaps the folder");
      refused.put(elsewhere.toString(), "overlaps the folder");
      refused.put(wh.toString(), "overlap"); // it holds the table itself
      refused.put(wh.resolve("backups").toString(), "lies in the warehouse root");
      refused.put(dir.toString(), "overlap");
      for (Map.Entry<String, String> e : refused.entrySet()) {
        assertThatThrownBy(() -> t.maintenance().backupTable().to(e.getKey()).execute())
            .as(e.getKey())
            .isInstanceOf(ValidationException.class)
            .hasMessageContaining("db.t")
            .hasMessageContaining(e.getValue());
      }
      assertThat(sizes(dir)).isEqualTo(before);
      // a sibling folder whose name shares the warehouse's prefix is outside it
      BackupTable.Result ok =
          t.maintenance().backupTable().to(dir.resolve("wh-backups").toString()).execute();
      assertThat(path(ok.metadataLocation())).startsWith(dir.resolve("wh-backups"));
    }
  }

  @Test
  void aRestoreLocationThatOverlapsTheBackupOrATableIsRefused() throws Exception {
    String target = backups.resolve("t").toString();
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      t.maintenance().backupTable().to(target).execute();
      Map<Path, Long> backupFiles = sizes(backups);
      assertThatThrownBy(() -> floe.restoreTable("db.r", target).location(target).execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("overlaps the backup");
      assertThatThrownBy(
              () -> floe.restoreTable("db.r", target).location(backups.toString()).execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("overlaps the backup");
      assertThatThrownBy(
              () -> floe.restoreTable("db.r", target).location(t.location() + "/r").execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.t");
      assertThat(floe.tableExists("db.r")).isFalse();
      assertThat(sizes(backups)).isEqualTo(backupFiles);
      // an explicit location of its own works
      Path own = dir.resolve("restored-r");
      RestoreTable.Result r = floe.restoreTable("db.r", target).location(own.toString()).execute();
      assertThat(path(r.location())).isEqualTo(own);
      assertThat(history(floe.loadTable("db.r"))).isEqualTo(history(t));
    }
  }

  @Test
  void aRestoreAsOfASnapshotOrATimeGetsThatSnapshotsRowsAndKeepsTheLaterOnes() throws Exception {
    String target = backups.resolve("t").toString();
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      List<Snapshot> snapshots = new ArrayList<>();
      t.snapshots().forEach(snapshots::add);
      Map<Long, TreeSet<Long>> before = history(t);
      t.maintenance().backupTable().to(target).execute();
      Snapshot second = snapshots.get(1);

      RestoreTable.Result bySnapshot =
          floe.restoreTable("db.s", target).asOfSnapshot(second.snapshotId()).execute();
      assertThat(bySnapshot.snapshotId()).isEqualTo(second.snapshotId());
      FloeTable s = floe.loadTable("db.s");
      assertThat(s.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(second.snapshotId());
      assertThat(ids(s, second.snapshotId())).hasSize(200);
      try (RowStream rows = s.newScan().select("id").rows()) {
        assertThat(rows.stream().count()).isEqualTo(200);
      }
      // the later snapshots stay reachable
      assertThat(history(s)).isEqualTo(before);

      // as of a time: the newest snapshot committed by then
      Snapshot third = snapshots.get(2);
      RestoreTable.Result byTime =
          floe.restoreTable("db.u", target)
              .asOfTime(java.time.Instant.ofEpochMilli(third.timestampMillis()))
              .execute();
      assertThat(byTime.snapshotId()).isEqualTo(third.snapshotId());
      assertThat(floe.loadTable("db.u").currentSnapshot().orElseThrow().snapshotId())
          .isEqualTo(third.snapshotId());

      // nothing there: named, and nothing registered
      assertThatThrownBy(() -> floe.restoreTable("db.v", target).asOfSnapshot(42L).execute())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("snapshot 42")
          .hasMessageContaining(Long.toString(second.snapshotId()));
      assertThatThrownBy(
              () ->
                  floe.restoreTable("db.v", target)
                      .asOfTime(
                          java.time.Instant.ofEpochMilli(snapshots.get(0).timestampMillis() - 1))
                      .execute())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("no snapshot of the main branch that old");
      assertThat(floe.tableExists("db.v")).isFalse();
    }
  }

  @Test
  void progressIsReportedPhaseByPhaseAndAFailingListenerBreaksNothing() {
    String target = backups.resolve("t").toString();
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      List<io.floe.events.ProgressListener.Progress> events =
          java.util.Collections.synchronizedList(new ArrayList<>());
      BackupTable.Result backup =
          t.maintenance().backupTable().to(target).progress(events::add).execute();
      assertThat(events).extracting(e -> e.phase()).containsSubsequence("copy", "rewrite");
      assertThat(events)
          .allMatch(e -> e.table().equals("db.t"))
          .allMatch(e -> e.operation().equals("backup-table"));
      for (String phase : List.of("copy", "rewrite")) {
        io.floe.events.ProgressListener.Progress last =
            events.stream().filter(e -> e.phase().equals(phase)).reduce((a, b) -> b).orElseThrow();
        assertThat(last.filesDone()).as(phase).isEqualTo(last.filesTotal()).isPositive();
        if (last.bytesTotal() >= 0) {
          assertThat(last.bytesDone()).as(phase).isEqualTo(last.bytesTotal());
        }
      }
      events.clear();
      floe.dropTable("db.t");
      int[] calls = {0};
      RestoreTable.Result restored =
          floe.restoreTable("db.t", target)
              .progress(
                  e -> {
                    calls[0]++;
                    events.add(e);
                    throw new IllegalStateException("a broken progress bar");
                  })
              .execute();
      assertThat(calls[0]).isOne(); // not called again after it threw
      assertThat(events.get(0).phase()).isEqualTo("check");
      assertThat(events.get(0).filesTotal()).isEqualTo(backup.copiedFiles());
      assertThat(restored.snapshotId()).isEqualTo(backup.snapshotId());
    }
  }

  /** Every regular file under a folder with its size. */
  private static Map<Path, Long> sizes(Path root) throws IOException {
    Map<Path, Long> sizes = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        sizes.put(f, Files.size(f));
      }
    }
    return sizes;
  }

  @Test
  void aSecondBackupCopiesOnlyTheNewFiles() throws Exception {
    String target = backups.resolve("t").toString();
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      BackupTable.Result first = t.maintenance().backupTable().to(target).execute();
      BackupTable.Result again = t.maintenance().backupTable().to(target).execute();
      // nothing changed: everything is there, nothing is copied
      assertThat(again.copiedFiles()).isZero();
      assertThat(again.skippedFiles()).isEqualTo(first.copiedFiles());
      assertThat(again.metadataLocation()).isEqualTo(first.metadataLocation());

      append(t, 1000, 1); // one data file, one manifest, one manifest list, one metadata file
      String newFile =
          dataFiles(t).stream()
              .filter(f -> !Files.exists(path(f.replace(t.location(), target))))
              .findFirst()
              .orElseThrow();
      long newFileSize = Files.size(path(newFile));
      BackupTable.Result second = t.maintenance().backupTable().to(target).execute();
      assertThat(second.copiedFiles()).isEqualTo(4);
      // every file of the first backup but its metadata file is reused
      assertThat(second.skippedFiles()).isEqualTo(first.copiedFiles() - 1);
      assertThat(second.copiedBytes()).isGreaterThan(newFileSize);
      assertThat(second.metadataLocation()).isNotEqualTo(first.metadataLocation());
      assertThat(filesUnder(backups, BackupTable.MANIFEST_SUFFIX)).hasSize(2);

      Map<Long, TreeSet<Long>> before = history(t);
      floe.dropTable("db.t");
      RestoreTable.Result restored = floe.restoreTable("db.copy", target).execute();
      assertThat(restored.backupMetadataLocation()).isEqualTo(second.metadataLocation());
      assertThat(history(floe.loadTable("db.copy"))).isEqualTo(before);
    }
  }

  @Test
  void anInterruptedBackupLeavesNoMetadataAndTheNextOneCompletesIt() throws Exception {
    String target = backups.resolve("t").toString();
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      // every snapshot's files: 7 (the copy-on-write delete replaced one of the 6)
      List<Path> data = filesUnder(path(t.location()), ".parquet");
      assertThat(data).hasSize(7);
      Path lost = data.get(data.size() / 2);
      Path aside = dir.resolve("aside.parquet");
      Files.move(lost, aside);
      assertThatThrownBy(() -> t.maintenance().backupTable().to(target).execute())
          .isInstanceOf(FloeIOException.class)
          .hasMessageContaining(lost.getFileName().toString());
      // the other files were copied, but no metadata file references them (or the missing one)
      assertThat(filesUnder(backups, ".parquet")).hasSize(data.size() - 1);
      assertThat(filesUnder(backups, ".metadata.json")).isEmpty();
      assertThat(filesUnder(backups, BackupTable.MANIFEST_SUFFIX)).isEmpty();
      assertThatThrownBy(() -> floe.restoreTable("db.r", target).execute())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining(target)
          .hasMessageContaining("no complete backup");
      assertThat(floe.tableExists("db.r")).isFalse();

      Files.move(aside, lost);
      BackupTable.Result resumed = t.maintenance().backupTable().to(target).execute();
      // the data files copied before the failure are not copied again
      assertThat(resumed.skippedFiles()).isEqualTo(data.size() - 1);
      assertThat(resumed.copiedFiles()).isGreaterThan(1);
      Map<Long, TreeSet<Long>> before = history(t);
      RestoreTable.Result restored = floe.restoreTable("db.r", target).execute();
      assertThat(history(floe.loadTable("db.r"))).isEqualTo(before);
      assertThat(restored.checkedFiles()).isEqualTo(resumed.copiedFiles() + resumed.skippedFiles());
    }
  }

  @Test
  void aBackupInterruptedWhileRewritingDeleteFilesResumes() throws Exception {
    String target = backups.resolve("t").toString();
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      BackupTable.Result first = t.maintenance().backupTable().to(target).execute();
      Map<Long, TreeSet<Long>> firstHistory = history(t);
      append(t, 1000, 10);
      t.newDelete().where(Expressions.equal("id", 1001L)).mode(WriteMode.MERGE_ON_READ).commit();
      String deletes;
      try (RowStream rows = t.metadataTable(MetadataTableType.DELETE_FILES).rows()) {
        deletes = rows.iterator().next().get("file_path", String.class);
      }
      Path aside = dir.resolve("aside.parquet");
      Files.move(path(deletes), aside);
      // the new data file is copied, then rewriting the position deletes fails
      assertThatThrownBy(() -> t.maintenance().backupTable().to(target).execute())
          .isInstanceOf(io.floe.FloeException.class)
          .hasMessageContaining(path(deletes).getFileName().toString());
      assertThat(filesUnder(backups, ".metadata.json")).hasSize(1);
      assertThat(filesUnder(backups, BackupTable.MANIFEST_SUFFIX)).hasSize(1);
      // meanwhile the first backup still restores as it was
      RestoreTable.Result old = floe.restoreTable("db.old", target).execute();
      assertThat(old.backupMetadataLocation()).isEqualTo(first.metadataLocation());
      assertThat(history(floe.loadTable("db.old"))).isEqualTo(firstHistory);
      floe.dropTable("db.old");

      Files.move(aside, path(deletes));
      BackupTable.Result resumed = t.maintenance().backupTable().to(target).execute();
      // reused: the first backup's files but its metadata file, and the 2 data files (one per
      // partition) the interrupted run copied; written: the delete file, the new manifests,
      // manifest lists and metadata file
      assertThat(resumed.skippedFiles()).isEqualTo(first.copiedFiles() - 1 + 2);
      assertThat(resumed.copiedFiles()).isGreaterThanOrEqualTo(1 + 2 + 2 + 1);
      Map<Long, TreeSet<Long>> before = history(t);
      floe.restoreTable("db.r", target).execute();
      assertThat(history(floe.loadTable("db.r"))).isEqualTo(before);
    }
  }

  @Test
  void aTamperedBackupFileFailsTheRestoreNamingIt() throws Exception {
    String target = backups.resolve("t").toString();
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      t.maintenance().backupTable().to(target).execute();
      floe.dropTable("db.t");
      Path victim = filesUnder(backups, ".parquet").get(0);
      long size = Files.size(victim);
      try (RandomAccessFile file = new RandomAccessFile(victim.toFile(), "rw")) {
        file.seek(size / 2);
        int b = file.read();
        file.seek(size / 2);
        file.write(b ^ 0xFF);
      }
      assertThat(Files.size(victim)).isEqualTo(size);
      assertThatThrownBy(() -> floe.restoreTable("db.t", target).execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(victim.getFileName().toString())
          .hasMessageContaining("CRC32C")
          .hasMessageContaining("nothing was registered");
      assertThat(floe.tableExists("db.t")).isFalse();

      // a truncated metadata file is named too
      try (RandomAccessFile file = new RandomAccessFile(victim.toFile(), "rw")) {
        file.seek(size / 2);
        int b = file.read();
        file.seek(size / 2);
        file.write(b ^ 0xFF);
      }
      Path metadata = filesUnder(backups, ".metadata.json").get(0);
      Files.write(metadata, "{}".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> floe.restoreTable("db.t", target).execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("bytes, the backup recorded");
    }
  }

  @Test
  void positionDeletesOfFormatTwoAreRewrittenWithTheBackupsPaths() throws Exception {
    mergeOnReadDeletesSurvive(2);
  }

  @Test
  void deletionVectorsOfFormatThreeAreRewrittenWithTheBackupsPaths() throws Exception {
    mergeOnReadDeletesSurvive(3);
  }

  private void mergeOnReadDeletesSurvive(int formatVersion) throws Exception {
    String target = backups.resolve("t").toString();
    Map<Long, TreeSet<Long>> before;
    BackupTable.Result backup;
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      floe.createNamespace("db");
      FloeTable t =
          floe.createTable("db.t")
              .formatVersion(formatVersion)
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .partitionBy(p -> p.identity("kind"))
              .create();
      append(t, 0, 100);
      append(t, 100, 100);
      t.newDelete().where(Expressions.equal("id", 3L)).mode(WriteMode.MERGE_ON_READ).commit();
      t.newDelete().where(Expressions.in("id", 4L, 150L)).mode(WriteMode.MERGE_ON_READ).commit();
      before = history(t);
      String location = t.location();
      long deleteFiles;
      try (RowStream rows = t.metadataTable(MetadataTableType.DELETE_FILES).rows()) {
        deleteFiles = rows.stream().count();
      }
      assertThat(deleteFiles).isPositive();
      backup = t.maintenance().backupTable().to(target).execute();
      // a second backup reuses the rewritten delete files too
      BackupTable.Result again = t.maintenance().backupTable().to(target).execute();
      assertThat(again.copiedFiles()).isZero();
      floe.purgeTable("db.t");
      deleteRecursively(path(location));
    }
    // no file of the backup names the original location (delete files hold data-file paths)
    String sourceRoot = dir.resolve("wh").toString();
    for (Path file : filesUnder(backups, "")) {
      if (Files.isRegularFile(file)) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .as(file.toString())
            .doesNotContain(sourceRoot);
      }
    }
    try (Floe floe = Floe.local(dir.resolve("other"))) {
      floe.createNamespace("db");
      floe.restoreTable("db.t", target).execute();
      FloeTable t = floe.loadTable("db.t");
      assertThat(history(t)).isEqualTo(before);
      assertThat(ids(t, t.currentSnapshot().orElseThrow().snapshotId()))
          .hasSize(197)
          .doesNotContain(3L, 4L, 150L);
      VerifyTable.Result verified = t.maintenance().verifyTable().allSnapshots().deep().execute();
      assertThat(verified.intact()).as(verified.problems().toString()).isTrue();
    }
  }

  @Test
  void misuseFailsClearly() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      assertThatThrownBy(() -> t.maintenance().backupTable().execute())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("to(location)");
      assertThatThrownBy(() -> t.maintenance().backupTable().to(t.location() + "/backup").execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("overlap");
      BackupTable once = t.maintenance().backupTable().to(backups.toString());
      once.execute();
      assertThatThrownBy(once::execute).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> floe.restoreTable("db.t", backups.toString()).execute())
          .isInstanceOf(io.floe.AlreadyExistsException.class)
          .hasMessageContaining("db.t");
      assertThatThrownBy(
              () -> floe.restoreTable("db.r", dir.resolve("nothing").toString()).execute())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("no complete backup");
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
