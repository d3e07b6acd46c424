package io.floe.avro;

import io.floe.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes and reads Avro records in the schema registry wire format Kafka serializers use: a zero
 * magic byte, the writer schema's registry id as a 4-byte big-endian integer, then the Avro binary
 * body.
 *
 * <p>Serializing registers the record's schema under the subject (once; the id is cached).
 * Deserializing fetches the writer schema by id (cached by the registry client) and can resolve it
 * to a reader schema or a generated class. Malformed messages throw {@link ValidationException}
 * with the Avro error as cause; lengths in a message are checked against its size and Avro's limits
 * before anything is allocated, as {@link AvroCodec} does.
 *
 * <p>Thread-safe when its registry is; share one per registry.
 *
 * <pre>{@code
 * RegistrySerde serde = RegistrySerde.of(registry);
 * byte[] message = serde.serialize("events-value", record);
 * GenericRecord back = serde.deserialize(message);
 * }</pre>
 */
public final class RegistrySerde {
  /** The first byte of every message in the wire format. */
  public static final byte MAGIC_BYTE = 0;

  private static final int HEADER_SIZE = 5;

  private final SchemaRegistry registry;
  private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();

  /**
   * Datum readers by writer schema id and reader schema (the writer's own for generic records):
   * building one resolves the two schemas, which cost more than decoding a small message. Avro's
   * readers are safe for concurrent reads once built.
   */
  private final Map<ReaderKey, DatumReader<?>> readers = new ConcurrentHashMap<>();

  private record ReaderKey(int id, Schema reader, Class<?> type) {}

  private RegistrySerde(SchemaRegistry registry) {
    this.registry = registry;
  }

  /**
   * Creates a serde over a registry.
   *
   * @param registry the schema registry
   * @return a new serde
   */
  public static RegistrySerde of(SchemaRegistry registry) {
    return new RegistrySerde(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Serializes a record, registering its schema under a subject if needed.
   *
   * @param subject the subject, such as {@code events-value}
   * @param record a generic or generated Avro record
   * @return the message
   * @throws ValidationException when the schema is incompatible with the subject, or the record
   *     does not fit its schema
   * @throws io.floe.FloeIOException when the registry cannot be reached
   */
  public byte[] serialize(String subject, IndexedRecord record) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(record, "record");
    Schema schema = record.getSchema();
    int id =
        ids.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
            .computeIfAbsent(schema, s -> registry.register(subject, s));
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer(record, schema).write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw AvroErrors.cannotSerialize(schema.getFullName(), subject, e);
    }
    return out.toByteArray();
  }

  /**
   * Deserializes a message as a generic record of its writer schema.
   *
   * @param message the message
   * @return the record
   * @throws ValidationException when the message is not in the wire format or is malformed
   * @throws io.floe.NotFoundException when the registry has no schema of the message's id
   */
  public GenericRecord deserialize(byte[] message) {
    Objects.requireNonNull(message, "message");
    int id = schemaId(message);
    Schema writer = registry.schemaById(id);
    DatumReader<?> reader =
        readers.computeIfAbsent(
            new ReaderKey(id, writer, null),
            k -> new GenericDatumReader<>(writer, writer, GenericData.get()));
    return (GenericRecord) read(message, reader, writer);
  }

  /**
   * Deserializes a message as a generic record of a reader schema, resolving the writer schema to
   * it (fields matched by name, defaults filled in).
   *
   * @param message the message
   * @param readerSchema the schema to read with
   * @return the record
   * @throws ValidationException when the message is malformed or its schema cannot be resolved to
   *     the reader schema
   * @throws io.floe.NotFoundException when the registry has no schema of the message's id
   */
  public GenericRecord deserialize(byte[] message, Schema readerSchema) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(readerSchema, "readerSchema");
    int id = schemaId(message);
    Schema writer = registry.schemaById(id);
    DatumReader<?> reader =
        readers.computeIfAbsent(
            new ReaderKey(id, readerSchema, null),
            k -> new GenericDatumReader<>(writer, readerSchema, GenericData.get()));
    return (GenericRecord) read(message, reader, writer);
  }

  /**
   * Deserializes a message as a generated class, resolving the writer schema to the class's.
   *
   * @param message the message
   * @param type the generated class
   * @param <T> the generated class
   * @return the record
   * @throws ValidationException when the message is malformed or its schema cannot be resolved to
   *     the class's schema
   * @throws io.floe.NotFoundException when the registry has no schema of the message's id
   */
  public <T extends SpecificRecord> T deserialize(byte[] message, Class<T> type) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(type, "type");
    int id = schemaId(message);
    Schema writer = registry.schemaById(id);
    SpecificData data = SpecificData.getForClass(type);
    Schema schema = data.getSchema(type);
    DatumReader<?> reader =
        readers.computeIfAbsent(
            new ReaderKey(id, schema, type), k -> new SpecificDatumReader<>(writer, schema, data));
    return type.cast(read(message, reader, writer));
  }

  /**
   * Reads the schema id of a message in the wire format.
   *
   * @param message the message
   * @return the registry id of its writer schema
   * @throws ValidationException when the message is shorter than the header or does not start with
   *     the magic byte 0
   */
  public static int schemaId(byte[] message) {
    Objects.requireNonNull(message, "message");
    if (message.length < HEADER_SIZE) {
      throw AvroErrors.registryMessageTooShort(message.length);
    }
    if (message[0] != MAGIC_BYTE) {
      throw AvroErrors.noMagicByte(message[0] & 0xff);
    }
    return ByteBuffer.wrap(message, 1, 4).getInt();
  }

  private static Object read(byte[] message, DatumReader<?> reader, Schema writer) {
    return AvroCodec.decode(
        message,
        HEADER_SIZE,
        message.length - HEADER_SIZE,
        writer,
        reader,
        "Cannot read the " + writer.getFullName() + " body of the message",
        "The message has bytes left over after its "
            + writer.getFullName()
            + " body; it was not written with the schema its id names");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static DatumWriter<IndexedRecord> writer(IndexedRecord record, Schema schema) {
    if (record instanceof SpecificRecord) {
      return (DatumWriter)
          new SpecificDatumWriter<>(schema, SpecificData.getForClass(record.getClass()));
    }
    return new GenericDatumWriter<>(schema, GenericData.get());
  }
}
