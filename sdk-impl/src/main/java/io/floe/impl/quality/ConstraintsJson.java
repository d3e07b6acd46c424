package io.floe.impl.quality;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.floe.ValidationException;
import io.floe.quality.Constraint;
import io.floe.quality.QualityMode;
import io.floe.quality.TableConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionParser;
import org.apache.iceberg.util.JsonUtil;

/**
 * The stored form of a table's rules, the JSON of the table property {@value
 * TableConstraints#PROPERTY} (format version 1):
 *
 * <pre>
 * {"format-version": 1, "mode": "reject" | "quarantine", "quarantine-table": "db.t_bad",
 *  "value-chars": 32,
 *  "constraints": [
 *    {"name": "range(amount)", "kind": "range", "columns": ["amount"],
 *     "expression": {Iceberg's expression JSON}},
 *    {"name": "pattern(email)", "kind": "pattern", "columns": ["email"], "pattern": "..."},
 *    {"name": "length(code)", "kind": "length", "columns": ["code"], "min-length": 2,
 *     "max-length": 8},
 *    {"name": "unique(id)", "kind": "unique", "columns": ["id"]},
 *    {"name": "unique_in_table(id)", "kind": "unique", "columns": ["id"], "scope": "table"}]}
 * </pre>
 *
 * Expressions use Iceberg's own JSON form ({@link ExpressionParser}), as REST catalogs exchange
 * filters. A reader refuses a format version it does not know rather than enforce part of the
 * rules. Stateless; thread-safe.
 */
public final class ConstraintsJson {
  /** The format version this Floe writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private ConstraintsJson() {}

  /**
   * Writes rules as JSON.
   *
   * @param rules the rules
   * @return the JSON text
   */
  public static String toJson(TableConstraints rules) {
    return JsonUtil.generate(gen -> write(rules, gen), false);
  }

  private static void write(TableConstraints rules, JsonGenerator gen) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("format-version", FORMAT_VERSION);
    gen.writeStringField("mode", rules.mode().name().toLowerCase(Locale.ROOT));
    if (rules.quarantineTable().isPresent()) {
      gen.writeStringField("quarantine-table", rules.quarantineTable().get());
    }
    gen.writeNumberField("value-chars", rules.valueChars());
    gen.writeArrayFieldStart("constraints");
    for (Constraint c : rules.constraints()) {
      gen.writeStartObject();
      gen.writeStringField("name", c.name());
      gen.writeStringField("kind", c.kind().label());
      gen.writeArrayFieldStart("columns");
      for (String column : c.columns()) {
        gen.writeString(column);
      }
      gen.writeEndArray();
      if (c.expression().isPresent()) {
        gen.writeFieldName("expression");
        ExpressionParser.toJson(c.expression().get(), gen);
      }
      if (c.pattern().isPresent()) {
        gen.writeStringField("pattern", c.pattern().get());
      }
      if (c.tableWide()) {
        gen.writeStringField("scope", "table");
      }
      if (c.minLength().isPresent()) {
        gen.writeNumberField("min-length", c.minLength().getAsInt());
        gen.writeNumberField("max-length", c.maxLength().getAsInt());
      }
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeEndObject();
  }

  /**
   * Reads rules from a table's property.
   *
   * @param table the table's full name, for messages
   * @param json the property's value, or null when the table has none
   * @return the rules
   * @throws ValidationException when the JSON is not rules of a format version this Floe reads
   */
  public static TableConstraints fromJson(String table, String json) {
    if (json == null || json.isBlank()) {
      return TableConstraints.none();
    }
    try {
      return JsonUtil.parse(json, node -> read(table, node));
    } catch (ValidationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw invalid(table, e.getMessage(), e);
    }
  }

  private static TableConstraints read(String table, JsonNode node) {
    int version = JsonUtil.getInt("format-version", node);
    if (version != FORMAT_VERSION) {
      throw invalid(
          table,
          "format version "
              + version
              + " is not one this Floe reads ("
              + FORMAT_VERSION
              + "); upgrade Floe to write this table",
          null);
    }
    QualityMode mode =
        QualityMode.valueOf(JsonUtil.getString("mode", node).toUpperCase(Locale.ROOT));
    String quarantine = JsonUtil.getStringOrNull("quarantine-table", node);
    int valueChars =
        node.has("value-chars")
            ? JsonUtil.getInt("value-chars", node)
            : TableConstraints.DEFAULT_VALUE_CHARS;
    List<Constraint> constraints = new ArrayList<>();
    for (JsonNode c : node.get("constraints")) {
      Expression expression =
          c.has("expression") ? ExpressionParser.fromJson(c.get("expression")) : null;
      Constraint constraint =
          Constraint.restore(
              JsonUtil.getString("name", c),
              Constraint.Kind.fromLabel(JsonUtil.getString("kind", c)),
              JsonUtil.getStringList("columns", c),
              expression,
              JsonUtil.getStringOrNull("pattern", c),
              JsonUtil.getIntOrNull("min-length", c),
              JsonUtil.getIntOrNull("max-length", c));
      constraints.add(
          "table".equals(JsonUtil.getStringOrNull("scope", c))
              ? constraint.acrossTable()
              : constraint);
    }
    return TableConstraints.of(constraints, mode, quarantine, valueChars);
  }

  private static ValidationException invalid(String table, String problem, Throwable cause) {
    return new ValidationException(
        "The data quality rules of "
            + table
            + " (table property "
            + TableConstraints.PROPERTY
            + ") cannot be read: "
            + problem
            + "; fix or remove the property with updateConstraints()",
        table,
        null,
        cause);
  }
}
