package io.floe.jmh;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.sql.FloeSql;
import io.floe.sql.SqlResult;
import io.trino.tpch.LineItem;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 18: TPC-H queries 1, 3, 5, 6, 10, 12, 14 and 19 through {@code FloeSql} and through
 * DuckDB's own {@code read_parquet} over the same data files, with the same DuckDB thread count.
 *
 * <p>Data: {@code io.trino.tpch}'s generator at scale factor {@code scale} (1 is about 6 M {@code
 * lineitem} rows), written by Floe into a local warehouse (zstd; decimals as {@code double}, as the
 * generator gives them; {@code lineitem} sorted by {@code l_shipdate} and appended in chunks of
 * 500,000 rows, one file each, so a date range prunes files by their statistics; the other tables
 * in chunks of 500,000 rows in generator order). The warehouse is written once per scale into
 * {@code java.io.tmpdir/floe-tpch-<scale>} and reused by later forks and runs (delete it to write
 * it again). The queries use TPC-H's default substitution parameters, with date arithmetic folded
 * into date literals.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "-XX:+AlwaysPreTouch",
      "-Xms2g",
      "-Xmx2g"
    })
public class TpchBenchmark {
  private static final int CHUNK = 500_000;

  static final Map<String, String> QUERIES =
      Map.of(
          "q1",
          "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty,"
              + " sum(l_extendedprice) AS sum_base_price,"
              + " sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price,"
              + " sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,"
              + " avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price,"
              + " avg(l_discount) AS avg_disc, count(*) AS count_order"
              + " FROM {p}lineitem WHERE l_shipdate <= DATE '1998-09-02'"
              + " GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus",
          "q3",
          "SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate,"
              + " o_shippriority FROM {p}customer, {p}orders, {p}lineitem"
              + " WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey"
              + " AND l_orderkey = o_orderkey AND o_orderdate < DATE '1995-03-15'"
              + " AND l_shipdate > DATE '1995-03-15'"
              + " GROUP BY l_orderkey, o_orderdate, o_shippriority"
              + " ORDER BY revenue DESC, o_orderdate LIMIT 10",
          "q5",
          "SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue"
              + " FROM {p}customer, {p}orders, {p}lineitem, {p}supplier, {p}nation, {p}region"
              + " WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey"
              + " AND l_suppkey = s_suppkey AND c_nationkey = s_nationkey"
              + " AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey"
              + " AND r_name = 'ASIA' AND o_orderdate >= DATE '1994-01-01'"
              + " AND o_orderdate < DATE '1995-01-01' GROUP BY n_name ORDER BY revenue DESC",
          "q6",
          "SELECT sum(l_extendedprice * l_discount) AS revenue FROM {p}lineitem"
              + " WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'"
              + " AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24",
          "q10",
          "SELECT c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) AS revenue,"
              + " c_acctbal, n_name, c_address, c_phone, c_comment"
              + " FROM {p}customer, {p}orders, {p}lineitem, {p}nation"
              + " WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey"
              + " AND o_orderdate >= DATE '1993-10-01' AND o_orderdate < DATE '1994-01-01'"
              + " AND l_returnflag = 'R' AND c_nationkey = n_nationkey"
              + " GROUP BY c_custkey, c_name, c_acctbal, c_phone, n_name, c_address, c_comment"
              + " ORDER BY revenue DESC LIMIT 20",
          "q12",
          "SELECT l_shipmode, sum(CASE WHEN o_orderpriority = '1-URGENT'"
              + " OR o_orderpriority = '2-HIGH' THEN 1 ELSE 0 END) AS high_line_count,"
              + " sum(CASE WHEN o_orderpriority <> '1-URGENT' AND o_orderpriority <> '2-HIGH'"
              + " THEN 1 ELSE 0 END) AS low_line_count FROM {p}orders, {p}lineitem"
              + " WHERE o_orderkey = l_orderkey AND l_shipmode IN ('MAIL', 'SHIP')"
              + " AND l_commitdate < l_receiptdate AND l_shipdate < l_commitdate"
              + " AND l_receiptdate >= DATE '1994-01-01' AND l_receiptdate < DATE '1995-01-01'"
              + " GROUP BY l_shipmode ORDER BY l_shipmode",
          "q14",
          "SELECT 100.00 * sum(CASE WHEN p_type LIKE 'PROMO%'"
              + " THEN l_extendedprice * (1 - l_discount) ELSE 0 END)"
              + " / sum(l_extendedprice * (1 - l_discount)) AS promo_revenue"
              + " FROM {p}lineitem, {p}part WHERE l_partkey = p_partkey"
              + " AND l_shipdate >= DATE '1995-09-01' AND l_shipdate < DATE '1995-10-01'",
          "q19",
          "SELECT sum(l_extendedprice * (1 - l_discount)) AS revenue FROM {p}lineitem, {p}part"
              + " WHERE (p_partkey = l_partkey AND p_brand = 'Brand#12'"
              + " AND p_container IN ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG')"
              + " AND l_quantity >= 1 AND l_quantity <= 11 AND p_size BETWEEN 1 AND 5"
              + " AND l_shipmode IN ('AIR', 'AIR REG') AND l_shipinstruct = 'DELIVER IN PERSON')"
              + " OR (p_partkey = l_partkey AND p_brand = 'Brand#23'"
              + " AND p_container IN ('MED BAG', 'MED BOX', 'MED PKG', 'MED PACK')"
              + " AND l_quantity >= 10 AND l_quantity <= 20 AND p_size BETWEEN 1 AND 10"
              + " AND l_shipmode IN ('AIR', 'AIR REG') AND l_shipinstruct = 'DELIVER IN PERSON')"
              + " OR (p_partkey = l_partkey AND p_brand = 'Brand#34'"
              + " AND p_container IN ('LG CASE', 'LG BOX', 'LG PACK', 'LG PKG')"
              + " AND l_quantity >= 20 AND l_quantity <= 30 AND p_size BETWEEN 1 AND 15"
              + " AND l_shipmode IN ('AIR', 'AIR REG') AND l_shipinstruct = 'DELIVER IN PERSON')");

