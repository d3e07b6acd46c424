package io.floe.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.avro.Incompatibility.Kind;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class AvroCompatibilityTest {
  private static final Schema V1 =
      SchemaBuilder.record("User").fields().requiredLong("id").requiredInt("age").endRecord();
  // adds a field with a default, widens age: backward compatible; forward too (old readers skip
  // email)
  private static final Schema V2 =
      SchemaBuilder.record("User")
          .fields()
          .requiredLong("id")
          .requiredLong("age")
          .name("email")
          .type()
          .stringType()
          .stringDefault("")
          .endRecord();
  // adds a required field without default: not backward compatible with V1 or V2
  private static final Schema V3 =
      SchemaBuilder.record("User")
          .fields()
          .requiredLong("id")
          .requiredLong("age")
          .name("email")
          .type()
          .stringType()
          .stringDefault("")
          .requiredString("country")
          .endRecord();

  @Test
  void backwardChecksTheNewSchemaReadingTheLatest() {
    CompatibilityReport ok = AvroCompatibility.check(CompatibilityLevel.BACKWARD, V2, List.of(V1));
    CompatibilityReport bad =
        AvroCompatibility.check(CompatibilityLevel.BACKWARD, V3, List.of(V1, V2));

    assertThat(ok.isCompatible()).isTrue();
    assertThat(ok.toString()).isEqualTo("BACKWARD: compatible");
    assertThat(bad.isCompatible()).isFalse();
    assertThat(bad.incompatibilities())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(Kind.READER_FIELD_MISSING_DEFAULT_VALUE);
              assertThat(problem.field()).isEqualTo("country");
              assertThat(problem.reader()).isEqualTo("new schema");
              assertThat(problem.writer()).isEqualTo("version 2");
              assertThat(problem.message()).contains("give it a default");
            });
  }

  @Test
  void forwardChecksTheLatestReadingTheNewSchema() {
    // V1 (int age) cannot read V2's long age.
    CompatibilityReport report =
        AvroCompatibility.check(CompatibilityLevel.FORWARD, V2, List.of(V1));

    assertThat(report.incompatibilities())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(Kind.TYPE_MISMATCH);
              assertThat(problem.field()).isEqualTo("age");
              assertThat(problem.reader()).isEqualTo("version 1");
              assertThat(problem.message())
                  .isEqualTo("the reader's int cannot read the writer's long");
            });
  }

  @Test
  void fullAndTransitiveLevelsCheckMoreVersions() {
    Schema v2Int =
        SchemaBuilder.record("User")
            .fields()
            .requiredLong("id")
            .requiredInt("age")
            .name("email")
            .type()
            .stringType()
            .stringDefault("")
            .endRecord();
    Schema v3NoAge =
        SchemaBuilder.record("User")
            .fields()
            .requiredLong("id")
            .name("email")
            .type()
            .stringType()
            .stringDefault("")
            .endRecord();

    assertThat(AvroCompatibility.check(CompatibilityLevel.FULL, v2Int, List.of(V1)).isCompatible())
        .isTrue();
    // v3 drops age: old readers (which need age, no default) cannot read it.
    CompatibilityReport full =
        AvroCompatibility.check(CompatibilityLevel.FULL_TRANSITIVE, v3NoAge, List.of(V1, v2Int));
    assertThat(full.incompatibilities())
        .extracting(Incompatibility::writer)
        .containsOnly("new schema");
    assertThat(full.incompatibilities())
        .extracting(Incompatibility::reader)
        .containsExactlyInAnyOrder("version 2", "version 1");
    // Latest-only checks see version 2 alone.
    assertThat(
            AvroCompatibility.check(CompatibilityLevel.FORWARD, v3NoAge, List.of(V1, v2Int))
                .incompatibilities())
        .hasSize(1);
    assertThat(
            AvroCompatibility.check(CompatibilityLevel.BACKWARD_TRANSITIVE, V3, List.of(V1, V2))
                .incompatibilities())
        .hasSize(2);
    assertThat(
            AvroCompatibility.check(
                    CompatibilityLevel.FORWARD_TRANSITIVE, v3NoAge, List.of(V1, v2Int))
                .incompatibilities())
        .hasSize(2);
    assertThat(
            AvroCompatibility.check(CompatibilityLevel.NONE, v3NoAge, List.of(V1)).isCompatible())
        .isTrue();
    assertThat(AvroCompatibility.check(CompatibilityLevel.FULL, v3NoAge, List.of()).isCompatible())
        .isTrue();
  }

  @Test
  void canReadNamesNestedFieldsEnumsFixedAndUnions() {
    Schema writer =
        new Schema.Parser()
            .parse(
                """
        {"type":"record","name":"R","fields":[
          {"name":"address","type":{"type":"record","name":"A","fields":[{"name":"zip","type":"string"}]}},
          {"name":"kind","type":{"type":"enum","name":"K","symbols":["X","Y","Z"]}},
          {"name":"hash","type":{"type":"fixed","name":"H","size":16}},
          {"name":"tags","type":{"type":"array","items":["null","string","int"]}}]}""");
    Schema reader =
        new Schema.Parser()
            .parse(
                """
        {"type":"record","name":"R","fields":[
          {"name":"address","type":{"type":"record","name":"A","fields":[{"name":"zip","type":"int"}]}},
          {"name":"kind","type":{"type":"enum","name":"K","symbols":["X","Y"]}},
          {"name":"hash","type":{"type":"fixed","name":"H","size":32}},
          {"name":"tags","type":{"type":"array","items":["null","string"]}}]}""");

    List<Incompatibility> problems = AvroCompatibility.canRead(reader, writer);

    assertThat(problems)
        .extracting(Incompatibility::field, Incompatibility::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("address.zip", Kind.TYPE_MISMATCH),
            org.assertj.core.groups.Tuple.tuple("kind", Kind.MISSING_ENUM_SYMBOLS),
            org.assertj.core.groups.Tuple.tuple("hash", Kind.FIXED_SIZE_MISMATCH),
            org.assertj.core.groups.Tuple.tuple("tags[]", Kind.MISSING_UNION_BRANCH));
    assertThat(problems.get(1).message()).contains("[Z]");
    assertThat(problems.get(0).toString())
        .isEqualTo(
            "address.zip: the reader's int cannot read the writer's string (reader reading writer)");
    assertThat(AvroCompatibility.canRead(writer, writer)).isEmpty();
  }

  @Test
  void renamedRecordsNeedAnAlias() {
    Schema writer = SchemaBuilder.record("Old").fields().requiredLong("id").endRecord();
    Schema renamed = SchemaBuilder.record("New").fields().requiredLong("id").endRecord();
    Schema aliased =
        SchemaBuilder.record("New").aliases("Old").fields().requiredLong("id").endRecord();

    assertThat(AvroCompatibility.canRead(renamed, writer))
        .singleElement()
        .extracting(Incompatibility::kind)
        .isEqualTo(Kind.NAME_MISMATCH);
    assertThat(AvroCompatibility.canRead(aliased, writer)).isEmpty();
  }

  @Test
  void reportAndIncompatibilityCheckTheirValues() {
    assertThatThrownBy(() -> new Incompatibility(null, "f", "r", "w", "m"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("kind");
    assertThatThrownBy(() -> new CompatibilityReport(null, List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("level");
    assertThatThrownBy(() -> AvroCompatibility.check(CompatibilityLevel.FULL, null, List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("candidate");
    CompatibilityReport report =
        AvroCompatibility.check(CompatibilityLevel.BACKWARD, V3, List.of(V2));
    assertThat(report.toString()).startsWith("BACKWARD: 1 incompatibilities:").contains("country");
    assertThat(report.level()).isEqualTo(CompatibilityLevel.BACKWARD);
  }
}
