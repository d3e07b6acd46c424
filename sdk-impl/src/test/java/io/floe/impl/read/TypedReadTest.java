package io.floe.impl.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ObjectStream;
import io.floe.Row;
import io.floe.ValidationException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Scan.as(Class)} and {@code Scan.where(String)} on the in-memory kit and on the embedded
 * production stack ({@code Floe.local}: SQLite catalog, local files, caching).
 */
class TypedReadTest {
  @TempDir Path dir;

  static Stream<Named<Function<Path, Floe>>> backends() {
    return Stream.of(Named.of("inMemory", p -> Floe.inMemory()), Named.of("local", Floe::local));
  }

  public enum Color {
    RED,
    GREEN
  }

  /** Every primitive type; camelCase components for snake_case columns. */
  public record AllTypes(
      long id,
      boolean flag,
      int small,
      Long bigCount,
      float ratio,
      double score,
      BigDecimal price,
      LocalDate day,
      LocalTime clock,
      LocalDateTime localTs,
      Instant eventTs,
      String name,
      UUID uid,
      ByteBuffer blob,
      ByteBuffer fix,
      Color color) {}

  private static FloeTable allTypesTable(Floe floe) {
    return floe.createTable("db.all_types")
        .column("id", Types.LongType.get())
        .required()
        .column("flag", Types.BooleanType.get())
        .column("small", Types.IntegerType.get())
        .column("big_count", Types.LongType.get())
        .column("ratio", Types.FloatType.get())
        .column("score", Types.DoubleType.get())
        .column("price", Types.DecimalType.of(9, 2))
        .column("day", Types.DateType.get())
        .column("clock", Types.TimeType.get())
        .column("local_ts", Types.TimestampType.withoutZone())
        .column("event_ts", Types.TimestampType.withZone())
        .column("name", Types.StringType.get())
        .column("uid", Types.UUIDType.get())
        .column("blob", Types.BinaryType.get())
        .column("fix", Types.FixedType.ofLength(3))
        .column("color", Types.StringType.get())
        .create();
  }

  private static AllTypes sample(long id) {
    return new AllTypes(
        id,
        id % 2 == 0,
        (int) id * 10,
        id * 1_000_000_000_000L,
        0.5f + id,
        1.25 * id,
        new BigDecimal(id + ".25"),
        LocalDate.of(2026, 1, (int) id),
        LocalTime.of(12, 30, (int) id),
        LocalDateTime.of(2026, 1, 1, 10, 0, (int) id),
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id),
        "name" + id,
        new UUID(id, id),
        ByteBuffer.wrap(new byte[] {(byte) id, 2}),
        ByteBuffer.wrap(new byte[] {1, 2, (byte) id}),
        id % 2 == 0 ? Color.RED : Color.GREEN);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void everyPrimitiveTypeRoundTripsThroughObjectsAndAs(Function<Path, Floe> backend) {
    try (Floe floe = backend.apply(dir)) {
      FloeTable table = allTypesTable(floe);
      List<AllTypes> written = List.of(sample(1), sample(2), sample(3));
      table.newAppend().objects(written).commit();

      assertThat(table.newScan().as(AllTypes.class).toList())
          .containsExactlyInAnyOrderElementsOf(written);
      // filters, limit and time travel apply as they do to rows
      long first = table.currentSnapshot().orElseThrow().snapshotId();
      table.newAppend().objects(List.of(sample(4))).commit();
      assertThat(table.newScan().where("id >= 2 and name like 'name%'").as(AllTypes.class).toList())
          .containsExactlyInAnyOrder(sample(2), sample(3), sample(4));
      assertThat(table.newScan().asOfSnapshot(first).as(AllTypes.class).toList()).hasSize(3);
      assertThat(table.newScan().limit(2).as(AllTypes.class).toList()).hasSize(2);
      assertThat(
              table
                  .newScan()
                  .where("uid = uuid '00000000-0000-0002-0000-000000000002'")
                  .as(AllTypes.class)
                  .toList())
          .containsExactly(sample(2));
      assertThat(
              table
                  .newScan()
                  .where(
                      "event_ts > timestamptz '2026-01-01 00:00:02Z' and day <= date '2026-01-03'"
                          + " and local_ts >= timestamp '2026-01-01 10:00:03' and blob = x'0302' and price between 3 and 3.25")
                  .as(AllTypes.class)
                  .toList())
          .containsExactly(sample(3));
      // incremental scans read objects too
      assertThat(
              table.newIncrementalScan().fromSnapshotExclusive(first).as(AllTypes.class).toList())
          .containsExactly(sample(4));
      assertThat(table.newIncrementalScan().where("id < 3").as(AllTypes.class).toList())
          .containsExactlyInAnyOrder(sample(1), sample(2));
    }
  }

