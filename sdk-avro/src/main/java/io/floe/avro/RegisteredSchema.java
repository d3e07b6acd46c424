package io.floe.avro;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A schema as a registry holds it: under a subject, with a global id and a version in the subject.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * RegisteredSchema latest = registry.latest("events-value").orElseThrow();
 * Schema schema = latest.schema();
 * }</pre>
 *
 * @param subject the subject, such as {@code events-value}
 * @param id the registry-wide schema id, as written in the wire format
 * @param version the version of the schema in the subject, from 1
 * @param schema the Avro schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
  /**
   * Checks the values.
   *
   * @param subject the subject, such as {@code events-value}
   * @param id the registry-wide schema id, as written in the wire format
   * @param version the version of the schema in the subject, from 1
   * @param schema the Avro schema
   * @throws NullPointerException when subject or schema is null
   */
  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
  }
}
