package io.floe.avro;

import io.floe.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.iceberg.data.Record;

/**
 * Encodes and decodes values of one Avro schema: Avro binary, Avro JSON, and Avro single-object
 * encoding (two marker bytes, the schema's 8-byte CRC-64-AVRO fingerprint, then the binary body).
 *
 * <p>Three kinds of value are supported: Avro {@link GenericRecord}s ({@link #generic(Schema)}),
 * generated {@link SpecificRecord} classes ({@link #specific(Class)}), and Iceberg {@link Record}s
 * of a table schema ({@link #rows(org.apache.iceberg.Schema)}). Decoding can resolve data written
 * with an older or newer writer schema ({@link #fromBinary(byte[], Schema)}); single-object
 * decoding finds the writer schema by fingerprint among {@link #withKnownSchema(Schema) known
 * schemas}. Malformed input and values that do not fit the schema throw {@link ValidationException}
 * with the Avro error as cause.
 *
 * <p>Input is treated as untrusted: before a string, bytes value, array or map is allocated, its
 * claimed length is checked against the bytes left in the input and against Avro's limits (the
 * system properties {@code org.apache.avro.limits.string.maxLength}, {@code
 * org.apache.avro.limits.bytes.maxLength}, {@code
 * org.apache.avro.limits.collectionItems.maxLength}); arrays of items that take no bytes (nulls,
 * empty records) hold at most 1,000,000 items unless the system property {@code
 * floe.avro.limits.zeroByteItems} says otherwise. So a few bytes never make the decoder allocate
 * more than a small multiple of their length.
 *
 * <p>Immutable and thread-safe; build one per schema and share it.
 *
 * <pre>{@code
 * AvroCodec<GenericRecord> codec = AvroCodec.generic(schema);
 * byte[] bytes = codec.toBinary(record);
 * GenericRecord back = codec.fromBinary(bytes);
 * String json = codec.toJson(record);
 * byte[] message = codec.toSingleObject(record);
 * }</pre>
 *
 * @param <T> the type of the values encoded
 */
public final class AvroCodec<T> {
  /** Marker C3 01 and the 8-byte fingerprint. */
  private static final int SINGLE_OBJECT_HEADER = 10;

  private final Schema schema;
  private final GenericData model;
  private final Function<T, Object> toDatum;
  private final Function<Object, T> fromDatum;
  private final DatumWriter<Object> writer;
  private final DatumReader<Object> reader;
  private final BinaryMessageEncoder<Object> messageEncoder;

  /** Writer schemas of single-object messages by fingerprint: this codec's and the known ones. */
  private final Map<Long, Schema> writerSchemas = new HashMap<>();

  private final List<Schema> knownSchemas;

  private AvroCodec(
      Schema schema,
      GenericData model,
      Function<T, Object> toDatum,
      Function<Object, T> fromDatum,
      List<Schema> knownSchemas) {
    this.schema = schema;
    this.model = model;
    this.toDatum = toDatum;
    this.fromDatum = fromDatum;
    this.knownSchemas = List.copyOf(knownSchemas);
    this.writer = newWriter(schema);
    this.reader = newReader(schema, schema);
    this.messageEncoder = new BinaryMessageEncoder<>(model, schema);
    writerSchemas.put(SchemaNormalization.parsingFingerprint64(schema), schema);
    for (Schema known : this.knownSchemas) {
      writerSchemas.putIfAbsent(SchemaNormalization.parsingFingerprint64(known), known);
    }
  }

  /**
   * A codec for Avro generic records of a schema. Values use Avro's generic representation ({@code
   * Utf8} strings when decoded, epoch numbers for dates and timestamps).
   *
   * @param schema the Avro schema
   * @return a new codec
   */
  public static AvroCodec<GenericRecord> generic(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    return new AvroCodec<>(schema, GenericData.get(), r -> r, d -> (GenericRecord) d, List.of());
  }

  /**
   * A codec for a generated Avro class (such as one made by avro-maven-plugin), with the
   * logical-type conversions the class declares.
   *
   * @param type the generated class
   * @param <T> the generated class
   * @return a new codec
   * @throws IllegalArgumentException when the class has no Avro schema
   */
  public static <T extends SpecificRecord> AvroCodec<T> specific(Class<T> type) {
    Objects.requireNonNull(type, "type");
    SpecificData data = SpecificData.getForClass(type);
    Schema schema;
    try {
      schema = data.getSchema(type);
    } catch (AvroRuntimeException e) {
      throw new IllegalArgumentException(type.getName() + " is not a generated Avro class", e);
    }
    return new AvroCodec<>(schema, data, r -> r, type::cast, List.of());
  }

