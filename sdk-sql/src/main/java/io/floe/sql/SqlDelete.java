package io.floe.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.sql.internal.DeleteFilter;
import io.floe.sql.internal.SqlText;
import java.sql.SQLException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.duckdb.DuckDBConnection;

/**
 * {@code DELETE FROM ns.t [[AS] alias] [WHERE predicate]} through the table's {@code newDelete()}:
 * DuckDB parses the predicate, {@link DeleteFilter} translates it into a Floe filter matching
 * exactly the rows where it is TRUE (or refuses it), and one delete commits.
 */
final class SqlDelete {
  /** The predicate is parsed as the WHERE of this query; positions are shifted back. */
  private static final String PREFIX = "SELECT 1 WHERE ";

  private SqlDelete() {}

  static long run(
      io.floe.Floe floe,
      DuckDBConnection root,
      SqlText.DeleteHead head,
      String sql,
      Object[] params) {
    String name = String.join(".", head.table());
    FloeTable table = floe.loadTable(name);
    Expression filter = Expressions.alwaysTrue();
    if (head.whereStart() >= 0) {
      String text = PREFIX + sql.substring(head.whereStart());
      JsonNode tree;
      try (DuckDBConnection conn = (DuckDBConnection) root.duplicate()) {
        tree = Query.serialize(conn, text, sql);
      } catch (SQLException e) {
        throw new FloeException("Cannot open a DuckDB connection: " + e.getMessage(), e);
      }
      if (tree.path("error").asBoolean(false)) {
        int position =
            tree.has("position") ? position(text, head, tree.path("position").asLong()) : 0;
        throw SqlErrors.syntax(sql, tree.path("error_message").asText(), position);
      }
      JsonNode node = tree.path("statements").path(0).path("node");
      if (tree.path("statements").size() != 1 || !onlyWhere(node)) {
        throw SqlErrors.unsupported(
            sql,
            "DELETE FROM "
                + name
                + " takes a WHERE predicate and nothing after it (no USING, RETURNING, ORDER BY"
                + " or LIMIT)");
      }
      DeleteFilter translator =
          new DeleteFilter(table.schema(), head.table(), head.alias(), params);
      try {
        filter = translator.translate(node.path("where_clause"));
      } catch (DeleteFilter.Refused e) {
        int position = e.location < 0 ? head.whereStart() : position(text, head, e.location);
        if (e.invalid) {
          throw new ValidationException(
              "DELETE FROM "
                  + name
                  + ": "
                  + e.getMessage()
                  + " at "
                  + SqlText.lineAndColumn(sql, position)
                  + " (position "
                  + position
                  + "); statement: "
                  + sql,
              name,
              null,
              e);
        }
        throw SqlErrors.unsupported(
            sql,
            "Cannot delete exactly from table "
                + name
                + " with this WHERE: "
                + e.getMessage()
                + " at "
                + SqlText.lineAndColumn(sql, position)
                + " (position "
                + position
                + ") has no exact Floe filter (supported: comparisons of a column with a constant"
                + " or ?, IN, IS [NOT] NULL, BETWEEN, boolean columns, and AND/OR/NOT of those)");
      }
      if (translator.parameters() != params.length) {
        throw new ValidationException(
            "DELETE FROM "
                + name
                + " uses "
                + translator.parameters()
                + " parameters but was given "
                + params.length
                + " values; statement: "
                + sql,
            name,
            null,
            null);
      }
    } else if (params.length != 0) {
      throw new ValidationException(
          "DELETE FROM "
              + name
              + " has no parameters but was given "
              + params.length
              + " values"
              + "; statement: "
              + sql,
          name,
          null,
          null);
    }
    if (filter.op() == Expression.Operation.FALSE) {
      return 0; // no row can match: nothing to commit
    }
    return table.newDelete().where(filter).commit().deletedRows();
  }

  /** The position in the user's statement of a byte offset into the parsed text. */
  private static int position(String text, SqlText.DeleteHead head, long byteOffset) {
    int index = SqlText.charIndex(text, byteOffset);
    return Math.max(head.whereStart(), index - PREFIX.length() + head.whereStart());
  }

  /** Whether the parsed query has nothing but its WHERE clause. */
  private static boolean onlyWhere(JsonNode node) {
    return "SELECT_NODE".equals(node.path("type").asText())
        && node.path("modifiers").isEmpty()
        && node.path("cte_map").path("map").isEmpty()
        && node.path("select_list").size() == 1
        && "EMPTY".equals(node.path("from_table").path("type").asText())
        && node.path("group_expressions").isEmpty()
        && node.path("having").isNull()
        && node.path("qualify").isNull()
        && node.path("sample").isNull()
        && !node.path("where_clause").isMissingNode()
        && !node.path("where_clause").isNull();
  }
}
