package io.floe.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.ValidationException;
import io.floe.WriteMode;
import io.floe.maintenance.BackupTable;
import io.floe.maintenance.RestoreTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Backup and restore on S3 (s3proxy, signatures checked): the copy goes through the table's S3 file
 * IO to another prefix, the original is purged, and a second catalog restores it with every
 * snapshot; a second backup copies nothing; an altered object stops the restore.
 */
class BackupIT {

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

  @Test
  void backupPurgeRestoreOnS3() {
    Map<String, String> storage = Backends.s3();
    String target = "s3://" + Backends.BUCKET + "/backup-" + UUID.randomUUID() + "/events";
    Map<Long, TreeSet<Long>> before;
    BackupTable.Result first;
    try (Floe floe = Floe.open(Backends.sqlite(storage))) {
      floe.createNamespace("db");
      FloeTable t =
          floe.createTable("db.events")
              .formatVersion(2)
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .partitionBy(p -> p.identity("kind"))
              .create();
      for (int a = 0; a < 2; a++) {
        var append = t.newAppend();
        for (long i = a * 100L; i < a * 100L + 100; i++) {
          append.row(Map.of("id", i, "kind", i % 2 == 0 ? "x" : "y"));
        }
        append.commit();
      }
      t.newDelete().where(Expressions.equal("id", 7L)).mode(WriteMode.MERGE_ON_READ).commit();
      before = history(t);
      // on S3 a prefix is not a folder: "events" and "events2" share one, and neither may hold
      // the other's backup; nor may the warehouse
      FloeTable other = floe.createTable("db.events2").column("id", Types.LongType.get()).create();
      String warehouse = t.location().substring(0, t.location().indexOf("/db/"));
      for (String refused :
          java.util.List.of(other.location(), other.location() + "/bak", warehouse + "/backups")) {
        assertThatThrownBy(() -> t.maintenance().backupTable().to(refused).execute())
            .as(refused)
            .isInstanceOf(ValidationException.class)
            .hasMessageContaining("Cannot back up table db.events to " + refused);
      }
      first = t.maintenance().backupTable().to(target).execute();
      assertThat(first.metadataLocation()).startsWith(target + "/metadata/");
      assertThat(first.snapshots()).isEqualTo(3);
      BackupTable.Result again = t.maintenance().backupTable().to(target).execute();
      assertThat(again.copiedFiles()).isZero();
      assertThat(again.skippedFiles()).isEqualTo(first.copiedFiles());
      assertThat(floe.purgeTable("db.events")).isTrue();
    }
    try (Floe floe = Floe.open(Backends.sqlite(storage))) {
      floe.createNamespace("db");
      RestoreTable.Result restored = floe.restoreTable("db.events", target).execute();
      assertThat(restored.checkedFiles()).isEqualTo(first.copiedFiles());
      FloeTable t = floe.loadTable("db.events");
      // a copy in the catalog's own prefix: the backup is only read
      assertThat(restored.location()).isEqualTo(t.location());
      assertThat(t.location())
          .startsWith("s3://" + Backends.BUCKET + "/wh-")
          .doesNotStartWith(target);
      assertThat(history(t)).isEqualTo(before);
      assertThat(t.maintenance().verifyTable().allSnapshots().execute().intact()).isTrue();
      floe.dropTable("db.events");

      // an object replaced with other bytes of the same size stops the restore, naming it
      String victim = first.metadataLocation();
      var io =
          org.apache.iceberg.CatalogUtil.loadFileIO(
              "org.apache.iceberg.aws.s3.S3FileIO", storage, null);
      try (io) {
        byte[] bytes;
        try (var in = io.newInputFile(victim).newStream()) {
          bytes = in.readAllBytes();
        }
        bytes[bytes.length - 2] = (byte) (bytes[bytes.length - 2] == ' ' ? '\t' : ' ');
        try (var out = io.newOutputFile(victim).createOrOverwrite()) {
          out.write(bytes);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThatThrownBy(() -> floe.restoreTable("db.events", target).execute())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(victim)
          .hasMessageContaining("CRC32C");
      assertThat(floe.tableExists("db.events")).isFalse();
    }
  }

  @Test
  void replicateFromSqliteOnS3ToPostgresOnAnotherPrefix() {
    Map<String, String> primaryStorage = Backends.s3();
    Map<String, String> drStorage = Backends.s3(); // another warehouse prefix
    try (Floe primary = Floe.open(Backends.sqlite(primaryStorage));
        Floe dr = Floe.open(Backends.postgres(drStorage))) {
      primary.createNamespace("db");
      FloeTable t =
          primary
              .createTable("db.events")
              .formatVersion(2)
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .partitionBy(p -> p.identity("kind"))
              .create();
      String replicaName = "db.events_" + UUID.randomUUID().toString().replace("-", "");
      for (int round = 0; round < 3; round++) {
        var append = t.newAppend();
        for (long i = round * 100L; i < round * 100L + 100; i++) {
          append.row(Map.of("id", i, "kind", i % 2 == 0 ? "x" : "y"));
        }
        append.commit();
        t.newDelete()
            .where(Expressions.equal("id", round * 100L + 7))
            .mode(WriteMode.MERGE_ON_READ)
            .commit();
        io.floe.maintenance.ReplicateTable.Result r =
            t.maintenance().replicateTable().to(dr, replicaName).execute();
        assertThat(r.created()).isEqualTo(round == 0);
        FloeTable replica = dr.loadTable(replicaName);
        assertThat(replica.location()).startsWith(drStorage.get("warehouse") + "/");
        assertThat(history(replica)).isEqualTo(history(t));
        if (round > 0) {
          assertThat(r.skippedFiles()).isPositive(); // the earlier rounds' files
        }
      }
      FloeTable replica = dr.loadTable(replicaName);
      assertThat(replica.maintenance().verifyTable().allSnapshots().execute().intact()).isTrue();
      dr.purgeTable(replicaName);
    }
  }
}
