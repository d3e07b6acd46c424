package io.floe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import java.nio.file.Path;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroQuickStartTest {
  @TempDir Path tmp;

  @Test
  void appendsGeneratedAvroRecords() {
    Path warehouse = tmp.resolve("wh");

    AvroQuickStart.main(new String[] {warehouse.toString()});

    try (Floe floe = Floe.local(warehouse)) {
      FloeTable views = floe.loadTable("web.page_views");
      assertThat(views.newScan().count()).isEqualTo(100);
      assertThat(views.schema().findField("viewed_at").type())
          .isEqualTo(Types.TimestampType.withZone());
      assertThat(views.schema().findField("duration_ms").initialDefault()).isEqualTo(0);
      assertThat(views.schema().findField("id").doc()).isEqualTo("Unique view id");
    }
  }
}
