package io.floe.impl.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local writes reach the disk before the catalog commit refers to them, unless switched off. */
class LocalFileIODurabilityTest {
  @TempDir Path tmp;

  private static LocalFileIO io(Map<String, String> props) {
    LocalFileIO io = new LocalFileIO();
    io.initialize(props);
    return io;
  }

  @Test
  void closingANewFileSyncsItItsFolderAndTheParentsOfCreatedFolders() throws IOException {
    LocalFileIO io = io(Map.of());
    long before = LocalFileIO.SYNCS.sum();
    Path file = tmp.resolve("a/b/c.bin");
    try (PositionOutputStream out = io.newOutputFile(file.toString()).create()) {
      out.write(new byte[] {1, 2, 3});
    }
    // the file, its folder b, and the parents of the created folders a and b (tmp and a)
    assertThat(LocalFileIO.SYNCS.sum() - before).isEqualTo(4);
    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);

    before = LocalFileIO.SYNCS.sum();
    try (PositionOutputStream out =
        io.newOutputFile(tmp.resolve("a/b/d.bin").toString()).create()) {
      out.write(4);
    }
    assertThat(LocalFileIO.SYNCS.sum() - before)
        .as("the file and its existing folder")
        .isEqualTo(2);
  }

  @Test
  void theSwitchTurnsSyncingOffAndRejectsValuesOtherThanTrueOrFalse() throws IOException {
    LocalFileIO io = io(Map.of(LocalFileIO.FSYNC, "false"));
    long before = LocalFileIO.SYNCS.sum();
    try (PositionOutputStream out = io.newOutputFile(tmp.resolve("x/y.bin").toString()).create()) {
      out.write(1);
    }
    assertThat(LocalFileIO.SYNCS.sum()).isEqualTo(before);
    assertThatThrownBy(() -> io(Map.of(LocalFileIO.FSYNC, "no")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(LocalFileIO.FSYNC)
        .hasMessageContaining("'no'");
  }

  @Test
  void anAppendThroughFloeLocalSyncsEveryFileItWritesBeforeTheCommit() {
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      FloeTable table = floe.createTable("db.t").column("id", Types.LongType.get()).create();
      long before = LocalFileIO.SYNCS.sum();
      table.newAppend().rows(List.of(Map.of("id", 1L), Map.of("id", 2L))).commit();
      // data file, manifest, manifest list, metadata file: each synced with its folder at least
      assertThat(LocalFileIO.SYNCS.sum() - before).isGreaterThanOrEqualTo(8);
      assertThat(table.newScan().count()).isEqualTo(2);
    }
  }

  @Test
  void manyWritersClosingAtOnceEachSyncTheirFileAndFoldersBeforeCloseReturns() throws Exception {
    LocalFileIO io = io(Map.of());
    int writers = 32; // more than the folder-sync threads: the rest sync their folders themselves
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(writers);
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
    long before = LocalFileIO.SYNCS.sum();
    try {
      List<java.util.concurrent.Future<Long>> closed = new java.util.ArrayList<>();
      for (int i = 0; i < writers; i++) {
        Path file = tmp.resolve("w" + i + "/f.bin");
        closed.add(
            pool.submit(
                () -> {
                  PositionOutputStream out = io.newOutputFile(file.toString()).create();
                  out.write(7);
                  start.await();
                  out.close();
                  return Files.size(file);
                }));
      }
      for (java.util.concurrent.Future<Long> size : closed) {
        assertThat(size.get()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    // each: the file, its new folder w<i>, and tmp (the parent of the created folder)
    assertThat(LocalFileIO.SYNCS.sum() - before).isEqualTo(3L * writers);
  }
}
