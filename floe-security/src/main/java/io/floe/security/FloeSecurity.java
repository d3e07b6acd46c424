package io.floe.security;

import io.floe.Floe;
import io.floe.Principal;
import io.floe.impl.spi.Internals;
import io.floe.security.internal.Guard;
import io.floe.security.internal.SecureFloe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects a Floe handle with an access {@link Policy}: {@link #as(Principal)} gives a view of the
 * same handle (catalog, caches, listeners) whose every operation is checked for that principal —
 * grants on tables and namespaces; denied columns, masks and row filters on every read path (row
 * scans, Arrow scans, read tasks, incremental and changelog scans, metadata tables). Denials throw
 * {@link io.floe.AccessDeniedException} and reach the handle's listeners ({@link
 * io.floe.events.FloeListener#onAccessDenied}). A policy file is re-read when it changes (checked
 * at most once per {@link Builder#reloadInterval}); a file that no longer validates is logged and
 * the last good policy stays in force. Thread-safe.
 *
 * <pre>{@code
 * FloeSecurity security = FloeSecurity.builder(Floe.local(warehouse)).policyFile(policyYaml).build();
 * Floe alice = security.as(Principal.of("alice", "analyst"));
 * try (RowStream rows = alice.loadTable("sales.orders").newScan().rows()) { ... }
 * }</pre>
 */
public final class FloeSecurity implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FloeSecurity.class);

  private final Floe floe;
  private final Path file;
  private final long intervalNanos;
  private final SecureFloe handle;
  private volatile Policy policy;
  private volatile long checkedAt;
  private volatile long modified;

  private FloeSecurity(Builder b) {
    this.floe = b.floe;
    this.file = b.file;
    this.intervalNanos = b.interval.toNanos();
    if (file != null) {
      this.modified = lastModified(file);
      this.policy = Policy.load(file);
    } else {
      this.policy = b.policy;
    }
    this.checkedAt = System.nanoTime();
    Principal principal = b.principal;
    if (principal == null) {
      // the handle's configured principal (floe.principal), as events and the audit log name it
      principal = Internals.configuredPrincipal(floe).map(Principal::of).orElse(null);
    }
    this.handle = new SecureFloe(floe, new Guard(floe, this::current), principal, true);
  }

  /**
   * Protects a handle with a policy; the handle acts for its configured principal ({@link
   * io.floe.FloeConfig#PRINCIPAL}) or, when none, for nobody until {@link Floe#as} names one.
   *
   * @param floe the handle; closing the protected handle closes it
   * @param policy the policy
   * @return the protected handle
   */
  public static Floe protect(Floe floe, Policy policy) {
    return builder(floe).policy(policy).build().floe();
  }

  /**
   * Starts protecting a handle.
   *
   * @param floe the handle
   * @return a builder
   */
  public static Builder builder(Floe floe) {
    return new Builder(Objects.requireNonNull(floe, "floe"));
  }

  /**
   * The protected handle, acting for the default principal (or nobody).
   *
   * @return the handle; closing it closes the unprotected one
   */
  public Floe floe() {
    return handle;
  }

  /**
   * A view for a principal.
   *
   * @param principal who
   * @return the view (closing it closes nothing)
   */
  public Floe as(Principal principal) {
    return handle.as(principal);
  }

  /**
   * The policy in force.
   *
   * @return the policy
   */
  public Policy policy() {
    return current();
  }

  /**
   * Re-reads the policy file now.
   *
   * @return the new policy
   * @throws PolicyException when the file does not validate (the last good policy stays in force)
   * @throws IllegalStateException when the policy was not loaded from a file
   */
  public synchronized Policy reload() {
    if (file == null) {
      throw new IllegalStateException("The policy was not loaded from a file");
    }
    long m = lastModified(file);
    Policy loaded = Policy.load(file);
    policy = loaded;
    modified = m;
    checkedAt = System.nanoTime();
    return loaded;
  }

  private Policy current() {
    if (file != null && System.nanoTime() - checkedAt >= intervalNanos) {
      synchronized (this) {
        if (System.nanoTime() - checkedAt >= intervalNanos) {
          checkedAt = System.nanoTime();
          long m = lastModified(file);
          if (m != modified) {
            try {
              policy = Policy.load(file);
              modified = m;
              LOG.info("Reloaded the access policy {}", file);
            } catch (RuntimeException e) {
              LOG.error(
                  "The access policy {} was not reloaded; the last good one stays: {}",
                  file,
                  e.getMessage());
              modified = m; // do not retry until it changes again
            }
          }
        }
      }
    }
    return policy;
  }

  private static long lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis() ^ Files.size(file) << 20;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** Closes the protected handle (and the unprotected one). */
  @Override
  public void close() {
    handle.close();
  }

  /** Configures a {@link FloeSecurity}. Not thread-safe. */
  public static final class Builder {
    private final Floe floe;
    private Policy policy;
    private Path file;
    private Principal principal;
    private Duration interval = Duration.ofSeconds(5);

    private Builder(Floe floe) {
      this.floe = floe;
    }

    /**
     * Uses a policy built in code.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder policy(Policy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      this.file = null;
      return this;
    }

    /**
     * Uses a YAML policy file, re-read when it changes.
     *
     * @param value the file
     * @return this builder
     */
    public Builder policyFile(Path value) {
      this.file = Objects.requireNonNull(value, "policyFile");
      this.policy = null;
      return this;
    }

    /**
     * How often to check the policy file for changes (default 5 seconds; zero checks on every
     * operation).
     *
     * @param value the interval, not negative
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder reloadInterval(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("The reload interval must not be negative: " + value);
      }
      this.interval = value;
      return this;
    }

    /**
     * The principal the protected handle acts for (default: the configured {@code floe.principal},
     * without roles, else nobody).
     *
     * @param value the principal
     * @return this builder
     */
    public Builder defaultPrincipal(Principal value) {
      this.principal = Objects.requireNonNull(value, "principal");
      return this;
    }

    /**
     * Loads the policy and protects the handle.
     *
     * @return the protection
     * @throws PolicyException when the policy file does not validate
     * @throws IllegalStateException when neither a policy nor a file was given
     */
    public FloeSecurity build() {
      if (policy == null && file == null) {
        throw new IllegalStateException("Give a policy or a policy file");
      }
      return new FloeSecurity(this);
    }
  }
}
