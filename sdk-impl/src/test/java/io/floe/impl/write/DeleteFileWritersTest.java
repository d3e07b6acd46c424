package io.floe.impl.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.TestTables;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Floe writes Parquet delete files with its own appender (no Hadoop): they are the files Iceberg's
 * writers write for the same deletes (schema with field ids, footer entries, metrics, referenced
 * data file), and Iceberg's reader applies them.
 */
class DeleteFileWritersTest {
  @TempDir Path warehouse;

  private static FloeTable table(Floe floe, String name, String codec) {
    FloeTable table =
        floe.createTable(name)
            .formatVersion(2)
            .column("id", Types.LongType.get())
            .required()
            .column("category", Types.StringType.get())
            .partitionBy(p -> p.identity("category"))
            .property("write.delete.parquet.compression-codec", codec)
            .create();
    List<Map<String, ?>> rows = new ArrayList<>();
    for (long id = 0; id < 100; id++) {
      rows.add(Map.of("id", id, "category", id % 2 == 0 ? "even" : "odd"));
    }
    table.newAppend().rows(rows).commit();
    return table;
  }

  private static EncryptedOutputFile newFile(Table table, DataFile data) {
    return OutputFileFactory.builderFor(table, 1, System.nanoTime())
        .build()
        .newOutputFile(table.specs().get(data.specId()), data.partition());
  }

  private static DeleteFile positions(
      FileWriterFactory<Record> writers, Table table, DataFile data, long... positions)
      throws IOException {
    PartitionSpec spec = table.specs().get(data.specId());
    PositionDeleteWriter<Record> writer =
        writers.newPositionDeleteWriter(newFile(table, data), spec, data.partition());
    PositionDelete<Record> delete = PositionDelete.create();
    try (writer) {
      for (long pos : positions) {
        writer.write(delete.set(data.location(), pos));
      }
    }
    return writer.toDeleteFile();
  }

  private static DeleteFile equality(
      FileWriterFactory<Record> writers, Table table, DataFile data, Schema rows, long... ids)
      throws IOException {
    PartitionSpec spec = table.specs().get(data.specId());
    EqualityDeleteWriter<Record> writer =
        writers.newEqualityDeleteWriter(newFile(table, data), spec, data.partition());
    try (writer) {
      for (long id : ids) {
        GenericRecord record = GenericRecord.create(rows);
        record.setField("id", id);
        if (rows.findField("category") != null) {
          record.setField("category", data.partition().get(0, String.class));
        }
        writer.write(record);
      }
    }
    return writer.toDeleteFile();
  }

