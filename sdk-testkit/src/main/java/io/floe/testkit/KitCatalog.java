package io.floe.testkit;

import io.floe.impl.spi.ForwardingCatalog;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.catalog.Catalog;

/**
 * The Iceberg catalog behind {@link FloeTestKit#config()}: Iceberg instantiates it by name ({@code
 * catalog-impl}) and it attaches to the running kit named by the {@value #KIT_PROPERTY} property,
 * sharing the kit's catalog, files and faults. Not for direct use. Thread-safe once initialized.
 *
 * <pre>{@code
 * try (Floe floe = Floe.open(kit.config())) { ... }
 * }</pre>
 */
public final class KitCatalog extends ForwardingCatalog {
  /** The catalog property naming the kit to attach to. */
  public static final String KIT_PROPERTY = "floe.testkit.kit";

  private Catalog delegate;

  /** Creates an unattached catalog; Iceberg then calls {@link #initialize(String, Map)}. */
  public KitCatalog() {}

  /**
   * Attaches to the kit named by {@value #KIT_PROPERTY}.
   *
   * @param name the catalog name
   * @param properties the catalog properties
   * @throws IllegalArgumentException when the property is missing or the kit is closed
   */
  @Override
  public void initialize(String name, Map<String, String> properties) {
    this.delegate = FloeTestKit.running(properties.get(KIT_PROPERTY)).newCatalog();
  }

  /**
   * The kit's catalog this one forwards to.
   *
   * @return the kit's fault-injecting catalog (on the local backend, the whole stack {@code
   *     Floe.local} opens, with the kit's faults under its metadata cache)
   * @throws NullPointerException before {@link #initialize(String, Map)}
   */
  @Override
  protected Catalog delegate() {
    return Objects.requireNonNull(delegate, "KitCatalog was not initialized");
  }

  @Override
  public void close() {
    if (delegate instanceof java.io.Closeable closeable) {
      try {
        closeable.close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(
            "Failed to close the test kit's catalog " + delegate.name(), e);
      }
    }
  }
}
