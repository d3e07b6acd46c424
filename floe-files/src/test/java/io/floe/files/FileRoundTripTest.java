package io.floe.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FileRoundTripTest {
  static final Schema FLAT =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "n", Types.IntegerType.get()),
          Types.NestedField.optional(3, "price", Types.DecimalType.of(10, 2)),
          Types.NestedField.optional(4, "day", Types.DateType.get()),
          Types.NestedField.optional(5, "ts", Types.TimestampType.withoutZone()),
          Types.NestedField.optional(6, "tstz", Types.TimestampType.withZone()),
          Types.NestedField.optional(7, "ok", Types.BooleanType.get()),
          Types.NestedField.optional(8, "uid", Types.UUIDType.get()),
          Types.NestedField.optional(9, "name", Types.StringType.get()),
          Types.NestedField.optional(10, "score", Types.DoubleType.get()));

  static final Schema NESTED =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(
              2,
              "user",
              Types.StructType.of(
                  Types.NestedField.optional(3, "name", Types.StringType.get()),
                  Types.NestedField.optional(4, "age", Types.IntegerType.get()))),
          Types.NestedField.optional(
              5, "tags", Types.ListType.ofOptional(6, Types.StringType.get())));

  @TempDir Path dir;
  Floe floe;

  @BeforeEach
  void open() {
    floe = Floe.local(dir.resolve("warehouse"));
    floe.createNamespace("db");
  }

  @AfterEach
  void close() {
    floe.close();
  }

  static List<Map<String, Object>> flatRows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", (long) i);
      if (i % 5 != 0) {
        row.put("n", i * 3 - 70);
        row.put("price", new BigDecimal(i + ".25").negate());
        row.put("day", LocalDate.of(2026, 1, 1).plusDays(i));
        row.put("ts", LocalDateTime.of(2026, 1, 1, 12, 30, 15, 123_456_000).plusHours(i));
        row.put(
            "tstz", OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 1000, ZoneOffset.UTC).plusMinutes(i));
        row.put("ok", i % 2 == 0);
        row.put("uid", new UUID(i, -i));
        row.put("name", i % 7 == 0 ? "quote \" and, comma\nnewline" : "name-" + i);
        row.put("score", i / 3.0);
      }
      rows.add(row);
    }
    return rows;
  }

  static List<Map<String, Object>> read(FloeTable table) {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (RowStream stream = table.refresh().newScan().rows()) {
      for (Row row : stream) {
        rows.add(normalize(row.toMap()));
      }
    }
    rows.sort((a, b) -> Long.compare((Long) a.get("id"), (Long) b.get("id")));
    return rows;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> normalize(Map<String, Object> row) {
    Map<String, Object> out = new HashMap<>();
    row.forEach(
        (k, v) -> {
          if (v instanceof Row) {
            out.put(k, normalize(((Row) v).toMap()));
          } else if (v instanceof Map) {
            out.put(k, normalize((Map<String, Object>) v));
          } else if (v != null) {
            out.put(k, v);
          }
        });
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"CSV", "JSON_LINES", "PARQUET", "AVRO"})
  void flatRoundTrip(FileFormat format) throws Exception {
    FloeTable source = floe.createTable("db.source").schema(FLAT).create();
    source.newAppend().rows(flatRows()).commit();
    Path file = dir.resolve("out." + extension(format));
    ExportResult exported = FileExport.from(source).to(file).run();
    assertThat(exported.rows()).isEqualTo(50);
    assertThat(exported.bytes()).isEqualTo(Files.size(file)).isPositive();

    FloeTable target = floe.createTable("db.target").schema(FLAT).create();
    ImportResult imported = FileImport.into(target).from(file).run();
    assertThat(imported.rowsWritten()).isEqualTo(50);
    assertThat(imported.rowsRejected()).isZero();
    assertThat(imported.snapshotId())
        .hasValue(target.refresh().currentSnapshot().orElseThrow().snapshotId());
    assertThat(read(target)).isEqualTo(read(source));
  }

  @ParameterizedTest
  @EnumSource(
      value = FileFormat.class,
      names = {"JSON_LINES", "PARQUET", "AVRO"})
  void nestedRoundTrip(FileFormat format) throws Exception {
    FloeTable source = floe.createTable("db.source").schema(NESTED).create();
    Path json = dir.resolve("in.jsonl");
    Files.writeString(
        json,
        "{\"id\": 1, \"user\": {\"name\": \"ann\", \"age\": 31}, \"tags\": [\"a\", \"b\"]}\n"
            + "{\"id\": 2, \"user\": {\"name\": null}, \"tags\": []}\n"
            + "\n"
            + "{\"id\": 3}\n",
        StandardCharsets.UTF_8);
    assertThat(FileImport.into(source).from(json).run().rowsWritten()).isEqualTo(3);
    List<Map<String, Object>> rows = read(source);
    assertThat(rows.get(0))
        .containsEntry("user", Map.of("name", "ann", "age", 31))
        .containsEntry("tags", List.of("a", "b"));

    Path file = dir.resolve("nested." + extension(format));
    FileExport.from(source).to(file).run();
    FloeTable target = floe.createTable("db.target").schema(NESTED).create();
    FileImport.into(target).from(file).run();
    assertThat(read(target)).isEqualTo(rows);
  }

  @Test
  void exportHonoursProjectionFilterAndSnapshot() throws Exception {
    FloeTable source = floe.createTable("db.source").schema(FLAT).create();
    source.newAppend().rows(flatRows()).commit();
    long first = source.refresh().currentSnapshot().orElseThrow().snapshotId();
    source.newAppend().row(Map.of("id", 100L, "name", "later")).commit();
    Path file = dir.resolve("part.csv");
    ExportResult result =
        FileExport.from(source.newScan().select("id", "name").where("id < 10").asOfSnapshot(first))
            .to(file)
            .run();
    assertThat(result.rows()).isEqualTo(10);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("id,name");
    assertThat(lines).noneMatch(line -> line.contains("later"));
  }

  @Test
  void arrowIpcExportHasEveryRow() throws Exception {
    FloeTable source = floe.createTable("db.source").schema(FLAT).create();
    source.newAppend().rows(flatRows()).commit();
    Path file = dir.resolve("out.arrow");
    FileExport.from(source).to(file).run();
    try (org.apache.arrow.memory.RootAllocator allocator =
            new org.apache.arrow.memory.RootAllocator();
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file);
        org.apache.arrow.vector.ipc.ArrowFileReader reader =
            new org.apache.arrow.vector.ipc.ArrowFileReader(channel, allocator)) {
      long rows = 0;
      long idSum = 0;
      while (reader.loadNextBatch()) {
        org.apache.arrow.vector.BigIntVector ids =
            (org.apache.arrow.vector.BigIntVector) reader.getVectorSchemaRoot().getVector("id");
        for (int i = 0; i < ids.getValueCount(); i++) {
          idSum += ids.get(i);
        }
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
      assertThat(rows).isEqualTo(50);
      assertThat(idSum).isEqualTo(49 * 50 / 2);
    }
  }

  @Test
  void csvCoercesTextAndReportsProgress() throws Exception {
    FloeTable table = floe.createTable("db.t").schema(FLAT).create();
    Path csv = dir.resolve("in.tsv");
    Files.writeString(
        csv,
        "ID\tprice\tday\tts\ttstz\tok\tuid\n"
            + "1\t 12.5\t2026-03-01\t2026-03-01 10:00\t2026-03-01T10:00:00+02:00\tyes\t"
            + "123e4567-e89b-12d3-a456-426614174000\n"
            + "2\t\\N\t\\N\t2026-03-01\t2026-03-01 10:00:00\t0\t\\N\n",
        StandardCharsets.UTF_8);
    List<Progress> reports = new ArrayList<>();
    ImportResult result =
        FileImport.into(table)
            .from(csv)
            .csv(CsvOptions.defaults().delimiter('\t').nullString("\\N"))
            .progress(reports::add)
            .run();
    assertThat(result.rowsWritten()).isEqualTo(2);
    assertThat(reports).isNotEmpty();
    Progress last = reports.get(reports.size() - 1);
    assertThat(last.rowsDone()).isEqualTo(2);
    assertThat(last.bytesDone()).isEqualTo(Files.size(csv)).isEqualTo(last.bytesTotal());
    List<Map<String, Object>> rows = read(table);
    assertThat(rows.get(0))
        .containsEntry("price", new BigDecimal("12.50"))
        .containsEntry("day", LocalDate.of(2026, 3, 1))
        .containsEntry("ts", LocalDateTime.of(2026, 3, 1, 10, 0))
        .containsEntry("tstz", OffsetDateTime.of(2026, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC))
        .containsEntry("ok", true)
        .containsEntry("uid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    assertThat(rows.get(1))
        .doesNotContainKeys("price", "day", "uid")
        .containsEntry("ts", LocalDateTime.of(2026, 3, 1, 0, 0))
        .containsEntry("tstz", OffsetDateTime.of(2026, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC))
        .containsEntry("ok", false);
  }

  @Test
  void foldersAndGlobsAndCreateIfMissing() throws Exception {
    Path landing = dir.resolve("landing");
    Files.createDirectories(landing.resolve("sub"));
    Files.writeString(landing.resolve("a.csv"), "id,name\n1,x\n2,y\n");
    Files.writeString(landing.resolve("sub/b.csv"), "id,name\n3,z\n");
    Files.writeString(landing.resolve("_SUCCESS"), "");
    Files.writeString(landing.resolve("c.jsonl"), "{\"id\": 4, \"name\": \"w\"}\n");
    ImportResult all = FileImport.into(floe, "db.created").from(landing).createIfMissing().run();
    assertThat(all.tableCreated()).isTrue();
    assertThat(all.files()).hasSize(3);
    assertThat(all.rowsWritten()).isEqualTo(4);
    FloeTable created = floe.loadTable("db.created");
    assertThat(created.schema().findField("id").type()).isEqualTo(Types.IntegerType.get());

    ImportResult globbed = FileImport.into(created).from(landing.resolve("**.csv")).run();
    assertThat(globbed.files()).hasSize(2);
    assertThat(globbed.rowsWritten()).isEqualTo(3);
    assertThat(created.refresh().newScan().count()).isEqualTo(7);
  }

  @Test
  void emptyExportsAndFailedExportsLeaveNoPartialFile() throws Exception {
    FloeTable source = floe.createTable("db.source").schema(FLAT).create();
    Path csv = dir.resolve("empty.csv");
    assertThat(FileExport.from(source).to(csv).run().rows()).isZero();
    assertThat(Files.readString(csv)).isEqualTo("id,n,price,day,ts,tstz,ok,uid,name,score\n");
    Path json = dir.resolve("empty.jsonl");
    FileExport.from(source).to(json).run();
    assertThat(Files.readString(json)).isEmpty();
    Path parquet = dir.resolve("empty.parquet");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> FileExport.from(source).to(parquet).run())
        .isInstanceOf(io.floe.FloeIOException.class)
        .hasMessageContaining("an export of no rows to Parquet is not supported");
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("warehouse", "empty.csv", "empty.jsonl");
    }
  }

  static String extension(FileFormat format) {
    switch (format) {
      case CSV:
        return "csv";
      case JSON_LINES:
        return "jsonl";
      case PARQUET:
        return "parquet";
      case AVRO:
        return "avro";
      default:
        return "arrow";
    }
  }
}
