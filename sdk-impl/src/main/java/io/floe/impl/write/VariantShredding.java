package io.floe.impl.write;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.VariantShreddingFunction;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.variants.PhysicalType;
import org.apache.iceberg.variants.ShreddedObject;
import org.apache.iceberg.variants.Variant;
import org.apache.iceberg.variants.VariantObject;
import org.apache.iceberg.variants.VariantValue;
import org.apache.iceberg.variants.Variants;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Shredded storage of variant columns: the table property {@value #PREFIX}{@code <column>} declares
 * top-level fields of a variant column's objects and their types ({@code "user:string, n:long,
 * price:decimal(9,2)"}); the Parquet files then hold each such field as its own typed column
 * ({@code typed_value}) beside the residual binary, as the Parquet variant shredding spec lays them
 * out, and Iceberg's variant writer fills them (values of another type stay in the residual).
 * Readers rebuild the same variants whether files are shredded or not.
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
   * What rows need before Iceberg's shredding writer sees them: it fills a typed column only with
   * values of exactly its variant type, and Floe encodes integers in their smallest width, so the
   * integers of fields declared {@code int} or {@code long} are widened (Floe reads every integer
   * width back as the same value). Rows other than generic records pass unchanged.
   *
   * @param schema the schema written
   * @param props the table's properties
   * @return the function, or null when no variant field is declared {@code int} or {@code long}
   */
  public static java.util.function.UnaryOperator<Object> widening(
      Schema schema, Map<String, String> props) {
    Map<Integer, Map<String, PhysicalType>> widen = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : props.entrySet()) {
      if (!e.getKey().startsWith(PREFIX) || e.getValue().isBlank()) {
        continue;
      }
      String column = e.getKey().substring(PREFIX.length());
      int pos = -1;
      for (int i = 0; i < schema.columns().size(); i++) {
        if (schema.columns().get(i).name().equals(column)
            && schema.columns().get(i).type().typeId() == Type.TypeID.VARIANT) {
          pos = i;
        }
      }
      if (pos < 0) {
        continue;
      }
      Map<String, PhysicalType> fields = new LinkedHashMap<>();
      for (String part : e.getValue().split(",(?![^()]*\\))")) {
        int colon = part.lastIndexOf(':');
        String type = part.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        if (type.equals("long")) {
          fields.put(part.substring(0, colon).trim(), PhysicalType.INT64);
        } else if (type.equals("int")) {
          fields.put(part.substring(0, colon).trim(), PhysicalType.INT32);
        }
      }
      if (!fields.isEmpty()) {
        widen.put(pos, fields);
      }
    }
    if (widen.isEmpty()) {
      return null;
    }
    return row -> {
      if (!(row instanceof Record record)) {
        return row;
      }
      Record out = null;
      for (Map.Entry<Integer, Map<String, PhysicalType>> e : widen.entrySet()) {
        Object value = record.get(e.getKey());
        if (value instanceof Variant v && v.value().type() == PhysicalType.OBJECT) {
          Variant widened = widen(v, e.getValue());
          if (widened != v) {
            if (out == null) {
              out = record.copy();
            }
            out.set(e.getKey(), widened);
          }
        }
      }
      return out == null ? row : out;
    };
  }

  private static Variant widen(Variant variant, Map<String, PhysicalType> fields) {
    VariantObject object = variant.value().asObject();
    ShreddedObject copy = null;
    for (Map.Entry<String, PhysicalType> f : fields.entrySet()) {
      VariantValue v = object.get(f.getKey());
      if (v == null || v.type() == f.getValue()) {
        continue;
      }
      VariantValue wide = null;
      if (v.type() == PhysicalType.INT8
          || v.type() == PhysicalType.INT16
          || v.type() == PhysicalType.INT32
          || v.type() == PhysicalType.INT64) {
        long l = ((Number) v.asPrimitive().get()).longValue();
        if (f.getValue() == PhysicalType.INT64) {
          wide = Variants.of(l);
        } else if (l == (int) l) {
          wide = Variants.of((int) l);
        }
      }
      if (wide != null) {
        if (copy == null) {
          copy = Variants.object(variant.metadata(), object);
        }
        copy.put(f.getKey(), wide);
      }
    }
    return copy == null ? variant : Variant.of(variant.metadata(), copy);
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
                    : precision <= 18
                        ? PrimitiveTypeName.INT64
                        : PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
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
