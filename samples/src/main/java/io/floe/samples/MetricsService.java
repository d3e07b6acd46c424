package io.floe.samples;

import com.sun.net.httpserver.HttpServer;
import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.metrics.AuditLog;
import io.floe.metrics.FloeMetrics;
import io.floe.metrics.TableMonitor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * A service that embeds Floe and exposes its meters at {@code /metrics} in Prometheus's text format
 * ({@code floe-metrics} with {@code micrometer-registry-prometheus}), with Floe's audit log on the
 * SLF4J logger {@code io.floe.audit} and a {@code TableMonitor} of its table (gauges {@code
 * floe_table_*}, alerts printed). It appends and reads a few batches, then serves until stopped
 * ({@link #close()}).
 *
 * <p>Arguments: {@code warehouse port batches}; port 0 picks a free one. Defaults: {@code
 * target/metrics-service 9464 5}. Listens on 127.0.0.1 only.
 */
public final class MetricsService implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final Floe floe;
  private final HttpServer server;
  private TableMonitor monitor;

  private MetricsService(Path warehouse, int port) throws IOException {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FloeMetrics metrics = FloeMetrics.builder(registry).maxTables(20).build();
    FloeConfig config =
        FloeConfig.builder("local")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", warehouse.toAbsolutePath().toString())
            .property(FloeConfig.PRINCIPAL, "metrics-sample")
            .listener(metrics)
            .listener(AuditLog.create())
            .build();
    floe = Floe.open(config);
    metrics.bindCache(floe);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /**
   * Starts the service.
   *
   * @param warehouse the warehouse folder
   * @param port the port on 127.0.0.1, 0 for a free one
   * @return the running service
   * @throws IOException when the port cannot be bound
   */
  public static MetricsService start(Path warehouse, int port) throws IOException {
    return new MetricsService(warehouse, port);
  }

  /**
   * The port {@code /metrics} is served on.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Appends batches of rows to {@code demo.events} and reads some of them back.
   *
   * @param batches how many batches
   * @return the rows the last read returned
   */
  public long work(int batches) {
    FloeTable events =
        floe.tableExists("demo.events")
            ? floe.loadTable("demo.events")
            : floe.createTable("demo.events")
                .column("id", Types.LongType.get())
                .column("category", Types.StringType.get())
                .create();
    if (monitor == null) {
      // the table's health as gauges (floe_table_*), alerts on the log; refreshed every 30 s
      monitor =
          TableMonitor.builder(floe)
              .watch("demo.events")
              .every(Duration.ofSeconds(30))
              .registry(registry)
              .listener(alert -> System.out.println("alert: " + alert.message()))
              .start();
    }
    long read = 0;
    for (int b = 0; b < batches; b++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long i = 0; i < 1000; i++) {
        rows.add(Map.of("id", b * 1000L + i, "category", i % 2 == 0 ? "books" : "games"));
      }
      events.newAppend().rows(rows).commit();
      read =
          events
              .newScan()
              .where(Expressions.greaterThanOrEqual("id", b * 1000L))
              .rows()
              .toList()
              .size();
    }
    monitor.refresh();
    return read;
  }

  /** Stops the server and closes Floe. */
  @Override
  public void close() {
    server.stop(0);
    if (monitor != null) {
      monitor.close();
    }
    floe.close();
    registry.close();
  }

  /**
   * Runs the service until the process is stopped.
   *
   * @param args {@code warehouse port batches}
   * @throws IOException when the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    Path warehouse = Path.of(args.length > 0 ? args[0] : "target/metrics-service");
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 9464;
    int batches = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    MetricsService service = start(warehouse, port);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    service.work(batches);
    System.out.println("Floe metrics at http://127.0.0.1:" + service.port() + "/metrics");
  }
}
