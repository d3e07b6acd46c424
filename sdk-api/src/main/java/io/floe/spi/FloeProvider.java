package io.floe.spi;

import io.floe.Floe;
import io.floe.FloeConfig;

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
}
