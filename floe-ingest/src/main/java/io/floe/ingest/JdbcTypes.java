package io.floe.ingest;

import io.floe.UnsupportedFeatureException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Maps JDBC columns (from {@link ResultSetMetaData}) to Iceberg types and reads their values as the
 * Java values Floe's writes take. Stateless.
 */
final class JdbcTypes {
  private JdbcTypes() {}

  /** The Iceberg schema of a query's columns; overrides win over the mapping. */
  static Schema schema(
      String source, ResultSetMetaData md, Map<String, Type> overrides, List<String> required)
      throws SQLException {
    List<Types.NestedField> fields = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      String name = md.getColumnLabel(i);
      Type type = overrides.get(name);
      if (type == null) {
        type = map(source, name, md.getColumnType(i), md.getColumnTypeName(i), md, i);
      }
      boolean notNull =
          required.contains(name) || md.isNullable(i) == ResultSetMetaData.columnNoNulls;
      fields.add(
          notNull
              ? Types.NestedField.required(i, name, type)
              : Types.NestedField.optional(i, name, type));
    }
    return new Schema(fields);
  }

  static Type map(
      String source, String column, int jdbcType, String typeName, ResultSetMetaData md, int i)
      throws SQLException {
    String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    switch (jdbcType) {
      case java.sql.Types.BOOLEAN:
      case java.sql.Types.BIT:
        return Types.BooleanType.get();
      case java.sql.Types.TINYINT:
      case java.sql.Types.SMALLINT:
      case java.sql.Types.INTEGER:
        return Types.IntegerType.get();
      case java.sql.Types.BIGINT:
        return Types.LongType.get();
      case java.sql.Types.REAL:
        return Types.FloatType.get();
      case java.sql.Types.FLOAT:
      case java.sql.Types.DOUBLE:
        return Types.DoubleType.get();
      case java.sql.Types.NUMERIC:
      case java.sql.Types.DECIMAL:
        {
          int precision = md.getPrecision(i);
          int scale = md.getScale(i);
          if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
            throw new UnsupportedFeatureException(
                "Column "
                    + column
                    + " of "
                    + source
                    + " is "
                    + typeName
                    + " with precision "
                    + precision
                    + " and scale "
                    + scale
                    + ", which no Iceberg decimal holds (precision 1 to 38); declare its"
                    + " precision in the database, or map it with"
                    + " columnType(\""
                    + column
                    + "\", Types.DecimalType.of(p, s)) or Types.DoubleType.get()",
                null);
          }
          return Types.DecimalType.of(precision, scale);
        }
      case java.sql.Types.CHAR:
      case java.sql.Types.VARCHAR:
      case java.sql.Types.LONGVARCHAR:
      case java.sql.Types.NCHAR:
      case java.sql.Types.NVARCHAR:
      case java.sql.Types.LONGNVARCHAR:
      case java.sql.Types.CLOB:
      case java.sql.Types.NCLOB:
        return Types.StringType.get();
      case java.sql.Types.DATE:
        return Types.DateType.get();
      case java.sql.Types.TIME:
        return Types.TimeType.get();
      case java.sql.Types.TIMESTAMP:
        return name.equals("timestamptz")
            ? Types.TimestampType.withZone()
            : Types.TimestampType.withoutZone();
      case java.sql.Types.TIMESTAMP_WITH_TIMEZONE:
        return Types.TimestampType.withZone();
      case java.sql.Types.BINARY:
      case java.sql.Types.VARBINARY:
      case java.sql.Types.LONGVARBINARY:
      case java.sql.Types.BLOB:
        return Types.BinaryType.get();
      default:
        break;
    }
    switch (name) {
      case "uuid":
        return Types.UUIDType.get();
      case "json":
      case "jsonb":
      case "xml":
        return Types.StringType.get();
      default:
        throw new UnsupportedFeatureException(
            "Column "
                + column
                + " of "
                + source
                + " has the database type "
                + typeName
                + " (JDBC type "
                + jdbcType
                + "), which Floe does not map to an Iceberg type; cast it in the query"
                + " (query(...)), or map it with columnType(\""
                + column
                + "\", Types.StringType.get())",
            null);
    }
  }

  /** Reads column i (1-based) as the Java value Floe's writes take for its Iceberg type. */
  static Object read(ResultSet rs, int i, Type type) throws SQLException {
    Object value;
    switch (type.typeId()) {
      case BOOLEAN:
        value = rs.getBoolean(i);
        break;
      case INTEGER:
        value = rs.getInt(i);
        break;
      case LONG:
        value = rs.getLong(i);
        break;
      case FLOAT:
        value = rs.getFloat(i);
        break;
      case DOUBLE:
        value = rs.getDouble(i);
        break;
      case DECIMAL:
        {
          BigDecimal d = rs.getBigDecimal(i);
          value =
              d == null
                  ? null
                  : d.setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY);
          break;
        }
      case STRING:
        value = rs.getString(i);
        break;
      case DATE:
        value = object(rs, i, LocalDate.class);
        if (value == null && !rs.wasNull()) {
          value = rs.getDate(i) == null ? null : rs.getDate(i).toLocalDate();
        }
        break;
      case TIME:
        value = object(rs, i, LocalTime.class);
        if (value == null && !rs.wasNull()) {
          value = rs.getTime(i) == null ? null : rs.getTime(i).toLocalTime();
        }
        break;
      case TIMESTAMP:
        if (((Types.TimestampType) type).shouldAdjustToUTC()) {
          value = object(rs, i, OffsetDateTime.class);
          if (value == null && !rs.wasNull()) {
            java.sql.Timestamp ts = rs.getTimestamp(i);
            value = ts == null ? null : ts.toInstant().atOffset(ZoneOffset.UTC);
          }
        } else {
          value = object(rs, i, LocalDateTime.class);
          if (value == null && !rs.wasNull()) {
            java.sql.Timestamp ts = rs.getTimestamp(i);
            value = ts == null ? null : ts.toLocalDateTime();
          }
        }
        break;
      case BINARY:
      case FIXED:
        {
          byte[] bytes = rs.getBytes(i);
          value = bytes == null ? null : ByteBuffer.wrap(bytes);
          break;
        }
      case UUID:
        {
          Object o = rs.getObject(i);
          value = o == null ? null : o instanceof UUID u ? u : UUID.fromString(o.toString());
          break;
        }
      default:
        value = rs.getObject(i);
    }
    return rs.wasNull() ? null : value;
  }

  private static <T> T object(ResultSet rs, int i, Class<T> type) throws SQLException {
    try {
      return rs.getObject(i, type);
    } catch (SQLException | RuntimeException e) {
      return null; // drivers without JSR-310 support: the caller falls back
    }
  }

  /** A watermark value as text for the snapshot summary. */
  static String format(Object value) {
    return value instanceof ByteBuffer ? null : value.toString();
  }

  /** A watermark from the summary, as the value to bind for a column of this type. */
  static Object parse(String text, Type type) {
    switch (type.typeId()) {
      case INTEGER:
        return Integer.parseInt(text);
      case LONG:
        return Long.parseLong(text);
      case FLOAT:
        return Float.parseFloat(text);
      case DOUBLE:
        return Double.parseDouble(text);
      case DECIMAL:
        return new BigDecimal(text);
      case DATE:
        return LocalDate.parse(text);
      case TIME:
        return LocalTime.parse(text);
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? OffsetDateTime.parse(text)
            : LocalDateTime.parse(text);
      case UUID:
        return UUID.fromString(text);
      case STRING:
        return text;
      default:
        throw new UnsupportedFeatureException(
            "A " + type + " column cannot be the monotonic column of a JDBC source", null);
    }
  }
}