  /** TPC-H scale factor: 1 is about 6 M lineitem rows (the CI smoke uses 0.001). */
  @Param("0.01")
  public double scale;

  /** The query: q1, q3, q5, q6, q10, q12, q14 or q19. */
  @Param({"q1", "q3", "q5", "q6", "q10", "q12", "q14", "q19"})
  public String query;

  /** DuckDB's worker threads, the same for both engines. */
  @Param("2")
  public int threads;

  /**
   * Who reads the Parquet files for {@code floeSql}: DuckDB where it gives the same rows ({@code
   * ENGINE}, the default), or Floe's scans always ({@code FLOE}).
   */
  @Param("ENGINE")
  public FloeSql.FileReads reads;

  private Floe floe;
  private FloeSql sql;
  private Connection duck;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    Path warehouse =
        Path.of(System.getProperty("java.io.tmpdir"), "floe-tpch-" + scale).toAbsolutePath();
    Path done = warehouse.resolve("complete");
    if (!Files.exists(done)) {
      deleteRecursively(warehouse);
      try (Floe writer = Floe.local(warehouse)) {
        write(writer, scale);
      }
      Files.writeString(done, "TPC-H scale " + scale);
    }
    floe = Floe.local(warehouse);
    sql = FloeSql.builder(floe).threads(threads).memoryLimit("1GB").fileReads(reads).build();
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("SET threads = " + threads);
      s.execute("SET memory_limit = '1GB'");
      // as FloeSql sets it for table files (immutable): footers kept between queries
      s.execute("SET parquet_metadata_cache = true");
      for (TpchTable<?> table : TpchTable.getTables()) {
        s.execute(
            "CREATE VIEW "
                + table.getTableName()
                + " AS SELECT * FROM read_parquet("
                + files(floe.loadTable("tpch." + table.getTableName()))
                + ")");
      }
    }
    // both engines must give the same answer, or the comparison means nothing
    List<List<Object>> floeAnswer;
    try (SqlResult result = sql.query(text(query, "tpch."))) {
      floeAnswer = rows(result.resultSet());
    }
    List<List<Object>> duckAnswer;
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery(text(query, ""))) {
      duckAnswer = rows(rs);
    }
    if (!same(floeAnswer, duckAnswer)) {
      throw new IllegalStateException(
          "FloeSql and DuckDB disagree on " + query + " at scale " + scale);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    sql.close();
    floe.close();
    duck.close();
  }

  /** The data files of a table, as a DuckDB list of paths. */
  static String files(FloeTable table) {
    List<String> paths = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        io.floe.impl.spi.Internals.icebergTable(table).newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        paths.add("'" + io.floe.impl.spi.Storage.localPath(task.file().location()) + "'");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "[" + String.join(", ", paths) + "]";
  }

  static String text(String query, String prefix) {
    return QUERIES.get(query).replace("{p}", prefix);
  }

  /** Reads a result to its end: its values' hash. */
  private static long drain(ResultSet rs) throws SQLException {
    long hash = 0;
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      for (int c = 1; c <= columns; c++) {
        hash = hash * 31 + java.util.Objects.hashCode(rs.getObject(c));
      }
    }
    return hash;
  }

  /** A result's rows, numbers as doubles. */
  private static List<List<Object>> rows(ResultSet rs) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<Object> row = new ArrayList<>();
      for (int c = 1; c <= columns; c++) {
        Object v = rs.getObject(c);
        row.add(v instanceof Number n ? (Object) n.doubleValue() : String.valueOf(v));
      }
      rows.add(row);
    }
    return rows;
  }

  /** Equal rows, numbers within 1e-9 relative (sums depend on the order of the additions). */
  private static boolean same(List<List<Object>> a, List<List<Object>> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int r = 0; r < a.size(); r++) {
      for (int c = 0; c < a.get(r).size(); c++) {
        Object x = a.get(r).get(c);
        Object y = b.get(r).get(c);
        if (x instanceof Double dx && y instanceof Double dy) {
          if (Math.abs(dx - dy) > 1e-9 * Math.max(1, Math.max(Math.abs(dx), Math.abs(dy)))) {
            return false;
          }
        } else if (!x.equals(y)) {
          return false;
        }
      }
    }
    return true;
  }

  @Benchmark
  public long floeSql() throws SQLException {
    try (SqlResult result = sql.query(text(query, "tpch."))) {
      return drain(result.resultSet());
    }
  }

  @Benchmark
  public long duckDb() throws SQLException {
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery(text(query, ""))) {
      return drain(rs);
    }
  }

  // ---- bytes read by a selective query ------------------------------------------------------

  /**
   * Prints the bytes each engine reads for one run of Q6 (a date range on the sorted {@code
   * lineitem}): the process's {@code rchar} from {@code /proc/self/io} (bytes read through system
   * calls, page cache included) around a warm run, and Floe's own scan metrics.
   *
   * <pre>{@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp jmh/target/benchmarks.jar \
   *     io.floe.jmh.TpchBenchmark 0.1}</pre>
   *
   * @param args the scale factor (its warehouse must have been written by a benchmark run)
   * @throws Exception when a query fails
   */
  public static void main(String[] args) throws Exception {
    TpchBenchmark b = new TpchBenchmark();
    b.scale = Double.parseDouble(args[0]);
    b.query = "q6";
    b.threads = 2;
    b.reads = args.length > 1 ? FloeSql.FileReads.valueOf(args[1]) : FloeSql.FileReads.ENGINE;
    b.setup();
    try {
      for (int i = 0; i < 3; i++) { // warm: metadata cached, classes loaded
        b.floeSql();
        b.duckDb();
      }
      long before = rchar();
      b.floeSql();
      long floeBytes = rchar() - before;
      before = rchar();
      b.duckDb();
      long duckBytes = rchar() - before;
      System.out.println("q6 bytes read (rchar): FloeSql " + floeBytes + ", DuckDB " + duckBytes);
      System.out.println(b.sql.explain(text("q6", "tpch.")));
    } finally {
      b.tearDown();
    }
  }

  private static long rchar() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("rchar:")) {
        return Long.parseLong(line.substring(6).trim());
      }
    }
    throw new IOException("no rchar in /proc/self/io");
  }

  // ---- data -------------------------------------------------------------------------------

  /** Writes the eight TPC-H tables at a scale factor into namespace {@code tpch}. */
  static void write(Floe floe, double scale) {
    floe.createNamespace("tpch");
    for (TpchTable<?> table : TpchTable.getTables()) {
      writeTable(floe, table, scale);
    }
  }

  private static <E extends TpchEntity> void writeTable(
      Floe floe, TpchTable<E> table, double scale) {
    io.floe.TableCreator creator = floe.createTable("tpch." + table.getTableName());
    for (TpchColumn<E> column : table.getColumns()) {
      creator = creator.column(column.getColumnName(), type(column)).required();
    }
    FloeTable created = creator.property("write.parquet.compression-codec", "zstd").create();
    List<E> rows = new ArrayList<>();
    if (table == TpchTable.LINE_ITEM) {
      table.createGenerator(scale, 1, 1).forEach(rows::add);
      // as a user would lay out a fact table queried by date ranges: sorted by ship date
      rows.sort(Comparator.comparingInt(r -> ((LineItem) r).getShipDate()));
      for (int from = 0; from < rows.size(); from += CHUNK) {
        append(created, table, rows.subList(from, Math.min(rows.size(), from + CHUNK)));
      }
      return;
    }
    for (E row : table.createGenerator(scale, 1, 1)) {
      rows.add(row);
      if (rows.size() == CHUNK) {
        append(created, table, rows);
        rows.clear();
      }
    }
    if (!rows.isEmpty()) {
      append(created, table, rows);
    }
  }

  private static <E extends TpchEntity> void append(
      FloeTable table, TpchTable<E> tpch, List<E> rows) {
    List<Map<String, Object>> maps = new ArrayList<>(rows.size());
    List<TpchColumn<E>> columns = tpch.getColumns();
    for (E row : rows) {
      Map<String, Object> map = new HashMap<>();
      for (TpchColumn<E> column : columns) {
        map.put(column.getColumnName(), value(column, row));
      }
      maps.add(map);
    }
    table.newAppend().rows(maps).commit();
  }

  private static <E extends TpchEntity> Type type(TpchColumn<E> column) {
    switch (column.getType().getBase()) {
      case IDENTIFIER:
        return Types.LongType.get();
      case INTEGER:
        return Types.IntegerType.get();
      case DATE:
        return Types.DateType.get();
      case DOUBLE:
        return Types.DoubleType.get();
      default:
        return Types.StringType.get();
    }
  }

  private static <E extends TpchEntity> Object value(TpchColumn<E> column, E row) {
    switch (column.getType().getBase()) {
      case IDENTIFIER:
        return column.getIdentifier(row);
      case INTEGER:
        return column.getInteger(row);
      case DATE:
        return LocalDate.ofEpochDay(column.getDate(row));
      case DOUBLE:
        return column.getDouble(row);
      default:
        return column.getString(row);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
