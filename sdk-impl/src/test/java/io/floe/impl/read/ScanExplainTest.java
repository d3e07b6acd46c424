package io.floe.impl.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ScanExplanation;
import io.floe.WriteMode;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Scan.explain()} on {@code Floe.local}: what planning keeps and prunes, no data read. */
class ScanExplainTest {
  @TempDir Path dir;

  private static FloeTable create(Floe floe) {
    floe.createNamespace("db");
    FloeTable t =
        floe.createTable("db.t")
            .formatVersion(2)
            .column("id", Types.LongType.get())
            .column("category", Types.StringType.get())
            .partitionBy(p -> p.identity("category"))
            .create();
    // three appends, each one file per category, ids in disjoint ranges per append
    for (int a = 0; a < 3; a++) {
      var append = t.newAppend();
      for (long i = a * 100L; i < a * 100L + 100; i++) {
        append.row(Map.of("id", i, "category", i % 2 == 0 ? "books" : "games"));
      }
      append.commit();
    }
    return t;
  }

  @Test
  void partitionAndStatisticsPruningAreExplainedWithoutReading() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      ScanExplanation all = t.newScan().explain();
      assertThat(all.files()).hasSize(6);
      assertThat(all.records()).isEqualTo(300);
      assertThat(all.skippedDataFiles()).isZero();
      assertThat(all.snapshotId()).isEqualTo(t.currentSnapshot().orElseThrow().snapshotId());
      assertThat(all.columns()).containsExactly("id", "category");

      ScanExplanation books = t.newScan().select("id").where("category = 'books'").explain();
      assertThat(books.files()).hasSize(3).allMatch(f -> f.partition().equals("category=books"));
      assertThat(books.files()).allMatch(f -> f.residual().equals("true"));
      assertThat(books.records()).isEqualTo(t.newScan().where("category = 'books'").count());
      assertThat(books.skippedDataFiles()).isEqualTo(3);
      assertThat(books.columns()).containsExactly("id");

      // column statistics: only the last append's files hold ids >= 250
      ScanExplanation high =
          t.newScan().where(Expressions.greaterThanOrEqual("id", 250L)).explain();
      assertThat(high.files()).hasSize(2);
      assertThat(high.skippedDataFiles()).isEqualTo(4);
      assertThat(high.files()).allMatch(f -> f.residual().contains("id"));
      assertThat(high.toString())
          .contains("Scan of db.t at snapshot")
          .contains("reads 2 data file(s), 100 rows")
          .contains("pruned by partition and column statistics: 4 data file(s)");
    }
  }

  @Test
  void deleteFilesTimeTravelAndEmptyTables() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable t = create(floe);
      long before = t.currentSnapshot().orElseThrow().snapshotId();
      t.newDelete().where(Expressions.equal("id", 4L)).mode(WriteMode.MERGE_ON_READ).commit();
      ScanExplanation now = t.newScan().where("category = 'books'").explain();
      assertThat(now.deleteFiles()).isPositive();
      assertThat(now.toString()).contains("delete file(s)");
      ScanExplanation then = t.newScan().asOfSnapshot(before).explain();
      assertThat(then.snapshotId()).isEqualTo(before);
      assertThat(then.deleteFiles()).isZero();

      FloeTable empty = floe.createTable("db.empty").column("id", Types.LongType.get()).create();
      ScanExplanation nothing = empty.newScan().explain();
      assertThat(nothing.files()).isEmpty();
      assertThat(nothing.records()).isZero();
    }
  }
}
