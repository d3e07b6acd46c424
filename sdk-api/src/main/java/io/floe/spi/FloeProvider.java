package io.floe.spi;

import io.floe.Floe;
import io.floe.FloeConfig;
import java.util.List;

/**
 * Service interface through which {@link Floe#open(FloeConfig)} finds its implementation with
 * {@link java.util.ServiceLoader}. Users do not call it; implementations must be thread-safe.
 */
public interface FloeProvider {

  /**
   * Opens a catalog.
   *
   * @param config the configuration
   * @return an open Floe
   */
  Floe open(FloeConfig config);

  /**
   * Opens several catalogs in one Floe, addressed as {@code catalog.namespace.table}.
   *
   * @param configs the catalogs, the first being the default
   * @return an open Floe
   * @throws UnsupportedOperationException when the implementation supports one catalog only
   */
  default Floe open(List<FloeConfig> configs) {
    if (configs.size() == 1) {
      return open(configs.get(0));
    }
    throw new UnsupportedOperationException(getClass().getName() + " opens one catalog at a time");
  }
}
