package io.floe.sql;

import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeIOException;
import io.floe.impl.spi.Internals;
import io.floe.parquet.ArrowScan;
import io.floe.sql.internal.SqlText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;

/**
 * SQL over Floe's tables: an embedded DuckDB database over Floe's tables. Floe plans each table
 * reference with the columns and filters of the query pushed in, so that partitions and file
 * statistics prune files before any byte is read; DuckDB then reads the planned files itself where
 * that gives exactly Floe's rows ({@link FileReads#ENGINE}, the default), and Floe's own scans read
 * the rest (delete files, NaN, nested types, secured handles), pruning row groups by statistics,
 * dictionaries and Bloom filters and handing DuckDB Arrow batches.
 *
 * <p>Tables are named as in Floe: {@code ns.table}, or {@code catalog.ns.table} on a Floe with
 * several catalogs (unqualified names are DuckDB's own: CTEs, table functions). A table reads its
 * current snapshot, or the one its {@code AT} clause names: {@code ns.t AT (VERSION => 123)} (a
 * snapshot id), {@code ns.t AT (VERSION => 'audit')} (a branch or tag) or {@code ns.t AT (TIMESTAMP
 * => TIMESTAMP '2026-01-01 00:00:00')} (the snapshot current then, UTC). Values are bound to {@code
 * ?} placeholders, never spliced into the text. Only {@code SELECT} queries run in this version;
 * see {@code docs/sql.md} for what is pushed down and the limits.
 *
 * <p>Thread-safe: queries may run concurrently (each on its own DuckDB connection). Each {@link
 * SqlResult} must be closed; {@link #close()} closes the ones still open, the database and its
 * memory. The {@link Floe} is the caller's and stays open.
 *
 * <pre>{@code
 * try (FloeSql sql = FloeSql.of(floe);
 *     SqlResult result =
 *         sql.query("SELECT category, count(*) AS n FROM shop.orders WHERE amount > ? GROUP BY 1", 10.0)) {
 *   for (Row row : result.rows()) {
 *     System.out.println(row.get("category") + " " + row.get("n"));
 *   }
 * }
 * }</pre>
 */
public final class FloeSql implements AutoCloseable {
  private final Floe floe;
  private final DuckDBConnection root;
  private final BufferAllocator allocator;
  private final Path tempDirectory;
  private final boolean ownsTempDirectory;
  private final int batchSize;

  /**
   * The folders whose table files DuckDB reads itself (its {@code allowed_directories}), each
   * ending with the separator; empty when every table is read through Floe's scans.
   */
  private final List<String> engineFolders;

  private final Set<SqlResult> open = ConcurrentHashMap.newKeySet();

