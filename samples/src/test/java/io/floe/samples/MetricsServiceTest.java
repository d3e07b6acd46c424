package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics sample serves Floe's meters in Prometheus's format over real HTTP. */
class MetricsServiceTest {
  @TempDir Path dir;

  @Test
  void servesFloesMetersAfterWritesAndReads() throws Exception {
    try (MetricsService service = MetricsService.start(dir, 0)) {
      assertThat(service.work(3)).isEqualTo(1000);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + service.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      String body = response.body();
      assertThat(body)
          .contains(
              "floe_commit_duration_seconds_count{catalog=\"local\",operation=\"append\","
                  + "outcome=\"success\",table=\"demo.events\"} 3")
          .contains(
              "floe_commit_rows_total{catalog=\"local\",change=\"added\",operation=\"append\","
                  + "table=\"demo.events\"} 3000")
          .contains(
              "floe_scan_duration_seconds_count{catalog=\"local\",outcome=\"success\","
                  + "table=\"demo.events\"} 3")
          .contains("floe_scan_rows_total{catalog=\"local\",table=\"demo.events\"} 3000")
          .contains(
              "floe_table_files{catalog=\"local\",content=\"data\",table=\"demo.events\"} 3.0")
          .contains("floe_table_records{catalog=\"local\",table=\"demo.events\"} 3000.0")
          .contains("floe_cache_gets_total{cache=\"table\",catalog=\"local\",result=\"hit\"}");
    }
  }
}
