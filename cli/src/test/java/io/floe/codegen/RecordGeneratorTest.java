package io.floe.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated records compile (javax.tools, -Werror), append and read back equal on {@code
 * Floe.local}, keep working after a rename (matched by field id), and regenerating reports the
 * changes.
 */
class RecordGeneratorTest {
  @TempDir Path dir;

  /** A driver compiled with the generated record: typed code a user would write. */
  private static final String DRIVER =
      """
      package gen.model;

      import io.floe.FloeTable;
      import io.floe.ObjectStream;
      import io.floe.Variant;
      import java.math.BigDecimal;
      import java.nio.ByteBuffer;
      import java.time.*;
      import java.util.*;

      public final class Driver implements java.util.function.Function<FloeTable, Object> {
        public Object apply(FloeTable table) {
          Events a =
              new Events(
                  1L,
                  "first",
                  new BigDecimal("12.50"),
                  LocalDate.of(2026, 1, 31),
                  OffsetDateTime.of(2026, 1, 31, 10, 0, 0, 0, ZoneOffset.UTC),
                  LocalDateTime.of(2026, 1, 31, 10, 0, 1),
                  LocalTime.of(9, 30),
                  UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                  ByteBuffer.wrap(new byte[] {1, 2, 3}),
                  List.of("x", "y"),
                  Map.of("k", 1),
                  new Events.Address("Main St", 1000),
                  List.of(new Events.PointsItem(1.0, 2.0)),
                  Variant.parseJson("{\\"a\\": [1, \\"b\\", null], \\"n\\": 2.5}"),
                  1.5f,
                  true,
                  7);
          Events b =
              new Events(
                  2L, null, null, null, null, null, null, null, null, List.of(), Map.of(),
                  null, null, null, null, false, 8);
          table.newAppend().objects(List.of(a, b)).commit();
          List<Events> back = new ArrayList<>();
          try (ObjectStream<Events> rows = table.newScan().as(Events.class)) {
            rows.forEach(back::add);
          }
          back.sort(Comparator.comparingLong(Events::id));
          return List.of(List.of(a, b), back, Events.SCHEMA_ID);
        }
      }
      """;

  /** Reads the table again with the already compiled (earlier) record. */
  private static final String READER =
      """
      package gen.model;

      import io.floe.FloeTable;
      import java.util.*;

      public final class Reader implements java.util.function.Function<FloeTable, Object> {
        public Object apply(FloeTable table) {
          List<String> names = new ArrayList<>();
          for (Events e : table.newScan().as(Events.class)) {
            names.add(e.id() + ":" + e.name());
          }
          Collections.sort(names);
          table.newAppend().objects(List.of(new Events(
              3L, "third", null, null, null, null, null, null, null, List.of(), Map.of(),
              null, null, null, null, true, 9))).commit();
          return names;
        }
      }
      """;

  static FloeTable createEvents(Floe floe) {
    floe.createNamespace("db");
    return floe.createTable("db.events")
        .column("id", Types.LongType.get())
        .required()
        .column("name", Types.StringType.get())
        .column("price", Types.DecimalType.of(9, 2))
        .column("day", Types.DateType.get())
        .column("at", Types.TimestampType.withZone())
        .column("local_ts", Types.TimestampType.withoutZone())
        .column("t", Types.TimeType.get())
        .column("uid", Types.UUIDType.get())
        .column("raw", Types.BinaryType.get())
        .column("tags", Types.ListType.ofOptional(100, Types.StringType.get()))
        .column(
            "attrs",
            Types.MapType.ofOptional(101, 102, Types.StringType.get(), Types.IntegerType.get()))
        .column(
            "address",
            Types.StructType.of(
                Types.NestedField.optional(103, "street", Types.StringType.get()),
                Types.NestedField.required(104, "zip", Types.IntegerType.get())))
        .column(
            "points",
            Types.ListType.ofOptional(
                105,
                Types.StructType.of(
                    Types.NestedField.required(106, "x", Types.DoubleType.get()),
                    Types.NestedField.required(107, "y", Types.DoubleType.get()))))
        .column("payload", Types.VariantType.get())
        .column("score", Types.FloatType.get())
        .column("ok", Types.BooleanType.get())
        .required()
        .column("count", Types.IntegerType.get())
        .required()
        .create();
  }

