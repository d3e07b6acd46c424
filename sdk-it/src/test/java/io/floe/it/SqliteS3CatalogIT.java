package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;

/** The catalog contract on Backends.sqlite(Backends.s3()). */
class SqliteS3CatalogIT extends CatalogContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (SqliteS3CatalogIT.class) {
      if (config == null) {
        config = Backends.sqlite(Backends.s3());
      }
      return config;
    }
  }
}
