package io.floe.impl.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.quality.Constraint;
import io.floe.quality.ConstraintViolationException;
import io.floe.quality.QualityMode;
import io.floe.quality.QualitySummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.iceberg.types.Types;

/**
 * Random rows with injected violations, written with the table's rules in both modes on {@code
 * Floe.local} and compared with an in-memory oracle: reject commits nothing and names the first bad
 * row and its first broken rule; quarantine commits exactly the good rows and quarantines exactly
 * the bad ones, each under the rule the oracle says.
 */
class ConstraintEnforcementProperties {
  private static Path dir;
  private static Floe floe;
  private static final AtomicInteger TABLES = new AtomicInteger();

  @BeforeContainer
  static void open() throws IOException {
    dir = Files.createTempDirectory("floe-quality-props");
    floe = Floe.local(dir.resolve("wh"));
  }

  @AfterContainer
  static void close() throws IOException {
    floe.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One input row; id drawn from a small range so that duplicates happen. */
  record In(long id, String s, Double d) {
    Map<String, Object> map() {
      Map<String, Object> m = new HashMap<>();
      m.put("id", id);
      m.put("s", s);
      m.put("d", d);
      return m;
    }

    String key() {
      return id + "|" + s + "|" + d;
    }
  }

  @Provide
  Arbitrary<List<In>> rows() {
    Arbitrary<Long> ids = Arbitraries.longs().between(0, 40);
    Arbitrary<String> s =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.of("a", "b", "c")),
            net.jqwik.api.Tuple.of(1, Arbitraries.just("zzz")),
            net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
    Arbitrary<Double> d =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.doubles().between(0, 100)),
            net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(100.5, 500)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just((Double) null)));
    return Combinators.combine(ids, s, d).as(In::new).list().ofMinSize(1).ofMaxSize(60);
  }

  /** The oracle: the name of the first rule each row breaks, or null for a good row. */
  static List<String> oracle(List<In> rows) {
    List<String> broken = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (In r : rows) {
      String rule = null;
      if (r.s == null) {
        rule = "not_null(s)";
      } else if (!Set.of("a", "b", "c").contains(r.s)) {
        rule = "allowed_values(s)";
      } else if (r.d != null && (r.d < 0 || r.d > 100)) {
        rule = "range(d)";
      } else if (!seen.add(r.id)) {
        rule = "unique(id)";
      }
      broken.add(rule);
    }
    return broken;
  }

  private FloeTable table(QualityMode mode) {
    FloeTable table =
        floe.createTable("p.t" + TABLES.incrementAndGet())
            .column("id", Types.LongType.get())
            .required()
            .column("s", Types.StringType.get())
            .column("d", Types.DoubleType.get())
            .create();
    table
        .updateConstraints()
        .add(Constraint.notNull("s"))
        .add(Constraint.allowedValues("s", "a", "b", "c"))
        .add(Constraint.between("d", 0.0, 100.0))
        .add(Constraint.unique("id"))
        .mode(mode)
        .commit();
    table.newAppend().row(new In(1000, "a", 1.0).map()).commit(); // a snapshot to stay at
    return table;
  }

  private static List<String> content(FloeTable table) {
    List<String> out = new ArrayList<>();
    try (RowStream rows = table.refresh().newScan().rows()) {
      for (Row r : rows) {
        out.add(r.get("id") + "|" + r.get("s") + "|" + r.get("d"));
      }
    }
    out.sort(null);
    return out;
  }

  @Property(tries = 25)
  void rejectCommitsNothingAndNamesTheFirstViolation(@ForAll("rows") List<In> rows) {
    FloeTable table = table(QualityMode.REJECT);
    long before = table.currentSnapshot().orElseThrow().snapshotId();
    List<String> broken = oracle(rows);
    int first = -1;
    for (int i = 0; i < broken.size() && first < 0; i++) {
      first = broken.get(i) != null ? i : -1;
    }
    List<Map<String, Object>> maps = rows.stream().map(In::map).toList();
    if (first < 0) {
      table.newAppend().rows(maps).commit();
      assertThat(content(table)).hasSize(rows.size() + 1);
      return;
    }
    ConstraintViolationException e =
        catchThrowableOfType(
            ConstraintViolationException.class, () -> table.newAppend().rows(maps).commit());
    assertThat(e).isNotNull();
    assertThat(e.row()).isEqualTo(first);
    assertThat(e.rule()).isEqualTo(broken.get(first));
    assertThat(e.table()).contains(table.name());
    assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before);
    assertThat(content(table)).containsExactly("1000|a|1.0");
  }

  @Property(tries = 25)
  void quarantineCommitsExactlyTheGoodRows(@ForAll("rows") List<In> rows) {
    FloeTable table = table(QualityMode.QUARANTINE);
    List<String> broken = oracle(rows);
    List<String> good = new ArrayList<>(List.of("1000|a|1.0"));
    Map<Long, String> bad = new HashMap<>();
    Map<String, Long> byRule = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      if (broken.get(i) == null) {
        good.add(rows.get(i).key());
      } else {
        bad.put((long) i, broken.get(i) + "#" + rows.get(i).key());
        byRule.merge(broken.get(i), 1L, Long::sum);
      }
    }
    good.sort(null);
    var result = table.newAppend().rows(rows.stream().map(In::map).toList()).commit();
    assertThat(content(table)).isEqualTo(good);
    QualitySummary summary = QualitySummary.of(result.summary()).orElseThrow();
    assertThat(summary.checkedRows()).isEqualTo(rows.size());
    assertThat(summary.quarantinedRows()).isEqualTo(bad.size());
    assertThat(summary.quarantinedByRule()).isEqualTo(byRule);
    Map<Long, String> quarantined = new HashMap<>();
    if (!bad.isEmpty()) {
      try (RowStream q = floe.loadTable(table.name() + "__quarantine").newScan().rows()) {
        for (Row r : q) {
          quarantined.put(
              (Long) r.get("_row"),
              r.get("_rule") + "#" + r.get("id") + "|" + r.get("s") + "|" + r.get("d"));
        }
      }
    } else {
      assertThat(floe.findTable(table.name() + "__quarantine")).isEmpty();
    }
    assertThat(quarantined).isEqualTo(bad);
  }
}
