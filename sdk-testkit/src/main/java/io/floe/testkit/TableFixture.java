package io.floe.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.PartitionFields;
import io.floe.SchemaBuilder;
import io.floe.TableCreator;
import io.floe.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A table to create for a test: its name, schema, partitioning, properties and rows, committed as
 * one snapshot per batch. Made in code with {@link #builder(String)} or read from JSON with {@link
 * #fromResource(String)}:
 *
 * <pre>{@code
 * {
 *   "table": "db.events",
 *   "columns": [
 *     {"name": "id", "type": "long", "required": true},
 *     {"name": "ts", "type": "timestamptz"},
 *     {"name": "category", "type": "string"}
 *   ],
 *   "partitionBy": ["identity(category)", "day(ts)"],
 *   "properties": {"write.parquet.compression-codec": "zstd"},
 *   "snapshots": [
 *     [{"id": 1, "ts": "2026-01-01T10:00:00Z", "category": "books"}],
 *     [{"id": 2, "ts": "2026-01-02T11:00:00Z", "category": "games"}]
 *   ]
 * }
 * }</pre>
 *
 * <p>Column types are Iceberg's names ({@code long}, {@code decimal(9,2)}, {@code timestamptz},
 * {@code fixed[16]}); nested types need a full Iceberg schema under {@code "schema"} instead of
 * {@code "columns"}. Values are JSON numbers, booleans and strings (ISO-8601 for dates and times,
 * base64 for binary), objects for structs and maps, arrays for lists. {@code "rows"} is a shortcut
 * for one snapshot. Partition fields are {@code identity(c)}, {@code bucket(n, c)}, {@code
 * truncate(w, c)}, {@code year(c)}, {@code month(c)}, {@code day(c)} or {@code hour(c)}. Immutable
 * and thread-safe.
 */
