package io.floe.it;

import io.floe.maintenance.RemoveOrphanFiles;
import static io.floe.testkit.FloeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.CommitConflictException;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.testkit.TableFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 8-writer reliability test of sdk-testkit's {@code ConcurrentWritersTest} on the server
 * catalogs: 8 writers, each with its own Floe (as separate processes would have), append to one
 * table on PostgreSQL (JDBC catalog) and on Iceberg's REST catalog; every row lands exactly once.
 * Attempts are counted from Iceberg's commit reports. Appends per writer: {@code -Dappends=N}
 * (default 50, as in memory and on SQLite).
 *
 * <p>Orphans: on PostgreSQL none (Floe deletes what lost attempts wrote). Behind REST the server
 * writes each attempt's metadata file and leaves those of the attempts that lost its
 * compare-and-swap (Iceberg's reference server; the client never learns their names): only such
 * files may be left, and orphan-file removal deletes them.
 */
class ConcurrentWritersIT {
  static final int WRITERS = 8;
  static final int APPENDS = Integer.getInteger("appends", 50);
  static final int ROWS_PER_APPEND = 3;
  /** Appends of the same rows a writer makes when a commit ends in {@code CommitConflictException}. */
  static final int MAX_APPEND_ATTEMPTS = 3;

  static Stream<Arguments> backends() {
    return Stream.of(
        Arguments.of("postgresql+local", (Supplier<FloeConfig>) () -> Backends.postgres(Backends.local())),
        Arguments.of("rest+local", (Supplier<FloeConfig>) () -> Backends.rest(Backends.local())),
        Arguments.of("rest+s3", (Supplier<FloeConfig>) () -> Backends.rest(Backends.s3())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void eightWritersLoseAndDuplicateNothing(String backend, Supplier<FloeConfig> server) throws Exception {
    FloeConfig base = server.get();
    Map<String, String> props = new HashMap<>(base.properties());
    props.put("metrics-reporter-impl", CommitCounter.class.getName());
    FloeConfig config = FloeConfig.of(base.name(), props);
    List<Floe> floes = new ArrayList<>();
    try (Floe floe = Floe.open(config)) {
      FloeTable table = floe.createTable("db.concurrent")
          .column("writer", Types.IntegerType.get()).required()
          .column("seq", Types.IntegerType.get()).required()
          .column("part", Types.IntegerType.get()).required()
          .create();
      for (int w = 0; w < WRITERS; w++) {
        floes.add(Floe.open(config));
      }
      CommitCounter.reset();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      AtomicInteger gaveUp = new AtomicInteger();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        futures.add(pool.submit(() -> {
          FloeTable mine = floes.get(writer).loadTable("db.concurrent");
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
                // Floe's retries ran out: nothing was committed, so the same rows are appended again,
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
      try {
        for (Future<?> f : futures) {
          f.get(5, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      int expected = WRITERS * APPENDS * ROWS_PER_APPEND;
      Set<List<Integer>> seen = new HashSet<>();
      int read = 0;
      try (CloseableIterable<Row> rows = table.refresh().newScan().rows()) {
        for (Row row : rows) {
          read++;
          seen.add(List.of(row.get("writer", Integer.class), row.get("seq", Integer.class),
              row.get("part", Integer.class)));
        }
      }
      assertThat(read).as("rows read").isEqualTo(expected);
      assertThat(seen).as("distinct rows").hasSize(expected);
      assertThat(table).hasSnapshots(WRITERS * APPENDS).hasRowCount(expected).isConsistentWithIcebergReader();
      assertThat(CommitCounter.commits()).as("commit reports").isEqualTo(WRITERS * APPENDS);
      long attempts = CommitCounter.attempts();
      List<String> orphans = TableFiles.orphans(table);
      System.out.printf("[reliability] concurrent writers backend=%s writers=%d appends=%d rows=%d commits=%d "
              + "attempts=%d conflicts=%d maxAttemptsPerCommit=%d seconds=%.2f commits/s=%.0f orphans=%d gaveUpAfterRetries=%d%n",
          backend, WRITERS, APPENDS, read, CommitCounter.commits(), attempts, attempts - CommitCounter.commits(),
          CommitCounter.maxAttempts(), seconds, WRITERS * APPENDS / seconds, orphans.size(), gaveUp.get());
      orphans.stream().limit(3).forEach(o -> System.out.println("[reliability] orphan " + o));
      if (backend.startsWith("rest")) {
        assertThat(orphans).as("files left behind REST").allMatch(o -> o.endsWith(".metadata.json"));
        RemoveOrphanFiles.Result removed = table.maintenance().removeOrphanFiles()
            .unsafeOlderThan(Instant.now().plusSeconds(60)).execute();
        assertThat(removed.deletedFiles()).isEqualTo(orphans.size());
        assertThat(table.refresh().newScan().count()).isEqualTo(expected);
      }
      assertThat(TableFiles.orphans(table)).as("orphans after removal").isEmpty();
    } finally {
      for (Floe f : floes) {
        f.close();
      }
    }
  }
}
