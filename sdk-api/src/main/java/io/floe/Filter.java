package io.floe;

import io.floe.spi.FilterSyntax;
import java.util.Objects;
import java.util.ServiceLoader;
import org.apache.iceberg.expressions.Expression;

/**
 * Filters written as SQL {@code WHERE} clauses, for the places that take an Iceberg {@link
 * Expression} (maintenance, changelog scans, or to keep a filter and reuse it). Scans, deletes and
 * overwrites also take the text directly ({@link Scan#where(String)}), which names the table in
 * error messages. The grammar is described on {@link Scan#where(String)}. Thread-safe.
 *
 * <pre>{@code
 * Expression recent = Filter.parse("ts >= timestamp '2026-01-01' and category in ('books', 'games')");
 * try (RowStream changes = table.newChangelogScan().where(recent).rows()) {
 *   changes.forEach(this::publish);
 * }
 * }</pre>
 */
public final class Filter {
  private Filter() {}

  /**
   * Parses a filter into an unbound Iceberg expression; column names and literal types are checked
   * when the expression is used on a table.
   *
   * @param filter the filter text, such as {@code "category = 'books' and id > 10"}
   * @return the expression
   * @throws ValidationException when the text is not a valid filter; the message shows the text and
   *     the position of the offending token
   * @throws IllegalStateException when no implementation (floe-sdk-impl) is on the class path
   */
  public static Expression parse(String filter) {
    Objects.requireNonNull(filter, "filter");
    return Holder.SYNTAX.parse(filter);
  }

  /** Finds the parser once, on first use. */
  private static final class Holder {
    static final FilterSyntax SYNTAX =
        ServiceLoader.load(FilterSyntax.class, Filter.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot parse filters: no filter parser found; add io.floe:floe-sdk-impl to the class path"));
  }
}
