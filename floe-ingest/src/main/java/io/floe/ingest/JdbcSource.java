package io.floe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.Append;
import io.floe.CommitStateUnknownException;
import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeIOException;
import io.floe.FloeTable;
import io.floe.Upsert;
import io.floe.ValidationException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.types.Type;

/**
 * Copies a JDBC table (or query) into a Floe table: in full at first, then incrementally by a
 * monotonic column (an id from a sequence, an {@code updated_at} timestamp), appending the new rows
 * or upserting them on a key ({@link FloeTable#newUpsert()}). Resumable, exactly once per
 * watermark.
 *
 * <p>Each sync reads {@code SELECT * FROM source WHERE column > watermark ORDER BY column} and
 * commits every {@link Builder#batchRows(int)} rows (never between two rows with the same column
 * value); each commit's snapshot summary holds, under {@code floe.ingest.jdbc.<source-id>}, the
 * column's value of its last row (the watermark) and the source's commit sequence number, checked
 * at commit time as {@link FolderSource} does. A restarted source reads the watermark from the
 * table and goes on after it: rows committed before a crash are not copied again, rows written but
 * not committed are. Rows whose column value is at or below the watermark when they become visible
 * in the database (a transaction that commits late) are not seen by an append source; an upsert
 * source on an {@code updated_at} column picks up every later change of a row.
 *
 * <p>Without a monotonic column a sync copies the whole table: with a key it upserts every row
 * (idempotent), without one it appends every row once and later syncs do nothing.
 *
 * <p>Column types come from the JDBC metadata (see {@code docs/ingestion.md} for the mapping); a
 * type without an Iceberg counterpart fails with {@link io.floe.UnsupportedFeatureException} naming
 * the column, the source and the database type, unless {@link Builder#columnType(String, Type)}
 * maps it. The target table is created from that schema when missing. No JDBC driver comes with
 * Floe: add your database's. Not thread-safe.
 *
 * <pre>{@code
 * try (JdbcSource source = JdbcSource.builder(floe, "shop.orders")
 *         .url("jdbc:postgresql://127.0.0.1/shop", properties)
 *         .sourceTable("public.orders")
 *         .incrementalBy("updated_at")
 *         .upsertOn("id")
 *         .build()) {
 *   JdbcSource.Sync sync = source.syncOnce();
 * }
 * }</pre>
 */
public final class JdbcSource implements AutoCloseable {
  static final String KIND = "jdbc";

  /** Opens a JDBC connection; the source closes it. */
  @FunctionalInterface
  public interface Connector {
    /**
     * Opens a connection.
     *
     * @return a new connection
     * @throws SQLException when it cannot be opened
     */
    Connection open() throws SQLException;
  }

  private final Floe floe;
  private final String tableName;
  private final Connector connector;
  private final String source;
  private final String query;
  private final String column;
  private final List<String> keys;
  private final Map<String, Type> overrides;
  private final int batchRows;
  private final int fetchSize;
  private final String sourceId;
  private final boolean createIfMissing;
  private CheckedTable table;
  private long seq = -1;
  private String watermark;

  private JdbcSource(Builder b) {
    this.floe = b.floe;
    this.tableName = b.table;
    this.connector = b.connector;
    this.source = b.sourceTable != null ? b.sourceTable : "(" + b.query + ")";
    this.query = b.sourceTable != null ? "SELECT * FROM " + b.sourceTable : b.query;
    this.column = b.column;
    this.keys = b.keys;
    this.overrides = Map.copyOf(b.overrides);
    this.batchRows = b.batchRows;
    this.fetchSize = b.fetchSize;
    this.sourceId =
        b.sourceId != null ? b.sourceId : b.sourceTable != null ? b.sourceTable : "query";
    this.createIfMissing = b.createIfMissing;
  }

  /**
   * Starts a JDBC source into a table.
   *
   * @param floe the Floe the table is in
   * @param table the target table, such as {@code "shop.orders"}
   * @return a builder
   */
  public static Builder builder(Floe floe, String table) {
    return new Builder(floe, table);
  }

  /**
   * The watermark this source goes on from: the monotonic column's value of the last row committed,
   * as recorded in the table.
   *
   * @return the value as text, empty before the first commit or without a monotonic column
   */
  public Optional<String> watermark() {
    ensureState(null);
    return Optional.ofNullable(watermark);
  }

