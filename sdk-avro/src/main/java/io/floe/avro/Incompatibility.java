package io.floe.avro;

import java.util.Objects;

/**
 * One reason why data written with one Avro schema cannot be read with another.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * for (Incompatibility problem : report.incompatibilities()) {
 *   System.out.println(problem.field() + ": " + problem.message());
 * }
 * }</pre>
 *
 * @param kind what kind of problem it is
 * @param field the dotted path of the field at fault in the reader schema ({@code []} marks array
 *     items, {@code {}} map values); empty for the root
 * @param reader names the reading schema, such as {@code "new schema"} or {@code "version 3"}
 * @param writer names the writing schema
 * @param message what is wrong and how to fix it
 */
public record Incompatibility(
    Kind kind, String field, String reader, String writer, String message) {

  /** The kinds of problem, as Avro's own {@code SchemaCompatibility} names them. */
  public enum Kind {
    /** A named type (record, enum, fixed) changed its name without an alias. */
    NAME_MISMATCH,
    /** A fixed type changed its size. */
    FIXED_SIZE_MISMATCH,
    /** The reader enum lacks symbols the writer may write, and has no default symbol. */
    MISSING_ENUM_SYMBOLS,
    /** The reader has a field the writer lacks, without a default to fill it. */
    READER_FIELD_MISSING_DEFAULT_VALUE,
    /** The types differ and neither is promoted to the other. */
    TYPE_MISMATCH,
    /** The reader union lacks a branch for a type the writer may write. */
    MISSING_UNION_BRANCH
  }

  /**
   * Checks the values.
   *
   * @param kind what kind of problem it is
   * @param field the dotted path of the field at fault in the reader schema ({@code []} marks array
   *     items, {@code {}} map values); empty for the root
   * @param reader names the reading schema, such as {@code "new schema"} or {@code "version 3"}
   * @param writer names the writing schema
   * @param message what is wrong and how to fix it
   * @throws NullPointerException when a component is null
   */
  public Incompatibility {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return (field.isEmpty() ? "<root>" : field)
        + ": "
        + message
        + " ("
        + reader
        + " reading "
        + writer
        + ")";
  }
}
