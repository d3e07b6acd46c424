package io.floe.hive;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The catalog contract on Iceberg's HiveCatalog against a real Hive Metastore 2.3 (embedded Derby)
 * in a separate process on 127.0.0.1; commits lock through the metastore's lock API.
 */
class HiveMetastoreCatalogIT extends CatalogContract {
  private static MetastoreProcess metastore;
  private static FloeConfig config;

  @BeforeAll
  static void startMetastore() throws Exception {
    Path dir = Files.createTempDirectory("floe-hms");
    metastore = MetastoreProcess.start(dir.resolve("hms"));
    System.out.println(
        "[hive] metastore started in " + metastore.startMillis() + " ms at " + metastore.uri());
    config = FloeHive.config("hms", metastore.uri(), dir.resolve("warehouse").toString());
  }

  @AfterAll
  static void stopMetastore() throws Exception {
    if (metastore != null) {
      metastore.close();
    }
  }

  @Override
  protected FloeConfig config() {
    return config;
  }
}
