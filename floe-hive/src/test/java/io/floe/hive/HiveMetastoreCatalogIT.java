package io.floe.hive;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;
import org.junit.jupiter.api.BeforeAll;

/**
 * The catalog contract on Iceberg's HiveCatalog against a real Hive Metastore 2.3 (embedded Derby)
 * in a separate process on 127.0.0.1; commits lock through the metastore's lock API.
 */
class HiveMetastoreCatalogIT extends CatalogContract {
  private static FloeConfig config;

  @BeforeAll
  static void startMetastore() throws Exception {
    MetastoreProcess metastore = MetastoreProcess.shared();
    config =
        FloeHive.config(
            "hms", metastore.uri(), MetastoreProcess.warehouse("catalog-contract").toString());
  }

  @Override
  protected FloeConfig config() {
    return config;
  }
}
