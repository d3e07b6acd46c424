package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link MetricsService} sample scraped by a real Prometheus server (Debian's package, found or
 * installed by {@code samples/scripts/prometheus.sh}, started here on 127.0.0.1 with its own
 * configuration) while it writes and reads; the series are checked through Prometheus's HTTP query
 * API. Also checks that every query of the Grafana dashboard in {@code docs/grafana} names a metric
 * the sample exports.
 */
class MetricsServicePrometheusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  @Test
  void prometheusScrapesTheSampleWhileItWritesAndReads() throws Exception {
    String binary = prometheusBinary();
    int promPort = freePort();
    try (MetricsService service = MetricsService.start(dir.resolve("warehouse"), 0)) {
      service.work(2);
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
          scrape_configs:
            - job_name: floe
              static_configs:
                - targets: ['127.0.0.1:%d']
          """
              .formatted(service.port()));
      Process prometheus =
          new ProcessBuilder(
                  binary,
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("tsdb"),
                  "--web.listen-address=127.0.0.1:" + promPort,
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      try {
        String base = "http://127.0.0.1:" + promPort;
        // the target is up, and the table's rows after two batches are seen
        assertThat(awaitValue(base, "up{job=\"floe\"}", 1.0)).isEqualTo(1.0);
        assertThat(awaitValue(base, "floe_table_records{table=\"demo.events\"}", 2000.0))
            .isEqualTo(2000.0);
        // more work while Prometheus scrapes: the series follow
        service.work(3);
        assertThat(awaitValue(base, "floe_table_records{table=\"demo.events\"}", 5000.0))
            .isEqualTo(5000.0);
        assertThat(awaitValue(base, "sum(floe_commit_duration_seconds_count)", 5.0)).isEqualTo(5.0);
        assertThat(
                awaitValue(
                    base, "sum(floe_table_files{table=\"demo.events\",content=\"data\"})", 5.0))
            .isEqualTo(5.0);
        assertThat(query(base, "floe_scan_rows_total{table=\"demo.events\"}")).isPositive();
        // the dashboard's queries all name series Prometheus has
        List<String> metrics = dashboardMetrics();
        assertThat(metrics)
            .contains(
                "floe_table_records",
                "floe_table_freshness_seconds",
                "floe_scan_rows_total",
                "floe_commit_duration_seconds_count",
                "floe_cache_gets_total")
            .hasSizeGreaterThan(10);
        for (String metric : metrics) {
          assertThat(query(base, "count({__name__=~\"" + metric + "\"})"))
              .as("series of the dashboard's metric %s", metric)
              .isPositive();
        }
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly();
        }
      }
    }
  }

  /** The metric names the dashboard's queries use. */
  static List<String> dashboardMetrics() throws IOException {
    Path dashboard = Path.of("..", "docs", "grafana", "floe-dashboard.json");
    JsonNode root = JSON.readTree(dashboard.toFile());
    Pattern metric = Pattern.compile("\\b(floe_[a-z_]+)");
    return root.findValues("expr").stream()
        .flatMap(
            expr -> {
              Matcher m = metric.matcher(expr.asText());
              List<String> names = new java.util.ArrayList<>();
              while (m.find()) {
                names.add(m.group(1));
              }
              return names.stream();
            })
        .distinct()
        .sorted()
        .collect(Collectors.toList());
  }

  private static String prometheusBinary() throws Exception {
    Process p =
        new ProcessBuilder("bash", Path.of("scripts", "prometheus.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as("samples/scripts/prometheus.sh").isZero();
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Polls an instant query until its single value equals the expected one (or 60 s pass). */
  private static double awaitValue(String base, String promql, double expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    double last = Double.NaN;
    while (System.nanoTime() < deadline) {
      try {
        last = query(base, promql);
        if (last == expected) {
          return last;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    return last;
  }

  /** An instant query's single value; NaN when it has no result. */
  private static double query(String base, String promql) throws Exception {
    URI uri =
        URI.create(
            base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("status").asText()).as(r.body()).isEqualTo("success");
    JsonNode result = body.path("data").path("result");
    if (result.isEmpty()) {
      return Double.NaN;
    }
    return result.get(0).path("value").get(1).asDouble();
  }
}
