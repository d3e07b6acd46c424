package io.floe.parquet.internal;

import org.apache.iceberg.types.Type;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/** How one Parquet physical type is written into the Arrow vector of the expected Iceberg type. */
enum ValueKind {
  INT32(4),
  INT32_TO_INT64(8),
  INT32_TO_DECIMAL(16),
  INT64(8),
  INT64_TO_DECIMAL(16),
  FLOAT(4),
  FLOAT_TO_DOUBLE(8),
  DOUBLE(8),
  BOOLEAN(0),
  VARBINARY(0),
  FIXED(0),
  FIXED_TO_DECIMAL(16),
  BINARY_TO_DECIMAL(16),
  /** Spark's and Hive's legacy timestamps: nanoseconds of the day and a Julian day, 12 bytes. */
  INT96_TO_TIMESTAMP(8);

  final int width;

  ValueKind(int width) {
    this.width = width;
  }

  /** Thrown when a file's column cannot be read as the table's type. */
  static final class MismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MismatchException(String message) {
      super(message);
    }
  }

  static ValueKind of(PrimitiveType p, Type t) {
    PrimitiveType.PrimitiveTypeName n = p.getPrimitiveTypeName();
    switch (t.typeId()) {
      case BOOLEAN:
        if (n == PrimitiveType.PrimitiveTypeName.BOOLEAN) {
          return BOOLEAN;
        }
        break;
      case INTEGER:
      case DATE:
        if (n == PrimitiveType.PrimitiveTypeName.INT32) {
          return INT32;
        }
        break;
      case LONG:
        if (n == PrimitiveType.PrimitiveTypeName.INT32) {
          return INT32_TO_INT64;
        }
        if (n == PrimitiveType.PrimitiveTypeName.INT64) {
          return INT64;
        }
        break;
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        if (n == PrimitiveType.PrimitiveTypeName.INT64) {
          return INT64;
        }
        if (n == PrimitiveType.PrimitiveTypeName.INT96 && t.typeId() != Type.TypeID.TIME) {
          return INT96_TO_TIMESTAMP;
        }
        break;
      case FLOAT:
        if (n == PrimitiveType.PrimitiveTypeName.FLOAT) {
          return FLOAT;
        }
        break;
      case DOUBLE:
        if (n == PrimitiveType.PrimitiveTypeName.FLOAT) {
          return FLOAT_TO_DOUBLE;
        }
        if (n == PrimitiveType.PrimitiveTypeName.DOUBLE) {
          return DOUBLE;
        }
        break;
      case STRING:
      case BINARY:
        if (n == PrimitiveType.PrimitiveTypeName.BINARY) {
          return VARBINARY;
        }
        break;
      case FIXED:
      case UUID:
        if (n == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
          return FIXED;
        }
        break;
      case DECIMAL:
        switch (n) {
          case INT32:
            return INT32_TO_DECIMAL;
          case INT64:
            return INT64_TO_DECIMAL;
          case FIXED_LEN_BYTE_ARRAY:
            return FIXED_TO_DECIMAL;
          case BINARY:
            return BINARY_TO_DECIMAL;
          default:
            break;
        }
        break;
      default:
        break;
    }
    throw new MismatchException("Parquet type " + p + " cannot be read as Iceberg type " + t);
  }

  /** The factor that converts the file's time unit to the table's (1 when they agree). */
  static long scale(PrimitiveType p, Type t) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    LogicalTypeAnnotation.TimeUnit unit = null;
    if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
      unit = ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) a).getUnit();
    } else if (a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
      unit = ((LogicalTypeAnnotation.TimeLogicalTypeAnnotation) a).getUnit();
    }
    if (unit == null) {
      return 1;
    }
    boolean nanosWanted = t.typeId() == Type.TypeID.TIMESTAMP_NANO;
    switch (unit) {
      case MILLIS:
        return nanosWanted ? 1_000_000L : 1_000L;
      case MICROS:
        return nanosWanted ? 1_000L : 1;
      default:
        if (!nanosWanted) {
          throw new MismatchException("Parquet type " + p + " cannot be read as " + t);
        }
        return 1;
    }
  }
}