  /**
   * A codec for Iceberg records of a table schema, encoded with the Avro form of that schema
   * ({@link AvroSchemas#toAvro}, record name {@code row}).
   *
   * @param schema the Iceberg schema
   * @return a new codec
   * @throws io.floe.UnsupportedFeatureException when a column type has no Avro form
   */
  public static AvroCodec<Record> rows(org.apache.iceberg.Schema schema) {
    return rows(AvroRows.of(schema));
  }

  /**
   * A codec for Iceberg records, using an existing converter (and its Avro record name).
   *
   * @param rows the converter between the table schema and its Avro form
   * @return a new codec
   */
  public static AvroCodec<Record> rows(AvroRows rows) {
    Objects.requireNonNull(rows, "rows");
    return new AvroCodec<>(
        rows.avroSchema(),
        GenericData.get(),
        rows::toAvro,
        d -> rows.toRow((IndexedRecord) d),
        List.of());
  }

  /**
   * The schema values are encoded with.
   *
   * @return the Avro schema
   */
  public Schema schema() {
    return schema;
  }

  /**
   * The schema's CRC-64-AVRO fingerprint of its parsing canonical form, as single-object encoding
   * writes it.
   *
   * @return the fingerprint
   */
  public long fingerprint() {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /**
   * A codec that also decodes single-object messages written with another (older or newer) schema,
   * resolving them to this codec's schema.
   *
   * @param writerSchema a schema messages may have been written with
   * @return a new codec; this one is unchanged
   */
  public AvroCodec<T> withKnownSchema(Schema writerSchema) {
    Objects.requireNonNull(writerSchema, "writerSchema");
    List<Schema> known = new ArrayList<>(knownSchemas);
    known.add(writerSchema);
    return new AvroCodec<>(schema, model, toDatum, fromDatum, known);
  }

  /**
   * Encodes a value in Avro binary (no header, no schema).
   *
   * @param value the value
   * @return the encoded bytes
   * @throws ValidationException when the value does not fit the schema
   */
  public byte[] toBinary(T value) {
    Objects.requireNonNull(value, "value");
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    write(toDatum.apply(value), encoder, "binary");
    return out.toByteArray();
  }

  /**
   * Decodes Avro binary written with this codec's schema.
   *
   * @param bytes the encoded bytes
   * @return the value
   * @throws ValidationException when the bytes are not a value of the schema
   */
  public T fromBinary(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return fromBinary(bytes, 0, bytes.length, schema, reader);
  }

  /**
   * Decodes Avro binary written with another schema, resolving it to this codec's schema (fields
   * matched by name, defaults filled in, types widened).
   *
   * @param bytes the encoded bytes
   * @param writerSchema the schema the bytes were written with
   * @return the value
   * @throws ValidationException when the bytes are not a value of the writer schema, or the writer
   *     schema cannot be resolved to this one
   */
  public T fromBinary(byte[] bytes, Schema writerSchema) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(writerSchema, "writerSchema");
    return fromBinary(bytes, 0, bytes.length, writerSchema, newReader(writerSchema, schema));
  }

  T fromBinary(
      byte[] bytes, int offset, int length, Schema writerSchema, DatumReader<Object> datumReader) {
    return fromDatum.apply(
        decode(
            bytes,
            offset,
            length,
            writerSchema,
            datumReader,
            "Cannot decode Avro binary as " + schema.getFullName(),
            "Avro binary for "
                + schema.getFullName()
                + " has bytes left over after the value;"
                + " was it written with another schema?"));
  }

