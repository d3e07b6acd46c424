package io.floe;

import io.floe.spi.SqlProvider;
import java.util.ServiceLoader;

/** Finds the {@link SqlProvider} behind {@link Floe#sql(String, Object...)}, once. */
final class SqlSupport {
  private SqlSupport() {}

  /** Loaded on first use; null when no provider is on the class path. */
  private static final class Holder {
    static final SqlProvider PROVIDER =
        ServiceLoader.load(SqlProvider.class, SqlSupport.class.getClassLoader())
            .findFirst()
            .orElse(null);
  }

  /**
   * The provider on the class path.
   *
   * @param sql the statement, for the message
   * @return the provider
   * @throws UnsupportedFeatureException when none is on the class path
   */
  static SqlProvider provider(String sql) {
    SqlProvider provider = Holder.PROVIDER;
    if (provider == null) {
      throw new UnsupportedFeatureException(
          "Cannot run SQL ("
              + sql
              + "): no SQL engine on the class path. Add the dependency io.floe:floe-sdk-sql"
              + " (DuckDB over Floe's scans), or read with newScan()",
          null);
    }
    return provider;
  }
}
