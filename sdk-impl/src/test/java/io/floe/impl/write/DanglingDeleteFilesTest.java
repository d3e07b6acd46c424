package io.floe.impl.write;

import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.in;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.ChangeResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.WriteMode;
import io.floe.impl.TestFloes;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.DeleteGranularity;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FanoutPositionOnlyDeleteWriter;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A copy-on-write change drops, in its own commit, the delete files that applied only to the data
 * files it removed, and keeps every delete file that still applies to a live data file. Run on
 * {@code Floe.local} (caching catalog and file IO); rows are checked with Iceberg's generic reader.
 */
class DanglingDeleteFilesTest {
  @TempDir static Path tmp;

  private static FloeTable table(Floe floe, String name, int version, boolean partitioned) {
    var creator =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("category", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .formatVersion(version);
    if (partitioned) {
      creator.partitionBy(p -> p.identity("category"));
    }
    return creator.create();
  }

  private static List<Map<String, Object>> rows(long from, long to, double value) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(TestFloes.row("id", id, "category", "c" + (id % 3), "value", value));
    }
    return rows;
  }

  private static TreeMap<Long, Double> read(FloeTable table) throws IOException {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    TreeMap<Long, Double> out = new TreeMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(iceberg).build()) {
      for (Record r : records) {
        assertThat(out.put((Long) r.getField("id"), (Double) r.getField("value"))).isNull();
      }
    }
    return out;
  }

  private static TreeMap<Long, Double> expected(long from, long to, double value) {
    TreeMap<Long, Double> out = new TreeMap<>();
    for (long id = from; id < to; id++) {
      out.put(id, value);
    }
    return out;
  }

  /**
   * The live delete files of the current snapshot (locations; a deletion vector's with its offset),
   * read from its manifests.
   */
  private static TreeSet<String> liveDeleteFiles(FloeTable table) throws IOException {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    TreeSet<String> out = new TreeSet<>();
    for (ManifestFile manifest : iceberg.currentSnapshot().deleteManifests(iceberg.io())) {
      try (ManifestReader<DeleteFile> reader =
          ManifestFiles.readDeleteManifest(manifest, iceberg.io(), iceberg.specs())) {
        // a deletion vector is one blob of a Puffin file
        reader.forEach(
            d ->
                out.add(
                    d.contentOffset() == null
                        ? d.location()
                        : d.location() + "#" + d.contentOffset()));
      }
    }
    return out;
  }

  private static Map<String, String> summary(FloeTable table, ChangeResult result) {
    Snapshot snapshot = table.snapshot(result.snapshotId()).orElseThrow();
    return snapshot.summary();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void aCopyOnWriteDeleteOfEveryFileDropsTheUpsertsDeleteFiles(int version) throws IOException {
    try (Floe floe = TestFloes.local(tmp)) {
      FloeTable table = table(floe, "db.every", version, true);
      table.newAppend().rows(rows(0, 100, 1.0)).commit();
      table.newUpsert().key("id").rows(rows(90, 110, 2.0)).mode(WriteMode.MERGE_ON_READ).commit();
      assertThat(liveDeleteFiles(table)).hasSize(3);

      // 0, 1, 2 are in the three appended files; 100, 101, 102 in the three upserted ones
      ChangeResult result =
          table
              .newDelete()
              .where(in("id", 0L, 1L, 2L, 100L, 101L, 102L))
              .mode(WriteMode.COPY_ON_WRITE)
              .commit();

      assertThat(result.removedDataFiles()).isEqualTo(6);
      assertThat(liveDeleteFiles(table)).isEmpty();
      Map<String, String> summary = summary(table, result);
      assertThat(summary).containsEntry("total-delete-files", "0");
      assertThat(summary).containsEntry("total-position-deletes", "0");
      if (version == 2) {
        assertThat(summary).containsEntry("removed-delete-files", "3");
      }
      TreeMap<Long, Double> expected = expected(3, 90, 1.0);
      expected.putAll(expected(90, 110, 2.0));
      expected.keySet().removeAll(List.of(100L, 101L, 102L));
      assertThat(read(table)).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void deleteFilesOfDataFilesThatStayAreKept(int version) throws IOException {
    try (Floe floe = TestFloes.local(tmp)) {
      FloeTable table = table(floe, "db.some", version, true);
      table.newAppend().rows(rows(0, 100, 1.0)).commit();
      table.newUpsert().key("id").rows(rows(90, 110, 2.0)).mode(WriteMode.MERGE_ON_READ).commit();
      TreeSet<String> before = liveDeleteFiles(table);
      assertThat(before).hasSize(3);

      // rewrites only the appended file of category c0
      ChangeResult result =
          table.newDelete().where(equal("id", 0L)).mode(WriteMode.COPY_ON_WRITE).commit();

      assertThat(result.removedDataFiles()).isEqualTo(1);
      TreeSet<String> after = liveDeleteFiles(table);
      assertThat(after).hasSize(2);
      assertThat(before).containsAll(after);
      assertThat(summary(table, result)).containsEntry("total-delete-files", "2");
      TreeMap<Long, Double> expected = expected(1, 90, 1.0);
      expected.putAll(expected(90, 110, 2.0));
      assertThat(read(table)).isEqualTo(expected);
    }
  }

  @Test
  void aCopyOnWriteUpsertDropsTheDeleteFilesOfTheFilesItRewrites() throws IOException {
    try (Floe floe = TestFloes.local(tmp)) {
      FloeTable table = table(floe, "db.upcow", 2, false);
      table.newAppend().rows(rows(0, 100, 1.0)).commit();
      table.newUpsert().key("id").rows(rows(90, 95, 2.0)).mode(WriteMode.MERGE_ON_READ).commit();
      assertThat(liveDeleteFiles(table)).hasSize(1);

      ChangeResult result =
          table.newUpsert().key("id").rows(rows(0, 1, 3.0)).mode(WriteMode.COPY_ON_WRITE).commit();

      assertThat(liveDeleteFiles(table)).isEmpty();
      assertThat(summary(table, result)).containsEntry("total-delete-files", "0");
      TreeMap<Long, Double> expected = expected(0, 100, 1.0);
      expected.putAll(expected(90, 95, 2.0));
      expected.put(0L, 3.0);
      assertThat(read(table)).isEqualTo(expected);
    }
  }

  /** Writes one position delete file (partition granularity) over rows of several data files. */
  private static DeleteFile positionDeletes(Table iceberg, Map<DataFile, long[]> rows)
      throws IOException {
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(iceberg).deleteFileFormat(FileFormat.PARQUET).build();
    FanoutPositionOnlyDeleteWriter<Record> writer =
        new FanoutPositionOnlyDeleteWriter<>(
            writers,
            TableFileWriter.outputFiles(iceberg, FileFormat.PARQUET),
            iceberg.io(),
            Long.MAX_VALUE,
            DeleteGranularity.PARTITION);
    PositionDelete<Record> delete = PositionDelete.create();
    try (writer) {
      for (Map.Entry<DataFile, long[]> e : rows.entrySet()) {
        for (long pos : e.getValue()) {
          writer.write(delete.set(e.getKey().location(), pos), iceberg.spec(), null);
        }
      }
    }
    assertThat(writer.result().deleteFiles()).hasSize(1);
    return writer.result().deleteFiles().get(0);
  }

  private static List<DataFile> dataFiles(Table iceberg) throws IOException {
    iceberg.refresh();
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    }
    files.sort(java.util.Comparator.comparing(DataFile::dataSequenceNumber));
    return files;
  }

  @Test
  void aPartitionScopedPositionDeleteFileIsDroppedOnlyWhenAllItsDataFilesAre() throws IOException {
    try (Floe floe = TestFloes.local(tmp)) {
      FloeTable table = table(floe, "db.scoped", 2, false);
      table.newAppend().rows(rows(0, 50, 1.0)).commit();
      table.newAppend().rows(rows(50, 100, 1.0)).commit();
      Table iceberg = Internals.icebergTable(table);
      List<DataFile> files = dataFiles(iceberg);
      assertThat(files).hasSize(2);
      // ids 10 and 60 (row 10 of each file)
      DeleteFile deletes =
          positionDeletes(
              iceberg, Map.of(files.get(0), new long[] {10}, files.get(1), new long[] {10}));
      iceberg.newRowDelta().addDeletes(deletes).commit();
      TreeMap<Long, Double> expected = expected(0, 100, 1.0);
      expected.keySet().removeAll(List.of(10L, 60L));
      assertThat(read(table)).isEqualTo(expected);

      // rewrites the first file only: the delete file still applies to the second
      table.newDelete().where(equal("id", 0L)).mode(WriteMode.COPY_ON_WRITE).commit();
      expected.remove(0L);
      assertThat(liveDeleteFiles(table)).containsExactly(deletes.location());
      assertThat(read(table)).isEqualTo(expected);
    }
    try (Floe floe = TestFloes.local(tmp)) {
      FloeTable table = table(floe, "db.scoped", 2, false);
      table.newAppend().rows(rows(0, 50, 1.0)).commit();
      table.newAppend().rows(rows(50, 100, 1.0)).commit();
      Table iceberg = Internals.icebergTable(table);
      List<DataFile> files = dataFiles(iceberg);
      DeleteFile deletes =
          positionDeletes(
              iceberg, Map.of(files.get(0), new long[] {10}, files.get(1), new long[] {10}));
      iceberg.newRowDelta().addDeletes(deletes).commit();

      // rewrites both files: nothing is left for the delete file to apply to
      ChangeResult result =
          table.newDelete().where(in("id", 0L, 50L)).mode(WriteMode.COPY_ON_WRITE).commit();

      assertThat(liveDeleteFiles(table)).isEmpty();
      assertThat(summary(table, result)).containsEntry("total-delete-files", "0");
      TreeMap<Long, Double> expected = expected(0, 100, 1.0);
      expected.keySet().removeAll(List.of(0L, 10L, 50L, 60L));
      assertThat(read(table)).isEqualTo(expected);
    }
  }

  /** Commits an equality delete on {@code id} of the given ids in one partition. */
  private static DeleteFile equalityDelete(Table iceberg, String partition, long... ids)
      throws IOException {
    Schema idOnly = iceberg.schema().select("id");
    int idField = iceberg.schema().findField("id").fieldId();
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(iceberg)
            .deleteFileFormat(FileFormat.PARQUET)
            .equalityFieldIds(new int[] {idField})
            .equalityDeleteRowSchema(idOnly)
            .build();
    EqualityDeleteWriter<Record> writer =
        writers.newEqualityDeleteWriter(
            TableFileWriter.outputFiles(iceberg, FileFormat.PARQUET).newOutputFile(),
            iceberg.spec(),
            DataFiles.data(iceberg.spec(), partition));
    try (writer) {
      for (long id : ids) {
        GenericRecord row = GenericRecord.create(idOnly);
        row.set(0, id);
        writer.write(row);
      }
    }
    DeleteFile file = writer.toDeleteFile();
    iceberg.newRowDelta().addDeletes(file).commit();
    return file;
  }

  @Test
  void anEqualityDeleteIsKeptWhileAnOlderDataFileOfItsPartitionStays() throws IOException {
    try (Floe floe = TestFloes.local(tmp)) {
      FloeTable table = table(floe, "db.eq", 2, true);
      table.newAppend().rows(rows(0, 100, 1.0)).commit();
      Table iceberg = Internals.icebergTable(table);
      DeleteFile eq = equalityDelete(iceberg, "category=c1", 1L, 4L);
      // a newer data file of the same partition (the delete does not apply to it) with key 4 again
      table
          .newAppend()
          .rows(List.of(TestFloes.row("id", 4L, "category", "c1", "value", 5.0)))
          .commit();
      TreeMap<Long, Double> expected = expected(0, 100, 1.0);
      expected.remove(1L);
      expected.put(4L, 5.0);
      assertThat(read(table)).isEqualTo(expected);

      // rewrites the c0 file: the delete still applies to the older c1 file
      table.newDelete().where(equal("id", 0L)).mode(WriteMode.COPY_ON_WRITE).commit();
      expected.remove(0L);
      assertThat(liveDeleteFiles(table)).containsExactly(eq.location());
      assertThat(read(table)).isEqualTo(expected);

      // rewrites the older c1 file: only a newer one is left in the delete's partition (older
      // files of other partitions stay, so Iceberg's own table-wide rule would keep it)
      ChangeResult result =
          table.newDelete().where(equal("id", 7L)).mode(WriteMode.COPY_ON_WRITE).commit();
      expected.remove(7L);
      assertThat(liveDeleteFiles(table)).isEmpty();
      assertThat(summary(table, result)).containsEntry("total-delete-files", "0");
      assertThat(read(table)).isEqualTo(expected);
    }
  }
}
