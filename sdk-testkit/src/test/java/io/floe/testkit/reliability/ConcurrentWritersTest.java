package io.floe.testkit.reliability;

import static io.floe.testkit.FloeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.CommitConflictException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.testkit.FloeTestKit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 8 writers, each with its own Floe (as separate processes would have), append 50 times each to one
 * table: every row lands exactly once.
 */
class ConcurrentWritersTest {
  static final int WRITERS = 8;
  static final int APPENDS = Integer.getInteger("appends", 50);
  static final int ROWS_PER_APPEND = 3;
  /** Appends of the same rows a writer makes when a commit ends in {@code CommitConflictException}. */
  static final int MAX_APPEND_ATTEMPTS = 3;

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(FloeTestKit.Backend.class)
  void eightWritersFiftyAppendsEachLoseAndDuplicateNothing(FloeTestKit.Backend backend) throws Exception {
    FloeTestKit.Builder builder = FloeTestKit.builder();
    if (backend == FloeTestKit.Backend.LOCAL) {
      builder.local(tmp.resolve("wh"));
    }
    try (FloeTestKit kit = builder.build()) {
      FloeTable table = kit.floe().createTable("db.concurrent")
          .column("writer", Types.IntegerType.get()).required()
          .column("seq", Types.IntegerType.get()).required()
          .column("part", Types.IntegerType.get()).required()
          .create();
      List<Floe> floes = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        floes.add(kit.newFloe());
      }
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
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
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
      long attempts = kit.faults().commitAttempts();
      kit.orphanFiles(table).stream().limit(5).forEach(o -> System.out.println("[reliability] orphan " + o));
      System.out.printf("[reliability] concurrent writers backend=%s writers=%d appends=%d rows=%d "
              + "commits=%d attempts=%d conflicts=%d maxAttemptsPerCommit=%d seconds=%.2f commits/s=%.0f orphans=%d gaveUpAfterRetries=%d%n",
          backend, WRITERS, APPENDS, read, WRITERS * APPENDS, attempts, kit.faults().commitConflicts(), kit.faults().maxCommitAttempts(), seconds,
          WRITERS * APPENDS / seconds, kit.orphanFiles(table).size(), gaveUp.get());
      // lost attempts' metadata files (JDBC leaves them) are deleted by Floe's CommitFiles
      assertThat(table).hasNoOrphanFiles();
    }
  }
}
