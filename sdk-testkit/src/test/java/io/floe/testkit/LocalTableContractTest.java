package io.floe.testkit;

import io.floe.FloeConfig;
import io.floe.testkit.contract.TableContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table contract on what {@code Floe.local} opens (SQLite catalog, local files, metadata
 * cache).
 */
class LocalTableContractTest extends TableContract {
  @TempDir static Path warehouse;
  private static FloeTestKit kit;

  @BeforeAll
  static void openKit() {
    kit = FloeTestKit.local(warehouse);
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
