package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Random documents in a few files (a long counter per file range, a string, values of other types
 * and missing fields now and then, non-objects, SQL nulls), written to a shredded and an unshredded
 * variant column; random filters on {@code extract} terms (every comparison, {@code in}, null
 * tests, {@code and}/{@code or}/{@code not}): the Arrow scan of the shredded table (pruned by the
 * typed columns' statistics), the Arrow scan of the unshredded one (not pruned), the row scan, and
 * a three-valued reference evaluation of the documents give the same rows.
 */
class VariantFilterProperties {
  private static Path warehouse;
  private static Floe floe;
  private static int tables;

  @BeforeContainer
  static void open() throws Exception {
    warehouse = Files.createTempDirectory("floe-variant-filter");
    floe = Floe.local(warehouse);
  }

  @AfterContainer
  static void close() throws Exception {
    floe.close();
    try (Stream<Path> files = Files.walk(warehouse)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Three-valued truth: 0 false, 1 unknown, 2 true. */
  private interface Ref {
    int eval(Object doc);
  }

  private record Filter(Expression expression, Ref reference) {}

  private static Object field(Object doc, String name) {
    return doc instanceof Map<?, ?> m ? m.get(name) : null;
  }

  private static Long asLong(Object v) {
    return v instanceof Long l ? l : v instanceof Integer i ? (long) (int) i : null;
  }

  private static Filter leaf(Random r) {
    boolean strings = r.nextInt(3) == 0;
    String name = strings ? "user" : "n";
    org.apache.iceberg.expressions.UnboundTerm<Object> t =
        Expressions.extract("v", "$." + name, strings ? "string" : "long");
    java.util.function.Function<Object, Comparable<Object>> value =
        doc -> {
          Object v = field(doc, name);
          Object c = strings ? (v instanceof String s ? s : null) : asLong(v);
          @SuppressWarnings("unchecked")
          Comparable<Object> comparable = (Comparable<Object>) c;
          return comparable;
        };
    Object literal = strings ? "u" + r.nextInt(40) : (Object) (long) r.nextInt(400);
    int op = r.nextInt(9);
    switch (op) {
      case 0:
        return new Filter(Expressions.lessThan(t, literal), cmp(value, literal, c -> c < 0));
      case 1:
        return new Filter(
            Expressions.lessThanOrEqual(t, literal), cmp(value, literal, c -> c <= 0));
      case 2:
        return new Filter(Expressions.greaterThan(t, literal), cmp(value, literal, c -> c > 0));
      case 3:
        return new Filter(
            Expressions.greaterThanOrEqual(t, literal), cmp(value, literal, c -> c >= 0));
      case 4:
        return new Filter(Expressions.equal(t, literal), cmp(value, literal, c -> c == 0));
      case 5:
        return new Filter(Expressions.notEqual(t, literal), cmp(value, literal, c -> c != 0));
      case 6:
        {
          Object other = strings ? "u" + r.nextInt(40) : (Object) (long) r.nextInt(400);
          Ref a = cmp(value, literal, c -> c == 0);
          Ref b = cmp(value, other, c -> c == 0);
          return new Filter(
              Expressions.in(t, literal, other), doc -> Math.max(a.eval(doc), b.eval(doc)));
        }
      case 7:
        return new Filter(Expressions.isNull(t), doc -> value.apply(doc) == null ? 2 : 0);
      default:
        return new Filter(Expressions.notNull(t), doc -> value.apply(doc) == null ? 0 : 2);
    }
  }

  private static Ref cmp(
      java.util.function.Function<Object, Comparable<Object>> value,
      Object literal,
      java.util.function.IntPredicate test) {
    return doc -> {
      Comparable<Object> v = value.apply(doc);
      return v == null ? 1 : test.test(v.compareTo(literal)) ? 2 : 0;
    };
  }

  private static Filter filter(Random r, int depth) {
    int kind = depth > 1 ? 0 : r.nextInt(5);
    switch (kind) {
      case 1:
        {
          Filter a = filter(r, depth + 1);
          Filter b = filter(r, depth + 1);
          return new Filter(
              Expressions.and(a.expression(), b.expression()),
              doc -> Math.min(a.reference().eval(doc), b.reference().eval(doc)));
        }
      case 2:
        {
          Filter a = filter(r, depth + 1);
          Filter b = filter(r, depth + 1);
          return new Filter(
              Expressions.or(a.expression(), b.expression()),
              doc -> Math.max(a.reference().eval(doc), b.reference().eval(doc)));
        }
      case 3:
        {
          Filter a = filter(r, depth + 1);
          return new Filter(Expressions.not(a.expression()), doc -> 2 - a.reference().eval(doc));
        }
      default:
        return leaf(r);
    }
  }

  private static Object document(Random r, int file) {
    int shape = r.nextInt(20);
    if (shape == 0) {
      return null; // SQL NULL
    }
    if (shape == 1) {
      return Variant.of(List.of(1L, "x"));
    }
    if (shape == 2) {
      return Variant.ofNull();
    }
    Map<String, Object> m = new HashMap<>();
    if (shape != 3) {
      long n = file * 100L + r.nextInt(100);
      // now and then of another type (kept in the residual) or another integer width
      m.put("n", shape == 4 ? "n" + n : shape == 5 ? n + 0.5 : shape == 6 ? (int) n : n);
    }
    if (shape != 7) {
      m.put("user", shape == 8 ? (Object) 12L : "u" + r.nextInt(40));
    }
    m.put("x", r.nextInt(3));
    return m;
  }

  @Property(tries = 40)
  void prunedScansGiveTheRowsOfTheReferenceEvaluation(@ForAll long seed) {
    Random r = new Random(seed);
    FloeTable shredded = create(true);
    FloeTable plain = create(false);
    Map<Long, Object> docs = new HashMap<>();
    long id = 0;
    int files = 1 + r.nextInt(4);
    for (int f = 0; f < files; f++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int count = 1 + r.nextInt(40);
      for (int i = 0; i < count; i++) {
        Object doc = document(r, f);
        docs.put(id, doc);
        Map<String, Object> row = new HashMap<>();
        row.put("id", id++);
        row.put("v", doc);
        rows.add(row);
      }
      shredded.newAppend().rows(rows).commit();
      plain.newAppend().rows(rows).commit();
    }
    for (int q = 0; q < 5; q++) {
      Filter filter = filter(r, 0);
      TreeSet<Long> want = new TreeSet<>();
      docs.forEach(
          (key, doc) -> {
            if (filter.reference().eval(doc) == 2) {
              want.add(key);
            }
          });
      assertThat(arrow(shredded, filter.expression()))
          .as("arrow, shredded: %s", filter.expression())
          .isEqualTo(want);
      assertThat(arrow(plain, filter.expression()))
          .as("arrow, plain: %s", filter.expression())
          .isEqualTo(want);
      assertThat(rows(shredded, filter.expression()))
          .as("rows, shredded: %s", filter.expression())
          .isEqualTo(want);
    }
  }

  private static FloeTable create(boolean shredded) {
    var creator =
        floe.createTable("db.f" + (tables++))
            .columns(c -> c.column("id", Types.LongType.get()).required().variant("v"));
    if (shredded) {
      creator.property("floe.variant.shredded-fields.v", "user:string, n:long");
    }
    return creator.create();
  }

  private static TreeSet<Long> rows(FloeTable table, Expression filter) {
    TreeSet<Long> ids = new TreeSet<>();
    try (RowStream rows = table.newScan().where(filter).rows()) {
      for (Row row : rows) {
        ids.add(row.get("id", Long.class));
      }
    }
    return ids;
  }

  private static TreeSet<Long> arrow(FloeTable table, Expression filter) {
    TreeSet<Long> ids = new TreeSet<>();
    try (RootAllocator allocator = new RootAllocator();
        ArrowBatches batches = table.newScan().where(filter).arrow(ArrowBatches.class, allocator)) {
      while (batches.hasNext()) {
        var root = batches.next();
        BigIntVector v = (BigIntVector) root.getVector("id");
        for (int i = 0; i < root.getRowCount(); i++) {
          ids.add(v.get(i));
        }
      }
    }
    return ids;
  }
}
