package io.floe.sql;

import io.floe.Floe;
import io.floe.RowStream;
import io.floe.spi.SqlProvider;

/**
 * Not for users: the implementation of {@link Floe#sql(String, Object...)}, found with {@link
 * java.util.ServiceLoader}. Queries run on one engine shared by the process (DuckDB with {@link
 * FloeSql}'s default settings, closed at exit); each returned stream closes its query. Thread-safe.
 *
 * <pre>{@code
 * try (RowStream rows = floe.sql("SELECT count(*) AS n FROM shop.orders")) {
 *   long n = rows.toList().get(0).get("n", Long.class);
 * }
 * }</pre>
 */
public final class FloeSqlProvider implements SqlProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public FloeSqlProvider() {}

  @Override
  public RowStream query(Floe floe, String sql, Object[] params) {
    SqlResult result = FloeSql.shared().query(floe, sql, params);
    try {
      return result.rows();
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
  }
}
