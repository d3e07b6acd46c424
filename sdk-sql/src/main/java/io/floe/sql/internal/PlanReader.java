package io.floe.sql.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads DuckDB's physical plan ({@code EXPLAIN (FORMAT JSON)}) of a query over placeholder tables:
 * for each scan of a placeholder, the columns it reads, the table filters pushed into it and the
 * expression of a {@code FILTER} directly above it (which refers to that scan's columns only).
 */
public final class PlanReader {
  private PlanReader() {}

  /** One scan of a placeholder table in the plan. */
  public record PlanScan(Set<String> projections, List<String> filters) {}

  /**
   * Collects the scans of the named tables.
   *
   * @param plan the plan's JSON (an array of root operators)
   * @param scans where each table's scans are added, by table name (only names already present)
   */
  public static void read(JsonNode plan, Map<String, List<PlanScan>> scans) {
    for (JsonNode root : plan) {
      walk(root, null, scans);
    }
  }

  private static void walk(JsonNode node, JsonNode parent, Map<String, List<PlanScan>> scans) {
    String name = node.path("name").asText().trim();
    JsonNode info = node.path("extra_info");
    if ((name.equals("SEQ_SCAN") || name.equals("TABLE_SCAN")) && info.has("Table")) {
      String table = info.path("Table").asText();
      List<PlanScan> list = scans.get(table);
      if (list != null) {
        Set<String> projections = new LinkedHashSet<>(lines(info.path("Projections")));
        List<String> filters = new ArrayList<>();
        String tableFilters = String.join("\n", lines(info.path("Filters")));
        if (!tableFilters.isBlank()) {
          filters.add(tableFilters);
        }
        if (parent != null && parent.path("name").asText().trim().equals("FILTER")) {
          String expression =
              String.join("\n", lines(parent.path("extra_info").path("Expression")));
          if (!expression.isBlank()) {
            filters.add(expression);
          }
        }
        list.add(new PlanScan(projections, filters));
      }
    }
    for (JsonNode child : node.path("children")) {
      walk(child, node, scans);
    }
  }

  /** A string or an array of strings (DuckDB splits long values into lines). */
  private static List<String> lines(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node.isTextual() && !node.asText().isEmpty()) {
      out.add(node.asText());
    }
    return out;
  }
}