  @Test
  @SuppressWarnings("unchecked")
  void generatedRecordCompilesAppendsAndReadsBackEqual() throws Exception {
    try (Floe floe = Floe.local(dir.resolve("warehouse"))) {
      FloeTable table = createEvents(floe);
      GeneratedRecord generated =
          RecordGenerator.of("gen.model")
              .generate(RecordGenerator.recordName("db.events"), table.schema());
      assertThat(generated.qualifiedName()).isEqualTo("gen.model.Events");
      assertThat(generated.source())
          .contains("@io.floe.FieldId(1) long id")
          .contains("java.time.OffsetDateTime at")
          .contains("java.util.Map<java.lang.String, java.lang.Integer> attrs")
          .contains("io.floe.Variant payload")
          .contains("public record Address(")
          .contains("java.util.List<PointsItem> points")
          .contains("public static final int SCHEMA_ID = " + table.schema().schemaId() + ";");
      Path src = dir.resolve("src");
      Path file = generated.write(src);
      assertThat(file).isEqualTo(src.resolve("gen/model/Events.java"));
      Files.writeString(src.resolve("gen/model/Driver.java"), DRIVER);
      Files.writeString(src.resolve("gen/model/Reader.java"), READER);

      try (URLClassLoader loader = Compiled.compile(src, dir.resolve("classes"))) {
        Class<?> events = loader.loadClass("gen.model.Events");
        assertThat(events.isRecord()).isTrue();
        assertThat(events.getRecordComponents()[0].getAnnotation(io.floe.FieldId.class).value())
            .isEqualTo(1);
        Function<FloeTable, Object> driver =
            (Function<FloeTable, Object>)
                loader.loadClass("gen.model.Driver").getConstructor().newInstance();
        List<Object> result = (List<Object>) driver.apply(table);
        assertThat(result.get(1)).isEqualTo(result.get(0));
        assertThat(result.get(2)).isEqualTo(table.schema().schemaId());
        // the recorded schema is the table's
        assertThat(RecordGenerator.recordedSchema(generated.source()))
            .hasValueSatisfying(s -> assertThat(s.sameSchema(table.schema())).isTrue());

        // rename a column and add one: the earlier record still reads and writes (by field id)
        table.updateSchema().renameColumn("name", "title").commit();
        table.updateSchema().addColumn("note", Types.StringType.get()).commit();
        Function<FloeTable, Object> reader =
            (Function<FloeTable, Object>)
                loader.loadClass("gen.model.Reader").getConstructor().newInstance();
        assertThat(reader.apply(floe.loadTable("db.events")))
            .isEqualTo(List.of("1:first", "2:null"));
        assertThat(
                floe.loadTable("db.events")
                    .newScan()
                    .where("id = 3")
                    .rows()
                    .iterator()
                    .next()
                    .get("title"))
            .isEqualTo("third");
      }
    }
  }

  @Test
  void compareReportsChangesByFieldId() {
    Schema before =
        new Schema(
            Types.NestedField.required(1, "id", Types.IntegerType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "gone", Types.StringType.get()),
            Types.NestedField.required(4, "price", Types.DecimalType.of(9, 2)),
            Types.NestedField.optional(
                5,
                "address",
                Types.StructType.of(Types.NestedField.optional(6, "zip", Types.StringType.get()))));
    Schema after =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "title", Types.StringType.get()),
            Types.NestedField.optional(4, "price", Types.DecimalType.of(12, 2)),
            Types.NestedField.optional(
                5,
                "address",
                Types.StructType.of(
                    Types.NestedField.optional(6, "zip", Types.IntegerType.get()),
                    Types.NestedField.required(8, "city", Types.StringType.get()))),
            Types.NestedField.optional(7, "note", Types.StringType.get()));
    List<SchemaChange> changes = RecordGenerator.compare(before, after);
    assertThat(changes)
        .extracting(c -> c.kind() + " " + c.fieldId() + " " + c.field())
        .containsExactly(
            "WIDENED 1 id",
            "RENAMED 2 title",
            "REMOVED 3 gone",
            "WIDENED_DECIMAL 4 price",
            "NOW_OPTIONAL 4 price",
            "CHANGED 6 address.zip",
            "ADDED_OPTIONAL 7 note",
            "ADDED_REQUIRED 8 address.city");
    assertThat(changes.get(1).before()).isEqualTo("name string optional");
    assertThat(changes.get(1).compatible()).isTrue();
    assertThat(changes.get(0).compatible()).isFalse();
    assertThat(RecordGenerator.compare(before, before)).isEmpty();
  }

  @Test
  void namesAreJavaIdentifiers() throws Exception {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "class", Types.LongType.get()),
            Types.NestedField.optional(2, "event-type", Types.StringType.get()),
            Types.NestedField.optional(3, "eventType", Types.StringType.get()),
            Types.NestedField.optional(4, "2nd", Types.StringType.get()),
            Types.NestedField.optional(5, "hashCode", Types.StringType.get()),
            Types.NestedField.optional(
                6,
                "string",
                Types.StructType.of(
                    Types.NestedField.optional(7, "doc \"q\" */ @x", Types.StringType.get()))));
    GeneratedRecord g = RecordGenerator.of("").generate("Weird", schema);
    Path src = dir.resolve("weird");
    g.write(src);
    try (URLClassLoader loader = Compiled.compile(src, dir.resolve("weird-classes"))) {
      Class<?> weird = loader.loadClass("Weird");
      assertThat(weird.getRecordComponents())
          .extracting(java.lang.reflect.RecordComponent::getName)
          .containsExactly("class_", "eventType", "eventType_3", "f2nd", "hashCode_", "string");
    }
    assertThat(RecordGenerator.recordedSchema(g.source()))
        .hasValueSatisfying(s -> assertThat(s.sameSchema(schema)).isTrue());
    assertThatThrownBy(() -> RecordGenerator.of("not a package"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Java package name");
  }
}
