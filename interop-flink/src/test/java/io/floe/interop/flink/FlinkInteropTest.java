package io.floe.interop.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.Scan;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.util.MiniClusterPipelineExecutorServiceLoader;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink 2.0 (one MiniCluster for the class) with Iceberg's Flink connector 1.11 reads the tables
 * Floe writes, in batch and as an incremental stream, and writes tables Floe reads. Both sides use
 * the same JDBC catalog on SQLite over local files ({@code Floe.local}'s layout); the Flink catalog
 * has the Floe catalog's name, which the JDBC catalog stores in every row.
 */
class FlinkInteropTest {
  private static final String CATALOG = "floe_f";

  @TempDir static Path warehouse;
  static Floe floe;
  static MiniCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(4)
                .build());
    cluster.start();
    floe =
        Floe.open(
            FloeConfig.builder(CATALOG)
                .property("type", FloeConfig.TYPE_LOCAL)
                .property("warehouse", warehouse.toString())
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
    floe.close();
  }

  /** A table environment on the shared MiniCluster with the Floe warehouse as catalog. */
  private static StreamTableEnvironment flink(boolean streaming) {
    // jobs go to the class's one MiniCluster (not a new local cluster per job)
    StreamExecutionEnvironment env =
        new StreamExecutionEnvironment(
            new MiniClusterPipelineExecutorServiceLoader(cluster),
            MiniClusterPipelineExecutorServiceLoader.updateConfigurationForMiniCluster(
                new Configuration(), List.of(), List.of()),
            FlinkInteropTest.class.getClassLoader());
    env.setRuntimeMode(streaming ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
    env.setParallelism(1);
    StreamTableEnvironment tEnv =
        StreamTableEnvironment.create(
            env,
            streaming ? EnvironmentSettings.inStreamingMode() : EnvironmentSettings.inBatchMode());
    String root = warehouse.toAbsolutePath().normalize().toString();
    tEnv.executeSql(
        "CREATE CATALOG "
            + CATALOG
            + " WITH ("
            + "'type'='iceberg',"
            + "'catalog-impl'='org.apache.iceberg.jdbc.JdbcCatalog',"
            + "'uri'='jdbc:sqlite:"
            + root
            + "/catalog.db',"
            + "'warehouse'='"
            + root
            + "',"
            + "'jdbc.schema-version'='V1',"
            + "'jdbc.busy_timeout'='30000',"
            + "'cache-enabled'='false')");
    tEnv.useCatalog(CATALOG);
    return tEnv;
  }

  /** Runs a bounded query and returns its rows, canonical and sorted by the first column. */
  private static List<List<Object>> rows(StreamTableEnvironment tEnv, String sql) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    try (CloseableIterator<org.apache.flink.types.Row> it = tEnv.executeSql(sql).collect()) {
      it.forEachRemaining(r -> out.add(canonical(r)));
    }
    return sorted(out);
  }

  private static List<List<Object>> floeRows(Scan scan) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    try (CloseableIterable<Row> rows = scan.rows()) {
      for (Row r : rows) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
          row.add(value(r.get(i)));
        }
        out.add(row);
      }
    }
    return sorted(out);
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    rows.sort(Comparator.comparing(r -> ((Number) r.get(0)).longValue()));
    return rows;
  }

  private static List<Object> canonical(org.apache.flink.types.Row r) {
    List<Object> row = new ArrayList<>();
    for (int i = 0; i < r.getArity(); i++) {
      row.add(value(r.getField(i)));
    }
    return row;
  }

  /** One comparable form: timestamps with zone as Instant, binary as hex. */
  private static Object value(Object v) {
    if (v instanceof OffsetDateTime t) {
      return t.toInstant();
    } else if (v instanceof ByteBuffer b) {
      ByteBuffer copy = b.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return HexFormat.of().formatHex(bytes);
    } else if (v instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    } else if (v instanceof CharSequence s) {
      return s.toString();
    }
    return v;
  }

  private static Map<String, Object> typed(long id) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("qty", (int) (id % 7));
    row.put("category", List.of("books", "games", "music").get((int) (id % 3)));
    row.put("price", id * 1.25);
    row.put("flag", id % 2 == 0);
    row.put("amount", BigDecimal.valueOf(id * 101, 2));
    row.put("day", LocalDate.of(2026, 1, 1).plusDays(id % 40));
    row.put("ts", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id * 3_601));
    row.put("local_ts", LocalDateTime.of(2026, 2, 1, 12, 0).plusMinutes(id));
    row.put("payload", ByteBuffer.wrap(("p" + id).getBytes(StandardCharsets.UTF_8)));
    if (id % 11 == 0) {
      row.put("category", null);
      row.put("price", null);
    }
    return row;
  }

  @Test
  void flinkBatchReadsFloesTypedPartitionedTableWithMergeOnReadDeletes() throws Exception {
    FloeTable table =
        floe.createTable("db.typed")
            .column("id", Types.LongType.get())
            .required()
            .column("qty", Types.IntegerType.get())
            .column("category", Types.StringType.get())
            .column("price", Types.DoubleType.get())
            .column("flag", Types.BooleanType.get())
            .column("amount", Types.DecimalType.of(12, 2))
            .column("day", Types.DateType.get())
            .column("ts", Types.TimestampType.withZone())
            .column("local_ts", Types.TimestampType.withoutZone())
            .column("payload", Types.BinaryType.get())
            .partitionBy(p -> p.day("ts").identity("category").bucket("id", 4))
            .formatVersion(2)
            .create();
    for (int batch = 0; batch < 3; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id = batch * 100L; id < batch * 100L + 100; id++) {
        rows.add(typed(id));
      }
      table.newAppend().rows(rows).commit();
    }
    table
        .newDelete()
        .where(org.apache.iceberg.expressions.Expressions.lessThan("id", 30L))
        .mode(WriteMode.MERGE_ON_READ)
        .commit();
    table.refresh();
    int deleteFiles = 0;
    try (CloseableIterable<FileScanTask> tasks =
        Internals.icebergTable(table).newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        deleteFiles += task.deletes().size();
      }
    }
    assertThat(deleteFiles).as("merge-on-read wrote position delete files").isPositive();

    StreamTableEnvironment tEnv = flink(false);
    List<List<Object>> fromFlink = rows(tEnv, "SELECT * FROM db.typed");
    List<List<Object>> fromFloe = floeRows(table.newScan());
    assertThat(fromFloe).hasSize(270);
    assertThat(fromFlink).isEqualTo(fromFloe);
    assertThat(fromFlink.get(0).get(0)).isEqualTo(30L);

    // a filter on partition and data columns selects the same rows in both engines
    List<List<Object>> books =
        rows(
            tEnv,
            "SELECT * FROM db.typed WHERE category = 'books' AND amount >= 100.00"
                + " AND `day` < DATE '2026-01-20'");
    assertThat(books)
        .isNotEmpty()
        .isEqualTo(
            fromFloe.stream()
                .filter(
                    r ->
                        "books".equals(r.get(2))
                            && ((BigDecimal) r.get(5)).compareTo(new BigDecimal("100.00")) >= 0
                            && ((LocalDate) r.get(6)).isBefore(LocalDate.of(2026, 1, 20)))
                .toList());
  }

  private static List<Map<String, Object>> events(long from, long to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(Map.of("id", id, "name", "e" + id));
    }
    return rows;
  }

  private static List<List<Object>> expectedEvents(long from, long to) {
    List<List<Object>> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(List.of(id, "e" + id));
    }
    return rows;
  }

  /** Takes {@code n} rows from the queue, failing after {@code seconds} without them. */
  private static List<List<Object>> take(BlockingQueue<List<Object>> queue, int n, int seconds)
      throws InterruptedException {
    List<List<Object>> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (out.size() < n) {
      List<Object> row = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(row)
          .as("row %s of %s within %s s (got %s)", out.size() + 1, n, seconds, out)
          .isNotNull();
      out.add(row);
    }
    return out;
  }

  @Test
  void flinkStreamingReadPicksUpAppendsFloeMakesAfterTheJobStarted() throws Exception {
    FloeTable table =
        floe.createTable("db.events")
            .column("id", Types.LongType.get())
            .required()
            .column("name", Types.StringType.get())
            .create();
    table.newAppend().rows(events(0, 10)).commit();

    StreamTableEnvironment tEnv = flink(true);
    TableResult result =
        tEnv.executeSql(
            "SELECT * FROM db.events /*+ OPTIONS('streaming'='true', 'monitor-interval'='200ms') */");
    JobClient job = result.getJobClient().orElseThrow();
    BlockingQueue<List<Object>> seen = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (CloseableIterator<org.apache.flink.types.Row> it = result.collect()) {
                it.forEachRemaining(r -> seen.add(canonical(r)));
              } catch (Exception e) {
                // the job is cancelled at the end of the test
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      // the snapshot current at the start, then each append Floe commits while the job runs
      List<List<Object>> first = sorted(take(seen, 10, 60));
      assertThat(first).isEqualTo(expectedEvents(0, 10)).isEqualTo(floeRows(table.newScan()));
      table.newAppend().rows(events(10, 20)).commit();
      List<List<Object>> second = sorted(take(seen, 10, 60));
      table.newAppend().rows(events(20, 25)).commit();
      List<List<Object>> third = sorted(take(seen, 5, 60));
      assertThat(second).isEqualTo(expectedEvents(10, 20));
      assertThat(third).isEqualTo(expectedEvents(20, 25));
      List<List<Object>> all = new ArrayList<>(first);
      all.addAll(second);
      all.addAll(third);
      assertThat(all).isEqualTo(floeRows(table.refresh().newScan()));
      // nothing twice: no row beyond the 25 Floe appended arrives in a few more polls
      assertThat(seen.poll(1, TimeUnit.SECONDS)).isNull();
      // an unbounded job: still running, waiting for the next snapshot
      assertThat(job.getJobStatus().get(30, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
    } finally {
      if (!job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
        job.cancel().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void floeReadsExactlyTheRowsFlinkInsertsIntoATableFlinkCreated() throws Exception {
    StreamTableEnvironment tEnv = flink(false);
    tEnv.executeSql(
            "CREATE TABLE db.orders (id BIGINT NOT NULL, customer STRING, amount DECIMAL(10, 2),"
                + " `day` DATE, ts TIMESTAMP(6), ts_ltz TIMESTAMP_LTZ(6), qty INT, ok BOOLEAN)"
                + " PARTITIONED BY (`day`) WITH ('format-version'='2')")
        .await();
    tEnv.executeSql(
            "INSERT INTO db.orders VALUES"
                + " (1, 'ann', 12.50, DATE '2026-03-01', TIMESTAMP '2026-03-01 10:00:00.123456',"
                + "  TO_TIMESTAMP_LTZ(1772359200123, 3), 3, TRUE),"
                + " (2, CAST(NULL AS STRING), -0.01, DATE '2026-03-02', TIMESTAMP '2026-03-02 23:59:59',"
                + "  TO_TIMESTAMP_LTZ(0, 3), CAST(NULL AS INT), FALSE),"
                + " (3, 'cé', 99999999.99, DATE '2026-03-01', CAST(NULL AS TIMESTAMP(6)),"
                + "  CAST(NULL AS TIMESTAMP_LTZ(6)), 7, CAST(NULL AS BOOLEAN))")
        .await();
    tEnv.executeSql(
            "INSERT INTO db.orders SELECT id + 10, customer, amount, `day`, ts, ts_ltz, qty, ok FROM db.orders")
        .await();

    FloeTable table = floe.loadTable("db.orders");
    assertThat(table.spec().fields()).extracting(f -> f.name()).containsExactly("day");
    assertThat(table.schema().findField("ts").type()).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(table.schema().findField("ts_ltz").type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(table.snapshots()).hasSize(2);
    List<List<Object>> expected = new ArrayList<>();
    for (long base : new long[] {0, 10}) {
      expected.add(
          java.util.Arrays.asList(
              base + 1,
              "ann",
              new BigDecimal("12.50"),
              LocalDate.of(2026, 3, 1),
              LocalDateTime.of(2026, 3, 1, 10, 0, 0, 123_456_000),
              Instant.ofEpochMilli(1772359200123L),
              3,
              true));
      expected.add(
          java.util.Arrays.asList(
              base + 2,
              null,
              new BigDecimal("-0.01"),
              LocalDate.of(2026, 3, 2),
              LocalDateTime.of(2026, 3, 2, 23, 59, 59),
              Instant.EPOCH,
              null,
              false));
      expected.add(
          java.util.Arrays.asList(
              base + 3,
              "cé",
              new BigDecimal("99999999.99"),
              LocalDate.of(2026, 3, 1),
              null,
              null,
              7,
              null));
    }
    assertThat(floeRows(table.newScan())).isEqualTo(sorted(expected));
    assertThat(rows(tEnv, "SELECT * FROM db.orders")).isEqualTo(floeRows(table.newScan()));
  }

  @Test
  void floeReadsFlinksUpsertsIntoAFloeTableWithIdentifierColumns() throws Exception {
    FloeTable table =
        floe.createTable("db.accounts")
            .columns(
                c ->
                    c.column("id", Types.LongType.get())
                        .required()
                        .identifier()
                        .column("name", Types.StringType.get())
                        .column("balance", Types.DecimalType.of(10, 2)))
            .formatVersion(2)
            .property("write.upsert.enabled", "true")
            .create();
    List<Map<String, Object>> initial = new ArrayList<>();
    for (long id = 1; id <= 5; id++) {
      initial.add(Map.of("id", id, "name", "n" + id, "balance", BigDecimal.valueOf(id * 100, 2)));
    }
    table.newAppend().rows(initial).commit();

    StreamTableEnvironment tEnv = flink(false);
    tEnv.executeSql(
            "INSERT INTO db.accounts VALUES (2, 'two', 20.00), (4, 'four', 40.00),"
                + " (6, 'six', 60.00)")
        .await();

    table.refresh();
    int equalityDeletes = 0;
    try (CloseableIterable<FileScanTask> tasks =
        Internals.icebergTable(table).newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        equalityDeletes +=
            (int)
                task.deletes().stream()
                    .filter(d -> d.content() == org.apache.iceberg.FileContent.EQUALITY_DELETES)
                    .count();
      }
    }
    assertThat(equalityDeletes).as("Flink's upsert wrote equality deletes").isPositive();
    assertThat(floeRows(table.newScan()))
        .containsExactly(
            List.of(1L, "n1", new BigDecimal("1.00")),
            List.of(2L, "two", new BigDecimal("20.00")),
            List.of(3L, "n3", new BigDecimal("3.00")),
            List.of(4L, "four", new BigDecimal("40.00")),
            List.of(5L, "n5", new BigDecimal("5.00")),
            List.of(6L, "six", new BigDecimal("60.00")));
    assertThat(rows(tEnv, "SELECT * FROM db.accounts")).isEqualTo(floeRows(table.newScan()));
  }

  @Test
  void flinkReadsFloesFormatV3DeletionVectorsAndTimeTravelsBySnapshotId() throws Exception {
    FloeTable table =
        floe.createTable("db.v3")
            .column("id", Types.LongType.get())
            .required()
            .column("name", Types.StringType.get())
            .formatVersion(3)
            .create();
    table.newAppend().rows(events(0, 50)).commit();
    long before = table.currentSnapshot().orElseThrow().snapshotId();
    table
        .newDelete()
        .where(org.apache.iceberg.expressions.Expressions.greaterThanOrEqual("id", 40L))
        .mode(WriteMode.MERGE_ON_READ)
        .commit();
    table.refresh();
    int vectors = 0;
    try (CloseableIterable<FileScanTask> tasks =
        Internals.icebergTable(table).newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        vectors +=
            (int)
                task.deletes().stream()
                    .filter(d -> d.format() == org.apache.iceberg.FileFormat.PUFFIN)
                    .count();
      }
    }
    assertThat(vectors).as("Floe wrote a deletion vector").isPositive();

    StreamTableEnvironment tEnv = flink(false);
    assertThat(rows(tEnv, "SELECT * FROM db.v3"))
        .isEqualTo(expectedEvents(0, 40))
        .isEqualTo(floeRows(table.newScan()));
    assertThat(rows(tEnv, "SELECT * FROM db.v3 /*+ OPTIONS('snapshot-id'='" + before + "') */"))
        .isEqualTo(expectedEvents(0, 50))
        .isEqualTo(floeRows(table.newScan().asOfSnapshot(before)));
  }
}
