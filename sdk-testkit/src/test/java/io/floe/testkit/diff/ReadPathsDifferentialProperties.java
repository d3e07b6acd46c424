package io.floe.testkit.diff;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The differential suite of issue 15: random schemas (every primitive type, nulls, NaN, ±0.0, any
 * Unicode), random layouts (several files and appends, tiny row groups and pages, dictionaries on
 * and off, Bloom filters, identity/bucket/truncate partitions), equality deletes, position deletes
 * and deletion vectors written by Iceberg's own writers, Floe's deletes and upserts in both write
 * modes, and random filters (every Iceberg predicate, and/or/not, literals present and absent).
 * Every Floe read path ({@code rows()}, {@code ArrowScan}, {@code count()}, {@code planTasks()}, a
 * projection of some columns) must return exactly the live rows (tracked by the generator, not read
 * from Floe) on which the filter is TRUE under the semantics decided for issue 15 ({@link Pred}):
 * pruning may never drop a row the oracle keeps, and no path may return one it drops.
 *
 * <p>Tries: jqwik's default count, which this module's pom sets to 500 ({@code jqwik.tries.default}
 * from the Maven property {@code floe.diff.tries}; each try checks up to five filters on six
 * paths); more with {@code -Dfloe.diff.tries=N} or the module's {@code nightly} profile (20,000).
 * Most tries use {@code Floe.inMemory()}, one in ten {@code Floe.local(tmp)}; one catalog per JVM.
 * jqwik prints the seed of a failing run, reruns the failing sample first on the next run (its
 * database), and shrinks the failure towards a minimal scenario (for at most 120 s, set in the
 * module's pom, so a failure fails the build rather than shrinking for as long as CI lasts),
 * printed with every mismatching path. {@code -Dfloe.diff.survey=true} reports mismatches without
 * failing, to see every kind at once; {@code -Dfloe.diff.skip=projection} skips projected reads.
 */
class ReadPathsDifferentialProperties {
  @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  void everyReadPathEqualsTheOracle(@ForAll("scenarios") Scenario scenario) {
    TRIES.incrementAndGet();
    List<String> problems = new DiffRunner(scenario).run();
    if (!problems.isEmpty() && SURVEY) {
      FAILED.incrementAndGet();
      for (String p : problems) {
        SEEN.merge(p.replaceAll("\\[.*", "").replaceAll(" with .*", ""), 1, Integer::sum);
      }
      if (FAILED.get() <= 20) {
        System.out.println("SURVEY " + scenario + "\n  " + String.join("\n  ", problems));
      }
      return;
    }
    org.assertj.core.api.Assertions.assertThat(problems)
        .as("%d read path(s) differ from the oracle for%n%s", problems.size(), scenario)
        .isEmpty();
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Generators.scenarios();
  }

  /**
   * Survey mode ({@code -Dfloe.diff.survey=true}): report mismatches and go on, to see every kind
   * at once.
   */
  private static final boolean SURVEY = Boolean.getBoolean("floe.diff.survey");

  private static final java.util.concurrent.atomic.AtomicInteger TRIES =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger FAILED =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.Map<String, Integer> SEEN =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  @AfterContainer
  static void close() {
    DiffRunner.closeAll();
    System.out.printf(
        "floe.diff: %d runs (tries and shrink steps), building tables %.1f s, reading %.1f s,"
            + " %d position deletes skipped (rows Iceberg's reader cannot locate)%s%n",
        TRIES.get(),
        DiffRunner.WRITE_NANOS.sum() / 1e9,
        DiffRunner.READ_NANOS.sum() / 1e9,
        DiffRunner.SKIPPED_POSITION_DELETES.sum(),
        SURVEY ? ", " + FAILED.get() + " with mismatches: " + SEEN : "");
  }
}
