package io.floe.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.ValidationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
  private static final org.apache.avro.Schema V1 =
      SchemaBuilder.record("Event")
          .namespace("com.example")
          .fields()
          .requiredLong("id")
          .optionalString("name")
          .endRecord();
  private static final org.apache.avro.Schema V2 =
      SchemaBuilder.record("Event")
          .namespace("com.example")
          .fields()
          .requiredLong("id")
          .optionalString("name")
          .name("score")
          .type()
          .doubleType()
          .doubleDefault(0.5)
          .endRecord();

  private static GenericRecord event(long id, String name) {
    GenericRecord record = new GenericData.Record(V1);
    record.put("id", id);
    record.put("name", name);
    return record;
  }

  @Test
  void binaryRoundTripIsCompactAvro() {
    AvroCodec<GenericRecord> codec = AvroCodec.generic(V1);

    byte[] bytes = codec.toBinary(event(1, "a"));

    assertThat(bytes).containsExactly(2, 2, 2, 'a'); // zigzag 1, union branch 1, length 1, "a"
    assertThat(codec.fromBinary(bytes)).isEqualTo(event(1, "a"));
    assertThat(codec.schema()).isSameAs(V1);
  }

  @Test
  void jsonRoundTripUsesAvroJson() {
    AvroCodec<GenericRecord> codec = AvroCodec.generic(V1);

    String json = codec.toJson(event(7, "x"));

    assertThat(json).isEqualTo("{\"id\":7,\"name\":{\"string\":\"x\"}}");
    assertThat(codec.fromJson(json)).isEqualTo(event(7, "x"));
    assertThat(codec.fromJson("{\"id\":8,\"name\":null}")).isEqualTo(event(8, null));
  }

  @Test
  void singleObjectEncodingCarriesTheFingerprint() {
    AvroCodec<GenericRecord> codec = AvroCodec.generic(V1);

    byte[] message = codec.toSingleObject(event(3, "c"));

    assertThat(message[0]).isEqualTo((byte) 0xC3);
    assertThat(message[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint)
        .isEqualTo(codec.fingerprint())
        .isEqualTo(SchemaNormalization.parsingFingerprint64(V1));
    assertThat(codec.fromSingleObject(message)).isEqualTo(event(3, "c"));
  }

  @Test
  void oldDataResolvesToTheNewSchema() {
    AvroCodec<GenericRecord> v1 = AvroCodec.generic(V1);
    AvroCodec<GenericRecord> v2 = AvroCodec.generic(V2).withKnownSchema(V1);

    GenericRecord fromBinary = v2.fromBinary(v1.toBinary(event(5, "e")), V1);
    GenericRecord fromMessage = v2.fromSingleObject(v1.toSingleObject(event(5, "e")));

    assertThat(fromBinary.get("score")).isEqualTo(0.5);
    assertThat(fromMessage.get("score")).isEqualTo(0.5);
    assertThat(fromMessage.get("name").toString()).isEqualTo("e");
  }

  @Test
  void unknownFingerprintAndBadInputFailWithValidationException() {
    AvroCodec<GenericRecord> v1 = AvroCodec.generic(V1);
    AvroCodec<GenericRecord> v2 = AvroCodec.generic(V2);

    assertThatThrownBy(() -> v2.fromSingleObject(v1.toSingleObject(event(1, "a"))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("written with a schema this codec does not know")
        .hasMessageContaining("withKnownSchema");
    assertThatThrownBy(() -> v1.fromSingleObject(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Not an Avro single-object message");
    assertThatThrownBy(() -> v1.fromBinary(new byte[] {2, 2, 20, 'a'}))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Cannot decode Avro binary as com.example.Event");
    assertThatThrownBy(() -> v1.fromBinary(new byte[] {2, 0, 0}))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("has bytes left over");
    assertThatThrownBy(() -> v1.fromJson("{\"id\":\"x\"}"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Cannot decode Avro JSON as com.example.Event");
    GenericRecord missingId = new GenericData.Record(V1);
    assertThatThrownBy(() -> v1.toBinary(missingId))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Cannot encode com.example.Event as Avro binary")
        .hasCauseInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> v1.toJson(missingId)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> v1.toSingleObject(missingId)).isInstanceOf(ValidationException.class);
  }

  @Test
  void rowsCodecEncodesIcebergRecords() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "day", Types.DateType.get()),
            Types.NestedField.optional(3, "at", Types.TimestampType.withZone()));
    AvroCodec<Record> codec = AvroCodec.rows(schema);
    Record row = org.apache.iceberg.data.GenericRecord.create(schema);
    row.setField("id", 42L);
    row.setField("day", LocalDate.of(2024, 2, 29));
    row.setField("at", OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 1000, ZoneOffset.UTC));

    Record back = codec.fromBinary(codec.toBinary(row));
    String json = codec.toJson(row);

    assertThat(back).isEqualTo(row);
    assertThat(json).startsWith("{\"id\":42,\"day\":{\"int\":19782},");
    assertThat(codec.fromJson(json)).isEqualTo(row);
    assertThat(codec.fromSingleObject(codec.toSingleObject(row))).isEqualTo(row);
    assertThat(AvroCodec.rows(AvroRows.of(schema, "com.example.Row")).schema().getFullName())
        .isEqualTo("com.example.Row");
  }

  @Test
  void specificCodecUsesTheGeneratedClass() {
    AvroCodec<TestEvent> codec = AvroCodec.specific(TestEvent.class);
    TestEvent event = new TestEvent(9L, "nine");

    TestEvent back = codec.fromBinary(codec.toBinary(event));

    assertThat(back).isInstanceOf(TestEvent.class);
    assertThat(back.id).isEqualTo(9L);
    assertThat(back.name.toString()).isEqualTo("nine");
    assertThat(codec.fromJson(codec.toJson(event)).id).isEqualTo(9L);
    assertThat(codec.schema()).isEqualTo(TestEvent.SCHEMA$);
    assertThat(List.of(codec.fromSingleObject(codec.toSingleObject(event)).id)).containsExactly(9L);
  }

  @Test
  void specificRejectsClassesWithoutSchema() {
    assertThatThrownBy(() -> AvroCodec.specific(NotGenerated.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a generated Avro class");
  }

  /** A record class that declares no Avro schema. */
  abstract static class NotGenerated extends org.apache.avro.specific.SpecificRecordBase {}
}
