package io.floe.security.internal;

import io.floe.AccessDeniedException;
import io.floe.Floe;
import io.floe.Principal;
import io.floe.events.AccessDeniedEvent;
import io.floe.impl.spi.Events;
import io.floe.security.Policy;
import io.floe.security.Privilege;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One protected handle's policy (reloaded by its supplier) and its denials: builds the exception
 * and fires the audit event to the handle's listeners. Thread-safe.
 */
public final class Guard {
  private final Floe floe;
  private final Supplier<Policy> policy;

  /**
   * Creates the guard.
   *
   * @param floe the unprotected handle (its listeners receive denials)
   * @param policy the current policy, reloaded as the supplier sees fit
   */
  public Guard(Floe floe, Supplier<Policy> policy) {
    this.floe = floe;
    this.policy = policy;
  }

  Policy policy() {
    return policy.get();
  }

  /**
   * A principal's access to a table under the current policy.
   *
   * @param principal who, or null for nobody
   * @param table the table's full name
   * @return the access
   */
  Access access(Principal principal, String table) {
    return Access.of(policy(), principal, table);
  }

  /** Denies, firing the audit event; returns the exception to throw. */
  AccessDeniedException deny(
      Principal principal, String privilege, String table, String column, String why) {
    String who = principal == null ? "(no principal)" : principal.name();
    String message =
        "Access denied: principal "
            + who
            + (principal == null ? " (call floe.as(principal) first)" : "")
            + " "
            + why;
    AccessDeniedException e = new AccessDeniedException(message, who, privilege, table, column);
    Events.handle(floe)
        .ifPresent(
            h ->
                h.denied(
                    new AccessDeniedEvent(
                        Instant.now(),
                        who,
                        table == null ? "" : table,
                        column == null ? "" : column,
                        privilege,
                        message)));
    return e;
  }

  /** Checks a privilege on a table or namespace, else denies. */
  void require(Principal principal, String target, Privilege privilege) {
    if (principal == null || !access(principal, target).has(privilege)) {
      throw deny(
          principal,
          privilege.name().toLowerCase(java.util.Locale.ROOT),
          target,
          null,
          "has no "
              + privilege.name().toLowerCase(java.util.Locale.ROOT)
              + " grant on "
              + target
              + "; grant it in the policy (grants: on the table or its namespace)");
    }
  }
}
