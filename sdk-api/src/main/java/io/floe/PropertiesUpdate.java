package io.floe;

import java.util.Map;

/**
 * Sets and removes table properties in one commit: a pending operation, used once.
 *
 * <p>The properties Iceberg and Floe know (file format, compression, row-group, page and dictionary
 * sizes, write modes, isolation, Bloom filters per column, ...) are checked before the commit, so a
 * bad value fails here naming the property, its column and the allowed values, not at the next
 * write; the table is then unchanged. Other keys pass, as tables carry properties of other engines
 * too. Setting {@code format-version} upgrades the table's format (never downgrades). Concurrent
 * property updates are retried by the catalog's optimistic commit. Not thread-safe.
 *
 * <pre>{@code
 * table.updateProperties()
 *     .set("write.parquet.compression-codec", "zstd")
 *     .set("write.parquet.bloom-filter-enabled.column.id", "true")
 *     .remove("owner")
 *     .commit();
 * }</pre>
 */
public interface PropertiesUpdate {

  /**
   * Sets a property (replacing a removal of the same key in this update).
   *
   * @param key the property name
   * @param value the value
   * @return this update
   */
  PropertiesUpdate set(String key, String value);

  /**
   * Sets several properties.
   *
   * @param properties names and values
   * @return this update
   */
  PropertiesUpdate set(Map<String, String> properties);

  /**
   * Removes properties; a key the table does not have is ignored.
   *
   * @param keys the property names
   * @return this update
   */
  PropertiesUpdate remove(String... keys);

  /**
   * The table's properties as they would be after this update, without committing it.
   *
   * @return the properties, unmodifiable
   * @throws ValidationException when a value is not allowed
   */
  Map<String, String> apply();

  /**
   * Checks and commits the update.
   *
   * @return what the commit did; {@link UpdateResult#properties()} are the table's properties after
   *     it
   * @throws ValidationException when a value is not allowed (the table is unchanged)
   * @throws CommitConflictException when the commit could not be retried past concurrent commits
   * @throws CommitStateUnknownException when the catalog's answer was lost
   */
  UpdateResult commit();
}
