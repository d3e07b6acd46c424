package io.floe.impl.catalog;

import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Floe's default metrics reporter: scan and commit reports go to DEBUG instead of Iceberg's default
 * {@code LoggingMetricsReporter}, which logs about 2 KB at INFO for every scan and commit (noise
 * for a service, and measurable cost when planning is fast). A catalog that sets {@code
 * metrics-reporter-impl} keeps its own reporter. Thread-safe.
 */
public final class QuietMetricsReporter implements MetricsReporter {
  private static final Logger LOG = LoggerFactory.getLogger(QuietMetricsReporter.class);

  /** Creates the reporter; catalogs call this through {@code metrics-reporter-impl}. */
  public QuietMetricsReporter() {}

  @Override
  public void report(MetricsReport report) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("Iceberg metrics: {}", report);
    }
  }
}
