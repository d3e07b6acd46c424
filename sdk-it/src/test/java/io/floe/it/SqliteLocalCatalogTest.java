package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;

/** The catalog contract on Backends.sqlite(Backends.local()). */
class SqliteLocalCatalogTest extends CatalogContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (SqliteLocalCatalogTest.class) {
      if (config == null) {
        config = Backends.sqlite(Backends.local());
      }
      return config;
    }
  }
}
