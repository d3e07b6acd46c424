package io.floe.impl.write;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.VariantShreddingFunction;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Shredded storage of variant columns: the table property {@value #PREFIX}{@code <column>} declares
 * top-level fields of a variant column's objects and their types ({@code "user:string,
 * n:long, price:decimal(9,2)"}); the Parquet files then hold each such field as its own typed
 * column ({@code typed_value}) beside the residual binary, as the Parquet variant shredding spec
 * lays them out, and Iceberg's variant writer fills them (values of another type stay in the
 * residual). Readers rebuild the same variants whether files are shredded or not.
 */
public final class VariantShredding {
  /** Table property prefix declaring the shredded fields of a variant column. */
  public static final String PREFIX = "floe.variant.shredded-fields.";

  private VariantShredding() {}

  /**
   * The Parquet schema of a data file: Iceberg's conversion, with the declared variant fields
   * shredded.
   *
   * @param table the file written, for messages
   * @param schema the Iceberg schema written
   * @param props the table's properties
   * @param name the Parquet message name
   * @return the Parquet schema
   * @throws IllegalArgumentException when a declaration is malformed (names the column)
   */
  public static MessageType parquetType(
      String table, Schema schema, Map<String, String> props, String name) {
    Map<Integer, org.apache.parquet.schema.Type> shredded = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : props.entrySet()) {
      if (!e.getKey().startsWith(PREFIX) || e.getValue().isBlank()) {
        continue;
      }
      String column = e.getKey().substring(PREFIX.length());
      Types.NestedField field = schema.findField(column);
      if (field == null || field.type().typeId() != Type.TypeID.VARIANT) {
        continue; // not written in this file (a delete file's schema) or not a variant
      }
      shredded.put(field.fieldId(), typedValue(table, column, e.getValue()));
    }
    if (shredded.isEmpty()) {
      return ParquetSchemaUtil.convert(schema, name);
    }
    VariantShreddingFunction func = (id, fieldName) -> shredded.get(id);
    return ParquetSchemaUtil.convert(schema, name, func);
  }

  /**
   * Checks a declaration.
   *
   * @param spec the property value
   * @return null when valid, else the problem
   */
  public static String check(String spec) {
    try {
      typedValue("", "", spec);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static org.apache.parquet.schema.Type typedValue(
      String table, String column, String spec) {
    org.apache.parquet.schema.Types.GroupBuilder<GroupType> object =
        org.apache.parquet.schema.Types.optionalGroup();
    for (String part : spec.split(",(?![^()]*\\))")) {
      String p = part.trim();
      int colon = p.lastIndexOf(':');
      if (colon <= 0 || colon == p.length() - 1) {
        throw bad(table, column, spec, "'" + p + "' is not name:type");
      }
      String fieldName = p.substring(0, colon).trim();
      String type = p.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      object.addField(
          org.apache.parquet.schema.Types.requiredGroup()
              .optional(PrimitiveTypeName.BINARY)
              .named("value")
              .addField(primitive(table, column, spec, type))
              .named(fieldName));
    }
    return object.named("typed_value");
  }

  private static org.apache.parquet.schema.Type primitive(
      String table, String column, String spec, String type) {
    switch (type) {
      case "boolean":
        return org.apache.parquet.schema.Types.optional(PrimitiveTypeName.BOOLEAN)
            .named("typed_value");
      case "int":
        return org.apache.parquet.schema.Types.optional(PrimitiveTypeName.INT32)
            .as(LogicalTypeAnnotation.intType(32, true))
            .named("typed_value");
      case "long":
        return org.apache.parquet.schema.Types.optional(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.intType(64, true))
            .named("typed_value");
      case "float":
        return org.apache.parquet.schema.Types.optional(PrimitiveTypeName.FLOAT)
            .named("typed_value");
      case "double":
        return org.apache.parquet.schema.Types.optional(PrimitiveTypeName.DOUBLE)
            .named("typed_value");
      case "string":
        return org.apache.parquet.schema.Types.optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("typed_value");
      case "binary":
        return org.apache.parquet.schema.Types.optional(PrimitiveTypeName.BINARY)
            .named("typed_value");
      case "date":
        return org.apache.parquet.schema.Types.optional(PrimitiveTypeName.INT32)
            .as(LogicalTypeAnnotation.dateType())
            .named("typed_value");
      case "timestamp":
      case "timestamptz":
        return org.apache.parquet.schema.Types.optional(PrimitiveTypeName.INT64)
            .as(
                LogicalTypeAnnotation.timestampType(
                    type.equals("timestamptz"), LogicalTypeAnnotation.TimeUnit.MICROS))
            .named("typed_value");
      default:
        if (type.startsWith("decimal(") && type.endsWith(")")) {
          String[] ps = type.substring(8, type.length() - 1).split(",");
          try {
            int precision = Integer.parseInt(ps[0].trim());
            int scale = ps.length > 1 ? Integer.parseInt(ps[1].trim()) : 0;
            if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
              throw bad(table, column, spec, "bad decimal " + type);
            }
            PrimitiveTypeName physical =
                precision <= 9
                    ? PrimitiveTypeName.INT32
                    : precision <= 18 ? PrimitiveTypeName.INT64 : PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
            var builder = org.apache.parquet.schema.Types.optional(physical);
            if (physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
              builder = builder.length(16);
            }
            return builder
                .as(LogicalTypeAnnotation.decimalType(scale, precision))
                .named("typed_value");
          } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw bad(table, column, spec, "bad decimal " + type);
          }
        }
        throw bad(
            table,
            column,
            spec,
            "unknown type '"
                + type
                + "' (use boolean, int, long, float, double, decimal(P,S), string, binary, date,"
                + " timestamp, timestamptz)");
    }
  }

  private static IllegalArgumentException bad(
      String table, String column, String spec, String problem) {
    return new IllegalArgumentException(
        "Invalid shredded fields '"
            + spec
            + "' for variant column "
            + column
            + (table.isEmpty() ? "" : " (writing " + table + ")")
            + ": "
            + problem);
  }
}
