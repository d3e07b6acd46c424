package io.floe.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadRowTest {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "amount", Types.DecimalType.of(6, 2)),
          Types.NestedField.optional(3, "day", Types.DateType.get()));

  @TempDir Path dir;
  Floe floe;
  FloeTable table;

  @BeforeEach
  void open() {
    floe = Floe.local(dir.resolve("warehouse"));
    floe.createNamespace("db");
    table = floe.createTable("db.t").schema(SCHEMA).create();
    table.newAppend().row(Map.of("id", 0L)).commit();
  }

  @AfterEach
  void close() {
    floe.close();
  }

  /** A good first batch (written to a data file before the bad row comes), then bad rows. */
  Path input() throws Exception {
    StringBuilder csv = new StringBuilder("id,amount,day\n");
    for (int i = 1; i <= 100; i++) {
      csv.append(i).append(",1.50,2026-01-02\n");
    }
    csv.append("101,12.345,2026-01-02\n"); // line 102: three decimal places
    csv.append("102,2.00,2026-02-30\n"); // line 103: no such date
    csv.append(",3.00,\n"); // line 104: null id
    csv.append("105,\"quoted, text\"\n"); // line 105: two fields
    csv.append("106,4.00,2026-01-03\n");
    Path file = dir.resolve("in.csv");
    Files.writeString(file, csv);
    return file;
  }

  long dataFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("warehouse"))) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  @Test
  void stopsWithNothingCommittedAndNoFileLeft() throws Exception {
    Path file = input();
    // tiny target files: each batch of 10 good rows is a finished data file before the bad row
    table.updateProperties().set("write.target-file-size-bytes", "1").commit();
    long snapshot = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    long files = dataFiles();
    long[] filesDuring = {0};
    ProgressListener countFiles =
        p -> {
          try {
            filesDuring[0] = Math.max(filesDuring[0], dataFiles());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    assertThatThrownBy(
            () -> FileImport.into(table).from(file).batchRows(10).progress(countFiles).run())
        .isInstanceOfSatisfying(
            InvalidRowException.class,
            e -> {
              assertThat(e.file()).hasValue(file.toString());
              assertThat(e.line()).isEqualTo(102);
              assertThat(e.column()).hasValue("amount");
              assertThat(e.value()).hasValue("12.345");
              assertThat(e.table()).hasValue("db.t");
            })
        .hasMessageContaining(
            file + ", line 102, column amount: '12.345' has more than 2 decimal places")
        .hasMessageContaining("Nothing was imported into db.t");
    assertThat(filesDuring[0])
        .as("a data file was written before the bad row")
        .isGreaterThan(files);
    assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(snapshot);
    assertThat(dataFiles()).isEqualTo(files);
    assertThat(table.newScan().count()).isEqualTo(1);
  }

  @Test
  void rejectsGoToTheRejectsFile() throws Exception {
    Path file = input();
    Path rejects = dir.resolve("rejects.jsonl");
    ImportResult result = FileImport.into(table).from(file).rejects(rejects).batchRows(10).run();
    assertThat(result.rowsWritten()).isEqualTo(101);
    assertThat(result.rowsRejected()).isEqualTo(4);
    assertThat(table.refresh().newScan().count()).isEqualTo(102);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(rejects)) {
      lines.add(Values.JSON.readTree(line));
    }
    assertThat(lines)
        .extracting(n -> n.get("line").asLong())
        .containsExactly(102L, 103L, 104L, 105L);
    assertThat(lines)
        .allSatisfy(n -> assertThat(n.get("file").asText()).isEqualTo(file.toString()));
    assertThat(lines.get(0).get("column").asText()).isEqualTo("amount");
    assertThat(lines.get(0).get("raw").asText()).isEqualTo("101,12.345,2026-01-02");
    assertThat(lines.get(1).get("reason").asText())
        .isEqualTo("'2026-02-30' is not a date (yyyy-MM-dd)");
    assertThat(lines.get(2).get("reason").asText()).isEqualTo("null where the column is required");
    assertThat(lines.get(2).get("column").asText()).isEqualTo("id");
    assertThat(lines.get(3).get("reason").asText())
        .isEqualTo("the record has 2 fields, the header has 3");
    assertThat(lines.get(3).get("raw").asText()).isEqualTo("105,\"quoted, text\"");
  }

  @Test
  void badJsonLinesAreRejectedWithTheirText() throws Exception {
    Path file = dir.resolve("in.jsonl");
    Files.writeString(
        file,
        "{\"id\": 1}\n{\"id\": \"x\"}\n{not json\n\n{\"id\": 2, \"extra\": true}\n[1]\n{\"id\": 3}\n");
    Path rejects = dir.resolve("rejects.jsonl");
    ImportResult result = FileImport.into(table).from(file).rejects(rejects).run();
    assertThat(result.rowsWritten()).isEqualTo(2);
    assertThat(result.rowsRejected()).isEqualTo(4);
    List<String> lines = Files.readAllLines(rejects);
    assertThat(lines).hasSize(4);
    assertThat(Values.JSON.readTree(lines.get(0)).get("raw").asText()).isEqualTo("{\"id\": \"x\"}");
    assertThat(Values.JSON.readTree(lines.get(1)).get("line").asLong()).isEqualTo(3);
    assertThat(Values.JSON.readTree(lines.get(2)).get("reason").asText())
        .contains("field 'extra' is not a column");
    assertThat(Values.JSON.readTree(lines.get(3)).get("line").asLong()).isEqualTo(6);
  }

  @Test
  void createdTableIsDroppedWhenTheImportFails() throws Exception {
    Path file = dir.resolve("in.csv");
    Files.writeString(file, "a,b\n1,2\n");
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "a,b\nx,2\n");
    assertThatThrownBy(
            () -> FileImport.into(floe, "db.fresh").from(file, bad).createIfMissing().run())
        .isInstanceOf(InvalidRowException.class)
        .hasMessageContaining("line 2, column a: 'x' is not an int");
    assertThat(floe.tableExists("db.fresh")).isFalse();
  }

  @Test
  void nanosecondsAreRefusedNotTruncated() throws Exception {
    FloeTable ts =
        floe.createTable("db.ts")
            .column("at", Types.TimestampType.withoutZone())
            .column("t", Types.TimeType.get())
            .create();
    Path file = dir.resolve("ts.csv");
    Files.writeString(file, "at,t\n2026-01-01 10:00:00.123456789,\n,10:00:00.000000001\n");
    Path rejects = dir.resolve("ts-rejects.jsonl");
    ImportResult result = FileImport.into(ts).from(file).rejects(rejects).run();
    assertThat(result.rowsWritten()).isZero();
    assertThat(result.snapshotId()).isEmpty();
    assertThat(Files.readAllLines(rejects))
        .hasSize(2)
        .allSatisfy(
            line -> assertThat(line).contains("has nanoseconds; the column holds microseconds"));
  }

  @Test
  void aRejectsFileInTheInputFolderIsNotInput() throws Exception {
    Path landing = dir.resolve("landing");
    Files.createDirectories(landing);
    Files.writeString(landing.resolve("a.csv"), "id,amount\n1,x\n2,1.00\n");
    Path rejects = landing.resolve("rejects.jsonl");
    FileImport.into(table).from(landing).rejects(rejects).run();
    ImportResult again = FileImport.into(table).from(landing).rejects(rejects).run();
    assertThat(again.files()).containsExactly(landing.resolve("a.csv").toString());
    assertThat(again.rowsWritten()).isEqualTo(1);
    assertThat(again.rowsRejected()).isEqualTo(1);
  }

  @Test
  void aColumnNamedTwiceInTheHeaderStopsTheImport() throws Exception {
    Path file = dir.resolve("in.csv");
    Files.writeString(file, "id,ID\n1,2\n");
    assertThatThrownBy(() -> FileImport.into(table).from(file).run())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("the header names column 'ID' twice");
  }

  @Test
  void unknownHeaderColumnNamesTheFile() throws Exception {
    Path file = dir.resolve("in.csv");
    Files.writeString(file, "id,colour\n1,red\n");
    assertThatThrownBy(() -> FileImport.into(table).from(file).run())
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Cannot import "
                + file
                + " into db.t: the header names column 'colour', which the table does not have."
                + " Nothing was imported.");
  }
}
