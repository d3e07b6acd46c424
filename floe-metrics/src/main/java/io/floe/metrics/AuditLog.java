package io.floe.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.floe.events.CommitEvent;
import io.floe.events.FloeListener;
import io.floe.events.MaintenanceEvent;
import io.floe.events.ScanEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit log of a Floe handle: one JSON line per commit attempt and maintenance operation (and,
 * when enabled, per scan), written at INFO to the SLF4J logger {@value #LOGGER} unless another sink
 * is given. Each line holds {@code time}, {@code event} ({@code commit}, {@code maintenance},
 * {@code scan}), {@code catalog}, {@code table}, {@code principal} (only when the handle has one,
 * {@link io.floe.FloeConfig#PRINCIPAL}), {@code operation}, the event's counts, {@code
 * duration_ms}, {@code outcome} and, for a failure, {@code failure}; {@code docs/observability.md}
 * lists every field. Thread-safe.
 *
 * <pre>{@code
 * AuditLog audit = AuditLog.builder().scans().build();
 * try (Floe floe = Floe.open(FloeConfig.local(warehouse).withListener(audit))) { ... }
 * }</pre>
 */
public final class AuditLog implements FloeListener {
  /** The name of the SLF4J logger the lines go to by default. */
  public static final String LOGGER = "io.floe.audit";

  private static final JsonFactory JSON = new JsonFactory();

  private final boolean scans;
  private final Consumer<String> sink;

  private AuditLog(Builder b) {
    this.scans = b.scans;
    this.sink = b.sink != null ? b.sink : slf4j();
  }

  private static Consumer<String> slf4j() {
    Logger log = LoggerFactory.getLogger(LOGGER);
    return line -> log.info("{}", line);
  }

  /**
   * An audit log of commits and maintenance to the SLF4J logger {@value #LOGGER}.
   *
   * @return the listener to register on a Floe handle
   */
  public static AuditLog create() {
    return builder().build();
  }

  /**
   * Starts an audit log.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes a commit attempt's line.
   *
   * @param e the commit attempt
   */
  @Override
  public void onCommit(CommitEvent e) {
    sink.accept(
        line(
            g -> {
              head(g, e.time(), "commit", e.catalog(), e.table(), e.principal(), e.operation());
              g.writeNumberField("snapshot_before", e.snapshotBefore());
              g.writeNumberField("snapshot_after", e.snapshotAfter());
              g.writeNumberField("attempt", e.attempt());
              g.writeNumberField("added_rows", e.addedRows());
              g.writeNumberField("removed_rows", e.removedRows());
              g.writeNumberField("added_files", e.addedFiles());
              g.writeNumberField("removed_files", e.removedFiles());
              g.writeNumberField("added_bytes", e.addedBytes());
              tail(g, e.duration().toNanos(), e.outcome().tag(), e.failure());
            }));
  }

  /**
   * Writes a maintenance operation's line.
   *
   * @param e the operation
   */
  @Override
  public void onMaintenance(MaintenanceEvent e) {
    sink.accept(
        line(
            g -> {
              head(
                  g, e.time(), "maintenance", e.catalog(), e.table(), e.principal(), e.operation());
              g.writeNumberField("rewritten_files", e.filesRewritten());
              g.writeNumberField("added_files", e.filesAdded());
              g.writeNumberField("removed_files", e.filesRemoved());
              g.writeNumberField("bytes", e.bytes());
              tail(g, e.duration().toNanos(), e.outcome().tag(), e.failure());
            }));
  }

  /**
   * Writes a scan's line when scans are audited ({@link Builder#scans()}).
   *
   * @param e the scan
   */
  @Override
  public void onScan(ScanEvent e) {
    if (!scans) {
      return;
    }
    sink.accept(
        line(
            g -> {
              head(g, e.time(), "scan", e.catalog(), e.table(), e.principal(), "scan");
              g.writeNumberField("snapshot", e.snapshotId());
              g.writeStringField("filter", e.filter());
              g.writeArrayFieldStart("columns");
              for (String column : e.columns()) {
                g.writeString(column);
              }
              g.writeEndArray();
              g.writeNumberField("rows", e.rows());
              g.writeNumberField("files_read", e.filesRead());
              g.writeNumberField("files_pruned", e.filesPruned());
              g.writeNumberField("bytes", e.bytes());
              tail(g, e.duration().toNanos(), e.outcome().tag(), e.failure());
            }));
  }

  /**
   * Writes the line of an operation an access policy denied ({@code floe-security}); always
   * written.
   *
   * @param e the denial
   */
  @Override
  public void onAccessDenied(io.floe.events.AccessDeniedEvent e) {
    sink.accept(
        line(
            g -> {
              g.writeStringField("time", e.time().toString());
              g.writeStringField("event", "access-denied");
              g.writeStringField("table", e.table());
              g.writeStringField("principal", e.principal());
              g.writeStringField("operation", e.privilege());
              if (!e.column().isEmpty()) {
                g.writeStringField("column", e.column());
              }
              g.writeStringField("outcome", "denied");
              g.writeStringField("message", e.message());
            }));
  }

  private static void head(
      JsonGenerator g,
      Instant time,
      String event,
      String catalog,
      String table,
      String principal,
      String operation)
      throws IOException {
    g.writeStringField("time", time.toString());
    g.writeStringField("event", event);
    g.writeStringField("catalog", catalog);
    g.writeStringField("table", table);
    if (!principal.isEmpty()) {
      g.writeStringField("principal", principal);
    }
    g.writeStringField("operation", operation);
  }

  private static void tail(JsonGenerator g, long nanos, String outcome, String failure)
      throws IOException {
    g.writeNumberField("duration_ms", nanos / 1_000_000.0);
    g.writeStringField("outcome", outcome);
    if (!failure.isEmpty()) {
      g.writeStringField("failure", failure);
    }
  }

  /** Writes fields of one JSON object. */
  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static String line(Fields fields) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** Builds an {@link AuditLog}; mutable and not thread-safe. */
  public static final class Builder {
    private boolean scans;
    private Consumer<String> sink;

    private Builder() {}

    /**
     * Also writes a line per scan (off by default: scans are many).
     *
     * @return this builder
     */
    public Builder scans() {
      this.scans = true;
      return this;
    }

    /**
     * Sends the lines to a sink instead of the SLF4J logger {@value AuditLog#LOGGER}; the sink is
     * called from the threads that commit and scan, so it must be thread-safe.
     *
     * @param lines receives each JSON line, without a line break
     * @return this builder
     */
    public Builder sink(Consumer<String> lines) {
      this.sink = Objects.requireNonNull(lines, "lines");
      return this;
    }

    /**
     * Builds the audit log.
     *
     * @return the listener to register on a Floe handle
     */
    public AuditLog build() {
      return new AuditLog(this);
    }
  }
}
