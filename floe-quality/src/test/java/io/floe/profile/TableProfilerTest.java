package io.floe.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.impl.spi.Internals;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.iceberg.BlobMetadata;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinReader;
import org.apache.iceberg.puffin.StandardBlobTypes;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.Pair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles from manifests and theta sketches in Puffin statistics, on {@code Floe.local}. */
class TableProfilerTest {
  private static final int ROWS = 30_000;
  @TempDir Path tmp;
  private Floe floe;
  private FloeTable table;

  @BeforeEach
  void open() {
    floe = Floe.local(tmp.resolve("wh"));
    table =
        floe.createTable("db.events")
            .column("id", Types.LongType.get())
            .required()
            .column("user", Types.StringType.get())
            .column("day", Types.DateType.get())
            .column("score", Types.DoubleType.get())
            .column("flag", Types.BooleanType.get())
            .create();
    // two appends, two files: id unique; user of 5000; day of 100; score with nulls and NaN
    for (int part = 0; part < 2; part++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = part * ROWS / 2; i < (part + 1) * ROWS / 2; i++) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", (long) i * 7);
        row.put("user", "user-" + (i % 5000));
        row.put("day", LocalDate.of(2024, 1, 1).plusDays(i % 100));
        row.put("score", i % 10 == 0 ? null : i % 101 == 0 ? Double.NaN : (double) (i % 977));
        row.put("flag", i % 3 == 0);
        rows.add(row);
      }
      table.newAppend().rows(rows).commit();
    }
  }

  @AfterEach
  void close() {
    floe.close();
  }

  @Test
  void metadataProfileReadsCountsAndBoundsFromManifests() {
    TableProfile profile = TableProfiler.of(table).fromMetadata();
    assertThat(profile.rowCount()).isEqualTo(ROWS);
    assertThat(profile.dataFiles()).isEqualTo(2);
    assertThat(profile.exact()).isTrue();
    ColumnProfile id = profile.column("id").orElseThrow();
    assertThat(id.valueCount()).isEqualTo(ROWS);
    assertThat(id.nullCount()).isZero();
    assertThat(id.lowerBound()).isEqualTo("0");
    assertThat(id.upperBound()).isEqualTo(Long.toString((ROWS - 1) * 7L));
    assertThat(id.distinct()).isEmpty();
    ColumnProfile score = profile.column("score").orElseThrow();
    assertThat(score.nullCount()).isEqualTo(ROWS / 10);
    long nans = 0;
    for (int i = 0; i < ROWS; i++) {
      nans += i % 10 != 0 && i % 101 == 0 ? 1 : 0;
    }
    assertThat(score.nanCount()).isEqualTo(nans);
    assertThat(profile.column("day").orElseThrow().lowerBound()).isEqualTo("2024-01-01");
    assertThat(profile.column("day").orElseThrow().upperBound()).isEqualTo("2024-04-09");
    assertThat(profile.column("user").orElseThrow().nanCount()).isEqualTo(-1);
    assertThat(profile.toJson())
        .startsWith("{\"table\":\"db.events\"")
        .contains("\"name\":\"score\",\"field-id\":4,\"type\":\"double\",\"value-count\":30000")
        .contains("\"null-count\":3000");
  }

  @Test
  void thetaSketchesAreStoredAsPuffinStatisticsWithinTheirErrorBound() throws Exception {
    TableProfile profile = TableProfiler.of(table).computeSketches();
    long snapshot = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    Map<String, Integer> exact =
        Map.of("id", ROWS, "user", 5000, "day", 100, "flag", 2, "score", 977 + 1);
    Table iceberg = Internals.icebergTable(table);
    List<StatisticsFile> files = iceberg.statisticsFiles();
    assertThat(files).hasSize(1);
    StatisticsFile stats = files.get(0);
    assertThat(stats.snapshotId()).isEqualTo(snapshot);
    assertThat(stats.blobMetadata()).hasSize(5);
    assertThat(stats.blobMetadata())
        .allSatisfy(
            b -> {
              assertThat(b.type()).isEqualTo(StandardBlobTypes.APACHE_DATASKETCHES_THETA_V1);
              assertThat(b.sourceSnapshotId()).isEqualTo(snapshot);
              assertThat(b.properties()).containsKey("ndv");
            });
    InputFile input = iceberg.io().newInputFile(stats.path());
    try (PuffinReader reader =
        Puffin.read(input)
            .withFileSize(stats.fileSizeInBytes())
            .withFooterSize(stats.fileFooterSizeInBytes())
            .build()) {
      List<org.apache.iceberg.puffin.BlobMetadata> blobs = reader.fileMetadata().blobs();
      for (Pair<org.apache.iceberg.puffin.BlobMetadata, ByteBuffer> pair : reader.readAll(blobs)) {
        int field = pair.first().inputFields().get(0);
        String column = iceberg.schema().findColumnName(field);
        ByteBuffer bytes = pair.second();
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        CompactSketch sketch = CompactSketch.wrap(Memory.wrap(array));
        long n = exact.get(column);
        assertThat(sketch.getLowerBound(3)).as(column).isLessThanOrEqualTo(n);
        assertThat(sketch.getUpperBound(3)).as(column).isGreaterThanOrEqualTo(n);
        assertThat(profile.column(column).orElseThrow().distinctCount())
            .isEqualTo(Math.round(sketch.getEstimate()));
      }
    }
    // small domains are counted exactly
    assertThat(profile.column("day").orElseThrow().distinctCount()).isEqualTo(100);
    assertThat(profile.column("flag").orElseThrow().distinctCount()).isEqualTo(2);
  }

  /**
   * The values are hashed in Iceberg's single-value form, as Spark's and Trino's sketches are: a
   * reference sketch fed {@code Conversions.toByteBuffer} of the same values holds the same hashes
   * (A not B is empty both ways; estimates may differ slightly, they depend on insertion order).
   */
  @Test
  void sketchesHashIcebergsSingleValueSerialization() throws Exception {
    TableProfile profile = TableProfiler.of(table).computeSketches("id", "user", "day");
    UpdateSketch ids = UpdateSketch.builder().build();
    UpdateSketch users = UpdateSketch.builder().build();
    for (int i = 0; i < ROWS; i++) {
      ids.update(Conversions.toByteBuffer(Types.LongType.get(), (long) i * 7));
      users.update(Conversions.toByteBuffer(Types.StringType.get(), "user-" + (i % 5000)));
    }
    Map<String, CompactSketch> stored = storedSketches();
    for (var pair : List.of(Map.entry("id", ids), Map.entry("user", users))) {
      CompactSketch floeSketch = stored.get(pair.getKey());
      CompactSketch reference = pair.getValue().compact();
      assertThat(
              SetOperation.builder().buildANotB().aNotB(floeSketch, reference).getRetainedEntries())
          .as(pair.getKey())
          .isZero();
      assertThat(
              SetOperation.builder().buildANotB().aNotB(reference, floeSketch).getRetainedEntries())
          .as(pair.getKey())
          .isZero();
      assertThat(floeSketch.getRetainedEntries()).isGreaterThan(1000);
    }
    assertThat(profile.column("day").orElseThrow().distinctCount()).isEqualTo(100);
    assertThat(profile.column("score").orElseThrow().distinct()).isEmpty();
    assertThat(profile.toJson()).contains("\"distinct-count\":100");
  }

  private Map<String, CompactSketch> storedSketches() throws Exception {
    Table iceberg = Internals.icebergTable(table.refresh());
    StatisticsFile stats = iceberg.statisticsFiles().get(0);
    Map<String, CompactSketch> out = new HashMap<>();
    try (PuffinReader reader =
        Puffin.read(iceberg.io().newInputFile(stats.path()))
            .withFileSize(stats.fileSizeInBytes())
            .build()) {
      for (Pair<org.apache.iceberg.puffin.BlobMetadata, ByteBuffer> pair :
          reader.readAll(reader.fileMetadata().blobs())) {
        ByteBuffer bytes = pair.second();
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        out.put(
            iceberg.schema().findColumnName(pair.first().inputFields().get(0)),
            CompactSketch.wrap(Memory.wrap(array)));
      }
    }
    return out;
  }

  @Test
  void unknownColumnsAreNamed() {
    assertThatThrownBy(() -> TableProfiler.of(table).computeSketches("nope"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("db.events");
    assertThat(Internals.icebergTable(table).statisticsFiles()).isEmpty();
    List<BlobMetadata> none = List.of();
    assertThat(none).isEmpty();
  }
}
