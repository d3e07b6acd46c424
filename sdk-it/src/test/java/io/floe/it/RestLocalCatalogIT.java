package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;

/** The catalog contract on Backends.rest(Backends.local()). */
class RestLocalCatalogIT extends CatalogContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (RestLocalCatalogIT.class) {
      if (config == null) {
        config = Backends.rest(Backends.local());
      }
      return config;
    }
  }
}
