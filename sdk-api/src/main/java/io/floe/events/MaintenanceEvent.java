package io.floe.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A maintenance operation that ended ({@link io.floe.Maintenance}). Immutable and thread-safe.
 *
 * <pre>{@code
 * public void onMaintenance(MaintenanceEvent m) {
 *   System.out.println(m.operation() + " on " + m.table() + ": " + m.filesRewritten() + " files rewritten");
 * }
 * }</pre>
 *
 * @param time when the operation ended
 * @param catalog the name of the catalog the handle opened
 * @param table the table's full name, as the user addressed it
 * @param principal the principal configured on the handle ({@link io.floe.FloeConfig#PRINCIPAL}),
 *     the empty string when none is
 * @param operation {@code rewrite-data-files}, {@code rewrite-position-deletes}, {@code
 *     rewrite-manifests}, {@code expire-snapshots} or {@code remove-orphan-files}
 * @param filesRewritten the files (data, delete or manifest) replaced by rewritten ones
 * @param filesAdded the files the operation wrote
 * @param filesRemoved the files deleted from storage (expiry, orphan removal)
 * @param bytes the bytes rewritten or deleted
 * @param duration the time taken
 * @param outcome {@link Outcome#SUCCESS}, or how the operation failed
 * @param failure the class name of the exception a failed operation threw, else the empty string
 */
public record MaintenanceEvent(
    Instant time,
    String catalog,
    String table,
    String principal,
    String operation,
    long filesRewritten,
    long filesAdded,
    long filesRemoved,
    long bytes,
    Duration duration,
    Outcome outcome,
    String failure) {

  /**
   * Checks the values.
   *
   * @param time when the operation ended
   * @param catalog the catalog name
   * @param table the table's full name
   * @param principal the configured principal, or the empty string
   * @param operation the operation
   * @param filesRewritten the files replaced
   * @param filesAdded the files written
   * @param filesRemoved the files deleted
   * @param bytes the bytes rewritten or deleted
   * @param duration the time taken
   * @param outcome how it ended
   * @param failure the exception's class name, or the empty string
   * @throws NullPointerException when an object argument is null
   */
  public MaintenanceEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(failure, "failure");
  }
}
