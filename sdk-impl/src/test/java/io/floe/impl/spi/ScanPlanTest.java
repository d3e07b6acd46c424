package io.floe.impl.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.Scan;
import io.floe.ValidationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each kind of Floe scan hands its readers: one plan, its facts, its tasks planned once. */
class ScanPlanTest {
  @TempDir Path tmp;

  /** Three appends of 10 rows each (three data files), ids 0 to 29. */
  private static FloeTable threeFiles(Floe floe) {
    FloeTable table =
        floe.createTable("db.t")
            .column("id", Types.LongType.get())
            .required()
            .column("name", Types.StringType.get())
            .create();
    for (int file = 0; file < 3; file++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", file * 10L + i);
        row.put("name", "n" + (file * 10 + i));
        rows.add(row);
      }
      table.newAppend().rows(rows).commit();
    }
    return table;
  }

  private static List<Long> ids(CloseableIterable<Row> rows) throws IOException {
    List<Long> ids = new ArrayList<>();
    try (rows) {
      rows.forEach(r -> ids.add(r.get("id", Long.class)));
    }
    return ids;
  }

  @Test
  void aTableScanPlanCarriesTheScansFactsAndPlansItsFilesOnce() throws IOException {
    try (Floe floe = Floe.local(tmp)) {
      FloeTable table = threeFiles(floe);
      Scan scan =
          table.newScan().select("name").where(Expressions.greaterThanOrEqual("id", 5L)).limit(7);
      ScanPlan plan = ScanPlan.of(scan);
      assertThat(plan.tableName()).isEqualTo("db.t");
      assertThat(plan.snapshotId()).isEqualTo(table.currentSnapshot().orElseThrow().snapshotId());
      assertThat(plan.projected().columns())
          .extracting(Types.NestedField::name)
          .containsExactly("name");
      // the filter's column is read, not returned
      assertThat(plan.requested().findField("id")).isNotNull();
      assertThat(plan.limit()).isEqualTo(7);
      assertThat(plan.caseSensitive()).isTrue();
      assertThat(plan.dataFiles()).isTrue();
      assertThat(plan.nameMapping()).isEmpty();
      assertThat(plan.io()).isSameAs(Internals.icebergTable(table).io());
      List<FileScanTask> tasks = plan.tasks();
      assertThat(tasks).hasSize(3);
      assertThat(plan.tasks()).isSameAs(tasks);
      try (CloseableIterable<Row> rows = plan.rows()) {
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.get("name", String.class)));
        assertThat(names).hasSize(7).allMatch(n -> Integer.parseInt(n.substring(1)) >= 5);
      }
    }
  }

  @Test
  void aLimitCoveredByUnfilteredFilesStopsPlanning() throws IOException {
    try (Floe floe = Floe.local(tmp)) {
      FloeTable table = threeFiles(floe);
      ScanPlan plan = ScanPlan.of(table.newScan().limit(10));
      // the first file planned holds 10 rows, none filtered or deleted: the others are not needed
      assertThat(plan.tasks()).hasSize(1);
      assertThat(ids(plan.rows())).hasSize(10);
      assertThat(table.newScan().limit(10).count()).isEqualTo(10);
      assertThat(ScanPlan.of(table.newScan().limit(11)).tasks()).hasSize(2);
      assertThat(ScanPlan.of(table.newScan()).tasks()).hasSize(3);
    }
  }

  @Test
  void metadataIncrementalAndChangelogScansProduceRowPlans() throws IOException {
    try (Floe floe = Floe.local(tmp)) {
      FloeTable table = threeFiles(floe);
      long first = table.snapshots().get(0).snapshotId();
      ScanPlan files =
          ScanPlan.of(table.metadataTable(MetadataTableType.FILES).select("record_count"));
      assertThat(files.dataFiles()).isFalse();
      assertThat(files.tableName()).isEqualTo("db.t.files");
      assertThat(files.projected().columns())
          .extracting(Types.NestedField::name)
          .containsExactly("record_count");
      try (CloseableIterable<Row> rows = files.rows()) {
        List<Long> counts = new ArrayList<>();
        rows.forEach(r -> counts.add(r.get("record_count", Long.class)));
        assertThat(counts).containsExactly(10L, 10L, 10L);
      }

      ScanPlan appended = ScanPlan.of(table.newIncrementalScan().fromSnapshotExclusive(first));
      assertThat(appended.dataFiles()).isFalse();
      assertThat(appended.snapshotId())
          .isEqualTo(table.currentSnapshot().orElseThrow().snapshotId());
      assertThat(appended.tasks()).hasSize(2);
      assertThat(ids(appended.rows())).hasSize(20).allMatch(id -> id >= 10);

      ScanPlan changes = ScanPlan.of(table.newChangelogScan().fromSnapshotExclusive(first));
      assertThat(changes.dataFiles()).isFalse();
      // the changelog plans snapshot by snapshot as it reads
      assertThat(changes.tasks()).isEmpty();
      assertThat(changes.projected().findField("_change_type")).isNotNull();
      assertThat(ids(changes.rows())).hasSize(20).allMatch(id -> id >= 10);
    }
  }

  @Test
  void aPlanValidatesWhenItIsMadeAndRejectsOtherScans() {
    try (Floe floe = Floe.local(tmp)) {
      FloeTable table = threeFiles(floe);
      assertThatThrownBy(() -> ScanPlan.of(table.newScan().select("nope")))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("has no column 'nope'");
      assertThatThrownBy(() -> ScanPlan.of("not a scan"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Not a scan of Floe's implementation: not a scan");
    }
  }

  @Test
  void copiesOfAPlanKeepTheNameMappingItWasMadeWith() throws IOException {
    try (Floe floe = Floe.local(tmp)) {
      FloeTable table = threeFiles(floe);
      org.apache.iceberg.Table iceberg = Internals.icebergTable(table);
      iceberg
          .updateProperties()
          .set(
              org.apache.iceberg.TableProperties.DEFAULT_NAME_MAPPING,
              org.apache.iceberg.mapping.NameMappingParser.toJson(
                  org.apache.iceberg.mapping.MappingUtil.create(iceberg.schema())))
          .commit();
      ScanPlan plan = ScanPlan.of(table.newScan());
      assertThat(plan.nameMapping()).isPresent();
      List<FileScanTask> tasks = plan.tasks();
      // the table's mapping changes after the plan was made: its copies neither see nor parse it
      plan.table()
          .updateProperties()
          .set(org.apache.iceberg.TableProperties.DEFAULT_NAME_MAPPING, "{not json")
          .commit();
      assertThat(plan.table().properties())
          .containsEntry(org.apache.iceberg.TableProperties.DEFAULT_NAME_MAPPING, "{not json");
      ScanPlan copy = plan.readingOnly(tasks.subList(0, 1));
      assertThat(copy.nameMapping()).containsSame(plan.nameMapping().orElseThrow());
      assertThat(ids(copy.rows())).hasSize(10);
    }
  }
}
