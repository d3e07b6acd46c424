package io.floe.codegen;

import java.util.Objects;

/**
 * One difference between the schema a record was generated from and the table's current schema, by
 * field id, and what it means for code using the earlier record. Immutable and thread-safe.
 *
 * @param kind what changed
 * @param fieldId the Iceberg field id
 * @param field the field's full name (the current one, or the earlier one when removed)
 * @param before the earlier name and type, or empty when added
 * @param after the current name and type, or empty when removed
 */
public record SchemaChange(Kind kind, int fieldId, String field, String before, String after) {
  /** What changed about one field. */
  public enum Kind {
    /** A new optional field: earlier records still read and write (it stays null). */
    ADDED_OPTIONAL(true),
    /** A new required field: earlier records still read, but cannot write (no value for it). */
    ADDED_REQUIRED(false),
    /** A field was dropped: earlier records cannot read (their component has no column). */
    REMOVED(false),
    /** Same id, new name: earlier records still read and write, matched by {@code @FieldId}. */
    RENAMED(true),
    /** A type was promoted (int to long, float to double): reads need the new record. */
    WIDENED(false),
    /** A decimal's precision grew: the Java type ({@code BigDecimal}) stays the same. */
    WIDENED_DECIMAL(true),
    /** A required field became optional: reads into a primitive component fail on a null. */
    NOW_OPTIONAL(false),
    /** An optional field became required: earlier records still read and write. */
    NOW_REQUIRED(true),
    /** Any other change of type. */
    CHANGED(false);

    private final boolean compatible;

    Kind(boolean compatible) {
      this.compatible = compatible;
    }

    /**
     * Whether code using the earlier generated record keeps working (reads and writes).
     *
     * @return true when compatible
     */
    public boolean compatible() {
      return compatible;
    }
  }

  /**
   * Validates the parts.
   *
   * @param kind what changed
   * @param fieldId the Iceberg field id
   * @param field the field's full name
   * @param before the earlier name and type, or empty
   * @param after the current name and type, or empty
   */
  public SchemaChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  /**
   * Whether code using the earlier generated record keeps working.
   *
   * @return {@code kind().compatible()}
   */
  public boolean compatible() {
    return kind.compatible();
  }
}
