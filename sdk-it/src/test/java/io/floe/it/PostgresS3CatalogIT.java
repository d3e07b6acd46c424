package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;

/** The catalog contract on Backends.postgres(Backends.s3()). */
class PostgresS3CatalogIT extends CatalogContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (PostgresS3CatalogIT.class) {
      if (config == null) {
        config = Backends.postgres(Backends.s3());
      }
      return config;
    }
  }
}
