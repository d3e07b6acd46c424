package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;

/** The catalog contract on Backends.inMemory(). */
class InMemoryCatalogTest extends CatalogContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (InMemoryCatalogTest.class) {
      if (config == null) {
        config = Backends.inMemory();
      }
      return config;
    }
  }

  @Override
  protected boolean sharesCatalog() {
    return false;
  }
}
