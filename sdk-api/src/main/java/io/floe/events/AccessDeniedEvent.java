package io.floe.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An operation that a handle's access policies denied ({@link io.floe.AccessDeniedException}), for
 * the audit log. Immutable and thread-safe.
 *
 * <pre>{@code
 * public void onAccessDenied(AccessDeniedEvent denied) {
 *   audit.warn(denied.principal() + " denied " + denied.privilege() + " on " + denied.table());
 * }
 * }</pre>
 *
 * @param time when the operation was denied
 * @param principal the principal's name
 * @param table the table's full name (or namespace)
 * @param column the column that caused the denial, or the empty string
 * @param privilege the privilege missing or the kind of denial ({@link
 *     io.floe.AccessDeniedException#privilege()})
 * @param message the exception's message
 */
public record AccessDeniedEvent(
    Instant time, String principal, String table, String column, String privilege, String message) {

  /**
   * Checks the values.
   *
   * @param time when
   * @param principal the principal
   * @param table the table
   * @param column the column or the empty string
   * @param privilege the privilege
   * @param message the message
   * @throws NullPointerException when an argument is null
   */
  public AccessDeniedEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(privilege, "privilege");
    Objects.requireNonNull(message, "message");
  }
}
