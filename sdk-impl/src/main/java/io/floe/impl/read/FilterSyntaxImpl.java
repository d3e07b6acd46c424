package io.floe.impl.read;

import io.floe.spi.FilterSyntax;
import org.apache.iceberg.expressions.Expression;

/**
 * {@link FilterSyntax} for {@link io.floe.Filter#parse(String)}: {@link FilterParser}. Thread-safe.
 */
public final class FilterSyntaxImpl implements FilterSyntax {
  @Override
  public Expression parse(String filter) {
    return FilterParser.parse(filter);
  }
}
