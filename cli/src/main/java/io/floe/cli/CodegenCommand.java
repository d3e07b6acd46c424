package io.floe.cli;

import io.floe.FloeTable;
import io.floe.codegen.GeneratedRecord;
import io.floe.codegen.RecordGenerator;
import io.floe.codegen.SchemaChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code floe codegen TABLE --package P --out DIR} (or {@code --schema FILE} instead of a table):
 * writes a Java record of the table's current schema ({@link RecordGenerator}); when the file is
 * already there, first prints how the schema changed since it was generated ({@link
 * RecordGenerator#compare}).
 */
@Command(
    name = "codegen",
    description = {
      "Generate a Java record of a table's rows (nested records for structs, components annotated"
          + " with their Iceberg field ids), for scan.as(Record.class) and"
          + " newAppend().objects(...).",
      "When the source file already exists, prints what changed since it was generated (added,"
          + " removed, renamed, widened fields) and whether code using it keeps working. With"
          + " --check nothing is written and the exit code is 1 when a change is incompatible."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floe codegen analytics.events --package com.acme.model --out src/main/java",
      "  floe codegen analytics.events --package com.acme.model --out src/main/java --check",
      "  floe codegen --schema event.avsc --package com.acme.model --out src/main/java"
    })
final class CodegenCommand extends FloeCommand {
  @picocli.CommandLine.Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "TABLE",
      description = "The table's full name (ns.table); or give --schema")
  String name;

  @Option(
      names = "--schema",
      paramLabel = "FILE",
      description =
          "Generate from a schema file instead of a table: an Avro schema (.avsc), an Iceberg"
              + " JSON schema, or a data file whose schema is inferred")
  Path schemaFile;

  @Option(
      names = "--package",
      required = true,
      paramLabel = "P",
      description = "The Java package of the record")
  String packageName;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The source root (the file goes to DIR/<package dirs>/<Name>.java)")
  Path out;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The record's name (default: the table's name in PascalCase)")
  String recordName;

  @Option(
      names = "--check",
      description = "Report changes only; exit code 1 when one is incompatible")
  boolean check;

  @Override
  protected void run() {
    if ((name == null) == (schemaFile == null)) {
      throw new ParameterException(
          spec.commandLine(), "Give either a TABLE or --schema FILE (exactly one)");
    }
    Schema schema;
    String defaultName;
    if (name != null) {
      FloeTable table = table(name);
      schema = table.schema();
      defaultName = RecordGenerator.recordName(table.name());
    } else {
      schema = SchemaFiles.iceberg(spec.commandLine(), schemaFile);
      String file = schemaFile.getFileName().toString();
      defaultName =
          RecordGenerator.recordName(
              file.contains(".") ? file.substring(0, file.indexOf('.')) : file);
    }
    GeneratedRecord generated;
    try {
      generated =
          RecordGenerator.of(packageName)
              .generate(recordName != null ? recordName : defaultName, schema);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path file = generated.file(out);
    Optional<Schema> earlier = Optional.empty();
    if (Files.exists(file)) {
      try {
        earlier = RecordGenerator.recordedSchema(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    boolean incompatible = false;
    if (earlier.isPresent()) {
      List<SchemaChange> changes = RecordGenerator.compare(earlier.get(), schema);
      Tabular rows =
          Tabular.of(List.of("change", "field_id", "field", "before", "after", "compatible"));
      for (SchemaChange c : changes) {
        rows.add(
            Arrays.asList(
                c.kind().name().toLowerCase(java.util.Locale.ROOT),
                c.fieldId(),
                c.field(),
                c.before(),
                c.after(),
                c.compatible()));
        incompatible |= !c.compatible();
      }
      print(rows);
      note(
          changes.isEmpty()
              ? file + ": no change since it was generated"
              : file
                  + ": "
                  + changes.size()
                  + " change(s) since it was generated; "
                  + (incompatible
                      ? "code using the earlier record needs the new one"
                      : "code using the earlier record keeps working"));
    } else if (check) {
      note(file + " does not exist or was not generated by floe codegen");
      exitWith(ExitCodes.FAILURE);
      return;
    }
    if (check) {
      if (incompatible) {
        exitWith(ExitCodes.FAILURE);
      }
      return;
    }
    generated.write(out);
    note(
        "wrote " + file + " (" + generated.qualifiedName() + ", schema " + schema.schemaId() + ")");
  }
}
