package io.floe.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import java.math.BigDecimal;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.SchemaBuilder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.avro.AvroSchemaUtil;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {

  private static final Schema SCHEMA =
      new Schema(
          java.util.List.of(
              Types.NestedField.required(10, "id", Types.LongType.get(), "the key"),
              Types.NestedField.optional(11, "price", Types.DecimalType.of(9, 2)),
              Types.NestedField.optional(12, "day", Types.DateType.get()),
              Types.NestedField.optional(13, "at", Types.TimestampType.withZone()),
              Types.NestedField.optional(14, "local", Types.TimestampType.withoutZone()),
              Types.NestedField.optional(15, "nanos", Types.TimestampNanoType.withZone()),
              Types.NestedField.optional(16, "clock", Types.TimeType.get()),
              Types.NestedField.optional(17, "uid", Types.UUIDType.get()),
              Types.NestedField.builder()
                  .withId(18)
                  .withName("status")
                  .ofType(Types.StringType.get())
                  .isOptional(true)
                  .withInitialDefault(Literal.of("new"))
                  .build(),
              Types.NestedField.optional(
                  19, "tags", Types.ListType.ofRequired(20, Types.StringType.get())),
              Types.NestedField.optional(
                  21,
                  "by_day",
                  Types.MapType.ofOptional(22, 23, Types.DateType.get(), Types.IntegerType.get())),
              Types.NestedField.optional(
                  24,
                  "address",
                  Types.StructType.of(
                      Types.NestedField.required(25, "zip-code", Types.StringType.get())))),
          Set.of(10));

  @Test
  void toAvroKeepsIdsDocsDefaultsAndLogicalTypes() {
    org.apache.avro.Schema avro = AvroSchemas.toAvro(SCHEMA, "com.example.Order");

    assertThat(avro.getFullName()).isEqualTo("com.example.Order");
    org.apache.avro.Schema.Field id = avro.getField("id");
    assertThat(id.doc()).isEqualTo("the key");
    assertThat(id.getObjectProp("field-id")).isEqualTo(10);
    assertThat(id.schema().getType()).isEqualTo(org.apache.avro.Schema.Type.LONG);
    assertThat(AvroSchemas.nonNull(avro.getField("price").schema(), "price").getLogicalType())
        .isEqualTo(LogicalTypes.decimal(9, 2));
    assertThat(AvroSchemas.nonNull(avro.getField("day").schema(), "day").getLogicalType())
        .isEqualTo(LogicalTypes.date());
    assertThat(AvroSchemas.nonNull(avro.getField("at").schema(), "at").getLogicalType())
        .isEqualTo(LogicalTypes.timestampMicros());
    assertThat(AvroSchemas.nonNull(avro.getField("local").schema(), "local").getLogicalType())
        .isEqualTo(LogicalTypes.localTimestampMicros());
    assertThat(AvroSchemas.nonNull(avro.getField("nanos").schema(), "nanos").getLogicalType())
        .isEqualTo(LogicalTypes.timestampNanos());
    assertThat(AvroSchemas.nonNull(avro.getField("clock").schema(), "clock").getLogicalType())
        .isEqualTo(LogicalTypes.timeMicros());
    assertThat(AvroSchemas.nonNull(avro.getField("uid").schema(), "uid").getLogicalType().getName())
        .isEqualTo("uuid");
    // An optional field with a non-null default puts the value type first, as Avro requires.
    org.apache.avro.Schema.Field status = avro.getField("status");
    assertThat(status.schema().getTypes().get(0).getType())
        .isEqualTo(org.apache.avro.Schema.Type.STRING);
    assertThat(status.defaultVal()).isEqualTo("new");
    assertThat(avro.getField("price").defaultVal())
        .isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    // Names Avro cannot hold are sanitized, the original kept as a property.
    org.apache.avro.Schema address =
        AvroSchemas.nonNull(avro.getField("address").schema(), "address");
    org.apache.avro.Schema.Field zip = address.getFields().get(0);
    assertThat(zip.name()).isNotEqualTo("zip-code");
    assertThat(zip.getProp("iceberg-field-name")).isEqualTo("zip-code");
    assertThat(avro.getObjectProp(AvroSchemas.IDENTIFIER_FIELD_IDS_PROP))
        .isEqualTo(java.util.List.of(10));
  }

  @Test
  void toIcebergReversesToAvroExactly() {
    Schema back = AvroSchemas.toIceberg(AvroSchemas.toAvro(SCHEMA, "Order"));

    assertThat(back.sameSchema(SCHEMA)).isTrue();
    assertThat(back.findField("status").initialDefault()).isEqualTo("new");
  }

  @Test
  void icebergsOwnReaderUnderstandsTheAvroForm() {
    org.apache.avro.Schema avro = AvroSchemas.toAvro(SCHEMA, "Order");
    Schema viaIceberg = AvroSchemaUtil.toIceberg(avro);

    assertThat(viaIceberg.findField(21).type()).isEqualTo(SCHEMA.findField(21).type());
    assertThat(viaIceberg.findField("price").type()).isEqualTo(Types.DecimalType.of(9, 2));
    assertThat(viaIceberg.findField("at").type()).isEqualTo(Types.TimestampType.withZone());
  }

  @Test
  void toIcebergAssignsFreshIdsWhenTheAvroSchemaHasNone() {
    org.apache.avro.Schema avro =
        SchemaBuilder.record("Event")
            .fields()
            .requiredLong("id")
            .name("kind")
            .type()
            .enumeration("Kind")
            .symbols("A", "B")
            .enumDefault("A")
            .name("payload")
            .type()
            .optional()
            .record("Payload")
            .fields()
            .name("tags")
            .type()
            .array()
            .items()
            .stringType()
            .noDefault()
            .endRecord()
            .name("millis")
            .type(
                LogicalTypes.timestampMillis()
                    .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG)))
            .noDefault()
            .name("count")
            .type()
            .intType()
            .intDefault(7)
            .endRecord();

    assertThat(AvroSchemas.hasFieldIds(avro)).isFalse();
    Schema schema = AvroSchemas.toIceberg(avro);

    assertThat(schema.findField("id").fieldId()).isEqualTo(1);
    assertThat(schema.findField("kind").type()).isEqualTo(Types.StringType.get());
    assertThat(schema.findField("payload").isOptional()).isTrue();
    assertThat(schema.findField("payload.tags").type()).isInstanceOf(Types.ListType.class);
    assertThat(schema.findField("millis").type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(schema.findField("count").initialDefault()).isEqualTo(7);
    assertThat(schema.findField("count").isRequired()).isTrue();
    assertThat(schema.columns())
        .extracting(Types.NestedField::fieldId)
        .containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void toIcebergKeepsGivenIdsAndFillsMissingOnesAboveThem() {
    org.apache.avro.Schema avro =
        SchemaBuilder.record("R")
            .fields()
            .name("a")
            .prop("field-id", 40)
            .type()
            .longType()
            .noDefault()
            .name("b")
            .type()
            .stringType()
            .noDefault()
            .endRecord();

    Schema schema = AvroSchemas.toIceberg(avro);

    assertThat(schema.findField("a").fieldId()).isEqualTo(40);
    assertThat(schema.findField("b").fieldId()).isEqualTo(41);
  }

  @Test
  void decimalDefaultsSurviveTheRoundTrip() {
    Schema schema =
        new Schema(
            Types.NestedField.builder()
                .withId(1)
                .withName("d")
                .ofType(Types.DecimalType.of(5, 2))
                .isOptional(false)
                .withInitialDefault(Literal.of(new BigDecimal("-12.34")))
                .build());

    Schema back = AvroSchemas.toIceberg(AvroSchemas.toAvro(schema, "R"));

    assertThat(back.findField("d").initialDefault()).isEqualTo(new BigDecimal("-12.34"));
    assertThat(back.findField("d").writeDefault()).isNull();
  }

  @Test
  void toIcebergRejectsNonRecordsUnionsAndRecursion() {
    assertThatThrownBy(
            () ->
                AvroSchemas.toIceberg(
                    org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("must be a record, not INT");

    org.apache.avro.Schema union =
        SchemaBuilder.record("R")
            .fields()
            .name("v")
            .type()
            .unionOf()
            .intType()
            .and()
            .stringType()
            .endUnion()
            .noDefault()
            .endRecord();
    assertThatThrownBy(() -> AvroSchemas.toIceberg(union))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("Avro field v is a union of several non-null types");

    org.apache.avro.Schema recursive =
        new org.apache.avro.Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
    assertThatThrownBy(() -> AvroSchemas.toIceberg(recursive))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("Avro record Node at next is recursive");
  }

  @Test
  void toIcebergRejectsDuplicateIds() {
    org.apache.avro.Schema avro =
        SchemaBuilder.record("R")
            .fields()
            .name("a")
            .prop("field-id", 1)
            .type()
            .longType()
            .noDefault()
            .name("b")
            .prop("field-id", 1)
            .type()
            .longType()
            .noDefault()
            .endRecord();

    assertThatThrownBy(() -> AvroSchemas.toIceberg(avro))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Field id 1 of b is used twice in the Avro schema; give each field its own id")
        .satisfies(e -> assertThat(((ValidationException) e).column()).contains("b"));
  }

  @Test
  void toAvroRejectsTypesWithoutAvroFormAndBadNames() {
    Schema variant = new Schema(Types.NestedField.optional(1, "v", Types.VariantType.get()));
    assertThatThrownBy(() -> AvroSchemas.toAvro(variant, "R"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("Column v has type variant, which has no Avro form");

    assertThatThrownBy(() -> AvroSchemas.toAvro(SCHEMA, "not a name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid Avro record name not a name");
  }

  @Test
  void hasFieldIdsChecksEveryLevel() {
    assertThat(AvroSchemas.hasFieldIds(AvroSchemas.toAvro(SCHEMA, "R"))).isTrue();
    org.apache.avro.Schema partial =
        SchemaBuilder.record("R")
            .fields()
            .name("a")
            .prop("field-id", 1)
            .type()
            .array()
            .items()
            .longType()
            .noDefault()
            .endRecord();
    assertThat(AvroSchemas.hasFieldIds(partial)).isFalse();
  }
}
