package io.floe.parquet;

import io.floe.Row;
import io.floe.Scan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** The {@code id}s a read path returns, sorted, and small record builders, for the exact-read tests. */
final class ReadPaths {
  private ReadPaths() {}

  static List<Long> arrowIds(Scan scan, int parallelism, BufferAllocator allocator) {
    List<Long> ids = new ArrayList<>();
    try (ArrowBatches batches = ArrowScan.of(scan).parallelism(parallelism).open(allocator)) {
      while (batches.hasNext()) {
        VectorSchemaRoot batch = batches.next();
        BigIntVector id = (BigIntVector) batch.getVector("id");
        for (int i = 0; i < batch.getRowCount(); i++) {
          ids.add(id.get(i));
        }
      }
    }
    return sorted(ids);
  }

  static List<Long> ids(CloseableIterable<Row> rows) {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Row> r = rows) {
      for (Row row : r) {
        ids.add(((Number) row.get("id")).longValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sorted(ids);
  }

  static List<Long> sorted(List<Long> ids) {
    List<Long> copy = new ArrayList<>(ids);
    copy.sort(null);
    return copy;
  }

  /** A row of a table whose columns are {@code id} and one more. */
  static Record record(Table table, long id, Object x) {
    Record r = GenericRecord.create(table.schema());
    r.set(0, id);
    r.set(1, x);
    return r;
  }

  /** A one-column equality-delete key. */
  static Record key(Schema schema, Object value) {
    Record r = GenericRecord.create(schema);
    r.set(0, value);
    return r;
  }
}
