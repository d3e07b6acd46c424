package io.floe.impl.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import io.floe.maintenance.RepairTable;
import io.floe.maintenance.VerifyTable;
import io.floe.maintenance.VerifyTable.Kind;
import io.floe.maintenance.VerifyTable.Problem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maintenance().verifyTable()} on {@code Floe.local}: an intact table, then each kind of
 * damage done to its files on disk; every damage found (none missed), nothing else reported (none
 * invented).
 */
class VerifyTableTest {
  @TempDir Path dir;

  /** A partitioned v2 table: 3 appends of 2 partitions x 50 rows, then a merge-on-read delete. */
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
      var append = t.newAppend();
      for (long i = 0; i < 100; i++) {
        append.row(Map.of("id", a * 100L + i, "kind", i % 2 == 0 ? "x" : "y"));
      }
      append.commit();
    }
    t.newDelete().where(Expressions.equal("id", 3L)).mode(WriteMode.MERGE_ON_READ).commit();
    return t;
  }

  /** The live files: location -> content (0 data, 1 position deletes). */
  private static Map<String, Integer> files(FloeTable t) {
    Map<String, Integer> files = new HashMap<>();
    try (RowStream rows =
        t.metadataTable(MetadataTableType.FILES).select("file_path", "content").rows()) {
      for (Row r : rows) {
        files.put(r.get("file_path", String.class), r.get("content", Integer.class));
      }
    }
    return files;
  }

  private static Path path(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  private static List<String> found(VerifyTable.Result r) {
    return r.problems().stream()
        .map(p -> p.kind() + " " + p.location())
        .sorted()
        .collect(Collectors.toList());
  }

  @Test
  void anIntactTableHasNoProblemAtAnyLevel() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      VerifyTable.Result current = t.maintenance().verifyTable().execute();
      assertThat(current.intact()).as(current.problems().toString()).isTrue();
      assertThat(current.snapshots()).isEqualTo(1);
      assertThat(current.files()).isEqualTo(files(t).size()).isEqualTo(7);
      assertThat(current.repairs()).isEmpty();
      VerifyTable.Result all = t.maintenance().verifyTable().allSnapshots().deep().execute();
      assertThat(all.intact()).as(all.problems().toString()).isTrue();
      assertThat(all.snapshots()).isEqualTo(4);
      // 4 manifest lists, 3 data manifests, 1 delete manifest at least
      assertThat(all.manifests()).isGreaterThanOrEqualTo(8);
      assertThat(t.maintenance().verifyTable().metadataOnly().execute().intact()).isTrue();
    }
  }

  @Test
  void missingTruncatedAndCorruptFilesAreEachFound() throws Exception {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      List<String> data = new ArrayList<>();
      String deletes = null;
      for (Map.Entry<String, Integer> e : files(t).entrySet()) {
        if (e.getValue() == 0) {
          data.add(e.getKey());
        } else {
          deletes = e.getKey();
        }
      }
      data.sort(null);
      String missing = data.get(0);
      String truncated = data.get(1);
      String badFooter = data.get(2);
      String badPage = data.get(3);
      Files.delete(path(missing));
      try (RandomAccessFile f = new RandomAccessFile(path(truncated).toFile(), "rw")) {
        f.setLength(f.length() - 10);
      }
      corrupt(path(badFooter), -12, 4); // the footer's last bytes, size unchanged
      corrupt(path(badPage), 4, 200); // the first page's bytes, right after the magic

      VerifyTable.Result metadataOnly = t.maintenance().verifyTable().metadataOnly().execute();
      assertThat(found(metadataOnly))
          .containsExactlyInAnyOrder("MISSING_FILE " + missing, "WRONG_SIZE " + truncated);

      VerifyTable.Result footers = t.maintenance().verifyTable().execute();
      assertThat(found(footers))
          .containsExactlyInAnyOrder(
              "MISSING_FILE " + missing, "WRONG_SIZE " + truncated, "UNREADABLE_FILE " + badFooter);
      Problem gone =
          footers.problems().stream().filter(p -> p.kind() == Kind.MISSING_FILE).findFirst().get();
      assertThat(gone.content()).isEqualTo("data");
      assertThat(gone.rows()).isEqualTo(50);
      assertThat(gone.sinceSnapshotId()).isEqualTo(t.currentSnapshot().orElseThrow().snapshotId());
      assertThat(footers.repairs())
          .anyMatch(r -> r.startsWith("Restore the files listed"))
          .anyMatch(r -> r.startsWith("Drop the references to the 3 damaged data file(s)"));

      VerifyTable.Result deep = t.maintenance().verifyTable().deep().execute();
      assertThat(found(deep))
          .containsExactlyInAnyOrder(
              "MISSING_FILE " + missing,
              "WRONG_SIZE " + truncated,
              "UNREADABLE_FILE " + badFooter,
              "CORRUPT_DATA " + badPage);

      Files.delete(path(deletes));
      VerifyTable.Result withDeletes = t.maintenance().verifyTable().metadataOnly().execute();
      assertThat(withDeletes.problems())
          .anyMatch(
              p ->
                  p.location().equals(deletesOf(withDeletes))
                      && p.content().equals("position-deletes"));
      assertThat(withDeletes.repairs())
          .anyMatch(r -> r.startsWith("Do not drop a damaged delete file's reference"))
          .noneMatch(r -> r.startsWith("Drop the references"));
    }
  }

  private static String deletesOf(VerifyTable.Result r) {
    return r.problems().stream()
        .filter(p -> p.content().equals("position-deletes"))
        .map(Problem::location)
        .findFirst()
        .orElse("none");
  }

  @Test
  void metadataDamageAndAWrongRowCount() throws Exception {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      Table iceberg = Internals.icebergTable(t);
      // an entry that claims one row more than its file holds (a copy of a real file)
      DataFile some = null;
      for (var task : iceberg.newScan().planFiles()) {
        some = task.file();
        break;
      }
      Path copy = path(some.location()).resolveSibling("copy.parquet");
      Files.copy(path(some.location()), copy);
      iceberg
          .newFastAppend()
          .appendFile(
              DataFiles.builder(iceberg.spec())
                  .copy(some)
                  .withPath(copy.toString())
                  .withRecordCount(some.recordCount() + 1)
                  .build())
          .commit();
      t.refresh();
      VerifyTable.Result count = t.maintenance().verifyTable().execute();
      assertThat(found(count)).containsExactly("WRONG_ROW_COUNT " + copy);

      // the first snapshot's manifest list, a manifest of the current one, an old metadata file
      var snapshots = iceberg.snapshots().iterator();
      var first = snapshots.next();
      Files.delete(path(first.manifestListLocation()));
      String manifest = iceberg.currentSnapshot().allManifests(iceberg.io()).get(0).path();
      Files.delete(path(manifest));
      String oldMetadata =
          ((org.apache.iceberg.HasTableOperations) iceberg)
              .operations()
              .current()
              .previousFiles()
              .get(0)
              .file();
      Files.delete(path(oldMetadata));

      VerifyTable.Result current = t.maintenance().verifyTable().metadataOnly().execute();
      assertThat(found(current))
          .containsExactlyInAnyOrder(
              "MISSING_METADATA_FILE " + oldMetadata, "MISSING_MANIFEST " + manifest);
      VerifyTable.Result all =
          t.maintenance().verifyTable().allSnapshots().metadataOnly().execute();
      assertThat(found(all))
          .containsExactlyInAnyOrder(
              "MISSING_METADATA_FILE " + oldMetadata,
              "MISSING_MANIFEST_LIST " + first.manifestListLocation(),
              "MISSING_MANIFEST " + manifest);
      assertThat(all.repairs()).anyMatch(r -> r.startsWith("Restore the files listed"));
    }
  }

  @Test
  void theRollbackSuggestedLiesBeforeTheOldestSnapshotReferencingTheDamage() throws Exception {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      Table iceberg = Internals.icebergTable(t);
      List<org.apache.iceberg.Snapshot> snapshots = new ArrayList<>();
      iceberg.snapshots().forEach(snapshots::add);
      org.apache.iceberg.Snapshot second = snapshots.get(1);
      String added = second.addedDataFiles(iceberg.io()).iterator().next().location();
      Files.delete(path(added));

      VerifyTable.Result current = t.maintenance().verifyTable().metadataOnly().execute();
      assertThat(current.repairs())
          .anyMatch(r -> r.startsWith("To find a snapshot to roll back to"));
      VerifyTable.Result all =
          t.maintenance().verifyTable().allSnapshots().metadataOnly().execute();
      assertThat(all.problems())
          .singleElement()
          .extracting(Problem::sinceSnapshotId)
          .isEqualTo(second.snapshotId());
      assertThat(all.repairs())
          .anyMatch(
              r -> r.startsWith("Roll back to snapshot " + snapshots.get(0).snapshotId() + " "));
      // the suggested snapshot is intact indeed
      t.manageSnapshots().rollbackTo(snapshots.get(0).snapshotId()).commit();
      assertThat(t.maintenance().verifyTable().metadataOnly().execute().intact()).isTrue();
    }
  }

  @Test
  void repairDropsTheLostDataFilesAndRecordsWhatWasLost() throws Exception {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      // the two files of the third append (ids 200 to 299, no row of them deleted)
      Table iceberg = Internals.icebergTable(t);
      List<org.apache.iceberg.Snapshot> snapshots = new ArrayList<>();
      iceberg.snapshots().forEach(snapshots::add);
      List<String> data = new ArrayList<>();
      snapshots.get(2).addedDataFiles(iceberg.io()).forEach(f -> data.add(f.location()));
      data.sort(null);
      List<Long> expected = new ArrayList<>();
      t.newScan()
          .rows()
          .forEach(
              r -> {
                long id = r.get("id", Long.class);
                if (id < 200 || id >= 300) {
                  expected.add(id);
                }
              });
      Files.delete(path(data.get(0)));
      try (RandomAccessFile f = new RandomAccessFile(path(data.get(1)).toFile(), "rw")) {
        f.setLength(100);
      }
      long before = t.currentSnapshot().orElseThrow().snapshotId();

      RepairTable.Result preview = t.maintenance().repairTable().apply();
      assertThat(preview.locations()).containsExactly(data.get(0), data.get(1));
      assertThat(preview.lostRows()).isEqualTo(100);
      assertThat(preview.snapshotId()).isEqualTo(-1);
      assertThat(t.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before);

      RepairTable.Result done = t.maintenance().repairTable().commit();
      assertThat(done.locations()).containsExactly(data.get(0), data.get(1));
      var snapshot = t.refresh().currentSnapshot().orElseThrow();
      assertThat(snapshot.snapshotId()).isEqualTo(done.snapshotId()).isNotEqualTo(before);
      assertThat(snapshot.summary())
          .containsEntry(RepairTable.LOST_FILES, "2")
          .containsEntry(RepairTable.LOST_ROWS, "100");
      assertThat(t.maintenance().verifyTable().execute().intact()).isTrue();
      List<Long> after = new ArrayList<>();
      t.newScan().rows().forEach(r -> after.add(r.get("id", Long.class)));
      assertThat(after).containsExactlyInAnyOrderElementsOf(expected).hasSize(199);
      // history stays: the snapshot before the repair still lists the lost files
      assertThat(t.snapshot(before)).isPresent();
      // nothing left to repair: no commit
      assertThat(t.maintenance().repairTable().commit().snapshotId()).isEqualTo(-1);
    }
  }

  @Test
  void repairRefusesWhenADeleteFileIsDamaged() throws Exception {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      String deletes =
          files(t).entrySet().stream().filter(e -> e.getValue() == 1).findFirst().get().getKey();
      Files.delete(path(deletes));
      long before = t.currentSnapshot().orElseThrow().snapshotId();
      assertThatThrownBy(() -> t.maintenance().repairTable().commit())
          .isInstanceOf(io.floe.ValidationException.class)
          .hasMessageContaining("db.t")
          .hasMessageContaining(deletes)
          .hasMessageContaining("would bring deleted rows back");
      assertThat(t.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before);
    }
  }

  @Test
  void aCorruptCurrentMetadataFileIsReportedWithTheRepair() throws Exception {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      String metadata =
          ((org.apache.iceberg.HasTableOperations) Internals.icebergTable(t))
              .operations()
              .current()
              .metadataFileLocation();
      Files.writeString(path(metadata), "{\"format-version\": 2, \"truncated");
      VerifyTable.Result r = t.maintenance().verifyTable().execute();
      assertThat(found(r)).containsExactly("UNREADABLE_METADATA_FILE " + metadata);
      assertThat(r.problems().get(0).content()).isEqualTo("metadata");
      assertThat(r.repairs()).singleElement().asString().startsWith("Register the table again");
    }
  }

  @Test
  void randomDamageIsFoundExactly() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 4; round++) {
      Path wh = Files.createTempDirectory(dir, "round");
      try (Floe floe = Floe.local(wh)) {
        FloeTable t = create(floe);
        List<String> data =
            files(t).entrySet().stream()
                .filter(e -> e.getValue() == 0)
                .map(Map.Entry::getKey)
                .sorted()
                .collect(Collectors.toList());
        List<String> expected = new ArrayList<>();
        for (String f : data) {
          switch (random.nextInt(4)) {
            case 0 -> {
              Files.delete(path(f));
              expected.add("MISSING_FILE " + f);
            }
            case 1 -> {
              try (RandomAccessFile raf = new RandomAccessFile(path(f).toFile(), "rw")) {
                raf.setLength(1 + random.nextInt((int) raf.length() - 1));
              }
              expected.add("WRONG_SIZE " + f);
            }
            case 2 -> {
              corrupt(path(f), -8 - random.nextInt(4), 4);
              expected.add("UNREADABLE_FILE " + f);
            }
            default -> {}
          }
        }
        VerifyTable.Result r = t.maintenance().verifyTable().parallelism(3).execute();
        assertThat(found(r)).as("round %d", round).containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  @Test
  void badUse() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      assertThatThrownBy(() -> t.maintenance().verifyTable().ref("nope").execute())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("db.t")
          .hasMessageContaining("'nope'");
      assertThatThrownBy(() -> t.maintenance().verifyTable().deep().metadataOnly())
          .isInstanceOf(IllegalStateException.class);
      VerifyTable v = t.maintenance().verifyTable();
      v.execute();
      assertThatThrownBy(v::execute).isInstanceOf(IllegalStateException.class);
      assertThat(t.maintenance().verifyTable().ref("main").execute().intact()).isTrue();
    }
  }

  /** Overwrites {@code length} bytes at {@code offset} (from the end when negative) with noise. */
  private static void corrupt(Path file, long offset, int length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = offset < 0 ? f.length() + offset : offset;
      f.seek(at);
      byte[] old = new byte[length];
      f.readFully(old);
      for (int i = 0; i < length; i++) {
        old[i] = (byte) ~old[i];
      }
      f.seek(at);
      f.write(old);
    }
  }
}
