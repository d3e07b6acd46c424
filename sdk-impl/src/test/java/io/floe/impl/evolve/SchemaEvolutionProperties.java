package io.floe.impl.evolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ValidationException;
import io.floe.impl.TestTables;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Random sequences of schema changes (add, drop, rename, widen, reorder, make optional) interleaved
 * with appends: after every step the table's schema and its rows, read by Floe and by Iceberg's
 * generic reader, equal a model kept by the test; incompatible changes are rejected with a {@link
 * ValidationException} naming the table and column, and leave schema and rows as they were.
 */
class SchemaEvolutionProperties {

  enum Kind {
    ADD,
    DROP,
    RENAME,
    WIDEN,
    REORDER,
    OPTIONAL,
    APPEND,
    NARROW,
    RENAME_TO_EXISTING,
    ADD_EXISTING
  }

  /** One step; the numbers pick columns, names and values once the model is known. */
  record Step(Kind kind, int a, int b, long seed) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Kind> kinds =
        Arbitraries.frequency(
            Tuple.of(3, Kind.APPEND),
            Tuple.of(2, Kind.ADD),
            Tuple.of(2, Kind.DROP),
            Tuple.of(2, Kind.RENAME),
            Tuple.of(2, Kind.WIDEN),
            Tuple.of(2, Kind.REORDER),
            Tuple.of(1, Kind.OPTIONAL),
            Tuple.of(1, Kind.NARROW),
            Tuple.of(1, Kind.RENAME_TO_EXISTING),
            Tuple.of(1, Kind.ADD_EXISTING));
    Arbitrary<Integer> picks = Arbitraries.integers().between(0, 1000);
    return Combinators.combine(kinds, picks, picks, Arbitraries.longs())
        .as(Step::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(10);
  }

  /** A column of the model: its current name and type, and whether it is required. */
  private static final class Column {
    String name;
    Type.PrimitiveType type;
    boolean required;

    Column(String name, Type.PrimitiveType type, boolean required) {
      this.name = name;
      this.type = type;
      this.required = required;
    }
  }