  /** Other lossless targets of the same columns. */
  public record Widened(
      long small,
      double ratio,
      OffsetDateTime eventTs,
      Instant localTs,
      String uid,
      byte[] blob,
      Object name,
      Number score) {}

  @Test
  void valuesWidenWhereNothingIsLost() {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table = allTypesTable(floe);
      table.newAppend().objects(List.of(sample(1))).commit();
      Widened w = table.newScan().as(Widened.class).toList().get(0);
      assertThat(w.small()).isEqualTo(10L);
      assertThat(w.ratio()).isEqualTo(1.5);
      assertThat(w.eventTs()).isEqualTo(OffsetDateTime.of(2026, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC));
      assertThat(w.localTs()).isEqualTo(Instant.parse("2026-01-01T10:00:01Z"));
      assertThat(w.uid()).isEqualTo(new UUID(1, 1).toString());
      assertThat(w.blob()).containsExactly(1, 2);
      assertThat(w.name()).isEqualTo("name1");
      assertThat(w.score()).isEqualTo(1.25);
    }
  }

  /** A POJO: public no-argument constructor, a setter and public fields. */
  public static class Pojo {
    public long id;
    public String name;
    private Instant ts;

    public Pojo() {}

    public void setEventTs(Instant ts) {
      this.ts = ts;
    }

    Instant eventTs() {
      return ts;
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void pojosWithSettersAndFields(Function<Path, Floe> backend) {
    try (Floe floe = backend.apply(dir)) {
      FloeTable table = allTypesTable(floe);
      table.newAppend().objects(List.of(sample(1), sample(2))).commit();
      List<Pojo> pojos = table.newScan().where("id = 2").as(Pojo.class).toList();
      assertThat(pojos)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.id).isEqualTo(2);
                assertThat(p.name).isEqualTo("name2");
                assertThat(p.eventTs()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
              });
    }
  }

  public record Point(double x, Double y) {}

  public record Tag(String key, Long weight) {}

  public record Nested(
      long id,
      Point point,
      List<Tag> tags,
      Map<String, Long> counts,
      long[] codes,
      List<List<Integer>> matrix,
      Row rawPoint,
      Map<String, Object> pointMap) {}

  private static FloeTable nestedTable(Floe floe) {
    Types.StructType point =
        Types.StructType.of(
            Types.NestedField.optional(10, "x", Types.DoubleType.get()),
            Types.NestedField.optional(11, "y", Types.DoubleType.get()),
            Types.NestedField.optional(12, "z", Types.DoubleType.get()));
    return floe.createTable("db.nested")
        .column("id", Types.LongType.get())
        .required()
        .column("point", point)
        .column(
            "tags",
            Types.ListType.ofOptional(
                20,
                Types.StructType.of(
                    Types.NestedField.optional(21, "key", Types.StringType.get()),
                    Types.NestedField.optional(22, "weight", Types.LongType.get()))))
        .column(
            "counts",
            Types.MapType.ofOptional(30, 31, Types.StringType.get(), Types.LongType.get()))
        .column("codes", Types.ListType.ofOptional(40, Types.LongType.get()))
        .column(
            "matrix",
            Types.ListType.ofOptional(50, Types.ListType.ofOptional(51, Types.IntegerType.get())))
        .column("raw_point", point)
        .column("point_map", point)
        .column("unused", Types.StringType.get())
        .create();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void nestedStructsListsAndMaps(Function<Path, Floe> backend) {
    try (Floe floe = backend.apply(dir)) {
      FloeTable table = nestedTable(floe);
      Map<String, Object> point = new HashMap<>(Map.of("x", 1.0, "z", 3.0));
      point.put("y", null);
      Map<String, Object> row = new HashMap<>();
      row.put("id", 1L);
      row.put("point", point);
      row.put("tags", List.of(Map.of("key", "a", "weight", 5L), Map.of("key", "b")));
      row.put("counts", Map.of("k", 7L));
      row.put("codes", List.of(4L, 5L));
      row.put("matrix", List.of(List.of(1, 2), List.of()));
      row.put("raw_point", point);
      row.put("point_map", point);
      row.put("unused", "u");
      table.newAppend().row(row).commit();

      Nested n = table.newScan().as(Nested.class).toList().get(0);
      assertThat(n.id()).isEqualTo(1L);
      assertThat(n.point()).isEqualTo(new Point(1.0, null));
      assertThat(n.tags()).containsExactly(new Tag("a", 5L), new Tag("b", null));
      assertThat(n.counts()).isEqualTo(Map.of("k", 7L));
      assertThat(n.codes()).containsExactly(4L, 5L);
      assertThat(n.matrix()).isEqualTo(List.of(List.of(1, 2), List.of()));
      assertThat(n.rawPoint().get("z")).isEqualTo(3.0);
      assertThat(n.pointMap()).containsEntry("x", 1.0).containsEntry("z", 3.0);
      // only the columns the class needs are read: point.z and unused are not
      assertThat(ObjectReader.columns("db.nested", Nested.class, table.schema()))
          .containsExactly(
              "id",
              "point.x",
              "point.y",
              "tags",
              "counts",
              "codes",
              "matrix",
              "raw_point",
              "point_map");
      // with an explicit select the class must find its fields among the selected columns
      assertThatThrownBy(() -> table.newScan().select("id").as(Nested.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("field 'Nested.point' has no column");
    }
  }

  public record Ids(long id, int small) {}

  public record Missing(long id, String nickname) {}

  public record WrongType(String id) {}

  public record Lossy(int bigCount) {}

  public record BadNested(long id, Point point) {}

  public static class NoDefaultConstructor {
    public long id;

    public NoDefaultConstructor(long id) {
      this.id = id;
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void clearErrorsNamingTableClassAndField(Function<Path, Floe> backend) {
    try (Floe floe = backend.apply(dir)) {
      FloeTable table = allTypesTable(floe);
      Map<String, Object> nulls = new HashMap<>();
      nulls.put("id", 9L);
      nulls.put("small", null);
      table.newAppend().row(nulls).commit();

      assertThatThrownBy(() -> table.newScan().as(Missing.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageStartingWith(
              "Cannot read table db.all_types as " + Missing.class.getName() + ": ")
          .hasMessageContaining(
              "field 'Missing.nickname' has no column (camelCase matches snake_case); columns are [id, flag");
      assertThatThrownBy(() -> table.newScan().as(WrongType.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(
              "column 'id' of type long cannot be read into field 'WrongType.id' of type java.lang.String")
          .hasMessageContaining("declare it as long or Long")
          .satisfies(e -> assertThat(((ValidationException) e).column()).contains("id"))
          .satisfies(e -> assertThat(((ValidationException) e).table()).contains("db.all_types"));
      assertThatThrownBy(() -> table.newScan().as(Lossy.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(
              "column 'big_count' of type long cannot be read into field 'Lossy.bigCount' of type int");
      assertThatThrownBy(() -> table.newScan().as(NoDefaultConstructor.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("has no no-argument constructor");
      assertThatThrownBy(() -> table.newScan().as(String.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(
              "java.lang.String is not a record or a class with a no-argument constructor");
      // a null reaching a primitive fails on the row that holds it
      try (ObjectStream<Ids> ids = table.newScan().as(Ids.class)) {
        assertThatThrownBy(() -> ids.forEach(i -> {}))
            .isInstanceOf(ValidationException.class)
            .hasMessage(
                "Cannot read table db.all_types as "
                    + Ids.class.getName()
                    + ": column 'small' is null in a"
                    + " row, but field 'Ids.small' has primitive type int; declare it as Integer to read nulls")
            .satisfies(e -> assertThat(((ValidationException) e).column()).contains("small"));
      }
    }
  }

  @Test
  void nestedErrorsNameTheNestedField() {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table =
          floe.createTable("db.t")
              .column("id", Types.LongType.get())
              .column(
                  "point",
                  Types.StructType.of(Types.NestedField.optional(10, "x", Types.StringType.get())))
              .create();
      assertThatThrownBy(() -> table.newScan().as(BadNested.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(
              "column 'point.x' of type string cannot be read into field 'Point.x' of type double");
    }
  }

  public record IdOnly(long id) {}

  @ParameterizedTest
  @MethodSource("backends")
  void stringFiltersBindToTheTable(Function<Path, Floe> backend) {
    try (Floe floe = backend.apply(dir)) {
      FloeTable table =
          floe.createTable("db.events")
              .column("id", Types.LongType.get())
              .required()
              .column("category", Types.StringType.get())
              .column("ts", Types.TimestampType.withZone())
              .create();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long i = 0; i < 10; i++) {
        rows.add(
            Map.of(
                "id",
                i,
                "category",
                i % 3 == 0 ? "books" : "games",
                "ts",
                Instant.parse("2025-12-31T22:00:00Z").plusSeconds(3600 * i)));
      }
      table.newAppend().rows(rows).commit();

      List<Long> ids =
          table
              .newScan()
              .where("category = 'books' and ts >= timestamp '2026-01-01'")
              .rows()
              .stream()
              .map(r -> r.get("id", Long.class))
              .collect(Collectors.toList());
      assertThat(ids).containsExactlyInAnyOrder(3L, 6L, 9L);
      // where(String) and where(Expression) are ANDed like two where(Expression)
      assertThat(table.newScan().where("id < 5").where(Expressions.greaterThan("id", 2L)).count())
          .isEqualTo(2);
      assertThat(table.newScan().where("not (id < 5 or category <> 'games')").count()).isEqualTo(3);
      assertThat(table.newScan().where("id in (1, 2, 99) or id is null").count()).isEqualTo(2);

      assertThatThrownBy(() -> table.newScan().where("nope = 1").rows())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.events")
          .hasMessageContaining("nope")
          .satisfies(e -> assertThat(((ValidationException) e).table()).contains("db.events"));
      assertThatThrownBy(() -> table.newScan().where("id = 'abc'").rows())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.events")
          .hasMessageContaining("abc");
      // deletes and overwrites take the same text; Filter.parse gives the expression for the rest
      assertThat(
              table
                  .newChangelogScan()
                  .where(io.floe.Filter.parse("id between 2 and 4"))
                  .rows()
                  .toList())
          .hasSize(3);
      table.newDelete().where("category = 'games' and id >= 5").commit();
      assertThat(table.newScan().count()).isEqualTo(7);
      table.newOverwrite().where("id = 0").row(Map.of("id", 100L, "category", "music")).commit();
      assertThat(table.newScan().where("category like 'mus%'").as(IdOnly.class).toList())
          .containsExactly(new IdOnly(100L));
      assertThat(table.newScan().count()).isEqualTo(7);
      assertThatThrownBy(() -> table.newDelete().where("id >"))
          .isInstanceOf(ValidationException.class)
          .hasMessageStartingWith(
              "Invalid filter for table db.events at position 5: unexpected end of filter");
      // a syntax error fails at once, with the table, the text and the position
      assertThatThrownBy(() -> table.newScan().where("category = 'books' xx"))
          .isInstanceOf(ValidationException.class)
          .hasMessageStartingWith(
              "Invalid filter for table db.events at position 20: unexpected 'xx'");
    }
  }

  public record SnapshotInfo(
      long snapshotId,
      Long parentId,
      Instant committedAt,
      String operation,
      Map<String, String> summary) {}

  @ParameterizedTest
  @MethodSource("backends")
  void metadataTablesReadAsRecords(Function<Path, Floe> backend) {
    try (Floe floe = backend.apply(dir)) {
      FloeTable table = allTypesTable(floe);
      table.newAppend().objects(List.of(sample(1))).commit();
      table.newAppend().objects(List.of(sample(2))).commit();
      List<SnapshotInfo> snapshots =
          table
              .metadataTable(io.floe.MetadataTableType.SNAPSHOTS)
              .where("operation = 'append'")
              .as(SnapshotInfo.class)
              .toList();
      assertThat(snapshots).hasSize(2);
      assertThat(snapshots)
          .extracting(SnapshotInfo::snapshotId)
          .contains(table.currentSnapshot().orElseThrow().snapshotId());
      assertThat(snapshots)
          .allSatisfy(s -> assertThat(s.summary()).containsEntry("added-records", "1"));
    }
  }

  public record Change(
      long id, String name, io.floe.ChangelogScan.ChangeType changeType, int changeOrdinal) {}

  @ParameterizedTest
  @MethodSource("backends")
  void changelogScansReadAsRecords(Function<Path, Floe> backend) {
    try (Floe floe = backend.apply(dir)) {
      FloeTable table = allTypesTable(floe);
      table.newAppend().objects(List.of(sample(1), sample(2))).commit();
      table.newDelete().where("id = 1").commit();
      List<Change> changes = table.newChangelogScan().where("id >= 1").as(Change.class).toList();
      assertThat(changes)
          .containsExactlyInAnyOrder(
              new Change(1, "name1", io.floe.ChangelogScan.ChangeType.INSERT, 0),
              new Change(2, "name2", io.floe.ChangelogScan.ChangeType.INSERT, 0),
              new Change(1, "name1", io.floe.ChangelogScan.ChangeType.DELETE, 1));
    }
  }

  @Test
  void oneReaderReadsEveryRow() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "small", Types.IntegerType.get()));
    ObjectReader<Ids> reader = ObjectReader.of("db.t", Ids.class, schema);
    Row row = ValueRow.of(schema.asStruct(), new Object[] {5L, 6});
    assertThat(reader.read(row)).isEqualTo(new Ids(5, 6));
    assertThat(reader.read(ValueRow.of(schema.asStruct(), new Object[] {7L, 8})))
        .isEqualTo(new Ids(7, 8));
  }
}
