package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;

/** The catalog contract on Backends.rest(Backends.s3()). */
class RestS3CatalogIT extends CatalogContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (RestS3CatalogIT.class) {
      if (config == null) {
        config = Backends.rest(Backends.s3());
      }
      return config;
    }
  }
}