public final class TableFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TRANSFORM =
      Pattern.compile("\\s*(\\w+)\\s*\\(\\s*(?:(\\d+)\\s*,\\s*)?([^),\\s]+)\\s*\\)\\s*");

  private final String table;
  private final Schema schema;
  private final List<String> partitionBy;
  private final Map<String, String> properties;
  private final List<List<Map<String, Object>>> snapshots;

  private TableFixture(
      String table,
      Schema schema,
      List<String> partitionBy,
      Map<String, String> properties,
      List<List<Map<String, Object>>> snapshots) {
    this.table = table;
    this.schema = schema;
    this.partitionBy = List.copyOf(partitionBy);
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    List<List<Map<String, Object>>> copy = new ArrayList<>();
    for (List<Map<String, Object>> batch : snapshots) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(batch)));
    }
    this.snapshots = Collections.unmodifiableList(copy);
  }

  /**
   * Starts a fixture in code.
   *
   * @param table the table's full name
   * @return a new builder
   */
  public static Builder builder(String table) {
    return new Builder(table);
  }

  /**
   * Reads a fixture from a JSON resource on the class path.
   *
   * @param resource the resource path, such as {@code "fixtures/events.json"}
   * @return the fixture
   * @throws IllegalArgumentException when the resource is missing or not a valid fixture
   */
  public static TableFixture fromResource(String resource) {
    Objects.requireNonNull(resource, "resource");
    String path = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = TableFixture.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("Fixture " + resource + " is not on the class path");
      }
      return parse(resource, JSON.readTree(in));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Fixture " + resource + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a fixture from JSON text.
   *
   * @param json the fixture
   * @return the fixture
   * @throws IllegalArgumentException when the text is not a valid fixture
   */
  public static TableFixture fromJson(String json) {
    Objects.requireNonNull(json, "json");
    try {
      return parse("(inline JSON)", JSON.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException("Fixture is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static TableFixture parse(String source, JsonNode root) {
    if (root == null || !root.isObject() || !root.path("table").isTextual()) {
      throw new IllegalArgumentException(
          "Fixture " + source + " needs an object with a \"table\" name");
    }
    Builder builder = builder(root.get("table").asText());
    try {
      if (root.has("schema")) {
        builder.schema(SchemaParser.fromJson(root.get("schema")));
      } else if (root.path("columns").isArray()) {
        SchemaBuilder columns = SchemaBuilder.create();
        for (JsonNode column : root.get("columns")) {
          columns.column(
              column.path("name").asText(),
              Types.fromPrimitiveString(column.path("type").asText()));
          if (column.path("required").asBoolean(false)) {
            columns.required();
          }
          if (column.path("doc").isTextual()) {
            columns.doc(column.get("doc").asText());
          }
        }
        builder.schema(columns.build());
      } else {
        throw new IllegalArgumentException("it needs \"columns\" or \"schema\"");
      }
      for (JsonNode field : root.path("partitionBy")) {
        builder.partitionBy(field.asText());
      }
      Iterator<Map.Entry<String, JsonNode>> props = root.path("properties").fields();
      while (props.hasNext()) {
        Map.Entry<String, JsonNode> e = props.next();
        builder.property(e.getKey(), e.getValue().asText());
      }
      Types.StructType struct = builder.schema.asStruct();
      if (root.has("rows")) {
        builder.snapshot(rows(root.get("rows"), struct));
      }
      for (JsonNode batch : root.path("snapshots")) {
        builder.snapshot(rows(batch, struct));
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Fixture " + source + " is invalid: " + e.getMessage(), e);
    }
    return builder.build();
  }

  private static List<Map<String, Object>> rows(JsonNode array, Types.StructType struct) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("rows must be an array of objects");
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode row : array) {
      Object value = value(row, struct);
      if (!(value instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("each row must be an object, got " + row);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) value;
      rows.add(map);
    }
    return rows;
  }

  /** JSON to the Java values Floe's appends accept; mismatches pass through for Floe to reject. */
  private static Object value(JsonNode node, Type type) {
    if (node == null || node.isNull()) {
      return null;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        return node.isBoolean() ? node.booleanValue() : node.asText();
      case INTEGER:
        return node.canConvertToInt() && node.isIntegralNumber() ? node.intValue() : node.asText();
      case LONG:
        return node.canConvertToLong() && node.isIntegralNumber()
            ? node.longValue()
            : node.asText();
      case FLOAT:
        return node.isNumber() ? node.floatValue() : floatingText(node.asText(), true);
      case DOUBLE:
        return node.isNumber() ? node.doubleValue() : floatingText(node.asText(), false);
      case DECIMAL:
        return node.isNumber() ? node.decimalValue() : node.asText();
      case BINARY:
      case FIXED:
        return node.isTextual() ? Base64.getDecoder().decode(node.asText()) : node.asText();
      case STRUCT:
        {
          if (!node.isObject()) {
            return node.asText();
          }
          Map<String, Object> out = new LinkedHashMap<>();
          Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
          while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            Types.NestedField field = type.asStructType().field(e.getKey());
            // unknown fields keep their raw value so that Floe reports them by name
            out.put(
                e.getKey(),
                field == null ? e.getValue().asText() : value(e.getValue(), field.type()));
          }
          return out;
        }
      case LIST:
        {
          if (!node.isArray()) {
            return node.asText();
          }
          List<Object> out = new ArrayList<>();
          node.forEach(element -> out.add(value(element, type.asListType().elementType())));
          return out;
        }
      case MAP:
        {
          Types.MapType map = type.asMapType();
          Map<Object, Object> out = new LinkedHashMap<>();
          if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
              Map.Entry<String, JsonNode> e = fields.next();
              out.put(
                  value(JSON.getNodeFactory().textNode(e.getKey()), map.keyType()),
                  value(e.getValue(), map.valueType()));
            }
          } else if (node.isArray()) {
            for (JsonNode entry : node) {
              out.put(
                  value(entry.get("key"), map.keyType()),
                  value(entry.get("value"), map.valueType()));
            }
          } else {
            return node.asText();
          }
          return out;
        }
      default:
        return node.isTextual() ? node.asText() : node.toString();
    }
  }

  private static Object floatingText(String text, boolean single) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "nan":
        return single ? (Object) Float.NaN : (Object) Double.NaN;
      case "infinity":
        return single ? (Object) Float.POSITIVE_INFINITY : (Object) Double.POSITIVE_INFINITY;
      case "-infinity":
        return single ? (Object) Float.NEGATIVE_INFINITY : (Object) Double.NEGATIVE_INFINITY;
      default:
        return text;
    }
  }

  /**
   * The table's full name.
   *
   * @return the name
   */
  public String table() {
    return table;
  }

  /**
   * The table's schema.
   *
   * @return the schema
   */
  public Schema schema() {
    return schema;
  }

  /**
   * The partition fields, such as {@code day(ts)}.
   *
   * @return an unmodifiable list
   */
  public List<String> partitionBy() {
    return partitionBy;
  }

  /**
   * The table properties.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * The rows, one list per snapshot.
   *
   * @return an unmodifiable list of batches
   */
  public List<List<Map<String, Object>>> snapshots() {
    return snapshots;
  }

  /**
   * All rows of all snapshots.
   *
   * @return a new list
   */
  public List<Map<String, Object>> rows() {
    List<Map<String, Object>> all = new ArrayList<>();
    snapshots.forEach(all::addAll);
    return all;
  }

  /**
   * Creates the table in a Floe and commits its rows, one snapshot per batch.
   *
   * @param floe the Floe
   * @return the table
   * @throws io.floe.FloeException when the table exists or a row does not fit the schema
   */
  public FloeTable createIn(Floe floe) {
    Objects.requireNonNull(floe, "floe");
    TableCreator creator = floe.createTable(table).schema(schema).properties(properties);
    if (!partitionBy.isEmpty()) {
      creator.partitionBy(applyPartitioning(partitionBy));
    }
    FloeTable created = creator.create();
    for (List<Map<String, Object>> batch : snapshots) {
      created.newAppend().rows(batch).set("floe.fixture", table).commit();
    }
    return created;
  }

  private static Consumer<PartitionFields> applyPartitioning(List<String> fields) {
    return p -> {
      for (String field : fields) {
        Matcher m = TRANSFORM.matcher(field);
        if (!m.matches()) {
          p.identity(field.trim());
          continue;
        }
        String transform = m.group(1).toLowerCase(Locale.ROOT);
        String column = m.group(3);
        Integer arg = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        switch (transform) {
          case "identity" -> p.identity(column);
          case "year", "years" -> p.year(column);
          case "month", "months" -> p.month(column);
          case "day", "days" -> p.day(column);
          case "hour", "hours" -> p.hour(column);
          case "bucket" -> p.bucket(column, requireArg(field, arg));
          case "truncate" -> p.truncate(column, requireArg(field, arg));
          default ->
              throw new ValidationException(
                  "Unknown partition transform '"
                      + field
                      + "': use identity, bucket(n, c), truncate(w, c), year, month, day or hour");
        }
      }
    };
  }

  private static int requireArg(String field, Integer arg) {
    if (arg == null) {
      throw new ValidationException(
          "Partition field '" + field + "' needs a number, such as bucket(16, id)");
    }
    return arg;
  }

  @Override
  public String toString() {
    return "TableFixture{"
        + table
        + ", "
        + schema.columns().size()
        + " columns, "
        + snapshots.size()
        + " snapshots}";
  }

  /**
   * Builds a {@link TableFixture}; mutable and not thread-safe.
   *
   * <pre>{@code
   * TableFixture fixture = TableFixture.builder("db.events")
   *     .schema(schema)
   *     .partitionBy("day(ts)")
   *     .snapshot(List.of(Rows.row("id", 1L, "ts", "2026-01-01T00:00:00Z")))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final String table;
    private Schema schema;
    private final List<String> partitionBy = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<List<Map<String, Object>>> snapshots = new ArrayList<>();

    private Builder(String table) {
      this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Sets the schema.
     *
     * @param tableSchema the schema
     * @return this builder
     */
    public Builder schema(Schema tableSchema) {
      this.schema = Objects.requireNonNull(tableSchema, "schema");
      return this;
    }

    /**
     * Adds a partition field, such as {@code day(ts)} or {@code bucket(16, id)}.
     *
     * @param field the field
     * @return this builder
     */
    public Builder partitionBy(String field) {
      partitionBy.add(Objects.requireNonNull(field, "field"));
      return this;
    }

    /**
     * Sets a table property.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder property(String key, String value) {
      properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds a snapshot: rows committed together.
     *
     * @param rows the rows, as maps from column name to value
     * @return this builder
     */
    public Builder snapshot(List<? extends Map<String, ?>> rows) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (Map<String, ?> row : Objects.requireNonNull(rows, "rows")) {
        batch.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
      }
      snapshots.add(batch);
      return this;
    }

    /**
     * Builds the fixture.
     *
     * @return the fixture
     * @throws IllegalStateException when no schema was given
     */
    public TableFixture build() {
      if (schema == null) {
        throw new IllegalStateException("Fixture " + table + " needs a schema");
      }
      return new TableFixture(table, schema, partitionBy, properties, snapshots);
    }
  }
}
