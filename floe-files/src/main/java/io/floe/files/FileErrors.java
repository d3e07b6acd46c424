package io.floe.files;

import io.floe.FloeIOException;
import io.floe.NotFoundException;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.io.IOException;
import java.nio.file.Path;

/** The errors of file imports and exports, one named factory per condition. */
final class FileErrors {
  private FileErrors() {}

  static InvalidRowException invalidRow(
      String table, String file, long line, BadValue bad, String raw) {
    StringBuilder message = new StringBuilder();
    message.append(file).append(", line ").append(line);
    if (bad.column != null) {
      message.append(", column ").append(bad.column);
    }
    message.append(": ").append(bad.reason());
    if (bad.value == null && raw != null && !raw.isEmpty()) {
      message.append(" (record: ").append(Values.shorten(raw)).append(')');
    }
    message
        .append(". Nothing was imported into ")
        .append(table)
        .append("; fix the row, or import with rejects(path) to set such rows aside.");
    return new InvalidRowException(
        message.toString(), table, file, line, bad.column, bad.value, null);
  }

  /** A file that cannot be read at all (not only one record): names the file and why. */
  static ValidationException unreadableFile(String table, Path file, String why, Throwable cause) {
    return new ValidationException(
        "Cannot import " + file + " into " + table + ": " + why + ". Nothing was imported.",
        table,
        null,
        file.toString(),
        cause);
  }

  static FloeIOException io(String operation, Path file, IOException e) {
    return new FloeIOException(
        operation, file.toString(), "Cannot " + operation + " " + file + ": " + e.getMessage(), e);
  }

  static NotFoundException noInput(Path input) {
    return new NotFoundException(
        "Input file " + input + " does not exist; check the path",
        null,
        null,
        input.toString(),
        null);
  }

  static UnsupportedFeatureException unknownFormat(Path file) {
    return new UnsupportedFeatureException(
        "Cannot tell the format of "
            + file
            + " from its name (csv, tsv, jsonl, ndjson, json, parquet, avro, arrow); "
            + "choose one with format(...)",
        null);
  }

  static UnsupportedFeatureException cannotImport(FileFormat format) {
    return new UnsupportedFeatureException(
        "Floe imports CSV, JSON lines, Parquet and Avro files, not " + format, null);
  }

  static NotFoundException noTable(String table) {
    return new NotFoundException(
        "Table " + table + " does not exist; create it first or import with createIfMissing()",
        table,
        null,
        null,
        null);
  }
}
