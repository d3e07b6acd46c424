package io.floe.impl.read;

import io.floe.ReadTask;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.impl.spi.ScanPlan;
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

/**
 * A planned group of file scan tasks with everything needed to read it elsewhere: the scan's {@link
 * ScanPlan} restricted to the group (file IO, schemas, case sensitivity, limit, name mapping). All
 * parts are Java-serializable Iceberg objects (the same ones Spark ships to its executors).
 */
final class ReadTaskImpl implements ReadTask {
  private static final long serialVersionUID = 1L;

  /** The scan's plan restricted to this group's files. */
  private final ScanPlan plan;

  private final CombinedScanTask group;

  ReadTaskImpl(ScanPlan scan, CombinedScanTask group) {
    this.plan = scan.withTasks(List.copyOf(group.files()));
    this.group = group;
  }

  @Override
  public String table() {
    return plan.tableName();
  }

  @Override
  public long snapshotId() {
    return plan.snapshotId();
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
    return plan.projected();
  }

  @Override
  public RowStream rows() {
    return RowStream.of(openRows());
  }

  private CloseableIterable<Row> openRows() {
    return plan.mask(new RowIterable(plan)); // masks travel with the task, not the receiver
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(plan.io(), "io");
  }

  @Override
  public String toString() {
    return "ReadTask{"
        + plan.tableName()
        + ", snapshot "
        + plan.snapshotId()
        + ", "
        + group.files().size()
        + " file(s), "
        + sizeInBytes()
        + " bytes}";
  }
}
