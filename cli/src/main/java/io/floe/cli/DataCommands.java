package io.floe.cli;

import io.floe.files.CsvOptions;
import io.floe.files.ExportResult;
import io.floe.files.FileExport;
import io.floe.files.FileFormat;
import io.floe.files.FileImport;
import io.floe.files.ImportResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** Data in and out: {@code import} and {@code export}, on the {@code floe-files} library. */
public final class DataCommands {
  private DataCommands() {}

  /** CSV options shared by both commands. */
  static final class CsvFlags {
    @Option(
        names = "--delimiter",
        paramLabel = "CHAR",
        description = "CSV field delimiter (default: ,; use '\\t' for tabs)")
    String delimiter;

    @Option(
        names = "--no-header",
        description = "CSV without a header line (columns in table order)")
    boolean noHeader;

    @Option(
        names = "--null-string",
        paramLabel = "TEXT",
        description = "CSV text that stands for null (default: an empty field)")
    String nullString;

    CsvOptions options(picocli.CommandLine line) {
      CsvOptions csv = CsvOptions.defaults();
      if (noHeader) {
        csv = csv.withoutHeader();
      }
      if (delimiter != null) {
        String d = delimiter.equals("\\t") ? "\t" : delimiter;
        if (d.length() != 1) {
          throw new ParameterException(
              line, "--delimiter must be one character, not '" + delimiter + "'");
        }
        csv = csv.delimiter(d.charAt(0));
      }
      if (nullString != null) {
        csv = csv.nullString(nullString);
      }
      return csv;
    }
  }

  static FileFormat fileFormat(picocli.CommandLine line, String name) {
    if (name == null) {
      return null;
    }
    switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "csv":
        return FileFormat.CSV;
      case "json":
      case "jsonl":
      case "json_lines":
        return FileFormat.JSON_LINES;
      case "parquet":
        return FileFormat.PARQUET;
      case "avro":
        return FileFormat.AVRO;
      case "arrow":
      case "ipc":
      case "arrow_ipc":
        return FileFormat.ARROW_IPC;
      default:
        throw new ParameterException(
            line, "--format " + name + " is not one of csv, json, parquet, avro, arrow");
    }
  }

  static io.floe.files.SchemaInference.OnConflict conflictPolicy(
      picocli.CommandLine line, String name) {
    switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "string":
        return io.floe.files.SchemaInference.OnConflict.STRING;
      case "variant":
        return io.floe.files.SchemaInference.OnConflict.VARIANT;
      case "fail":
        return io.floe.files.SchemaInference.OnConflict.FAIL;
      default:
        throw new ParameterException(
            line, "--on-conflict " + name + " is not one of string, variant, fail");
    }
  }

  /** {@code floe import TABLE INPUT... [--create] [--on-conflict P] [--rejects FILE]}. */
  @Command(
      name = "import",
      description = {
        "Import CSV, JSON lines, Parquet or Avro files (files, folders or globs) into a table in"
            + " one commit.",
        "A record that does not fit stops the import and nothing is committed, unless --rejects"
            + " names a file for such records. See docs/files.md."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe import analytics.events landing/events-2026-12-*.csv --create",
        "  floe import analytics.events dump.jsonl --rejects rejects.jsonl",
        "  floe import raw.payloads api.jsonl --create --on-conflict variant",
        "  floe import analytics.events export.parquet --output json"
      })
  static final class Import extends FloeCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table's full name")
    String name;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "INPUT",
        description = "Files, folders or globs (quote globs for the shell)")
    List<Path> inputs;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "csv, json, parquet or avro (default: from each file's extension)")
    String format;

    @Option(
        names = "--create",
        description =
            "Create the table when it does not exist, with a schema inferred from the data")
    boolean create;

    @Option(
        names = "--on-conflict",
        paramLabel = "POLICY",
        description =
            "With --create: what a JSON field of values of different kinds becomes: string"
                + " (default, JSON text), variant (a variant column; format v3) or fail")
    String onConflict;

    @Option(
        names = "--rejects",
        paramLabel = "FILE",
        description = "Write records that do not fit to FILE (JSON lines) and go on")
    Path rejects;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "CSV options%n")
    CsvFlags csv = new CsvFlags();

    @Override
    protected void run() {
      FileImport job = FileImport.into(floe(), name).from(inputs);
      FileFormat f = fileFormat(spec.commandLine(), format);
      if (f != null) {
        job = job.format(f);
      }
      job = job.csv(csv.options(spec.commandLine()));
      if (create) {
        job = job.createIfMissing();
      }
      if (onConflict != null) {
        job = job.onConflict(conflictPolicy(spec.commandLine(), onConflict));
      }
      if (rejects != null) {
        job = job.rejects(rejects);
      }
      ImportResult result;
      try (Progress progress = progress("import " + name, -1)) {
        job = job.progress(p -> progress.update(p.rowsDone(), p.bytesDone(), p.bytesTotal()));
        result = job.run();
      }
      Tabular out =
          Tabular.of(
              List.of(
                  "table",
                  "rows_written",
                  "rows_rejected",
                  "files",
                  "bytes",
                  "snapshot_id",
                  "created"));
      out.add(
          java.util.Arrays.asList(
              result.table(),
              result.rowsWritten(),
              result.rowsRejected(),
              result.files().size(),
              result.bytes(),
              result.snapshotId().isPresent() ? result.snapshotId().getAsLong() : null,
              result.tableCreated()));
      print(out);
      if (result.rowsRejected() > 0) {
        err().println(result.rowsRejected() + " rejected records are in " + rejects);
        err().flush();
      }
    }
  }

  /** {@code floe export TABLE FILE [--format F] [--where F] [--select C,...] [--as-of WHEN]}. */
  @Command(
      name = "export",
      description =
          "Export a table's rows (optionally filtered, projected, or as of an older state) to a"
              + " CSV, JSON lines, Parquet, Avro or Arrow IPC file.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe export analytics.events events.csv",
        "  floe export analytics.events books.parquet --where \"category = 'books'\"",
        "  floe export analytics.events old.jsonl --as-of 2026-01-31T00:00:00Z --select id,ts"
      })
  static final class Export extends QueryCommands.ScanBase {
    @Parameters(index = "1", paramLabel = "FILE", description = "The file to write (replaced)")
    Path target;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "csv, json, parquet, avro or arrow (default: from the file's extension)")
    String format;

    @Option(names = "--limit", paramLabel = "N", description = "Write at most N rows")
    Long limit;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "CSV options%n")
    CsvFlags csv = new CsvFlags();

    @Override
    long limit() {
      if (limit != null && limit < 0) {
        throw new ParameterException(spec.commandLine(), "--limit must be 0 or more, not " + limit);
      }
      return limit == null ? -1 : limit;
    }

    @Override
    protected void run() {
      FileExport job = FileExport.from(scan()).to(target);
      FileFormat f = fileFormat(spec.commandLine(), format);
      if (f != null) {
        job = job.format(f);
      }
      job = job.csv(csv.options(spec.commandLine()));
      ExportResult result;
      try (Progress progress = progress("export " + name, -1)) {
        job = job.progress(p -> progress.update(p.rowsDone(), p.bytesDone(), p.bytesTotal()));
        result = job.run();
      }
      Tabular out = Tabular.of(List.of("path", "format", "rows", "bytes"));
      out.add(List.of(result.path(), result.format().name(), result.rows(), result.bytes()));
      print(out);
    }
  }
}
