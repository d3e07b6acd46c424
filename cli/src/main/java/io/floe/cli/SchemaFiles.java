package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.avro.AvroSchemas;
import io.floe.files.FileFormat;
import io.floe.files.SchemaInference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Reads the schema files {@code table create} and {@code schema diff|apply} take: an Avro schema
 * ({@code .avsc}, a record), an Iceberg JSON schema ({@code {"type":"struct",...}}), or a data file
 * (CSV, JSON lines, Parquet, Avro) whose schema is inferred by {@code floe-files}.
 *
 * <p>How the file's fields meet a table's columns when planning a change: by field id for an
 * Iceberg JSON schema and for an Avro schema whose fields carry {@code field-id} (so renames are
 * seen), by name for an Avro schema without ids and for a data file.
 */
final class SchemaFiles {
  /** What a schema file holds. */
  private sealed interface Content permits AvroFile, IcebergFile, DataFile {}

  private record AvroFile(org.apache.avro.Schema schema) implements Content {}

  private record IcebergFile(Schema schema) implements Content {}

  private record DataFile(Schema schema) implements Content {}

  private SchemaFiles() {}

  /**
   * The Iceberg schema of a file, to create a table from.
   *
   * @param cmd the command line, for usage errors
   * @param file the file
   * @return its schema
   */
  static Schema iceberg(CommandLine cmd, Path file) {
    Content content = read(cmd, file);
    if (content instanceof AvroFile avro) {
      return AvroSchemas.toIceberg(avro.schema());
    }
    return content instanceof IcebergFile iceberg
        ? iceberg.schema()
        : ((DataFile) content).schema();
  }

  /**
   * The file's schema as an Avro record schema for {@link io.floe.avro.AvroSchemaEvolution}: with
   * field ids where they are meaningful (an Iceberg JSON schema, an Avro schema with ids; a data
   * file's fields take the ids of the table's columns of the same name, new ones ids above them).
   *
   * @param cmd the command line, for usage errors
   * @param file the file
   * @param current the table's schema
   * @return the Avro schema to plan with
   */
  static org.apache.avro.Schema forPlan(CommandLine cmd, Path file, Schema current) {
    Content content = read(cmd, file);
    if (content instanceof AvroFile avro) {
      return avro.schema();
    }
    if (content instanceof IcebergFile iceberg) {
      return AvroSchemas.toAvro(iceberg.schema(), "record");
    }
    Schema byName = TypeUtil.reassignOrRefreshIds(((DataFile) content).schema(), current);
    Types.StructType relaxed = relax(byName.asStruct(), current.asStruct());
    return AvroSchemas.toAvro(new Schema(relaxed.fields()), "record");
  }

  /**
   * A data file's inferred types say what its values are, not what the table must become: a type
   * the table's column widens from (int data for a long column) takes the column's type, and a
   * column is required only where the table's already is (no null seen is not a declaration).
   */
  private static Types.StructType relax(Types.StructType inferred, Types.StructType table) {
    List<Types.NestedField> fields = new ArrayList<>();
    for (Types.NestedField f : inferred.fields()) {
      Types.NestedField existing = table == null ? null : table.field(f.fieldId());
      Type type = f.type();
      if (existing != null && type.isPrimitiveType() && existing.type().isPrimitiveType()) {
        if (TypeUtil.isPromotionAllowed(type, existing.type().asPrimitiveType())) {
          type = existing.type();
        }
      } else if (type.isStructType()) {
        type =
            relax(
                type.asStructType(),
                existing != null && existing.type().isStructType()
                    ? existing.type().asStructType()
                    : null);
      }
      boolean required = f.isRequired() && existing != null && existing.isRequired();
      fields.add(
          Types.NestedField.builder()
              .withId(f.fieldId())
              .withName(f.name())
              .ofType(type)
              .isOptional(!required)
              .withDoc(f.doc())
              .build());
    }
    return Types.StructType.of(fields);
  }

  private static Content read(CommandLine cmd, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(cmd, "Schema file " + file + " does not exist or is a folder");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    Optional<FileFormat> data = FileFormat.fromPath(file);
    if (!name.endsWith(".avsc") && !name.endsWith(".json") && data.isPresent()) {
      return inferred(file);
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ParameterException(cmd, "Cannot read schema file " + file + ": " + e.getMessage());
    }
    JsonNode json;
    try {
      json = Tabular.Json.PRETTY.readTree(text);
    } catch (IOException e) {
      if (data.isPresent()) {
        return inferred(file); // .json holding JSON lines
      }
      throw new ParameterException(
          cmd,
          "Schema file "
              + file
              + " is not JSON ("
              + FloeCli.oneLine(e)
              + "): give an Avro .avsc, an Iceberg JSON schema or a data file");
    }
    String type = json.path("type").asText("");
    try {
      if (type.equals("record") || name.endsWith(".avsc")) {
        return new AvroFile(new org.apache.avro.Schema.Parser().parse(text));
      }
      if (type.equals("struct")) {
        return new IcebergFile(SchemaParser.fromJson(json));
      }
    } catch (RuntimeException e) {
      throw new ParameterException(
          cmd,
          "Schema file " + file + " is not a valid schema: " + FloeCli.oneLine(e),
          e,
          null,
          null);
    }
    if (data.isPresent() && json.isObject() && !json.has("type")) {
      return inferred(file); // one JSON object: a JSON lines file of one record
    }
    throw new ParameterException(
        cmd,
        "Schema file "
            + file
            + " is neither an Avro record schema (\"type\": \"record\") nor an Iceberg schema"
            + " (\"type\": \"struct\") nor a data file (.csv, .jsonl, .parquet, .avro)");
  }

  private static Content inferred(Path file) {
    return new DataFile(SchemaInference.defaults().infer(file));
  }
}
