package io.floe.parquet.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Maps Iceberg schemas to Arrow schemas; field ids are kept in {@code PARQUET:field_id}. */
public final class ArrowTypes {
  /** The Arrow field metadata key holding the Iceberg field id. */
  public static final String FIELD_ID = "PARQUET:field_id";

  /**
   * The Arrow field metadata key saying which Iceberg type a field holds where the Arrow type does
   * not tell it: {@code variant} on the struct of a variant column.
   */
  public static final String ICEBERG_TYPE = "floe:iceberg_type";

  /** The name of a variant struct's child holding the variant metadata (field-name dictionary). */
  public static final String VARIANT_METADATA = "metadata";

  /** The name of a variant struct's child holding the encoded variant value. */
  public static final String VARIANT_VALUE = "value";

  private ArrowTypes() {}

  /**
   * Whether a struct holds a variant inside one of its fields (a struct, list or map holding a
   * variant), which Arrow scans read through the row reader; top-level variant fields are decoded.
   *
   * @param struct the struct
   * @return true when a field holds a variant below its top level
   */
  public static boolean hasNestedVariant(Types.StructType struct) {
    for (Types.NestedField field : struct.fields()) {
      if (field.type().typeId() != Type.TypeID.VARIANT && hasVariant(field.type())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a type is or holds a variant.
   *
   * @param type the type
   * @return true when a variant is inside
   */
  public static boolean hasVariant(Type type) {
    switch (type.typeId()) {
      case VARIANT:
        return true;
      case STRUCT:
        return type.asStructType().fields().stream().anyMatch(f -> hasVariant(f.type()));
      case LIST:
        return hasVariant(type.asListType().elementType());
      case MAP:
        return hasVariant(type.asMapType().valueType());
      default:
        return false;
    }
  }

  /**
   * Converts a schema.
   *
   * @param schema the Iceberg schema
   * @return the Arrow schema
   */
  public static org.apache.arrow.vector.types.pojo.Schema convert(Schema schema) {
    List<Field> fields = new ArrayList<>();
    for (Types.NestedField f : schema.columns()) {
      fields.add(field(f));
    }
    return new org.apache.arrow.vector.types.pojo.Schema(fields);
  }

  static Field field(Types.NestedField f) {
    return field(f.name(), f.fieldId(), f.isOptional(), f.type());
  }

  private static Field field(String name, int id, boolean nullable, Type type) {
    Map<String, String> meta = Map.of(FIELD_ID, Integer.toString(id));
    switch (type.typeId()) {
      case STRUCT:
        {
          List<Field> children = new ArrayList<>();
          for (Types.NestedField c : type.asStructType().fields()) {
            children.add(field(c));
          }
          return new Field(
              name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null, meta), children);
        }
      case LIST:
        {
          Types.ListType list = type.asListType();
          Field element =
              field("element", list.elementId(), list.isElementOptional(), list.elementType());
          return new Field(
              name, new FieldType(nullable, ArrowType.List.INSTANCE, null, meta), List.of(element));
        }
      case MAP:
        {
          Types.MapType map = type.asMapType();
          Field key = field("key", map.keyId(), false, map.keyType());
          Field value = field("value", map.valueId(), map.isValueOptional(), map.valueType());
          Field entries =
              new Field(
                  "entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value));
          return new Field(
              name,
              new FieldType(nullable, new ArrowType.Map(false), null, meta),
              List.of(entries));
        }
      case VARIANT:
        {
          // the Parquet variant layout: the two binaries of the variant encoding (unshredded)
          Map<String, String> variantMeta =
              Map.of(FIELD_ID, Integer.toString(id), ICEBERG_TYPE, "variant");
          return new Field(
              name,
              new FieldType(nullable, ArrowType.Struct.INSTANCE, null, variantMeta),
              List.of(
                  new Field(
                      VARIANT_METADATA,
                      FieldType.notNullable(ArrowType.Binary.INSTANCE),
                      List.of()),
                  new Field(
                      VARIANT_VALUE, FieldType.notNullable(ArrowType.Binary.INSTANCE), List.of())));
        }
      default:
        return new Field(name, new FieldType(nullable, primitive(type), null, meta), List.of());
    }
  }

  private static ArrowType primitive(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case INTEGER:
        return new ArrowType.Int(32, true);
      case LONG:
        return new ArrowType.Int(64, true);
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DATE:
        return new ArrowType.Date(DateUnit.DAY);
      case TIME:
        return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
      case TIMESTAMP:
        return new ArrowType.Timestamp(
            TimeUnit.MICROSECOND, ((Types.TimestampType) type).shouldAdjustToUTC() ? "UTC" : null);
      case TIMESTAMP_NANO:
        return new ArrowType.Timestamp(
            TimeUnit.NANOSECOND,
            ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? "UTC" : null);
      case STRING:
        return ArrowType.Utf8.INSTANCE;
      case UUID:
        return new ArrowType.FixedSizeBinary(16);
      case FIXED:
        return new ArrowType.FixedSizeBinary(((Types.FixedType) type).length());
      case BINARY:
        return ArrowType.Binary.INSTANCE;
      case DECIMAL:
        Types.DecimalType d = (Types.DecimalType) type;
        return new ArrowType.Decimal(d.precision(), d.scale(), 128);
      default:
        throw new UnsupportedTypeException(type);
    }
  }

  /** Thrown for an Iceberg type that has no Arrow mapping here (geometry, geography, unknown). */
  public static final class UnsupportedTypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedTypeException(Type type) {
      super("Arrow scans do not support the Iceberg type " + type);
    }
  }
}
