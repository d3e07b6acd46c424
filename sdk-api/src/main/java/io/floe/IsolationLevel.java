package io.floe;

/**
 * How strictly a row-level change checks what other writers committed while it was running.
 *
 * <p>Serializable also fails (and re-plans) when a concurrent commit added rows that the change's
 * filter or keys would have matched; snapshot isolation only checks that the rows it read were not
 * deleted or rewritten meanwhile. Immutable and thread-safe.
 *
 * <pre>{@code
 * table.newUpsert().key("id").rows(rows).isolation(IsolationLevel.SNAPSHOT).commit();
 * }</pre>
 */
public enum IsolationLevel {
  /** No concurrent data that the change would have matched may appear (Iceberg's default). */
  SERIALIZABLE("serializable"),
  /** Concurrent appends are allowed; concurrent deletes of the rows read still conflict. */
  SNAPSHOT("snapshot");

  private final String property;

  IsolationLevel(String property) {
    this.property = property;
  }

  /**
   * The value Iceberg's table properties use, such as {@code write.delete.isolation-level}.
   *
   * @return {@code serializable} or {@code snapshot}
   */
  public String propertyValue() {
    return property;
  }

  /**
   * Parses a table property value.
   *
   * @param value {@code serializable} or {@code snapshot}, in any case
   * @return the level
   * @throws IllegalArgumentException when the value is neither
   */
  public static IsolationLevel fromProperty(String value) {
    for (IsolationLevel level : values()) {
      if (level.property.equalsIgnoreCase(value.trim())) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "Unknown isolation level '" + value + "': use serializable or snapshot");
  }
}
