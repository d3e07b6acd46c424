package io.floe.sql;

import io.floe.Row;
import io.floe.UnsupportedFeatureException;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** A query's JDBC result read as Floe rows, typed as {@link Row} documents. */
final class SqlRows implements CloseableIterable<Row> {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

  private final Query query;
  private final Runnable onClose;

  SqlRows(Query query, Runnable onClose) {
    this.query = query;
    this.onClose = onClose;
  }

  @Override
  public CloseableIterator<Row> iterator() {
    ResultSet rs = query.resultSet();
    Types.StructType struct;
    Type[] types;
    String[] duck;
    try {
      ResultSetMetaData meta = rs.getMetaData();
      int n = meta.getColumnCount();
      List<Types.NestedField> fields = new ArrayList<>();
      types = new Type[n];
      duck = new String[n];
      Set<String> seen = new HashSet<>();
      for (int i = 1; i <= n; i++) {
        duck[i - 1] = meta.getColumnTypeName(i).toUpperCase(Locale.ROOT);
        types[i - 1] = type(meta.getColumnLabel(i), duck[i - 1]);
        String name = meta.getColumnLabel(i);
        for (int k = 2; !seen.add(name); k++) {
          name = meta.getColumnLabel(i) + "_" + k; // rows need unique names: a, a_2, ...
        }
        fields.add(Types.NestedField.optional(i, name, types[i - 1]));
      }
      struct = Types.StructType.of(fields);
    } catch (SQLException e) {
      throw query.failure(e);
    }
    return new CloseableIterator<>() {
      private Boolean ready;

      @Override
      public boolean hasNext() {
        if (ready == null) {
          try {
            ready = rs.next();
          } catch (SQLException e) {
            throw query.failure(e);
          }
        }
        return ready;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = null;
        Object[] values = new Object[types.length];
        try {
          for (int i = 0; i < values.length; i++) {
            values[i] = value(rs, i + 1, types[i], duck[i]);
          }
        } catch (SQLException e) {
          throw query.failure(e);
        }
        return new SqlRow(struct, values);
      }

      @Override
      public void close() {
        SqlRows.this.close();
      }
    };
  }

  @Override
  public void close() {
    onClose.run();
  }

  private static Type type(String column, String duck) {
    Matcher m = DECIMAL.matcher(duck);
    if (m.matches()) {
      return Types.DecimalType.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    switch (duck) {
      case "BOOLEAN":
        return Types.BooleanType.get();
      case "TINYINT":
      case "SMALLINT":
      case "INTEGER":
      case "UTINYINT":
      case "USMALLINT":
        return Types.IntegerType.get();
      case "BIGINT":
      case "UINTEGER":
        return Types.LongType.get();
      case "HUGEINT":
      case "UBIGINT":
      case "UHUGEINT":
        return Types.DecimalType.of(38, 0);
      case "FLOAT":
        return Types.FloatType.get();
      case "DOUBLE":
        return Types.DoubleType.get();
      case "VARCHAR":
        return Types.StringType.get();
      case "DATE":
        return Types.DateType.get();
      case "TIME":
        return Types.TimeType.get();
      case "TIMESTAMP":
      case "TIMESTAMP_MS":
      case "TIMESTAMP_S":
        return Types.TimestampType.withoutZone();
      case "TIMESTAMP_NS":
        return Types.TimestampNanoType.withoutZone();
      case "TIMESTAMP WITH TIME ZONE":
        return Types.TimestampType.withZone();
      case "BLOB":
        return Types.BinaryType.get();
      case "UUID":
        return Types.UUIDType.get();
      default:
        throw new UnsupportedFeatureException(
            "Result column "
                + column
                + " has DuckDB type "
                + duck
                + ", which Floe rows do not hold; read nested results with arrow() or resultSet()",
            null);
    }
  }

  private static Object value(ResultSet rs, int i, Type type, String duck) throws SQLException {
    Object raw = rs.getObject(i);
    if (raw == null) {
      return null;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        return rs.getBoolean(i);
      case INTEGER:
        return rs.getInt(i);
      case LONG:
        return rs.getLong(i);
      case FLOAT:
        return rs.getFloat(i);
      case DOUBLE:
        return rs.getDouble(i);
      case DECIMAL:
        {
          BigDecimal d =
              raw instanceof BigDecimal b
                  ? b
                  : raw instanceof BigInteger bi
                      ? new BigDecimal(bi)
                      : new BigDecimal(raw.toString());
          return d.setScale(((Types.DecimalType) type).scale());
        }
      case STRING:
        return rs.getString(i);
      case DATE:
        return rs.getObject(i, LocalDate.class);
      case TIME:
        // DuckDB's driver has no LocalTime conversion (and java.sql.Time drops the micros)
        return raw instanceof LocalTime t ? t : LocalTime.parse(rs.getString(i));
      case TIMESTAMP:
        if (((Types.TimestampType) type).shouldAdjustToUTC()) {
          return rs.getObject(i, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
        }
        return rs.getObject(i, LocalDateTime.class);
      case TIMESTAMP_NANO:
        return rs.getObject(i, LocalDateTime.class);
      case BINARY:
        return ByteBuffer.wrap(rs.getBytes(i));
      case UUID:
        return raw instanceof UUID u ? u : UUID.fromString(raw.toString());
      default:
        throw new IllegalStateException("Unexpected result type " + duck);
    }
  }

  /** One result row. */
  private static final class SqlRow implements Row {
    private final Types.StructType struct;
    private final Object[] values;

    SqlRow(Types.StructType struct, Object[] values) {
      this.struct = struct;
      this.values = values;
    }

    @Override
    public Types.StructType struct() {
      return struct;
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public Object get(int position) {
      return values[position];
    }

    @Override
    public Object get(String column) {
      Types.NestedField field = struct.field(column);
      if (field == null) {
        throw new IllegalArgumentException(
            "No column " + column + " in the result; columns: " + struct.fields());
      }
      return values[field.fieldId() - 1];
    }

    @Override
    public <T> T get(String column, Class<T> type) {
      return type.cast(get(column));
    }

    @Override
    public Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Types.NestedField f : struct.fields()) {
        map.put(f.name(), values[f.fieldId() - 1]);
      }
      return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
      return toMap().toString();
    }
  }
}
