package io.floe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class BuildersTest {

  @Test
  void schemaBuilderAssignsFreshIdsAndKeepsDocsAndRequiredness() {
    Schema schema =
        SchemaBuilder.create()
            .column("id", Types.LongType.get())
            .required()
            .identifier()
            .column("name", Types.StringType.get())
            .doc("display name")
            .struct("address", a -> a.column("city", Types.StringType.get()).required())
            .list("tags", Types.StringType.get())
            .map("attrs", Types.StringType.get(), Types.IntegerType.get())
            .build();
    assertThat(schema.findField("id").isRequired()).isTrue();
    assertThat(schema.findField("id").fieldId()).isEqualTo(1);
    assertThat(schema.findField("name").doc()).isEqualTo("display name");
    assertThat(schema.findField("address.city").isRequired()).isTrue();
    assertThat(schema.identifierFieldNames()).containsExactly("id");
    assertThat(schema.findField("tags").type().asListType().isElementOptional()).isTrue();
    // every id is unique
    assertThat(org.apache.iceberg.types.TypeUtil.indexById(schema.asStruct())).hasSize(9);
  }

  @Test
  void schemaBuilderRejectsBadInputAtTheSetterOrAtBuild() {
    assertThatThrownBy(
            () ->
                SchemaBuilder.create()
                    .column("a", Types.IntegerType.get())
                    .column("a", Types.LongType.get()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Duplicate column name: a");
    assertThatThrownBy(() -> SchemaBuilder.create().column(" ", Types.IntegerType.get()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> SchemaBuilder.create().required())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Add a column first");
    assertThatThrownBy(() -> SchemaBuilder.create().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one column");
    assertThatThrownBy(
            () -> SchemaBuilder.create().column("id", Types.LongType.get()).identifier().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Identifier column id must be required");
    assertThatThrownBy(() -> SchemaBuilder.create().struct("s", s -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Struct column s has no fields");
  }

  @Test
  void partitionFieldsBuildSpecsAndValidateArguments() {
    Schema schema =
        SchemaBuilder.create()
            .column("id", Types.LongType.get())
            .column("ts", Types.TimestampType.withZone())
            .column("name", Types.StringType.get())
            .build();
    PartitionSpec spec =
        PartitionFields.create().day("ts").bucket("id", 8).truncate("name", 3).toSpec(schema);
    assertThat(spec.fields())
        .extracting(f -> f.transform().toString())
        .containsExactly("day", "bucket[8]", "truncate[3]");
    assertThat(PartitionFields.create().toSpec(schema).isUnpartitioned()).isTrue();
    assertThatThrownBy(() -> PartitionFields.create().bucket("id", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id")
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> PartitionFields.create().truncate("name", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> PartitionFields.create().identity("missing").toSpec(schema))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
    assertThat(PartitionFields.create().year("ts").toSpec(schema).fields()).hasSize(1);
    assertThat(PartitionFields.create().month("ts").toSpec(schema).fields()).hasSize(1);
    assertThat(PartitionFields.create().hour("ts").toSpec(schema).fields()).hasSize(1);
    assertThat(PartitionFields.create().identity("name").toSpec(schema).fields()).hasSize(1);
  }

  @Test
  void sortFieldsBuildOrdersWithNullOrdering() {
    Schema schema =
        SchemaBuilder.create()
            .column("a", Types.IntegerType.get())
            .column("b", Types.StringType.get())
            .build();
    SortOrder order = SortFields.create().asc("a").desc("b").nullsFirst().toSortOrder(schema);
    assertThat(order.fields()).hasSize(2);
    assertThat(order.fields().get(0).direction()).isEqualTo(SortDirection.ASC);
    assertThat(order.fields().get(0).nullOrder()).isEqualTo(NullOrder.NULLS_FIRST);
    assertThat(order.fields().get(1).direction()).isEqualTo(SortDirection.DESC);
    assertThat(order.fields().get(1).nullOrder()).isEqualTo(NullOrder.NULLS_FIRST);
    assertThat(
            SortFields.create()
                .asc("a")
                .nullsLast()
                .toSortOrder(schema)
                .fields()
                .get(0)
                .nullOrder())
        .isEqualTo(NullOrder.NULLS_LAST);
    assertThatThrownBy(() -> SortFields.create().nullsLast())
        .isInstanceOf(IllegalStateException.class);
    assertThat(SortFields.create().toSortOrder(schema).isUnsorted()).isTrue();
  }

  @Test
  void configsKeepPropertiesButNeverPrintValues() {
    FloeConfig config =
        FloeConfig.builder("prod")
            .property("type", "rest")
            .property("credential", "client:secret-value")
            .build();
    assertThat(config.name()).isEqualTo("prod");
    assertThat(config.properties()).containsEntry("credential", "client:secret-value");
    assertThat(config.toString()).contains("prod", "credential").doesNotContain("secret-value");
    assertThatThrownBy(() -> config.properties().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(FloeConfig.local(Path.of("wh")).properties())
        .containsEntry("type", "local")
        .containsKey("warehouse");
    assertThat(FloeConfig.inMemory().properties()).containsEntry("type", "in-memory");
    assertThat(FloeConfig.of("x", Map.of("catalog-impl", "a.B")).name()).isEqualTo("x");
    assertThatThrownBy(() -> FloeConfig.builder("x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x")
        .hasMessageContaining("type");
    assertThatThrownBy(() -> FloeConfig.builder(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }

  @Test
  void withoutAnImplementationOpeningFailsClearly() {
    assertThatThrownBy(Floe::inMemory)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("floe-sdk-impl");
  }

  @Test
  void exceptionsCarryTheirContext() {
    ValidationException v = new ValidationException("bad", "db.t", "c", null);
    assertThat(v.table()).contains("db.t");
    assertThat(v.column()).contains("c");
    assertThat(new ValidationException("plain").column()).isEmpty();
    FloeIOException io = new FloeIOException("read", "/x.parquet", "boom", null);
    assertThat(io.operation()).isEqualTo("read");
    assertThat(io.path()).contains("/x.parquet");
    assertThat(new CommitConflictException("c", null)).isInstanceOf(FloeException.class);
  }
}
