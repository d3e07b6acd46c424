package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every codec Floe writes round-trips: pages Floe compresses (without Hadoop) read back through
 * Iceberg's generic reader and Floe's Arrow reader, and pages Iceberg's writer compresses (Hadoop
 * codecs) read back through Floe's Arrow reader (its decompressors need no Hadoop either).
 */
class CompressionRoundTripTest {
  @RegisterExtension final ArrowResources resources = new ArrowResources();
  private final Floe floe = resources.localFloe();
  private final BufferAllocator allocator = resources.allocator();

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()),
          Types.NestedField.optional(3, "value", Types.DoubleType.get()));

  /** Small pages and row groups, so that files have many pages (and dictionary pages). */
  private static Map<String, String> props(String codec, String level) {
    Map<String, String> props = new HashMap<>();
    props.put("write.parquet.compression-codec", codec);
    if (!level.isEmpty()) {
      props.put("write.parquet.compression-level", level);
    }
    props.put("write.parquet.page-size-bytes", "2048");
    props.put("write.parquet.row-group-size-bytes", "32768");
    props.put("write.parquet.row-group-check-min-record-count", "100");
    props.put("write.parquet.row-group-check-max-record-count", "500");
    return props;
  }

  private static List<Map<String, ?>> rows(int count) {
    List<Map<String, ?>> rows = new ArrayList<>();
    java.util.Random random = new java.util.Random(count);
    for (long id = 0; id < count; id++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", id);
      row.put("name", id % 7 == 0 ? null : "name-" + random.nextInt(id % 3 == 0 ? 50 : 100_000));
      row.put("value", id % 11 == 0 ? null : random.nextDouble());
      rows.add(row);
    }
    return rows;
  }

  private List<String> arrow(Table table) {
    return TestTables.arrow(
        ArrowScan.of(TestTables.scan(table, null, null)), table.schema(), allocator);
  }

  private static List<CompressionCodecName> codecs(Table table) throws IOException {
    List<CompressionCodecName> codecs = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        try (ParquetFileReader reader =
            ParquetFileReader.open(new LocalInputFile(Path.of(task.file().location())))) {
          for (BlockMetaData block : reader.getFooter().getBlocks()) {
            for (ColumnChunkMetaData column : block.getColumns()) {
              codecs.add(column.getCodec());
            }
          }
        }
      }
    }
    return codecs;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "zstd,,ZSTD",
    "zstd,9,ZSTD",
    "snappy,,SNAPPY",
    "gzip,,GZIP",
    "gzip,1,GZIP",
    "lz4,,LZ4_RAW",
    "lz4_raw,,LZ4_RAW",
    "uncompressed,,UNCOMPRESSED"
  })
  void floeWritesEveryCodecReadableByIcebergAndFloe(String codec, String level, String written)
      throws IOException {
    String lvl = level == null ? "" : level;
    FloeTable floeTable =
        floe.createTable("db.c_" + codec + lvl)
            .column("id", Types.LongType.get())
            .required()
            .column("name", Types.StringType.get())
            .column("value", Types.DoubleType.get())
            .properties(props(codec, lvl))
            .create();
    List<Map<String, ?>> rows = rows(5000);
    floeTable.newAppend().rows(rows.subList(0, 2500)).commit();
    floeTable.newAppend().rows(rows.subList(2500, 5000)).commit();
    Table table = Internals.icebergTable(floeTable);
    table.refresh();

    assertThat(codecs(table)).isNotEmpty().containsOnly(CompressionCodecName.valueOf(written));
    List<String> generic = TestTables.generic(table, null, null);
    assertThat(generic).hasSize(5000);
    assertThat(arrow(table)).isEqualTo(generic);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"zstd", "snappy", "gzip", "lz4_raw", "uncompressed"})
  void floeReadsPagesIcebergCompressed(String codec) throws IOException {
    Map<String, String> props = props(codec, "");
    Table table = TestTables.create(SCHEMA, PartitionSpec.unpartitioned(), 2, props);
    List<Record> records = new ArrayList<>();
    for (Map<String, ?> row : rows(3000)) {
      GenericRecord record = GenericRecord.create(SCHEMA);
      row.forEach(record::setField);
      records.add(record);
    }
    DataFile file = TestTables.write(table, records, props);
    table.newAppend().appendFile(file).commit();

    List<String> generic = TestTables.generic(table, null, null);
    assertThat(generic).hasSize(3000);
    assertThat(arrow(table)).isEqualTo(generic);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"gzip,10", "gzip,-2", "zstd,23"})
  void levelsOutsideTheCodecsRangeFailTheWriteAndKeepTheTable(String codec, String level) {
    FloeTable table =
        floe.createTable("db.bad_" + codec + level.replace('-', 'm'))
            .column("id", Types.LongType.get())
            .required()
            .create();
    table.newAppend().row(Map.of("id", 1L)).commit();
    long before = table.currentSnapshot().orElseThrow().snapshotId();
    table
        .updateProperties()
        .set("write.parquet.compression-codec", codec)
        .set("write.parquet.compression-level", level)
        .commit();
    assertThatThrownBy(() -> table.newAppend().row(Map.of("id", 2L)).commit())
        .hasMessageContaining("write.parquet.compression-level")
        .hasMessageContaining(level);
    assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before);
  }
}
