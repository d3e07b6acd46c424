package io.floe.spi;

import io.floe.Filter;
import org.apache.iceberg.expressions.Expression;

/**
 * Service interface through which {@link Filter#parse(String)} parses filter text, found with
 * {@link java.util.ServiceLoader} so that the API module needs no parser. Users do not call it;
 * implementations must be thread-safe.
 *
 * <pre>{@code
 * // META-INF/services/io.floe.spi.FilterSyntax names the implementation class
 * Expression filter = syntax.parse("category = 'books' and id > 10");
 * }</pre>
 */
public interface FilterSyntax {

  /**
   * Parses a filter written as a SQL {@code WHERE} clause.
   *
   * @param filter the filter text, in the grammar of {@link io.floe.Scan#where(String)}
   * @return the unbound expression
   * @throws io.floe.ValidationException when the text is not a valid filter
   */
  Expression parse(String filter);
}
