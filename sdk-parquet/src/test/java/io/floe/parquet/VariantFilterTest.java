package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters on variant paths ({@code Expressions.extract(column, "$.field", type)}): the same rows
 * from row scans, Arrow scans and a reference evaluation of the documents, shredded or not; on
 * shredded files, row groups whose typed column's statistics exclude the predicate are pruned
 * (unless the field's residual holds values), unshredded files are read whole.
 */
class VariantFilterTest {
  @TempDir Path dir;
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = Floe.local(dir);
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    floe.close();
    allocator.close();
  }

  /** Five files: n in [0,100), [100,200), ... ; the last also holds n of other types. */
  private Map<Long, Object> fill(FloeTable table) {
    Map<Long, Object> docs = new HashMap<>();
    Random random = new Random(7);
    long id = 0;
    for (int file = 0; file < 5; file++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Object doc;
        int shape = random.nextInt(10);
        long n = file * 100L + random.nextInt(100);
        if (shape == 0) {
          doc = null; // SQL NULL
        } else if (shape == 1) {
          doc = Variant.of(List.of(1, 2)); // not an object
        } else if (shape == 2) {
          doc = Map.of("user", "u" + n); // no n
        } else if (file == 4 && shape == 3) {
          doc = Map.of("user", "u" + n, "n", "three"); // n of another type: in the residual
        } else if (file == 4 && shape == 4) {
          doc = Map.of("user", "u" + n, "n", n + 0.5); // a decimal: in the residual
        } else {
          doc = Map.of("user", "u" + n, "n", shape == 5 ? (int) n : n, "x", List.of(n));
        }
        docs.put(id, doc);
        Map<String, Object> row = new HashMap<>();
        row.put("id", id++);
        row.put("payload", doc);
        rows.add(row);
      }
      table.newAppend().rows(rows).commit();
    }
    return docs;
  }

  private FloeTable create(String name, boolean shredded) {
    var creator =
        floe.createTable("db." + name)
            .columns(c -> c.column("id", Types.LongType.get()).required().variant("payload"));
    if (shredded) {
      creator.property("floe.variant.shredded-fields.payload", "user:string, n:long");
    }
    return creator.create();
  }

  private static Object field(Object doc, String name) {
    return doc instanceof Map<?, ?> m ? m.get(name) : null;
  }

  private static Long longN(Object doc) {
    Object n = field(doc, "n");
    return n instanceof Long l ? l : n instanceof Integer i ? (long) i : null;
  }

  private TreeSet<Long> rows(FloeTable table, Expression filter) {
    TreeSet<Long> ids = new TreeSet<>();
    try (RowStream rows = table.newScan().where(filter).rows()) {
      for (Row row : rows) {
        ids.add(row.get("id", Long.class));
      }
    }
    return ids;
  }

  private record Arrow(TreeSet<Long> ids, ScanMetrics metrics) {}

  private Arrow arrow(FloeTable table, Expression filter) {
    TreeSet<Long> ids = new TreeSet<>();
    try (ArrowBatches batches =
        table.newScan().where(filter).arrow(ArrowBatches.class, allocator)) {
      while (batches.hasNext()) {
        var root = batches.next();
        BigIntVector v = (BigIntVector) root.getVector("id");
        for (int i = 0; i < root.getRowCount(); i++) {
          ids.add(v.get(i));
        }
      }
      return new Arrow(ids, batches.metrics());
    }
  }

  private static TreeSet<Long> expected(Map<Long, Object> docs, BiPredicate<Long, Object> test) {
    TreeSet<Long> ids = new TreeSet<>();
    docs.forEach(
        (id, doc) -> {
          if (test.test(id, doc)) {
            ids.add(id);
          }
        });
    return ids;
  }

  @Test
  void shreddedFieldFiltersPruneRowGroupsAndGiveTheSameRows() {
    FloeTable shredded = create("shredded", true);
    FloeTable plain = create("plain", false);
    Map<Long, Object> docs = fill(shredded);
    fill(plain);
    record Case(Expression filter, BiPredicate<Long, Object> test, int prunedShredded) {}
    List<Case> cases =
        List.of(
            new Case(
                Expressions.greaterThanOrEqual(Expressions.extract("payload", "$.n", "long"), 250L),
                (id, d) -> longN(d) != null && longN(d) >= 250,
                2),
            new Case(
                Expressions.lessThan(Expressions.extract("payload", "$.n", "long"), 100L),
                (id, d) -> longN(d) != null && longN(d) < 100,
                3), // the last file's residual holds other n: read
            new Case(
                Expressions.equal(Expressions.extract("payload", "$.n", "long"), 142L),
                (id, d) -> longN(d) != null && longN(d) == 142,
                3),
            new Case(
                Expressions.in(Expressions.extract("payload", "$.n", "long"), 5L, 333L),
                (id, d) -> longN(d) != null && (longN(d) == 5 || longN(d) == 333),
                2),
            new Case(
                Expressions.equal(Expressions.extract("payload", "$.user", "string"), "u17"),
                (id, d) -> "u17".equals(field(d, "user")),
                3), // file 1 is read: "u100" <= "u17" <= "u199"
            new Case(
                Expressions.and(
                    Expressions.greaterThan(Expressions.extract("payload", "$.n", "long"), 120L),
                    Expressions.lessThan(Expressions.extract("payload", "$.n", "long"), 180L)),
                (id, d) -> longN(d) != null && longN(d) > 120 && longN(d) < 180,
                3),
            new Case(
                Expressions.not(
                    Expressions.lessThan(Expressions.extract("payload", "$.n", "long"), 300L)),
                (id, d) -> longN(d) != null && longN(d) >= 300,
                3),
            new Case(
                Expressions.isNull(Expressions.extract("payload", "$.n", "long")),
                (id, d) -> longN(d) == null,
                0),
            new Case(
                Expressions.equal(Expressions.extract("payload", "$.n", "string"), "three"),
                (id, d) -> "three".equals(field(d, "n")),
                0),
            new Case(
                Expressions.or(
                    Expressions.lessThan(Expressions.extract("payload", "$.n", "long"), 10L),
                    Expressions.equal("id", 450L)),
                (id, d) -> longN(d) != null && longN(d) < 10 || id == 450L,
                0));
    for (Case c : cases) {
      TreeSet<Long> want = expected(docs, c.test());
      assertThat(rows(shredded, c.filter())).as("rows, shredded: %s", c.filter()).isEqualTo(want);
      assertThat(rows(plain, c.filter())).as("rows, plain: %s", c.filter()).isEqualTo(want);
      Arrow a = arrow(shredded, c.filter());
      assertThat(a.ids()).as("arrow, shredded: %s", c.filter()).isEqualTo(want);
      assertThat(a.metrics().rowGroupsPrunedByStats())
          .as("row groups pruned: %s", c.filter())
          .isEqualTo(c.prunedShredded());
      Arrow p = arrow(plain, c.filter());
      assertThat(p.ids()).as("arrow, plain: %s", c.filter()).isEqualTo(want);
      assertThat(p.metrics().rowGroupsPrunedByStats()).isZero();
    }
  }

  @Test
  void jsonTextOfTenFilesPrunesNineByTheShreddedCounter() {
    FloeTable table =
        floe.createTable("db.json")
            .columns(c -> c.column("id", Types.LongType.get()).required().variant("payload"))
            .property(
                "floe.variant.shredded-fields.payload", "user:string, n:long, price:decimal(9,2)")
            .create();
    for (int file = 0; file < 10; file++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        long id = file * 1000L + i;
        rows.add(
            Map.of(
                "id",
                id,
                "payload",
                "{\"user\":\"user-"
                    + i
                    + "\",\"n\":"
                    + (id * 10_000 + i)
                    + ",\"price\":12.34,\"ok\":true,\"tags\":[\"a\"],\"geo\":{\"lat\":0.5}}"));
      }
      table.newAppend().rows(rows).commit();
    }
    Arrow a =
        arrow(
            table,
            Expressions.lessThan(Expressions.extract("payload", "$.n", "long"), 10_000_000L));
    assertThat(a.ids()).hasSize(1000);
    assertThat(a.metrics().rowGroupsPrunedByStats()).isEqualTo(9);
  }
}
