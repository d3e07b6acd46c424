package io.floe.testkit;

import io.floe.impl.catalog.ForwardingCatalog;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.catalog.Catalog;

/**
 * The Iceberg catalog behind {@link FloeTestKit#config()}: Iceberg instantiates it by name
 * ({@code catalog-impl}) and it attaches to the running kit named by the {@value #KIT_PROPERTY}
 * property, sharing the kit's catalog, files and faults. Not for direct use. Thread-safe once
 * initialized.
 *
 * <pre>{@code
 * try (Floe floe = Floe.open(kit.config())) { ... }
 * }</pre>
 */
public final class KitCatalog extends ForwardingCatalog {
  /** The catalog property naming the kit to attach to. */
  public static final String KIT_PROPERTY = "floe.testkit.kit";

  private FaultyCatalog delegate;

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
    String id = properties.get(KIT_PROPERTY);
    FloeTestKit kit = id == null ? null : FloeTestKit.RUNNING.get(id);
    if (kit == null) {
      throw new IllegalArgumentException("No running test kit '" + id + "': get the configuration from "
          + "FloeTestKit.config() and use it while the kit is open");
    }
    this.delegate = kit.newCatalog();
  }

  /**
   * The kit's catalog this one forwards to.
   *
   * @return the kit's fault-injecting catalog
   * @throws NullPointerException before {@link #initialize(String, Map)}
   */
  @Override
  protected Catalog delegate() {
    return Objects.requireNonNull(delegate, "KitCatalog was not initialized");
  }

  @Override
  public void close() {
    if (delegate != null) {
      delegate.close();
    }
  }
}