  /**
   * Copies the rows after the watermark (all rows on the first sync) into the table.
   *
   * @return what the sync did
   * @throws io.floe.UnsupportedFeatureException when a column's type has no Iceberg counterpart
   * @throws ValidationException when the source's columns do not fit the table, or another process
   *     running the same source committed in between (nothing of this batch was committed)
   * @throws FloeIOException when the database cannot be read; the batches committed stay
   * @throws CommitStateUnknownException when a commit's outcome is unknown; the next sync reads the
   *     table again
   */
  public Sync syncOnce() {
    long start = System.nanoTime();
    try (Connection connection = connector.open()) {
      // a cursor, not the whole result in memory (PostgreSQL honours the fetch size only so)
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit) {
        connection.setAutoCommit(false);
      }
      try {
        return sync(connection, start);
      } finally {
        try {
          connection.rollback(); // read only: nothing to keep
        } finally {
          if (autoCommit) {
            connection.setAutoCommit(true); // as it came (a pool's connection)
          }
        }
      }
    } catch (SQLException e) {
      throw readError(e);
    }
  }

  private Sync sync(Connection connection, long start) throws SQLException {
    long rows = 0;
    long commits = 0;
    String sql = query;
    ensureState(connection);
    if (column == null && keys.isEmpty() && seq > 0) {
      return new Sync(0, 0, System.nanoTime() - start); // copied once already
    }
    Schema schema = sourceSchema(connection);
    Type columnType = column == null ? null : schema.findType(column);
    if (column != null && columnType == null) {
      throw new ValidationException(
          "The monotonic column " + column + " is not a column of " + source,
          tableName,
          column,
          null);
    }
    if (column != null) {
      // the name as the database reported it (checked above), quoted: never SQL of its own
      String quote = connection.getMetaData().getIdentifierQuoteString();
      String quoted =
          quote == null || quote.isBlank()
              ? column
              : quote + column.replace(quote, quote + quote) + quote;
      sql =
          "SELECT * FROM ("
              + query
              + ") floe_src"
              + (watermark == null ? "" : " WHERE " + quoted + " > ?")
              + " ORDER BY "
              + quoted;
    }
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setFetchSize(fetchSize);
      if (column != null && watermark != null) {
        ps.setObject(1, JdbcTypes.parse(watermark, columnType));
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] names = new String[n];
        Type[] types = new Type[n];
        int columnIndex = -1;
        for (int i = 0; i < n; i++) {
          names[i] = md.getColumnLabel(i + 1);
          types[i] = schema.findType(names[i]);
          if (names[i].equals(column)) {
            columnIndex = i;
          }
        }
        boolean split = columnIndex >= 0 || !keys.isEmpty();
        Pending pending = new Pending();
        try {
          Object last = null;
          while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
              row.put(names[i], JdbcTypes.read(rs, i + 1, types[i]));
            }
            Object value = columnIndex < 0 ? null : row.get(names[columnIndex]);
            if (columnIndex >= 0 && value == null) {
              throw new ValidationException(
                  "A row of "
                      + source
                      + " has no value in the monotonic column "
                      + column
                      + "; make the column NOT NULL or filter such rows in query(...)",
                  tableName,
                  column,
                  null);
            }
            if (split && pending.rows >= batchRows && (columnIndex < 0 || !value.equals(last))) {
              rows += commit(pending, last);
              commits++;
              pending = new Pending();
            }
            pending.add(row);
            last = value;
          }
          if (pending.rows > 0 || (column == null && keys.isEmpty())) {
            rows += commit(pending, last);
            commits++;
          }
        } finally {
          pending.close();
        }
      }
    }
    return new Sync(rows, commits, System.nanoTime() - start);
  }

  private FloeIOException readError(SQLException e) {
    return new FloeIOException(
        "read",
        source,
        "Cannot read "
            + source
            + " for "
            + tableName
            + ": "
            + e.getMessage()
            + " (SQL state "
            + e.getSQLState()
            + "); the batches committed before stay, the next sync goes on after them",
        e);
  }

  private void ensureState(Connection connection) {
    if (table == null) {
      if (floe.findTable(tableName).isEmpty()) {
        if (!createIfMissing) {
          throw new io.floe.NotFoundException(
              "Table " + tableName + " does not exist; create it or use createIfMissing()",
              tableName,
              null,
              null,
              null);
        }
        Connection c = connection;
        try {
          if (c == null) {
            c = connector.open();
          }
          Schema schema = sourceSchema(c);
          var creator = floe.createTable(tableName).schema(schema);
          creator.create();
        } catch (SQLException e) {
          throw new FloeIOException(
              "read", source, "Cannot read the columns of " + source + ": " + e.getMessage(), e);
        } finally {
          if (connection == null && c != null) {
            try {
              c.close();
            } catch (SQLException e) {
              // read only
            }
          }
        }
      }
      table = new CheckedTable(floe, tableName, SourceLog.key(KIND, sourceId));
    }
    if (seq < 0) {
      TableMetadata metadata = table.refresh();
      JsonNode node = SourceLog.latest(metadata, table.key);
      seq = node == null ? 0 : node.path("seq").asLong();
      watermark =
          node == null || node.path("watermark").isNull() || node.path("watermark").isMissingNode()
              ? null
              : node.path("watermark").asText();
      if (node == null && SourceLog.historyExpired(metadata) && column != null) {
        throw new ValidationException(
            "The JDBC source '"
                + sourceId
                + "' finds no watermark in "
                + tableName
                + " and its history was expired: it would copy "
                + source
                + " again. Keep the source's snapshots, or start a new source id into an empty"
                + " table.",
            tableName,
            null,
            null);
      }
    }
  }

  private Schema sourceSchema(Connection connection) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT * FROM (" + query + ") floe_src WHERE 1 = 0")) {
      try (ResultSet rs = ps.executeQuery()) {
        return JdbcTypes.schema(source, rs.getMetaData(), overrides, keys);
      }
    }
  }

  /** The rows of one commit, written to data files as they come. */
  private final class Pending implements AutoCloseable {
    private Append append;
    private Upsert upsert;
    long rows;

    void add(Map<String, Object> row) {
      if (keys.isEmpty()) {
        if (append == null) {
          append = table.table.newAppend();
        }
        append.row(row);
      } else {
        if (upsert == null) {
          upsert = table.table.newUpsert().key(keys);
        }
        upsert.row(row);
      }
      rows++;
    }

    @Override
    public void close() {
      if (append != null) {
        append.abort();
      }
      if (upsert != null) {
        upsert.close();
      }
    }
  }

  private long commit(Pending pending, Object last) {
    long next = seq + 1;
    ObjectNode node = SourceLog.JSON.createObjectNode();
    node.put("seq", next);
    String mark = last == null ? watermark : JdbcTypes.format(last);
    if (mark != null) {
      node.put("watermark", mark);
    } else {
      node.putNull("watermark");
    }
    node.put("rows", pending.rows);
    String summary = SourceLog.write(node);
    table.expectation.expect(seq);
    try {
      if (pending.append != null) {
        pending.append.set(table.key, summary).commit();
      } else if (pending.upsert != null) {
        pending.upsert.set(table.key, summary).commit();
      } else {
        table.iceberg().newFastAppend().set(table.key, summary).commit();
      }
    } catch (CommitStateUnknownException e) {
      seq = -1;
      throw e;
    } catch (FloeException | org.apache.iceberg.exceptions.ValidationException e) {
      String refusal = table.expectation.refusal();
      if (refusal != null) {
        seq = -1;
        throw new ValidationException(refusal, tableName, null, e);
      }
      throw e;
    }
    seq = next;
    watermark = mark;
    return pending.rows;
  }

  /**
   * Releases the source's view of the table (each sync opens and closes its own connection).
   * Idempotent; the Floe stays open.
   */
  @Override
  public void close() {
    if (table != null) {
      table.close();
      table = null;
    }
  }

  /**
   * What one {@link #syncOnce()} did.
   *
   * @param rows rows committed
   * @param commits commits made
   * @param nanos how long it took
   */
  public record Sync(long rows, long commits, long nanos) {}

  /** Configures a {@link JdbcSource}: a value builder. */
  public static final class Builder {
    private final Floe floe;
    private final String table;
    private Connector connector;
    private String sourceTable;
    private String query;
    private String column;
    private List<String> keys = List.of();
    private final Map<String, Type> overrides = new HashMap<>();
    private int batchRows = 100_000;
    private int fetchSize = 10_000;
    private String sourceId;
    private boolean createIfMissing;

    private Builder(Floe floe, String table) {
      this.floe = Objects.requireNonNull(floe, "floe");
      this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Connects through {@link DriverManager} (the driver must be on the class path).
     *
     * @param jdbcUrl the JDBC URL
     * @param properties connection properties such as user and password (never logged)
     * @return this builder
     */
    public Builder url(String jdbcUrl, Properties properties) {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Properties copy = new Properties();
      copy.putAll(Objects.requireNonNull(properties, "properties"));
      this.connector = () -> DriverManager.getConnection(jdbcUrl, copy);
      return this;
    }

    /**
     * Connects with a connector of the application's (such as a pool's {@code getConnection}).
     *
     * @param connector opens connections; each sync opens one and closes it
     * @return this builder
     */
    public Builder connector(Connector connector) {
      this.connector = Objects.requireNonNull(connector, "connector");
      return this;
    }

    /**
     * Copies this table or view, such as {@code public.orders} (an SQL identifier, used as given).
     *
     * @param name the table's name
     * @return this builder
     */
    public Builder sourceTable(String name) {
      this.sourceTable = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Copies the rows of this query instead of a table (to cast or filter columns).
     *
     * @param sql a SELECT statement
     * @return this builder
     */
    public Builder query(String sql) {
      this.query = Objects.requireNonNull(sql, "sql");
      return this;
    }

    /**
     * Copies incrementally by this column, whose values only grow (the watermark).
     *
     * @param column the column's name
     * @return this builder
     */
    public Builder incrementalBy(String column) {
      this.column = Objects.requireNonNull(column, "column");
      return this;
    }

    /**
     * Upserts rows on these key columns instead of appending them.
     *
     * @param columns the key columns
     * @return this builder
     * @throws IllegalArgumentException when none is given
     */
    public Builder upsertOn(String... columns) {
      if (columns.length == 0) {
        throw new IllegalArgumentException("upsertOn needs at least one key column");
      }
      this.keys = List.copyOf(Arrays.asList(columns));
      return this;
    }

    /**
     * Maps a column to this Iceberg type instead of the one its JDBC type gives.
     *
     * @param column the column's name
     * @param type the type
     * @return this builder
     */
    public Builder columnType(String column, Type type) {
      overrides.put(Objects.requireNonNull(column, "column"), Objects.requireNonNull(type, "type"));
      return this;
    }

    /**
     * Sets how many rows one commit holds at least (default 100,000; more when rows share the
     * monotonic column's value).
     *
     * @param rows at least 1
     * @return this builder
     * @throws IllegalArgumentException when less than 1
     */
    public Builder batchRows(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("batchRows must be at least 1: " + rows);
      }
      this.batchRows = rows;
      return this;
    }

    /**
     * Sets the JDBC fetch size (default 10,000).
     *
     * @param rows at least 1
     * @return this builder
     * @throws IllegalArgumentException when less than 1
     */
    public Builder fetchSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("fetchSize must be at least 1: " + rows);
      }
      this.fetchSize = rows;
      return this;
    }

    /**
     * Names the source in the table's snapshot summaries (default: the source table's name).
     *
     * @param id the id
     * @return this builder
     */
    public Builder sourceId(String id) {
      this.sourceId = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Creates the target table from the source's columns when it does not exist.
     *
     * @return this builder
     */
    public Builder createIfMissing() {
      this.createIfMissing = true;
      return this;
    }

    /**
     * Builds the source.
     *
     * @return the source
     * @throws IllegalStateException without a connection, or without exactly one of a source table
     *     and a query
     */
    public JdbcSource build() {
      if (connector == null) {
        throw new IllegalStateException("A JDBC source needs url(...) or connector(...)");
      }
      if ((sourceTable == null) == (query == null)) {
        throw new IllegalStateException(
            "A JDBC source needs one of sourceTable(...) and query(...)");
      }
      return new JdbcSource(this);
    }
  }
}
