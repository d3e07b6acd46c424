package io.floe.files;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The file formats Floe reads into tables ({@link FileImport}) and writes tables' data to ({@link
 * FileExport}).
 *
 * <pre>{@code
 * FileFormat format = FileFormat.fromPath(Path.of("events.jsonl")).orElse(FileFormat.CSV);
 * }</pre>
 */
public enum FileFormat {
  /**
   * Comma-separated (or other delimiter) text, see {@link CsvOptions}; extensions csv, tsv, txt.
   */
  CSV,
  /** One JSON object per line; extensions jsonl, ndjson, json. */
  JSON_LINES,
  /** Apache Parquet; extension parquet. */
  PARQUET,
  /** Apache Avro object container files; extension avro. */
  AVRO,
  /** Arrow IPC file format (export only); extensions arrow, ipc, feather. */
  ARROW_IPC;

  /**
   * The format a file's extension names.
   *
   * @param path the file
   * @return the format, or empty when the extension names none of them
   */
  public static Optional<FileFormat> fromPath(Path path) {
    Objects.requireNonNull(path, "path");
    Path name = path.getFileName();
    if (name == null) {
      return Optional.empty();
    }
    String file = name.toString().toLowerCase(Locale.ROOT);
    int dot = file.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    switch (file.substring(dot + 1)) {
      case "csv":
      case "tsv":
      case "txt":
        return Optional.of(CSV);
      case "jsonl":
      case "ndjson":
      case "json":
        return Optional.of(JSON_LINES);
      case "parquet":
        return Optional.of(PARQUET);
      case "avro":
        return Optional.of(AVRO);
      case "arrow":
      case "ipc":
      case "feather":
        return Optional.of(ARROW_IPC);
      default:
        return Optional.empty();
    }
  }
}
