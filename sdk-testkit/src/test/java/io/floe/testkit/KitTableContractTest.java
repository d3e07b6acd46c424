package io.floe.testkit;

import io.floe.FloeConfig;
import io.floe.testkit.contract.TableContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The table contract on the test kit's in-memory catalog and file store (with no faults). */
class KitTableContractTest extends TableContract {
  private static FloeTestKit kit;

  @BeforeAll
  static void openKit() {
    kit = FloeTestKit.inMemory();
  }

  @AfterAll
  static void closeKit() {
    kit.close();
  }

  @Override
  protected FloeConfig config() {
    return kit.config();
  }
}
