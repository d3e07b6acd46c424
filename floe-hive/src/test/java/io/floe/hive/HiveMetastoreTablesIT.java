package io.floe.hive;

import io.floe.FloeConfig;
import io.floe.testkit.contract.TableContract;
import org.junit.jupiter.api.BeforeAll;

/**
 * The table contract on Iceberg's HiveCatalog against a real Hive Metastore: every type, row-level
 * changes, time travel, schema evolution, and 8 writers (a Floe each) committing to one table
 * through the metastore's locks.
 */
class HiveMetastoreTablesIT extends TableContract {
  private static FloeConfig config;

  @BeforeAll
  static void startMetastore() throws Exception {
    MetastoreProcess metastore = MetastoreProcess.shared();
    config =
        FloeHive.config(
            "hms", metastore.uri(), MetastoreProcess.warehouse("table-contract").toString());
  }

  @Override
  protected FloeConfig config() {
    return config;
  }
}
