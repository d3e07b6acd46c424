package io.floe.impl.evolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.RowStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata-table scans report to Floe's quiet reporter like data scans do, not to Iceberg's {@code
 * LoggingMetricsReporter} (about 2 KB at INFO per scan: a table monitor or a CLI command reading
 * {@code partitions} every minute filled a service's log). Runs in the debug-log surefire
 * execution, where slf4j-simple writes every level to the captured {@code System.err}.
 */
class MetadataScanReportsDebugLogTest {
  @TempDir Path dir;

  @Test
  void metadataScansDoNotLogIcebergMetricsReportsAtInfo() {
    Assumptions.assumeTrue(
        "debug".equals(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")),
        "needs DEBUG logging");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (Floe floe = Floe.local(dir)) {
      floe.createNamespace("db");
      FloeTable t =
          floe.createTable("db.t")
              .column("id", Types.LongType.get())
              .column("kind", Types.StringType.get())
              .partitionBy(p -> p.identity("kind"))
              .create();
      t.newAppend().row(Map.of("id", 1L, "kind", "a")).row(Map.of("id", 2L, "kind", "b")).commit();
      long partitions = 0;
      for (MetadataTableType type :
          new MetadataTableType[] {
            MetadataTableType.PARTITIONS, MetadataTableType.FILES, MetadataTableType.ENTRIES
          }) {
        try (RowStream rows = t.metadataTable(type).rows()) {
          for (Row ignored : rows) {
            partitions += type == MetadataTableType.PARTITIONS ? 1 : 0;
          }
        }
      }
      assertThat(partitions).isEqualTo(2);
      assertThat(t.newScan().count()).isEqualTo(2);
    } finally {
      System.setErr(err);
    }
    String text = log.toString(StandardCharsets.UTF_8);
    // the reports still reach the quiet reporter, at DEBUG
    assertThat(text).contains("Iceberg metrics: ScanReport");
    assertThat(text)
        .doesNotContain("LoggingMetricsReporter")
        .doesNotContain("Received metrics report");
  }
}
