package io.floe.testkit.contract;

import static io.floe.testkit.FloeAssertions.assertThat;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.CommitConflictException;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.WriteMode;
import io.floe.testkit.TableFiles;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.iceberg.metrics.CommitMetricsResult;
import org.apache.iceberg.metrics.CommitReport;
import org.apache.iceberg.metrics.CounterResult;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The behavior every catalog and storage backend must show for a table's data, through {@link
 * Floe}: every type written and read back as written (and as Iceberg's own reader reads it),
 * deletes, upserts and overwrites in both write modes, time travel by snapshot, tag and branch,
 * schema evolution over existing rows, scans with projections, filters and limits, and writers in
 * separate Floes (as separate processes) committing concurrently with every row landing exactly
 * once and no file left behind.
 *
 * <p>{@link CatalogContract} covers the catalog's own operations. Subclasses give the backend's
 * configuration; each test works in a namespace of its own, so a backend (a server) can be shared
 * by all tests of a class. Not thread-safe; JUnit creates one instance per test.
 *
 * <pre>{@code
 * class PostgresLocalTablesIT extends TableContract {
 *   protected FloeConfig config() { return Backends.postgres(Backends.local()); }
 * }
 * }</pre>
 */
public abstract class TableContract extends BackendContract {
  /** Writers in the concurrency test. */
  protected static final int WRITERS = 8;

  /** Appends each writer makes in the concurrency test ({@code -Dappends=N}, default 50). */
  protected static final int APPENDS = Integer.getInteger("appends", 50);

  private static final int ROWS_PER_APPEND = 3;

  /**
   * Appends of the same rows a writer makes when a commit ends in {@code CommitConflictException}.
   */
  private static final int MAX_APPEND_ATTEMPTS = 3;

  /** Creates the suite; JUnit calls it once per test. */
  protected TableContract() {}

  /**
   * The backend's configuration. Called once per Floe a test opens; every call must reach the same
   * catalog and storage.
   *
   * @return the configuration
   */
  @Override
  protected abstract FloeConfig config();

  /**
   * The files a backend may leave behind after concurrent commits that lost a race, which
   * orphan-file removal then deletes. None by default: Floe deletes what its lost attempts wrote.
   * Iceberg's REST server writes each attempt's metadata file itself and leaves those of the
   * attempts that lost its compare-and-swap (the client never learns their names).
   *
   * @return which left-behind file locations are acceptable
   */
  protected Predicate<String> leftByLostCommits() {
    return location -> false;
  }

  @Test
  void everyTypeIsReadBackAsWritten() {
    FloeTable table =
        floe.createTable(ns + ".types")
            .column("id", Types.LongType.get())
            .required()
            .column("b", Types.BooleanType.get())
            .column("i", Types.IntegerType.get())
            .column("f", Types.FloatType.get())
            .column("d", Types.DoubleType.get())
            .column("dec", Types.DecimalType.of(12, 3))
            .column("day", Types.DateType.get())
            .column("t", Types.TimeType.get())
            .column("ts", Types.TimestampType.withoutZone())
            .column("tstz", Types.TimestampType.withZone())
            .column("s", Types.StringType.get())
            .column("u", Types.UUIDType.get())
            .column("fx", Types.FixedType.ofLength(4))
            .column("bin", Types.BinaryType.get())
            .column("tags", Types.ListType.ofOptional(100, Types.StringType.get()))
            .column(
                "counts",
                Types.MapType.ofOptional(101, 102, Types.StringType.get(), Types.LongType.get()))
            .column(
                "point",
                Types.StructType.of(
                    Types.NestedField.optional(103, "x", Types.DoubleType.get()),
                    Types.NestedField.optional(104, "y", Types.DoubleType.get())))
            .create();
    Map<String, Object> full = new LinkedHashMap<>();
    full.put("id", 1L);
    full.put("b", true);
    full.put("i", -7);
    full.put("f", 1.5f);
    full.put("d", -2.25);
    full.put("dec", new BigDecimal("123456789.125"));
    full.put("day", LocalDate.of(2026, 12, 6));
    full.put("t", LocalTime.of(23, 59, 58, 123_456_000));
    full.put("ts", LocalDateTime.of(2026, 1, 2, 3, 4, 5, 678_901_000));
    full.put("tstz", OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.UTC));
    full.put("s", "päivää, 世界");
    full.put("u", UUID.fromString("f4a1c2d3-0000-4000-8000-00000000ae01"));
    full.put("fx", ByteBuffer.wrap(new byte[] {1, 2, (byte) 0xfe, (byte) 0xff}));
    full.put("bin", ByteBuffer.wrap(new byte[] {0, (byte) 0x80, 7}));
    full.put("tags", List.of("a", "b"));
    full.put("counts", Map.of("k", 3L));
    full.put("point", Map.of("x", 1.0, "y", -1.0));
    Map<String, Object> empty = new HashMap<>();
    empty.put("id", 2L);
    table.newAppend().row(full).row(empty).commit();

    Map<Long, Row> byId = new TreeMap<>();
    for (Row row : table.newScan().rows().toList()) {
      byId.put(row.get("id", Long.class), row);
    }
    assertThat(byId).containsOnlyKeys(1L, 2L);
    Row first = byId.get(1L);
    for (Map.Entry<String, Object> column : full.entrySet()) {
      Object value = first.get(column.getKey());
      if (column.getKey().equals("point")) {
        Row point = (Row) value;
        assertThat(List.of(point.get("x"), point.get("y")))
            .as("point")
            .isEqualTo(List.of(1.0, -1.0));
      } else {
        assertThat(value).as(column.getKey()).isEqualTo(column.getValue());
      }
    }
    Row second = byId.get(2L);
    for (String column : full.keySet()) {
      if (!column.equals("id")) {
        assertThat(second.get(column)).as(column + " of the row without values").isNull();
      }
    }
    assertThat(table).isConsistentWithIcebergReader();
  }

  @Test
  void copyOnWriteDeletesUpsertsAndOverwritesChangeExactlyTheirRows() {
    changeRows(WriteMode.COPY_ON_WRITE);
  }

  @Test
  void mergeOnReadDeletesUpsertsAndOverwritesChangeExactlyTheirRows() {
    changeRows(WriteMode.MERGE_ON_READ);
  }

  private void changeRows(WriteMode mode) {
    FloeTable table = events("changes_" + mode.name().toLowerCase());
    Map<Long, String> model = new TreeMap<>();
    append(table, model, 0, 20);
    table.newDelete().where(lessThan("id", 5L)).mode(mode).commit();
    model.keySet().removeIf(id -> id < 5);
    assertThat(ids(table)).isEqualTo(model);

    var upsert = table.newUpsert().key("id").mode(mode);
    for (long id = 15; id < 25; id++) {
      upsert.row(row(id, "upserted"));
      model.put(id, "upserted");
    }
    upsert.commit();
    assertThat(ids(table)).isEqualTo(model);

    var overwrite = table.newOverwrite().where(greaterThanOrEqual("id", 20L)).mode(mode);
    overwrite.row(row(100L, "overwritten"));
    overwrite.commit();
    model.keySet().removeIf(id -> id >= 20);
    model.put(100L, "overwritten");
    assertThat(ids(table)).isEqualTo(model);
    assertThat(table.newScan().count()).isEqualTo(model.size());
    assertThat(table).isConsistentWithIcebergReader().hasNoOrphanFiles();
  }

  @Test
  void scansProjectFilterAndLimit() {
    FloeTable table = events("scans");
    Map<Long, String> model = new TreeMap<>();
    append(table, model, 0, 30);
    append(table, model, 30, 60);
    List<Row> books = table.newScan().select("id").where(equal("category", "c1")).rows().toList();
    assertThat(books).allSatisfy(row -> assertThat(row.size()).isEqualTo(1));
    assertThat(books.stream().map(row -> row.get("id", Long.class)).sorted().toList())
        .isEqualTo(
            model.entrySet().stream()
                .filter(e -> e.getValue().equals("c1"))
                .map(Map.Entry::getKey)
                .toList());
    assertThat(table.newScan().where(equal("category", "c1")).count()).isEqualTo(books.size());
    assertThat(table.newScan().limit(7).rows().toList()).hasSize(7);
    assertThat(table.newScan().where(equal("category", "none")).rows().toList()).isEmpty();
  }

  @Test
  void earlierSnapshotsTagsAndBranchesReadAsTheyWere() {
    FloeTable table = events("travel");
    Map<Long, String> model = new TreeMap<>();
    append(table, model, 0, 10);
    long first = table.currentSnapshot().orElseThrow().snapshotId();
    Map<Long, String> atFirst = new TreeMap<>(model);
    table.manageSnapshots().createTag("v1", first).commit();
    table.manageSnapshots().createBranch("dev", first).commit();
    append(table, model, 10, 20);

    Map<Long, String> dev = new TreeMap<>(atFirst);
    var onBranch = table.newAppend().toBranch("dev");
    onBranch.row(row(500L, "dev"));
    onBranch.commit();
    dev.put(500L, "dev");

    assertThat(idsOf(table.newScan().asOfSnapshot(first).rows().toList())).isEqualTo(atFirst);
    assertThat(idsOf(table.newScan().useRef("v1").rows().toList())).isEqualTo(atFirst);
    assertThat(idsOf(table.newScan().useRef("dev").rows().toList())).isEqualTo(dev);
    assertThat(ids(table)).as("main is not changed by the branch").isEqualTo(model);
    try (Floe other = Floe.open(config())) {
      FloeTable seen = other.loadTable(ns + ".travel");
      assertThat(idsOf(seen.newScan().useRef("dev").rows().toList())).isEqualTo(dev);
      assertThat(ids(seen)).isEqualTo(model);
    }
  }

  @Test
  void schemaEvolutionKeepsEarlierRowsReadable() {
    FloeTable table = events("evolve");
    Map<Long, String> model = new TreeMap<>();
    append(table, model, 0, 5);
    table
        .updateSchema()
        .addColumn("score", Types.IntegerType.get())
        .renameColumn("category", "kind")
        .commit();
    Map<String, Object> later = new HashMap<>();
    later.put("id", 5L);
    later.put("kind", "new");
    later.put("score", 9);
    table.newAppend().row(later).commit();
    table.updateSchema().deleteColumn("value").commit();

    try (Floe other = Floe.open(config())) {
      List<Row> rows = other.loadTable(ns + ".evolve").newScan().rows().toList();
      assertThat(rows)
          .hasSize(6)
          .allSatisfy(row -> assertThat(row.struct().field("value")).isNull());
      for (Row row : rows) {
        long id = row.get("id", Long.class);
        assertThat(row.get("kind")).isEqualTo(id == 5 ? "new" : model.get(id));
        assertThat(row.get("score")).isEqualTo(id == 5 ? 9 : null);
      }
    }
    assertThat(table.refresh()).isConsistentWithIcebergReader();
  }

  @Test
  void concurrentWritersLoseAndDuplicateNothing() throws Exception {
    FloeTable table =
        floe.createTable(ns + ".concurrent")
            .column("writer", Types.IntegerType.get())
            .required()
            .column("seq", Types.IntegerType.get())
            .required()
            .column("part", Types.IntegerType.get())
            .required()
            .create();
    List<Floe> floes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    FloeConfig base = config();
    Map<String, String> props = new HashMap<>(base.properties());
    props.put("metrics-reporter-impl", CommitReports.class.getName());
    FloeConfig counted = FloeConfig.of(base.name(), props);
    CommitReports.reset();
    try {
      for (int w = 0; w < WRITERS; w++) {
        floes.add(Floe.open(counted));
      }
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      AtomicInteger gaveUp = new AtomicInteger();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        futures.add(
            pool.submit(
                () -> {
                  FloeTable mine = floes.get(writer).loadTable(ns + ".concurrent");
                  for (int seq = 0; seq < APPENDS; seq++) {
                    for (int attempt = 1; ; attempt++) {
                      var append = mine.newAppend();
                      for (int part = 0; part < ROWS_PER_APPEND; part++) {
                        append.row(Map.of("writer", writer, "seq", seq, "part", part));
                      }
                      try {
                        append.commit();
                        break;
                      } catch (CommitConflictException e) {
                        // Floe's retries ran out: nothing was committed, so the same rows are
                        // appended again,
                        // as the exception invites (a duplicate row would fail the checks below)
                        gaveUp.incrementAndGet();
                        if (attempt == MAX_APPEND_ATTEMPTS) {
                          throw e;
                        }
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      int expected = WRITERS * APPENDS * ROWS_PER_APPEND;
      Set<List<Integer>> seen = new HashSet<>();
      int read = 0;
      try (RowStream rows = table.refresh().newScan().rows()) {
        for (Row row : rows) {
          read++;
          seen.add(
              List.of(
                  row.get("writer", Integer.class),
                  row.get("seq", Integer.class),
                  row.get("part", Integer.class)));
        }
      }
      assertThat(read).as("rows read").isEqualTo(expected);
      assertThat(seen).as("distinct rows").hasSize(expected);
      assertThat(table)
          .hasSnapshots(WRITERS * APPENDS)
          .hasRowCount(expected)
          .isConsistentWithIcebergReader();
      List<String> orphans = TableFiles.orphans(table);
      long reported = CommitReports.COMMITS.get();
      long attempts = CommitReports.ATTEMPTS.get();
      System.out.printf(
          "[reliability] concurrent writers %s: writers=%d appends=%d rows=%d commits=%d "
              + "attempts=%d conflicts=%d maxAttemptsPerCommit=%d seconds=%.2f commits/s=%.0f orphans=%d "
              + "gaveUpAfterRetries=%d%n",
          getClass().getSimpleName(),
          WRITERS,
          APPENDS,
          read,
          reported,
          attempts,
          attempts - reported,
          CommitReports.MAX_ATTEMPTS.get(),
          seconds,
          WRITERS * APPENDS / seconds,
          orphans.size(),
          gaveUp.get());
      if (reported > 0) { // catalogs that send Iceberg's commit reports send one per commit
        assertThat(reported).as("commit reports").isEqualTo(WRITERS * APPENDS);
      }
      assertThat(orphans).as("files left behind").allMatch(leftByLostCommits());
      if (!orphans.isEmpty()) {
        table
            .maintenance()
            .removeOrphanFiles()
            .unsafeOlderThan(Instant.now().plusSeconds(60))
            .execute();
        assertThat(table.refresh().newScan().count()).isEqualTo(expected);
      }
      assertThat(TableFiles.orphans(table)).as("files left behind after orphan removal").isEmpty();
    } finally {
      pool.shutdownNow();
      for (Floe f : floes) {
        f.close();
      }
    }
  }

  private FloeTable events(String name) {
    return floe.createTable(ns + "." + name)
        .column("id", Types.LongType.get())
        .required()
        .column("category", Types.StringType.get())
        .column("value", Types.DoubleType.get())
        .partitionBy(p -> p.bucket("id", 4))
        .create();
  }

  private static void append(FloeTable table, Map<Long, String> model, long from, long to) {
    var append = table.newAppend();
    for (long id = from; id < to; id++) {
      String category = "c" + id % 3;
      append.row(row(id, category));
      model.put(id, category);
    }
    append.commit();
  }

  private static Map<Long, String> ids(FloeTable table) {
    return idsOf(table.refresh().newScan().rows().toList());
  }

  private static Map<Long, String> idsOf(List<Row> rows) {
    Map<Long, String> out = new TreeMap<>();
    for (Row row : rows) {
      Object previous = out.put(row.get("id", Long.class), (String) row.get("category"));
      assertThat(previous).as("row %s read once", row.get("id")).isNull();
    }
    return out;
  }

  /**
   * Counts commits and commit attempts from Iceberg's own commit reports: named in the catalog
   * property {@code metrics-reporter-impl}, Iceberg builds it by name once per catalog and sends it
   * one {@link CommitReport} per successful commit with the attempts it took. The counters are
   * static (Iceberg builds the instances); the concurrency test resets them.
   */
  public static final class CommitReports implements MetricsReporter {
    static final AtomicLong COMMITS = new AtomicLong();
    static final AtomicLong ATTEMPTS = new AtomicLong();
    static final AtomicLong MAX_ATTEMPTS = new AtomicLong();

    /** Iceberg builds it by name. */
    public CommitReports() {}

    static void reset() {
      COMMITS.set(0);
      ATTEMPTS.set(0);
      MAX_ATTEMPTS.set(0);
    }

    @Override
    public void report(MetricsReport report) {
      if (report instanceof CommitReport commit) {
        CommitMetricsResult metrics = commit.commitMetrics();
        CounterResult attempts = metrics == null ? null : metrics.attempts();
        long n = attempts == null ? 1 : attempts.value();
        COMMITS.incrementAndGet();
        ATTEMPTS.addAndGet(n);
        MAX_ATTEMPTS.accumulateAndGet(n, Math::max);
      }
    }
  }
}
