package io.floe.impl.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.ValidationException;
import io.floe.WriteMode;
import io.floe.maintenance.ReplicateTable;
import io.floe.maintenance.VerifyTable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maintenance().replicateTable()} between two local warehouses: a replica is created with
 * every snapshot, later runs copy only what is new and commit it at once, a replica with commits of
 * its own or a table that is not a replica is never overwritten, and an interrupted run leaves the
 * replica as it was and resumes.
 */
class ReplicateTableTest {
  @TempDir Path dir;

  private static FloeTable create(Floe floe) {
    floe.createNamespace("db");
    FloeTable t =
        floe.createTable("db.t")
            .formatVersion(2)
            .column("id", Types.LongType.get())
            .column("kind", Types.StringType.get())
            .partitionBy(p -> p.identity("kind"))
            .create();
    append(t, 0, 100);
    append(t, 100, 100);
    t.newDelete().where(Expressions.equal("id", 3L)).mode(WriteMode.MERGE_ON_READ).commit();
    return t;
  }

  private static void append(FloeTable t, long from, int rows) {
    var append = t.newAppend();
    for (long i = from; i < from + rows; i++) {
      append.row(Map.of("id", i, "kind", i % 2 == 0 ? "x" : "y"));
    }
    append.commit();
  }

  private static Map<Long, TreeSet<Long>> history(FloeTable t) {
    Map<Long, TreeSet<Long>> history = new LinkedHashMap<>();
    for (Snapshot s : t.snapshots()) {
      TreeSet<Long> ids = new TreeSet<>();
      try (RowStream rows = t.newScan().asOfSnapshot(s.snapshotId()).select("id").rows()) {
        for (Row r : rows) {
          ids.add(r.get("id", Long.class));
        }
      }
      history.put(s.snapshotId(), ids);
    }
    return history;
  }

