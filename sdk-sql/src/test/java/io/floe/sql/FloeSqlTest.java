package io.floe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.Row;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SQL over tables of a local warehouse ({@code Floe.local}): results, pushdown, errors. */
class FloeSqlTest {
  @TempDir Path tmp;
  private Floe floe;
  private FloeSql sql;
  private final BufferAllocator allocator = new RootAllocator();
  private final List<Map<String, Object>> orders = new ArrayList<>();

  @BeforeEach
  void setUp() {
    floe = Floe.local(tmp.resolve("wh"));
    sql = FloeSql.builder(floe).memoryLimit("256MB").threads(2).build();
    FloeTable table =
        floe.createTable("shop.orders")
            .column("id", Types.LongType.get())
            .required()
            .column("customer", Types.LongType.get())
            .column("category", Types.StringType.get())
            .column("amount", Types.DoubleType.get())
            .column("ts", Types.TimestampType.withZone())
            .property("write.parquet.row-group-size-bytes", "4096")
            .create();
    String[] categories = {"books", "games", "garden", null};
    // four files of 1,000 rows each with disjoint id ranges, several row groups each
    for (int file = 0; file < 4; file++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long i = file * 1000L; i < (file + 1) * 1000L; i++) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", i);
        row.put("customer", i % 10);
        row.put("category", categories[(int) (i % 4)]);
        row.put("amount", i % 97 == 0 ? null : i % 89 == 0 ? Double.NaN : (double) (i % 50) + 0.5);
        row.put("ts", OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMinutes(i));
        rows.add(row);
      }
      table.newAppend().rows(rows).commit();
      orders.addAll(rows);
    }
    FloeTable customers =
        floe.createTable("shop.customers")
            .column("id", Types.LongType.get())
            .required()
            .column("name", Types.StringType.get())
            .create();
    List<Map<String, Object>> people = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      people.add(Map.of("id", i, "name", "customer-" + i));
    }
    customers.newAppend().rows(people).commit();
  }

  @AfterEach
  void tearDown() {
    sql.close();
    floe.close();
    allocator.close(); // fails when a result leaked Arrow memory
  }

  private List<Map<String, Object>> rows(String statement, Object... params) {
    try (SqlResult result = sql.query(statement, params)) {
      return result.rows().stream().map(Row::toMap).collect(Collectors.toList());
    }
  }

  @Test
  void aggregatesMatchTheRowsWritten() {
    List<Map<String, Object>> result =
        rows(
            "SELECT category, count(*) AS n, sum(id) AS ids FROM shop.orders"
                + " GROUP BY category ORDER BY category NULLS LAST");

    Map<String, long[]> expected = new TreeMap<>();
    long nullCount = 0;
    for (Map<String, Object> o : orders) {
      String c = (String) o.get("category");
      if (c == null) {
        nullCount++;
        continue;
      }
      long[] acc = expected.computeIfAbsent(c, k -> new long[2]);
      acc[0]++;
      acc[1] += (Long) o.get("id");
    }
    assertThat(result).hasSize(4);
    int i = 0;
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      assertThat(result.get(i).get("category")).isEqualTo(e.getKey());
      assertThat(result.get(i).get("n")).isEqualTo(e.getValue()[0]);
      assertThat(result.get(i).get("ids")).isEqualTo(BigDecimal.valueOf(e.getValue()[1]));
      i++;
    }
    assertThat(result.get(3).get("category")).isNull();
    assertThat(result.get(3).get("n")).isEqualTo(nullCount);
  }

  @Test
  void joinsTwoTables() {
    List<Map<String, Object>> result =
        rows(
            "SELECT c.name, count(*) AS n FROM shop.orders o JOIN shop.customers c"
                + " ON o.customer = c.id WHERE c.name IN ('customer-3', 'customer-7')"
                + " GROUP BY c.name ORDER BY c.name");

    assertThat(result)
        .containsExactly(
            Map.of("name", "customer-3", "n", 400L), Map.of("name", "customer-7", "n", 400L));
  }

  @Test
  void tableNamesWithoutAliasQualifyColumns() {
    assertThat(rows("SELECT orders.id FROM shop.orders WHERE orders.id = 7"))
        .containsExactly(Map.of("id", 7L));
  }

  @Test
  void nanAndNullFollowDuckDbSemanticsExactly() {
    // DuckDB orders NaN above every number: amount > 40 keeps NaN rows, amount < 40 does not
    long greater =
        orders.stream()
            .filter(o -> o.get("amount") != null)
            .filter(o -> (Double) o.get("amount") > 40 || ((Double) o.get("amount")).isNaN())
            .count();
    long nan =
        orders.stream()
            .filter(o -> o.get("amount") != null && ((Double) o.get("amount")).isNaN())
            .count();
    long nulls = orders.stream().filter(o -> o.get("amount") == null).count();
    assertThat(nan).isPositive();

    assertThat(rows("SELECT count(*) AS n FROM shop.orders WHERE amount > 40"))
        .containsExactly(Map.of("n", greater));
    assertThat(rows("SELECT count(*) AS n FROM shop.orders WHERE NOT (amount <= 40)"))
        .containsExactly(Map.of("n", greater));
    assertThat(rows("SELECT count(*) AS n FROM shop.orders WHERE amount = 'NaN'"))
        .containsExactly(Map.of("n", nan));
    assertThat(rows("SELECT count(*) AS n FROM shop.orders WHERE amount IS NULL"))
        .containsExactly(Map.of("n", nulls));
    assertThat(rows("SELECT count(*) AS n FROM shop.orders WHERE amount <> 0.5"))
        .containsExactly(
            Map.of(
                "n",
                orders.stream()
                    .filter(o -> o.get("amount") != null && !o.get("amount").equals(0.5))
                    .count()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"positions", "deletion-vectors", "equality"})
  void deletesAreApplied(String kind) throws IOException {
    FloeTable table =
        floe.createTable("shop.deleted_" + kind.replace('-', '_'))
            .column("id", Types.LongType.get())
            .required()
            .column("v", Types.StringType.get())
            .formatVersion(kind.equals("deletion-vectors") ? 3 : 2)
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      rows.add(Map.of("id", i, "v", "v" + i));
    }
    table.newAppend().rows(rows).commit();
    if (kind.equals("equality")) {
      Table iceberg = Internals.icebergTable(table);
      Schema deleteSchema = iceberg.schema().select("id");
      List<Record> keys = new ArrayList<>();
      for (long id : new long[] {3, 50, 99}) {
        Record r = GenericRecord.create(deleteSchema);
        r.setField("id", id);
        keys.add(r);
      }
      iceberg.newRowDelta().addDeletes(equalityDeletes(iceberg, deleteSchema, keys)).commit();
    } else {
      table
          .newDelete()
          .where(Expressions.in("id", 3L, 50L, 99L))
          .mode(WriteMode.MERGE_ON_READ)
          .commit();
    }
    String name = "shop.deleted_" + kind.replace('-', '_');

    List<Long> ids =
        rows("SELECT id FROM " + name + " ORDER BY id").stream()
            .map(r -> (Long) r.get("id"))
            .toList();
    assertThat(ids)
        .isEqualTo(
            LongStream.range(0, 100).filter(i -> i != 3 && i != 50 && i != 99).boxed().toList());
    assertThat(rows("SELECT count(*) AS n FROM " + name + " WHERE id >= 50"))
        .containsExactly(Map.of("n", 48L));
    SqlExplain explain = sql.explain("SELECT v FROM " + name + " WHERE id = 50");
    assertThat(explain.rows()).isZero();
    assertThat(explain.scans().get(0).metrics().filesWithDeletes()).isEqualTo(1);
  }

  private static DeleteFile equalityDeletes(Table table, Schema deleteSchema, List<Record> keys)
      throws IOException {
    EqualityDeleteWriter<Record> writer =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET)
            .deleteFileFormat(FileFormat.PARQUET)
            .dataSchema(table.schema())
            .equalityFieldIds(new int[] {deleteSchema.findField("id").fieldId()})
            .equalityDeleteRowSchema(deleteSchema)
            .build()
            .newEqualityDeleteWriter(
                EncryptedFiles.plainAsEncryptedOutput(
                    table
                        .io()
                        .newOutputFile(
                            table.location() + "/data/" + UUID.randomUUID() + "-eq.parquet")),
                table.spec(),
                null);
    try (EqualityDeleteWriter<Record> w = writer) {
      for (Record r : keys) {
        w.write(r);
      }
    }
    return writer.toDeleteFile();
  }

  @Test
  void timeTravelsBySnapshotRefAndTimestamp() throws InterruptedException {
    FloeTable table = floe.loadTable("shop.customers");
    long first = table.currentSnapshot().orElseThrow().snapshotId();
    table.manageSnapshots().createTag("v1", first).commit();
    Thread.sleep(5);
    Instant between = Instant.now();
    Thread.sleep(5);
    table.newAppend().row(Map.of("id", 10L, "name", "customer-10")).commit();

    assertThat(rows("SELECT count(*) AS n FROM shop.customers")).containsExactly(Map.of("n", 11L));
    assertThat(rows("SELECT count(*) AS n FROM shop.customers AT (VERSION => " + first + ")"))
        .containsExactly(Map.of("n", 10L));
    assertThat(rows("SELECT count(*) AS n FROM shop.customers c AT (VERSION => 'v1')"))
        .containsExactly(Map.of("n", 10L));
    assertThat(
            rows(
                "SELECT count(*) AS n FROM shop.customers AT (TIMESTAMP => TIMESTAMPTZ '"
                    + between
                    + "')"))
        .containsExactly(Map.of("n", 10L));
    // the same table now and then, in one query
    assertThat(
            rows(
                "SELECT count(*) AS n FROM shop.customers n LEFT JOIN shop.customers o AT (VERSION => 'v1')"
                    + " ON n.id = o.id WHERE o.id IS NULL"))
        .containsExactly(Map.of("n", 1L));
    SqlExplain explain = sql.explain("SELECT * FROM shop.customers AT (VERSION => 'v1')");
    assertThat(explain.scans().get(0).snapshotId()).hasValue(first);
    assertThat(explain.scans().get(0).ref()).hasValue("v1");
    assertThatThrownBy(() -> rows("SELECT * FROM shop.customers AT (VERSION => 42)"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("42");
  }

  @Test
  void parametersAreBoundNeverSpliced() {
    assertThat(rows("SELECT name FROM shop.customers WHERE id = ?", 4L))
        .containsExactly(Map.of("name", "customer-4"));
    assertThat(rows("SELECT name FROM shop.customers WHERE name = ?", "customer-5"))
        .containsExactly(Map.of("name", "customer-5"));
    // an injection attempt stays a literal: no row has that name, and the table is intact
    assertThat(rows("SELECT name FROM shop.customers WHERE name = ?", "x' OR '1'='1")).isEmpty();
    assertThat(
            rows(
                "SELECT count(*) AS n FROM shop.customers WHERE name = ?",
                "x'; DROP TABLE shop.customers; --"))
        .containsExactly(Map.of("n", 0L));
    assertThat(rows("SELECT count(*) AS n FROM shop.customers")).containsExactly(Map.of("n", 10L));
    assertThat(
            rows(
                "SELECT count(*) AS n FROM shop.orders WHERE ts < ?",
                Instant.parse("2026-01-01T00:10:00Z")))
        .containsExactly(Map.of("n", 10L));
  }

  @Test
  void pushdownPrunesFilesAndRowGroups() {
    SqlExplain explain =
        sql.explain("SELECT id, amount FROM shop.orders WHERE id BETWEEN ? AND ?", 1500L, 1509L);

    assertThat(explain.rows()).isEqualTo(10);
    ScannedTable scan = explain.scans().get(0);
    assertThat(scan.table()).isEqualTo("shop.orders");
    assertThat(scan.columns()).containsExactly("id", "amount");
    assertThat(scan.filter().toString()).contains("1500").contains("1509");
    assertThat(scan.metrics().planningSkippedDataFiles()).isEqualTo(3);
    assertThat(scan.metrics().dataFiles()).isEqualTo(1);
    assertThat(scan.metrics().rowGroups()).isGreaterThan(1);
    assertThat(scan.metrics().rowGroupsPrunedByStats()).isPositive();
    assertThat(scan.metrics().rowsReturned()).isLessThan(1000);
    assertThat(explain.toString()).contains("shop.orders").contains("pruned by statistics");

    // prefix LIKE, IN, IS NULL and OR reach Floe too
    ScannedTable like =
        sql.explain("SELECT id FROM shop.orders WHERE category LIKE 'gar%' AND id < 100")
            .scans()
            .get(0);
    // a single-table query: Floe reads LIKE 'gar%' from the statement as startsWith("gar")
    assertThat(like.filter().toString()).contains("startsWith").contains("gar");
    assertThat(like.metrics().planningSkippedDataFiles()).isEqualTo(3);
    ScannedTable or =
        sql.explain("SELECT count(*) FROM shop.orders WHERE id IN (1, 2) OR customer IS NULL")
            .scans()
            .get(0);
    assertThat(or.filter().toString()).contains("is_null").contains("in (1, 2)");
    assertThat(or.columns()).containsExactly("id", "customer");
  }

  @Test
  void singleTableQueriesPushTheirWhereWithoutPlanning() {
    // a qualified column and a bound parameter reach Floe's scan: one file of four read
    SqlExplain direct =
        sql.explain("SELECT o.amount FROM shop.orders o WHERE o.id = ? AND amount > 0", 2500L);
    assertThat(direct.plan()).isEqualTo("[]");
    ScannedTable scan = direct.scans().get(0);
    assertThat(scan.columns()).containsExactly("id", "amount");
    assertThat(scan.filter().toString()).contains("2500");
    assertThat(scan.metrics().planningSkippedDataFiles()).isEqualTo(3);
    assertThat(direct.rows()).isEqualTo(1);
    // a parameter that is not exactly a long is left to DuckDB (no pruning), the result is exact
    SqlExplain inexact = sql.explain("SELECT id FROM shop.orders WHERE id < ?", 2.5);
    assertThat(inexact.scans().get(0).filter().toString()).doesNotContain("2.5");
    assertThat(inexact.rows()).isEqualTo(3);
    // WHERE naming an output column: DuckDB's planner decides (placeholders and EXPLAIN)
    SqlExplain alias =
        sql.explain("SELECT id * 2 AS twice FROM shop.orders WHERE twice < ? ORDER BY 1", 6L);
    assertThat(alias.plan()).isNotEqualTo("[]");
    assertThat(alias.rows()).isEqualTo(3);
    // the parse is cached by text; the table is not: a new snapshot is read by the same statement
    String count = "SELECT count(*) AS n FROM shop.orders WHERE id >= ?";
    assertThat(rows(count, 3990L)).containsExactly(Map.of("n", 10L));
    floe.loadTable("shop.orders").newAppend().row(Map.of("id", 5000L, "customer", 1L)).commit();
    assertThat(rows(count, 3990L)).containsExactly(Map.of("n", 11L));
  }

  @Test
  void aReferenceScannedTwiceIsReadOnceAndExact() {
    List<Map<String, Object>> result =
        rows(
            "WITH t AS NOT MATERIALIZED (SELECT id FROM shop.orders WHERE id < 5)"
                + " SELECT a.id AS a, b.id AS b FROM t a JOIN t b ON a.id + 1 = b.id ORDER BY a");
    assertThat(result).hasSize(4);
    assertThat(result.get(0)).isEqualTo(Map.of("a", 0L, "b", 1L));
  }

  @Test
  void resultsAsArrowAndAsResultSet() throws Exception {
    try (SqlResult result = sql.query("SELECT id FROM shop.orders WHERE id < 3000 ORDER BY id");
        ArrowReader reader = result.arrow(allocator)) {
      long next = 0;
      while (reader.loadNextBatch()) {
        BigIntVector ids = (BigIntVector) reader.getVectorSchemaRoot().getVector("id");
        for (int i = 0; i < ids.getValueCount(); i++) {
          assertThat(ids.get(i)).isEqualTo(next++);
        }
      }
      assertThat(next).isEqualTo(3000);
    }
    try (SqlResult result = sql.query("SELECT name FROM shop.customers WHERE id = 2")) {
      ResultSet rs = result.resultSet();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("name")).isEqualTo("customer-2");
      assertThat(rs.next()).isFalse();
      assertThatThrownBy(result::rows).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void errorsNameTheStatementAndPosition() {
    assertThatThrownBy(() -> rows("SELEC id FROM shop.orders"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("line 1, column 1")
        .hasMessageContaining("SELEC id FROM shop.orders");
    assertThatThrownBy(() -> rows("SELECT nope FROM shop.orders"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("line 1, column 8")
        .hasMessageContaining("statement: SELECT nope FROM shop.orders");
    assertThatThrownBy(() -> rows("SELECT * FROM shop.missing"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("shop.missing");
    assertThatThrownBy(() -> rows("DELETE FROM shop.orders WHERE id = 1"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("SELECT");
    assertThatThrownBy(() -> rows("SELECT * FROM read_csv('/etc/passwd')"))
        .isInstanceOf(io.floe.FloeException.class)
        .hasMessageContaining("disabled");
    assertThatThrownBy(() -> rows("SELECT id, error('boom ' || name) FROM shop.customers"))
        .isInstanceOf(io.floe.FloeException.class)
        .hasMessageContaining("boom");
    // the table is intact and the engine still works after failures
    assertThat(rows("SELECT count(*) AS n FROM shop.orders")).containsExactly(Map.of("n", 4000L));
  }

  @Test
  void aResultClosedEarlyReleasesEverything() {
    try (SqlResult result = sql.query("SELECT * FROM shop.orders")) {
      var it = result.rows().iterator();
      assertThat(it.hasNext()).isTrue();
      it.next();
    }
    SqlResult unread =
        sql.query("SELECT * FROM shop.orders o JOIN shop.customers c ON o.customer = c.id");
    unread.close();
    assertThatThrownBy(unread::rows).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void concurrentQueries() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Map<String, Object>>>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        long id = i;
        futures.add(
            pool.submit(
                () ->
                    rows(
                        "SELECT count(*) AS n FROM shop.orders o JOIN shop.customers c"
                            + " ON o.customer = c.id WHERE c.id = ?",
                        id % 10)));
      }
      for (Future<List<Map<String, Object>>> f : futures) {
        assertThat(f.get()).containsExactly(Map.of("n", 400L));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void floeSqlRunsOnTheSharedEngine() {
    try (io.floe.RowStream rows = floe.sql("SELECT name FROM shop.customers WHERE id = ?", 6L)) {
      assertThat(rows.toList()).extracting(r -> r.get("name")).containsExactly("customer-6");
    }
    assertThatThrownBy(() -> floe.sql("SELECT * FROM shop.nothing"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void tablesOfSeveralCatalogs() {
    try (Floe multi =
            Floe.open(
                List.of(
                    io.floe.FloeConfig.local(tmp.resolve("wh2")), io.floe.FloeConfig.inMemory()));
        FloeSql both = FloeSql.of(multi)) {
      for (String name : List.of("local.sales.items", "memory.sales.items")) {
        multi
            .createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .create()
            .newAppend()
            .rows(List.of(Map.of("id", 1L), Map.of("id", 2L), Map.of("id", name.length() + 0L)))
            .commit();
      }
      try (SqlResult result =
          both.query(
              "SELECT count(*) AS n FROM local.sales.items l JOIN memory.sales.items m ON l.id = m.id")) {
        // ids 1, 2 in both; 17 and 18 (the names' lengths) in one each
        assertThat(result.rows().toList()).extracting(r -> r.get("n")).containsExactly(2L);
      }
      try (SqlResult result = both.query("SELECT count(*) AS n FROM sales.items")) {
        assertThat(result.rows().toList()).extracting(r -> r.get("n")).containsExactly(3L);
        assertThat(result.scans().get(0).table()).isEqualTo("sales.items");
      }
    }
  }

  @Test
  void metadataTablesByName() {
    assertThat(rows("SELECT count(*) AS n FROM shop.orders.snapshots"))
        .containsExactly(Map.of("n", 4L));
    assertThat(rows("SELECT sum(record_count) AS n FROM shop.orders.files"))
        .containsExactly(Map.of("n", BigDecimal.valueOf(4000)));
    long first = floe.loadTable("shop.orders").snapshots().get(0).snapshotId();
    assertThat(
            rows(
                "SELECT count(*) AS n FROM shop.orders.files AT (VERSION => ?)"
                    .replace("?", Long.toString(first))))
        .containsExactly(Map.of("n", 1L));
  }

  @Test
  void queriesWithoutFloeTablesRun() {
    assertThat(rows("SELECT 40 + 2 AS answer")).containsExactly(Map.of("answer", 42));
  }

  @Test
  void closedEngineRefusesQueries() {
    SqlResult open = sql.query("SELECT * FROM shop.customers");
    sql.close();
    assertThatThrownBy(open::rows).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sql.query("SELECT 1")).isInstanceOf(IllegalStateException.class);
  }
}
