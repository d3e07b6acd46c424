package io.floe.impl;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.impl.catalog.Catalogs;
import io.floe.impl.spi.Errors;
import io.floe.spi.FloeProvider;
import java.util.function.UnaryOperator;
import org.apache.iceberg.catalog.Catalog;

/** Opens {@link FloeImpl}s; found by {@link java.util.ServiceLoader}. */
public final class FloeProviderImpl implements FloeProvider {

  /** Creates the provider (called by the service loader). */
  public FloeProviderImpl() {}

  @Override
  public Floe open(FloeConfig config) {
    return open(config, UnaryOperator.identity());
  }

  /**
   * Opens a Floe as {@link #open(FloeConfig)} does, with a wrapper below the metadata cache.
   *
   * @param config the configuration
   * @param below wraps the initialized catalog before the metadata cache wraps it
   * @return a Floe
   */
  public static Floe open(FloeConfig config, UnaryOperator<Catalog> below) {
    return new FloeImpl(
        config.name(),
        Errors.translateFor(config.name(), () -> Catalogs.open(config, below)),
        config.properties(),
        io.floe.impl.spi.Events.handle(config).orElse(null));
  }

  @Override
  public Floe open(java.util.List<FloeConfig> configs) {
    return configs.size() == 1
        ? open(configs.get(0))
        : io.floe.impl.catalog.MultiCatalogFloe.open(this, configs);
  }
}
