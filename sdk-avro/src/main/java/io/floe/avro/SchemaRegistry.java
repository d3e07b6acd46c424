package io.floe.avro;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A registry of Avro schemas by subject, as Kafka serializers use: each schema gets a registry-wide
 * id, and each subject keeps a history of versions checked for compatibility.
 *
 * <p>Implementations must be thread-safe. {@link ConfluentSchemaRegistry} talks to any
 * Confluent-compatible REST registry; {@link RegistrySerde} writes and reads the wire format.
 *
 * <pre>{@code
 * SchemaRegistry registry = ConfluentSchemaRegistry.builder(URI.create("http://127.0.0.1:8081")).build();
 * int id = registry.register("events-value", schema);
 * }</pre>
 */
public interface SchemaRegistry {

  /**
   * Registers a schema under a subject, or finds it if the subject already holds it.
   *
   * @param subject the subject
   * @param schema the schema
   * @return the schema's registry-wide id
   * @throws io.floe.ValidationException when the schema is invalid or incompatible with the
   *     subject's history under its compatibility level
   * @throws io.floe.FloeIOException when the registry cannot be reached or fails
   */
  int register(String subject, Schema schema);

  /**
   * Fetches a schema by its id.
   *
   * @param id the registry-wide id
   * @return the schema
   * @throws io.floe.NotFoundException when no schema has that id
   * @throws io.floe.FloeIOException when the registry cannot be reached or fails
   */
  Schema schemaById(int id);

  /**
   * The latest version of a subject.
   *
   * @param subject the subject
   * @return the latest schema, or empty when the subject does not exist
   * @throws io.floe.FloeIOException when the registry cannot be reached or fails
   */
  Optional<RegisteredSchema> latest(String subject);

  /**
   * Finds a schema among a subject's versions.
   *
   * @param subject the subject
   * @param schema the schema to look for
   * @return the registered schema, or empty when the subject or the schema is not there
   * @throws io.floe.FloeIOException when the registry cannot be reached or fails
   */
  Optional<RegisteredSchema> lookup(String subject, Schema schema);

  /**
   * The versions of a subject.
   *
   * @param subject the subject
   * @return the version numbers, oldest first; empty when the subject does not exist
   * @throws io.floe.FloeIOException when the registry cannot be reached or fails
   */
  List<Integer> versions(String subject);

  /**
   * Whether a schema could be registered under a subject, under the subject's compatibility level.
   *
   * @param subject the subject
   * @param schema the candidate schema
   * @return true when compatible (or when the subject does not exist yet)
   * @throws io.floe.ValidationException when the schema is invalid
   * @throws io.floe.FloeIOException when the registry cannot be reached or fails
   */
  boolean isCompatible(String subject, Schema schema);
}
