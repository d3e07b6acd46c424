package io.floe.spi;

import io.floe.Floe;
import io.floe.RowStream;

/**
 * Service interface behind {@link Floe#sql(String, Object...)}, found with {@link
 * java.util.ServiceLoader} so that the API module needs no SQL engine; {@code io.floe:floe-sdk-sql}
 * provides it. Users do not call it; implementations must be thread-safe.
 *
 * <pre>{@code
 * // META-INF/services/io.floe.spi.SqlProvider names the implementation class
 * RowStream rows = provider.query(floe, "SELECT count(*) FROM shop.orders WHERE id > ?", new Object[] {5L});
 * }</pre>
 */
public interface SqlProvider {

  /**
   * Runs one SELECT query over a Floe's tables.
   *
   * @param floe the Floe whose tables the query names
   * @param sql the statement; {@code ?} marks a parameter
   * @param params the parameters' values, in order
   * @return the result's rows; closing the stream ends the query
   */
  RowStream query(Floe floe, String sql, Object[] params);
}
