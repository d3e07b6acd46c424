package io.floe.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Scan;
import io.floe.impl.spi.ScanPlan;
import io.floe.parquet.ArrowBatches;
import io.floe.parquet.ArrowScan;
import io.floe.sql.internal.BatchReader;
import io.floe.sql.internal.EngineReads;
import io.floe.sql.internal.FilterTranslator;
import io.floe.sql.internal.PlanReader;
import io.floe.sql.internal.PlanReader.PlanScan;
import io.floe.sql.internal.SqlText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.duckdb.DuckDBConnection;

/**
 * One query's life: parse (DuckDB's parser), find Floe's tables, plan over placeholders to learn
 * what each scan needs, open Floe's scans with that projection and filter, run, and release
 * everything on close (also when any step fails).
 */
final class Query implements AutoCloseable {
  /** The prefix of the statement that asks DuckDB for its plan over the placeholders. */
  static final String EXPLAIN = "EXPLAIN (FORMAT JSON) ";

  /** DuckDB writes NaN and Infinity constants as bare tokens. */
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private static final Set<String> DUCKDB_SCHEMAS =
      Set.of("information_schema", "pg_catalog", "main", "temp", "system");

  /** One table reference in the statement. */
  private static final class Ref {
    String name;
    String placeholder;
    JsonNode at;
    SqlText.TableSpan span;
    FloeTable table;
    MetadataTableType metadata;
    Scan scan;
    Long snapshotId;
    String refName;
    Map<String, String> duckTypes = new LinkedHashMap<>();
    List<PlanScan> planScans = new ArrayList<>();
  }

  /** A table reference as written: its name, placeholder, AT clause and where it is. */
  record RefSyntax(List<String> parts, String placeholder, JsonNode at, SqlText.TableSpan span) {}

  /**
   * A single-table query whose pushdown Floe reads from the statement itself, without planning over
   * placeholders: the top {@code SELECT} reads one Floe table directly (no join, subquery, CTE, set
   * operation or sample), so its {@code WHERE} filters that table's rows.
   *
   * @param where the {@code WHERE} clause (column names unqualified), or null
   * @param names the column names the statement refers to anywhere (lower case)
   * @param qualifiers the table's alias (or name) that qualifies its columns (lower case)
   * @param everything whether it needs every column ({@code *}, the row as a struct)
   */
  record Direct(JsonNode where, Set<String> names, Set<String> qualifiers, boolean everything) {}

  /** What parsing a statement's text gives, the same for every run of that text. */
  record Parsed(List<RefSyntax> refs, List<SqlText.Edit> edits, String rewritten, Direct direct) {}

  private final String sql;
  private final Object[] params;
  private final DuckDBConnection conn;
  private final BufferAllocator allocator;
  private final List<String> engineFolders;
  private final List<ArrowArrayStream> streams = new ArrayList<>();
  private final List<BatchReader> readers = new ArrayList<>();
  private final List<ScannedTable> scans = new ArrayList<>();

  /** The views that bind the references to their sources, created together before the query. */
  private final List<String> views = new ArrayList<>();

  private final Map<String, String> names = new LinkedHashMap<>();
  private List<SqlText.Edit> edits = List.of();
  private String rewritten;
  private String plan = "[]";
  private PreparedStatement statement;
  private ResultSet resultSet;
  private boolean closed;

  /**
   * The caller's context class loader, set on DuckDB's native threads while they read Floe's scans
   * (a thread attached through JNI has none, and Iceberg finds its readers through it).
   */
  private final ClassLoader loader =
      Thread.currentThread().getContextClassLoader() != null
          ? Thread.currentThread().getContextClassLoader()
          : Query.class.getClassLoader();

  private Query(
      String sql,
      Object[] params,
      DuckDBConnection conn,
      BufferAllocator allocator,
      List<String> engineFolders) {
    this.sql = sql;
    this.params = params.clone();
    this.conn = conn;
    this.allocator = allocator;
    this.engineFolders = engineFolders;
    this.rewritten = sql;
  }

