package io.floe.jmh;

import io.floe.FloeTable;
import io.floe.testkit.FloeAssertions;
import io.floe.testkit.FloeTestKit;
import io.floe.testkit.Rows;
import io.floe.testkit.TableFixture;
import java.util.List;
import java.util.Map;

/**
 * Thousands of user tests in one JVM, as a large suite runs them: each a fresh in-memory kit, the
 * {@link TestKitBenchmark} fixture, one append, assertions, close. Every 500 tests it prints the
 * elapsed time, the heap in use after a full GC and the live thread count, so anything a closed kit
 * keeps shows up as growth.
 *
 * <p>Run: {@code java -Xmx512m --add-opens=java.base/java.nio=ALL-UNNAMED
 * -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp jmh/target/benchmarks.jar io.floe.jmh.KitSoak
 * 4000}
 */
public final class KitSoak {
  private KitSoak() {}

  /**
   * Runs the tests.
   *
   * @param args the number of tests (default 4,000)
   * @throws InterruptedException when interrupted between GCs
   */
  public static void main(String[] args) throws InterruptedException {
    int tests = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
    TableFixture fixture = TableFixture.fromJson(TestKitBenchmark.FIXTURE);
    List<Map<String, Object>> expected =
        List.of(
            Rows.row("id", 1L, "category", "books"), Rows.row("id", 2L, "category", "books"),
            Rows.row("id", 3L, "category", "games"), Rows.row("id", 100L, "category", "music"));
    long start = System.nanoTime();
    for (int i = 1; i <= tests; i++) {
      try (FloeTestKit kit = FloeTestKit.inMemory()) {
        FloeTable events = kit.create(fixture);
        events
            .newAppend()
            .row(Map.of("id", 100L, "ts", "2026-01-03T00:00:00Z", "category", "music"))
            .commit();
        FloeAssertions.assertThat(events).hasSnapshots(3).containsExactlyRows(expected);
      }
      if (i % 500 == 0 || i == tests) {
        System.gc();
        Thread.sleep(100);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(
            "%,d tests, %.1f s, heap used after GC %d MB, live threads %d%n",
            i,
            (System.nanoTime() - start) / 1e9,
            (rt.totalMemory() - rt.freeMemory()) >> 20,
            Thread.activeCount());
      }
    }
  }
}
