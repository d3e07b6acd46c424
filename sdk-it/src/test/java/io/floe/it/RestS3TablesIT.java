package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.TableContract;
import java.util.function.Predicate;

/** The table contract on Backends.rest(Backends.s3()). */
class RestS3TablesIT extends TableContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (RestS3TablesIT.class) {
      if (config == null) {
        config = Backends.rest(Backends.s3());
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
