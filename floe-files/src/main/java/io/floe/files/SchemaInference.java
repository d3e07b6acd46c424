package io.floe.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.floe.ValidationException;
import io.floe.avro.AvroSchemas;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Infers an Iceberg schema from data: a sample of CSV records or JSON lines, or the schema a
 * Parquet or Avro file declares. Immutable and thread-safe; every setter returns a new instance.
 *
 * <p>What sampled values give: {@code true}/{@code false} a boolean; whole numbers an int, widened
 * to a long when one does not fit and to a double when a value has a fraction (int, long, double);
 * strings in ISO form a date ({@code 2026-01-31}), a timestamp ({@code 2026-01-31 12:00:00} or with
 * {@code T}), a timestamptz (the same with {@code Z} or an offset) or a UUID; JSON objects nested
 * structs (fields in the order first seen; an object never seen with a field, a string of its JSON
 * text), JSON arrays lists of their elements' merged type. Values whose JSON kinds conflict (a
 * number in one record, text or an object in another; a list whose elements are of different kinds)
 * are settled by the {@link OnConflict} policy: a string column holding the JSON text (the
 * default), a {@code variant} column holding the values as they are (the table then needs format
 * v3, which creating it chooses), or a {@link ValidationException} naming the field and the two
 * kinds. In CSV every field is text, so numbers and booleans are recognised in it too; in JSON a
 * string stays a string unless it is a date, timestamp or UUID. A column is required when no
 * sampled record lacks it or has it null (nullable by observation), so sample enough rows; a column
 * never seen with a value is an optional string.
 *
 * <pre>{@code
 * Schema schema = SchemaInference.sample(10_000).infer(Path.of("events.jsonl"));
 * SchemaInference.Observer observer = SchemaInference.observer();
 * observer.observeJson("{\"id\": 1, \"tags\": [\"a\"]}");
 * Schema fromStream = observer.schema();
 * }</pre>
 */
public final class SchemaInference {
  /** The number of records sampled unless {@link #sample(int)} says otherwise. */
  public static final int DEFAULT_SAMPLE_ROWS = 10_000;

  /**
   * What inference does with a field whose sampled values do not fit one type: values of different
   * JSON kinds across records (a number and a string, an object and a list), or a list whose
   * elements are of different kinds. Numbers of different widths widen (int, long, double) and
   * strings that are dates, timestamps or UUIDs next to other strings give a string under every
   * policy; those are not conflicts.
   */
  public enum OnConflict {
    /** The field becomes a string column; a non-string JSON value is stored as its JSON text. */
    STRING,
    /**
     * The field becomes a {@code variant} column holding each value as it is (format v3; a table
     * created from the schema gets format version 3).
     */
    VARIANT,
    /**
     * Inference fails with a {@link ValidationException} naming the field and the two kinds that
     * conflict.
     */
    FAIL
  }

  private final int sampleRows;
  private final CsvOptions csv;
  private final FileFormat format;
  private final OnConflict onConflict;

  private SchemaInference(int sampleRows, CsvOptions csv, FileFormat format, OnConflict policy) {
    this.sampleRows = sampleRows;
    this.csv = csv;
    this.format = format;
    this.onConflict = policy;
  }

  /**
   * Inference sampling the first 10,000 records of a file.
   *
   * @return the inference
   */
  public static SchemaInference defaults() {
    return new SchemaInference(DEFAULT_SAMPLE_ROWS, CsvOptions.defaults(), null, OnConflict.STRING);
  }

