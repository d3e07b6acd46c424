package io.floe.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import java.io.BufferedWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 1 M-row CSV round trip: a CSV file in the form the export writes is imported into a
 * table (one commit) and exported again; the two files hold the same lines (the order of rows in a
 * scan is the order of its files, not the input's, so lines are compared by id).
 */
class MillionRowRoundTripTest {
  static final int ROWS = 1_000_000;

  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "n", Types.IntegerType.get()),
          Types.NestedField.optional(3, "price", Types.DecimalType.of(12, 2)),
          Types.NestedField.optional(4, "day", Types.DateType.get()),
          Types.NestedField.optional(5, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(6, "name", Types.StringType.get()));

  @TempDir Path dir;

  static void writeInput(Path file, int rows) throws Exception {
    OffsetDateTime base = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    LocalDate day = LocalDate.of(2020, 1, 1);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("id,n,price,day,ts,name\n");
      for (int i = 0; i < rows; i++) {
        StringBuilder line = new StringBuilder(80);
        line.append(i).append(',');
        if (i % 10 != 3) {
          line.append(i % 1000 - 500);
        }
        line.append(',');
        line.append(BigDecimal.valueOf(i * 7L % 100_000, 2).toPlainString()).append(',');
        line.append(day.plusDays(i % 2000)).append(',');
        if (i % 17 != 0) {
          line.append(base.plusSeconds(i * 13L).plusNanos((i % 1000) * 1000L)).append(',');
        } else {
          line.append(',');
        }
        line.append(i % 11 == 0 ? "\"name, " + i + "\"" : "name-" + (i % 5000));
        out.write(line.append('\n').toString());
      }
    }
  }

  /** The lines of a file by id (the first field): every id once, the header line checked. */
  static String[] byId(Path file) throws Exception {
    String[] lines = new String[ROWS];
    try (java.io.BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      assertThat(reader.readLine()).isEqualTo("id,n,price,day,ts,name");
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        int id = Integer.parseInt(line.substring(0, line.indexOf(',')));
        assertThat(lines[id]).as("id %s twice", id).isNull();
        lines[id] = line;
      }
    }
    for (int i = 0; i < ROWS; i++) {
      assertThat(lines[i]).as("line of id %s", i).isNotNull();
    }
    return lines;
  }

  @Test
  void csvImportThenExportGivesTheSameRows() throws Exception {
    Path input = dir.resolve("in.csv");
    writeInput(input, ROWS);
    try (Floe floe = Floe.local(dir.resolve("warehouse"))) {
      floe.createNamespace("db");
      FloeTable table = floe.createTable("db.big").schema(SCHEMA).create();
      ImportResult imported = FileImport.into(table).from(input).run();
      assertThat(imported.rowsWritten()).isEqualTo(ROWS);
      assertThat(table.refresh().snapshots()).hasSize(1);
      assertThat(table.newScan().count()).isEqualTo(ROWS);

      Path output = dir.resolve("out.csv");
      ExportResult exported = FileExport.from(table).to(output).run();
      assertThat(exported.rows()).isEqualTo(ROWS);
      String[] in = byId(input);
      String[] out = byId(output);
      for (int i = 0; i < ROWS; i++) {
        if (!in[i].equals(out[i])) {
          assertThat(out[i]).as("the exported line of id %s", i).isEqualTo(in[i]);
        }
      }
    }
  }
}
