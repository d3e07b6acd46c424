package io.floe.testkit;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;
import org.junit.jupiter.api.AutoClose;

/** The catalog contract on the test kit's in-memory catalog and file store (with no faults). */
class KitContractTest extends CatalogContract {
  @AutoClose private static final FloeTestKit kit = FloeTestKit.inMemory();

  @Override
  protected FloeConfig config() {
    return kit.config();
  }
}