  /**
   * Inference sampling the first {@code rows} records of a file.
   *
   * @param rows the number of records, at least 1
   * @return the inference
   * @throws IllegalArgumentException when rows is less than 1
   */
  public static SchemaInference sample(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("The sample must be at least 1 row, got " + rows);
    }
    return new SchemaInference(rows, CsvOptions.defaults(), null, OnConflict.STRING);
  }

  /**
   * Reads CSV files with these options.
   *
   * @param options the CSV options
   * @return a new inference
   */
  public SchemaInference csv(CsvOptions options) {
    return new SchemaInference(
        sampleRows, Objects.requireNonNull(options, "options"), format, onConflict);
  }

  /**
   * Reads files in this format instead of telling it from their extension.
   *
   * @param format the format
   * @return a new inference
   */
  public SchemaInference format(FileFormat format) {
    return new SchemaInference(
        sampleRows, csv, Objects.requireNonNull(format, "format"), onConflict);
  }

  /**
   * Settles values that do not fit one type with this policy (default {@link OnConflict#STRING}).
   *
   * @param policy the policy
   * @return a new inference
   */
  public SchemaInference onConflict(OnConflict policy) {
    return new SchemaInference(sampleRows, csv, format, Objects.requireNonNull(policy, "policy"));
  }

  /**
   * A streaming observer of JSON records, for sources that see records one at a time (the schema of
   * what was observed so far, at any time), settling conflicts as strings.
   *
   * @return a new observer
   */
  public static Observer observer() {
    return new Observer(OnConflict.STRING);
  }

  /**
   * A streaming observer of JSON records that settles conflicts with a policy.
   *
   * @param policy what a field whose values do not fit one type becomes
   * @return a new observer
   */
  public static Observer observer(OnConflict policy) {
    return new Observer(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Infers the schema of a file.
   *
   * @param file a CSV, JSON lines, Parquet or Avro file
   * @return the schema
   * @throws ValidationException when the file cannot be read as its format, or (CSV without a
   *     header) has no record, or (policy {@link OnConflict#FAIL}) values of a field conflict
   * @throws io.floe.FloeIOException when the file cannot be read
   * @throws io.floe.UnsupportedFeatureException when the format cannot be told or is Arrow IPC
   */
  public Schema infer(Path file) {
    Objects.requireNonNull(file, "file");
    FileFormat chosen =
        format != null
            ? format
            : FileFormat.fromPath(file).orElseThrow(() -> FileErrors.unknownFormat(file));
    try {
      switch (chosen) {
        case CSV:
          return inferCsv(file);
        case JSON_LINES:
          return inferJson(file);
        case AVRO:
          try (InputStream in = Files.newInputStream(file);
              DataFileStream<GenericRecord> stream =
                  new DataFileStream<>(in, new GenericDatumReader<>())) {
            return AvroSchemas.toIceberg(stream.getSchema());
          }
        case PARQUET:
          return ParquetReader.schema(file);
        default:
          throw FileErrors.cannotImport(chosen);
      }
    } catch (Conflict e) {
      throw new ValidationException(
          "Cannot infer a schema from " + file + ": " + e.getMessage(),
          null,
          e.path,
          file.toString(),
          null);
    } catch (BadValue e) {
      throw new ValidationException(
          "Cannot infer a schema from " + file + ": " + e.reason(),
          null,
          null,
          file.toString(),
          null);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new ValidationException(
          "Cannot infer a schema from " + file + ": " + e.getOriginalMessage(),
          null,
          null,
          file.toString(),
          e);
    } catch (IOException e) {
      throw FileErrors.io("read", file, e);
    }
  }

  private Schema inferCsv(Path file) throws IOException {
    Guess root = Guess.struct();
    List<String> names = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        com.fasterxml.jackson.dataformat.csv.CsvParser parser = CsvReader.parser(in, csv)) {
      int records = 0;
      boolean first = true;
      while (records < sampleRows && CsvReader.readRecord(parser, fields, null)) {
        if (first) {
          first = false;
          if (csv.header()) {
            for (String name : fields) {
              names.add(name.trim());
            }
            continue;
          }
          for (int i = 0; i < fields.size(); i++) {
            names.add("col_" + (i + 1));
          }
        }
        root.objects++;
        for (int i = 0; i < names.size(); i++) {
          String text = i < fields.size() ? fields.get(i) : null;
          Guess field = root.field(names.get(i));
          if (text == null || text.equals(csv.nullString())) {
            continue;
          }
          field.present++;
          field.merge(Guess.ofText(text)); // all text: a mixed column is a string
        }
        records++;
      }
      if (names.isEmpty()) {
        throw new BadValue("the file has no header line or record", null);
      }
      for (String name : names) {
        root.field(name);
      }
    }
    return toSchema(root);
  }

  private Schema inferJson(Path file) throws IOException {
    Observer observer = new Observer(onConflict);
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int records = 0;
      String line;
      long number = 0;
      while (records < sampleRows && (line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = Values.JSON.readTree(line);
        } catch (JsonProcessingException e) {
          continue; // a bad line is the import's to report (or reject), with its line number
        }
        if (node.isObject()) {
          observer.merge(node);
          records++;
        }
      }
      if (records == 0) {
        throw new BadValue("no JSON object in the first " + number + " lines", null);
      }
    }
    return observer.schema();
  }

  static Schema toSchema(Guess root) {
    AtomicInteger ids = new AtomicInteger();
    Types.StructType struct = root.toType(ids).asStructType();
    return TypeUtil.assignIncreasingFreshIds(new Schema(struct.fields()));
  }

  /**
   * Observes JSON records one at a time and gives the schema inferred from those seen so far. Not
   * thread-safe.
   *
   * <pre>{@code
   * SchemaInference.Observer observer = SchemaInference.observer();
   * for (String line : lines) {
   *   observer.observeJson(line);
   * }
   * Schema schema = observer.schema();
   * }</pre>
   */
  public static final class Observer {
    private final Guess root = Guess.struct();
    private final OnConflict policy;

    private Observer(OnConflict policy) {
      this.policy = policy;
    }

    /**
     * Observes one record given as JSON text.
     *
     * @param json a JSON object
     * @return this observer
     * @throws ValidationException when the text is not a JSON object, or (policy {@link
     *     OnConflict#FAIL}) a value conflicts with earlier ones; the observer then stays as it was
     *     before this record
     */
    public Observer observeJson(String json) {
      JsonNode node;
      try {
        node = Values.JSON.readTree(Objects.requireNonNull(json, "json"));
      } catch (JsonProcessingException e) {
        throw new ValidationException("Not valid JSON: " + e.getOriginalMessage());
      }
      if (!node.isObject()) {
        throw new ValidationException("Not a JSON object: " + Values.shorten(json));
      }
      return observeNode(node);
    }

    /**
     * Observes one record given as a map (values: strings, numbers, booleans, maps, lists, null).
     *
     * @param record the record
     * @return this observer
     * @throws ValidationException (policy {@link OnConflict#FAIL}) when a value conflicts with
     *     earlier ones
     */
    public Observer observe(Map<String, ?> record) {
      JsonNode node = Values.JSON.valueToTree(Objects.requireNonNull(record, "record"));
      return observeNode(node);
    }

    private Observer observeNode(JsonNode node) {
      try {
        merge(node);
      } catch (Conflict e) {
        throw new ValidationException(
            "Cannot infer a schema: " + e.getMessage(), null, e.path, null, null);
      }
      return this;
    }

    void merge(JsonNode node) {
      Guess record = Guess.ofJson(node, policy, "");
      if (policy == OnConflict.FAIL) {
        root.check(record, ""); // throws before anything changes
      }
      root.merge(record, policy, "");
    }

    /**
     * The schema of the records observed so far.
     *
     * @return the schema (empty when nothing was observed)
     */
    public Schema schema() {
      return toSchema(root);
    }
  }

  /** Values of one field that do not fit one type: the field's path and the two kinds. */
  static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;

    Conflict(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** What one value (or all values of one column so far) looks like. */
  static final class Guess {
    enum Kind {
      NONE,
      BOOLEAN,
      INT,
      LONG,
      DOUBLE,
      DATE,
      TIMESTAMP,
      TIMESTAMPTZ,
      UUID,
      STRING,
      STRUCT,
      LIST,
      VARIANT
    }

    Kind kind;

    /** Struct fields, in the order first seen. */
    final Map<String, Guess> fields = new LinkedHashMap<>();

    Guess element;

    /** Objects observed (structs): the denominator of their fields' presence. */
    long objects;

    /** Times this field had a non-null value. */
    long present;

    /** Whether a list element was null. */
    boolean nullElement;

    Guess(Kind kind) {
      this.kind = kind;
    }

    static Guess struct() {
      return new Guess(Kind.STRUCT);
    }

    Guess field(String name) {
      return fields.computeIfAbsent(name, n -> new Guess(Kind.NONE));
    }

    static Guess ofText(String text) {
      String t = text.trim();
      if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
        return new Guess(Kind.BOOLEAN);
      }
      if (looksNumeric(t)) {
        try {
          long value = Long.parseLong(t);
          return new Guess(value == (int) value ? Kind.INT : Kind.LONG);
        } catch (NumberFormatException e) {
          try {
            Double.parseDouble(t);
            return new Guess(Kind.DOUBLE);
          } catch (NumberFormatException notNumber) {
            return ofString(t); // such as a date
          }
        }
      }
      return ofString(t);
    }

    private static boolean looksNumeric(String t) {
      if (t.isEmpty()) {
        return false;
      }
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
          return false;
        }
      }
      return true;
    }

    /** A string: a date, timestamp, timestamptz or UUID when it is one, else a string. */
    static Guess ofString(String t) {
      if (t.length() == 36 && t.charAt(8) == '-') {
        try {
          UUID.fromString(t);
          return new Guess(Kind.UUID);
        } catch (IllegalArgumentException e) {
          return new Guess(Kind.STRING);
        }
      }
      Temporals.Parsed parsed = Temporals.parse(t);
      if (parsed != null) {
        if (t.length() == 10) {
          return new Guess(Kind.DATE);
        }
        return new Guess(parsed.hasOffset ? Kind.TIMESTAMPTZ : Kind.TIMESTAMP);
      }
      return new Guess(Kind.STRING);
    }

    /** The guess of a record (a JSON object at the top), settling conflicts as strings. */
    static Guess ofJson(JsonNode node) {
      return ofJson(node, OnConflict.STRING, "");
    }

    /**
     * The guess of one JSON value. Under {@link OnConflict#STRING} a list of mixed elements is a
     * list of strings; otherwise it is a {@link Conflict}, which a top-level field of a record
     * settles as a variant ({@link OnConflict#VARIANT}) and anything else passes on.
     */
    static Guess ofJson(JsonNode node, OnConflict policy, String path) {
      if (node == null || node.isNull() || node.isMissingNode()) {
        return new Guess(Kind.NONE);
      }
      if (node.isBoolean()) {
        return new Guess(Kind.BOOLEAN);
      }
      if (node.isIntegralNumber()) {
        return new Guess(
            node.canConvertToInt() ? Kind.INT : node.canConvertToLong() ? Kind.LONG : Kind.DOUBLE);
      }
      if (node.isNumber()) {
        return new Guess(Kind.DOUBLE);
      }
      if (node.isTextual()) {
        return ofString(node.textValue());
      }
      if (node.isArray()) {
        Guess list = new Guess(Kind.LIST);
        list.element = new Guess(Kind.NONE);
        String elementPath = path + "[]";
        for (JsonNode item : node) {
          if (item.isNull()) {
            list.nullElement = true;
          } else {
            list.element.merge(ofJson(item, policy, elementPath), policy, elementPath);
          }
        }
        return list;
      }
      if (!node.isObject()) {
        return new Guess(Kind.STRING); // binary or POJO nodes do not come from JSON text
      }
      boolean top = path.isEmpty();
      Guess struct = struct();
      struct.objects = 1;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        Guess field;
        try {
          field = ofJson(entry.getValue(), policy, child(path, entry.getKey()));
        } catch (Conflict e) {
          if (!top || policy != OnConflict.VARIANT) {
            throw e;
          }
          field = new Guess(Kind.VARIANT);
        }
        field.present = field.kind == Kind.NONE ? 0 : 1;
        struct.fields.put(entry.getKey(), field);
      }
      return struct;
    }

    /** Widens this guess to cover another value's, settling conflicts as strings. */
    void merge(Guess other) {
      merge(other, OnConflict.STRING, "");
    }

    /**
     * Throws the {@link Conflict} that {@link #merge(Guess, OnConflict, String)} would throw under
     * {@link OnConflict#FAIL}, changing nothing.
     */
    void check(Guess other, String path) {
      if (other.kind == Kind.NONE || kind == Kind.NONE) {
        return;
      }
      if (kind == Kind.STRUCT && other.kind == Kind.STRUCT) {
        for (Map.Entry<String, Guess> entry : other.fields.entrySet()) {
          Guess mine = fields.get(entry.getKey());
          if (mine != null) {
            mine.check(entry.getValue(), child(path, entry.getKey()));
          }
        }
      } else if (kind == Kind.LIST && other.kind == Kind.LIST) {
        element.check(other.element, path + "[]");
      } else if (family(kind) != family(other.kind)) {
        throw conflict(path, kind, other.kind);
      }
    }

    /**
     * Widens this guess to cover another value's. Values of different JSON kinds give a string
     * under {@link OnConflict#STRING} and a {@link Conflict} otherwise, except that a top-level
     * field of a record (path without a dot or brackets, merged by the root) becomes a variant
     * under {@link OnConflict#VARIANT}.
     */
    void merge(Guess other, OnConflict policy, String path) {
      if (other.kind == Kind.NONE) {
        return;
      }
      if (kind == Kind.NONE) {
        kind = other.kind;
        fields.putAll(other.fields);
        element = other.element;
        nullElement = other.nullElement;
        objects = other.objects;
        return;
      }
      if (kind == Kind.VARIANT || other.kind == Kind.VARIANT) {
        if (policy != OnConflict.VARIANT) {
          throw conflict(path, kind, other.kind); // variants come only from that policy
        }
        becomeVariant();
        return;
      }
      if (kind == Kind.STRUCT && other.kind == Kind.STRUCT) {
        boolean top = path.isEmpty();
        objects += other.objects;
        for (Map.Entry<String, Guess> entry : other.fields.entrySet()) {
          Guess mine = fields.get(entry.getKey());
          if (mine == null) {
            fields.put(entry.getKey(), entry.getValue());
          } else {
            mine.present += entry.getValue().present;
            try {
              mine.merge(entry.getValue(), policy, child(path, entry.getKey()));
            } catch (Conflict e) {
              if (!top || policy != OnConflict.VARIANT) {
                throw e;
              }
              mine.becomeVariant();
            }
          }
        }
        return;
      }
      if (kind == Kind.LIST && other.kind == Kind.LIST) {
        element.merge(other.element, policy, path + "[]");
        nullElement |= other.nullElement;
        return;
      }
      if (policy != OnConflict.STRING && family(kind) != family(other.kind)) {
        throw conflict(path, kind, other.kind);
      }
      kind = widen(kind, other.kind);
      if (kind == Kind.STRING) {
        fields.clear();
        element = null;
      }
    }

    private void becomeVariant() {
      kind = Kind.VARIANT;
      fields.clear();
      element = null;
      nullElement = false;
    }

    /** The JSON kind a guess comes from: values of one family widen, of two conflict. */
    private static int family(Kind kind) {
      switch (kind) {
        case INT:
        case LONG:
        case DOUBLE:
          return 1;
        case DATE:
        case TIMESTAMP:
        case TIMESTAMPTZ:
        case UUID:
        case STRING:
          return 2;
        default:
          return 3 + kind.ordinal();
      }
    }

    private static String describe(Kind kind) {
      switch (kind) {
        case INT:
        case LONG:
        case DOUBLE:
          return "a number (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")";
        case DATE:
        case TIMESTAMP:
        case TIMESTAMPTZ:
        case UUID:
        case STRING:
          return "a string (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")";
        case BOOLEAN:
          return "a boolean";
        case STRUCT:
          return "an object (struct)";
        case LIST:
          return "an array (list)";
        default:
          return "a " + kind.name().toLowerCase(java.util.Locale.ROOT);
      }
    }

    private static Conflict conflict(String path, Kind a, Kind b) {
      boolean element = path.endsWith("[]");
      String field = element ? path.substring(0, path.length() - 2) : path;
      String what =
          element
              ? "list '"
                  + field
                  + "' has elements of two kinds: "
                  + describe(a)
                  + " and "
                  + describe(b)
              : "field '"
                  + field
                  + "' is "
                  + describe(a)
                  + " in one record and "
                  + describe(b)
                  + " in another";
      return new Conflict(
          field,
          what
              + "; infer with OnConflict.VARIANT (CLI: --on-conflict variant) to keep such"
              + " values in a variant column, or declare the table's schema yourself");
    }

    private static Kind widen(Kind a, Kind b) {
      if (a == b) {
        return a;
      }
      if (numeric(a) && numeric(b)) {
        return a.ordinal() > b.ordinal() ? a : b;
      }
      if ((a == Kind.DATE && b == Kind.TIMESTAMP) || (a == Kind.TIMESTAMP && b == Kind.DATE)) {
        return Kind.TIMESTAMP;
      }
      return Kind.STRING;
    }

    private static boolean numeric(Kind kind) {
      return kind == Kind.INT || kind == Kind.LONG || kind == Kind.DOUBLE;
    }

    /**
     * The type of a field or element: an object never seen with a field (only {@code {}}) is a
     * string holding its JSON text, as Parquet cannot store a struct without fields.
     */
    Type childType(AtomicInteger ids) {
      return kind == Kind.STRUCT && fields.isEmpty() ? Types.StringType.get() : toType(ids);
    }

    Type toType(AtomicInteger ids) {
      switch (kind) {
        case BOOLEAN:
          return Types.BooleanType.get();
        case INT:
          return Types.IntegerType.get();
        case LONG:
          return Types.LongType.get();
        case DOUBLE:
          return Types.DoubleType.get();
        case DATE:
          return Types.DateType.get();
        case TIMESTAMP:
          return Types.TimestampType.withoutZone();
        case TIMESTAMPTZ:
          return Types.TimestampType.withZone();
        case UUID:
          return Types.UUIDType.get();
        case VARIANT:
          return Types.VariantType.get();
        case STRUCT:
          {
            List<Types.NestedField> out = new ArrayList<>();
            for (Map.Entry<String, Guess> entry : fields.entrySet()) {
              Guess field = entry.getValue();
              boolean required = objects > 0 && field.present == objects;
              int id = ids.incrementAndGet();
              out.add(Types.NestedField.of(id, !required, entry.getKey(), field.childType(ids)));
            }
            return Types.StructType.of(out);
          }
        case LIST:
          {
            int id = ids.incrementAndGet();
            Type elementType = element.childType(ids);
            return nullElement || element.kind == Kind.NONE
                ? Types.ListType.ofOptional(id, elementType)
                : Types.ListType.ofRequired(id, elementType);
          }
        default:
          return Types.StringType.get();
      }
    }
  }
}
