package io.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Variant;
import io.floe.files.SchemaInference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder source creating its table with {@link SchemaInference.OnConflict#VARIANT}. */
class FolderSourceVariantTest {
  @TempDir Path tmp;

  @Test
  void createsVariantColumnsForConflictingJsonFields() throws Exception {
    Path landing = tmp.resolve("landing");
    Files.createDirectories(landing);
    Files.write(
        landing.resolve("a.jsonl"),
        List.of("{\"id\": 1, \"body\": {\"x\": 1}}", "{\"id\": 2, \"body\": \"text\"}"));
    try (Floe floe = Floe.local(tmp.resolve("wh"))) {
      floe.createNamespace("db");
      try (FolderSource source =
          FolderSource.builder(floe, "db.api", landing.toString())
              .createIfMissing()
              .onConflict(SchemaInference.OnConflict.VARIANT)
              .build()) {
        assertThat(source.ingestOnce().rows()).isEqualTo(2);
      }
      FloeTable table = floe.loadTable("db.api");
      assertThat(table.schema().findField("body").type()).isEqualTo(Types.VariantType.get());
      List<String> bodies = new ArrayList<>();
      try (RowStream rows = table.newScan().rows()) {
        for (Row row : rows) {
          bodies.add(((Variant) row.get("body")).toJson());
        }
      }
      assertThat(bodies).containsExactlyInAnyOrder("{\"x\":1}", "\"text\"");
    }
  }
}
