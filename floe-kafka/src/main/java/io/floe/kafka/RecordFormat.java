package io.floe.kafka;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.avro.RegistrySerde;
import io.floe.avro.SchemaRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How a {@link KafkaSink} turns a Kafka record's value into a row: a map from column name to value
 * in the Java types {@link io.floe.RowInput} accepts. A record whose value cannot be decoded (the
 * method throws) goes to the dead-letter table with the error's message.
 *
 * <p>Implementations must be thread-safe or used by one sink only.
 *
 * <pre>{@code
 * RecordFormat json = RecordFormat.json();
 * RecordFormat avro = RecordFormat.avro(registry);
 * RecordFormat csv = RecordFormat.mapped(record -> Map.of("line", new String(record.value(), UTF_8)));
 * }</pre>
 */
@FunctionalInterface
public interface RecordFormat {

  /**
   * Decodes one record's value.
   *
   * @param record the Kafka record, key and value as bytes
   * @return the row, field name to value; never null
   * @throws RuntimeException when the value cannot be decoded (the record is a dead letter)
   */
  Map<String, Object> decode(ConsumerRecord<byte[], byte[]> record);

  /**
   * JSON objects, one per record value: numbers become {@code Integer}, {@code Long} or {@code
   * Double}, nested objects maps, arrays lists.
   *
   * @return the format
   */
  static RecordFormat json() {
    ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    TypeReference<LinkedHashMap<String, Object>> type = new TypeReference<>() {};
    return record -> {
      if (record.value() == null) {
        throw new IllegalArgumentException("null value (tombstone)");
      }
      try {
        Map<String, Object> row = mapper.readValue(record.value(), type);
        if (row == null) {
          throw new IllegalArgumentException("value is JSON null, not an object");
        }
        return row;
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "not a JSON object: "
                + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage()
                    : e.getMessage()),
            e);
      }
    };
  }

  /**
   * Avro records in the schema registry's wire format (magic byte, schema id, binary body), decoded
   * with the writer's schema from Floe's registry client ({@link RegistrySerde}); strings become
   * {@code String}, bytes and fixed {@code byte[]}, enums their symbol, nested records maps.
   *
   * @param registry the schema registry client
   * @return the format
   */
  static RecordFormat avro(SchemaRegistry registry) {
    RegistrySerde serde = RegistrySerde.of(Objects.requireNonNull(registry, "registry"));
    return record -> {
      if (record.value() == null) {
        throw new IllegalArgumentException("null value (tombstone)");
      }
      GenericRecord value = serde.deserialize(record.value());
      return AvroValues.toMap(value);
    };
  }

  /**
   * Raw bytes turned into a row by the caller's function.
   *
   * @param mapper the function from record to row; an exception makes the record a dead letter
   * @return the format
   */
  static RecordFormat mapped(
      Function<? super ConsumerRecord<byte[], byte[]>, ? extends Map<String, ?>> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return record -> {
      Map<String, ?> row = mapper.apply(record);
      if (row == null) {
        throw new IllegalArgumentException("the mapper returned null");
      }
      return new LinkedHashMap<>(row);
    };
  }
}