  /**
   * Decodes one value from part of an array with a {@link BoundedDecoder}: lengths and counts are
   * checked against the bytes left (and Avro's limits) before anything is allocated.
   *
   * @param failure the start of the message when the bytes are malformed
   * @param leftOver the message when bytes are left after the value
   */
  static Object decode(
      byte[] bytes,
      int offset,
      int length,
      Schema writerSchema,
      DatumReader<?> datumReader,
      String failure,
      String leftOver) {
    BoundedDecoder decoder = BoundedDecoder.of(bytes, offset, length, writerSchema);
    try {
      Object datum = datumReader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw AvroErrors.bytesLeftOver(leftOver);
      }
      return datum;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ValidationException v) {
        throw v;
      }
      throw AvroErrors.cannotDecode(failure, message(e), e);
    } catch (StackOverflowError e) {
      // a recursive schema nested deeper than the thread's stack: bad input, not a broken JVM
      throw AvroErrors.nestedTooDeeply(failure, length);
    }
  }

  DatumReader<Object> readerFor(Schema writerSchema) {
    return writerSchema.equals(schema) ? reader : newReader(writerSchema, schema);
  }

  /**
   * Encodes a value in Avro JSON (unions as {@code {"type": value}}, bytes as ISO-8859-1 text).
   *
   * @param value the value
   * @return the JSON text
   * @throws ValidationException when the value does not fit the schema
   */
  public String toJson(T value) {
    Objects.requireNonNull(value, "value");
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
      write(toDatum.apply(value), encoder, "JSON");
      encoder.flush();
    } catch (IOException e) {
      throw AvroErrors.cannotEncode("Cannot encode Avro JSON", e.getMessage(), e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Decodes Avro JSON written with this codec's schema.
   *
   * @param json the JSON text
   * @return the value
   * @throws ValidationException when the text is not a value of the schema in Avro JSON
   */
  public T fromJson(String json) {
    Objects.requireNonNull(json, "json");
    Object datum;
    try {
      datum = reader.read(null, DecoderFactory.get().jsonDecoder(schema, json));
    } catch (IOException | RuntimeException e) {
      throw AvroErrors.cannotDecode(
          "Cannot decode Avro JSON as " + schema.getFullName(), message(e), e);
    } catch (StackOverflowError e) {
      throw AvroErrors.nestedTooDeeply("Cannot decode Avro JSON as " + schema.getFullName(), null);
    }
    return fromDatum.apply(datum);
  }

  /**
   * Encodes a value in Avro single-object encoding.
   *
   * @param value the value
   * @return the message: marker {@code C3 01}, fingerprint (little-endian), binary body
   * @throws ValidationException when the value does not fit the schema
   */
  public byte[] toSingleObject(T value) {
    Objects.requireNonNull(value, "value");
    try {
      ByteBuffer buffer = messageEncoder.encode(toDatum.apply(value));
      return AvroSchemas.bytes(buffer);
    } catch (IOException | RuntimeException e) {
      throw AvroErrors.cannotEncode(
          "Cannot encode " + schema.getFullName() + " as Avro", message(e), e);
    }
  }

  /**
   * Decodes a single-object message written with this codec's schema or a known one.
   *
   * @param message the message
   * @return the value, resolved to this codec's schema
   * @throws ValidationException when the message has no single-object header, its fingerprint is of
   *     no known schema (add it with {@link #withKnownSchema(Schema)}), or its body is malformed
   */
  public T fromSingleObject(byte[] message) {
    Objects.requireNonNull(message, "message");
    if (message.length < SINGLE_OBJECT_HEADER || message[0] != (byte) 0xC3 || message[1] != 0x01) {
      throw AvroErrors.notSingleObject(message);
    }
    long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Schema writerSchema = writerSchemas.get(fingerprint);
    if (writerSchema == null) {
      throw AvroErrors.unknownFingerprint(fingerprint);
    }
    return fromDatum.apply(
        decode(
            message,
            SINGLE_OBJECT_HEADER,
            message.length - SINGLE_OBJECT_HEADER,
            writerSchema,
            readerFor(writerSchema),
            "Cannot decode Avro single-object message as " + schema.getFullName(),
            "The Avro single-object message for "
                + schema.getFullName()
                + " has bytes left over after the value"));
  }

  private void write(Object datum, org.apache.avro.io.Encoder encoder, String format) {
    try {
      writer.write(datum, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      if (e instanceof ValidationException v) {
        throw v;
      }
      throw AvroErrors.cannotEncode(
          "Cannot encode " + schema.getFullName() + " as Avro " + format, message(e), e);
    }
  }

  @SuppressWarnings("unchecked")
  private DatumWriter<Object> newWriter(Schema writerSchema) {
    if (model instanceof SpecificData specific) {
      return (DatumWriter<Object>)
          (DatumWriter<?>) new SpecificDatumWriter<>(writerSchema, specific);
    }
    return new GenericDatumWriter<>(writerSchema, model);
  }

  @SuppressWarnings("unchecked")
  private DatumReader<Object> newReader(Schema writerSchema, Schema readerSchema) {
    if (model instanceof SpecificData specific) {
      return (DatumReader<Object>)
          (DatumReader<?>) new SpecificDatumReader<>(writerSchema, readerSchema, specific);
    }
    return new GenericDatumReader<>(writerSchema, readerSchema, model);
  }

  private static String message(Throwable e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
