package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;

/** The catalog contract on Backends.postgres(Backends.local()). */
class PostgresLocalCatalogIT extends CatalogContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (PostgresLocalCatalogIT.class) {
      if (config == null) {
        config = Backends.postgres(Backends.local());
      }
      return config;
    }
  }
}
