package io.floe.testkit;

import io.floe.FloeTable;

/**
 * Entry point of Floe's AssertJ assertions; import {@code assertThat} statically next to AssertJ's
 * own.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * import static io.floe.testkit.FloeAssertions.assertThat;
 *
 * assertThat(table).hasSnapshots(3).containsExactlyRows(Rows.row("id", 1L), Rows.row("id", 2L));
 * }</pre>
 */
public final class FloeAssertions {
  private FloeAssertions() {}

  /**
   * Starts assertions on a table.
   *
   * @param table the table; its metadata is refreshed before each check
   * @return the table's assertions
   */
  public static TableAssert assertThat(FloeTable table) {
    return new TableAssert(table);
  }
}
