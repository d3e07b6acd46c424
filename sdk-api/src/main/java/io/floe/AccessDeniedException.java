package io.floe;

import java.util.Optional;

/**
 * An operation the principal of a handle is not allowed: a missing grant on a table or namespace, a
 * denied column in a projection or filter, a filter on a masked column, a metadata table that would
 * expose denied values. The message names the principal, the table, the column (when one is the
 * cause) and the privilege needed; nothing was read or changed. Every denial is also sent to the
 * handle's listeners ({@link io.floe.events.FloeListener#onAccessDenied}).
 *
 * <pre>{@code
 * try {
 *   floe.as(bob).loadTable("hr.salaries").newScan().rows();
 * } catch (AccessDeniedException e) {
 *   log.warn("{} may not {} {}", e.principal(), e.privilege(), e.table().orElse("?"));
 * }
 * }</pre>
 */
public class AccessDeniedException extends FloeException {
  private static final long serialVersionUID = 1L;

  /** The principal's name. */
  private final String principal;

  /** The privilege missing or the kind of denial. */
  private final String privilege;

  /**
   * Creates the exception.
   *
   * @param message what was denied, why, and what grant would allow it
   * @param principal the principal's name
   * @param privilege the privilege needed ({@code read}, {@code write}, {@code maintain}, {@code
   *     admin}) or the kind of denial ({@code column}, {@code filter}, {@code metadata})
   * @param table the table's full name (or the namespace), or null
   * @param column the column, or null
   */
  public AccessDeniedException(
      String message, String principal, String privilege, String table, String column) {
    super(message, table, column, null, null);
    this.principal = principal;
    this.privilege = privilege;
  }

  /**
   * The name of the principal that was denied.
   *
   * @return the name
   */
  public String principal() {
    return principal;
  }

  /**
   * The privilege that was missing, or the kind of denial.
   *
   * @return {@code read}, {@code write}, {@code maintain}, {@code admin}, {@code column}, {@code
   *     filter} or {@code metadata}
   */
  public String privilege() {
    return privilege;
  }

  /**
   * The column that caused the denial.
   *
   * @return the column, empty when the denial is for the whole table or namespace
   */
  @Override
  public Optional<String> column() {
    return super.column();
  }
}
