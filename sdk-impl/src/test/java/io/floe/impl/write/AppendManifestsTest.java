package io.floe.impl.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Appends write their manifests in the calling thread: the snapshot, its summary and its manifests
 * are what Iceberg's own append of the same files gives.
 */
class AppendManifestsTest {
  @TempDir Path tmp;
  Floe floe;

  @BeforeEach
  void open() {
    floe = Floe.local(tmp.resolve("wh"));
  }

  @AfterEach
  void close() {
    floe.close();
  }

  private FloeTable table(String name, int formatVersion, Map<String, String> props) {
    return floe.createTable(name)
        .column("id", Types.LongType.get())
        .required()
        .column("ts", Types.TimestampType.withZone())
        .column("category", Types.StringType.get())
        .partitionBy(p -> p.identity("category").day("ts"))
        .formatVersion(formatVersion)
        .properties(props)
        .create();
  }

  private static List<Map<String, Object>> rows(int from, int to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      rows.add(
          Map.of(
              "id",
              (long) i,
              "ts",
              Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * 7 * i),
              "category",
              "c" + (i % 3)));
    }
    return rows;
  }

  /** The data files a snapshot added, read from its own manifests. */
  private static List<DataFile> added(Table table, Snapshot snapshot) throws IOException {
    List<DataFile> files = new ArrayList<>();
    for (ManifestFile manifest : snapshot.dataManifests(table.io())) {
      if (manifest.snapshotId() == snapshot.snapshotId()) {
        try (ManifestReader<DataFile> reader =
            ManifestFiles.read(manifest, table.io(), table.specs())) {
          reader.forEach(f -> files.add(f.copy()));
        }
      }
    }
    return files;
  }

  /** The snapshot ids stored in a manifest's entries (null where they are inherited). */
  private static List<Long> entrySnapshotIds(Table table, ManifestFile manifest)
      throws IOException {
    List<Long> ids = new ArrayList<>();
    try (var in = table.io().newInputFile(manifest.path()).newStream();
        var entries =
            new org.apache.avro.file.DataFileStream<org.apache.avro.generic.GenericRecord>(
                in, new org.apache.avro.generic.GenericDatumReader<>())) {
      entries.forEach(e -> ids.add((Long) e.get("snapshot_id")));
    }
    return ids;
  }

  /** The summary without Floe's own keys. */
  private static Map<String, String> icebergSummary(Snapshot snapshot) {
    Map<String, String> summary = new TreeMap<>(snapshot.summary());
    summary.keySet().removeIf(k -> k.startsWith("floe."));
    return summary;
  }

  @ParameterizedTest(name = "format v{0}")
  @ValueSource(ints = {1, 2, 3})
  void snapshotsMatchIcebergsOwnAppendOfTheSameFiles(int formatVersion) throws IOException {
    FloeTable floeTable = table("db.floe_v" + formatVersion, formatVersion, Map.of());
    FloeTable twinHandle = table("db.twin_v" + formatVersion, formatVersion, Map.of());
    Table floeIceberg = Internals.icebergTable(floeTable);
    Table twin = Internals.icebergTable(twinHandle);
    for (int round = 0; round < 3; round++) {
      floeTable.newAppend().rows(rows(round * 40, round * 40 + 40)).commit();
      floeIceberg.refresh();
      Snapshot mine = floeIceberg.currentSnapshot();
      List<DataFile> files = added(floeIceberg, mine);
      assertThat(files).hasSizeGreaterThan(3);
      var append = twin.newAppend();
      files.forEach(append::appendFile);
      append.commit();
      Snapshot theirs = twin.currentSnapshot();

      assertThat(icebergSummary(mine))
          .as("summary, round %d", round)
          .isEqualTo(icebergSummary(theirs));
      assertThat(mine.sequenceNumber()).isEqualTo(theirs.sequenceNumber());
      List<ManifestFile> added =
          mine.dataManifests(floeIceberg.io()).stream()
              .filter(m -> m.snapshotId() == mine.snapshotId())
              .toList();
      assertThat(added).hasSize(1);
      assertThat(added.get(0).addedFilesCount()).isEqualTo(files.size());
      assertThat(added.get(0).addedRowsCount()).isEqualTo(40L);
      assertThat(added.get(0).partitions()).hasSize(2);
      // written by Floe, not copied or written by Iceberg: the entries inherit the snapshot id
      assertThat(entrySnapshotIds(floeIceberg, added.get(0)))
          .containsOnly(formatVersion == 1 ? mine.snapshotId() : null);
      if (formatVersion >= 3) {
        assertThat(mine.firstRowId()).isEqualTo(theirs.firstRowId());
        assertThat(mine.addedRows()).isEqualTo(theirs.addedRows());
      }
      for (DataFile file : files) {
        assertThat(file.dataSequenceNumber()).isEqualTo(mine.sequenceNumber());
      }
    }
    // the manifests carry what pruning needs: a filter on a partition plans only its files
    assertThat(floeTable.newScan().where(Expressions.equal("category", "c1")).count())
        .isEqualTo(twinHandle.newScan().where(Expressions.equal("category", "c1")).count())
        .isEqualTo(40L);
    assertThat(floeTable.newScan().count()).isEqualTo(120L);
  }

  @Test
  void partitionSummariesAreLeftToIceberg() {
    Map<String, String> props = new HashMap<>();
    props.put(TableProperties.WRITE_PARTITION_SUMMARY_LIMIT, "100");
    FloeTable table = table("db.summaries", 2, props);
    table.newAppend().rows(rows(0, 12)).commit();
    Snapshot snapshot = Internals.icebergTable(table).currentSnapshot();
    assertThat(snapshot.summary())
        .containsEntry("partition-summaries-included", "true")
        .containsKey("partitions.category=c0/ts_day=2026-01-01");
  }

  @Test
  void filesOfSeveralSpecsGoToOneManifestEach() throws IOException {
    FloeTable table = table("db.specs", 2, Map.of());
    table.newAppend().rows(rows(0, 6)).commit();
    Table iceberg = Internals.icebergTable(table);
    List<DataFile> oldSpec = added(iceberg, iceberg.currentSnapshot());
    table.updateSpec().removeField("category").commit();
    table.newAppend().rows(rows(6, 12)).commit();
    iceberg.refresh();
    List<DataFile> newSpec = added(iceberg, iceberg.currentSnapshot());
    assertThat(oldSpec.get(0).specId()).isNotEqualTo(newSpec.get(0).specId());

    List<DataFile> both = new ArrayList<>(oldSpec);
    both.addAll(newSpec);
    new AppendImpl("test.db.specs", iceberg).commitFiles(both);
    iceberg.refresh();
    Snapshot snapshot = iceberg.currentSnapshot();
    List<ManifestFile> manifests =
        snapshot.dataManifests(iceberg.io()).stream()
            .filter(m -> m.snapshotId() == snapshot.snapshotId())
            .toList();
    assertThat(manifests)
        .extracting(ManifestFile::partitionSpecId)
        .containsExactlyInAnyOrder(oldSpec.get(0).specId(), newSpec.get(0).specId());
    assertThat(snapshot.summary())
        .containsEntry("added-data-files", String.valueOf(both.size()))
        .containsEntry("added-records", "12")
        .containsEntry(
            "added-files-size",
            String.valueOf(both.stream().mapToLong(DataFile::fileSizeInBytes).sum()));
    assertThat(table.refresh().newScan().count()).isEqualTo(24L);
  }
}
