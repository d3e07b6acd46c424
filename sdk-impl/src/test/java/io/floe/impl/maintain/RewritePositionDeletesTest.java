package io.floe.impl.maintain;

import static io.floe.impl.EventTables.rows;
import static io.floe.impl.TestFloes.local;
import static io.floe.impl.TestTables.floeRows;
import static io.floe.impl.TestTables.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.WriteMode;
import io.floe.impl.EventTables;
import io.floe.impl.TestTables;
import io.floe.impl.spi.Internals;
import io.floe.maintenance.RewritePositionDeletes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.ContentFileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewritePositionDeletesTest {
  @TempDir Path tmp;

  private static FloeTable events(Floe floe, String name, int formatVersion) {
    return EventTables.events(floe, name).formatVersion(formatVersion).create();
  }

  private static DataFile file(FloeTable table, String category, long containingId) {
    for (DataFile file : TestTables.dataFiles(table)) {
      if (category.equals(file.partition().get(0, String.class))
          && TestTables.idsInFile(table, file).contains(containingId)) {
        return file;
      }
    }
    throw new AssertionError("no data file holds id " + containingId);
  }

  /** Commits one partition-scoped position-delete file with rows of several data files. */
  private static void deleteAcross(FloeTable table, Map<DataFile, Set<Long>> idsByFile) {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    DataFile first = idsByFile.keySet().iterator().next();
    PartitionSpec spec = iceberg.specs().get(first.specId());
    PositionDeleteWriter<Record> writer =
        new GenericFileWriterFactory.Builder(iceberg)
            .build()
            .newPositionDeleteWriter(
                OutputFileFactory.builderFor(iceberg, 2, System.nanoTime())
                    .build()
                    .newOutputFile(spec, first.partition()),
                spec,
                first.partition());
    PositionDelete<Record> delete = PositionDelete.create();
    List<DataFile> files = new ArrayList<>(idsByFile.keySet());
    files.sort((a, b) -> a.location().compareTo(b.location()));
    try (writer) {
      for (DataFile file : files) {
        List<Long> ids = TestTables.idsInFile(table, file);
        for (int pos = 0; pos < ids.size(); pos++) {
          if (idsByFile.get(file).contains(ids.get(pos))) {
            writer.write(delete.set(file.location(), pos));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    iceberg.newRowDelta().addDeletes(writer.toDeleteFile()).commit();
  }

  /** The live delete files of the current snapshot, from the table's planned tasks. */
  private static List<DeleteFile> liveDeletes(FloeTable table) {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    Map<String, DeleteFile> out = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        for (DeleteFile delete : task.deletes()) {
          out.put(delete.location() + "@" + delete.contentOffset(), delete);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(out.values());
  }

  /**
   * Deletes per data file: three small files for one, a file shared by two; one compact partition.
   */
  private static void scatteredDeletes(FloeTable table) {
    table.newAppend().rows(rows(0, 100)).commit();
    table.newAppend().rows(rows(100, 200)).commit();
    DataFile evenA = file(table, "even", 0);
    DataFile evenB = file(table, "even", 100);
    DataFile oddA = file(table, "odd", 1);
    TestTables.deletePositions(table, evenA, Set.of(0L));
    TestTables.deletePositions(table, evenA, Set.of(2L, 4L));
    TestTables.deletePositions(table, evenA, Set.of(6L));
    deleteAcross(table, Map.of(evenA, Set.of(8L, 2L), evenB, Set.of(100L, 102L)));
    TestTables.deletePositions(table, oddA, Set.of(1L, 3L));
  }

  @Test
  void compactsManySmallPositionDeleteFilesPerDataFileWithRowsUnchanged() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.posdeletes", 2);
      scatteredDeletes(table);
      List<Map<String, Object>> before = reference(table);
      assertThat(before).hasSize(200 - 9);
      assertThat(table.refresh().health().positionDeleteFiles()).isEqualTo(5);
      long snapshotBefore = table.currentSnapshot().orElseThrow().snapshotId();

      RewritePositionDeletes.Result result = table.maintenance().rewritePositionDeletes().execute();

      // only the "even" partition needed it: four delete files become one per data file
      assertThat(result.table()).isEqualTo("db.posdeletes");
      assertThat(result.partitions()).isEqualTo(1);
      assertThat(result.rewrittenDeleteFiles()).isEqualTo(4);
      assertThat(result.addedDeleteFiles()).isEqualTo(2);
      assertThat(result.rewrittenDeletes()).isEqualTo(1 + 2 + 1 + 4);
      assertThat(result.addedDeletes()).isEqualTo(7); // id 2 was deleted twice
      assertThat(result.rewrittenBytes()).isPositive();
      assertThat(result.addedBytes()).isPositive().isLessThan(result.rewrittenBytes());
      assertThat(result.attempts()).isEqualTo(1);

      assertThat(table.refresh().currentSnapshot().orElseThrow().operation())
          .isEqualTo(DataOperations.REPLACE);
      assertThat(table.health().positionDeleteFiles()).isEqualTo(3);
      assertThat(liveDeletes(table))
          .hasSize(3)
          .allSatisfy(d -> assertThat(ContentFileUtil.isFileScoped(d)).isTrue());
      assertThat(TestTables.dataFiles(table)).hasSize(4); // data files untouched
      assertThat(reference(table)).isEqualTo(before);
      assertThat(floeRows(table)).isEqualTo(before);
      // a replace commit changes no row: the changelog since the rewrite is empty
      try (CloseableIterable<Row> changes =
          table.newChangelogScan().fromSnapshotExclusive(snapshotBefore).rows()) {
        assertThat(changes).isEmpty();
      }

      RewritePositionDeletes.Result again = table.maintenance().rewritePositionDeletes().execute();
      assertThat(again.partitions()).isZero();
      assertThat(again.rewrittenDeleteFiles()).isZero();
      int snapshots = table.refresh().snapshots().size();

      RewritePositionDeletes.Result all =
          table.maintenance().rewritePositionDeletes().rewriteAll().execute();
      assertThat(all.partitions()).isEqualTo(2);
      assertThat(all.rewrittenDeleteFiles()).isEqualTo(3);
      assertThat(all.addedDeleteFiles()).isEqualTo(3);
      assertThat(table.refresh().snapshots()).hasSize(snapshots + 1);
      assertThat(reference(table)).isEqualTo(before);
    }
  }

  @Test
  void dropsDeletesOfDataFilesThatAreGoneAndHonoursThePartitionFilter() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.dangling", 2);
      scatteredDeletes(table);
      // copy-on-write delete of every row of the second "even" file removes it: the shared delete
      // file still lists two of its positions
      table
          .newDelete()
          .where(
              Expressions.and(
                  Expressions.greaterThanOrEqual("id", 100L),
                  Expressions.equal("category", "even")))
          .mode(WriteMode.COPY_ON_WRITE)
          .commit();
      List<Map<String, Object>> before = reference(table);

      RewritePositionDeletes.Result odd =
          table
              .maintenance()
              .rewritePositionDeletes()
              .where(Expressions.equal("category", "odd"))
              .execute();
      assertThat(odd.partitions()).isZero();

      RewritePositionDeletes.Result result =
          table
              .maintenance()
              .rewritePositionDeletes()
              .where(Expressions.equal("category", "even"))
              .parallelism(1)
              .execute();
      assertThat(result.partitions()).isEqualTo(1);
      assertThat(result.rewrittenDeleteFiles()).isEqualTo(4);
      assertThat(result.addedDeleteFiles()).isEqualTo(1);
      assertThat(result.addedDeletes()).isEqualTo(5); // ids 0, 2, 4, 6, 8 of the first file only
      assertThat(reference(table)).isEqualTo(before);
      assertThat(floeRows(table)).isEqualTo(before);
      assertThat(table.refresh().health().positionDeleteFiles()).isEqualTo(2);
    }
  }

  @Test
  void convertsPositionDeletesToDeletionVectorsOnFormatV3() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.tov3", 2);
      scatteredDeletes(table);
      List<Map<String, Object>> before = reference(table);
      Internals.icebergTable(table).updateProperties().set("format-version", "3").commit();

      RewritePositionDeletes.Result result =
          table.refresh().maintenance().rewritePositionDeletes().execute();
      assertThat(result.partitions()).isEqualTo(2);
      assertThat(result.rewrittenDeleteFiles()).isEqualTo(5);
      assertThat(result.addedDeleteFiles()).isEqualTo(3);
      assertThat(result.addedDeletes()).isEqualTo(9);
      List<DeleteFile> deletes = liveDeletes(table);
      assertThat(deletes)
          .hasSize(3)
          .allSatisfy(
              d -> {
                assertThat(ContentFileUtil.isDV(d)).isTrue();
                assertThat(d.content()).isEqualTo(FileContent.POSITION_DELETES);
              });
      assertThat(deletes.stream().map(DeleteFile::location).distinct())
          .hasSize(2); // one Puffin per partition
      assertThat(reference(table)).isEqualTo(before);
      assertThat(floeRows(table)).isEqualTo(before);

      // deletion vectors alone are compact; a merge-on-read delete then extends one of them
      assertThat(table.maintenance().rewritePositionDeletes().execute().partitions()).isZero();
      table.newDelete().where(Expressions.equal("id", 10L)).mode(WriteMode.MERGE_ON_READ).commit();
      assertThat(liveDeletes(table))
          .hasSize(3)
          .allSatisfy(d -> assertThat(ContentFileUtil.isDV(d)).isTrue());
      List<Map<String, Object>> after = reference(table);
      assertThat(after).hasSize(before.size() - 1);
      assertThat(floeRows(table)).isEqualTo(after);
      // rewriteAll packs the deletion vectors of a partition into one Puffin file
      RewritePositionDeletes.Result packed =
          table.maintenance().rewritePositionDeletes().rewriteAll().execute();
      assertThat(packed.rewrittenDeleteFiles()).isEqualTo(3);
      assertThat(liveDeletes(table).stream().map(DeleteFile::location).distinct()).hasSize(2);
      assertThat(reference(table)).isEqualTo(after);
    }
  }

  @Test
  void concurrentDeleteOfTheSameFileIsRetriedWithoutLosingItOrLeavingFiles() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.posrace", 2);
      scatteredDeletes(table);
      FloeTable other = floe.loadTable("db.posrace");
      AtomicInteger calls = new AtomicInteger();
      RewritePositionDeletes.Result result =
          ((RewritePositionDeletesImpl) table.maintenance().rewritePositionDeletes())
              .beforeCommit(
                  () -> {
                    if (calls.getAndIncrement() == 0) {
                      // merges and replaces the file-scoped deletes of the first "even" file
                      other
                          .newDelete()
                          .where(Expressions.equal("id", 10L))
                          .mode(WriteMode.MERGE_ON_READ)
                          .commit();
                    }
                  })
              .execute();
      assertThat(result.attempts()).isEqualTo(2);
      List<Map<String, Object>> after = reference(table);
      assertThat(after).hasSize(200 - 10).noneMatch(r -> r.get("id").equals(10L));
      assertThat(floeRows(table)).isEqualTo(after);
      assertThat(TestTables.orphansNow(table).orphanFiles()).isEmpty();
    }
  }

  @Test
  void singleUseAndEmptyTables() throws IOException {
    try (Floe floe = local(tmp)) {
      FloeTable table = events(floe, "db.posempty", 2);
      RewritePositionDeletes rewrite = table.maintenance().rewritePositionDeletes();
      assertThat(rewrite.execute().partitions()).isZero();
      assertThatThrownBy(rewrite::execute)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("db.posempty")
          .hasMessageContaining("already executed");
      assertThatThrownBy(() -> table.maintenance().rewritePositionDeletes().parallelism(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0");
      table.newAppend().rows(rows(0, 10)).commit();
      assertThat(table.maintenance().rewritePositionDeletes().execute().rewrittenDeleteFiles())
          .isZero();
      assertThatThrownBy(
              () ->
                  table
                      .maintenance()
                      .rewritePositionDeletes()
                      .where(Expressions.equal("nope", 1))
                      .execute())
          .isInstanceOf(io.floe.ValidationException.class)
          .hasMessageContaining("nope");
      try (CloseableIterable<Record> all =
          IcebergGenerics.read(Internals.icebergTable(table)).build()) {
        assertThat(all).hasSize(10);
      }
    }
  }
}
