package io.floe.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.ReadTask;
import io.floe.Row;
import io.floe.impl.spi.Internals;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scan tasks planned by Floe in this JVM are Java-serialized to a file and read by a separate JVM
 * process, which must return exactly the rows of the scan, delete files applied.
 */
class ReadTaskOtherJvmTest {
  private static final String CATALOG = "tasks";
  @TempDir Path warehouse;

  @Test
  void aSeparateJvmReadsPlannedTasksWithDeletesAndFilters() throws Exception {
    try (Floe floe = InteropTables.localFloe(CATALOG, warehouse)) {
      FloeTable table =
          floe.createTable("db.events")
              .column("id", Types.LongType.get())
              .required()
              .column("ts", Types.TimestampType.withZone())
              .column("category", Types.StringType.get())
              .partitionBy(p -> p.identity("category"))
              .property("format-version", "2")
              .property("write.delete.mode", "merge-on-read")
              .create();
      for (int batch = 0; batch < 3; batch++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long id = batch * 400L; id < batch * 400L + 400; id++) {
          rows.add(
              Map.of(
                  "id",
                  id,
                  "ts",
                  Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id),
                  "category",
                  id % 4 == 0 ? "a" : "b"));
        }
        table.newAppend().rows(rows).commit();
      }
      // position deletes written by Spark, so the tasks carry delete files too
      SparkSession spark = SparkLocal.session().newSession();
      SparkLocal.catalog(spark, CATALOG, warehouse);
      spark.sql("DELETE FROM " + CATALOG + ".db.events WHERE id % 5 = 0");
      table.refresh();
      int deleteFiles = 0;
      try (CloseableIterable<FileScanTask> files =
          Internals.icebergTable(table).newScan().planFiles()) {
        for (FileScanTask f : files) {
          deleteFiles += f.deletes().size();
        }
      }
      assertThat(deleteFiles).isPositive();

      io.floe.Scan scan =
          table
              .newScan()
              .select("id", "category")
              .where(Expressions.greaterThanOrEqual("id", 100L));
      List<ReadTask> tasks = scan.planTasks(1);
      assertThat(tasks).hasSizeGreaterThan(1);
      Path file = warehouse.resolve("tasks.bin");
      try (OutputStream out = Files.newOutputStream(file);
          ObjectOutputStream objects = new ObjectOutputStream(out)) {
        objects.writeObject(new ArrayList<>(tasks));
      }

      List<String> expected = new ArrayList<>();
      try (CloseableIterable<Row> rows = scan.rows()) {
        rows.forEach(r -> expected.add(String.valueOf(Canonical.of(r))));
      }
      assertThat(expected).hasSize(1100 - 220);

      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process child =
          new ProcessBuilder(
                  java.toString(),
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ReadTaskWorker.class.getName(),
                  file.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
      List<String> lines = new ArrayList<>(output.lines().toList());
      assertThat(lines.remove(lines.size() - 1)).isEqualTo("rows=" + expected.size());
      assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
    }
  }
}
