package io.floe.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.io.LocalFileIO;
import io.floe.impl.spi.Internals;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a commit's manifest work runs. */
class CommitFilesTest {
  @TempDir Path tmp;

  /** Local files that note which threads open manifests for reading. */
  public static final class ThreadNotingFileIO extends LocalFileIO {
    private static final long serialVersionUID = 1L;
    static final Set<String> MANIFEST_READERS = ConcurrentHashMap.newKeySet();

    @Override
    public InputFile newInputFile(String location) {
      note(location);
      return super.newInputFile(location);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
      note(location);
      return super.newInputFile(location, length);
    }

    private static void note(String location) {
      String name = location.substring(location.lastIndexOf('/') + 1);
      if (name.endsWith(".avro") && !name.startsWith("snap-")) {
        MANIFEST_READERS.add(Thread.currentThread().getName());
      }
    }
  }

  @Test
  void anAppendToATableOfManyManifestsMergesThemInTheCallingThread() {
    try (Floe floe =
        Floe.open(
            "t",
            Map.of(
                "type", "local",
                "warehouse", tmp.resolve("wh").toString(),
                "io-impl", ThreadNotingFileIO.class.getName(),
                "floe.cache.enabled", "false",
                "floe.local.fsync", "false"))) {
      FloeTable table =
          floe.createTable("db.t")
              .column("id", Types.LongType.get())
              .property(TableProperties.MANIFEST_MIN_MERGE_COUNT, "1000")
              .create();
      int manifests = CommitFiles.SMALL_TABLE_MANIFESTS + 4;
      for (long id = 0; id < manifests; id++) {
        table.newAppend().row(Map.of("id", id)).commit();
      }
      assertThat(
              Internals.icebergTable(table)
                  .currentSnapshot()
                  .allManifests(Internals.icebergTable(table).io()))
          .hasSize(manifests);
      // the next append merges every manifest into one: Iceberg runs the merge through Tasks on
      // its worker pool (a 10 ms poll per Tasks run) unless the commit runs it in this thread
      table.updateProperties().set(TableProperties.MANIFEST_MIN_MERGE_COUNT, "2").commit();
      ThreadNotingFileIO.MANIFEST_READERS.clear();

      table.newAppend().row(Map.of("id", -1L)).commit();

      assertThat(ThreadNotingFileIO.MANIFEST_READERS)
          .as("threads that read manifests during the merging append")
          .containsExactly(Thread.currentThread().getName());
      assertThat(
              Internals.icebergTable(table)
                  .currentSnapshot()
                  .allManifests(Internals.icebergTable(table).io()))
          .hasSize(1);
      assertThat(table.newScan().count()).isEqualTo(manifests + 1);
    }
  }
}
