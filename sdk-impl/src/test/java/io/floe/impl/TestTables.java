package io.floe.impl;

import io.floe.FloeTable;
import io.floe.Row;
import io.floe.impl.spi.Internals;
import io.floe.maintenance.RemoveOrphanFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Test helpers: reference reads with Iceberg's generic reader, and delete files written with
 * Iceberg core.
 */
public final class TestTables {
  private TestTables() {}

  /**
   * All rows of the table's current snapshot, read by Iceberg's generic reader, as maps sorted by
   * id.
   */
  public static List<Map<String, Object>> reference(FloeTable table) {
    Table iceberg = Internals.icebergTable(table);
    iceberg.refresh();
    List<Map<String, Object>> out = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(iceberg).build()) {
      for (Record record : records) {
        Map<String, Object> map = toMap(record);
        map.remove("_pos"); // added by the generic reader for files with position deletes
        out.add(map);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(m -> (Long) m.get("id")));
    return out;
  }

  /** The rows Floe's scan returns, as maps sorted by id. */
  public static List<Map<String, Object>> floeRows(FloeTable table) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (CloseableIterable<Row> rows = table.refresh().newScan().rows()) {
      rows.forEach(r -> out.add(r.toMap()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(m -> (Long) m.get("id")));
    return out;
  }

  public static Map<String, Object> toMap(Record record) {
    Map<String, Object> map = new LinkedHashMap<>();
    List<Types.NestedField> fields = record.struct().fields();
    for (int i = 0; i < fields.size(); i++) {
      Object value = record.get(i);
      map.put(fields.get(i).name(), value instanceof Record nested ? toMap(nested) : value);
    }
    return map;
  }

  /** Commits position deletes of the rows of one data file whose id is in {@code ids}. */
  public static DeleteFile deletePositions(
      FloeTable floeTable, DataFile file, java.util.Set<Long> ids) {
    Table table = Internals.icebergTable(floeTable);
    table.refresh();
    List<Long> positions = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        if (task.file().location().equals(file.location())) {
          List<Long> fileIds = idsInFile(floeTable, file);
          for (int pos = 0; pos < fileIds.size(); pos++) {
            if (ids.contains(fileIds.get(pos))) {
              positions.add((long) pos);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PartitionSpec spec = table.specs().get(file.specId());
    EncryptedOutputFile out =
        OutputFileFactory.builderFor(table, 1, System.nanoTime())
            .build()
            .newOutputFile(spec, file.partition());
    PositionDeleteWriter<Record> writer =
        new GenericFileWriterFactory.Builder(table)
            .build()
            .newPositionDeleteWriter(out, spec, file.partition());
    PositionDelete<Record> delete = PositionDelete.create();
    try (writer) {
      for (long pos : positions) {
        writer.write(delete.set(file.location(), pos));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DeleteFile deleteFile = writer.toDeleteFile();
    table.newRowDelta().addDeletes(deleteFile).commit();
    return deleteFile;
  }

  /** The ids of a data file's rows, in file order, read by Iceberg's generic Parquet reader. */
  public static List<Long> idsInFile(FloeTable floeTable, DataFile file) {
    Table table = Internals.icebergTable(floeTable);
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> records =
        Parquet.read(table.io().newInputFile(file.location()))
            .project(table.schema())
            .createReaderFunc(s -> GenericParquetReaders.buildReader(table.schema(), s))
            .build()) {
      records.forEach(r -> ids.add((Long) r.getField("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  /** Commits an equality delete on {@code id} for the given ids, in a partition. */
  public static DeleteFile deleteIds(FloeTable floeTable, StructLike partition, long... ids) {
    Table table = Internals.icebergTable(floeTable);
    table.refresh();
    Schema idSchema = table.schema().select("id");
    PartitionSpec spec = table.spec();
    EncryptedOutputFile out =
        OutputFileFactory.builderFor(table, 1, System.nanoTime())
            .build()
            .newOutputFile(spec, partition);
    EqualityDeleteWriter<Record> writer =
        new GenericFileWriterFactory.Builder(table)
            .equalityFieldIds(new int[] {table.schema().findField("id").fieldId()})
            .equalityDeleteRowSchema(idSchema)
            .build()
            .newEqualityDeleteWriter(out, spec, partition);
    try (writer) {
      for (long id : ids) {
        GenericRecord record = GenericRecord.create(idSchema);
        record.setField("id", id);
        writer.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DeleteFile deleteFile = writer.toDeleteFile();
    table.newRowDelta().addDeletes(deleteFile).commit();
    return deleteFile;
  }

  /**
   * What orphan-file removal would delete now, counting files of any age (a dry run, deleting
   * nothing).
   */
  public static RemoveOrphanFiles.Result orphansNow(FloeTable table) {
    return table
        .maintenance()
        .removeOrphanFiles()
        .unsafeOlderThan(Instant.now().plusSeconds(60))
        .dryRun()
        .execute();
  }

  /** The ids of the rows a Floe scan with a filter returns, in the order returned. */
  public static List<Long> idsWhere(FloeTable table, Expression filter) {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Row> rows = table.newScan().where(filter).rows()) {
      rows.forEach(r -> ids.add((Long) r.get("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  /** The live data files of the current snapshot. */
  public static List<DataFile> dataFiles(FloeTable floeTable) {
    Table table = Internals.icebergTable(floeTable);
    table.refresh();
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
