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
      RestoreTable.Result restored = floe.restoreTable("db.t", target).execute();
      assertThat(restored.metadataLocation()).isEqualTo(backup.metadataLocation());
      assertThat(restored.snapshotId()).isEqualTo(current);
      assertThat(restored.checkedFiles()).isEqualTo(backup.copiedFiles());
      FloeTable t = floe.loadTable("db.t");
      assertThat(history(t)).isEqualTo(before);
      assertThat(ids(t, current)).hasSize(299).doesNotContain(3L);
      VerifyTable.Result verified = t.maintenance().verifyTable().allSnapshots().deep().execute();
      assertThat(verified.intact()).as(verified.problems().toString()).isTrue();
      assertThat(dataFiles(t)).allMatch(f -> path(f).startsWith(backups));
    }
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
      assertThat(restored.metadataLocation()).isEqualTo(second.metadataLocation());
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
      assertThat(old.metadataLocation()).isEqualTo(first.metadataLocation());
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
