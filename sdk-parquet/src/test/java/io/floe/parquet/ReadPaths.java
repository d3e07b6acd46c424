package io.floe.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.ChangelogScan;
import io.floe.FloeTable;
import io.floe.ReadTask;
import io.floe.Row;
import io.floe.Scan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The {@code id}s a read path returns, sorted, and small record builders, for the exact-read tests.
 */
final class ReadPaths {
  private ReadPaths() {}

  static List<Long> arrowIds(Scan scan, int parallelism, BufferAllocator allocator) {
    return sorted(arrowIds(ArrowScan.of(scan).parallelism(parallelism), allocator));
  }

  /** The ids of the rows an Arrow scan returns, in the order returned. */
  static List<Long> arrowIds(ArrowScan scan, BufferAllocator allocator) {
    List<Long> ids = new ArrayList<>();
    try (ArrowBatches batches = scan.open(allocator)) {
      while (batches.hasNext()) {
        VectorSchemaRoot batch = batches.next();
        BigIntVector id = (BigIntVector) batch.getVector("id");
        for (int i = 0; i < batch.getRowCount(); i++) {
          ids.add(id.get(i));
        }
      }
    }
    return ids;
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

  /** Writes rows into one data file and appends it to the table. */
  static void appendRecords(Table table, List<Record> rows) {
    table.newAppend().appendFile(TestTables.write(table, rows, Map.of())).commit();
  }

  /**
   * Commits one equality-delete file on a column, deleting the rows holding any of these values.
   */
  static void deleteEqual(Table table, String column, Object... values) {
    Schema deleteSchema = table.schema().select(column);
    List<Record> keys = new ArrayList<>();
    for (Object value : values) {
      keys.add(key(deleteSchema, value));
    }
    table.newRowDelta().addDeletes(TestTables.equalityDeletes(table, deleteSchema, keys)).commit();
  }

  /** A one-column equality-delete key. */
  static Record key(Schema schema, Object value) {
    Record r = GenericRecord.create(schema);
    r.set(0, value);
    return r;
  }

  /**
   * Asserts that every read path of a scan with this filter returns exactly these ids: rows, Arrow
   * (1 and 4 threads), {@code count()}, read tasks, and for tables that were only appended to, the
   * incremental scan and the changelog's inserts.
   */
  static void assertEveryPath(
      FloeTable table,
      Expression filter,
      List<Long> expected,
      boolean appendOnly,
      BufferAllocator allocator) {
    Scan scan = table.newScan().where(filter);
    Map<String, List<Long>> seen = new LinkedHashMap<>();
    seen.put("rows", ids(scan.rows()));
    seen.put("arrow", arrowIds(scan, 1, allocator));
    seen.put("arrow parallel", arrowIds(scan, 4, allocator));
    seen.put("count", List.of(scan.count()));
    List<Long> tasks = new ArrayList<>();
    for (ReadTask task : scan.planTasks()) {
      tasks.addAll(ids(task.rows()));
    }
    seen.put("read tasks", sorted(tasks));
    Map<String, List<Long>> want = new LinkedHashMap<>();
    want.put("rows", expected);
    want.put("arrow", expected);
    want.put("arrow parallel", expected);
    want.put("count", List.of((long) expected.size()));
    want.put("read tasks", expected);
    if (appendOnly) {
      seen.put("incremental", ids(table.newIncrementalScan().where(filter).rows()));
      want.put("incremental", expected);
      List<Long> inserted = new ArrayList<>();
      try (CloseableIterable<Row> changes = table.newChangelogScan().where(filter).rows()) {
        for (Row change : changes) {
          if ("INSERT".equals(change.get(ChangelogScan.CHANGE_TYPE))) {
            inserted.add(((Number) change.get("id")).longValue());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      seen.put("changelog inserts", sorted(inserted));
      want.put("changelog inserts", expected);
    }
    assertThat(seen).as("%s where %s", table.name(), filter).isEqualTo(want);
  }
}
