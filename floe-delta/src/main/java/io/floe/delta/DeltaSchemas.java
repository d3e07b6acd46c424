package io.floe.delta;

import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.floe.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.mapping.MappedField;
import org.apache.iceberg.mapping.MappedFields;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Converts a Delta schema to an Iceberg schema and the name mapping that lets Iceberg readers find
 * the columns of Delta's Parquet files.
 *
 * <p>Without column mapping, Delta's files carry no field ids: fresh Iceberg ids are assigned and
 * the name mapping maps them to the column names. With column mapping ({@code id} or {@code name}
 * mode) the files carry Delta's column ids as Parquet field ids, so those ids become the Iceberg
 * ids, and the mapping also knows the physical names.
 */
final class DeltaSchemas {
  private final String table;
  private final boolean mapped;
  private int nextId;

  /** A converted schema and its name mapping. */
  record Converted(Schema schema, NameMapping mapping) {}

  private DeltaSchemas(String table, boolean mapped, int firstFreeId) {
    this.table = table;
    this.mapped = mapped;
    this.nextId = firstFreeId;
  }

  /**
   * Converts a Delta table schema.
   *
   * @param table the Delta table location, for messages
   * @param schema the Delta schema
   * @param columnMapped whether the table uses Delta column mapping (id or name mode)
   * @return the Iceberg schema and name mapping
   * @throws UnsupportedFeatureException for types Iceberg cannot hold, or nested lists/maps under
   *     column mapping
   */
  static Converted convert(String table, StructType schema, boolean columnMapped) {
    int max = 0;
    if (columnMapped) {
      max = maxId(schema);
    }
    DeltaSchemas converter = new DeltaSchemas(table, columnMapped, columnMapped ? max + 1 : 1);
    List<MappedField> mapping = new ArrayList<>();
    List<Types.NestedField> fields = converter.fields(schema, mapping, "");
    return new Converted(new Schema(fields), NameMapping.of(mapping));
  }

  private static int maxId(StructType struct) {
    int max = 0;
    for (StructField field : struct.fields()) {
      if (field.getMetadata().contains(ColumnMapping.COLUMN_MAPPING_ID_KEY)) {
        max = Math.max(max, ColumnMapping.getColumnId(field));
      }
      if (field.getDataType() instanceof StructType nested) {
        max = Math.max(max, maxId(nested));
      }
    }
    return max;
  }

  private List<Types.NestedField> fields(
      StructType struct, List<MappedField> mapping, String path) {
    // ids of this level first (as Iceberg does), then the nested levels
    List<StructField> deltaFields = struct.fields();
    int[] ids = new int[deltaFields.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = idOf(deltaFields.get(i));
    }
    List<Types.NestedField> out = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      StructField field = deltaFields.get(i);
      List<MappedField> nested = new ArrayList<>();
      Type type = type(field.getDataType(), nested, path + field.getName());
      Set<String> names = new LinkedHashSet<>();
      names.add(field.getName());
      if (mapped) {
        names.add(ColumnMapping.getPhysicalName(field));
      }
      mapping.add(MappedField.of(ids[i], names, nested.isEmpty() ? null : MappedFields.of(nested)));
      out.add(Types.NestedField.of(ids[i], field.isNullable(), field.getName(), type));
    }
    return out;
  }

  private int idOf(StructField field) {
    if (mapped) {
      return ColumnMapping.getColumnId(field);
    }
    return nextId++;
  }

  private Type type(DataType type, List<MappedField> mapping, String path) {
    if (type instanceof BooleanType) {
      return Types.BooleanType.get();
    } else if (type instanceof ByteType
        || type instanceof ShortType
        || type instanceof IntegerType) {
      return Types.IntegerType.get();
    } else if (type instanceof LongType) {
      return Types.LongType.get();
    } else if (type instanceof FloatType) {
      return Types.FloatType.get();
    } else if (type instanceof DoubleType) {
      return Types.DoubleType.get();
    } else if (type instanceof DecimalType d) {
      return Types.DecimalType.of(d.getPrecision(), d.getScale());
    } else if (type instanceof StringType) {
      return Types.StringType.get();
    } else if (type instanceof BinaryType) {
      return Types.BinaryType.get();
    } else if (type instanceof DateType) {
      return Types.DateType.get();
    } else if (type instanceof TimestampType) {
      return Types.TimestampType.withZone();
    } else if (type instanceof TimestampNTZType) {
      return Types.TimestampType.withoutZone();
    } else if (type instanceof StructType struct) {
      return Types.StructType.of(fields(struct, mapping, path + "."));
    } else if (type instanceof ArrayType array) {
      checkNotMapped(path, "array");
      int elementId = nextId++;
      List<MappedField> nested = new ArrayList<>();
      Type element = type(array.getElementType(), nested, path + ".element");
      mapping.add(
          MappedField.of(elementId, "element", nested.isEmpty() ? null : MappedFields.of(nested)));
      return array.containsNull()
          ? Types.ListType.ofOptional(elementId, element)
          : Types.ListType.ofRequired(elementId, element);
    } else if (type instanceof MapType map) {
      checkNotMapped(path, "map");
      int keyId = nextId++;
      int valueId = nextId++;
      List<MappedField> keyNested = new ArrayList<>();
      List<MappedField> valueNested = new ArrayList<>();
      Type key = type(map.getKeyType(), keyNested, path + ".key");
      Type value = type(map.getValueType(), valueNested, path + ".value");
      mapping.add(
          MappedField.of(keyId, "key", keyNested.isEmpty() ? null : MappedFields.of(keyNested)));
      mapping.add(
          MappedField.of(
              valueId, "value", valueNested.isEmpty() ? null : MappedFields.of(valueNested)));
      return map.isValueContainsNull()
          ? Types.MapType.ofOptional(keyId, valueId, key, value)
          : Types.MapType.ofRequired(keyId, valueId, key, value);
    }
    throw DeltaErrors.unsupportedType(table, path, type);
  }

  private void checkNotMapped(String path, String kind) {
    if (mapped) {
      throw DeltaErrors.mappedNested(table, path, kind);
    }
  }
}
