package io.floe.impl.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.types.Types;

/**
 * Writes delete files with Floe's record writers (no Hadoop) that Floe itself never writes (other
 * engines do): equality deletes, and position deletes naming several data files. Test code only.
 */
public final class DeleteFiles {
  private DeleteFiles() {}

  /**
   * Writes one equality delete file of an unpartitioned table.
   *
   * @param table the table
   * @param deleteSchema the equality columns (a projection of the table schema)
   * @param rows the delete rows
   * @return the delete file, not committed
   */
  public static DeleteFile equality(Table table, Schema deleteSchema, List<Record> rows) {
    int[] ids = deleteSchema.columns().stream().mapToInt(Types.NestedField::fieldId).toArray();
    RecordFileWriters writers =
        new RecordFileWriters(
            table,
            FileFormat.PARQUET,
            FileFormat.PARQUET,
            table.schema(),
            table.sortOrder(),
            Map.of(),
            ids,
            deleteSchema);
    EqualityDeleteWriter<Record> writer =
        writers.newEqualityDeleteWriter(
            TableFileWriter.outputFiles(table, FileFormat.PARQUET).newOutputFile(),
            table.spec(),
            null);
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDeleteFile();
  }

  /**
   * Writes one position delete file of an unpartitioned table, naming several data files (so not
   * file-scoped).
   *
   * @param table the table
   * @param positions the deleted positions by data file location
   * @return the delete file, not committed
   */
  public static DeleteFile positions(Table table, SortedMap<String, long[]> positions) {
    RecordFileWriters writers =
        new RecordFileWriters(
            table,
            FileFormat.PARQUET,
            FileFormat.PARQUET,
            table.schema(),
            table.sortOrder(),
            Map.of(),
            null,
            null);
    PositionDeleteWriter<Record> writer =
        writers.newPositionDeleteWriter(
            TableFileWriter.outputFiles(table, FileFormat.PARQUET).newOutputFile(),
            table.spec(),
            null);
    PositionDelete<Record> delete = PositionDelete.create();
    try (writer) {
      positions.forEach(
          (path, rows) -> {
            for (long pos : rows) {
              writer.write(delete.set(path, pos));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDeleteFile();
  }
}
