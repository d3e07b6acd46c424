package io.floe;

/**
 * How a row-level change (delete, overwrite, upsert) is written.
 *
 * <p>Copy-on-write rewrites the data files that hold changed rows, so reads stay as fast as before
 * and writes cost more; merge-on-read writes small delete files (position deletes, or deletion
 * vectors on format version 3) that readers apply, so writes are cheap and reads pay until the
 * table is compacted. Immutable and thread-safe.
 *
 * <pre>{@code
 * table.newDelete().where(Expressions.lessThan("ts", cutoff)).mode(WriteMode.MERGE_ON_READ).commit();
 * }</pre>
 */
public enum WriteMode {
  /**
   * Rewrites the affected data files without the changed rows (Iceberg's {@code copy-on-write}).
   */
  COPY_ON_WRITE("copy-on-write"),
  /** Writes delete files that mark the changed rows (Iceberg's {@code merge-on-read}). */
  MERGE_ON_READ("merge-on-read");

  private final String property;

  WriteMode(String property) {
    this.property = property;
  }

  /**
   * The value Iceberg's table properties use for this mode, such as {@code write.delete.mode}.
   *
   * @return {@code copy-on-write} or {@code merge-on-read}
   */
  public String propertyValue() {
    return property;
  }

  /**
   * Parses a table property value.
   *
   * @param value {@code copy-on-write} or {@code merge-on-read}, in any case
   * @return the mode
   * @throws IllegalArgumentException when the value is neither
   */
  public static WriteMode fromProperty(String value) {
    for (WriteMode mode : values()) {
      if (mode.property.equalsIgnoreCase(value.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "Unknown write mode '" + value + "': use copy-on-write or merge-on-read");
  }
}
