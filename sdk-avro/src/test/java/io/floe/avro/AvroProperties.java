package io.floe.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;

/** Property tests: schema and record round trips, and agreement with Avro's compatibility rules. */
class AvroProperties {

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Property(tries = 300)
  void icebergSchemasRoundTripThroughAvro(@ForAll("seeds") long seed) {
    Schema schema = RandomData.schema(new Random(seed));

    org.apache.avro.Schema avro = AvroSchemas.toAvro(schema, "com.example.Row");
    // Also through Avro's JSON text, as a registry or file header would carry it.
    org.apache.avro.Schema reparsed = new org.apache.avro.Schema.Parser().parse(avro.toString());
    Schema back = AvroSchemas.toIceberg(reparsed);

    assertThat(back.asStruct()).isEqualTo(schema.asStruct());
    assertThat(back.identifierFieldIds()).isEqualTo(schema.identifierFieldIds());
    assertThat(AvroSchemas.hasFieldIds(reparsed)).isTrue();
  }

  @Property(tries = 200)
  void recordsRoundTripThroughBinaryJsonAndSingleObject(@ForAll("seeds") long seed) {
    Random random = new Random(seed);
    Schema schema = RandomData.schema(random);
    AvroCodec<Record> codec = AvroCodec.rows(schema);

    for (int i = 0; i < 5; i++) {
      Record record = RandomData.record(random, schema.asStruct());
      Object expected = RandomData.normalize(record);
      assertThat(RandomData.normalize(codec.fromBinary(codec.toBinary(record))))
          .isEqualTo(expected);
      assertThat(RandomData.normalize(codec.fromSingleObject(codec.toSingleObject(record))))
          .isEqualTo(expected);

      // Avro JSON has no NaN or infinity (Avro's JSON decoder rejects what its encoder writes).
      Record finite = RandomData.record(random, schema.asStruct(), false);
      assertThat(RandomData.normalize(codec.fromJson(codec.toJson(finite))))
          .isEqualTo(RandomData.normalize(finite));
    }
  }

  @Property(tries = 200)
  void genericRecordsRoundTripThroughBinaryAndJson(@ForAll("seeds") long seed) {
    Random random = new Random(seed);
    Schema schema = RandomData.schema(random);
    AvroRows rows = AvroRows.of(schema);
    AvroCodec<GenericRecord> codec = AvroCodec.generic(rows.avroSchema());

    Record record = RandomData.record(random, schema.asStruct(), false);
    GenericRecord avro = rows.toAvro(record);

    GenericRecord fromBinary = codec.fromBinary(codec.toBinary(avro));
    GenericRecord fromJson = codec.fromJson(codec.toJson(avro));
    // Compared as Iceberg values: Avro's own equality tells Utf8 map keys from String ones.
    Object expected = RandomData.normalize(record);
    assertThat(RandomData.normalize(rows.toRow(fromBinary))).isEqualTo(expected);
    assertThat(RandomData.normalize(rows.toRow(fromJson))).isEqualTo(expected);
    assertThat(fromBinary.getSchema()).isEqualTo(avro.getSchema());
  }

  @Property(tries = 1000)
  void compatibilityVerdictsAgreeWithAvro(@ForAll("seeds") long seed) {
    Random random = new Random(seed);
    org.apache.avro.Schema reader = RandomData.avro(random);
    org.apache.avro.Schema writer = random.nextInt(4) == 0 ? reader : RandomData.avro(random);

    boolean avroSays;
    try {
      avroSays =
          SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
              == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    } catch (org.apache.avro.AvroRuntimeException e) {
      avroSays = false; // Avro throws when a reader field matches several writer fields via aliases
    }
    boolean weSay = AvroCompatibility.canRead(reader, writer).isEmpty();
    Statistics.collect(avroSays ? "compatible" : "incompatible");

    assertThat(weSay).as("reader %s%nwriter %s", reader, writer).isEqualTo(avroSays);
  }
}
