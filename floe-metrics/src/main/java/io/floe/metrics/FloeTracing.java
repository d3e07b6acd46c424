package io.floe.metrics;

import io.floe.events.CommitEvent;
import io.floe.events.FloeListener;
import io.floe.events.MaintenanceEvent;
import io.floe.events.Outcome;
import io.floe.events.ScanEvent;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Records a Floe handle's events as OpenTelemetry spans: {@code floe.scan} (with a child {@code
 * floe.scan.plan} for file planning), {@code floe.commit} (one per attempt) and {@code
 * floe.maintenance}, timed as the operations ran (each event carries its end and duration) and
 * parented to the span current on the thread that ends the operation (the request a service
 * handles). Attributes: {@code floe.catalog}, {@code floe.table}, {@code floe.principal}, snapshot
 * ids, rows, files, bytes and the outcome; a failed operation's span has status ERROR with the
 * exception's class name.
 *
 * <p>Needs {@code io.opentelemetry:opentelemetry-api} on the class path (an optional dependency of
 * this module: add it, or the agent's, to use this class). With no OpenTelemetry SDK configured the
 * spans are no-ops. Thread-safe.
 *
 * <pre>{@code
 * FloeConfig config = FloeConfig.builder("local")
 *     .property("type", FloeConfig.TYPE_LOCAL).property("warehouse", "wh")
 *     .listener(FloeTracing.create(openTelemetry))
 *     .build();
 * }</pre>
 */
public final class FloeTracing implements FloeListener {
  /** The instrumentation scope name spans are recorded under. */
  public static final String SCOPE = "io.floe";

  private static final AttributeKey<String> CATALOG = AttributeKey.stringKey("floe.catalog");
  private static final AttributeKey<String> TABLE = AttributeKey.stringKey("floe.table");
  private static final AttributeKey<String> PRINCIPAL = AttributeKey.stringKey("floe.principal");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("floe.outcome");
  private static final AttributeKey<Long> SNAPSHOT = AttributeKey.longKey("floe.snapshot.id");
  private static final AttributeKey<Long> SNAPSHOT_BEFORE =
      AttributeKey.longKey("floe.snapshot.before");
  private static final AttributeKey<Long> SNAPSHOT_AFTER =
      AttributeKey.longKey("floe.snapshot.after");
  private static final AttributeKey<String> FILTER = AttributeKey.stringKey("floe.scan.filter");
  private static final AttributeKey<Long> ROWS = AttributeKey.longKey("floe.rows");
  private static final AttributeKey<Long> BYTES = AttributeKey.longKey("floe.bytes");
  private static final AttributeKey<Long> FILES_READ = AttributeKey.longKey("floe.files.read");
  private static final AttributeKey<Long> FILES_PRUNED = AttributeKey.longKey("floe.files.pruned");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("floe.operation");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("floe.commit.attempt");
  private static final AttributeKey<Long> ADDED_ROWS = AttributeKey.longKey("floe.rows.added");
  private static final AttributeKey<Long> REMOVED_ROWS = AttributeKey.longKey("floe.rows.removed");
  private static final AttributeKey<Long> ADDED_FILES = AttributeKey.longKey("floe.files.added");
  private static final AttributeKey<Long> REMOVED_FILES =
      AttributeKey.longKey("floe.files.removed");
  private static final AttributeKey<Long> REWRITTEN_FILES =
      AttributeKey.longKey("floe.files.rewritten");

  private final Tracer tracer;

  private FloeTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * Spans through an OpenTelemetry instance.
   *
   * @param openTelemetry the instance (its tracer for scope {@value #SCOPE})
   * @return the listener to register on a Floe handle
   */
  public static FloeTracing create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    return new FloeTracing(openTelemetry.getTracer(SCOPE));
  }

  /**
   * Spans through the global OpenTelemetry instance (set by the Java agent or the application);
   * no-ops until one is set.
   *
   * @return the listener to register on a Floe handle
   */
  public static FloeTracing global() {
    return create(GlobalOpenTelemetry.get());
  }

  @Override
  public void onScan(ScanEvent e) {
    Instant start = e.time().minus(e.duration());
    Span span =
        start(tracer.spanBuilder("floe.scan"), start, e.catalog(), e.table(), e.principal())
            .setAttribute(SNAPSHOT, e.snapshotId())
            .setAttribute(FILTER, e.filter())
            .setAttribute(ROWS, e.rows())
            .setAttribute(BYTES, e.bytes())
            .setAttribute(FILES_READ, e.filesRead())
            .setAttribute(FILES_PRUNED, e.filesPruned())
            .startSpan();
    if (!e.planning().isZero()) {
      tracer
          .spanBuilder("floe.scan.plan")
          .setParent(Context.current().with(span))
          .setStartTimestamp(start)
          .setAttribute(TABLE, e.table())
          .startSpan()
          .end(start.plus(min(e.planning(), e.duration())));
    }
    end(span, e.outcome(), e.failure(), e.time());
  }

  @Override
  public void onCommit(CommitEvent e) {
    Span span =
        start(
                tracer.spanBuilder("floe.commit"),
                e.time().minus(e.duration()),
                e.catalog(),
                e.table(),
                e.principal())
            .setAttribute(OPERATION, e.operation())
            .setAttribute(ATTEMPT, (long) e.attempt())
            .setAttribute(SNAPSHOT_BEFORE, e.snapshotBefore())
            .setAttribute(SNAPSHOT_AFTER, e.snapshotAfter())
            .setAttribute(ADDED_ROWS, e.addedRows())
            .setAttribute(REMOVED_ROWS, e.removedRows())
            .setAttribute(ADDED_FILES, e.addedFiles())
            .setAttribute(REMOVED_FILES, e.removedFiles())
            .setAttribute(BYTES, e.addedBytes())
            .startSpan();
    end(span, e.outcome(), e.failure(), e.time());
  }

  @Override
  public void onMaintenance(MaintenanceEvent e) {
    Span span =
        start(
                tracer.spanBuilder("floe.maintenance"),
                e.time().minus(e.duration()),
                e.catalog(),
                e.table(),
                e.principal())
            .setAttribute(OPERATION, e.operation())
            .setAttribute(REWRITTEN_FILES, e.filesRewritten())
            .setAttribute(ADDED_FILES, e.filesAdded())
            .setAttribute(REMOVED_FILES, e.filesRemoved())
            .setAttribute(BYTES, e.bytes())
            .startSpan();
    end(span, e.outcome(), e.failure(), e.time());
  }

  private static SpanBuilder start(
      SpanBuilder b, Instant start, String catalog, String table, String principal) {
    b.setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(start)
        .setAttribute(CATALOG, catalog)
        .setAttribute(TABLE, table);
    if (!principal.isEmpty()) {
      b.setAttribute(PRINCIPAL, principal);
    }
    return b;
  }

  private static void end(Span span, Outcome outcome, String failure, Instant end) {
    span.setAttribute(OUTCOME, outcome.name().toLowerCase(java.util.Locale.ROOT));
    if (outcome != Outcome.SUCCESS) {
      span.setStatus(StatusCode.ERROR, failure.isEmpty() ? outcome.name() : failure);
    }
    span.end(end);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
