package io.floe.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.nio.file.Path;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.metrics.LoggingMetricsReporter;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink's offset-checked view of a table reports like the table does. */
class TableStateTest {
  @TempDir Path dir;

  @Test
  void theCheckedTableKeepsTheTablesMetricsReporter() {
    try (Floe floe = Floe.local(dir)) {
      floe.createNamespace("db");
      FloeTable t = floe.createTable("db.t").column("id", Types.LongType.get()).create();
      TableState state = new TableState(t, "sink");
      BaseTable original = (BaseTable) Internals.icebergTable(t);
      BaseTable checked = (BaseTable) state.checked;
      // Floe's catalogs report to the quiet reporter; without it Iceberg logs every commit at INFO
      assertThat(original.reporter()).isNotInstanceOf(LoggingMetricsReporter.class);
      assertThat(checked.reporter()).isSameAs(original.reporter());
    }
  }
}
