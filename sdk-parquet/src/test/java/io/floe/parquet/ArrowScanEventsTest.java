package io.floe.parquet;

import static org.apache.iceberg.expressions.Expressions.equal;
import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.events.FloeListener;
import io.floe.events.Outcome;
import io.floe.events.ScanEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrow scans fire the handle's scan event, with the row groups Floe's decoder read and pruned. */
class ArrowScanEventsTest {
  @TempDir Path dir;

  @Test
  void anArrowScanReportsItsRowGroupsWhenClosed() throws Exception {
    List<ScanEvent> scans = Collections.synchronizedList(new ArrayList<>());
    FloeListener listener =
        new FloeListener() {
          @Override
          public void onScan(ScanEvent event) {
            scans.add(event);
          }
        };
    FloeConfig config =
        FloeConfig.builder("local")
            .property("type", FloeConfig.TYPE_LOCAL)
            .property("warehouse", dir.toString())
            .property(FloeConfig.LOCAL_FSYNC, "false")
            .listener(listener)
            .build();
    try (Floe floe = Floe.open(config);
        BufferAllocator allocator = new RootAllocator()) {
      FloeTable table =
          floe.createTable("db.t")
              .column("id", Types.LongType.get())
              .column("v", Types.StringType.get())
              .create();
      table
          .newAppend()
          .rows(
              List.of(
                  Map.of("id", 1L, "v", "a"),
                  Map.of("id", 2L, "v", "c"),
                  Map.of("id", 3L, "v", "a")))
          .commit();

      long rows = 0;
      try (ArrowBatches batches = ArrowScan.of(table.newScan()).open(allocator)) {
        while (batches.hasNext()) {
          rows += batches.next().getRowCount();
        }
      }
      assertThat(rows).isEqualTo(3);
      assertThat(scans).hasSize(1);
      ScanEvent all = scans.get(0);
      assertThat(all.rows()).isEqualTo(3);
      assertThat(all.filesRead()).isEqualTo(1);
      assertThat(all.rowGroupsRead()).isEqualTo(1);
      assertThat(all.rowGroupsPruned()).isZero();
      assertThat(all.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(all.table()).isEqualTo("db.t");

      // "b" lies between the file's bounds ("a".."c"): planning keeps the file, its dictionary
      // prunes the row group
      try (ArrowBatches batches =
          ArrowScan.of(table.newScan().where(equal("v", "b"))).open(allocator)) {
        assertThat(batches.hasNext()).isFalse();
      }
      assertThat(scans).hasSize(2);
      ScanEvent none = scans.get(1);
      assertThat(none.rows()).isZero();
      assertThat(none.filesRead()).isEqualTo(1);
      assertThat(none.rowGroupsRead()).isZero();
      assertThat(none.rowGroupsPruned()).isEqualTo(1);
      assertThat(none.filter()).contains("v");
    }
  }
}