  private static Path path(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  @Test
  void aReplicaFollowsItsSourceCopyingOnlyWhatIsNew() {
    try (Floe primary = Floe.local(dir.resolve("primary"));
        Floe dr = Floe.local(dir.resolve("dr"))) {
      FloeTable t = create(primary);
      ReplicateTable.Result first = t.maintenance().replicateTable().to(dr, "db.t").execute();
      assertThat(first.created()).isTrue();
      assertThat(first.snapshotId()).isEqualTo(t.currentSnapshot().orElseThrow().snapshotId());
      FloeTable replica = dr.loadTable("db.t");
      assertThat(path(replica.location())).startsWith(dir.resolve("dr"));
      assertThat(history(replica)).isEqualTo(history(t));
      assertThat(replica.properties())
          .containsEntry(
              ReplicateTable.SOURCE_UUID,
              io.floe.impl.spi.Internals.icebergTable(t).uuid().toString())
          .containsEntry(ReplicateTable.SOURCE_SNAPSHOT, Long.toString(first.snapshotId()));

      // nothing new: nothing copied, nothing committed
      long before = replica.refresh().currentSnapshot().orElseThrow().snapshotId();
      ReplicateTable.Result idle = t.maintenance().replicateTable().to(dr, "db.t").execute();
      assertThat(idle.copiedFiles()).isZero();
      assertThat(idle.created()).isFalse();

      // one append: its data file, manifest(s), manifest list are copied, the rest is reused
      append(t, 1000, 10);
      t.newDelete().where(Expressions.equal("id", 1001L)).mode(WriteMode.MERGE_ON_READ).commit();
      ReplicateTable.Result second = t.maintenance().replicateTable().to(dr, "db.t").execute();
      assertThat(second.created()).isFalse();
      assertThat(second.skippedFiles()).isGreaterThan(second.copiedFiles());
      assertThat(second.copiedFiles()).isBetween(4L, 12L);
      replica = dr.loadTable("db.t");
      assertThat(replica.currentSnapshot().orElseThrow().snapshotId())
          .isNotEqualTo(before)
          .isEqualTo(t.currentSnapshot().orElseThrow().snapshotId());
      assertThat(history(replica)).isEqualTo(history(t));
      VerifyTable.Result verified =
          replica.maintenance().verifyTable().allSnapshots().deep().execute();
      assertThat(verified.intact()).as(verified.problems().toString()).isTrue();
      // every file the replica reads is its own
      try (RowStream rows =
          replica.metadataTable(MetadataTableType.ALL_DATA_FILES).select("file_path").rows()) {
        rows.forEach(
            r -> assertThat(path(r.get("file_path", String.class))).startsWith(dir.resolve("dr")));
      }
    }
  }

  @Test
  void aReplicaWithCommitsOfItsOwnOrATableThatIsNoReplicaIsNeverOverwritten() {
    try (Floe primary = Floe.local(dir.resolve("primary"));
        Floe dr = Floe.local(dir.resolve("dr"))) {
      FloeTable t = create(primary);
      t.maintenance().replicateTable().to(dr, "db.t").execute();
      FloeTable replica = dr.loadTable("db.t");
      append(replica, 5000, 1); // someone wrote to the replica
      Map<Long, TreeSet<Long>> replicaHistory = history(replica);
      append(t, 1000, 10);
      assertThatThrownBy(() -> t.maintenance().replicateTable().to(dr, "db.t").execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("commits of its own");
      assertThat(history(dr.loadTable("db.t"))).isEqualTo(replicaHistory);

      FloeTable other = dr.createTable("db.other").column("id", Types.LongType.get()).create();
      assertThatThrownBy(() -> t.maintenance().replicateTable().to(dr, "db.other").execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("not a replica");
      assertThat(other.refresh().currentSnapshot()).isEmpty();

      // a location that overlaps the source, or another table, is refused before any copy
      assertThatThrownBy(
              () ->
                  t.maintenance()
                      .replicateTable()
                      .to(dr, "db.new")
                      .location(t.location() + "/replica")
                      .execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("overlaps");
      assertThatThrownBy(
              () ->
                  t.maintenance()
                      .replicateTable()
                      .to(dr, "db.new")
                      .location(other.location())
                      .execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.other");
      assertThat(dr.tableExists("db.new")).isFalse();
    }
  }

  @Test
  void anInterruptedRunLeavesTheReplicaAsItWasAndTheNextOneResumes() throws Exception {
    try (Floe primary = Floe.local(dir.resolve("primary"));
        Floe dr = Floe.local(dir.resolve("dr"))) {
      FloeTable t = create(primary);
      t.maintenance().replicateTable().to(dr, "db.t").execute();
      Map<Long, TreeSet<Long>> replicated = history(dr.loadTable("db.t"));
      append(t, 1000, 10);
      append(t, 2000, 10);
      String lost;
      try (RowStream rows = t.metadataTable(MetadataTableType.FILES).select("file_path").rows()) {
        lost =
            rows.stream()
                .map(r -> r.get("file_path", String.class))
                .filter(f -> !Files.exists(path(f.replace(t.location(), "x"))))
                .sorted()
                .reduce((a, b) -> b)
                .orElseThrow();
      }
      Path aside = dir.resolve("aside.parquet");
      Files.move(path(lost), aside);
      assertThatThrownBy(() -> t.maintenance().replicateTable().to(dr, "db.t").execute())
          .isInstanceOf(FloeIOException.class)
          .hasMessageContaining(path(lost).getFileName().toString());
      assertThat(history(dr.loadTable("db.t"))).isEqualTo(replicated);

      Files.move(aside, path(lost));
      ReplicateTable.Result resumed = t.maintenance().replicateTable().to(dr, "db.t").execute();
      assertThat(history(dr.loadTable("db.t"))).isEqualTo(history(t));
      assertThat(resumed.skippedFiles()).isPositive();
    }
  }

  @Test
  void aFileSystemCatalogTargetIsRefusedBeforeAnythingIsCopied() throws Exception {
    io.floe.FloeConfig fs =
        io.floe.FloeConfig.builder("fs")
            .property("type", io.floe.FloeConfig.TYPE_FILESYSTEM)
            .property("warehouse", dir.resolve("fs").toString())
            .build();
    try (Floe primary = Floe.local(dir.resolve("primary"));
        Floe dr = Floe.open(fs)) {
      FloeTable t = create(primary);
      assertThatThrownBy(() -> t.maintenance().replicateTable().to(dr, "db.t").execute())
          .isInstanceOf(io.floe.UnsupportedFeatureException.class)
          .hasMessageContaining("cannot register");
      try (var files = Files.walk(dir.resolve("fs"))) {
        assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
      }
    }
  }

  @Test
  void aFileSystemCatalogTableThatOnlyCarriesTheReplicaPropertiesIsNotReplicatedInto() {
    io.floe.FloeConfig fs =
        io.floe.FloeConfig.builder("fs")
            .property("type", io.floe.FloeConfig.TYPE_FILESYSTEM)
            .property("warehouse", dir.resolve("fs").toString())
            .build();
    try (Floe primary = Floe.local(dir.resolve("primary"));
        Floe dr = Floe.open(fs)) {
      FloeTable t = create(primary);
      dr.createNamespace("db");
      dr.createTable("db.t")
          .formatVersion(2)
          .column("id", Types.LongType.get())
          .column("kind", Types.StringType.get())
          .property(
              ReplicateTable.SOURCE_UUID,
              io.floe.impl.spi.Internals.icebergTable(t).uuid().toString())
          .create();
      assertThatThrownBy(() -> t.maintenance().replicateTable().to(dr, "db.t").execute())
          .isInstanceOf(io.floe.UnsupportedFeatureException.class)
          .hasMessageContaining("db.t")
          .hasMessageContaining("does not take a whole metadata commit")
          .hasMessageContaining("replicate to a local, JDBC or Hive catalog");
      assertThat(dr.loadTable("db.t").snapshots()).isEmpty();
    }
  }
}