  /** Statements parsed lately, by text: their table references and rewritten form. */
  private final Map<String, Query.Parsed> parsed =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Query.Parsed> eldest) {
              return size() > 256;
            }
          });

  private volatile boolean closed;

  /** The engine behind {@code Floe.sql(...)}: default settings, shared by the process. */
  private static final class Shared {
    static final FloeSql ENGINE = start();

    private static FloeSql start() {
      FloeSql engine = new FloeSql(new Builder(null));
      Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "floe-sql-shutdown"));
      return engine;
    }
  }

  static FloeSql shared() {
    return Shared.ENGINE;
  }

  private FloeSql(Builder b) {
    this.floe = b.floe;
    this.batchSize = b.batchSize;
    try {
      this.ownsTempDirectory = b.tempDirectory == null;
      this.tempDirectory =
          b.tempDirectory != null ? b.tempDirectory : Files.createTempDirectory("floe-sql-");
    } catch (IOException e) {
      throw new FloeIOException("create", null, "Cannot create DuckDB's spill folder", e);
    }
    Properties props = new Properties();
    props.setProperty("jdbc_stream_results", "true");
    props.setProperty("memory_limit", b.memoryLimit);
    props.setProperty("threads", Integer.toString(b.threads));
    props.setProperty("temp_directory", tempDirectory.toString());
    props.setProperty("autoinstall_known_extensions", "false");
    props.setProperty("autoload_known_extensions", "false");
    this.engineFolders = engineFolders(b);
    try {
      this.root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props);
      try (Statement s = root.createStatement()) {
        s.execute("SET GLOBAL TimeZone = 'UTC'");
        if (!engineFolders.isEmpty()) {
          // table files are immutable: their footers may be kept between queries
          s.execute("SET GLOBAL parquet_metadata_cache = true");
          StringBuilder folders = new StringBuilder("SET GLOBAL allowed_directories = [");
          for (int i = 0; i < engineFolders.size(); i++) {
            folders
                .append(i == 0 ? "" : ", ")
                .append(io.floe.sql.internal.EngineReads.literal(engineFolders.get(i)));
          }
          s.execute(folders.append(']').toString());
        }
        // no other files, no network, no extensions: DuckDB only sees what Floe hands it, and
        // the warehouses' table files, which the Floe reads anyway. Fixed from here on.
        s.execute("SET GLOBAL enable_external_access = false");
      }
    } catch (SQLException e) {
      deleteTemp();
      throw new FloeException("Cannot start DuckDB: " + e.getMessage(), e);
    }
    this.allocator = new RootAllocator(b.arrowMemory);
  }

  /**
   * The warehouse folders DuckDB may read table files from: none for the shared engine (it serves
   * any handle), for {@link FileReads#FLOE}, and for handles with access policies (a principal must
   * not read a table's files around its policy).
   */
  private static List<String> engineFolders(Builder b) {
    if (b.floe == null || b.fileReads != FileReads.ENGINE || secured(b.floe)) {
      return List.of();
    }
    List<String> folders = new ArrayList<>();
    for (Path folder : Internals.localWarehouses(b.floe)) {
      String text = folder.toString();
      folders.add(text.endsWith("/") ? text : text + "/");
    }
    return List.copyOf(folders);
  }

  /** Whether a handle enforces access policies (only such handles act for a principal). */
  private static boolean secured(Floe floe) {
    try {
      floe.as(io.floe.Principal.of("floe-sql-probe"));
      return true;
    } catch (io.floe.UnsupportedFeatureException e) {
      return false;
    }
  }

  /**
   * Who reads a table's Parquet files for a query.
   *
   * <p>Either way Floe plans the scan (snapshot, partitions, file statistics) and decides which
   * files are read. {@link #ENGINE} lets DuckDB read the planned files itself, in parallel, with
   * its own row-group pruning (statistics, Bloom filters), wherever that gives the same rows: files
   * of the handle's local warehouses, without delete files, of tables without a name mapping, with
   * columns of flat types. Everything else, and every table of a handle with access policies, is
   * read by Floe's scan ({@link #FLOE}), whose batches DuckDB consumes as an Arrow stream.
   */
  public enum FileReads {
    /** Floe's scans read every file and hand DuckDB Arrow batches (row-group metrics for all). */
    FLOE,
    /** DuckDB reads the files Floe planned where it gives the same rows; Floe reads the rest. */
    ENGINE
  }

  /**
   * SQL over a Floe's tables with the default settings: DuckDB memory limit 1 GB (spilling to a
   * temporary folder beyond it), one thread per core.
   *
   * @param floe the tables' Floe; not closed by this
   * @return the SQL engine; close it when done
   * @throws FloeException when DuckDB cannot start
   */
  public static FloeSql of(Floe floe) {
    return builder(floe).build();
  }

  /**
   * A builder of SQL over a Floe's tables, to set DuckDB's memory limit and threads.
   *
   * @param floe the tables' Floe; not closed by the engine
   * @return a new builder
   */
  public static Builder builder(Floe floe) {
    return new Builder(Objects.requireNonNull(floe, "floe"));
  }

  /**
   * Runs a query. Its tables' scans are opened before this returns, and read as the result is.
   *
   * @param sql one {@code SELECT} statement; {@code ?} marks a parameter
   * @param params the parameters' values, in order ({@code Long}, {@code Integer}, {@code Double},
   *     {@code String}, {@code Boolean}, {@code BigDecimal}, {@code LocalDate}, {@code
   *     LocalDateTime}, {@code OffsetDateTime}, {@code Instant}, {@code UUID}, or null)
   * @return the open result; close it
   * @throws io.floe.ValidationException when the statement is not valid SQL or does not fit the
   *     tables (the message names the position)
   * @throws io.floe.UnsupportedFeatureException when the statement is not a single SELECT
   * @throws io.floe.NotFoundException when a table, snapshot or ref does not exist
   * @throws IllegalStateException when this engine is closed
   */
  public SqlResult query(String sql, Object... params) {
    return query(floe, sql, params);
  }

  /** A query over any Floe's tables (the shared engine behind {@code Floe.sql} serves them all). */
  SqlResult query(Floe floe, String sql, Object... params) {
    Objects.requireNonNull(floe, "floe");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(params, "params");
    if (closed) {
      throw new IllegalStateException("FloeSql is closed");
    }
    SqlResult result =
        new SqlResult(
            Query.open(floe, root, allocator, batchSize, engineFolders, parsed, sql, params),
            open::remove);
    open.add(result);
    if (closed) {
      result.close();
      throw new IllegalStateException("FloeSql is closed");
    }
    return result;
  }

  /**
   * Runs a write: {@code INSERT INTO ns.t [(c1, c2, ...)] query}, {@code CREATE TABLE ns.t AS
   * query} or {@code DELETE FROM ns.t [WHERE predicate]}, where the query is a {@code SELECT} (read
   * through Floe's scans, as by {@link #query}) or {@code VALUES (...), ...}. Its rows are appended
   * in one commit through Floe's Arrow append: the result's columns go to the table's columns by
   * position, or to the listed columns (the others are null), and each must have a type the Arrow
   * append accepts for its column (the same type, or a narrower integer, or a decimal of the same
   * scale and no larger precision; cast in the query otherwise). A query that reads the target
   * table reads its snapshot before the insert. {@code CREATE TABLE ... AS} creates the table with
   * the result's column names and types (all optional) and drops it again if the append fails
   * (unless the commit's outcome is unknown).
   *
   * <p>{@code DELETE} deletes, in one commit of the table's {@code newDelete()}, exactly the rows
   * where the predicate is TRUE under SQL's three-valued logic (a NULL leaves the row): the
   * predicate must be made of comparisons of the table's columns with constants or {@code ?}
   * parameters, {@code IN}, {@code IS [NOT] NULL}, {@code BETWEEN}, boolean columns and {@code
   * AND}/{@code OR}/{@code NOT} of those, each with an exact Floe filter; anything else is refused
   * before anything is deleted.
   *
   * @param sql one {@code INSERT INTO}, {@code CREATE TABLE ... AS} or {@code DELETE FROM}
   *     statement; {@code ?} marks a parameter
   * @param params the parameters' values, in order (as for {@link #query})
   * @return the number of rows written, or deleted (0 commits nothing)
   * @throws io.floe.ValidationException when the statement is not valid SQL, when a result column
   *     has a type its table column does not accept, or holds a null for a required column; nothing
   *     is committed
   * @throws io.floe.UnsupportedFeatureException when the statement is not one of those writes, a
   *     result column of a {@code CREATE TABLE ... AS} has no Iceberg type, or a {@code DELETE}'s
   *     predicate has no exact Floe filter (the message names the part and its position)
   * @throws io.floe.NotFoundException when a table does not exist
   * @throws io.floe.AlreadyExistsException when the table of a {@code CREATE TABLE} exists
   * @throws io.floe.CommitConflictException when the commit's retries are exhausted
   * @throws IllegalStateException when this engine is closed
   */
  public long execute(String sql, Object... params) {
    return execute(floe, sql, params);
  }

  /** A write over any Floe's tables. */
  long execute(Floe floe, String sql, Object... params) {
    Objects.requireNonNull(floe, "floe");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(params, "params");
    if (closed) {
      throw new IllegalStateException("FloeSql is closed");
    }
    SqlText.DeleteHead delete;
    try {
      delete = SqlText.deleteHead(sql);
    } catch (SqlText.Malformed e) {
      throw SqlErrors.unsupported(
          sql,
          "DELETE at "
              + SqlText.lineAndColumn(sql, e.position)
              + " (position "
              + e.position
              + "): "
              + e.getMessage()
              + " (write DELETE FROM ns.t [[AS] alias] [WHERE predicate])");
    }
    if (delete != null) {
      return SqlDelete.run(floe, root, delete, sql, params);
    }
    SqlText.WriteHead head = SqlText.writeHead(sql);
    if (head == null) {
      throw SqlErrors.notWrite(sql);
    }
    return Write.run(this, floe, allocator, head, sql, params);
  }

  /**
   * Runs a query to its end and reports, for each table reference, the projection and filter pushed
   * into Floe's scan and what the scan read and pruned.
   *
   * @param sql one {@code SELECT} statement; {@code ?} marks a parameter
   * @param params the parameters' values, in order
   * @return the report
   * @throws io.floe.ValidationException when the statement is not valid SQL or does not fit the
   *     tables
   * @throws io.floe.UnsupportedFeatureException when the statement is not a single SELECT
   * @throws IllegalStateException when this engine is closed
   */
  public SqlExplain explain(String sql, Object... params) {
    try (SqlResult result = query(sql, params)) {
      long rows = result.drain();
      return new SqlExplain(sql, result.plan(), result.scans(), rows);
    }
  }

  /** Closes open results, DuckDB's database and the Arrow memory; the Floe stays open. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    for (SqlResult result : open) {
      try {
        result.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    try {
      root.close();
    } catch (SQLException e) {
      failure =
          failure == null
              ? new FloeException("Cannot close DuckDB: " + e.getMessage(), e)
              : failure;
    }
    allocator.close();
    deleteTemp();
    if (failure != null) {
      throw failure;
    }
  }

  private void deleteTemp() {
    if (!ownsTempDirectory || tempDirectory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(tempDirectory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a spill folder in the system's temporary folder
    }
  }

  /**
   * Settings of a {@link FloeSql}: a value builder, not thread-safe.
   *
   * <pre>{@code
   * FloeSql sql = FloeSql.builder(floe).memoryLimit("512MB").threads(2).build();
   * }</pre>
   */
  public static final class Builder {
    private final Floe floe;
    private String memoryLimit = "1GB";
    private int threads = Runtime.getRuntime().availableProcessors();
    private int batchSize = ArrowScan.DEFAULT_BATCH_SIZE;
    private long arrowMemory = Long.MAX_VALUE;
    private Path tempDirectory;
    private FileReads fileReads = FileReads.ENGINE;

    private Builder(Floe floe) {
      this.floe = floe;
    }

    /**
     * DuckDB's memory limit (its {@code memory_limit} setting): beyond it, joins, aggregations and
     * sorts spill to the temporary folder. Floe's scans stream batches and are not counted in it.
     *
     * @param limit a size such as {@code "512MB"} or {@code "4GB"}
     * @return this builder
     * @throws IllegalArgumentException when the size is not a number followed by KB, MB, GB or TB
     */
    public Builder memoryLimit(String limit) {
      Objects.requireNonNull(limit, "limit");
      if (!limit
          .trim()
          .toUpperCase(Locale.ROOT)
          .matches("\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)")) {
        throw new IllegalArgumentException(
            "Memory limit must be a size such as 512MB or 4GB, was " + limit);
      }
      this.memoryLimit = limit.trim();
      return this;
    }

    /**
     * DuckDB's worker threads.
     *
     * @param threads 1 or more
     * @return this builder
     * @throws IllegalArgumentException when threads is less than 1
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("Threads must be at least 1, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Rows per Arrow batch handed from Floe's scans to DuckDB.
     *
     * @param rows from 1 to 1,048,576
     * @return this builder
     * @throws IllegalArgumentException when rows is out of range
     */
    public Builder batchSize(int rows) {
      if (rows < 1 || rows > (1 << 20)) {
        throw new IllegalArgumentException(
            "Batch size must be between 1 and 1048576 rows, was " + rows);
      }
      this.batchSize = rows;
      return this;
    }

    /**
     * The most Arrow memory (off-heap) the engine's scans and results may hold at once.
     *
     * @param bytes the limit in bytes
     * @return this builder
     * @throws IllegalArgumentException when bytes is not positive
     */
    public Builder arrowMemoryLimit(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("Arrow memory limit must be positive, was " + bytes);
      }
      this.arrowMemory = bytes;
      return this;
    }

    /**
     * The folder DuckDB spills to beyond its memory limit; by default a new folder in the system's
     * temporary folder, deleted on close.
     *
     * @param folder an existing folder, kept on close
     * @return this builder
     */
    public Builder tempDirectory(Path folder) {
      this.tempDirectory = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /**
     * Who reads the tables' Parquet files: {@link FileReads#ENGINE} (the default) lets DuckDB read
     * the files Floe planned where that gives the same rows; {@link FileReads#FLOE} reads every
     * file through Floe's scans, whose row-group metrics {@link FloeSql#explain} then shows for all
     * of them.
     *
     * @param reads who reads
     * @return this builder
     */
    public Builder fileReads(FileReads reads) {
      this.fileReads = Objects.requireNonNull(reads, "reads");
      return this;
    }

    /**
     * Starts the engine.
     *
     * @return the engine; close it when done
     * @throws FloeException when DuckDB cannot start
     */
    public FloeSql build() {
      return new FloeSql(this);
    }
  }
}
