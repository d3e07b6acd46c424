package io.floe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spans from real appends, scans and maintenance on {@code Floe.local}'s stack, in a request. */
class FloeTracingTest {
  @TempDir Path dir;

  @Test
  void operationsBecomeSpansUnderTheCallersSpan() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel = sdk(exporter)) {
      FloeConfig config =
          FloeConfig.builder("local")
              .property("type", FloeConfig.TYPE_LOCAL)
              .property("warehouse", dir.toString())
              .property(FloeConfig.LOCAL_FSYNC, "false")
              .property(FloeConfig.PRINCIPAL, "svc")
              .listener(FloeTracing.create(otel))
              .build();
      Tracer app = otel.getTracer("app");
      long snapshot;
      try (Floe floe = Floe.open(config)) {
        FloeTable t = FloeMetricsTest.create(floe);
        Span request = app.spanBuilder("GET /events").startSpan();
        try (Scope ignored = request.makeCurrent()) {
          FloeMetricsTest.append(t, 1, 2, 3);
          snapshot = t.refresh().currentSnapshot().orElseThrow().snapshotId();
          assertThat(t.newScan().where(Expressions.greaterThan("id", 1L)).rows().toList())
              .hasSize(2);
        } finally {
          request.end();
        }
        FloeMetricsTest.append(t, 4);
        t.maintenance().rewriteDataFiles().rewriteAll().execute();
      }
      List<SpanData> spans = exporter.getFinishedSpanItems();
      SpanData request = one(spans, "GET /events");
      SpanData commit =
          spans.stream().filter(s -> s.getName().equals("floe.commit")).findFirst().orElseThrow();
      SpanData scan = one(spans, "floe.scan");
      SpanData plan = one(spans, "floe.scan.plan");
      SpanData maintenance = one(spans, "floe.maintenance");

      // the commit and the scan ran inside the request, the plan inside the scan
      assertThat(commit.getParentSpanId()).isEqualTo(request.getSpanId());
      assertThat(scan.getParentSpanId()).isEqualTo(request.getSpanId());
      assertThat(plan.getParentSpanId()).isEqualTo(scan.getSpanId());
      assertThat(commit.getTraceId()).isEqualTo(request.getTraceId());
      // the maintenance ran outside: a trace of its own
      assertThat(maintenance.getParentSpanContext().isValid()).isFalse();

      assertThat(commit.getAttributes().get(AttributeKey.stringKey("floe.table")))
          .isEqualTo("db.t");
      assertThat(commit.getAttributes().get(AttributeKey.stringKey("floe.principal")))
          .isEqualTo("svc");
      assertThat(commit.getAttributes().get(AttributeKey.longKey("floe.snapshot.after")))
          .isEqualTo(snapshot);
      assertThat(commit.getAttributes().get(AttributeKey.longKey("floe.rows.added"))).isEqualTo(3);
      assertThat(commit.getAttributes().get(AttributeKey.stringKey("floe.outcome")))
          .isEqualTo("success");
      assertThat(commit.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(scan.getAttributes().get(AttributeKey.longKey("floe.rows"))).isEqualTo(2);
      assertThat(scan.getAttributes().get(AttributeKey.longKey("floe.snapshot.id")))
          .isEqualTo(snapshot);
      assertThat(scan.getAttributes().get(AttributeKey.stringKey("floe.scan.filter")))
          .contains("id");
      assertThat(maintenance.getAttributes().get(AttributeKey.stringKey("floe.operation")))
          .isEqualTo("rewrite-data-files");
      assertThat(maintenance.getAttributes().get(AttributeKey.longKey("floe.files.rewritten")))
          .isEqualTo(2);
      // timed as they ran: within the request, the plan at the start of the scan
      assertThat(scan.getStartEpochNanos()).isGreaterThanOrEqualTo(request.getStartEpochNanos());
      assertThat(scan.getEndEpochNanos()).isLessThanOrEqualTo(request.getEndEpochNanos());
      assertThat(plan.getStartEpochNanos()).isEqualTo(scan.getStartEpochNanos());
      assertThat(plan.getEndEpochNanos()).isLessThanOrEqualTo(scan.getEndEpochNanos());
      assertThat(commit.getEndEpochNanos()).isGreaterThan(commit.getStartEpochNanos());
    }
  }

  @Test
  void aConflictedAttemptIsAnErrorSpanAndTheRetryASuccess() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel = sdk(exporter)) {
      AtomicReference<Runnable> meanwhile = new AtomicReference<>();
      try (Floe other = Floe.open(FloeMetricsTest.config(dir, null))) {
        FloeMetricsTest.create(other);
        try (Floe floe =
            Racing.open(
                FloeMetricsTest.config(dir, null).withListener(FloeTracing.create(otel)),
                meanwhile)) {
          // another handle commits between this attempt's refresh and its swap: one conflict
          meanwhile.set(() -> FloeMetricsTest.append(other.loadTable("db.t"), 6));
          FloeMetricsTest.append(floe.loadTable("db.t"), 7);
        }
      }
      List<SpanData> commits =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getName().equals("floe.commit"))
              .filter(
                  s -> s.getAttributes().get(AttributeKey.longKey("floe.commit.attempt")) != null)
              .toList();
      assertThat(commits)
          .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("floe.outcome")))
          .contains("conflict", "success");
      SpanData conflict =
          commits.stream()
              .filter(
                  s ->
                      "conflict"
                          .equals(s.getAttributes().get(AttributeKey.stringKey("floe.outcome"))))
              .findFirst()
              .orElseThrow();
      assertThat(conflict.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }
  }

  /** An OpenTelemetry SDK that hands every finished span to the exporter at once. */
  private static OpenTelemetrySdk sdk(InMemorySpanExporter exporter) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build())
        .build();
  }

  private static SpanData one(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named %s in %s", name, spans).hasSize(1);
    return named.get(0);
  }
}
