package io.floe.impl.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Writer layout and tuning: sort on write, clustered and fanout, Bloom filter sizing, codecs,
 * metrics.
 */
class WriterTest {
  @TempDir static Path tmp;

  private static Floe open() throws IOException {
    return Floe.local(Files.createTempDirectory(tmp, "wh"));
  }

  private static FloeTable table(Floe floe, String name, Consumer<io.floe.TableCreator> more) {
    var creator =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("name", Types.StringType.get())
            .column("category", Types.StringType.get());
    more.accept(creator);
    return creator.create();
  }

  private static List<Map<String, Object>> shuffled(int n, long seed) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 0; id < n; id++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", id);
      row.put("name", "name-" + Long.toHexString(id * 0x9E3779B97F4A7C15L));
      row.put("category", "c" + (id % 4));
      rows.add(row);
    }
    Collections.shuffle(rows, new Random(seed));
    return rows;
  }

  private static List<DataFile> dataFiles(FloeTable table) throws IOException {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        iceberg.newScan().includeColumnStats().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    }
    return files;
  }

  private static long count(FloeTable table) throws IOException {
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(Internals.icebergTable(table)).build()) {
      long n = 0;
      for (Record ignored : rows) {
        n++;
      }
      return n;
    }
  }

  @Test
  void sortedTablesGetSortedFilesEvenWhenTheBufferSpills() throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          table(
              floe,
              "db.sorted",
              c ->
                  c.partitionBy(p -> p.identity("category"))
                      .sortBy(s -> s.asc("id"))
                      .property(WriterTuning.SORT_BUFFER_ROWS, "300"));
      table.newAppend().rows(shuffled(1000, 1)).commit();
      List<DataFile> files = dataFiles(table);
      assertThat(files).as("4 partitions x 4 sorted runs").hasSize(16);
      Table iceberg = Internals.icebergTable(table);
      try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          LiveRows.Read read = LiveRows.open(iceberg, task, iceberg.schema(), null, true);
          long previous = Long.MIN_VALUE;
          try (CloseableIterable<Record> rows = read.rows()) {
            for (Record r : rows) {
              long id = (Long) r.getField("id");
              assertThat(id)
                  .as("file %s is sorted", task.file().location())
                  .isGreaterThan(previous);
              previous = id;
            }
          }
          assertThat(task.file().sortOrderId()).isEqualTo(iceberg.sortOrder().orderId());
        }
      }
      assertThat(count(table)).isEqualTo(1000);
    }
  }

  @Test
  void clusteredWritesKeepOneFileOpenAndRejectUngroupedRows() throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          table(floe, "db.clustered", c -> c.partitionBy(p -> p.identity("category")));
      List<Map<String, Object>> rows = shuffled(400, 2);
      rows.sort((a, b) -> ((String) a.get("category")).compareTo((String) b.get("category")));
      AppendResult result = table.newAppend().clustered().rows(rows).commit();
      assertThat(result.addedFiles()).isEqualTo(4);
      assertThat(result.addedRecords()).isEqualTo(400);

      long snapshot = table.currentSnapshot().orElseThrow().snapshotId();
      assertThatThrownBy(() -> table.newAppend().clustered().rows(shuffled(100, 3)).commit())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("not grouped by partition")
          .hasMessageContaining("db.clustered");
      table.refresh();
      assertThat(table.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(snapshot);

      // fanout (the default) takes the same rows in any order
      assertThat(table.newAppend().rows(shuffled(100, 3)).commit().addedFiles()).isEqualTo(4);
      assertThat(count(table)).isEqualTo(500);
    }
  }

  private static Path local(String location) {
    return Path.of(URI.create(location).getPath());
  }

  @Test
  void bloomFiltersAreSizedFromTheExpectedRows() throws IOException {
    try (Floe floe = open()) {
      FloeTable plain = table(floe, "db.plain", c -> {});
      FloeTable bloom = table(floe, "db.bloom", c -> c.bloomFilter("id"));
      List<Map<String, Object>> rows = shuffled(100_000, 4);
      rows.sort((a, b) -> Long.compare((Long) a.get("id"), (Long) b.get("id")));
      plain.newAppend().rows(rows).commit();
      bloom.newAppend().rows(rows).commit();
      DataFile without = dataFiles(plain).get(0);
      DataFile with = dataFiles(bloom).get(0);
      assertThat((double) with.fileSizeInBytes() / without.fileSizeInBytes())
          .as(
              "file with a Bloom filter vs without: %s vs %s bytes",
              with.fileSizeInBytes(), without.fileSizeInBytes())
          .isLessThanOrEqualTo(1.15);
      try (ParquetFileReader reader =
          ParquetFileReader.open(new LocalInputFile(local(with.location())))) {
        BlockMetaData block = reader.getFooter().getBlocks().get(0);
        ColumnChunkMetaData id = block.getColumns().get(0);
        BloomFilter filter = reader.getBloomFilterDataReader(block).readBloomFilter(id);
        assertThat(filter).isNotNull();
        assertThat(filter.getBitsetSize()).isBetween(64 * 1024, 256 * 1024);
        assertThat(filter.findHash(filter.hash(42L))).isTrue();
      }
      // the filter prunes: a missing id reads nothing
      assertThat(bloom.newScan().where(Expressions.equal("id", 5_000_000L)).count()).isZero();
      assertThat(bloom.newScan().where(Expressions.equal("id", 777L)).count()).isEqualTo(1);
    }
  }

  @Test
  void bloomNdvRoundsToTheNearestPowerOfTwo() {
    // 100k values at 1%: optimum 117 KiB -> 128 KiB; 1M -> 1.17 MiB -> capped at 1 MiB
    long ndv = WriterTuning.bloomNdv(100_000, 0.01, 1 << 20);
    assertThat(ndv).isBetween(100_000L, 115_000L);
    assertThat(
            org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter.optimalNumOfBits(
                    ndv, 0.01)
                / 8)
        .isLessThanOrEqualTo(128 * 1024);
    assertThat(WriterTuning.bloomNdv(10, 0.01, 1 << 20)).isPositive();
    assertThat(WriterTuning.bloomNdv(100_000_000, 0.01, 1 << 20)).isLessThan(1_000_000L);
  }

  @Test
  void bloomFiltersRoundDownOnlyWhileTheFppStaysWithinThreeTimesTheTarget() {
    for (long rows = 1_000; rows <= 4_000_000; rows = rows * 11 / 10) {
      long ndv = WriterTuning.bloomNdv(rows, 0.01, 1 << 24);
      long bytes =
          org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter.optimalNumOfBits(
                  ndv, 0.01)
              / 8;
      long size = Long.highestOneBit(bytes) == bytes ? bytes : Long.highestOneBit(bytes) * 2;
      assertThat(Long.bitCount(size)).isEqualTo(1);
      double fpp = WriterTuning.achievedFpp(size, rows);
      assertThat(fpp)
          .as("fpp of %s bytes for %s rows", size, rows)
          .isLessThanOrEqualTo(0.03 + 1e-9);
      // never larger than needed: half the size would miss the target
      assertThat(WriterTuning.achievedFpp(size / 2, rows))
          .as("half of %s bytes for %s rows", size, rows)
          .isGreaterThan(0.01);
    }
    // the formula agrees with Parquet's sizing at the optimum
    long bits =
        org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter.optimalNumOfBits(
            1_000_000, 0.01);
    assertThat(WriterTuning.achievedFpp(bits / 8, 1_000_000))
        .isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-3));
  }

  @ParameterizedTest
  @CsvSource({
    "zstd,ZSTD",
    "snappy,SNAPPY",
    "gzip,GZIP",
    "lz4,LZ4_RAW",
    "uncompressed,UNCOMPRESSED"
  })
  void compressionCodecsComeFromTheTableProperty(String codec, String written) throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          table(floe, "db.codec", c -> c.property("write.parquet.compression-codec", codec));
      table.newAppend().rows(shuffled(1000, 5)).commit();
      DataFile file = dataFiles(table).get(0);
      try (ParquetFileReader reader =
          ParquetFileReader.open(new LocalInputFile(local(file.location())))) {
        assertThat(reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec().name())
            .isEqualTo(written);
      }
      assertThat(count(table)).isEqualTo(1000);
    }
  }

  @Test
  void rowGroupSizeAndMetricsModesPerColumnAreHonoured() throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          table(
              floe,
              "db.metrics",
              c ->
                  c.property("write.parquet.row-group-size-bytes", "8192")
                      .property("write.parquet.row-group-check-min-record-count", "10")
                      .property("write.parquet.row-group-check-max-record-count", "100")
                      .property("write.metadata.metrics.column.name", "none")
                      .property("write.metadata.metrics.column.category", "counts")
                      .property("write.metadata.metrics.column.id", "full"));
      table.newAppend().rows(shuffled(5000, 6)).commit();
      DataFile file = dataFiles(table).get(0);
      int id = table.schema().findField("id").fieldId();
      int name = table.schema().findField("name").fieldId();
      int category = table.schema().findField("category").fieldId();
      assertThat(file.lowerBounds()).containsKey(id).doesNotContainKeys(name, category);
      assertThat(file.valueCounts()).containsKeys(id, category).doesNotContainKey(name);
      try (ParquetFileReader reader =
          ParquetFileReader.open(new LocalInputFile(local(file.location())))) {
        assertThat(reader.getFooter().getBlocks()).as("small row groups").hasSizeGreaterThan(2);
      }
    }
  }

  private static Map<String, Boolean> dictionaryPages(DataFile file) throws IOException {
    Map<String, Boolean> out = new HashMap<>();
    try (ParquetFileReader reader =
        ParquetFileReader.open(new LocalInputFile(local(file.location())))) {
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        for (ColumnChunkMetaData column : block.getColumns()) {
          boolean dictionary =
              column.getEncodingStats().hasDictionaryPages()
                  && column.getEncodingStats().hasDictionaryEncodedPages();
          out.merge(column.getPath().toDotString(), dictionary, Boolean::logicalOr);
        }
      }
    }
    return out;
  }

  @Test
  void dictionaryEncodingCanBeSwitchedOffPerColumn() throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          table(
              floe,
              "db.dict",
              c -> c.noDictionary("name").property("write.parquet.row-group-size-bytes", "16384"));
      List<Map<String, Object>> rows = shuffled(20_000, 7);
      table.newAppend().rows(rows).commit();
      DataFile file = dataFiles(table).get(0);
      assertThat(dictionaryPages(file))
          .containsEntry("name", false) // switched off
          .containsEntry("category", true); // 4 values: dictionary kept
      assertThat(count(table)).isEqualTo(20_000);
      assertThat(table.newScan().where(Expressions.equal("category", "c1")).count())
          .isEqualTo(5_000);

      // the other way round: off for the table, on for one column
      FloeTable inverse =
          table(
              floe,
              "db.dict2",
              c ->
                  c.property(ParquetSettings.DICTIONARY_ENABLED, "false")
                      .property(ParquetSettings.DICTIONARY_ENABLED_PREFIX + "category", "true"));
      inverse.newAppend().rows(rows).commit();
      assertThat(dictionaryPages(dataFiles(inverse).get(0)))
          .containsEntry("name", false)
          .containsEntry("category", true)
          .containsEntry("id", false);
    }
  }

  @Test
  void dictionarySettingsForUnknownColumnsAreRejected() throws IOException {
    try (Floe floe = open()) {
      assertThatThrownBy(() -> table(floe, "db.nodict", c -> c.noDictionary("nope")))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("'nope'")
          .hasMessageContaining("db.nodict")
          .hasMessageContaining("[id, name, category]");
      assertThat(floe.tableExists("db.nodict")).isFalse();
      assertThatThrownBy(
              () ->
                  table(
                      floe,
                      "db.nodict",
                      c -> c.property(ParquetSettings.DICTIONARY_ENABLED_PREFIX + "name", "maybe")))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("write.parquet.dictionary-enabled.column.name")
          .hasMessageContaining("maybe");
      assertThat(floe.tableExists("db.nodict")).isFalse();
    }
  }

  @Test
  void floeParquetFilesCarryTheSameMetricsAsIcebergsWriter() throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          table(
              floe,
              "db.same",
              c ->
                  c.partitionBy(p -> p.identity("category"))
                      .property("write.parquet.row-group-size-bytes", "4096"));
      List<Map<String, Object>> rows = shuffled(3000, 8);
      for (int i = 0; i < rows.size(); i += 10) {
        rows.get(i).put("name", null);
      }
      table.newAppend().rows(rows).commit();
      Table iceberg = Internals.icebergTable(table);
      Map<String, DataFile> ours = new HashMap<>();
      for (DataFile f : dataFiles(table)) {
        ours.put(f.partition().get(0, String.class), f);
      }
      // the same rows through Iceberg's own generic Parquet writer
      Map<String, DataFile> theirs = new HashMap<>();
      org.apache.iceberg.data.GenericFileWriterFactory factory =
          new org.apache.iceberg.data.GenericFileWriterFactory.Builder(iceberg)
              .dataFileFormat(org.apache.iceberg.FileFormat.PARQUET)
              .dataSchema(iceberg.schema())
              .build();
      RowConverter converter = new RowConverter("db.same", iceberg.schema());
      org.apache.iceberg.PartitionKey key =
          new org.apache.iceberg.PartitionKey(iceberg.spec(), iceberg.schema());
      for (String category : ours.keySet()) {
        key.partition(converter.fromMap(Map.of("id", 0L, "category", category)));
        var out =
            TableFileWriter.outputFiles(iceberg, org.apache.iceberg.FileFormat.PARQUET)
                .newOutputFile(iceberg.spec(), key);
        var writer = factory.newDataWriter(out, iceberg.spec(), key);
        for (Map<String, Object> row : rows) {
          if (category.equals(row.get("category"))) {
            writer.write(converter.fromMap(row));
          }
        }
        writer.close();
        theirs.put(category, writer.toDataFile());
      }
      assertThat(ours.keySet()).hasSize(4);
      for (String category : ours.keySet()) {
        DataFile a = ours.get(category);
        DataFile b = theirs.get(category);
        assertThat(a.recordCount()).isEqualTo(b.recordCount());
        assertThat(a.valueCounts()).isEqualTo(b.valueCounts());
        assertThat(a.nullValueCounts()).isEqualTo(b.nullValueCounts());
        assertThat(a.lowerBounds()).isEqualTo(b.lowerBounds());
        assertThat(a.upperBounds()).isEqualTo(b.upperBounds());
        assertThat(a.splitOffsets()).isEqualTo(b.splitOffsets()).hasSizeGreaterThan(1);
        assertThat((double) a.fileSizeInBytes())
            .isCloseTo(b.fileSizeInBytes(), org.assertj.core.data.Percentage.withPercentage(2));
      }
    }
  }

  /**
   * Row appends write columns whose first 16,384 values are nearly all distinct without the
   * dictionary Parquet would build and give up on at the first page, and keep it for repeated
   * values and for columns switched on explicitly; small writes and clustered writes leave the
   * decision to Parquet. The rows read back the same.
   */
  @Test
  void rowAppendsSkipTheDictionaryForColumnsOfDistinctValues() throws IOException {
    try (Floe floe = open()) {
      FloeTable table =
          table(floe, "db.distinct", c -> c.property("write.parquet.page-row-limit", "100000"));
      FloeTable sampled = table(floe, "db.sampled", c -> {});
      List<Map<String, Object>> rows = shuffled(40_000, 7);
      for (FloeTable t : List.of(table, sampled)) {
        assertThat(t.newAppend().rows(rows).commit().addedRecords()).isEqualTo(40_000);
        assertThat(count(t)).isEqualTo(40_000);
        assertThat(t.newScan().where(Expressions.equal("category", "c1")).count())
            .isEqualTo(10_000);
      }
      // id and name are distinct: Parquet gives their dictionaries up either way
      assertThat(dictionaryColumns(sampled)).containsExactly("category");
      assertThat(dictionaryColumns(table)).containsExactly("category");
    }
  }

  private static List<String> dictionaryColumns(FloeTable table) throws IOException {
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    for (DataFile file : dataFiles(table)) {
      try (ParquetFileReader reader =
          ParquetFileReader.open(new LocalInputFile(local(file.location())))) {
        for (BlockMetaData block : reader.getFooter().getBlocks()) {
          for (ColumnChunkMetaData column : block.getColumns()) {
            if (column.getEncodingStats().hasDictionaryEncodedPages()) {
              out.add(column.getPath().toDotString());
            }
          }
        }
      }
    }
    return new ArrayList<>(out);
  }
}
