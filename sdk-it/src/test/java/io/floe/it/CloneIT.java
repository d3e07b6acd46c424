package io.floe.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.ValidationException;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import io.floe.maintenance.CloneTable;
import io.floe.maintenance.RemoveOrphanFiles;
import io.floe.maintenance.VerifyTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Clones on S3 (s3proxy, signatures checked) where a prefix is not a folder: the source {@code
 * db.t1}, its neighbour {@code db.t10} and a clone {@code db.t} in one catalog share the raw key
 * prefix {@code .../db/t}, and a second clone lives in another catalog whose warehouse shares the
 * first's prefix ({@code wh-x} and {@code wh-x2}). Both clones and the source take writes, the
 * source compacts, and the expiry and orphan removal of each keep every file a retained snapshot of
 * any of them references, delete their own orphans only, and leave the neighbour alone.
 */
class CloneIT {

  private static void append(FloeTable t, TreeMap<Long, String> model, long from, int rows) {
    var append = t.newAppend();
    for (long i = from; i < from + rows; i++) {
      String kind = i % 2 == 0 ? "x" : "y";
      append.row(Map.of("id", i, "kind", kind));
      model.put(i, kind);
    }
    append.commit();
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

  /**
   * Every file the table's metadata needs: its current metadata file and, for each snapshot it
   * keeps, the manifest list, the manifests and their live data and delete files.
   */
  private static TreeSet<String> referenced(FloeTable t) {
    Table table = Internals.icebergTable(t.refresh());
    TreeSet<String> out = new TreeSet<>();
    out.add(((HasTableOperations) table).operations().current().metadataFileLocation());
    for (Snapshot s : table.snapshots()) {
      out.add(s.manifestListLocation());
      for (ManifestFile m : s.allManifests(table.io())) {
        out.add(m.path());
        try (ManifestReader<? extends ContentFile<?>> r =
            m.content() == ManifestContent.DATA
                ? ManifestFiles.read(m, table.io(), table.specs())
                : ManifestFiles.readDeleteManifest(m, table.io(), table.specs())) {
          r.forEach(f -> out.add(f.location()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  /** Every object under a folder (listed with a prefix ending in '/'), with its size. */
  private static TreeMap<String, Long> objects(FileIO io, String folder) {
    TreeMap<String, Long> out = new TreeMap<>();
    for (FileInfo f : ((SupportsPrefixOperations) io).listPrefix(folder + "/")) {
      out.put(f.location(), f.size());
    }
    return out;
  }

  private static void put(FileIO io, String location) {
    try (PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write("not referenced".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RemoveOrphanFiles.Result expireAndRemoveOrphans(FloeTable t) {
    t.refresh().maintenance().expireSnapshots().olderThan(Instant.now()).retainLast(2).execute();
    return t.refresh()
        .maintenance()
        .removeOrphanFiles()
        .unsafeOlderThan(Instant.now().plusSeconds(5))
        .execute();
  }

  private static void assertReadable(FileIO io, FloeTable t, TreeMap<Long, String> model) {
    assertThat(rows(t)).as(t.name()).isEqualTo(model);
    TreeSet<String> missing = new TreeSet<>();
    for (String file : referenced(t)) {
      if (!io.newInputFile(file).exists()) {
        missing.add(file);
      }
    }
    assertThat(missing).as(t.name() + ": referenced files deleted").isEmpty();
    VerifyTable.Result verified = t.maintenance().verifyTable().allSnapshots().execute();
    assertThat(verified.intact()).as(t.name() + ": " + verified.problems()).isTrue();
  }

  @Test
  void clonesAndTheirSourceOnS3KeepEachOthersFilesAndLeaveTablesOfTheSamePrefixAlone() {
    Map<String, String> storage = Backends.s3();
    Map<String, String> storage2 = new HashMap<>(storage);
    storage2.put("warehouse", storage.get("warehouse") + "2"); // wh-x and wh-x2
    FileIO io =
        org.apache.iceberg.CatalogUtil.loadFileIO(
            "org.apache.iceberg.aws.s3.S3FileIO", storage, null);
    try (io;
        Floe floe = Floe.open(Backends.sqlite(storage));
        Floe other = Floe.open(Backends.postgres(storage2))) {
      floe.createNamespace("db");
      other.createNamespace("db");
      TreeMap<Long, String> source = new TreeMap<>();
      FloeTable t =
          floe.createTable("db.t1")
              .formatVersion(2)
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .partitionBy(p -> p.identity("kind"))
              .create();
      append(t, source, 0, 100);
      append(t, source, 100, 100);
      TreeMap<Long, String> neighbourRows = new TreeMap<>();
      FloeTable neighbour =
          floe.createTable("db.t10")
              .formatVersion(2)
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .create();
      append(neighbour, neighbourRows, 0, 10);
      append(neighbour, neighbourRows, 10, 10);
      // an old file the neighbour does not reference: an orphan of the neighbour's, nobody else's
      String neighbourStray = neighbour.location() + "/data/stray.parquet";
      put(io, neighbourStray);
      TreeMap<String, Long> neighbourObjects = objects(io, neighbour.location());

      CloneTable.Result r = t.maintenance().cloneTable().to(floe, "db.t").execute();
      CloneTable.Result r2 = t.refresh().maintenance().cloneTable().to(other, "db.t1").execute();
      FloeTable c = floe.loadTable("db.t");
      FloeTable c2 = other.loadTable("db.t1");
      TreeMap<Long, String> clone = new TreeMap<>(source);
      TreeMap<Long, String> clone2 = new TreeMap<>(source);
      // the clone's location is a raw key prefix of both the source's and the neighbour's
      assertThat(t.location()).startsWith(c.location()).isNotEqualTo(c.location());
      assertThat(neighbour.location()).startsWith(t.location()).startsWith(c.location());
      assertThat(c2.location()).startsWith(storage2.get("warehouse") + "/");
      assertThat(r.location()).isEqualTo(c.location());
      assertThat(r2.location()).isEqualTo(c2.location());
      assertThat(rows(c)).isEqualTo(clone);
      assertThat(rows(c2)).isEqualTo(clone2);

      // all three take writes; the source's delete and compaction leave its first files to the
      // clones alone
      append(t, source, 1000, 50);
      append(c, clone, 2000, 50);
      append(c2, clone2, 3000, 50);
      t.newDelete().where(Expressions.equal("id", 4L)).mode(WriteMode.COPY_ON_WRITE).commit();
      source.remove(4L);
      c.newDelete().where(Expressions.equal("id", 11L)).mode(WriteMode.MERGE_ON_READ).commit();
      clone.remove(11L);
      t.refresh().maintenance().rewriteDataFiles().rewriteAll().applyDeletes().execute();
      TreeSet<String> cloneReads = referenced(c);
      TreeSet<String> shared = new TreeSet<>(cloneReads);
      shared.removeIf(f -> !f.startsWith(t.location() + "/"));
      assertThat(shared).as("files of the source the clone reads").isNotEmpty();

      // old orphans of the source and of the first clone
      String sourceStray = t.location() + "/data/stray.parquet";
      String cloneStray = c.location() + "/data/stray.parquet";
      put(io, sourceStray);
      put(io, cloneStray);

      RemoveOrphanFiles.Result fromSource = expireAndRemoveOrphans(t);
      RemoveOrphanFiles.Result fromClone = expireAndRemoveOrphans(c);
      RemoveOrphanFiles.Result fromClone2 = expireAndRemoveOrphans(c2);
      RemoveOrphanFiles.Result again = expireAndRemoveOrphans(t);

      assertThat(fromSource.orphanFiles()).containsExactly(sourceStray);
      assertThat(fromClone.orphanFiles()).containsExactly(cloneStray);
      assertThat(fromClone2.orphanFiles()).isEmpty();
      assertThat(again.orphanFiles()).isEmpty();
      assertThat(io.newInputFile(sourceStray).exists()).isFalse();
      assertThat(io.newInputFile(cloneStray).exists()).isFalse();

      assertReadable(io, t, source);
      assertReadable(io, c, clone);
      assertReadable(io, c2, clone2);
      // the clone still reads files under the source's location that no snapshot the source kept
      // references (the first file with id 4, rewritten by the delete): kept for the clone
      TreeSet<String> keptForClone = new TreeSet<>(referenced(c));
      keptForClone.retainAll(shared);
      keptForClone.removeAll(referenced(t));
      assertThat(keptForClone).anyMatch(f -> f.endsWith(".parquet"));
      // the neighbour: every object, its stray file included, and its rows
      assertThat(objects(io, neighbour.location())).isEqualTo(neighbourObjects);
      assertThat(rows(neighbour)).isEqualTo(neighbourRows);

      // purging the source would delete the clones' files, purging a clone the source's
      assertThatThrownBy(() -> floe.purgeTable("db.t1"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.t1")
          .hasMessageContaining(CloneTable.CLONES_PREFIX);
      assertThatThrownBy(() -> floe.purgeTable("db.t"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.t");
      assertThatThrownBy(() -> other.purgeTable("db.t1"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.t1");
      assertReadable(io, t, source);
      assertReadable(io, c, clone);
      assertReadable(io, c2, clone2);

      // dropping the clones takes their records off the source, which may then be purged
      assertThat(floe.dropTable("db.t")).isTrue();
      assertThat(other.dropTable("db.t1")).isTrue();
      assertThat(t.refresh().properties().keySet())
          .noneMatch(k -> k.startsWith(CloneTable.CLONES_PREFIX));
      assertThat(floe.purgeTable("db.t1")).isTrue();
      assertThat(objects(io, neighbour.location())).isEqualTo(neighbourObjects);
      assertThat(rows(neighbour)).isEqualTo(neighbourRows);
    }
  }
}
