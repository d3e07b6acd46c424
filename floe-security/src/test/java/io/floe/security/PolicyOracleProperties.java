package io.floe.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AccessDeniedException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Principal;
import io.floe.ReadTask;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Scan;
import io.floe.parquet.ArrowBatches;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Random policies × random tables × random scans on {@code Floe.local}: what a principal sees
 * through row scans, Arrow scans and serialized read tasks equals an in-memory oracle that applies
 * the same grants, denied columns, masks and row filters to all rows (written independently of the
 * module's code: its own SHA-256 and truncation).
 */
class PolicyOracleProperties {
  static final String SALT = "property-test-salt-0123456789";
  static final List<String> SUBJECTS = List.of("r1", "r2", "other", "*", "user:ann");
  static final List<String> REGIONS = List.of("EU", "US", "APAC");
  static final List<String> COLUMNS = List.of("id", "name", "email", "region", "birth", "score");
  static final AtomicInteger TABLES = new AtomicInteger();

  static Path warehouse;
  static Floe floe;

  @BeforeContainer
  static void open() throws Exception {
    warehouse = Files.createTempDirectory("floe-security-props");
    floe = Floe.local(warehouse);
    floe.createNamespace("p");
  }

  @AfterContainer
  static void close() {
    floe.close();
  }

  /** One rule of a random policy. */
  record Rule(String kind, String subject, String column, String arg) {}

  /** A caller's scan: columns (null: all) and a filter on one column (null: none). */
  record ScanSpec(List<String> columns, String filterColumn, Object filterValue) {}

  @Provide
  Arbitrary<List<Map<String, Object>>> tables() {
    Arbitrary<Map<String, Object>> row =
        Combinators.combine(
                Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(8).injectNull(0.1),
                Arbitraries.of("a@x.io", "b@y.org", "carol@z.net", "d@q.de").injectNull(0.1),
                Arbitraries.of(REGIONS),
                Arbitraries.integers()
                    .between(0, 20000)
                    .map(d -> LocalDate.ofEpochDay(d))
                    .injectNull(0.1),
                Arbitraries.integers().between(-50, 50).injectNull(0.1))
            .as(
                (name, email, region, birth, score) -> {
                  Map<String, Object> m = new HashMap<>();
                  m.put("name", name);
                  m.put("email", email);
                  m.put("region", region);
                  m.put("birth", birth);
                  m.put("score", score);
                  return m;
                });
    return row.list().ofMinSize(0).ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<Rule>> policies() {
    Arbitrary<Rule> deny =
        Combinators.combine(Arbitraries.of(SUBJECTS), Arbitraries.of("email", "birth", "score"))
            .as((s, c) -> new Rule("deny", s, c, null));
    Arbitrary<Rule> mask =
        Arbitraries.oneOf(
            Combinators.combine(
                    Arbitraries.of(SUBJECTS),
                    Arbitraries.of("null", "redact", "hash", "keep-last(2)", "keep-last(0)"))
                .as((s, m) -> new Rule("mask", s, "name", m)),
            Combinators.combine(Arbitraries.of(SUBJECTS), Arbitraries.of("hash", "redact", "null"))
                .as((s, m) -> new Rule("mask", s, "email", m)),
            Combinators.combine(
                    Arbitraries.of(SUBJECTS), Arbitraries.of("truncate(month)", "truncate(year)"))
                .as((s, m) -> new Rule("mask", s, "birth", m)),
            Combinators.combine(Arbitraries.of(SUBJECTS), Arbitraries.of("hash", "null"))
                .as((s, m) -> new Rule("mask", s, "score", m)));
    Arbitrary<Rule> filter =
        Arbitraries.oneOf(
            Combinators.combine(Arbitraries.of(SUBJECTS), Arbitraries.of(REGIONS))
                .as((s, r) -> new Rule("region", s, "region", r)),
            Combinators.combine(Arbitraries.of(SUBJECTS), Arbitraries.integers().between(-10, 40))
                .as((s, n) -> new Rule("id>", s, "id", Integer.toString(n))));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, deny),
            net.jqwik.api.Tuple.of(3, mask),
            net.jqwik.api.Tuple.of(1, filter))
        .list()
        .ofMaxSize(5);
  }

  @Provide
  Arbitrary<ScanSpec> scans() {
    Arbitrary<List<String>> columns =
        Arbitraries.subsetOf(COLUMNS)
            .ofMinSize(1)
            .map(s -> COLUMNS.stream().filter(s::contains).toList())
            .injectNull(0.4);
    Arbitrary<String> filterColumn =
        Arbitraries.of("id", "region", "email", "score").injectNull(0.4);
    return Combinators.combine(columns, filterColumn, Arbitraries.integers().between(0, 30))
        .as(
            (c, f, n) ->
                new ScanSpec(
                    c,
                    f,
                    f == null
                        ? null
                        : switch (f) {
                          case "region" -> REGIONS.get(n % 3);
                          case "email" -> "a@x.io";
                          case "score" -> n - 15;
                          default -> (long) n;
                        }));
  }

  @Property(tries = 40)
  void principalSeesWhatTheOracleSees(
      @ForAll("tables") List<Map<String, Object>> data,
      @ForAll("policies") List<Rule> rules,
      @ForAll("scans") ScanSpec spec)
      throws Exception {
    String name = "p.t" + TABLES.incrementAndGet();
    FloeTable table =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("name", Types.StringType.get())
            .column("email", Types.StringType.get())
            .column("region", Types.StringType.get())
            .column("birth", Types.DateType.get())
            .column("score", Types.IntegerType.get())
            .create();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      Map<String, Object> row = new HashMap<>(data.get(i));
      row.put("id", (long) i);
      rows.add(row);
    }
    // two files, so pruning by the row filter has something to prune
    int half = rows.size() / 2;
    if (half > 0) {
      table.newAppend().rows(rows.subList(0, half)).commit();
    }
    if (rows.size() > half) {
      table.newAppend().rows(rows.subList(half, rows.size())).commit();
    }

    Policy.Builder b = Policy.builder().grant("r1", "p", Privilege.READ).salt(name, SALT);
    for (Rule r : rules) {
      switch (r.kind()) {
        case "deny" -> b.denyColumns(r.subject(), name, r.column());
        case "mask" -> b.mask(r.subject(), name, r.column(), Mask.parse(r.arg()));
        case "region" -> b.rowFilter(r.subject(), name, Expressions.equal("region", r.arg()));
        default ->
            b.rowFilter(r.subject(), name, Expressions.greaterThan("id", Long.parseLong(r.arg())));
      }
    }
    Principal ann = Principal.of("ann", "r1", "r2");
    Floe secured = FloeSecurity.protect(floe, b.build());
    FloeTable view = secured.as(ann).loadTable(name);

    // the oracle: the rules that match ann
    Set<String> denied = new LinkedHashSet<>();
    Map<String, String> masks = new LinkedHashMap<>();
    List<Predicate<Map<String, Object>>> filters = new ArrayList<>();
    for (Rule r : rules) {
      if (!Set.of("r1", "r2", "*", "user:ann").contains(r.subject())) {
        continue;
      }
      switch (r.kind()) {
        case "deny" -> denied.add(r.column());
        case "mask" -> masks.putIfAbsent(r.column(), r.arg());
        case "region" -> filters.add(row -> r.arg().equals(row.get("region")));
        default -> filters.add(row -> (Long) row.get("id") > Long.parseLong(r.arg()));
      }
    }

    int rowFilters = filters.size();
    Scan scan = view.newScan();
    if (spec.columns() != null) {
      List<String> denial = spec.columns().stream().filter(denied::contains).toList();
      if (!denial.isEmpty()) {
        assertThatThrownBy(() -> view.newScan().select(spec.columns()))
            .isInstanceOf(AccessDeniedException.class)
            .hasMessageContaining("ann")
            .hasMessageContaining(name)
            .hasMessageContaining(denial.get(0));
        Statistics.label("outcome").collect("select refused");
        return;
      }
      scan = scan.select(spec.columns());
    }
    if (spec.filterColumn() != null) {
      String fc = spec.filterColumn();
      Expression callerFilter =
          fc.equals("id") || fc.equals("score")
              ? Expressions.lessThan(fc, spec.filterValue())
              : Expressions.equal(fc, spec.filterValue());
      if (denied.contains(fc) || masks.containsKey(fc)) {
        Scan s = scan;
        assertThatThrownBy(() -> s.where(callerFilter))
            .isInstanceOf(AccessDeniedException.class)
            .hasMessageContaining(fc)
            .hasMessageContaining("ann");
        Statistics.label("outcome").collect("filter refused");
        return;
      }
      scan = scan.where(callerFilter);
      filters.add(
          row -> {
            Object v = row.get(fc);
            if (v == null) {
              return false;
            }
            if (fc.equals("id")) {
              return (Long) v < (Long) spec.filterValue();
            } else if (fc.equals("score")) {
              return (Integer) v < (Integer) spec.filterValue();
            }
            return v.equals(spec.filterValue());
          });
    }
    List<String> returned =
        spec.columns() != null
            ? spec.columns()
            : COLUMNS.stream().filter(c -> !denied.contains(c)).toList();
    List<Map<String, Object>> expected = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      if (filters.stream().allMatch(f -> f.test(row))) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : returned) {
          out.put(c, masks.containsKey(c) ? mask(masks.get(c), row.get(c)) : row.get(c));
        }
        expected.add(out);
      }
    }
    expected.sort(BY_ROW);

    Statistics.label("outcome").collect("compared");
    Statistics.label("masks").collect(masks.size());
    Statistics.label("row filter").collect(filters.isEmpty() ? "none" : "some");
    Statistics.label("rows seen")
        .collect(expected.isEmpty() ? "0" : expected.size() == rows.size() ? "all" : "some");
    // rows
    assertThat(sorted(read(scan.rows()))).as("rows").isEqualTo(expected);
    assertThat(scan.count()).as("count").isEqualTo(expected.size());
    // read tasks, serialized and read back as another JVM would (no principal there)
    List<Map<String, Object>> fromTasks = new ArrayList<>();
    for (ReadTask task : scan.planTasks(64)) {
      fromTasks.addAll(read(roundTrip(task).rows()));
    }
    assertThat(sorted(fromTasks)).as("read tasks").isEqualTo(expected);
    // metadata tables that expose statistics: only for a principal whose read is unrestricted
    boolean unrestricted = denied.isEmpty() && masks.isEmpty() && rowFilters == 0;
    if (unrestricted) {
      assertThat(read(view.metadataTable(MetadataTableType.FILES).rows()))
          .hasSize(table.snapshots().isEmpty() ? 0 : (half > 0 ? 2 : 1));
    } else {
      assertThatThrownBy(() -> view.metadataTable(MetadataTableType.FILES))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("ann");
    }
    // incremental scan of the second append: the same rules on the rows it added
    if (half > 0 && spec.columns() != null && spec.filterColumn() == null) {
      long first = table.snapshots().get(0).snapshotId();
      List<Map<String, Object>> added =
          expected.stream()
              .filter(r -> !r.containsKey("id") || (Long) r.get("id") >= half)
              .toList();
      List<Map<String, Object>> incremental =
          read(
              view.newIncrementalScan()
                  .fromSnapshotExclusive(first)
                  .select(spec.columns().toArray(String[]::new))
                  .rows());
      if (spec.columns().contains("id")) {
        assertThat(sorted(incremental)).as("incremental").isEqualTo(sorted(added));
      }
    }
    // Arrow
    try (RootAllocator allocator = new RootAllocator();
        ArrowBatches batches = scan.arrow(ArrowBatches.class, allocator)) {
      List<Map<String, Object>> fromArrow = new ArrayList<>();
      while (batches.hasNext()) {
        fromArrow.addAll(arrowRows(batches.next(), returned));
      }
      assertThat(sorted(fromArrow)).as("arrow").isEqualTo(expected);
    }
  }

  static final Comparator<Map<String, Object>> BY_ROW = Comparator.comparing(Object::toString);

  static List<Map<String, Object>> sorted(List<Map<String, Object>> rows) {
    List<Map<String, Object>> copy = new ArrayList<>(rows);
    copy.sort(BY_ROW);
    return copy;
  }

  static List<Map<String, Object>> read(RowStream stream) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (stream) {
      for (Row row : stream) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Types.NestedField f : row.struct().fields()) {
          m.put(f.name(), row.get(f.name()));
        }
        out.add(m);
      }
    }
    return out;
  }

  static List<Map<String, Object>> arrowRows(VectorSchemaRoot root, List<String> columns) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < root.getRowCount(); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String c : columns) {
        FieldVector v = root.getVector(c);
        Object value;
        if (v.isNull(i)) {
          value = null;
        } else if (v instanceof VarCharVector s) {
          value = new String(s.get(i), StandardCharsets.UTF_8);
        } else if (v instanceof BigIntVector l) {
          value = l.get(i);
        } else if (v instanceof IntVector n) {
          value = n.get(i);
        } else if (v instanceof DateDayVector d) {
          value = LocalDate.ofEpochDay(d.get(i));
        } else {
          throw new AssertionError("unexpected vector " + v);
        }
        m.put(c, value);
      }
      out.add(m);
    }
    return out;
  }

  static ReadTask roundTrip(ReadTask task) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(task);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (ReadTask) in.readObject();
    }
  }

  /** The oracle's masks, written from the documented behaviour. */
  static Object mask(String mask, Object value) {
    if (mask.equals("null") || value == null) {
      return null;
    }
    if (mask.equals("redact")) {
      return "***";
    }
    if (mask.startsWith("keep-last(")) {
      int n = Integer.parseInt(mask.substring(10, mask.length() - 1));
      String s = (String) value;
      int keep = Math.min(n, s.length());
      return "*".repeat(s.length() - keep) + s.substring(s.length() - keep);
    }
    if (mask.equals("truncate(month)")) {
      return ((LocalDate) value).withDayOfMonth(1);
    }
    if (mask.equals("truncate(year)")) {
      return ((LocalDate) value).withDayOfYear(1);
    }
    if (mask.equals("hash")) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] d = sha.digest((SALT + "\0" + value).getBytes(StandardCharsets.UTF_8));
        if (value instanceof Integer) {
          return ((d[0] & 0xff) << 24)
              | ((d[1] & 0xff) << 16)
              | ((d[2] & 0xff) << 8)
              | (d[3] & 0xff);
        }
        return HexFormat.of().formatHex(d, 0, 16);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(mask);
  }

  static boolean same(Object a, Object b) {
    return Objects.equals(a, b);
  }
}
