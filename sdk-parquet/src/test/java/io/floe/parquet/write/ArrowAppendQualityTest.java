package io.floe.parquet.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AppendResult;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.parquet.ArrowResources;
import io.floe.quality.Constraint;
import io.floe.quality.ConstraintViolationException;
import io.floe.quality.QualityMode;
import io.floe.quality.QualitySummary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The table's rules on the Arrow append path, partitioned and not, on {@code Floe.local}. */
class ArrowAppendQualityTest {
  @RegisterExtension final ArrowResources resources = new ArrowResources();
  private final Floe floe = resources.localFloe();
  private final BufferAllocator allocator = resources.allocator();

  private FloeTable table(String name, boolean partitioned, QualityMode mode) {
    var creator =
        floe.createTable(name)
            .column("id", Types.LongType.get())
            .required()
            .column("s", Types.StringType.get())
            .column("d", Types.DoubleType.get())
            .column("day", Types.DateType.get());
    if (partitioned) {
      creator = creator.partitionBy(p -> p.identity("s"));
    }
    FloeTable table = creator.create();
    table
        .updateConstraints()
        .add(Constraint.notNull("s"))
        .add(Constraint.allowedValues("s", "a", "b", "c"))
        .add(Constraint.between("d", 0.0, 100.0))
        .add(Constraint.atLeast("day", "2024-01-01"))
        .add(Constraint.unique("id"))
        .mode(mode)
        .commit();
    return table;
  }

  /** Rows: id = from + i; bad ones by design at i % 10 == 3 (d), 5 (s), 7 (null s), 9 (dup id). */
  private VectorSchemaRoot batch(long from, int n) {
    BigIntVector id = new BigIntVector("id", allocator);
    VarCharVector s = new VarCharVector("s", allocator);
    Float8Vector d = new Float8Vector("d", allocator);
    DateDayVector day = new DateDayVector("day", allocator);
    List<FieldVector> vectors = List.of(id, s, d, day);
    vectors.forEach(v -> v.setInitialCapacity(n));
    vectors.forEach(FieldVector::allocateNew);
    String[] ok = {"a", "b", "c"};
    for (int i = 0; i < n; i++) {
      long v = from + i;
      id.setSafe(i, i % 10 == 9 ? v - 1 : v);
      if (i % 10 == 7) {
        s.setNull(i);
      } else {
        String value = i % 10 == 5 ? "zzz" : ok[i % 3];
        s.setSafe(i, value.getBytes(StandardCharsets.UTF_8));
      }
      d.setSafe(i, i % 10 == 3 ? 1000.0 : i % 100);
      day.setSafe(i, 19723 + i % 30); // 2024-01-01 onwards
    }
    VectorSchemaRoot root = new VectorSchemaRoot(List.<FieldVector>of(id, s, d, day));
    root.setRowCount(n);
    return root;
  }

  private static List<Long> ids(FloeTable table) {
    List<Long> ids = new ArrayList<>();
    try (RowStream rows = table.refresh().newScan().rows()) {
      for (Row r : rows) {
        ids.add((Long) r.get("id"));
      }
    }
    ids.sort(null);
    return ids;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void quarantineWritesTheGoodRowsAndQuarantinesTheBad(boolean partitioned) {
    FloeTable table = table("db.arrow_q" + partitioned, partitioned, QualityMode.QUARANTINE);
    List<Long> expected = new ArrayList<>();
    Map<String, Long> byRule = new TreeMap<>();
    AppendResult result;
    try (ArrowAppend append = ArrowAppend.to(table)) {
      for (int b = 0; b < 2; b++) {
        try (VectorSchemaRoot root = batch(b * 1000L, 1000)) {
          append.batch(root);
        }
        for (int i = 0; i < 1000; i++) {
          switch (i % 10) {
            case 3 -> byRule.merge("range(d)", 1L, Long::sum);
            case 5 -> byRule.merge("allowed_values(s)", 1L, Long::sum);
            case 7 -> byRule.merge("not_null(s)", 1L, Long::sum);
            case 9 -> byRule.merge("unique(id)", 1L, Long::sum);
            default -> expected.add(b * 1000L + i);
          }
        }
      }
      assertThat(append.rowCount()).isEqualTo(expected.size());
      result = append.commit();
    }
    assertThat(ids(table)).isEqualTo(expected);
    QualitySummary summary = QualitySummary.of(result.summary()).orElseThrow();
    assertThat(summary.checkedRows()).isEqualTo(2000);
    assertThat(summary.quarantinedRows()).isEqualTo(800);
    assertThat(new TreeMap<>(summary.quarantinedByRule())).isEqualTo(byRule);
    FloeTable quarantine = floe.loadTable(table.name() + "__quarantine");
    List<Long> rows = new ArrayList<>();
    try (RowStream q = quarantine.newScan().rows()) {
      for (Row r : q) {
        rows.add((Long) r.get("_row"));
        long pos = (Long) r.get("_row");
        assertThat(r.get("day")).isEqualTo(java.time.LocalDate.ofEpochDay(19723 + pos % 1000 % 30));
      }
    }
    assertThat(rows).hasSize(800).allMatch(p -> p % 10 == 3 || p % 10 == 5 || p % 10 >= 7);
  }

  @Test
  void rejectCommitsNothingAndNamesTheFirstBadRow() {
    FloeTable table = table("db.arrow_r", false, QualityMode.REJECT);
    try (ArrowAppend append = ArrowAppend.to(table);
        VectorSchemaRoot first = batch(0, 3);
        VectorSchemaRoot second = batch(3, 10)) {
      append.batch(first); // rows 0..2 are good
      assertThatThrownBy(() -> append.batch(second))
          .isInstanceOfSatisfying(
              ConstraintViolationException.class,
              e -> {
                // batch row 3 (d = 1000.0) is write row 6
                assertThat(e.row()).isEqualTo(6);
                assertThat(e.rule()).isEqualTo("range(d)");
                assertThat(e.column()).contains("d");
                assertThat(e.getMessage()).contains("Arrow append to db.arrow_r");
              });
    }
    assertThat(table.refresh().currentSnapshot()).isEmpty();
  }
}
