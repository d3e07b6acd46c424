package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.Row;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Selecting only fields added to a struct after a file was written: the struct is null where the
 * file's struct is null, and a struct of nulls elsewhere, on the row and the Arrow path (the Arrow
 * path used to return null for every such struct).
 */
class AddedNestedFieldTest {
  @TempDir Path dir;

  @Test
  void aStructOfOnlyAddedFieldsKeepsTheFilesNulls() {
    try (Floe floe = Floe.local(dir);
        BufferAllocator allocator = new RootAllocator()) {
      FloeTable table =
          floe.createTable("db.t")
              .column("id", Types.LongType.get())
              .required()
              .column(
                  "s",
                  Types.StructType.of(Types.NestedField.optional(10, "a", Types.IntegerType.get())))
              .create();
      Map<String, Object> withNull = new HashMap<>();
      withNull.put("id", 2L);
      withNull.put("s", null);
      table.newAppend().rows(List.of(Map.of("id", 1L, "s", Map.of("a", 7)), withNull)).commit();
      table.updateSchema().addColumn("s", "b", Types.StringType.get()).commit();
      table = table.refresh();

      Map<Long, String> rows = new HashMap<>();
      for (Row row : table.newScan().select("id", "s.b").rows().toList()) {
        Row s = row.get("s", Row.class);
        rows.put(row.get("id", Long.class), s == null ? "null" : "{b=" + s.get("b") + "}");
      }
      assertThat(rows).containsEntry(1L, "{b=null}").containsEntry(2L, "null").hasSize(2);

      Map<Long, String> arrow = new HashMap<>();
      try (ArrowBatches batches =
          ArrowScan.of(table.newScan().select("id", "s.b")).open(allocator)) {
        while (batches.hasNext()) {
          VectorSchemaRoot batch = batches.next();
          BigIntVector ids = (BigIntVector) batch.getVector("id");
          StructVector s = (StructVector) batch.getVector("s");
          for (int i = 0; i < batch.getRowCount(); i++) {
            arrow.put(
                ids.get(i), s.isNull(i) ? "null" : "{b=" + s.getChild("b").getObject(i) + "}");
          }
        }
      }
      assertThat(arrow).isEqualTo(rows);
      // a filter on the added field binds to the current schema, not the snapshot's
      assertThat(
              table
                  .newScan()
                  .where(org.apache.iceberg.expressions.Expressions.isNull("s.b"))
                  .count())
          .isEqualTo(2);
      assertThat(
              table
                  .newScan()
                  .select("id")
                  .where(org.apache.iceberg.expressions.Expressions.notNull("s.b"))
                  .rows()
                  .toList())
          .isEmpty();
    }
  }
}
