package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Scan;
import io.floe.ValidationException;
import io.floe.WriteMode;
import io.floe.impl.spi.Internals;
import io.floe.parquet.internal.ArrowValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Metadata tables read as Arrow batches equal Iceberg's own metadata-table rows. */
class MetadataArrowScanTest {
  @RegisterExtension final ArrowResources resources = new ArrowResources();
  private final BufferAllocator allocator = resources.allocator();

  private static FloeTable table(Floe floe) {
    FloeTable table =
        floe.createTable("m.events")
            .columns(
                s ->
                    s.column("id", Types.LongType.get())
                        .required()
                        .column("category", Types.StringType.get())
                        .column("price", Types.DecimalType.of(9, 2))
                        .column("day", Types.DateType.get()))
            .partitionBy(p -> p.identity("category"))
            .formatVersion(2)
            .create();
    for (int i = 0; i < 3; i++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      LongStream.range(i * 10L, i * 10L + 10)
          .forEach(
              id -> {
                Map<String, Object> row = new HashMap<>();
                row.put("id", id);
                row.put("category", id % 3 == 0 ? "books" : "games");
                row.put("price", id % 4 == 0 ? null : java.math.BigDecimal.valueOf(id * 101, 2));
                row.put("day", java.time.LocalDate.ofEpochDay(19_000 + id));
                rows.add(row);
              });
      table.newAppend().rows(rows).commit();
    }
    table.newDelete().where(Expressions.equal("id", 4L)).mode(WriteMode.MERGE_ON_READ).commit();
    table.manageSnapshots().createTag("v1", table.snapshots().get(0).snapshotId()).commit();
    return table;
  }

  /** Iceberg's own rows of a metadata table, projected to a schema, in internal representation. */
  private static List<List<Object>> reference(
      FloeTable table, MetadataTableType type, Schema projection) throws IOException {
    Table metadata = Internals.metadataTable(table, type);
    TableScan scan = metadata.newScan().project(projection);
    List<List<Object>> out = new ArrayList<>();
    org.apache.iceberg.util.StructProjection projector =
        org.apache.iceberg.util.StructProjection.create(metadata.schema(), projection);
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        try (CloseableIterable<StructLike> rows = task.asDataTask().rows()) {
          for (StructLike row : rows) {
            out.add(values(projection.asStruct(), projector.wrap(row)));
          }
        }
      }
    }
    return out;
  }

  /**
   * A struct's values as lists (nested structs too), strings as String, buffers compared by
   * content.
   */
  private static List<Object> values(Types.StructType type, StructLike row) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < type.fields().size(); i++) {
      out.add(normalize(type.fields().get(i).type(), row.get(i, Object.class)));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object normalize(Type type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type.typeId()) {
      case STRUCT -> values(type.asStructType(), (StructLike) value);
      case STRING -> value.toString();
      case BINARY, FIXED -> ByteBuffer.wrap(bytes((ByteBuffer) value));
      case LIST ->
          ((List<Object>) value)
              .stream().map(v -> normalize(type.asListType().elementType(), v)).toList();
      case MAP -> {
        Map<Object, Object> map = new HashMap<>();
        ((Map<Object, Object>) value)
            .forEach(
                (k, v) ->
                    map.put(
                        normalize(type.asMapType().keyType(), k),
                        normalize(type.asMapType().valueType(), v)));
        yield map;
      }
      default -> value;
    };
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  private List<List<Object>> arrow(Scan scan, int batchSize, int[] batches) {
    Schema schema = scan.schema();
    List<List<Object>> out = new ArrayList<>();
    try (ArrowBatches open = ArrowScan.of(scan).batchSize(batchSize).open(allocator)) {
      assertThat(open.schema()).isEqualTo(ArrowScan.of(scan).schema());
      while (open.hasNext()) {
        VectorSchemaRoot batch = open.next();
        batches[0]++;
        assertThat(batch.getRowCount()).isBetween(1, batchSize);
        for (int row = 0; row < batch.getRowCount(); row++) {
          List<Object> values = new ArrayList<>();
          for (int c = 0; c < schema.columns().size(); c++) {
            Type type = schema.columns().get(c).type();
            FieldVector vector = batch.getVector(c);
            values.add(normalize(type, ArrowValues.get(vector, type, row)));
          }
          out.add(values);
        }
      }
    }
    return out;
  }

  @Test
  void everyMetadataTableReadsAsArrowLikeIcebergsRows() throws IOException {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table = table(floe);
      for (MetadataTableType type : MetadataTableType.values()) {
        Scan scan = table.metadataTable(type);
        int[] batches = new int[1];
        List<List<Object>> arrow = arrow(scan, 2, batches);
        List<List<Object>> expected = reference(table, type, scan.schema());
        assertThat(arrow).as(type.name()).isEqualTo(expected);
        assertThat(batches[0]).as(type.name()).isEqualTo((expected.size() + 1) / 2);
      }
      assertThat(arrow(table.metadataTable(MetadataTableType.FILES), 100, new int[1])).hasSize(7);
      assertThat(arrow(table.metadataTable(MetadataTableType.DELETE_FILES), 100, new int[1]))
          .hasSize(1);
    }
  }

  @Test
  void projectionFilterAndLimitOfTheFloeScanApply() throws IOException {
    try (Floe floe = Floe.inMemory()) {
      FloeTable table = table(floe);
      Scan files =
          table
              .metadataTable(MetadataTableType.DATA_FILES)
              .select("file_path", "record_count", "partition")
              .where(Expressions.equal("partition.category", "books"));
      List<List<Object>> rows = arrow(files, 8192, new int[1]);
      assertThat(rows)
          .hasSize(3)
          .allSatisfy(
              r -> {
                assertThat(r).hasSize(3);
                assertThat(r.get(1))
                    .isEqualTo(List.of("books")); // columns come in the table's order
                assertThat((Long) r.get(2)).isBetween(3L, 4L);
              });
      assertThat(ArrowScan.of(files).schema().getFields())
          .extracting(f -> f.getName())
          .containsExactly("file_path", "partition", "record_count");
      assertThat(arrow(table.metadataTable(MetadataTableType.SNAPSHOTS).limit(2), 1, new int[1]))
          .hasSize(2);
      assertThatThrownBy(
              () -> ArrowScan.of(table.metadataTable(MetadataTableType.FILES).select("nope")))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("nope");
    }
  }
}
