package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.TableContract;
import java.util.function.Predicate;

/** The table contract on Backends.rest(Backends.local()). */
class RestLocalTablesIT extends TableContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (RestLocalTablesIT.class) {
      if (config == null) {
        config = Backends.rest(Backends.local());
      }
      return config;
    }
  }

  /** Iceberg's REST server leaves the metadata files of attempts that lost its compare-and-swap. */
  @Override
  protected Predicate<String> leftByLostCommits() {
    return location -> location.endsWith(".metadata.json");
  }
}
