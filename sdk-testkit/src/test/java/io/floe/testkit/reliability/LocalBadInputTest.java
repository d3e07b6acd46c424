package io.floe.testkit.reliability;

import io.floe.testkit.FloeTestKit;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BadInputTest} on the local stack: the test kit's local backend, which is what {@code
 * Floe.local} opens (metadata cache, caching and scheme file IOs, SQLite catalog, local files).
 * Fewer inputs per kind ({@code -Dfloe.badInputs.local}, default 2,500), checked more often.
 */
class LocalBadInputTest extends BadInputTest {
  @TempDir static Path folder;

  /** Hides {@link BadInputTest#openKit()}: this class runs on the local stack. */
  @BeforeAll
  static void openKit() {
    perKind = Integer.getInteger("floe.badInputs.local", 2_500);
    checkEvery = 50;
    open(FloeTestKit.local(folder.resolve("wh")));
  }
}
