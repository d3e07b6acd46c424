package io.floe;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is asking: a user name and the roles (or groups) the user holds. Floe's access policies grant
 * privileges and apply masks and row filters by user and by role ({@link Floe#as(Principal)}).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Floe alice = floe.as(Principal.of("alice", "analyst", "eu"));
 * }</pre>
 */
public final class Principal {
  private final String name;
  private final Set<String> roles;

  private Principal(String name, Set<String> roles) {
    this.name = name;
    this.roles = roles;
  }

  /**
   * A principal with a name and roles.
   *
   * @param name the user's name, not blank
   * @param roles the roles or groups the user holds
   * @return the principal
   * @throws IllegalArgumentException when the name or a role is blank
   */
  public static Principal of(String name, String... roles) {
    Objects.requireNonNull(roles, "roles");
    return of(name, java.util.Arrays.asList(roles));
  }

  /**
   * A principal with a name and roles.
   *
   * @param name the user's name, not blank
   * @param roles the roles or groups the user holds
   * @return the principal
   * @throws IllegalArgumentException when the name or a role is blank
   */
  public static Principal of(String name, java.util.Collection<String> roles) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(roles, "roles");
    if (name.isBlank()) {
      throw new IllegalArgumentException("A principal's name must not be blank");
    }
    Set<String> copy = new TreeSet<>();
    for (String role : roles) {
      Objects.requireNonNull(role, "role");
      if (role.isBlank()) {
        throw new IllegalArgumentException("A role of principal " + name + " is blank");
      }
      copy.add(role);
    }
    return new Principal(name, Collections.unmodifiableSet(copy));
  }

  /**
   * The user's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The roles or groups the user holds, sorted.
   *
   * @return the roles, possibly empty
   */
  public Set<String> roles() {
    return roles;
  }

  /**
   * Whether the principal holds a role.
   *
   * @param role the role
   * @return true when it does
   */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Principal p && p.name.equals(name) && p.roles.equals(roles);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + roles.hashCode();
  }

  @Override
  public String toString() {
    return roles.isEmpty() ? name : name + " " + roles;
  }
}