  private static ParquetMetadata footer(DeleteFile file) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(new LocalInputFile(Path.of(file.location())))) {
      return reader.getFooter();
    }
  }

  /** What a delete file says about itself, without its own location. */
  private static void assertSameFile(DeleteFile floe, DeleteFile iceberg) throws IOException {
    assertThat(floe.content()).isEqualTo(iceberg.content());
    assertThat(floe.format()).isEqualTo(FileFormat.PARQUET);
    assertThat(floe.recordCount()).isEqualTo(iceberg.recordCount());
    assertThat(floe.specId()).isEqualTo(iceberg.specId());
    assertThat(floe.partition()).isEqualTo(iceberg.partition());
    assertThat(floe.equalityFieldIds()).isEqualTo(iceberg.equalityFieldIds());
    assertThat(floe.referencedDataFile()).isEqualTo(iceberg.referencedDataFile());
    assertThat(floe.lowerBounds()).isEqualTo(iceberg.lowerBounds());
    assertThat(floe.upperBounds()).isEqualTo(iceberg.upperBounds());
    assertThat(floe.valueCounts()).isEqualTo(iceberg.valueCounts());
    assertThat(floe.nullValueCounts()).isEqualTo(iceberg.nullValueCounts());
    assertThat(floe.columnSizes()).containsOnlyKeys(iceberg.columnSizes().keySet());
    ParquetMetadata floeFooter = footer(floe);
    ParquetMetadata icebergFooter = footer(iceberg);
    MessageType schema = floeFooter.getFileMetaData().getSchema();
    assertThat(schema).isEqualTo(icebergFooter.getFileMetaData().getSchema());
    Map<String, String> floeMeta = floeFooter.getFileMetaData().getKeyValueMetaData();
    Map<String, String> icebergMeta = icebergFooter.getFileMetaData().getKeyValueMetaData();
    assertThat(floeMeta).containsEntry("delete-type", icebergMeta.get("delete-type"));
    assertThat(floeMeta.get("delete-field-ids")).isEqualTo(icebergMeta.get("delete-field-ids"));
    assertThat(floeMeta.get("iceberg.schema")).isEqualTo(icebergMeta.get("iceberg.schema"));
    assertThat(floeFooter.getBlocks().get(0).getColumns().get(0).getCodec())
        .isEqualTo(icebergFooter.getBlocks().get(0).getColumns().get(0).getCodec());
  }

  private static RecordFileWriters floeWriters(Table table, int[] ids, Schema rows) {
    return new RecordFileWriters(
        table,
        FileFormat.PARQUET,
        FileFormat.PARQUET,
        table.schema(),
        table.sortOrder(),
        Map.of(),
        ids,
        rows);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "snappy", "gzip", "uncompressed"})
  void positionDeletesAreIcebergsAndApply(String codec) throws IOException {
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable floeTable = table(floe, "db.pos_" + codec, codec);
      Table table = Internals.icebergTable(floeTable);
      DataFile data = TestTables.dataFiles(floeTable).get(0);
      List<Long> ids = TestTables.idsInFile(floeTable, data);

      DeleteFile ours = positions(floeWriters(table, null, null), table, data, 0, 3, 7);
      DeleteFile theirs =
          positions(new GenericFileWriterFactory.Builder(table).build(), table, data, 0, 3, 7);
      assertSameFile(ours, theirs);
      assertThat(org.apache.iceberg.util.ContentFileUtil.referencedDataFileLocation(ours))
          .isEqualTo(data.location());
      assertThat(ours.lowerBounds()).containsKeys(2147483546, 2147483545);

      table.newRowDelta().addDeletes(ours).commit();
      Set<Long> deleted = Set.of(ids.get(0), ids.get(3), ids.get(7));
      assertThat(TestTables.reference(floeTable))
          .hasSize(97)
          .noneMatch(row -> deleted.contains((Long) row.get("id")));
      assertThat(TestTables.floeRows(floeTable)).isEqualTo(TestTables.reference(floeTable));
    }
  }

  @Test
  void equalityDeletesAreIcebergsAndApply() throws IOException {
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable floeTable = table(floe, "db.eq", "zstd");
      Table table = Internals.icebergTable(floeTable);
      DataFile data = TestTables.dataFiles(floeTable).get(0);
      int id = table.schema().findField("id").fieldId();
      Schema rows = table.schema(); // whole rows, as CDC writers write them
      long[] keys =
          TestTables.idsInFile(floeTable, data).stream().limit(5).mapToLong(x -> x).toArray();

      DeleteFile ours = equality(floeWriters(table, new int[] {id}, rows), table, data, rows, keys);
      DeleteFile theirs =
          equality(
              new GenericFileWriterFactory.Builder(table)
                  .equalityFieldIds(new int[] {id})
                  .equalityDeleteRowSchema(rows)
                  .build(),
              table,
              data,
              rows,
              keys);
      assertSameFile(ours, theirs);
      assertThat(ours.content()).isEqualTo(FileContent.EQUALITY_DELETES);
      assertThat(ours.equalityFieldIds()).containsExactly(id);

      table.newRowDelta().addDeletes(ours).commit();
      Set<Long> deleted = java.util.Arrays.stream(keys).boxed().collect(Collectors.toSet());
      List<Map<String, Object>> reference = TestTables.reference(floeTable);
      assertThat(reference)
          .hasSize(95)
          .noneMatch(row -> deleted.contains((Long) row.get("id")))
          .allMatch(row -> row.get("category") != null);
      assertThat(TestTables.floeRows(floeTable)).isEqualTo(reference);
    }
  }

  /** Position deletes are still written by Iceberg when the table's delete format is Avro. */
  @Test
  void otherDeleteFormatsStayWithIceberg() throws IOException {
    try (Floe floe = Floe.local(warehouse)) {
      FloeTable floeTable = table(floe, "db.avro", "zstd");
      Table table = Internals.icebergTable(floeTable);
      DataFile data = TestTables.dataFiles(floeTable).get(0);
      RecordFileWriters writers =
          new RecordFileWriters(
              table,
              FileFormat.PARQUET,
              FileFormat.AVRO,
              table.schema(),
              table.sortOrder(),
              Map.of(),
              null,
              null);
      DeleteFile file = positions(writers, table, data, 1);
      assertThat(file.format()).isEqualTo(FileFormat.AVRO);
      assertThat(file.recordCount()).isEqualTo(1);
      assertThat(file.content()).isEqualTo(FileContent.POSITION_DELETES);
    }
  }
}
