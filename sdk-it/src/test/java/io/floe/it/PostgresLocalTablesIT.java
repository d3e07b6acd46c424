package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.TableContract;

/** The table contract on Backends.postgres(Backends.local()). */
class PostgresLocalTablesIT extends TableContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (PostgresLocalTablesIT.class) {
      if (config == null) {
        config = Backends.postgres(Backends.local());
      }
      return config;
    }
  }
}
