/**
 * Floe's events ({@link io.floe.events}) in the user's monitoring stack: {@link
 * io.floe.metrics.FloeMetrics} records them as Micrometer meters, {@link io.floe.metrics.AuditLog}
 * writes one JSON line per commit, maintenance operation and (optionally) scan to SLF4J. Both are
 * {@link io.floe.events.FloeListener}s, registered when the {@link io.floe.Floe} handle is opened.
 * Meter names, tags and the audit format: {@code docs/observability.md}.
 */
package io.floe.metrics;
