package io.floe.impl.read;

import io.floe.ReadTask;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.impl.spi.Errors;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.CombinedScanTask;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.mapping.NameMapping;

/**
 * A planned group of file scan tasks with everything needed to read it elsewhere: the table's
 * {@link FileIO} and schema, the columns to read, the projection, case sensitivity and limit. All
 * parts are Java-serializable Iceberg objects (the same ones Spark ships to its executors).
 */
final class ReadTaskImpl implements ReadTask {
  private static final long serialVersionUID = 1L;

  private final String table;
  private final long snapshotId;
  private final FileIO io;
  private final Schema tableSchema;
  private final Schema requested;
  private final Schema projection;
  private final boolean caseSensitive;
  private final long limit;
  private final CombinedScanTask group;
  private final NameMapping nameMapping;

  ReadTaskImpl(
      String table,
      long snapshotId,
      FileIO io,
      Schema tableSchema,
      Schema requested,
      Schema projection,
      boolean caseSensitive,
      long limit,
      CombinedScanTask group,
      NameMapping nameMapping) {
    this.nameMapping = nameMapping;
    this.table = table;
    this.snapshotId = snapshotId;
    this.io = io;
    this.tableSchema = tableSchema;
    this.requested = requested;
    this.projection = projection;
    this.caseSensitive = caseSensitive;
    this.limit = limit;
    this.group = group;
  }

  @Override
  public String table() {
    return table;
  }

  @Override
  public long snapshotId() {
    return snapshotId;
  }

  @Override
  public List<String> files() {
    List<String> files = new ArrayList<>();
    for (FileScanTask task : group.files()) {
      files.add(task.file().location());
    }
    return Collections.unmodifiableList(files);
  }

  @Override
  public long sizeInBytes() {
    return group.sizeBytes();
  }

  @Override
  public long estimatedRowCount() {
    return group.estimatedRowsCount();
  }

  @Override
  public Schema schema() {
    return projection;
  }

  @Override
  public RowStream rows() {
    return RowStream.of(openRows());
  }

  private CloseableIterable<Row> openRows() {
    return Errors.translate(
        table,
        () ->
            new RowIterable(
                table,
                io,
                tableSchema,
                requested,
                caseSensitive,
                () -> CloseableIterable.withNoopClose(group.files()),
                projection,
                limit,
                nameMapping));
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(io, "io");
  }

  @Override
  public String toString() {
    return "ReadTask{"
        + table
        + ", snapshot "
        + snapshotId
        + ", "
        + group.files().size()
        + " file(s), "
        + sizeInBytes()
        + " bytes}";
  }
}