  static Query open(
      Floe floe,
      DuckDBConnection root,
      BufferAllocator parent,
      int batchSize,
      List<String> engineFolders,
      Map<String, Parsed> cache,
      String sql,
      Object[] params) {
    DuckDBConnection conn;
    try {
      conn = root.duplicate();
    } catch (SQLException e) {
      throw new FloeException("Cannot open a DuckDB connection: " + e.getMessage(), e);
    }
    BufferAllocator allocator;
    try {
      allocator = parent.newChildAllocator("floe-sql-query", 0, parent.getLimit());
    } catch (RuntimeException e) {
      closeQuietly(conn);
      throw e;
    }
    Query q = new Query(sql, params, conn, allocator, engineFolders);
    try {
      q.run(floe, batchSize, cache);
      return q;
    } catch (RuntimeException | Error e) {
      try {
        q.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  String sql() {
    return sql;
  }

  String plan() {
    return plan;
  }

  List<ScannedTable> scans() {
    return List.copyOf(scans);
  }

  ResultSet resultSet() {
    return resultSet;
  }

  private void run(Floe floe, int batchSize, Map<String, Parsed> cache) {
    Parsed parsed = cache.get(sql);
    if (parsed == null) {
      parsed = parse();
      cache.put(sql, parsed);
    }
    this.edits = parsed.edits();
    this.rewritten = parsed.rewritten();
    List<Ref> refs = references(floe, parsed);
    Direct direct = parsed.direct();
    for (Ref ref : refs) {
      resolve(ref);
      if (direct == null) {
        createPlaceholder(ref);
      }
    }
    if (direct == null) {
      analyse(refs);
    }
    for (Ref ref : refs) {
      if (direct == null) {
        openScan(ref, batchSize);
      } else {
        openDirect(ref, direct, batchSize);
      }
    }
    try {
      if (!views.isEmpty()) {
        execute(String.join(";\n", views)); // one round trip
      }
      statement = conn.prepareStatement(rewritten);
      bind(statement);
      resultSet = statement.executeQuery();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Translates a DuckDB error, preferring the failure of one of Floe's scans behind it. */
  FloeException failure(SQLException e) {
    for (BatchReader reader : readers) {
      RuntimeException scanFailure = reader.failure();
      if (scanFailure instanceof FloeException fe) {
        fe.addSuppressed(e);
        return fe;
      } else if (scanFailure != null) {
        return new FloeException(
            "A table scan failed during the query: "
                + scanFailure.getMessage()
                + "; statement: "
                + sql,
            scanFailure);
      }
    }
    return SqlErrors.query(sql, rewritten, edits, names, e);
  }

  // ---- parse and rewrite ------------------------------------------------------------------

  private JsonNode serialize(String text) {
    return serialize(conn, text, sql);
  }

  /**
   * DuckDB's parse tree of a text ({@code json_serialize_sql}); {@code sql} names the statement.
   */
  static JsonNode serialize(DuckDBConnection conn, String text, String sql) {
    try (PreparedStatement ps = conn.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      ps.setString(1, text);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return JSON.readTree(rs.getString(1));
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new FloeException("Cannot parse the statement: " + e.getMessage() + "; " + sql, e);
    }
  }

  /** Parses the statement, finds its table references and checks the rewritten statement. */
  private Parsed parse() {
    JsonNode tree = serialize(sql);
    if (tree.path("error").asBoolean(false)) {
      String message = tree.path("error_message").asText();
      if (message.contains("Only SELECT statements")) {
        throw SqlErrors.notSelect(sql);
      }
      int position =
          tree.has("position") ? SqlText.charIndex(sql, tree.path("position").asLong()) : 0;
      throw SqlErrors.syntax(sql, message, position);
    }
    if (tree.path("statements").size() != 1) {
      throw SqlErrors.unsupported(sql, "Floe SQL runs exactly one statement per call");
    }
    List<JsonNode> tables = new ArrayList<>();
    baseTables(tree, tables);
    List<RefSyntax> refs = new ArrayList<>();
    List<SqlText.Edit> edits = new ArrayList<>();
    JsonNode direct = null;
    for (JsonNode t : tables) {
      String schema = t.path("schema_name").asText();
      String catalog = t.path("catalog_name").asText();
      if (schema.isEmpty()
          || (catalog.isEmpty() && DUCKDB_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT)))) {
        continue; // a CTE, a DuckDB table function or one of DuckDB's own schemas
      }
      List<String> parts = new ArrayList<>();
      if (!catalog.isEmpty()) {
        parts.add(catalog);
      }
      parts.add(schema);
      parts.add(t.path("table_name").asText());
      String name = String.join(".", parts);
      String placeholder = "__floe_t" + refs.size();
      JsonNode at = t.path("at_clause").isNull() ? null : t.path("at_clause");
      int location = SqlText.charIndex(sql, t.path("query_location").asLong());
      SqlText.TableSpan span = SqlText.tableAt(sql, location, at != null);
      if (span == null || !sameNames(span.parts(), parts)) {
        throw SqlErrors.tableReference(sql, name, location);
      }
      String alias = t.path("alias").asText();
      edits.add(
          new SqlText.Edit(
              span.nameStart(),
              span.nameEnd(),
              placeholder + (alias.isEmpty() ? " AS " + quote(parts.get(parts.size() - 1)) : "")));
      if (at != null) {
        edits.add(new SqlText.Edit(span.atStart(), span.atEnd(), ""));
      }
      refs.add(new RefSyntax(List.copyOf(parts), placeholder, at, span));
      direct = t;
    }
    String rewritten = SqlText.apply(sql, edits);
    verifyRewrite(rewritten, refs);
    return new Parsed(
        List.copyOf(refs),
        List.copyOf(edits),
        rewritten,
        refs.size() == 1 ? direct(tree, direct, refs.get(0)) : null);
  }

  /** Loads the tables of the parsed references (they may have changed since the last run). */
  private List<Ref> references(Floe floe, Parsed parsed) {
    List<Ref> refs = new ArrayList<>();
    for (RefSyntax syntax : parsed.refs()) {
      List<String> parts = syntax.parts();
      Ref ref = new Ref();
      ref.name = String.join(".", parts);
      ref.placeholder = syntax.placeholder();
      ref.at = syntax.at();
      ref.span = syntax.span();
      if (parts.size() == 3 && !floe.catalogs().contains(parts.get(0))) {
        // ns.table.snapshots: a metadata table (catalog.ns.table when the first part is a catalog)
        String base = parts.get(0) + "." + parts.get(1);
        MetadataTableType type = metadataType(parts.get(2));
        if (type != null && floe.tableExists(base)) {
          ref.table = floe.loadTable(base);
          ref.metadata = type;
        }
      }
      if (ref.table == null) {
        ref.table = floe.loadTable(ref.name);
      }
      names.put(ref.placeholder, ref.name);
      refs.add(ref);
    }
    return refs;
  }

  /**
   * The direct form of a single-table statement, or null when the top {@code SELECT} does not read
   * the table itself (joins, subqueries, CTEs, set operations and samples are planned by DuckDB).
   */
  private static Direct direct(JsonNode tree, JsonNode table, RefSyntax ref) {
    JsonNode node = tree.path("statements").path(0).path("node");
    if (!"SELECT_NODE".equals(node.path("type").asText())
        || node.path("from_table") != table
        || !node.path("cte_map").path("map").isEmpty()
        || !table.path("sample").isNull()
        || !table.path("column_name_alias").isEmpty()
        || contains(node, "SUBQUERY")) {
      return null;
    }
    Set<String> qualifiers = new java.util.HashSet<>();
    String alias = table.path("alias").asText();
    qualifiers.add(
        (alias.isEmpty() ? ref.parts().get(ref.parts().size() - 1) : alias)
            .toLowerCase(Locale.ROOT));
    Set<String> names = new java.util.HashSet<>();
    boolean[] everything = new boolean[1];
    columnNames(node, qualifiers, names, everything);
    JsonNode where = node.path("where_clause");
    where = where.isMissingNode() || where.isNull() ? null : where;
    if (where != null) {
      Set<String> whereNames = new java.util.HashSet<>();
      columnNames(where, qualifiers, whereNames, new boolean[1]);
      for (JsonNode item : node.path("select_list")) {
        // WHERE names an output column (DuckDB allows it): leave name resolution to its planner
        if (whereNames.contains(item.path("alias").asText().toLowerCase(Locale.ROOT))) {
          return null;
        }
      }
    }
    return new Direct(
        where == null ? null : unqualify(where.deepCopy(), qualifiers),
        Set.copyOf(names),
        Set.copyOf(qualifiers),
        everything[0]);
  }

  private static boolean contains(JsonNode node, String cls) {
    if (node.isObject() && cls.equals(node.path("class").asText())) {
      return true;
    }
    for (JsonNode child : node) {
      if (child.isContainerNode() && contains(child, cls)) {
        return true;
      }
    }
    return false;
  }

  /** Every name part of every column reference; {@code *} or the table's own name needs all. */
  private static void columnNames(
      JsonNode node, Set<String> qualifiers, Set<String> names, boolean[] everything) {
    if (node.isObject()) {
      String cls = node.path("class").asText();
      if (cls.equals("STAR")) {
        everything[0] = true;
      } else if (cls.equals("COLUMN_REF")) {
        JsonNode parts = node.path("column_names");
        if (parts.size() == 1
            && qualifiers.contains(parts.get(0).asText().toLowerCase(Locale.ROOT))) {
          everything[0] = true; // the row as a struct
        }
        parts.forEach(p -> names.add(p.asText().toLowerCase(Locale.ROOT)));
      }
    }
    for (JsonNode child : node) {
      if (child.isContainerNode()) {
        columnNames(child, qualifiers, names, everything);
      }
    }
  }

  /** Drops a qualifier naming the table from column references ({@code o.id} to {@code id}). */
  private static JsonNode unqualify(JsonNode node, Set<String> qualifiers) {
    if (node.isObject() && "COLUMN_REF".equals(node.path("class").asText())) {
      com.fasterxml.jackson.databind.node.ArrayNode parts =
          (com.fasterxml.jackson.databind.node.ArrayNode) node.path("column_names");
      if (parts.size() == 2
          && qualifiers.contains(parts.get(0).asText().toLowerCase(Locale.ROOT))) {
        parts.remove(0);
      }
    }
    for (JsonNode child : node) {
      if (child.isContainerNode()) {
        unqualify(child, qualifiers);
      }
    }
    return node;
  }

  private static MetadataTableType metadataType(String name) {
    for (MetadataTableType type : MetadataTableType.values()) {
      if (type.name().equalsIgnoreCase(name)) {
        return type;
      }
    }
    return null;
  }

  private static boolean sameNames(List<String> found, List<String> parsed) {
    if (found.size() != parsed.size()) {
      return false;
    }
    for (int i = 0; i < found.size(); i++) {
      if (!found.get(i).equalsIgnoreCase(parsed.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The rewritten statement names each placeholder once, without AT, and no other Floe table. */
  private void verifyRewrite(String rewritten, List<RefSyntax> refs) {
    JsonNode tree = serialize(rewritten);
    List<JsonNode> tables = new ArrayList<>();
    baseTables(tree, tables);
    Set<String> placeholders = new java.util.HashSet<>();
    refs.forEach(r -> placeholders.add(r.placeholder()));
    Map<String, Integer> seen = new LinkedHashMap<>();
    boolean ok = !tree.path("error").asBoolean(false);
    for (JsonNode t : tables) {
      String table = t.path("table_name").asText();
      if (placeholders.contains(table)) {
        ok &= t.path("schema_name").asText().isEmpty() && t.path("at_clause").isNull();
        seen.merge(table, 1, Integer::sum);
      }
    }
    for (RefSyntax ref : refs) {
      ok &= seen.getOrDefault(ref.placeholder(), 0) == 1;
    }
    if (!ok) {
      throw SqlErrors.unsupported(
          sql, "Cannot bind the statement's table references to Floe's tables");
    }
  }

  private static void baseTables(JsonNode node, List<JsonNode> out) {
    if (node.isObject()
        && "BASE_TABLE".equals(node.path("type").asText())
        && node.has("table_name")) {
      out.add(node);
    }
    for (JsonNode child : node) {
      if (child.isContainerNode()) {
        baseTables(child, out);
      }
    }
  }

  // ---- tables, time travel, placeholders ------------------------------------------------

  private void resolve(Ref ref) {
    Scan scan = ref.metadata != null ? ref.table.metadataTable(ref.metadata) : ref.table.newScan();
    if (ref.at == null) {
      ref.snapshotId = ref.table.currentSnapshot().map(Snapshot::snapshotId).orElse(null);
    } else {
      String unit = ref.at.path("unit").asText().toUpperCase(Locale.ROOT);
      JsonNode expr = ref.at.path("expr");
      if (unit.equals("VERSION")
          && "CONSTANT".equals(expr.path("class").asText())
          && !expr.path("value").path("is_null").asBoolean()) {
        JsonNode value = expr.path("value");
        String type = value.path("type").path("id").asText();
        if (type.equals("VARCHAR")) {
          ref.refName = value.path("value").asText();
          scan = scan.useRef(ref.refName);
          ref.snapshotId = ref.table.snapshot(ref.refName).map(Snapshot::snapshotId).orElse(null);
        } else if (value.path("value").isIntegralNumber()) {
          ref.snapshotId = value.path("value").longValue();
          scan = scan.asOfSnapshot(ref.snapshotId);
        } else {
          throw SqlErrors.unsupported(
              sql,
              "AT (VERSION => ...) of table "
                  + ref.name
                  + " takes a snapshot id or a branch or tag name");
        }
      } else if (unit.equals("TIMESTAMP") && !expr.toString().contains("\"PARAMETER\"")) {
        String body = ref.span.atBody();
        String text = body.substring(body.indexOf("=>") + 2);
        scan = scan.asOfTime(instant(ref, text));
      } else {
        throw SqlErrors.unsupported(
            sql,
            "AT clause of table "
                + ref.name
                + ": write AT (VERSION => <snapshot id>), AT (VERSION => '<branch or tag>') or"
                + " AT (TIMESTAMP => <timestamp>), with constants");
      }
    }
    ref.scan = scan;
  }

  private Instant instant(Ref ref, String text) {
    try (Statement s = conn.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT epoch_us(CAST((" + text + ") AS TIMESTAMP WITH TIME ZONE))")) {
      rs.next();
      return Instant.EPOCH.plus(rs.getLong(1), ChronoUnit.MICROS);
    } catch (SQLException e) {
      throw SqlErrors.unsupported(
          sql,
          "AT (TIMESTAMP => "
              + text.trim()
              + ") of table "
              + ref.name
              + " is not a timestamp: "
              + e.getMessage());
    }
  }

  /** An empty DuckDB table of the reference's columns, typed as DuckDB reads Floe's batches. */
  private void createPlaceholder(Ref ref) {
    org.apache.iceberg.Schema schema = ref.scan.schema();
    StringBuilder create = new StringBuilder("CREATE TEMP TABLE " + ref.placeholder + " (");
    boolean flat = true;
    for (org.apache.iceberg.types.Types.NestedField f : schema.columns()) {
      String type = EngineReads.duckType(f.type());
      if (type == null) {
        flat = false;
        break;
      }
      create.append(ref.duckTypes.isEmpty() ? "" : ", ").append(quote(f.name())).append(' ');
      create.append(type);
      ref.duckTypes.put(f.name(), type);
    }
    if (flat) {
      // the types DuckDB gives Floe's Arrow batches of these columns, without exporting any
      try {
        execute(create.append(')').toString());
        return;
      } catch (SQLException e) {
        throw SqlErrors.present(ref.name, e);
      }
    }
    ref.duckTypes.clear();
    Schema arrow = ArrowScan.of(ref.scan).schema();
    String empty = "__floe_e" + ref.placeholder.substring("__floe_t".length());
    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
    try {
      Data.exportArrayStream(allocator, new BatchReader(allocator, null, arrow, loader), stream);
      conn.registerArrowStream(empty, stream);
      execute("CREATE TEMP TABLE " + ref.placeholder + " AS SELECT * FROM " + empty);
      execute("DROP VIEW " + empty);
      try (Statement s = conn.createStatement();
          ResultSet rs = s.executeQuery("DESCRIBE " + ref.placeholder)) {
        while (rs.next()) {
          ref.duckTypes.put(rs.getString("column_name"), rs.getString("column_type"));
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.present(ref.name, e);
    } finally {
      stream.close();
    }
  }

  private void execute(String statementText) throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute(statementText);
    }
  }

  private void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object v = params[i];
      if (v instanceof Instant instant) {
        v = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
      }
      ps.setObject(i + 1, v);
    }
  }

  // ---- pushdown analysis -----------------------------------------------------------------

  private void analyse(List<Ref> refs) {
    if (refs.isEmpty()) {
      return;
    }
    Map<String, List<PlanScan>> byName = new LinkedHashMap<>();
    refs.forEach(r -> byName.put(r.placeholder, r.planScans));
    try {
      // statistics of the empty placeholders would let DuckDB fold the whole plan away
      execute("SET disabled_optimizers = 'statistics_propagation'");
      try (PreparedStatement ps = conn.prepareStatement(EXPLAIN + rewritten)) {
        bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plan = rs.getString(2);
            PlanReader.read(JSON.readTree(plan), byName);
          }
        }
      } finally {
        execute("RESET disabled_optimizers");
      }
      StringBuilder drop = new StringBuilder();
      for (Ref ref : refs) {
        drop.append("DROP TABLE ").append(ref.placeholder).append(";\n");
      }
      execute(drop.toString()); // one round trip
    } catch (SQLException e) {
      throw failure(e);
    } catch (JsonProcessingException e) {
      throw new FloeException("Cannot read DuckDB's plan: " + e.getMessage() + "; " + sql, e);
    }
  }

  private void openScan(Ref ref, int batchSize) {
    org.apache.iceberg.Schema schema = ref.scan.schema();
    List<String> all = new ArrayList<>();
    schema.columns().forEach(f -> all.add(f.name()));
    Set<String> needed = new LinkedHashSet<>();
    boolean everything = false;
    Expression filter = null;
    for (PlanScan planScan : ref.planScans) {
      Expression scanFilter = Expressions.alwaysTrue();
      for (String column : planScan.projections()) {
        if (all.contains(column)) {
          needed.add(column);
        } else {
          everything = true;
        }
      }
      for (String filters : planScan.filters()) {
        for (String conjunct : SqlText.conjuncts(filters)) {
          if (conjunct.startsWith("Dynamic Filter")) {
            // built at run time (joins, top-n): nothing to push; keep its column
            String column =
                conjunct.substring(
                    conjunct.indexOf('(') + 1, Math.max(conjunct.lastIndexOf(')'), 0));
            if (all.contains(column)) {
              needed.add(column);
            } else {
              everything = true;
            }
            continue;
          }
          JsonNode where = parseFilter(conjunct);
          if (where == null) {
            everything = true; // cannot tell which columns it needs
            continue;
          }
          Set<String> columns = new LinkedHashSet<>();
          scanFilter =
              Expressions.and(scanFilter, new FilterTranslator(schema, columns).translate(where));
          for (String column : columns) {
            if (all.contains(column)) {
              needed.add(column);
            } else {
              everything = true;
            }
          }
        }
      }
      filter = filter == null ? scanFilter : Expressions.or(filter, scanFilter);
    }
    if (filter == null) {
      filter = Expressions.alwaysTrue(); // not in the plan: read on demand, unfiltered
    }
    List<String> columns = new ArrayList<>();
    for (String column : all) {
      if (everything || needed.contains(column)) {
        columns.add(column);
      }
    }
    open(ref, all, columns, filter, ref.planScans.size(), batchSize);
  }

  /**
   * Opens a single-table statement's scan: the columns it names, and the conjuncts of its {@code
   * WHERE} translated as DuckDB's pushed filters are (DuckDB applies the whole {@code WHERE}
   * again).
   */
  private void openDirect(Ref ref, Direct direct, int batchSize) {
    org.apache.iceberg.Schema schema = ref.scan.schema();
    List<String> all = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    for (org.apache.iceberg.types.Types.NestedField f : schema.columns()) {
      all.add(f.name());
      if (direct.everything() || direct.names().contains(f.name().toLowerCase(Locale.ROOT))) {
        columns.add(f.name());
      }
    }
    Expression filter = Expressions.alwaysTrue();
    boolean ambiguous = false;
    for (String column : all) {
      // "x.f": the field f of a struct column x, or column f of the table aliased x?
      ambiguous |= direct.qualifiers().contains(column.toLowerCase(Locale.ROOT));
    }
    if (ambiguous) {
      columns = all;
    } else if (direct.where() != null) {
      filter =
          new FilterTranslator(schema, new LinkedHashSet<>(), params).translate(direct.where());
    }
    open(ref, all, columns, filter, 0, batchSize);
  }

  /**
   * Opens a reference's scan and binds it to its placeholder name.
   *
   * @param planScans how often DuckDB's plan scans the reference; 0 for a direct single-table
   *     query, whose stream DuckDB reads under the placeholder's name (no view: the columns not
   *     read are the ones the statement does not name)
   */
  private void open(
      Ref ref,
      List<String> all,
      List<String> columns,
      Expression filter,
      int planScans,
      int batchSize) {
    if (columns.isEmpty()) {
      columns.add(all.get(0)); // count(*): one column for the row count
    }
    ScanPlan plan = ScanPlan.of(ref.scan.select(columns).where(filter));
    if (ref.metadata == null) {
      plan = EngineReads.prepare(plan, engineFolders);
    }
    // DuckDB reads the planned files it can read exactly as Floe would; Floe reads the others
    EngineReads.Split split =
        engineFolders.isEmpty() || ref.metadata != null
            ? null
            : EngineReads.split(plan, engineFolders);
    ArrowBatches batches =
        ArrowScan.of(split == null ? plan : plan.readingOnly(split.floe()))
            .batchSize(batchSize)
            .open(allocator);
    BatchReader reader;
    try {
      reader = new BatchReader(allocator, batches, batches.schema(), loader);
    } catch (RuntimeException e) {
      batches.close();
      throw e;
    }
    readers.add(reader);
    ScanPlan.Tasks planned = plan.planned();
    scans.add(
        new ScannedTable(
            ref.name,
            sql.substring(
                ref.span.nameStart(), ref.at == null ? ref.span.nameEnd() : ref.span.atEnd()),
            ref.snapshotId,
            ref.refName,
            columns,
            filter,
            Math.max(1, planScans),
            batches,
            split == null ? 0 : split.engine().size(),
            planned.skippedFiles()));
    String index = ref.placeholder.substring("__floe_t".length());
    String source = "__floe_s" + index;
    boolean stream = split == null || !split.floe().isEmpty();
    if (stream) {
      ArrowArrayStream arrowStream = ArrowArrayStream.allocateNew(allocator);
      streams.add(arrowStream);
      Data.exportArrayStream(allocator, reader, arrowStream); // the reader is closed with the query
      try {
        conn.registerArrowStream(
            split == null && planScans == 0 ? ref.placeholder : source, arrowStream);
      } catch (RuntimeException e) {
        throw SqlErrors.present(ref.name, e);
      }
    }
    try {
      if (split == null && planScans == 0) {
        return; // the stream itself, under the placeholder's name
      }
      if (stream && planScans > 1) {
        // DuckDB scans this reference more than once; a C stream can be read once
        String data = "__floe_d" + index;
        execute("CREATE TEMP TABLE " + data + " AS SELECT * FROM " + source);
        source = data;
      }
      if (split != null) {
        String files = EngineReads.select(plan, split.engine(), plan.projected().columns());
        source = "(" + (stream ? files + " UNION ALL SELECT * FROM " + source : files) + ")";
      }
      if (planScans == 0) {
        views.add("CREATE TEMP VIEW " + ref.placeholder + " AS SELECT * FROM " + source);
        return;
      }
      StringBuilder view = new StringBuilder("CREATE TEMP VIEW " + ref.placeholder + " AS SELECT ");
      String sep = "";
      for (String column : all) {
        view.append(sep);
        sep = ", ";
        if (columns.contains(column)) {
          view.append(quote(column));
        } else {
          // never read: DuckDB drops unused columns; if it ever used one, the query fails loudly
          view.append("error(")
              .append(literal("Floe SQL did not read column " + column + " of table " + ref.name))
              .append(")");
          String type = ref.duckTypes.get(column); // unknown without placeholders: untyped
          if (type != null) {
            view.append("::").append(type);
          }
          view.append(" AS ").append(quote(column));
        }
      }
      view.append(" FROM ").append(source);
      views.add(view.toString());
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private JsonNode parseFilter(String conjunct) {
    JsonNode tree;
    try {
      tree = serialize("SELECT 1 WHERE " + conjunct);
    } catch (FloeException e) {
      return null; // not pushed: DuckDB applies it
    }
    if (tree.path("error").asBoolean(false) || tree.path("statements").size() != 1) {
      return null;
    }
    JsonNode where = tree.path("statements").get(0).path("node").path("where_clause");
    return where.isMissingNode() || where.isNull() ? null : where;
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  // ---- release ---------------------------------------------------------------------------

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    try {
      if (resultSet != null) {
        resultSet.close();
      }
    } catch (SQLException e) {
      failure = new FloeException("Cannot close the result: " + e.getMessage(), e);
    }
    try {
      if (statement != null) {
        statement.close();
      }
    } catch (SQLException e) {
      failure = failure != null ? failure : new FloeException(e.getMessage(), e);
    }
    closeQuietly(conn);
    // streams DuckDB never read are released here (those it read, it released itself)
    for (ArrowArrayStream stream : streams) {
      stream.close();
    }
    for (BatchReader reader : readers) {
      try {
        reader.close();
      } catch (java.io.IOException | RuntimeException e) {
        failure = failure != null ? failure : new FloeException(e.getMessage(), e);
      }
    }
    awaitReleased();
    allocator.close();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Waits (up to 10 s) until DuckDB released the Arrow batches it was handed: its worker threads
   * drop the last ones after the connection is closed, asynchronously.
   */
  private void awaitReleased() {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void closeQuietly(DuckDBConnection conn) {
    try {
      conn.close();
    } catch (SQLException ignored) {
      // the connection is gone either way
    }
  }
}