  private static final String[] NAMES = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"
  };
  private static final Type.PrimitiveType[] TYPES = {
    Types.IntegerType.get(),
    Types.LongType.get(),
    Types.FloatType.get(),
    Types.DoubleType.get(),
    Types.StringType.get()
  };

  /** The table as the test expects it: columns in order, and rows by id. */
  private static final class Model {
    final List<Column> columns = new ArrayList<>();
    final List<Map<String, Object>> rows = new ArrayList<>();
    long nextId;

    Column pick(int index, boolean includeId) {
      List<Column> candidates =
          includeId ? columns : columns.stream().filter(c -> !c.name.equals("id")).toList();
      return candidates.isEmpty() ? null : candidates.get(index % candidates.size());
    }

    boolean has(String name) {
      return columns.stream().anyMatch(c -> c.name.equals(name));
    }

    String freeName(int index) {
      for (int i = 0; i < NAMES.length; i++) {
        String name = NAMES[(index + i) % NAMES.length];
        if (!has(name)) {
          return name;
        }
      }
      return null;
    }
  }

  @Property(tries = 25)
  void schemaChangesKeepRowsEqualToTheModel(@ForAll("steps") List<Step> steps) throws Exception {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table =
          floe.createTable("p.evolve")
              .column("id", Types.LongType.get())
              .required()
              .column("alpha", Types.IntegerType.get())
              .required()
              .column("bravo", Types.FloatType.get())
              .column("charlie", Types.StringType.get())
              .create();
      Model model = new Model();
      model.columns.add(new Column("id", Types.LongType.get(), true));
      model.columns.add(new Column("alpha", Types.IntegerType.get(), true));
      model.columns.add(new Column("bravo", Types.FloatType.get(), false));
      model.columns.add(new Column("charlie", Types.StringType.get(), false));
      append(table, model, new Random(1), 3);
      check(table, model);
      for (Step step : steps) {
        apply(table, model, step);
        check(table, model);
      }
    }
  }

  private static void apply(FloeTable table, Model model, Step step) {
    Random random = new Random(step.seed());
    switch (step.kind()) {
      case APPEND -> append(table, model, random, 1 + step.a() % 5);
      case ADD -> {
        String name = model.freeName(step.a());
        if (name == null) {
          return;
        }
        Type.PrimitiveType type = TYPES[step.b() % TYPES.length];
        table.updateSchema().addColumn(name, type).commit();
        model.columns.add(new Column(name, type, false));
        model.rows.forEach(r -> r.put(name, null)); // a re-added name never shows the dropped data
      }
      case DROP -> {
        Column column = model.pick(step.a(), false);
        if (column == null) {
          return;
        }
        table.updateSchema().deleteColumn(column.name).commit();
        model.columns.remove(column);
        model.rows.forEach(r -> r.remove(column.name));
      }
      case RENAME -> {
        Column column = model.pick(step.a(), false);
        String name = model.freeName(step.b());
        if (column == null || name == null) {
          return;
        }
        table.updateSchema().renameColumn(column.name, name).commit();
        String old = column.name;
        column.name = name;
        model.rows.forEach(r -> r.put(name, r.remove(old)));
      }
      case WIDEN -> {
        List<Column> widenable =
            model.columns.stream()
                .filter(
                    c ->
                        c.type.typeId() == Type.TypeID.INTEGER
                            || c.type.typeId() == Type.TypeID.FLOAT)
                .toList();
        if (widenable.isEmpty()) {
          return;
        }
        Column column = widenable.get(step.a() % widenable.size());
        boolean isInt = column.type.typeId() == Type.TypeID.INTEGER;
        Type.PrimitiveType wider = isInt ? Types.LongType.get() : Types.DoubleType.get();
        table.updateSchema().updateColumn(column.name, wider).commit();
        column.type = wider;
        model.rows.forEach(
            r ->
                r.computeIfPresent(
                    column.name,
                    (k, v) ->
                        isInt ? (Object) ((Integer) v).longValue() : (Object) (double) (Float) v));
      }
      case REORDER -> {
        Column column = model.pick(step.a(), true);
        Column other = model.pick(step.b(), true);
        if (column == other) {
          table.updateSchema().moveFirst(column.name).commit();
          model.columns.remove(column);
          model.columns.add(0, column);
        } else if (step.b() % 2 == 0) {
          table.updateSchema().moveAfter(column.name, other.name).commit();
          model.columns.remove(column);
          model.columns.add(model.columns.indexOf(other) + 1, column);
        } else {
          table.updateSchema().moveBefore(column.name, other.name).commit();
          model.columns.remove(column);
          model.columns.add(model.columns.indexOf(other), column);
        }
      }
      case OPTIONAL -> {
        Column column =
            model.columns.stream()
                .filter(c -> c.required && !c.name.equals("id"))
                .findFirst()
                .orElse(null);
        if (column == null) {
          return;
        }
        table.updateSchema().makeColumnOptional(column.name).commit();
        column.required = false;
      }
      case NARROW -> {
        Column column = model.pick(step.a(), true);
        Type.PrimitiveType narrower =
            switch (column.type.typeId()) {
              case LONG -> Types.IntegerType.get();
              case DOUBLE -> Types.FloatType.get();
              case INTEGER, FLOAT -> Types.StringType.get();
              default -> Types.LongType.get();
            };
        rejected(
            table,
            column.name,
            () -> table.updateSchema().updateColumn(column.name, narrower).commit());
      }
      case RENAME_TO_EXISTING -> {
        Column column = model.pick(step.a(), false);
        Column other = model.pick(step.b(), true);
        if (column == null || column == other) {
          return;
        }
        rejected(
            table,
            column.name,
            () -> table.updateSchema().renameColumn(column.name, other.name).commit());
      }
      case ADD_EXISTING -> {
        Column existing = model.pick(step.a(), true);
        rejected(
            table,
            existing.name,
            () ->
                table
                    .updateSchema()
                    .addColumn(existing.name, TYPES[step.b() % TYPES.length])
                    .commit());
      }
      default -> throw new AssertionError(step);
    }
  }

  private static void rejected(FloeTable table, String column, Runnable change) {
    assertThatThrownBy(change::run)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("p.evolve")
        .hasMessageContaining(column)
        .hasMessageContaining("unchanged")
        .satisfies(e -> assertThat(((ValidationException) e).column()).contains(column));
  }

  private static void append(FloeTable table, Model model, Random random, int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new HashMap<>();
      for (Column column : model.columns) {
        Object value = column.name.equals("id") ? model.nextId++ : value(column, random);
        row.put(column.name, value);
      }
      rows.add(row);
    }
    table.newAppend().rows(rows).commit();
    rows.forEach(r -> model.rows.add(new HashMap<>(r)));
  }

  private static Object value(Column column, Random random) {
    if (!column.required && random.nextInt(4) == 0) {
      return null;
    }
    return switch (column.type.typeId()) {
      case INTEGER -> random.nextInt();
      case LONG -> random.nextLong();
      case FLOAT -> random.nextFloat() * 1000 - 500;
      case DOUBLE -> random.nextGaussian();
      case STRING -> "s" + random.nextInt(100);
      default -> throw new AssertionError(column.type);
    };
  }

  private static void check(FloeTable table, Model model) {
    table.refresh();
    List<Types.NestedField> fields = table.schema().columns();
    assertThat(fields)
        .extracting(Types.NestedField::name)
        .containsExactlyElementsOf(model.columns.stream().map(c -> c.name).toList());
    for (int i = 0; i < fields.size(); i++) {
      assertThat(fields.get(i).type())
          .as(fields.get(i).name())
          .isEqualTo(model.columns.get(i).type);
      assertThat(fields.get(i).isRequired())
          .as(fields.get(i).name())
          .isEqualTo(model.columns.get(i).required);
    }
    List<Map<String, Object>> expected = new ArrayList<>(model.rows);
    expected.sort(Comparator.comparing(m -> (Long) m.get("id")));
    List<Map<String, Object>> reference = TestTables.reference(table);
    assertThat(reference).isEqualTo(expected);
    List<Map<String, Object>> floe = TestTables.floeRows(table);
    assertThat(floe).isEqualTo(expected);
    if (!floe.isEmpty()) {
      assertThat(new ArrayList<>(floe.get(0).keySet()))
          .containsExactlyElementsOf(
              new ArrayList<>(new LinkedHashMap<>(reference.get(0)).keySet()));
    }
  }
}
