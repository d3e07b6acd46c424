package io.floe.testkit;

import io.floe.SchemaBuilder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * jqwik arbitraries for property tests of code that uses Floe: Iceberg types and schemas, rows that
 * fit a schema (in the Java values Floe's appends accept and its scans return), filters over a
 * schema's columns, and partition specs of a schema.
 *
 * <p>Values stay within what every layer can store exactly: dates and timestamps between the years
 * 1900 and 2200, timestamps with zone in UTC, strings of printable Latin characters. Stateless and
 * thread-safe; needs jqwik 1.9 on the test class path.
 *
 * <pre>{@code
 * @Property(tries = 50)
 * void roundTrips(@ForAll("schemas") Schema schema) { ... }
 *
 * @Provide
 * Arbitrary<Schema> schemas() {
 *   return FloeArbitraries.schemas();
 * }
 * }</pre>
 */
public final class FloeArbitraries {
  private static final long MIN_DAY = LocalDate.of(1900, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(2200, 1, 1).toEpochDay();
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private FloeArbitraries() {}

  /**
   * Iceberg primitive types of format version 2: boolean, int, long, float, double, decimal, date,
   * time, timestamp, timestamptz, string, uuid, binary and fixed.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Type> primitiveTypes() {
    Arbitrary<Type> decimals =
        Arbitraries.integers()
            .between(1, 38)
            .flatMap(
                p ->
                    Arbitraries.integers()
                        .between(0, p)
                        .map(s -> (Type) Types.DecimalType.of(p, s)));
    Arbitrary<Type> fixed = Arbitraries.integers().between(1, 32).map(Types.FixedType::ofLength);
    Arbitrary<Type> simple =
        Arbitraries.of(
            Types.BooleanType.get(),
            Types.IntegerType.get(),
            Types.LongType.get(),
            Types.FloatType.get(),
            Types.DoubleType.get(),
            Types.DateType.get(),
            Types.TimeType.get(),
            Types.TimestampType.withoutZone(),
            Types.TimestampType.withZone(),
            Types.StringType.get(),
            Types.UUIDType.get(),
            Types.BinaryType.get());
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(12, simple),
        net.jqwik.api.Tuple.of(1, decimals),
        net.jqwik.api.Tuple.of(1, fixed));
  }

  /**
   * Iceberg types, primitive or nested (structs, lists and maps up to two levels deep).
   *
   * @return the arbitrary
   */
  public static Arbitrary<Type> types() {
    return types(2);
  }

  private static Arbitrary<Type> types(int depth) {
    if (depth == 0) {
      return primitiveTypes();
    }
    Arbitrary<Type> inner = Arbitraries.lazy(() -> types(depth - 1));
    Arbitrary<Type> struct =
        names(1, 3)
            .flatMap(
                names ->
                    Combinators.combine(names.stream().map(n -> inner).toList())
                        .as(
                            fieldTypes -> {
                              SchemaBuilder b = SchemaBuilder.create();
                              for (int i = 0; i < names.size(); i++) {
                                b.column(names.get(i), fieldTypes.get(i));
                              }
                              return (Type) b.build().asStruct();
                            }));
    Arbitrary<Type> list = inner.map(t -> (Type) Types.ListType.ofOptional(1, t));
    Arbitrary<Type> map =
        Combinators.combine(primitiveTypes(), inner)
            .as((k, v) -> (Type) Types.MapType.ofOptional(1, 2, k, v));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, primitiveTypes()), net.jqwik.api.Tuple.of(1, struct),
        net.jqwik.api.Tuple.of(1, list), net.jqwik.api.Tuple.of(1, map));
  }

  private static Arbitrary<List<String>> names(int min, int max) {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .ofMinLength(1)
        .ofMaxLength(8)
        .list()
        .ofMinSize(min)
        .ofMaxSize(max)
        .uniqueElements();
  }

  /**
   * Schemas of 1 to 8 top-level columns with unique lower-case names, optional or required, of
   * primitive and nested types; field ids assigned as Floe assigns them.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Schema> schemas() {
    return schemas(types());
  }

  /**
   * Schemas of 1 to 8 top-level columns of primitive types only.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Schema> flatSchemas() {
    return schemas(primitiveTypes());
  }

  private static Arbitrary<Schema> schemas(Arbitrary<Type> columnTypes) {
    return names(1, 8)
        .flatMap(
            names ->
                Combinators.combine(
                        columnTypes.list().ofSize(names.size()),
                        Arbitraries.of(true, false).list().ofSize(names.size()))
                    .as(
                        (colTypes, required) -> {
                          SchemaBuilder b = SchemaBuilder.create();
                          for (int i = 0; i < names.size(); i++) {
                            b.column(names.get(i), colTypes.get(i));
                            if (required.get(i)) {
                              b.required();
                            }
                          }
                          return b.build();
                        }));
  }

  /**
   * Rows that fit a schema, as ordered maps from column name to value (null in optional columns one
   * time in ten), ready for {@code Append.row(...)}.
   *
   * @param schema the schema
   * @return the arbitrary
   */
  public static Arbitrary<Map<String, Object>> rowsFor(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    return structValues(schema.asStruct());
  }

  private static Arbitrary<Map<String, Object>> structValues(Types.StructType struct) {
    List<Arbitrary<Object>> fields = new ArrayList<>();
    for (Types.NestedField field : struct.fields()) {
      Arbitrary<Object> value = valuesOf(field.type());
      fields.add(field.isOptional() ? value.injectNull(0.1) : value);
    }
    if (fields.isEmpty()) {
      return Arbitraries.just(new LinkedHashMap<>());
    }
    return Combinators.combine(fields)
        .as(
            values -> {
              Map<String, Object> row = new LinkedHashMap<>();
              for (int i = 0; i < values.size(); i++) {
                row.put(struct.fields().get(i).name(), values.get(i));
              }
              return row;
            });
  }

  /**
   * Values of one Iceberg type, in the Java representation Floe's scans return.
   *
   * @param type the type
   * @return the arbitrary
   */
  @SuppressWarnings("unchecked")
  public static Arbitrary<Object> valuesOf(Type type) {
    Objects.requireNonNull(type, "type");
    return (Arbitrary<Object>)
        switch (type.typeId()) {
          case BOOLEAN -> Arbitraries.of(true, false);
          case INTEGER -> Arbitraries.integers();
          case LONG -> Arbitraries.longs();
          case FLOAT -> Arbitraries.floats().withSpecialValue(Float.NaN);
          case DOUBLE -> Arbitraries.doubles().withSpecialValue(Double.NaN);
          case DECIMAL -> decimals((Types.DecimalType) type);
          case DATE -> Arbitraries.longs().between(MIN_DAY, MAX_DAY).map(LocalDate::ofEpochDay);
          case TIME ->
              Arbitraries.longs()
                  .between(0, MICROS_PER_DAY - 1)
                  .map(us -> LocalTime.ofNanoOfDay(us * 1000));
          case TIMESTAMP ->
              Arbitraries.longs()
                  .between(MIN_DAY * MICROS_PER_DAY, MAX_DAY * MICROS_PER_DAY)
                  .map(
                      us -> {
                        LocalDateTime local =
                            LocalDateTime.ofEpochSecond(
                                Math.floorDiv(us, 1_000_000L),
                                (int) Math.floorMod(us, 1_000_000L) * 1000,
                                ZoneOffset.UTC);
                        return ((Types.TimestampType) type).shouldAdjustToUTC()
                            ? (Object) OffsetDateTime.of(local, ZoneOffset.UTC)
                            : (Object) local;
                      });
          case STRING ->
              Arbitraries.strings()
                  .withCharRange(' ', '~')
                  .withCharRange('\u00c0', '\u017f')
                  .ofMaxLength(16);
          case UUID -> Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
          case BINARY ->
              Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(ByteBuffer::wrap);
          case FIXED ->
              Arbitraries.bytes()
                  .array(byte[].class)
                  .ofSize(((Types.FixedType) type).length())
                  .map(ByteBuffer::wrap);
          case STRUCT -> structValues(type.asStructType());
          case LIST -> {
            Types.ListType list = type.asListType();
            Arbitrary<Object> element = valuesOf(list.elementType());
            yield (list.isElementOptional() ? element.injectNull(0.1) : element)
                .list()
                .ofMaxSize(4);
          }
          case MAP -> {
            Types.MapType map = type.asMapType();
            Arbitrary<Object> value = valuesOf(map.valueType());
            yield Arbitraries.maps(
                    valuesOf(map.keyType()), map.isValueOptional() ? value.injectNull(0.1) : value)
                .ofMaxSize(4);
          }
          default -> throw new IllegalArgumentException("No values for type " + type);
        };
  }

  private static Arbitrary<BigDecimal> decimals(Types.DecimalType type) {
    BigInteger bound = BigInteger.TEN.pow(type.precision()).subtract(BigInteger.ONE);
    return Arbitraries.bigIntegers()
        .between(bound.negate(), bound)
        .map(unscaled -> new BigDecimal(unscaled, type.scale()));
  }

  /**
   * Filters over a schema's top-level primitive columns: comparisons, set membership, null and NaN
   * checks and prefixes, with literals of each column's type, combined with AND, OR and NOT.
   *
   * @param schema the schema
   * @return the arbitrary; {@code alwaysTrue()} when the schema has no primitive column
   */
  public static Arbitrary<Expression> filtersFor(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    List<Types.NestedField> columns =
        schema.columns().stream().filter(f -> f.type().isPrimitiveType()).toList();
    if (columns.isEmpty()) {
      return Arbitraries.just(Expressions.alwaysTrue());
    }
    Arbitrary<Expression> predicate =
        Arbitraries.of(columns).flatMap(FloeArbitraries::predicatesOn);
    return filters(predicate, 2);
  }

  private static Arbitrary<Expression> filters(Arbitrary<Expression> predicate, int depth) {
    if (depth == 0) {
      return predicate;
    }
    Arbitrary<Expression> inner = Arbitraries.lazy(() -> filters(predicate, depth - 1));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, predicate),
        net.jqwik.api.Tuple.of(1, Combinators.combine(inner, inner).as(Expressions::and)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(inner, inner).as(Expressions::or)),
        net.jqwik.api.Tuple.of(1, inner.map(Expressions::not)));
  }

  private static Arbitrary<Expression> predicatesOn(Types.NestedField column) {
    String name = column.name();
    // Iceberg rejects NaN literals in comparisons and sets; isNaN/notNaN cover NaN
    Arbitrary<Object> literal =
        valuesOf(column.type())
            .filter(
                v -> !(v instanceof Float f && f.isNaN()) && !(v instanceof Double d && d.isNaN()))
            .map(FloeArbitraries::literalValue);
    List<Arbitrary<Expression>> choices =
        new ArrayList<>(
            List.of(
                Arbitraries.just(Expressions.isNull(name)),
                Arbitraries.just(Expressions.notNull(name)),
                literal.map(v -> Expressions.equal(name, v)),
                literal.map(v -> Expressions.notEqual(name, v)),
                literal
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(3)
                    .map(vs -> Expressions.in(name, vs.toArray())),
                literal
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(3)
                    .map(vs -> Expressions.notIn(name, vs.toArray()))));
    Type.TypeID id = column.type().typeId();
    if (id != Type.TypeID.BOOLEAN) {
      choices.add(literal.map(v -> Expressions.lessThan(name, v)));
      choices.add(literal.map(v -> Expressions.lessThanOrEqual(name, v)));
      choices.add(literal.map(v -> Expressions.greaterThan(name, v)));
      choices.add(literal.map(v -> Expressions.greaterThanOrEqual(name, v)));
    }
    if (id == Type.TypeID.FLOAT || id == Type.TypeID.DOUBLE) {
      choices.add(Arbitraries.just(Expressions.isNaN(name)));
      choices.add(Arbitraries.just(Expressions.notNaN(name)));
    }
    if (id == Type.TypeID.STRING) {
      Arbitrary<String> prefix = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(3);
      choices.add(prefix.map(p -> Expressions.startsWith(name, p)));
      choices.add(prefix.map(p -> Expressions.notStartsWith(name, p)));
    }
    return Arbitraries.oneOf(choices);
  }

  /** The literal Iceberg's expressions take for a value Floe returns. */
  private static Object literalValue(Object value) {
    if (value instanceof LocalDate
        || value instanceof LocalTime
        || value instanceof LocalDateTime
        || value instanceof OffsetDateTime) {
      return value.toString();
    }
    return value;
  }

  /**
   * Partition specs of a schema: up to three fields on distinct top-level primitive columns, each
   * with a transform that applies to the column's type (identity, bucket, truncate, year, month,
   * day, hour). Decimals are not truncated: Iceberg 1.11 fails to write a manifest when truncation
   * rounds a value past the column's precision.
   *
   * @param schema the schema
   * @return the arbitrary; unpartitioned specs included
   */
  public static Arbitrary<PartitionSpec> partitionSpecsFor(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    List<Types.NestedField> columns =
        schema.columns().stream().filter(f -> f.type().isPrimitiveType()).toList();
    if (columns.isEmpty()) {
      return Arbitraries.just(PartitionSpec.unpartitioned());
    }
    return Arbitraries.of(columns)
        .list()
        .ofMaxSize(Math.min(3, columns.size()))
        .uniqueElements()
        .flatMap(
            chosen ->
                Combinators.combine(chosen.stream().map(FloeArbitraries::transformsFor).toList())
                    .as(
                        fields -> {
                          PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
                          fields.forEach(f -> f.accept(builder));
                          return builder.build();
                        }));
  }

  private static Arbitrary<java.util.function.Consumer<PartitionSpec.Builder>> transformsFor(
      Types.NestedField column) {
    String name = column.name();
    List<Arbitrary<java.util.function.Consumer<PartitionSpec.Builder>>> choices = new ArrayList<>();
    choices.add(Arbitraries.just(b -> b.identity(name)));
    switch (column.type().typeId()) {
      // no truncate on decimals: Iceberg 1.11 can round a value past the column's precision
      // (truncate(1) of -0.99 in decimal(2,2) is -1.00) and then fails writing the manifest
      case DECIMAL ->
          choices.add(Arbitraries.integers().between(1, 64).map(n -> b -> b.bucket(name, n)));
      case INTEGER, LONG, STRING, BINARY -> {
        choices.add(Arbitraries.integers().between(1, 64).map(n -> b -> b.bucket(name, n)));
        choices.add(Arbitraries.integers().between(1, 16).map(w -> b -> b.truncate(name, w)));
      }
      case UUID, FIXED, TIME ->
          choices.add(Arbitraries.integers().between(1, 64).map(n -> b -> b.bucket(name, n)));
      case DATE -> {
        choices.add(Arbitraries.integers().between(1, 64).map(n -> b -> b.bucket(name, n)));
        choices.add(
            Arbitraries.of(
                List.<java.util.function.Consumer<PartitionSpec.Builder>>of(
                    b -> b.year(name), b -> b.month(name), b -> b.day(name))));
      }
      case TIMESTAMP -> {
        choices.add(Arbitraries.integers().between(1, 64).map(n -> b -> b.bucket(name, n)));
        choices.add(
            Arbitraries.of(
                List.<java.util.function.Consumer<PartitionSpec.Builder>>of(
                    b -> b.year(name), b -> b.month(name), b -> b.day(name), b -> b.hour(name))));
      }
      default -> {}
    }
    return Arbitraries.oneOf(choices);
  }
}
