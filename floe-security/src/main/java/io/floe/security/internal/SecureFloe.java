package io.floe.security.internal;

import io.floe.CacheStats;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Principal;
import io.floe.TableCreator;
import io.floe.security.Privilege;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Floe handle for one principal (or for none: then every checked operation is denied until {@link
 * #as} names one). Shares the unprotected handle's catalog, caches and listeners; closing a view
 * made by {@link #as} does not close it.
 */
public final class SecureFloe implements Floe {
  private final Floe inner;
  private final Guard guard;
  private final Principal principal;
  private final boolean owner;

  /**
   * Creates the handle.
   *
   * @param inner the unprotected handle
   * @param guard the policy
   * @param principal who, or null for nobody yet
   * @param owner whether closing this handle closes the unprotected one
   */
  public SecureFloe(Floe inner, Guard guard, Principal principal, boolean owner) {
    this.inner = inner;
    this.guard = guard;
    this.principal = principal;
    this.owner = owner;
  }

  /**
   * The principal this handle acts for.
   *
   * @return the principal, empty for nobody
   */
  public Optional<Principal> principal() {
    return Optional.ofNullable(principal);
  }

  @Override
  public Floe as(Principal who) {
    return new SecureFloe(inner, guard, Objects.requireNonNull(who, "principal"), false);
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void createNamespace(String namespace) {
    guard.require(principal, namespace, Privilege.ADMIN);
    inner.createNamespace(namespace);
  }

  @Override
  public void createNamespace(String namespace, Map<String, String> properties) {
    guard.require(principal, namespace, Privilege.ADMIN);
    inner.createNamespace(namespace, properties);
  }

  @Override
  public Map<String, String> namespaceProperties(String namespace) {
    return inner.namespaceProperties(namespace);
  }

  @Override
  public void updateNamespaceProperties(
      String namespace, Map<String, String> updates, java.util.Set<String> removals) {
    guard.require(principal, namespace, Privilege.ADMIN);
    inner.updateNamespaceProperties(namespace, updates, removals);
  }

  @Override
  public boolean namespaceExists(String namespace) {
    return inner.namespaceExists(namespace);
  }

  @Override
  public List<String> namespaces() {
    return inner.namespaces();
  }

  @Override
  public List<String> namespaces(String parent) {
    return inner.namespaces(parent);
  }

  @Override
  public boolean dropNamespace(String namespace) {
    guard.require(principal, namespace, Privilege.ADMIN);
    return inner.dropNamespace(namespace);
  }

  @Override
  public FloeTable registerTable(String name, String metadataLocation) {
    guard.require(principal, name, Privilege.ADMIN);
    return new SecureTable(guard, principal, inner.registerTable(name, metadataLocation));
  }

  @Override
  public io.floe.maintenance.RestoreTable restoreTable(String name, String backupLocation) {
    // registers a table: the privilege registerTable needs
    guard.require(principal, name, Privilege.ADMIN);
    return inner.restoreTable(name, backupLocation);
  }

  @Override
  public TableCreator createTable(String name) {
    guard.require(principal, name, Privilege.ADMIN);
    return creator(inner.createTable(name));
  }

  /** Forwards every call of the creator; the table it creates comes back protected. */
  private TableCreator creator(TableCreator delegate) {
    return (TableCreator)
        Proxy.newProxyInstance(
            TableCreator.class.getClassLoader(),
            new Class<?>[] {TableCreator.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result == delegate) {
                return proxy;
              } else if (result instanceof FloeTable table) {
                return new SecureTable(guard, principal, table);
              }
              return result;
            });
  }

  @Override
  public FloeTable loadTable(String name) {
    requireAny(name);
    return new SecureTable(guard, principal, inner.loadTable(name));
  }

  @Override
  public Optional<FloeTable> findTable(String name) {
    requireAny(name);
    return inner.findTable(name).map(t -> new SecureTable(guard, principal, t));
  }

  private void requireAny(String name) {
    if (principal == null || !guard.access(principal, name).any()) {
      throw guard.deny(
          principal,
          "read",
          name,
          null,
          "has no grant on table " + name + "; grant read (or more) in the policy");
    }
  }

  @Override
  public boolean tableExists(String name) {
    return inner.tableExists(name);
  }

  /** The tables of the namespace the principal holds a grant on. */
  @Override
  public List<String> listTables(String namespace) {
    List<String> visible = new ArrayList<>();
    for (String table : inner.listTables(namespace)) {
      if (principal != null && guard.access(principal, table).any()) {
        visible.add(table);
      }
    }
    return visible;
  }

  @Override
  public void renameTable(String from, String to) {
    guard.require(principal, from, Privilege.ADMIN);
    guard.require(principal, to, Privilege.ADMIN);
    inner.renameTable(from, to);
  }

  @Override
  public boolean dropTable(String name) {
    guard.require(principal, name, Privilege.ADMIN);
    return inner.dropTable(name);
  }

  @Override
  public boolean purgeTable(String name) {
    guard.require(principal, name, Privilege.ADMIN);
    return inner.purgeTable(name);
  }

  @Override
  public List<String> catalogs() {
    return inner.catalogs();
  }

  @Override
  public CacheStats cacheStats() {
    return inner.cacheStats();
  }

  @Override
  public void close() {
    if (owner) {
      inner.close();
    }
  }

  @Override
  public String toString() {
    return "Floe{" + inner.name() + " as " + (principal == null ? "nobody" : principal) + "}";
  }
}
