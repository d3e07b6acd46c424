package io.floe.impl.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.events.ProgressListener.Progress;
import io.floe.maintenance.ExpireSnapshots;
import io.floe.maintenance.RemoveOrphanFiles;
import io.floe.maintenance.RewriteDataFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction, snapshot expiry and orphan-file removal report their progress file by file: the last
 * report of each has every file of its phase done, and the totals match the result.
 */
class MaintenanceProgressTest {
  @TempDir Path dir;

  private static void check(List<Progress> seen, String operation, String phase, long files) {
    assertThat(seen).isNotEmpty().allMatch(p -> p.operation().equals(operation));
    assertThat(seen).allMatch(p -> p.table().equals("db.t") && p.phase().equals(phase));
    assertThat(seen).allMatch(p -> p.filesTotal() == files && p.filesDone() <= files);
    // one report when the phase starts, then one per file, in order
    assertThat(seen).hasSize((int) files + 1);
    for (int i = 0; i < seen.size(); i++) {
      assertThat(seen.get(i).filesDone()).isEqualTo(i);
    }
    Progress last = seen.get(seen.size() - 1);
    assertThat(last.bytesDone()).isEqualTo(last.bytesTotal()).isPositive();
  }

  @Test
  void compactionExpiryAndOrphanRemovalReportEachFile() throws Exception {
    try (Floe floe = Floe.local(dir.resolve("wh"))) {
      floe.createNamespace("db");
      FloeTable t = floe.createTable("db.t").column("id", Types.LongType.get()).create();
      for (long i = 0; i < 5; i++) {
        t.newAppend().row(Map.of("id", i)).commit();
      }

      List<Progress> rewrite = new ArrayList<>();
      RewriteDataFiles.Result compacted =
          t.maintenance().rewriteDataFiles().rewriteAll().progress(rewrite::add).execute();
      assertThat(compacted.rewrittenDataFiles()).isEqualTo(5);
      check(rewrite, "rewrite-data-files", "rewrite", 5);
      assertThat(rewrite.get(rewrite.size() - 1).bytesTotal())
          .isEqualTo(compacted.rewrittenBytes());

      List<Progress> expire = new ArrayList<>();
      ExpireSnapshots.Result expired =
          t.refresh()
              .maintenance()
              .expireSnapshots()
              .olderThan(Instant.now())
              .retainLast(1)
              .progress(expire::add)
              .execute();
      long deleted =
          expired.deletedDataFiles() + expired.deletedManifests() + expired.deletedManifestLists();
      assertThat(expired.deletedDataFiles()).isEqualTo(5);
      check(expire, "expire-snapshots", "delete", deleted);

      Path stray =
          t.location().startsWith("file:")
              ? Path.of(URI.create(t.location() + "/data/stray.parquet"))
              : Path.of(t.location(), "data", "stray.parquet");
      Files.createDirectories(stray.getParent());
      Files.write(stray, new byte[] {1, 2, 3});
      List<Progress> orphans = new ArrayList<>();
      RemoveOrphanFiles.Result removed =
          t.maintenance()
              .removeOrphanFiles()
              .unsafeOlderThan(Instant.now().plusSeconds(5))
              .progress(orphans::add)
              .execute();
      assertThat(removed.deletedFiles()).isEqualTo(1);
      check(orphans, "remove-orphan-files", "delete", 1);
      assertThat(orphans.get(1).bytesDone()).isEqualTo(3);

      // a dry run deletes nothing and reports nothing
      List<Progress> dry = new ArrayList<>();
      t.maintenance()
          .removeOrphanFiles()
          .unsafeOlderThan(Instant.now().plusSeconds(5))
          .dryRun()
          .progress(dry::add)
          .execute();
      assertThat(dry).isEmpty();
    }
  }
}
