package io.floe.it;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.apache.iceberg.metrics.CommitMetricsResult;
import org.apache.iceberg.metrics.CommitReport;
import org.apache.iceberg.metrics.CounterResult;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;

/**
 * Counts commits and commit attempts from Iceberg's own commit reports, on any catalog: named in
 * the catalog property {@code metrics-reporter-impl}, Iceberg instantiates it once per catalog and
 * sends it one {@link CommitReport} per successful commit, with the number of attempts it took.
 * The counters are static (Iceberg builds the instance by name); {@link #reset()} before a run.
 */
public final class CommitCounter implements MetricsReporter {
  private static final AtomicLong COMMITS = new AtomicLong();
  private static final AtomicLong ATTEMPTS = new AtomicLong();
  private static final LongAccumulator MAX_ATTEMPTS = new LongAccumulator(Math::max, 0);

  /** Iceberg builds it by name. */
  public CommitCounter() {}

  @Override
  public void report(MetricsReport report) {
    if (report instanceof CommitReport commit) {
      CommitMetricsResult metrics = commit.commitMetrics();
      CounterResult attempts = metrics == null ? null : metrics.attempts();
      long n = attempts == null ? 1 : attempts.value();
      COMMITS.incrementAndGet();
      ATTEMPTS.addAndGet(n);
      MAX_ATTEMPTS.accumulate(n);
    }
  }

  static void reset() {
    COMMITS.set(0);
    ATTEMPTS.set(0);
    MAX_ATTEMPTS.reset();
  }

  static long commits() {
    return COMMITS.get();
  }

  static long attempts() {
    return ATTEMPTS.get();
  }

  static long maxAttempts() {
    return MAX_ATTEMPTS.get();
  }
}
